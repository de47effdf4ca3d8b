"""Build the static site: maps, index, sources and method, downloads; swapped in whole.

The build writes into a fresh folder beside the target and only renames it into place when
every file is written; a build that fails leaves the previous site untouched. Every link is
relative, so the site works from ``file://`` and from any sub-path of a host, and no page
loads anything from the network.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import pandas as pd

from . import escape
from .charts import colours, over_time_chart, thumbnail
from .export import FORMATS, export_date, export_timeline
from .render import attribution, leaflet_dir, render_snapshot, render_timeline
from .snapshot import MapModel
from .states import UNKNOWN, Resolver

__all__ = ["BuildResult", "build_site"]

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")


@dataclass
class BuildResult:
    out: Path
    pages: list[str] = field(default_factory=list)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _copy_assets(root: Path) -> None:
    src = leaflet_dir()
    for name in LEAFLET_FILES:
        dest = root / "assets" / "leaflet" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / name, dest)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so no reader ever sees half a site."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV", "kml": "KML"}


def _env() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("aleppo_map").joinpath("templates", "site", name).read_text(encoding="utf-8")
    )
    return jinja2.Environment(loader=loader, autoescape=True, keep_trailing_newline=True)


def _site_pages(model: MapModel, root: Path, progress) -> list[str]:
    """Thumbnails, charts, downloads, the index and the sources page."""
    resolver, ds = model.resolver, model.dataset
    labels = dict(zip(ds.sides["id"], ds.sides["label"], strict=True)) | {
        "contested": "contested",
        "disputed": "disputed",
        "unknown": "unknown",
    }
    pages: list[str] = []
    series, snapshots, changes = [], [], []
    for snap in model:
        day = snap.label
        thumbnail(model, snap, root / "thumbs" / f"{day}.png")
        known = snap.states[snap.states["state"] != UNKNOWN]
        counts = known["state"].value_counts()
        areas = snap.areas.set_index("state")["area_km2"]
        for state, n in counts.items():
            series.append({"date": day, "state": state, "places": int(n), "km2": float(areas.get(state, 0.0))})
        snapshots.append({"date": day, "counts": [(labels.get(k, k), int(v)) for k, v in sorted(counts.items())]})
        items = [
            {"name": r.name, "old": labels.get(r.old_state, r.old_state), "new": labels.get(r.new_state, r.new_state)}
            for r in snap.changes.sort_values(["name", "place_id"]).itertuples()
        ]
        if snap.previous is not None:
            changes.append({"date": day, "previous": snap.previous.strftime("%Y-%m-%d"), "entries": items})
        for fmt in FORMATS:
            export_date(resolver, snap.date, fmt, root / "downloads" / f"{day}.{fmt}", model=model)
        if progress:
            progress(f"downloads {day}")
    for fmt in FORMATS:
        export_timeline(resolver, model.dates, fmt, root / "downloads" / f"timeline.{fmt}", model=model)
    frame = pd.DataFrame(series, columns=["date", "state", "places", "km2"])
    palette = colours(model)
    over_time_chart(frame, "places", "Places per state", "places", palette, root / "charts" / "places.png")
    over_time_chart(
        frame, "km2", "Estimated area per state (an estimate)", "km²", palette, root / "charts" / "areas.png"
    )
    chart_states = sorted(set(frame["state"]))
    wide_p = frame.pivot_table(index="date", columns="state", values="places", fill_value=0)
    wide_a = frame.pivot_table(index="date", columns="state", values="km2", fill_value=0.0)
    chart_rows = [
        {
            "date": d,
            "places": [int(wide_p.at[d, s]) for s in chart_states],
            "areas": [f"{wide_a.at[d, s]:,.0f}" for s in chart_states],
        }
        for d in wide_p.index
    ]

    env = _env()
    latest = model.dates[-1].strftime("%Y-%m-%d")
    common = {"attribution": attribution(model), "image": f"thumbs/{latest}.png"}
    formats = [{"ext": f, "name": FORMAT_NAMES[f]} for f in FORMATS]
    index = env.get_template("index.html").render(
        title="Territorial control: maps from the reports",
        description=f"Who held what, {model.dates[0]:%Y-%m-%d} to {latest}, each state citing the reports behind it.",
        latest=latest,
        snapshots=list(reversed(snapshots)),
        formats=formats,
        changes=list(reversed(changes)),
        chart_states=[labels.get(s, s) for s in chart_states],
        chart_rows=chart_rows,
        **common,
    )
    _write(root / "index.html", index)

    cited = pd.concat(
        [
            ds.claims[["outlet", "claimant"]].assign(kind="claims"),
            ds.events[["outlet", "claimant"]].assign(kind="events"),
        ]
    )
    used = pd.concat(
        [
            cited[["outlet", "kind"]].rename(columns={"outlet": "id"}),
            cited[["claimant", "kind"]].rename(columns={"claimant": "id"}),
        ]
    )
    used = used[used["id"] != ""].groupby(["id", "kind"]).size().unstack(fill_value=0)
    sources = [
        {
            "name": r.name,
            "role": r.role,
            "side": labels.get(r.side, r.side) if r.side else "",
            "url": r.url if escape.href(r.url) else "",
            "claims": int(used["claims"].get(r.id, 0)) if "claims" in used else 0,
            "events": int(used["events"].get(r.id, 0)) if "events" in used else 0,
        }
        for r in ds.sources.sort_values("name").itertuples()
    ]
    latest_states = resolver.states(model.dates[-1])
    approx = latest_states[latest_states["approximate"]]
    notes = dict(zip(ds.places["id"], ds.places["note"], strict=True))
    approximate = [
        {
            "name": r.name,
            "radius": f"{int(r.radius_m) / 1000:g} km" if pd.notna(r.radius_m) else "?",
            "note": notes.get(r.place_id, ""),
        }
        for r in approx.itertuples()
    ]
    licence_dir = ds.root / "licenses"
    licences = sorted(p.name for p in licence_dir.iterdir()) if licence_dir.is_dir() else []
    for name in licences:
        (root / "licenses").mkdir(exist_ok=True)
        shutil.copyfile(licence_dir / name, root / "licenses" / name)
    page = env.get_template("sources.html").render(
        title="Sources and method",
        description="The rules that decide a state, every outlet and claimant used, data licences and known limits.",
        sources=sources,
        approximate=approximate,
        stale=int(latest_states["stale"].sum()),
        stale_after=resolver.stale_after,
        dispute_window=resolver.dispute_window,
        licences=licences,
        **common,
    )
    _write(root / "sources.html", page)
    (root / "assets").mkdir(exist_ok=True)
    shutil.copyfile(
        Path(str(resources.files("aleppo_map").joinpath("templates", "site", "site.css"))), root / "assets" / "site.css"
    )
    return ["index.html", "sources.html"]


def build_site(
    resolver: Resolver,
    out: Path | str,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    model: MapModel | None = None,
) -> BuildResult:
    """Render every dated snapshot, ``latest.html`` and ``timeline.html`` under ``out/maps``.

    Parameters
    ----------
    resolver : Resolver
    out : path
        The site folder; replaced whole when the build succeeds.
    tiles : {None, "osm"}
        None (default) draws no web tiles: the pages load nothing from the network.
    progress : callable, optional
        Called with the name of each page once written.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    model = model or MapModel(resolver)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    staging.chmod(0o755)
    result = BuildResult(out)
    try:
        _copy_assets(staging)
        last_html = None
        for snap in model:
            html = render_snapshot(model, snap, assets="../assets", tiles=tiles)
            _write(staging / "maps" / f"{snap.label}.html", html)
            result.pages.append(f"maps/{snap.label}.html")
            last_html = html
            if progress:
                progress(snap.label)
        if last_html is None:
            raise ValueError("no dated map to build: the dataset has no claim")
        _write(staging / "maps" / "latest.html", last_html)
        result.pages.append("maps/latest.html")
        _write(staging / "maps" / "timeline.html", render_timeline(model, assets="../assets", tiles=tiles))
        result.pages.append("maps/timeline.html")
        if progress:
            progress("timeline")
        result.pages += _site_pages(model, staging, progress)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result
