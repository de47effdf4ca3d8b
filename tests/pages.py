"""Read back what a rendered map page draws: the payloads of its data scripts.

A site's page loads ``data/places.js``, ``data/claims.js`` and its date's script with
``<script src>``; a standalone page inlines them. Either way each is one
``AM.load(kind, payload)`` call whose payload follows :mod:`aleppo_map.pagedata`: the keys
read here are checked against that schema, so the decoder cannot drift from it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from aleppo_map.pagedata import CLAIM_FIELDS, KEYS

LOAD = re.compile(r'AM\.load\("(\w+)",')
SRC = re.compile(r'<script src="(\.\./data/[^"?]+)(?:\?v=[0-9a-f]+)?"></script>')


def loads(text: str) -> list[tuple[str, dict]]:
    """Every ``AM.load(kind, payload)`` in a script or page, in order, checked against the schema."""
    out = []
    for m in LOAD.finditer(text):
        payload, _ = json.JSONDecoder().raw_decode(text[m.end() :])
        kind = m.group(1)
        assert set(payload) == set(KEYS[kind]), (kind, set(payload) ^ set(KEYS[kind]))
        if kind == "day":
            assert set(payload["known"]) == set(KEYS["known"])
        if kind == "claims":
            assert payload["fields"] == list(CLAIM_FIELDS)
        out.append((kind, payload))
    return out


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


def claim_lines(data: dict, refs: list, place: int) -> list[str]:
    """The claims place row ``place`` cites, as the text lines its popup shows (id first).

    References as :class:`aleppo_map.pagedata.Known` documents them: ``k >= 0`` the place's
    own k-th claim, ``-1 - row`` a row of the table, a string a claim id.
    """
    table = data["claims"]
    words = table["words"]
    at = {name: n for n, name in enumerate(table["fields"])}
    by_id = {row[at["id"]]: row for row in table["rows"]}
    own = [row for row in table["rows"] if row[at["place"]] == place]
    out = []
    for ref in refs:
        if isinstance(ref, str):
            row = by_id[ref]
        else:
            row = table["rows"][-1 - ref] if ref < 0 else own[ref]
        pieces = [row[at["id"]], words[row[at["date"]]], words[row[at["who"]]], words[row[at["what"]]]]
        out.append(" ".join([*pieces, row[at["quote"]], words[row[at["link"]]]]))
    return out


def places(data: dict, day: dict | None = None) -> dict[str, dict]:
    """Place id -> what the page shows of it on its date: state, claims it cites, and
    ``popup``, the text the page's script assembles (the browser tests check the real popup)."""
    p, y = data["places"], day or data["day"]
    labels = state_ids(data)
    code = codes(data, y)
    k = y["known"]
    alphabet, width = p["alphabet"], k["width"]
    known = {}
    for n in range(len(p["ids"])):
        value = 0
        for ch in k["at"][n * width : (n + 1) * width]:
            value = value * len(alphabet) + alphabet.index(ch)
        if value:
            known[n] = value - 1
    stale = set(y["stale"])
    out = {}
    for n, pid in enumerate(p["ids"]):
        key = str(n)
        j = known.get(n)
        sup = k["claims"][j] if j is not None else []
        con = (k["against"][j] or []) if j is not None else []
        sup_lines, con_lines = claim_lines(data, sup, n), claim_lines(data, con, n)
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
            "since": y["words"][k["since"][j]] if j is not None and k["since"][j] >= 0 else None,
            "confidence": k["confidence"][j] if j is not None else None,
            "claims": [line.split(" ")[0] for line in sup_lines],
            "against": [line.split(" ")[0] for line in con_lines],
            "popup": popup,
        }
    return out
