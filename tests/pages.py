"""Read back what a rendered map page carries: the data object handed to the map script."""

import json
import re


def page_data(html: str) -> dict:
    """The data object passed to AM.draw / AM.timeline in a rendered page."""
    start = re.search(r"AM\.(draw|timeline)\(", html).end()
    at = html.index('{"states"', start)  # after the map variable and the layer groups
    data, _ = json.JSONDecoder().raw_decode(html[at:])
    return data


def claim_lines(data: dict, refs: list[int]) -> list[str]:
    """The claims a place cites, as the text lines its popup shows (id first)."""
    table = data["claims"]
    words = table["words"]
    out = []
    for j in refs:
        cid, day, who, what, quote, origin, _row = table["rows"][j]
        out.append(" ".join([cid, words[day], words[who], words[what], quote, words[origin]]))
    return out


def places(data: dict) -> dict[str, dict]:
    """Place id -> its columns as a dict, with the state resolved and the claims it cites.

    ``popup`` is the text the page's script assembles from these pieces (the browser tests
    check the real popup); ``claims``/``against`` are the cited claim ids.
    """
    c = data["places"]
    labels = [s["id"] for s in data["states"]]
    known = {}
    if "known" in c and "claims" in data:
        k = c["known"]
        for j, n in enumerate(k["rows"]):
            known[n] = (k["since"][j], k["c"][j], k["sup"][j], k["con"][j] or [])
    out = {}
    for n, pid in enumerate(c["i"]):
        key = str(n)
        since, conf, sup, con = known.get(n, (-1, None, [], []))
        sup_lines, con_lines = (claim_lines(data, sup), claim_lines(data, con)) if known else ([], [])
        popup = " ".join(
            [c["n"][n], c["a"][n], labels[c["s"][n]], c["note"].get(key, "")]
            + (["Claims behind it:", *sup_lines] if sup_lines else [])
            + (["Claims against it:", *con_lines] if con_lines else [])
        )
        out[pid] = {
            "name": c["n"][n],
            "state": labels[c["s"][n]],
            "kind": c["kinds"][c["k"][n]],
            "stale": bool(c["t"].get(key)),
            "radius": c["x"].get(key),
            "lon": c["lon"][n],
            "lat": c["lat"][n],
            "since": data["claims"]["words"][since] if known and since >= 0 else None,
            "confidence": conf,
            "claims": [line.split(" ")[0] for line in sup_lines],
            "against": [line.split(" ")[0] for line in con_lines],
            "popup": popup,
        }
    return out
