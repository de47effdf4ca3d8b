"""Build the static site: maps, index, sources and method, downloads; swapped in whole.

The build writes into a fresh folder beside the target and only renames it into place when
every file is written; a build that fails leaves the previous site untouched. Every link is
relative, so the site works from ``file://`` and from any sub-path of a host, and no page
loads anything from the network.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd

from . import escape
from .buildinfo import (
    MANIFEST,
    BuildLocked,
    file_digests,
    inputs_digest,
    intact_files,
    read_manifest,
    recover,
    site_lock,
    write_manifest,
)
from .charts import colours, over_time_chart, thumbnail
from .export import FORMATS, export_date, export_timeline
from .files import dir_mode, write_text
from .render import attribution, leaflet_dir, render_date, render_timeline, site_scripts
from .snapshot import MapModel
from .states import UNKNOWN, Resolver
from .styles import state_labels

__all__ = ["BuildLocked", "BuildResult", "build_site", "recover"]

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")


@dataclass
class BuildResult:
    out: Path
    pages: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)


def _write(path: Path, text: str) -> None:
    # Written beside and renamed over: never through a hard link into the previous site.
    write_text(path, text)


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.unlink(missing_ok=True)  # never write through a hard link into the previous site
    shutil.copyfile(src, dest)


def _copy_assets(root: Path) -> None:
    src = leaflet_dir()
    for name in LEAFLET_FILES:
        _copy(src / name, root / "assets" / "leaflet" / name)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so no reader ever sees half a site.

    If the second rename fails the previous site is put back where it was.
    """
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
    try:
        os.rename(staging, out)
    except OSError:
        if old is not None:
            os.rename(old / out.name, out)
            shutil.rmtree(old, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def check_target(out: Path) -> None:
    """Refuse to replace a folder that is not a site this tool built (or an empty one)."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a site folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists():
        raise ValueError(
            f"{out} is not empty and was not built by aleppo-map (no {MANIFEST}); "
            "choose another --out or empty it first: the build replaces the whole folder"
        )


FORMAT_NAMES = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV", "kml": "KML"}


def _env() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(
        lambda name: resources.files("aleppo_map").joinpath("templates", "pages", name).read_text(encoding="utf-8")
    )
    return jinja2.Environment(loader=loader, autoescape=True, keep_trailing_newline=True)


def _hash_frame(h, frame: pd.DataFrame) -> None:
    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    h.update(pd.util.hash_pandas_object(plain.astype("str"), index=False).to_numpy().tobytes())
    h.update(",".join(map(str, plain.columns)).encode())
    if "geometry" in frame:
        import shapely

        h.update(b"".join(shapely.to_wkb(frame.geometry.to_numpy(), output_dimension=2).tolist()))


def _static_digest(model: MapModel, tiles: str | None) -> str:
    """Everything every page depends on besides its date's states: code, sides, sources, places."""
    ds = model.dataset
    h = hashlib.sha256(inputs_digest(Path(__file__).parent / "templates", {"tiles": tiles}).encode())
    for frame in (ds.sides, ds.sources, ds.places):
        _hash_frame(h, frame)
    for path in [*sorted((ds.root / "boundaries").glob("*.geojson")), ds.root / "ATTRIBUTION.txt"]:
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


def _date_digest(static: str, snap, resolver: Resolver) -> str:
    """The inputs of one date's page, thumbnail and downloads; equal digests, equal bytes."""
    h = hashlib.sha256(static.encode())
    h.update(f"{snap.label}|{snap.previous}|{snap.next}".encode())
    for frame in (snap.states, snap.changes, snap.events, snap.areas):
        _hash_frame(h, frame)
    # The downloads hold every claim and event up to the date: fold those rows in too.
    h.update(_rows_until(resolver, snap.date).encode())
    # The date script numbers the claims it cites among all the resolver's claims, unreviewed
    # candidates (--include) too: any candidate may renumber them.
    if resolver.extra_claims is not None and len(resolver.extra_claims):
        _hash_frame(h, resolver.extra_claims)
    return h.hexdigest()


def _rows_until(resolver: Resolver, day) -> str:
    """An order-free hash of every claim and event row dated up to ``day`` (cumulative sums
    of per-row hashes, computed once per resolver)."""
    cache = getattr(resolver, "_row_hashes", None)
    if cache is None:
        cache = {}
        ds = resolver.dataset
        for name, frame, col in (("claims", ds.claims, "about_date"), ("events", ds.events, "date")):
            plain = pd.DataFrame(frame.drop(columns=["line"], errors="ignore")).astype("str")
            hashes = pd.util.hash_pandas_object(plain, index=False).to_numpy(dtype="uint64")
            order = np.argsort(plain[col].to_numpy(), kind="stable")
            days = plain[col].to_numpy()[order]
            cache[name] = (days, np.cumsum(hashes[order], dtype="uint64"))
        resolver._row_hashes = cache
    label = pd.Timestamp(day).strftime("%Y-%m-%d")
    parts = []
    for name in ("claims", "events"):
        days, sums = cache[name]
        k = int(np.searchsorted(days, label, side="right"))
        parts.append(f"{name}:{k}:{int(sums[k - 1]) if k else 0}")
    return "|".join(parts)


def _link_tree(src: Path, dest: Path, keep: dict[str, list]) -> dict[str, tuple[tuple[int, int], list]]:
    """Hard-link the previous site's files listed in ``keep`` into the staging folder.

    Only files the previous manifest vouches for (listed, same size and hash) are reused: a
    page edited or deleted since the build, or a file someone added, is not carried over.
    Files are replaced in the staging folder, never edited, so the links are safe. Returns
    each linked file's ``(st_dev, st_ino)`` with its verified entry, so that the new
    manifest reuses the entry while the staged path is still that file.
    """
    linked = {}
    for rel in sorted(keep):
        path, target = src / rel, dest / rel
        if path.name == MANIFEST or not path.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)  # hashed again: another file
            continue
        st = target.stat()
        linked[rel] = ((st.st_dev, st.st_ino), keep[rel])
    return linked


def _date_outputs(day: str) -> list[str]:
    return [
        f"maps/{day}.html",
        f"data/{day}.js",
        f"thumbs/{day}.png",
        *(f"downloads/{day}.{fmt}" for fmt in FORMATS),
    ]


def _shared_scripts(model: MapModel, root: Path, static: str, previous: dict, outputs: dict) -> None:
    """Write the scripts every map page shares (``data/places.js``, ``data/claims.js``, the
    map script), each reused when its own digest is unchanged: the places and the script
    follow the static inputs, the claims table every claim row."""
    h = hashlib.sha256(static.encode())
    _hash_frame(h, model.resolver.claims)
    claims = h.hexdigest()
    keys = {"data/places.js": static, "data/claims.js": claims, "assets/statemap.js": static}
    keys["assets/statemap.css"] = static
    stale = [rel for rel, key in keys.items() if not (previous.get(rel) == key and (root / rel).exists())]
    if stale:
        scripts = site_scripts(model)
        for rel in stale:
            _write(root / rel, scripts[rel])
    outputs.update(keys)


def _site_pages(model: MapModel, root: Path, summaries: list[dict], series: list[dict]) -> list[str]:
    """Charts, the index and the sources page (always rewritten: they summarise every date)."""
    resolver, ds = model.resolver, model.dataset
    labels = state_labels(ds.sides)
    frame = pd.DataFrame(series, columns=["date", "state", "places", "km2"])
    palette = colours(model)
    for name in ("places.png", "areas.png"):
        _fresh(root / "charts" / name)
    over_time_chart(frame, "places", "Places per state", "places", palette, root / "charts" / "places.png", labels)
    over_time_chart(
        frame, "km2", "Estimated area per state (an estimate)", "km²", palette, root / "charts" / "areas.png", labels
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
    snapshots = [{"date": x["date"], "counts": x["counts"]} for x in summaries]
    changes = [
        {"date": x["date"], "previous": x["previous"], "entries": x["entries"]} for x in summaries if x["previous"]
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
    shutil.rmtree(root / "licenses", ignore_errors=True)  # a licence removed from the data leaves the site too
    for name in licences:
        _copy(licence_dir / name, root / "licenses" / name)
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
    _copy(
        Path(str(resources.files("aleppo_map").joinpath("templates", "pages", "site.css"))),
        root / "assets" / "site.css",
    )
    return ["index.html", "sources.html"]


def build_site(
    resolver: Resolver,
    out: Path | str,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    model: MapModel | None = None,
    incremental: bool = True,
    inputs: str | None = None,
    damage: dict[str, str] | None = None,
) -> BuildResult:
    """Build the whole site into ``out``, re-rendering only the dates whose inputs changed.

    Parameters
    ----------
    resolver : Resolver
    out : path
        The site folder; replaced whole when the build succeeds.
    tiles : {None, "osm"}
        None (default) draws no web tiles: the pages load nothing from the network.
    progress : callable, optional
        Called with the name of each date once its outputs are written or reused.
    incremental : bool
        Reuse a date's page, thumbnail and downloads from the previous site when the hash
        of their inputs is unchanged (the bytes are the same a full build gives).
    inputs : str, optional
        The hash of all input files (:func:`aleppo_map.buildinfo.inputs_digest`), recorded
        so that the next ``aleppo-map build`` can stop at once when nothing changed.
    damage : dict, optional
        The previous site's damaged files (:func:`aleppo_map.buildinfo.damaged_files`) when
        the caller checked them while holding the lock (the ``build`` command does); the
        previous site is then not hashed again.

    Raises
    ------
    DataFolderError
        ``out`` lies inside a data folder (the dataset's own included).
    BuildLocked
        Another build into ``out`` is running.
    """
    with site_lock(out, resolver.dataset.root) as out:
        recovered = recover(out)
        check_target(out)
        result = _build(resolver, out, tiles, progress, model, incremental, inputs, damage)
    result.recovered = recovered
    return result


def _build(resolver, out, tiles, progress, model, incremental, inputs, damage=None) -> BuildResult:
    model = model or MapModel(resolver)
    if not model.dates:
        raise ValueError("no dated map to build: the dataset has no claim")
    manifest = read_manifest(out) if incremental and out.is_dir() else {}
    previous = manifest.get("outputs", {})
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    staging.chmod(dir_mode())  # mkdtemp makes it private; a site is for reading
    result = BuildResult(out)
    linked: dict[str, tuple[tuple[int, int], list]] = {}
    try:
        if previous:
            # A file removed or edited since the build is not reused: it is built again.
            keep = intact_files(out, manifest, damage)
            result.repaired = sorted(set(manifest.get("files", {})) - set(keep))
            linked = _link_tree(out, staging, keep)
        _copy_assets(staging)
        static = _static_digest(model, tiles)
        labels = state_labels(model.dataset.sides)
        outputs: dict[str, str] = {}
        summaries, series = [], []
        for snap in model:
            day = snap.label
            key = _date_digest(static, snap, resolver)
            files = _date_outputs(day)
            if all(previous.get(f) == key and (staging / f).exists() for f in files):
                result.reused.append(day)
            else:
                for rel, text in render_date(model, snap, assets="../assets", tiles=tiles).items():
                    _write(staging / rel, text)
                _fresh(staging / "thumbs" / f"{day}.png")
                thumbnail(model, snap, staging / "thumbs" / f"{day}.png")
                full = resolver.states(snap.date)  # downloads list every claim, not a map's six
                for fmt in FORMATS:
                    _fresh(staging / "downloads" / f"{day}.{fmt}")
                    export_date(
                        resolver,
                        snap.date,
                        fmt,
                        staging / "downloads" / f"{day}.{fmt}",
                        model=model,
                        states=full,
                    )
                result.rendered.append(day)
            outputs.update(dict.fromkeys(files, key))
            result.pages.append(f"maps/{day}.html")
            summaries.append(_summary(snap, labels))
            series += _series(snap)
            if progress:
                progress(day)
        _shared_scripts(model, staging, static, previous, outputs)
        latest = model.dates[-1].strftime("%Y-%m-%d")
        _copy(staging / "maps" / f"{latest}.html", staging / "maps" / "latest.html")
        _write(staging / "maps" / "timeline.html", render_timeline(model, assets="../assets", tiles=tiles))
        result.pages += ["maps/latest.html", "maps/timeline.html"]
        everything = hashlib.sha256(
            "".join(outputs[f"maps/{d:%Y-%m-%d}.html"] for d in model.dates).encode()
        ).hexdigest()
        timeline_files = [f"downloads/timeline.{fmt}" for fmt in FORMATS]
        if not all(previous.get(f) == everything and (staging / f).exists() for f in timeline_files):
            for fmt in FORMATS:
                _fresh(staging / "downloads" / f"timeline.{fmt}")
                export_timeline(resolver, model.dates, fmt, staging / "downloads" / f"timeline.{fmt}", model=model)
        outputs.update(dict.fromkeys(timeline_files, everything))
        if progress:
            progress("timeline")
        result.pages += _site_pages(model, staging, summaries, series)
        _prune(staging, outputs)
        write_manifest(staging, {"inputs": inputs or "", "outputs": outputs, "files": file_digests(staging, linked)})
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def _fresh(path: Path) -> None:
    """Unlink a file before rewriting it: it may be a hard link into the previous site."""
    path.unlink(missing_ok=True)


def _summary(snap, labels: dict[str, str]) -> dict:
    known = snap.states[snap.states["state"] != UNKNOWN]
    counts = known["state"].value_counts()
    return {
        "date": snap.label,
        "previous": snap.previous.strftime("%Y-%m-%d") if snap.previous is not None else None,
        "counts": [(labels.get(k, k), int(v)) for k, v in sorted(counts.items())],
        "entries": [
            {"name": r.name, "old": labels.get(r.old_state, r.old_state), "new": labels.get(r.new_state, r.new_state)}
            for r in snap.changes.sort_values(["name", "place_id"]).itertuples()
        ],
    }


def _series(snap) -> list[dict]:
    known = snap.states[snap.states["state"] != UNKNOWN]
    areas = snap.areas.set_index("state")["area_km2"]
    return [
        {"date": snap.label, "state": state, "places": int(n), "km2": float(areas.get(state, 0.0))}
        for state, n in known["state"].value_counts().items()
    ]


def _prune(root: Path, outputs: dict[str, str]) -> None:
    """Drop dated files of dates that no longer have a map."""
    for folder in ("maps", "data", "thumbs", "downloads"):
        for path in (root / folder).glob("*"):
            rel = f"{folder}/{path.name}"
            dated = path.name[:4].isdigit()
            if dated and rel not in outputs:
                path.unlink()
