"""Read back what a rendered map page draws: the payloads of its data scripts.

A site's page loads ``data/places.js``, ``data/claims.js`` and its date's script with
``<script src>``; a standalone page inlines them. Either way each is one
``AM.load(kind, "<packed>")`` call whose payload, once unpacked, follows
:mod:`aleppo_map.pagedata`: the keys read here are checked against that schema, so the
decoder cannot drift from it.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

from aleppo_map.pagedata import ALPHABET, KEYS, unpack

LOAD = re.compile(r'AM\.load\("(\w+)","([A-Za-z0-9+/=]*)"\);')
SRC = re.compile(r'<script src="(\.\./data/[^"?]+)(?:\?v=[0-9a-f]+)?"></script>')


def loads(text: str) -> list[tuple[str, dict]]:
    """Every ``AM.load(kind, payload)`` in a script or page, in order, checked against the schema."""
    out = []
    for m in LOAD.finditer(text):
        kind, payload = m.group(1), unpack(m.group(2))
        assert set(payload) == set(KEYS[kind]), (kind, set(payload) ^ set(KEYS[kind]))
        if kind == "day":
            assert set(payload["known"]) == set(KEYS["known"])
        out.append((kind, payload))
    return out


def unpacked_text(text: str) -> str:
    """A data script with each packed payload written out as its JSON (what the browser reads)."""
    return LOAD.sub(lambda m: f'AM.load("{m.group(1)}",{_inflate(m.group(2))});', text)


def _inflate(packed: str) -> str:
    return zlib.decompress(base64.b64decode(packed)).decode("utf-8")


def scripts_of(path: Path) -> list[str]:
    """The data scripts a site page loads, as paths (in load order)."""
    html = path.read_text(encoding="utf-8")
    return [str((path.parent / src).resolve()) for src in SRC.findall(html)]


def page_data(path: Path) -> dict:
    """What a page draws: ``places``, ``claims``, ``day`` (a dated page) and ``timeline``
    (the timeline page, whose ``days`` are every date script its slider reads), plus ``html``."""
    html = path.read_text(encoding="utf-8")
    data: dict = {"html": html}
    texts = [Path(p).read_text(encoding="utf-8") for p in scripts_of(path)]
    # claims.js is named in the map script's call (read once the map is drawn).
    claims = re.search(r'"claims":"(\.\./data/claims\.js)"', html)
    if claims:
        texts.append((path.parent / claims.group(1)).read_text(encoding="utf-8"))
    for text in [*texts, html]:
        for kind, payload in loads(text):
            data[kind] = payload
    m = re.search(r"AM\.timeline\([^,]+,\{[^}]*\},", html)
    if m:
        timeline, _ = json.JSONDecoder().raw_decode(html[m.end() :])
        assert set(timeline) == set(KEYS["timeline"])
        data["timeline"] = timeline
        data["days"] = {}
        for day in dict.fromkeys(timeline["snapshots"]):
            (kind, payload), *_ = loads((path.parent / timeline["base"] / f"{day}.js").read_text(encoding="utf-8"))
            data["days"][day] = payload
    return data


def state_ids(data: dict) -> list[str]:
    """State code -> state id."""
    return [s["id"] for s in data["places"]["states"]]


def codes(data: dict, day: dict | None = None) -> list[int]:
    """Per place row, its state code on the page's date (or ``day``)."""
    alphabet = data["places"]["alphabet"]
    return [alphabet.index(ch) for ch in (day or data["day"])["state"]]


def varints(text: str, signed: bool = False) -> list[int]:
    """The numbers of a varint string (:class:`aleppo_map.pagedata.Known`)."""
    out, value, shift = [], 0, 0
    for ch in text:
        group = ord(ch) - 63
        value |= (group & 0x1F) << shift
        shift += 5
        if group < 0x20:
            out.append((-(value + 1) // 2 if value % 2 else value // 2) if signed else value)
            value, shift = 0, 0
    return out


def claim_ids(table: dict) -> list[str]:
    """The ids of a ``claims.js`` payload, in table order, from its runs."""
    ids: list[str] = []
    for run in table["ids"]:
        if isinstance(run, str):
            ids.append(run)
        else:
            prefix, width, first, steps = run
            numbers = [first]
            for rise in [0] * (steps - 1) if isinstance(steps, int) else varints(steps):
                numbers.append(numbers[-1] + 1 + rise)
            ids += [f"{prefix}{n:0{width}d}" for n in numbers]
    return ids


def claim_rows(table: dict) -> list[dict]:
    """Every claim of a ``claims.js`` payload, decoded from its columns."""
    ids = claim_ids(table)
    days = [d for d, n in zip(table["days"], table["per_day"], strict=True) for _ in range(n)]
    assert len(ids) == len(days) == table["count"]

    def column(name: str) -> list[int]:
        width, text = table["widths"][name], table[name]
        return [
            sum(ALPHABET.index(ch) * 62 ** (width - 1 - k) for k, ch in enumerate(text[n : n + width]))
            for n in range(0, len(text), width)
        ]

    who, what, link, place = (column(k) for k in ("who", "what", "link", "place"))
    words = table["words"]
    return [
        {
            "id": ids[n],
            "date": days[n],
            "who": words[who[n]],
            "what": words[what[n]],
            "link": words[link[n]],
            "quote": table["quotes"].get(str(n), ""),
            "place": place[n] - 1,
        }
        for n in range(table["count"])
    ]


def own_claims(data: dict, place: int, count: int) -> list[dict]:
    """Place row ``place``'s own claims among the first ``count`` rows of the table."""
    if "_rows" not in data:
        data["_rows"] = claim_rows(data["claims"])
        data["_own"] = {}
        for n, row in enumerate(data["_rows"]):
            data["_own"].setdefault(row["place"], []).append((n, row))
    return [row for n, row in data["_own"].get(place, []) if n < count]


def claim_lines(data: dict, refs: list | str, place: int, count: int, since: str = "") -> list[str]:
    """The claims place row ``place`` cites, as the text lines its popup shows (id first).

    References as :class:`aleppo_map.pagedata.Known` documents them: ``3k`` the place's
    own k-th claim, ``3j + 1`` its j-th from the last of those among the first ``count``
    rows, ``3m + 2`` the m-th of those dated on or after ``since``, ``-1 - row`` a row of
    the table, a string a claim id; a string of them all numbers is varint-coded.
    """
    own_claims(data, place, count)
    rows = data["_rows"]
    by_id = {row["id"]: row for row in rows}
    own = [row for _n, row in data["_own"].get(place, [])]
    dated = own_claims(data, place, count)
    before = sum(1 for row in dated if since and row["date"] < since)
    out = []
    for ref in varints(refs, signed=True) if isinstance(refs, str) else refs:
        if isinstance(ref, str):
            row = by_id[ref]
        else:
            q, kind = divmod(ref, 3)
            row = rows[-1 - ref] if ref < 0 else (own[q], dated[-1 - q], dated[before + q])[kind]
        out.append(" ".join([row["id"], row["date"], row["who"], row["what"], row["quote"], row["link"]]))
    return out


def places(data: dict, day: dict | None = None) -> dict[str, dict]:
    """Place id -> what the page shows of it on its date: state, claims it cites, and
    ``popup``, the text the page's script assembles (the browser tests check the real popup)."""
    p, y = data["places"], day or data["day"]
    labels = state_ids(data)
    code = codes(data, y)
    k = y["known"]
    known = {n: v - 1 for n, v in enumerate(varints(k["at"])) if v}
    since, more = varints(k["since"]), varints(k["more"], signed=True)
    confidence = varints(k["confidence"])
    stale = set(y["stale"])
    out = {}
    for n, pid in enumerate(p["ids"]):
        key = str(n)
        j = known.get(n)
        sup = k["claims"][j] if j is not None else []
        con = (k["against"][j] or []) if j is not None else []
        count = y["claims_count"]
        since_n = y["words"][since[n] - 1] if j is not None and since[n] else ""
        sup_lines, con_lines = claim_lines(data, sup, n, count, since_n), claim_lines(data, con, n, count, since_n)
        before = sum(1 for row in own_claims(data, n, count) if since_n and row["date"] < since_n)
        listed_own = sum(
            1 for r in (varints(sup, signed=True) if isinstance(sup, str) else sup) if isinstance(r, int) and r >= 0
        )
        popup = " ".join(
            [p["names"][n], p["names_ar"][n], labels[code[n]], p["notes"].get(key, "")]
            + (["Claims behind it:", *sup_lines] if sup_lines else [])
            + (["Claims against it:", *con_lines] if con_lines else [])
        )
        out[pid] = {
            "row": n,
            "name": p["names"][n],
            "state": labels[code[n]],
            "kind": p["kinds"][p["kind"][n]],
            "stale": n in stale,
            "radius": p["radius"].get(key),
            "lon": p["lon"][n],
            "lat": p["lat"][n],
            "since": y["words"][since[n] - 1] if j is not None and since[n] else None,
            "confidence": confidence[j] if j is not None else None,
            "more": more[j] + max(len(own_claims(data, n, count)) - before - listed_own, 0) if j is not None else 0,
            "claims": [line.split(" ")[0] for line in sup_lines],
            "against": [line.split(" ")[0] for line in con_lines],
            "popup": popup,
        }
    return out


def event_lines(data: dict, day: dict | None = None) -> list[str]:
    """Each event of the page's date as the line its popup shows: place, type, date, the
    figure as its source gave it, who, quote, id and link (the browser writes the popup)."""
    y, names = day or data["day"], data["places"]["names"]
    words = y["words"]
    return [
        " ".join([names[e[0]], words[e[1]], words[e[2]], words[e[3]], words[e[4]], *e[7:], e[6], words[e[5]]])
        for e in y["events"] or []
    ]
