"""Read back what a rendered map page carries: the data object handed to the map script."""

import json
import re


def page_data(html: str) -> dict:
    """The data object passed to AM.draw / AM.timeline in a rendered page."""
    start = re.search(r"AM\.(draw|timeline)\(", html).end()
    at = html.index('{"states"', start)  # after the map variable and the layer groups
    data, _ = json.JSONDecoder().raw_decode(html[at:])
    return data


def places(data: dict) -> dict[str, dict]:
    """Place id -> its columns as a dict (state label resolved)."""
    c = data["places"]
    labels = [s["id"] for s in data["states"]]
    out = {}
    for n, pid in enumerate(c["i"]):
        out[pid] = {
            "name": c["n"][n],
            "state": labels[c["s"][n]],
            "kind": c["kinds"][c["k"][n]],
            "popup": c["p"].get(str(n), ""),
            "stale": bool(c["t"].get(str(n))),
            "radius": c["x"].get(str(n)),
            "lon": c["lon"][n],
            "lat": c["lat"][n],
        }
    return out
