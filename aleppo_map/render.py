"""Render snapshots and the timeline as static folium pages.

Design (see ../shared/TRAPS.md for why):

- one GeoJSON layer per kind of thing (places, changes, events, polygons, areas), drawn by
  a small script of ours (``templates/statemap.js``) on a canvas renderer, with styles
  computed in the browser from a state code: no folium object per place;
- every string from data passes :func:`aleppo_map.escape.text` before it enters a page;
- element ids come from a counter, features are sorted and coordinates rounded, and no
  build time is written, so the same inputs give the same bytes;
- no CDN: Leaflet comes from the ``xstatic-leaflet`` package, linked relatively or inlined.
"""

from __future__ import annotations

import contextlib
import html
import itertools
from importlib import resources
from pathlib import Path

import branca.element
import folium
import numpy as np
import pandas as pd

from . import escape, names
from .snapshot import MapModel, Snapshot
from .states import CONTESTED, DISPUTED, UNKNOWN

__all__ = ["deterministic_ids", "leaflet_dir", "render_snapshot", "render_timeline", "state_styles"]

SPECIAL = {
    CONTESTED: ("Contested (fighting inside or partial control)", "#8e6bb0", "contested"),
    DISPUTED: ("Disputed (claimants contradict each other)", "#ffffff", "disputed"),
    UNKNOWN: ("Unknown (no claim)", "#b8b8b8", "unknown"),
}
PRECISION = {1: "exact", 2: "approximate", 3: "centroid of a region"}
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def leaflet_dir() -> Path:
    """Leaflet's files, from the xstatic-leaflet package (never copied into the repo)."""
    import xstatic.pkg.leaflet as xs

    return Path(xs.BASE_DIR)


def _template(name: str) -> str:
    return resources.files("aleppo_map").joinpath("templates", name).read_text(encoding="utf-8")


@contextlib.contextmanager
def deterministic_ids():
    """Give branca elements ids from a counter instead of os.urandom, for byte-identical pages."""
    counter = itertools.count(1)
    original = branca.element.Element.__dict__["_generate_id"]
    branca.element.Element._generate_id = classmethod(lambda cls: f"{next(counter):08x}")
    try:
        yield
    finally:
        branca.element.Element._generate_id = original


def state_styles(sides: pd.DataFrame) -> tuple[list[dict], dict[str, int]]:
    """The drawable states (the sides, then contested, disputed, unknown) and their codes."""
    table = [
        {"id": escape.text(r.id), "label": escape.text(r.label), "colour": r.colour, "kind": "side"}
        for r in sides.itertuples()
    ]
    for sid, (label, colour, kind) in SPECIAL.items():
        table.append({"id": sid, "label": label, "colour": colour, "kind": kind})
    return table, {s: i for i, s in enumerate([*sides["id"], *SPECIAL])}


def _round(x: float) -> float:
    return round(float(x), 5)


def _figure(row) -> str:
    low, best, high = (row.get(k) or "" for k in ("low", "best", "high"))
    if best and not low and not high:
        n = best
    elif low and high:
        n = f"{low}\u2013{high}" + (f" (best {best})" if best else "")
    elif low:
        n = f"at least {low}" + (f" (best {best})" if best and best != low else "")
    elif high:
        n = f"up to {high}"
    else:
        n = best
    return f"{n} {row.get('group') or ''}".strip()


class _Text:
    """Escaped labels for sources, sides and places, shared by every popup of a build."""

    def __init__(self, model: MapModel):
        ds = model.dataset
        self.source = dict(zip(ds.sources["id"], ds.sources["name"], strict=True))
        self.url = dict(zip(ds.sources["id"], ds.sources["url"].fillna(""), strict=True))
        self.side = dict(zip(ds.sides["id"], ds.sides["label"], strict=True)) | {k: v[0] for k, v in SPECIAL.items()}
        self.place = dict(zip(ds.places["id"], ds.places["name"], strict=True))
        own = model.resolver.claims
        needed = [
            "claim_id",
            "place_id",
            "side",
            "action",
            "stance",
            "about_date",
            "outlet",
            "claimant",
            "quote",
            "origin",
            "status",
        ]
        self._frame = own.loc[own["inherited_from"] == "", needed].drop_duplicates("claim_id").set_index("claim_id")
        # Who denied or retracted each claim (with hindsight: the denial may be dated later).
        denials = own.loc[(own["disputed_by"] != "") | (own["retracted_by"] != "")]
        self.denied_by: dict[str, set[str]] = {}
        for cid, by in itertools.chain(
            zip(denials["claim_id"], denials["disputed_by"], strict=True),
            zip(denials["claim_id"], denials["retracted_by"], strict=True),
        ):
            if by:
                self.denied_by.setdefault(cid, set()).add(by)
        self.day = dict(zip(own["claim_id"], own["about_date"], strict=False))
        self.claims: dict[str, dict] = {}
        self._pieces: dict[str, tuple] = {}
        self._strings: dict = {}

    @classmethod
    def of(cls, model: MapModel) -> _Text:
        """One per model: the claims table is indexed once for every page of a build."""
        text = getattr(model, "_render_text", None)
        if text is None:
            text = model._render_text = cls(model)
        return text

    def fetch(self, ids) -> None:
        """Load the claims ``ids`` (those a page cites) into ``self.claims``."""
        missing = [i for i in dict.fromkeys(ids) if i and i not in self.claims]
        if missing:
            at = self._frame.index.get_indexer(missing)
            rows = self._frame.iloc[at[at >= 0]].reset_index().rename(columns={"claim_id": "id"})
            self.claims.update({r["id"]: r for r in rows.to_dict("records")})

    def origin(self, origin: str, outlet: str = "") -> str:
        """A link to where a claim was read: the report itself when its origin is a URL, else
        the outlet's site from ``sources.csv``. A local file name is never shown: it means
        nothing to a reader (the claim id leads to it through ``aleppo-map explain``)."""
        link = escape.href(origin)
        if link:
            return f'<a href="{link}" target="_blank" rel="noopener noreferrer">report</a>'
        site = escape.href(self.url.get(outlet, ""))
        if site:
            name = escape.text(self.source.get(outlet, outlet))
            return f'<a href="{site}" target="_blank" rel="noopener noreferrer">{name}</a>'
        return ""

    def who(self, outlet: str, claimant: str) -> str:
        outlet_name = escape.text(self.source.get(outlet, outlet))
        if claimant and claimant != outlet:
            return f"{escape.text(self.source.get(claimant, claimant))} via {outlet_name}"
        return outlet_name

    def what(self, c: dict) -> str:
        stance = "denies: " if c["stance"] == "denied" else ""
        if c.get("status"):
            stance = f"[{escape.text(c['status']).upper()}, NOT REVIEWED] " + stance
        return f"{stance}{escape.text(self.side.get(c['side'], c['side']))} {escape.text(c['action'])}"

    def pieces(self, cid: str) -> tuple:
        """A claim as escaped pieces (id, date, who, what, quote, source, place id), made once a build."""
        found = self._pieces.get(cid)
        if found is None:
            c = self.claims[cid]
            found = self._pieces[cid] = (
                escape.text(cid),
                self._memo(("d", c["about_date"]), lambda: escape.text(c["about_date"])),
                self._memo(("w", c["outlet"], c["claimant"]), lambda: self.who(c["outlet"], c["claimant"])),
                self._memo(("a", c["stance"], c["side"], c["action"], c.get("status", "")), lambda: self.what(c)),
                escape.text(c["quote"]),
                self._memo(("o", c["origin"], c["outlet"]), lambda: self.origin(c["origin"], c["outlet"])),
                c["place_id"],
            )
        return found

    def _memo(self, key, make):
        value = self._strings.get(key)
        if value is None:
            value = self._strings[key] = make()
        return value

    def claim_text(self, cid: str) -> str:
        """A claim as one escaped line: what the popups show for it."""
        c = self.claims[cid]
        quote = f" <q>{escape.text(c['quote'])}</q>" if c["quote"] else ""
        return f"{escape.text(c['about_date'])} \u00b7 {self.who(c['outlet'], c['claimant'])}: {self.what(c)}{quote} [{escape.text(cid)}] {self.origin(c['origin'], c['outlet'])}"


class _Words:
    """A table of repeated strings (dates, sources, links), so a page sends each once."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.words: list[str] = []

    def __call__(self, value: str) -> int:
        if value not in self.index:
            self.index[value] = len(self.words)
            self.words.append(value)
        return self.index[value]


class _ClaimRows:
    """The claims a page cites, each sent once as escaped pieces: [id, date, who, what,
    quote, link, place row], the repeated strings through a :class:`_Words` table."""

    def __init__(self, text: _Text | None, row_of: dict[str, int]):
        self.text, self.row_of = text, row_of
        self.words = _Words()
        self.claims: dict = {"rows": [], "words": self.words.words}
        self.index: dict[str, int] = {}

    def refs(self, ids: str) -> list[int]:
        """Row numbers in ``claims`` of the ``;``-separated claim ids (loaded with ``text.fetch``)."""
        out = []
        words = self.words
        for cid in filter(None, ids.split(";")):
            if cid not in self.index:
                eid, day, who, what, quote, origin, place = self.text.pieces(cid)
                self.index[cid] = len(self.claims["rows"])
                self.claims["rows"].append(
                    [eid, words(day), words(who), words(what), quote, words(origin), self.row_of.get(place, -1)]
                )
            out.append(self.index[cid])
        return out


def _history(model: MapModel, cols: dict, active: list[str], text: _Text) -> tuple[list[list[int]], dict]:
    """For the timeline: every claim about each place that ever has a state, by date.

    The slider's popups list those dated on or before the day shown, with their links,
    so the timeline cites the same sources as the dated maps.
    """
    c = model.resolver.claims
    c = c[c["place_id"].isin(active)].sort_values(["about_date", "claim_id"])
    by_place = c.groupby("place_id", sort=False)["claim_id"].agg(lambda ids: ";".join(dict.fromkeys(ids)))
    text.fetch(";".join(by_place).split(";"))
    table = _ClaimRows(text, {pid: n for n, pid in enumerate(cols["i"])})
    return [table.refs(by_place.get(pid, "")) for pid in active], table.claims


def _point(lon, lat) -> dict:
    return {"type": "Point", "coordinates": [_round(lon), _round(lat)]}


def _places(
    states,
    codes,
    text: _Text | None,
    notes: dict[str, str],
    was: dict[str, str] | None = None,
    day: str | None = None,
) -> tuple[dict, dict]:
    """All places as one layer, sent in columns and expanded to GeoJSON in the browser.

    Columns keep a page of 10,000 places near the size of its compact GeoJSON: sparse
    properties are maps from row number to value, the state details of places with claims
    are columns of their own (``known``), and popups are assembled in the browser from
    escaped pieces, each claim and each repeated string (dates, sources, links) sent once.
    A state counts every claim that made it, whatever its date: a denial dated after ``day``
    that makes an earlier claim disputed is listed against the state (the page marks it
    "reported later"), so no colour rests on a claim the popup does not show.
    Returns the place columns and the claims table they cite.
    """
    order = np.lexsort((states["place_id"].to_numpy(), (states["state"] != UNKNOWN).to_numpy()))
    rows = states.iloc[order]
    kinds = sorted(set(rows["kind"]))
    kind_code = {k: i for i, k in enumerate(kinds)}
    cols: dict = {
        "i": rows["place_id"].tolist(),
        "n": [escape.text(v) for v in rows["name"]],
        "a": [escape.text(v) for v in rows["name_ar"]],
        "k": [kind_code[k] for k in rows["kind"]],
        "kinds": kinds,
        "s": [codes[v] for v in rows["state"]],
        "lon": [_round(v) for v in rows["lon"]],
        "lat": [_round(v) for v in rows["lat"]],
        **{key: {} for key in ("t", "x", "q", "note", "was")},
    }
    known: dict = {"rows": [], "since": [], "c": [], "sup": [], "con": [], "more": {}}
    row_of = {pid: n for n, pid in enumerate(cols["i"])}
    table = _ClaimRows(text, row_of)
    words, claims, refs = table.words, table.claims, table.refs
    against = rows["contradicting"].tolist()
    if text is not None and day is not None:
        for n, (sup, con) in enumerate(zip(rows["claims"], against, strict=True)):
            listed = set(filter(None, con.split(";")))
            later = sorted(
                {d for cid in filter(None, sup.split(";")) for d in text.denied_by.get(cid, ())} - listed,
                key=lambda d: (text.day.get(d, ""), d),
            )
            later = [d for d in later if text.day.get(d, "") > day]
            if later:
                against[n] = ";".join(filter(None, [con, *later]))
    if text is not None:
        text.fetch(";".join([*rows["claims"], *against]).split(";"))

    for n, row in enumerate(rows.to_dict("records")):
        row["contradicting"] = against[n]
        if row["stale"]:
            cols["t"][n] = 1
        if row["approximate"] and pd.notna(row["radius_m"]):
            cols["x"][n] = int(row["radius_m"])
            if notes.get(row["place_id"]):
                cols["note"][n] = escape.text(notes[row["place_id"]])
        if row["precision"] != 1:
            cols["q"][n] = int(row["precision"])
        if was and row["place_id"] in was:
            cols["was"][n] = codes[was[row["place_id"]]]
        if text is None or (row["state"] == UNKNOWN and not row["contradicting"]):
            continue
        known["rows"].append(n)
        known["since"].append(words(row["since"]) if row["since"] else -1)
        known["c"].append(round(float(row["confidence"]) * 100))
        known["sup"].append(refs(row["claims"]))
        known["con"].append(refs(row["contradicting"]) if row["contradicting"] else 0)
        hidden = (
            int(row.get("n_claims", 0))
            - len(known["sup"][-1])
            + int(row.get("n_contradicting", 0))
            - len(known["con"][-1] or [])
        )
        if hidden > 0:
            known["more"][len(known["rows"]) - 1] = hidden
    cols["known"] = known
    return cols, claims


# The zoom from which a place's name is written on the map, by kind; regions' centroids
# (governorate, district, subdistrict) get none: their outlines are drawn instead.
LABEL_ZOOM = {"city": 6, "town": 9, "airport": 9, "airbase": 9, "village": 11, "neighbourhood": 13, "landmark": 14}
MAX_LABELLED = 4000


def _label_order(cols: dict, places: pd.DataFrame) -> dict:
    """Which places get a written name, most important first (kind, then population).

    With no tiles (the default) the map has no names of its own; the script writes these,
    in this order, as many as fit without overlapping at the current zoom. The list is
    capped so a page of 11,000 places stays light.
    """
    population = pd.to_numeric(places.set_index("id")["population"], errors="coerce").fillna(0)
    rank = {k: i for i, k in enumerate(LABEL_ZOOM)}
    kinds = cols["kinds"]
    rows = [n for n, k in enumerate(cols["k"]) if kinds[k] in LABEL_ZOOM]
    rows.sort(key=lambda n: (rank[kinds[cols["k"][n]]], -float(population.get(cols["i"][n], 0)), cols["i"][n]))
    return {"rows": rows[:MAX_LABELLED], "zoom": {k: LABEL_ZOOM[k] for k in kinds if k in LABEL_ZOOM}}


MAX_ALIASED = 2000


def _aliases(cols: dict, aliases: pd.DataFrame, labels: dict) -> dict[int, list[str]]:
    """Other spellings for the search box, for the places a reader is likeliest to look for.

    Only the places with a reported state (the ``known`` rows) or a written name, at most
    :data:`MAX_ALIASED` of them, and only spellings whose :func:`names.fold` key differs from
    the name's (the box already folds spellings): all 55,000 aliases would double the page.
    """
    rows = list(dict.fromkeys([*cols.get("known", {}).get("rows", []), *labels["rows"]]))[:MAX_ALIASED]
    row_of = {cols["i"][n]: n for n in rows}
    if aliases.empty or not row_of:
        return {}
    wanted = aliases[aliases["place_id"].isin(row_of.keys())]
    out: dict[int, list[str]] = {}
    seen: dict[int, set[str]] = {}
    for pid, alias in zip(wanted["place_id"], wanted["alias"], strict=True):
        n = row_of[pid]
        keys = seen.setdefault(n, {names.fold(html.unescape(cols["n"][n])), names.fold(html.unescape(cols["a"][n]))})
        key = names.fold(alias)
        if key and key not in keys:
            keys.add(key)
            out.setdefault(n, []).append(escape.text(alias))
    return dict(sorted(out.items()))


def _geometry(geom, digits: int = 5) -> dict:
    import shapely

    return shapely.geometry.mapping(shapely.set_precision(geom, 10**-digits))


def _polygons(model: MapModel, states, codes) -> dict | None:
    """Place polygons coloured by state; their popups are the places' own (by id)."""
    polys = model.polygons
    if polys is None or polys.empty:
        return None
    by_id = states.set_index("place_id")
    features = []
    for r in polys.sort_values(["layer", "place_id"]).itertuples():
        row = by_id.loc[r.place_id]
        props = {"i": r.place_id, "n": escape.text(row["name"]), "k": row["kind"], "s": codes[row["state"]]}
        if row["name_ar"]:
            props["a"] = escape.text(row["name_ar"])
        if row["stale"]:
            props["t"] = 1
        features.append({"type": "Feature", "geometry": _geometry(r.geometry), "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _events(snapshot: Snapshot, model: MapModel, text: _Text) -> dict | None:
    e = snapshot.events
    if e.empty:
        return None
    g = model.resolver.gazetteer
    features = []
    for (pid, etype), rows in e.sort_values(["place_id", "type", "date", "id"]).groupby(
        ["place_id", "type"], sort=True
    ):
        i = g.index[pid]
        items = []
        for row in rows.to_dict("records"):
            figure = f" \u00b7 {escape.text(row['figure'])}: {escape.text(_figure(row))}" if row["figure"] else ""
            quote = f" <q>{escape.text(row['quote'])}</q>" if row["quote"] else ""
            items.append(
                f"<li>{escape.text(row['date'])}{figure} \u00b7 {text.who(row['outlet'], row['claimant'])}{quote}"
                f' <span class="meta">[{escape.text(row["id"])}] {text.origin(row["origin"], row["outlet"])}</span></li>'
            )
        popup = (
            f'<div class="am-popup"><h3>{escape.text(text.place.get(pid, pid))}: {escape.text(etype)}</h3>'
            f'<div class="meta">Figures as each source reported them; never added up across sources.</div>'
            f"<ul>{''.join(items)}</ul></div>"
        )
        features.append(
            {"type": "Feature", "geometry": _point(g.lon[i], g.lat[i]), "properties": {"y": etype, "p": popup}}
        )
    return {"type": "FeatureCollection", "features": features}


def _areas(snapshot: Snapshot, codes, text: _Text) -> dict | None:
    if snapshot.areas.empty:
        return None
    features = []
    for r in snapshot.areas.itertuples():
        label = escape.text(text.side.get(r.state, r.state))
        popup = (
            f'<div class="am-popup"><b>Estimated area: {label}</b><br>{r.area_km2:,.1f} km\u00b2'
            '<div class="meta">An estimate: the ground nearest to each place held by its side '
            "(Voronoi cells of the place points, clipped to the country). Not a front line.</div></div>"
        )
        features.append(
            {"type": "Feature", "geometry": _geometry(r.geometry, 3), "properties": {"s": codes[r.state], "p": popup}}
        )
    return {"type": "FeatureCollection", "features": features}


def _changes(snapshot: Snapshot, model: MapModel, text: _Text) -> dict | None:
    if snapshot.changes.empty:
        return None
    g = model.resolver.gazetteer
    features = []
    for r in snapshot.changes.sort_values("place_id").itertuples():
        i = g.index[r.place_id]
        popup = (
            f'<div class="am-popup"><b>{escape.text(r.name)}</b><br>changed: '
            f"{escape.text(text.side.get(r.old_state, r.old_state))} \u2192 {escape.text(text.side.get(r.new_state, r.new_state))}</div>"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": _point(g.lon[i], g.lat[i]),
                "properties": {"k": g.kind_of(i), "p": popup},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _country(model: MapModel) -> dict | None:
    if model.country is None:
        return None
    return {"type": "Feature", "geometry": _geometry(model.country, 4), "properties": {}}


def attribution(model: MapModel) -> str:
    """The dataset's attribution block (``ATTRIBUTION.txt`` in the data folder), or ''."""
    path = model.dataset.root / "ATTRIBUTION.txt"
    return path.read_text(encoding="utf-8-sig").strip() if path.exists() else ""


LAYERS = (
    ("base", "Country outline", True),
    ("polygons", "Neighbourhoods and governorates by state", True),
    ("areas", "Estimated zones of control (an estimate, not front lines)", True),
    ("places", "Places by state", True),
    ("approx", "Approximate locations (uncertainty radius)", True),
    ("changes", "Changes since the previous map (rings)", True),
    ("events", "Events", True),
)


def _page(
    model: MapModel, title: str, description: str, assets: str | None, tiles: str | None, layers=LAYERS
) -> tuple[folium.Map, dict]:
    g = model.resolver.gazetteer
    m = folium.Map(
        location=[_round(g.lat.mean()), _round(g.lon.mean())],
        zoom_start=7,
        tiles=None,
        prefer_canvas=True,
        max_zoom=18,
        control_scale=True,
        zoom_control=True,
    )
    # Instance lists: the class-level ones would change every later Map (TRAPS.md).
    m.default_js, m.default_css = [], []
    header = m.get_root().header
    header.add_child(branca.element.Element(f"<title>{escape.text(title)}</title>"), name="am_title")
    header.add_child(
        branca.element.Element(
            f'<meta name="description" content="{escape.text(description)}">'
            f'<meta property="og:title" content="{escape.text(title)}">'
            f'<meta property="og:description" content="{escape.text(description)}">'
            '<meta property="og:type" content="website">'
        ),
        name="am_meta",
    )
    if assets is None:
        ldir = leaflet_dir()
        header.add_child(branca.element.Element(f"<style>{(ldir / 'leaflet.css').read_text()}</style>"), name="am_lcss")
        header.add_child(branca.element.Element(f"<script>{(ldir / 'leaflet.js').read_text()}</script>"), name="am_ljs")
    else:
        m.default_css = [("leaflet_css", f"{assets}/leaflet/leaflet.css")]
        m.default_js = [("leaflet", f"{assets}/leaflet/leaflet.js")]
    header.add_child(branca.element.Element(f"<style>{_template('statemap.css')}</style>"), name="am_css")
    header.add_child(branca.element.Element(f"<script>{_template('statemap.js')}</script>"), name="am_js")
    if tiles == "osm":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles", max_zoom=18).add_to(m)
    groups = {}
    for key, name, show in layers:
        groups[key] = folium.FeatureGroup(name=escape.text(name), show=show, control=key != "base").add_to(m)
    return m, groups


class StateLayers(branca.element.MacroElement):
    """Hands the page's data to ``templates/statemap.js``; rendered after the map and its groups."""

    _template = branca.element.Template(
        "{% macro script(this, kwargs) %}AM.{{ this.call }}({{ this._parent.get_name() }},"
        "{ {{ this.groups }} },{{ this.data }});{% endmacro %}"
    )

    def __init__(self, groups: dict, data: dict, call: str):
        super().__init__()
        self._name = "StateLayers"
        self.call = call
        self.groups = ",".join(f'"{k}":{g.get_name()}' for k, g in groups.items())
        self.data = escape.script_json(data)


def _script(m: folium.Map, groups: dict, data: dict, call: str) -> None:
    m.add_child(StateLayers(groups, data, call), name="am_layers")


def _legend(states: list[dict], extra: str, attribution_text: str) -> str:
    rows = []
    for s in states:
        cls = "" if s["kind"] == "side" else s["kind"]
        rows.append(f'<div><span class="sw {cls}" style="background:{s["colour"]}"></span>{s["label"]}</div>')
    rows += [
        '<div><span class="sw stale" style="background:#777"></span>Stale: no confirmation for a long time</div>',
        '<div><span class="sw approx"></span>Approximate location (dashed ring: uncertainty)</div>',
        '<div><span class="sw ring"></span>Changed since the previous map</div>',
        extra,
        '<div class="note">Shaded zones are an <b>estimate</b> from the states of the place points '
        "(the ground nearest to each place, given to its holder), not front lines: see the sources page.</div>",
        f'<div class="am-attribution">{escape.text(attribution_text)}</div>',
    ]
    return (
        '<div class="am-panel am-legend"><details open><summary><b>Legend</b></summary>'
        + "".join(rows)
        + "</details></div>"
    )


def _nav(links: list[tuple[str, str]]) -> str:
    return "<nav>" + "".join(f'<a href="{escape.text(h)}">{escape.text(t)}</a>' for t, h in links) + "</nav>"


def render_snapshot(
    model: MapModel, snapshot: Snapshot, assets: str | None = "../assets", tiles: str | None = None
) -> str:
    """The HTML of one dated map. ``assets`` is the relative URL of the assets folder, or
    None to inline Leaflet into a self-contained page."""
    text = _Text.of(model)
    states, codes = state_styles(model.dataset.sides)
    notes = dict(zip(model.dataset.places["id"], model.dataset.places["note"], strict=True))
    label = snapshot.label
    title = f"Territorial control on {label}"
    known = snapshot.states[snapshot.states["state"] != UNKNOWN]
    description = f"Who held what on {label}: {len(known)} places with a reported state, each citing its sources."
    with deterministic_ids():
        m, groups = _page(model, title, description, assets, tiles)
        was = dict(zip(snapshot.changes["place_id"], snapshot.changes["old_state"], strict=True))
        places, claims = _places(snapshot.states, codes, text, notes, was, snapshot.date.strftime("%Y-%m-%d"))
        labels = _label_order(places, model.dataset.places)
        data = {
            "states": states,
            "labels": labels,
            "aliases": _aliases(places, model.dataset.aliases, labels),
            "date": snapshot.date.strftime("%Y-%m-%d"),
            "country": _country(model),
            "polygons": _polygons(model, snapshot.states, codes),
            "areas": _areas(snapshot, codes, text),
            "places": places,
            "claims": claims,
            "changes": _changes(snapshot, model, text),
            "previous": snapshot.previous.strftime("%Y-%m-%d") if snapshot.previous is not None else None,
            "events": _events(snapshot, model, text),
        }
        if not known.empty:
            # Fitted by the script, without animation, unless the URL asks for a view.
            data["bounds"] = [
                [_round(known["lat"].min()), _round(known["lon"].min())],
                [_round(known["lat"].max()), _round(known["lon"].max())],
            ]
        _script(m, groups, data, "draw")
        links = []
        if snapshot.previous is not None:
            links.append((f"\u2190 {snapshot.previous:%Y-%m-%d}", f"{snapshot.previous:%Y-%m-%d}.html"))
        links += [("latest", "latest.html"), ("timeline", "timeline.html")]
        if snapshot.next is not None:
            links.append((f"{snapshot.next:%Y-%m-%d} \u2192", f"{snapshot.next:%Y-%m-%d}.html"))
        counts = known["state"].value_counts()
        summary = ", ".join(f"{escape.text(text.side.get(k, k))}: {v}" for k, v in sorted(counts.items()))
        body = m.get_root().html
        body.add_child(
            branca.element.Element(
                f'<div class="am-panel am-title"><h1>{escape.text(title)}</h1>{_nav(links)}'
                f'<div class="meta">{summary}</div></div>'
            ),
            name="am_title_panel",
        )
        changes = snapshot.changes.sort_values(["name", "place_id"])
        if snapshot.previous is not None:
            items = "".join(
                f"<li>{escape.text(r.name)}: {escape.text(text.side.get(r.old_state, r.old_state))} \u2192 "
                f"{escape.text(text.side.get(r.new_state, r.new_state))}</li>"
                for r in changes.itertuples()
            )
            body.add_child(
                branca.element.Element(
                    f'<div class="am-panel am-changes"><details {"open" if len(changes) <= 12 else ""}>'
                    f"<summary><b>{len(changes)} change(s) since {snapshot.previous:%Y-%m-%d}</b></summary>"
                    f"<ul>{items or '<li>none</li>'}</ul></details></div>"
                ),
                name="am_changes_panel",
            )
        events_note = "<div>Event symbols: \u2708 airstrike, \u2739 shelling, \u2738 suicide bombing, \u2622 car bomb, \u2694 clashes, \u21e2 displacement, \u2691 equipment seized, \u26a0 attack, \u271a casualties</div>"
        body.add_child(branca.element.Element(_legend(states, events_note, attribution(model))), name="am_legend")
        folium.LayerControl(collapsed=False).add_to(m)
        return m.get_root().render()


def render_timeline(model: MapModel, assets: str | None = "../assets", tiles: str | None = None) -> str:
    """One page with a date slider and a play button over every day between the first and last map."""
    states, codes = state_styles(model.dataset.sides)
    resolver = model.resolver
    if model.dates:
        days = pd.date_range(model.dates[0], model.dates[-1], freq="D")
    else:
        days = pd.DatetimeIndex([])
    tl = resolver.timeline(days) if len(days) else pd.DataFrame(columns=["date", "place_id", "state"])
    active = sorted(set(tl.loc[tl["state"] != UNKNOWN, "place_id"])) if len(tl) else []
    tl = tl[tl["place_id"].isin(active)]
    frames = []
    for day in days:
        day_states = tl[tl["date"] == day].set_index("place_id")["state"].reindex(active).fillna(UNKNOWN)
        frames.append("".join(ALPHABET[codes[s]] for s in day_states))
    snap_dates = [d.strftime("%Y-%m-%d") for d in model.dates]
    snapshots = []
    for day in days:
        earlier = [s for s in snap_dates if s <= day.strftime("%Y-%m-%d")]
        snapshots.append(earlier[-1] if earlier else None)
    last = resolver.states(days[-1]) if len(days) else resolver.states(pd.Timestamp.today())
    with deterministic_ids():
        title = "Territorial control over time"
        span = f"{snap_dates[0]} to {snap_dates[-1]}" if snap_dates else "no dates"
        layers = [entry for entry in LAYERS if entry[0] in ("base", "polygons", "places", "approx")]
        m, groups = _page(model, title, f"Who held what, day by day, {span}.", assets, tiles, layers)
        places = _places(last, codes, None, {})[0]
        labels = _label_order(places, model.dataset.places)
        history, claims = _history(model, places, active, _Text.of(model))
        data = {
            "states": states,
            "country": _country(model),
            "polygons": _polygons(model, last, codes),
            "places": places,
            "labels": labels,
            "aliases": _aliases(places, model.dataset.aliases, labels),
            "claims": claims,
            "history": history,
            "dates": [d.strftime("%Y-%m-%d") for d in days],
            "frames": frames,
            "active": active,
            "alphabet": ALPHABET,
            "unknown": codes[UNKNOWN],
            "snapshots": snapshots,
        }
        _script(m, groups, data, "timeline")
        body = m.get_root().html
        body.add_child(
            branca.element.Element(
                f'<div class="am-panel am-title"><h1>{escape.text(title)}</h1>'
                f"{_nav([('latest', 'latest.html')])}</div>"
                '<div class="am-panel am-timeline"><button id="am-play" type="button">\u25b6 play</button> '
                '<input id="am-slider" type="range" min="0" max="0" value="0" step="1" aria-label="date"> '
                '<b id="am-date"></b><br><a id="am-snapshot" href="latest.html">snapshot</a></div>'
            ),
            name="am_title_panel",
        )
        body.add_child(branca.element.Element(_legend(states, "", attribution(model))), name="am_legend")
        folium.LayerControl(collapsed=False).add_to(m)
        return m.get_root().render()
