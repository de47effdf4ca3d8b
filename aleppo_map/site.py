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
from .export import FORMATS, export_changes, export_date, export_timeline, intervals_frame
from .files import dir_mode, write_bytes, write_text
from .render import attribution, leaflet_dir, render_date, render_timeline, site_scripts
from .snapshot import MapModel
from .states import UNKNOWN, Resolver
from .styles import state_labels

__all__ = ["BuildLocked", "BuildResult", "build_site", "copy_assets", "recover"]

# Bumped when the files a build writes change shape, so a site built before is not reused.
LAYOUT = 2
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")


@dataclass
class BuildResult:
    out: Path
    pages: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)


def _copy(src: Path, dest: Path) -> None:
    # Written beside and renamed over (aleppo_map.files): never through a hard link into
    # the previous site, never half a file.
    write_bytes(dest, src.read_bytes())


def copy_assets(root: Path) -> None:
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
    """Everything every page depends on besides its date's claims and events: code, options,
    sides, sources, places, boundaries, attribution."""
    ds, resolver = model.dataset, model.resolver
    options = {
        "tiles": tiles,
        "stale_after": resolver.stale_after,
        "dispute_window": resolver.dispute_window,
        "max_claims": model.max_claims,
        "layout": LAYOUT,
    }
    h = hashlib.sha256(inputs_digest(Path(__file__).parent / "templates", options).encode())
    for frame in (ds.sides, ds.sources, ds.places):
        _hash_frame(h, frame)
    for path in [*sorted((ds.root / "boundaries").glob("*.geojson")), ds.root / "ATTRIBUTION.txt"]:
        if path.exists():
            h.update(path.read_bytes())
    return h.hexdigest()


# The claim columns that decide states (and so which claims each date cites); the others
# (quote, origin, note, published, precision) are only shown, by the dates that cite the claim.
STATE_COLUMNS = (
    "claim_id",
    "place_id",
    "side",
    "action",
    "stance",
    "scope",
    "except",
    "about_date",
    "held_since",
    "outlet",
    "claimant",
    "status",
    "disputed_by",
    "retracted_by",
)


class _RowHashes:
    """Order-free hashes of the claim and event rows each date can depend on.

    - What a claim says about control (:data:`STATE_COLUMNS`) may change every state from
      its date on: it counts for every date from its own (a denial from the earliest claim
      it denies: a denial reported later still disputes it, and the page cites it).
    - What a claim only shows (its quote, link, note) matters to the dates that cite it:
      from its date until its place's state changes for good (the first later state whose
      ``since`` is after the claim; a claim before a run's start is neither support nor
      contradiction of it). Denials and claims about a whole region count to the end.
    - An event is on the first map from its date, and in the latest date's GeoPackage.

    Per-row hashes are added where a row starts to count and subtracted where it stops
    (modulo 2**64), and summed cumulatively once per build, so each date's digest is a
    lookup: a rebuild knows which dates changed without resolving any of them.
    """

    def __init__(self, resolver: Resolver, dates: list[pd.Timestamp], max_claims: int):
        c = resolver.claims
        base = c[c["inherited_from"] == ""]
        shown = [
            col
            for col in resolver.dataset.claims.columns
            if col not in ("line", "id") and col in base and col not in STATE_COLUMNS
        ]
        plain = pd.DataFrame(base[[*STATE_COLUMNS, *shown]]).astype("str")
        day = plain["about_date"].to_numpy(dtype=object).astype(str)
        earliest: dict[str, str] = {}
        for by_col in ("disputed_by", "retracted_by"):
            marked = plain[plain[by_col] != ""]
            for denial, when in marked.groupby(by_col)["about_date"].min().items():
                earliest[denial] = min(when, earliest.get(denial, when))
        if earliest:
            first = plain["claim_id"].map(earliest).fillna(plain["about_date"]).to_numpy(dtype=object).astype(str)
            day = np.where(first < day, first, day)
        labels = np.array([d.strftime("%Y-%m-%d") for d in dates], dtype=str)
        self.labels = labels
        state_hash = _row_hash(plain[list(STATE_COLUMNS)])
        text_hash = _row_hash(plain[shown]) if shown else np.zeros(len(plain), dtype="uint64")
        ends = self._ends(resolver, base, day)
        forever = (plain["stance"] == "denied").to_numpy() | (plain["scope"] == "whole").to_numpy()
        ends = np.where(forever, "9999-12-31", ends)
        # The latest date's downloads list every claim of a state that still holds; a map lists
        # the first and the latest few, so a routine confirmation drops off its maps once
        # newer ones arrive (but never off the day it is dated).
        lasting = ends == "9999-12-31"
        shown_until = self._shown_until(resolver, base, max_claims)
        after = (pd.to_datetime(day) + pd.Timedelta(days=1)).strftime("%Y-%m-%d").to_numpy(dtype=object).astype(str)
        shown_until = np.where(shown_until < after, after, shown_until)
        ends = np.where(~forever & (shown_until < ends), shown_until, ends)
        self.claims = _window_sums(labels, day, state_hash, None)
        self.texts = _window_sums(labels, day, text_hash, ends)
        self.lasting = _window_sums(labels, day, np.where(lasting, text_hash, np.uint64(0)), None)
        e = pd.DataFrame(resolver.dataset.events.drop(columns=["line"], errors="ignore")).astype("str")
        e_day = e["date"].to_numpy(dtype=object).astype(str)
        e_hash = _row_hash(e)
        # On the first map on or after its date only: the map after that one starts later.
        at = np.searchsorted(labels, e_day, side="left")
        nxt = np.where(at + 1 < len(labels), labels[np.minimum(at + 1, len(labels) - 1)], "9999-12-31")
        self.events = _window_sums(labels, e_day, e_hash, nxt)
        self.all_events = _window_sums(labels, e_day, e_hash, None)

    @staticmethod
    def _ends(resolver: Resolver, base: pd.DataFrame, day: np.ndarray) -> np.ndarray:
        """For each claim, the day its place's first state with a later ``since`` began."""
        t = resolver.transitions
        runs = t.drop_duplicates("run")[["pidx", "run_start", "run_since"]].sort_values(["pidx", "run_since"])
        big = np.int64(10**6)
        since_days = runs["run_since"].to_numpy().astype("datetime64[D]").astype(np.int64)
        keys = runs["pidx"].to_numpy(dtype=np.int64) * big + since_days
        claim_days = day.astype("datetime64[D]").astype(np.int64)
        pidx = base["pidx"].to_numpy(dtype=np.int64)
        pos = np.searchsorted(keys, pidx * big + claim_days, side="right")
        found = pos < len(keys)
        same = np.zeros(len(pidx), dtype=bool)
        same[found] = runs["pidx"].to_numpy()[pos[found]] == pidx[found]
        starts = runs["run_start"].dt.strftime("%Y-%m-%d").to_numpy(dtype=object).astype(str)
        return np.where(same, starts[np.minimum(pos, len(keys) - 1)] if len(keys) else "", "9999-12-31")

    @staticmethod
    def _shown_until(resolver: Resolver, base: pd.DataFrame, max_claims: int) -> np.ndarray:
        """For each claim, the day from which a map no longer lists it among its state's
        claims: when ``max_claims - max_claims // 2`` later claims of the same state have
        arrived, unless it is one of the state's first ``max_claims // 2`` (then never).
        Claims that support no state (they contradict one) are never dropped here."""
        never = np.full(len(base), "9999-12-31", dtype=object).astype(str)
        sup = resolver.support
        if not len(sup):
            return never
        t = resolver.transitions
        runs = t.drop_duplicates("run")[["pidx", "run_start"]].sort_values(["pidx", "run_start"])
        big = np.int64(10**6)
        run_keys = runs["pidx"].to_numpy(dtype=np.int64) * big + runs["run_start"].to_numpy().astype(
            "datetime64[D]"
        ).astype(np.int64)
        rows = sup.drop_duplicates(["pidx", "claim_id"]).reset_index(drop=True)
        eff_days = rows["eff"].to_numpy().astype("datetime64[D]").astype(np.int64)
        run = np.searchsorted(run_keys, rows["pidx"].to_numpy(dtype=np.int64) * big + eff_days, side="right")
        rows = rows.assign(run=run)
        position = rows.groupby(["pidx", "run"], sort=False).cumcount().to_numpy()
        head, tail = max(1, max_claims // 2), max(1, max_claims - max_claims // 2)
        later = rows.groupby(["pidx", "run"], sort=False)["eff"].shift(-tail)
        until = later.dt.strftime("%Y-%m-%d").fillna("9999-12-31").to_numpy(dtype=object).astype(str)
        until = np.where(position < head, "9999-12-31", until)
        found = pd.DataFrame({"pidx": rows["pidx"], "claim_id": rows["claim_id"], "until": until})
        keyed = base[["pidx", "claim_id"]].merge(found, on=["pidx", "claim_id"], how="left")
        return keyed["until"].fillna("9999-12-31").to_numpy(dtype=object).astype(str)

    def digest(self, i: int, latest: bool) -> str:
        parts = [self.claims[i], self.texts[i], self.events[i]]
        if latest:
            parts += [self.all_events[i], self.lasting[i]]
        return ":".join(str(int(p)) for p in parts)


def _row_hash(frame: pd.DataFrame) -> np.ndarray:
    return pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype="uint64")


def _window_sums(labels: np.ndarray, start: np.ndarray, hashes: np.ndarray, end) -> np.ndarray:
    """For each map date, the sum (mod 2**64) of the hashes of rows with start <= date < end."""
    out = np.zeros(len(labels) + 1, dtype="uint64")
    with np.errstate(over="ignore"):
        np.add.at(out, np.searchsorted(labels, start, side="left"), hashes)
        if end is not None:
            np.subtract.at(out, np.searchsorted(labels, np.asarray(end, dtype=str), side="left"), hashes)
        return np.cumsum(out, dtype="uint64")[:-1]


def _date_digest(static: str, label: str, previous: str, following: str, rows: str) -> str:
    """The inputs of one date's page, thumbnail and downloads; equal digests, equal bytes."""
    h = hashlib.sha256(static.encode())
    h.update(f"{label}|{previous}|{following}|{rows}".encode())
    return h.hexdigest()


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


def _date_outputs(day: str, latest: bool) -> list[str]:
    """A date's own files: its page, thumbnail and changes; the latest date adds its full
    downloads (docs/site.md says why the other dates do not have them)."""
    files = [f"maps/{day}.html", f"data/{day}.js", f"thumbs/{day}.png", f"downloads/{day}.changes.csv"]
    if latest:
        files += [f"downloads/{day}.{fmt}" for fmt in FORMATS]
    return files


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
            write_text(root / rel, scripts[rel])
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
    timeline_formats = formats
    index = env.get_template("index.html").render(
        title="Territorial control: maps from the reports",
        description=f"Who held what, {model.dates[0]:%Y-%m-%d} to {latest}, each state citing the reports behind it.",
        latest=latest,
        snapshots=list(reversed(snapshots)),
        formats=formats,
        timeline_formats=timeline_formats,
        changes=list(reversed(changes)),
        chart_states=[labels.get(s, s) for s in chart_states],
        chart_rows=chart_rows,
        **common,
    )
    write_text(root / "index.html", index)

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
    g = resolver.gazetteer
    approx = g.places.assign(radius=pd.to_numeric(g.places["radius_m"], errors="coerce"))[g.precision == 2]
    approximate = [
        {
            "name": r.name,
            "radius": f"{int(r.radius) / 1000:g} km" if pd.notna(r.radius) else "?",
            "note": r.note,
        }
        for r in approx.sort_values("id").itertuples()
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
        stale=summaries[-1]["stale"],
        stale_after=resolver.stale_after,
        dispute_window=resolver.dispute_window,
        licences=licences,
        **common,
    )
    write_text(root / "sources.html", page)
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
    workers: int | None = None,
    client=None,
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
    workers : int, optional
        Processes rendering dates at once; by default one per core this process may use.
        The files are the same bytes whatever the number.
    client : dask.distributed.Client, optional
        Render the dates on a Dask cluster instead (:func:`render_dates`).

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
        result = _build(resolver, out, tiles, progress, model, incremental, inputs, damage, workers, client)
    result.recovered = recovered
    return result


def _build(resolver, out, tiles, progress, model, incremental, inputs, damage=None, workers=None, client=None):
    model = model or MapModel(resolver)
    if not model.dates:
        raise ValueError("no dated map to build: the dataset has no claim")
    manifest = read_manifest(out) if incremental and out.is_dir() else {}
    previous = manifest.get("outputs", {})
    remembered = manifest.get("dates", {})
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
        copy_assets(staging)
        static = _static_digest(model, tiles)
        rows = _RowHashes(resolver, model.dates, model.max_claims)
        labels = [d.strftime("%Y-%m-%d") for d in model.dates]
        outputs: dict[str, str] = {}
        keys, todo = [], []
        for i, day in enumerate(labels):
            before = labels[i - 1] if i else ""
            after = labels[i + 1] if i + 1 < len(labels) else ""
            key = _date_digest(static, day, before, after, rows.digest(i, latest=not after))
            keys.append(key)
            files = _date_outputs(day, latest=not after)
            outputs.update(dict.fromkeys(files, key))
            if day in remembered and all(previous.get(f) == key and (staging / f).exists() for f in files):
                result.reused.append(day)
                if progress:
                    progress(day)
            else:
                todo.append(i)
        dates: dict[str, dict] = {day: remembered[day] for day in result.reused}
        for done in render_dates(model, todo, staging, tiles, workers=workers, client=client):
            dates[done["date"]] = done
            result.rendered.append(done["date"])
            if progress:
                progress(done["date"])
        result.rendered.sort()
        result.pages += [f"maps/{day}.html" for day in labels]
        _shared_scripts(model, staging, static, previous, outputs)
        latest = labels[-1]
        _copy(staging / "maps" / f"{latest}.html", staging / "maps" / "latest.html")
        write_text(staging / "maps" / "timeline.html", render_timeline(model, assets="../assets", tiles=tiles))
        result.pages += ["maps/latest.html", "maps/timeline.html"]
        everything = hashlib.sha256("".join(keys).encode()).hexdigest()
        timeline_files = [f"downloads/timeline.{fmt}" for fmt in FORMATS]
        if not all(previous.get(f) == everything and (staging / f).exists() for f in timeline_files):
            intervals = intervals_frame(resolver, until=model.dates[-1])
            for fmt in FORMATS:
                _fresh(staging / "downloads" / f"timeline.{fmt}")
                export_timeline(
                    resolver, model.dates, fmt, staging / "downloads" / f"timeline.{fmt}", intervals=intervals
                )
        outputs.update(dict.fromkeys(timeline_files, everything))
        if progress:
            progress("timeline")
        summaries = [dates[day]["summary"] for day in labels]
        series = [row for day in labels for row in dates[day]["series"]]
        result.pages += _site_pages(model, staging, summaries, series)
        _prune(staging, outputs)
        write_manifest(
            staging,
            {
                "inputs": inputs or "",
                "outputs": outputs,
                "dates": {day: dates[day] for day in labels},
                "files": file_digests(staging, linked),
            },
        )
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result


def cpu_count() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _runs(indices: list[int], size: int) -> list[list[int]]:
    """``indices`` cut into runs of consecutive dates, each at most ``size`` long.

    A worker resolves its run's dates in order, carrying each date's states to the next,
    so only the date before a run is looked up again (its states alone, cheaply).
    """
    runs: list[list[int]] = []
    for i in indices:
        if runs and runs[-1][-1] == i - 1 and len(runs[-1]) < size:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def render_dates(model: MapModel, indices: list[int], staging: Path, tiles: str | None, workers=None, client=None):
    """Render the dates ``model.dates[i]`` for ``i`` in ``indices`` into ``staging``; yield
    each date's summary as it is written (in no particular order).

    Runs in this process (``workers=1``), in a pool of forked processes that inherit the
    model (by default one per core this process may use), or on a Dask cluster (``client``:
    each worker loads the data folder itself, and ``staging`` must be on storage the
    workers share). Every date's files are the same bytes whichever way they are made.
    Nothing is held for the whole year: each date's outputs are written as they come.
    """
    if not indices:
        return
    workers = workers or cpu_count()
    if client is not None:
        parallel = max(1, len(client.scheduler_info().get("workers", {})))
        runs = _runs(indices, max(1, min(8, -(-len(indices) // (4 * parallel)))))
        recipe = _recipe(model)
        futures = client.map(_remote_run, [recipe] * len(runs), runs, staging=str(staging), tiles=tiles, pure=False)
        from dask.distributed import as_completed

        for future in as_completed(futures):
            yield from future.result()
        return
    if workers <= 1 or len(indices) <= 1:
        yield from _render_run(model, indices, staging, tiles)
        return
    import multiprocessing

    _warm(model)
    runs = _runs(indices, max(1, min(8, -(-len(indices) // (4 * workers)))))
    context = multiprocessing.get_context("fork")
    global _MODEL
    _MODEL = model  # inherited by the forked workers, never pickled
    try:
        with context.Pool(min(workers, len(runs))) as pool:
            for part in pool.imap_unordered(_pool_run, [(run, str(staging), tiles) for run in runs]):
                yield from part
    finally:
        _MODEL = None


_MODEL: MapModel | None = None


def _warm(model: MapModel) -> None:
    """Compute once, before forking, what every date needs (else each worker would)."""
    _ = model.resolver.transitions, model.cells, model.cells_are_a_coverage, model.polygons, model.country
    _ = model.events


def _pool_run(job) -> list[dict]:
    run, staging, tiles = job
    return list(_render_run(_MODEL, run, Path(staging), tiles))


_REMOTE: dict[str, MapModel] = {}


def _recipe(model: MapModel) -> dict:
    """What a Dask worker needs to make the same model: the data folder and the options."""
    r = model.resolver
    return {
        "root": str(model.dataset.root),
        "stale_after": r.stale_after,
        "dispute_window": r.dispute_window,
        "extra_claims": r.extra_claims,
        "dates": [d.strftime("%Y-%m-%d") for d in model.dates],
    }


def _remote_run(recipe: dict, run: list[int], staging: str, tiles: str | None) -> list[dict]:
    """A run of dates on a Dask worker; the model is made once per worker and recipe."""
    from .dataset import Dataset

    key = hashlib.sha256(
        repr({k: v for k, v in recipe.items() if k != "extra_claims"}).encode()
        + (recipe["extra_claims"].to_csv().encode() if recipe["extra_claims"] is not None else b"")
    ).hexdigest()
    model = _REMOTE.get(key)
    if model is None:
        _REMOTE.clear()
        resolver = Resolver(
            Dataset.load(recipe["root"]),
            stale_after=recipe["stale_after"],
            dispute_window=recipe["dispute_window"],
            extra_claims=recipe["extra_claims"],
        )
        model = _REMOTE[key] = MapModel(resolver, dates=recipe["dates"])
    return list(_render_run(model, run, Path(staging), tiles))


def _render_run(model: MapModel, run: list[int], staging: Path, tiles: str | None):
    """Render a run of consecutive dates, each resolved once; yield each one's summary."""
    labels = state_labels(model.dataset.sides)
    last = len(model.dates) - 1
    for snap in model.iter_range(run[0], run[-1] + 1):
        day = snap.label
        for rel, text in render_date(model, snap, assets="../assets", tiles=tiles).items():
            write_text(staging / rel, text)
        _fresh(staging / "thumbs" / f"{day}.png")
        thumbnail(model, snap, staging / "thumbs" / f"{day}.png")
        _fresh(staging / "downloads" / f"{day}.changes.csv")
        export_changes(model.resolver, snap, staging / "downloads" / f"{day}.changes.csv")
        if snap.date == model.dates[last]:
            # The latest date's downloads in every format list every claim of each state.
            for fmt in FORMATS:
                _fresh(staging / "downloads" / f"{day}.{fmt}")
                export_date(model.resolver, snap.date, fmt, staging / "downloads" / f"{day}.{fmt}", snapshot=snap)
        yield {"date": day, "summary": _summary(snap, labels), "series": _series(snap)}


def _fresh(path: Path) -> None:
    """Unlink a file before rewriting it: it may be a hard link into the previous site."""
    path.unlink(missing_ok=True)


def _summary(snap, labels: dict[str, str]) -> dict:
    known = snap.states[snap.states["state"] != UNKNOWN]
    counts = known["state"].value_counts()
    return {
        "date": snap.label,
        "stale": int(snap.states["stale"].sum()),
        "previous": snap.previous.strftime("%Y-%m-%d") if snap.previous is not None else None,
        "counts": [[labels.get(k, k), int(v)] for k, v in sorted(counts.items())],
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
