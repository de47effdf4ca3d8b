"""Render snapshots and the timeline as static folium pages.

Design (docs/maps.md says why; folium's per-marker objects and its CDN defaults are what
it avoids):

- one GeoJSON layer per kind of thing (places, changes, events, polygons, areas), drawn by
  a small script of ours (``templates/statemap.js``) on a canvas renderer, with styles
  computed in the browser from a state code: no folium object per place;
- the data a page draws is built by :mod:`aleppo_map.pagedata` (its one documented schema):
  in a site, what every page shares (places, claims, the map script) is sent once as
  static scripts under ``data/`` and ``assets/``, and a dated page loads only its date's
  script; a standalone page (``assets=None``) inlines all of it;
- every string from data passes :func:`aleppo_map.escape.text` before it enters a page;
- element ids come from a counter, features are sorted and coordinates rounded, and no
  build time is written, so the same inputs give the same bytes;
- no CDN: Leaflet comes from the ``xstatic-leaflet`` package, linked relatively or inlined.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import weakref
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import branca.element
import folium

from . import escape, pagedata
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN
from .styles import event_note

__all__ = [
    "SCRIPTS",
    "attribution",
    "deterministic_ids",
    "leaflet_dir",
    "render_date",
    "render_snapshot",
    "render_timeline",
    "site_scripts",
]

DATA = "../data"  # where a site's pages find the data scripts, relative to maps/


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


def _round(x: float) -> float:
    return round(float(x), 5)


def _version(text: str) -> str:
    """A short content hash, for ``?v=`` on a script a browser may have cached."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class _Shared:
    """The scripts every page of a model shares, made once per model."""

    def __init__(self, model: MapModel):
        self._model = model

    @functools.cached_property
    def places(self) -> str:
        """The places table, made on first use (a corrected quote needs only the claims)."""
        return pagedata.script("places", pagedata.places_data(self._model))

    @functools.cached_property
    def claims(self) -> str:
        """The claims table, made on first use (a dated page of a site only links to it)."""
        return pagedata.script("claims", pagedata.claims_data(self._model))

    @classmethod
    def of(cls, model: MapModel) -> _Shared:
        shared = _SHARED.get(model)
        if shared is None:
            shared = _SHARED[model] = cls(model)
        return shared


# The shared scripts of each model, held here (not on the model) and dropped with it.
_SHARED: weakref.WeakKeyDictionary[MapModel, _Shared] = weakref.WeakKeyDictionary()


SCRIPTS = ("data/places.js", "data/claims.js", "assets/statemap.js", "assets/statemap.css")


def site_scripts(model: MapModel, paths: Iterable[str] = SCRIPTS) -> dict[str, str]:
    """The static scripts a site's map pages share, by path in the site: the places and
    the claims (``data/``), and the map script and its styles (``assets/``).

    Only ``paths`` are made (a rebuild makes only the stale ones: the claims table of a
    million claims takes seconds).
    """
    shared = _Shared.of(model)
    make = {
        "data/places.js": lambda: shared.places,
        "data/claims.js": lambda: shared.claims,
        "assets/statemap.js": lambda: _template("statemap.js"),
        "assets/statemap.css": lambda: _template("statemap.css"),
    }
    return {rel: make[rel]() for rel in paths}


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
    model: MapModel,
    title: str,
    description: str,
    assets: str | None,
    tiles: str | None,
    data: list[str],
    layers=LAYERS,
    inline: bool = False,
) -> tuple[folium.Map, dict]:
    """A folium map with our script and its data in the head, and one group per layer.

    ``data`` lists the page's data scripts: their text when ``inline`` (a standalone
    page, which also inlines the map script), else their relative URLs, loaded in order
    before the map runs. Leaflet is inlined when ``assets`` is None.
    """
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
    # Fresh lists on the instance: assigning into folium's class-level defaults would change
    # every Map made afterwards in the same process.
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
    if inline:
        header.add_child(branca.element.Element(f"<style>{_template('statemap.css')}</style>"), name="am_css")
        header.add_child(branca.element.Element(f"<script>{_template('statemap.js')}</script>"), name="am_js")
        # branca compiles an element's text as a Jinja template: the data go in raw (no
        # payload holds "{% endraw": escaped text has no "{", encoded rings no space).
        loads = "".join(f"<script>{{% raw %}}{text}{{% endraw %}}</script>" for text in data)
    else:
        css, js = _template("statemap.css"), _template("statemap.js")
        header.add_child(
            branca.element.Element(
                f'<link rel="stylesheet" href="{assets}/statemap.css?v={_version(css)}">'
                f'<script src="{assets}/statemap.js?v={_version(js)}"></script>'
            ),
            name="am_js",
        )
        loads = "".join(f'<script src="{escape.text(url)}"></script>' for url in data)
    header.add_child(branca.element.Element(loads), name="am_data")
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
        self.data = escape.script_json(data)  # which date(s) to draw: the data came in the head


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


def _snapshot_page(
    model: MapModel,
    snapshot: Snapshot,
    assets: str | None,
    tiles: str | None,
    data: list[str],
    inline: bool,
    claims: str | None = None,
) -> str:
    """The HTML of one dated map whose data come from ``data`` (see :func:`_page`).

    ``claims`` is the URL of ``claims.js`` when it is not among ``data``: the map script
    reads it once the map is drawn (no reader waits for it to see the map).
    """
    text = pagedata.Text.of(model)
    states, _codes = pagedata.state_codes(model.dataset.sides)
    label = snapshot.label
    title = f"Territorial control on {label}"
    known = snapshot.states[snapshot.states["state"] != UNKNOWN]
    description = f"Who held what on {label}: {len(known)} places with a reported state, each citing its sources."
    with deterministic_ids():
        m, groups = _page(model, title, description, assets, tiles, data, inline=inline)
        _script(m, groups, {"date": label, **({"claims": claims} if claims else {})}, "draw")
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
        events = f"<div>{escape.text(event_note())}</div>"
        body.add_child(branca.element.Element(_legend(states, events, attribution(model))), name="am_legend")
        folium.LayerControl(collapsed=False).add_to(m)
        return m.get_root().render()


def render_snapshot(
    model: MapModel, snapshot: Snapshot, assets: str | None = "../assets", tiles: str | None = None
) -> str:
    """One dated map as a standalone page: the map script and all its data inlined, and
    Leaflet linked from ``assets`` (the relative URL of a folder holding ``leaflet/``) or,
    when ``assets`` is None, inlined too (a single self-contained file).

    A site's pages share their data instead (:func:`render_date`, :func:`site_scripts`);
    this page stands alone, to mail or archive, and opens from ``file://`` like them.
    """
    shared = _Shared.of(model)
    day = pagedata.script("day", pagedata.date_data(model, snapshot))
    return _snapshot_page(model, snapshot, assets, tiles, [shared.places, shared.claims, day], inline=True)


def render_date(
    model: MapModel, snapshot: Snapshot, assets: str = "../assets", tiles: str | None = None
) -> dict[str, str]:
    """One date of a site: its page (``maps/DATE.html``) and its data (``data/DATE.js``).

    The page loads the site's shared scripts (:func:`site_scripts`) and its date's script.
    ``places.js`` and the date's script carry a ``?v=`` content hash, so a browser never
    pairs a new page with an old cached copy; ``claims.js`` carries none (an edited claim
    would otherwise rewrite every page): the page checks that the claims table it got
    holds the claims it cites and says so when it does not.
    """
    shared = _Shared.of(model)
    day = pagedata.script("day", pagedata.date_data(model, snapshot))
    label = snapshot.label
    urls = [f"{DATA}/places.js?v={_version(shared.places)}", f"{DATA}/{label}.js?v={_version(day)}"]
    page = _snapshot_page(model, snapshot, assets, tiles, urls, inline=False, claims=f"{DATA}/claims.js")
    return {f"maps/{label}.html": page, f"data/{label}.js": day}


def render_timeline(
    model: MapModel, assets: str | None = "../assets", tiles: str | None = None, places: str | None = None
) -> str:
    """One page with a date slider and a play button over every day between the first and
    last map, reading each day's colours and claims from the site's date scripts.

    ``places`` is the site's ``data/places.js`` when the caller has it (a rebuild that
    kept it): its version is read from it instead of making the table again (≈ 1 s a year).
    """
    if assets is None:
        raise ValueError("the timeline reads the site's date scripts: render it inside a site (assets given)")
    states, _codes = pagedata.state_codes(model.dataset.sides)
    shared = _Shared.of(model)
    timeline = pagedata.timeline_data(model, base=f"{DATA}/")
    snaps = timeline["snapshots"]
    with deterministic_ids():
        title = "Territorial control over time"
        span = f"{snaps[0]} to {snaps[-1]}" if snaps else "no dates"
        layers = [entry for entry in LAYERS if entry[0] in ("base", "polygons", "places", "approx")]
        urls = [f"{DATA}/places.js?v={_version(shared.places if places is None else places)}"]
        if snaps:
            urls.append(f"{DATA}/{snaps[-1]}.js")  # the last day, shown first
        m, groups = _page(model, title, f"Who held what, day by day, {span}.", assets, tiles, urls, layers)
        _script(m, groups, dict(timeline), "timeline")
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
