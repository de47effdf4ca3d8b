"""Build the static site: maps, index, sources and method, downloads; swapped in whole.

The build writes into a fresh folder beside the target and only renames it into place when
every file is written; a build that fails leaves the previous site untouched. Every link is
relative, so the site works from ``file://`` and from any sub-path of a host, and no page
loads anything from the network.
"""

from __future__ import annotations

import hashlib
import json
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
from .export import (
    export_changes,
    intervals_frame,
    latest_events_since,
    latest_layers,
    timeline_layers,
    write_layers,
)
from .files import dir_mode, write_bytes, write_text
from .memory import WORKER_MMAP_THRESHOLD, hand_back_promptly, release_unused
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
    rendered: list[str] = field(default_factory=list)  #: dates whose page was rendered
    refreshed: list[str] = field(default_factory=list)  #: dates whose downloads alone were rewritten
    reused: list[str] = field(default_factory=list)  #: dates whose every file was kept
    written: list[str] = field(default_factory=list)  #: the dated files made afresh
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


FORMAT_NAMES = {
    "geojson": "GeoJSON",
    "gpkg": "GeoPackage (zipped)",
    "csv": "CSV",
    "kml": "KML",
    "kmz": "KMZ (zipped KML)",
}
#: The latest date's downloads (docs/site.md): its states as its map cites them. KML only
#: zipped (KMZ, what Google Earth opens): a year's latest KML is 8 MB, its KMZ 0.5 MB.
LATEST_FORMATS = ("geojson", "gpkg", "csv", "kmz")
#: The timeline's downloads: the GeoPackage and the CSV carry everything; KML only zipped (a
#: year's is 20 MB as KML, 1 MB as KMZ); no GeoJSON (the largest copy of the same rows).
TIMELINE_FORMATS = ("gpkg", "csv", "kmz")
#: GeoPackages (SQLite pages of text, three times smaller zipped) are offered zipped: QGIS and
#: ogr2ogr open a ``.gpkg.zip`` as it is; the other formats are small enough or zipped already.
FILE_EXT = {"gpkg": "gpkg.zip"}


def download(stem: str, fmt: str) -> str:
    """The site path of a download: ``downloads/<stem>.<extension of fmt>``."""
    return f"downloads/{stem}.{FILE_EXT.get(fmt, fmt)}"


#: What a date's files are made of, each part with its own digest: a correction of what a
#: claim only shows rewrites downloads, never a page.
PARTS = ("page", "changes", "states", "gpkg")


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
    """Order-free hashes of the claim and event rows each file can depend on, so a rebuild
    knows which files changed without resolving any date.

    - What a claim says about control (:data:`STATE_COLUMNS`) may change every state from
      its date on: it counts for every date's page, changes and downloads from its own (a
      denial from the earliest claim it denies: a denial reported later still disputes it,
      and the page cites it).
    - What a claim only shows (quote, link, note, publication date) is in ``claims.js``
      (which has its own digest), never in a dated page or date script. Besides, it is in:

      - a date's changes CSV when the claim decided a changed place's state (its ``notes``
        quote it): the place's last transition up to the date, in a run that began after
        the previous map (on the first map, every place's);
      - the latest date's downloads when the latest map lists it (from its date until its
        place's state changes for good, or until newer claims push it out of the first
        and latest claims a popup lists; denials and claims about a whole region to the
        end), or when it decided a state there;
      - the timeline's GeoPackage when it opens an interval.
    - An event is on the first map on or after its date, in the latest date's downloads
      when it falls in their window (:func:`aleppo_map.export.latest_events_since`), and in
      the timeline's GeoPackage.

    Per-row hashes are added where a row starts to count and subtracted where it stops
    (modulo 2**64), and summed cumulatively once per build, so each date's digest is a
    lookup.
    """

    def __init__(self, resolver: Resolver, dates: list[pd.Timestamp], max_claims: int):
        c = resolver.claims
        own = (c["inherited_from"] == "").to_numpy()
        shown = [
            col
            for col in resolver.dataset.claims.columns
            if col not in ("line", "id") and col in c and col not in STATE_COLUMNS
        ]
        # Only the columns hashed or read below (not a copy of every prepared column).
        base = c.loc[own, [*STATE_COLUMNS, *shown, "pidx"]]
        plain = pd.DataFrame(base[[*STATE_COLUMNS, *shown]])
        # Text as text; a categorical column hashes as its values do, so it stays as it is.
        plain = plain.astype({k: "str" for k, v in plain.dtypes.items() if not isinstance(v, pd.CategoricalDtype)})
        # Days as whole numbers: a million dates compared as strings cost seconds.
        about = day = _day_numbers(plain["about_date"])
        # The resolver's numbering of the ids (every id has a row of its own, so every id
        # numbered is one of these rows'): shared, not a second million strings.
        numbers = resolver.claim_numbers()
        codes = numbers.rows[own]
        for by_col in ("disputed_by", "retracted_by"):
            marked = plain[by_col].to_numpy(dtype=object) != ""
            if marked.any():
                # A denial counts from the earliest claim it denies (denials are few: looked up
                # among the claim ids once each, not a million ids among them).
                denied = pd.Series(about[marked]).groupby(plain[by_col].to_numpy(dtype=object)[marked]).min()
                at = numbers.of(denied.index)
                earliest = np.full(len(numbers), _NEVER, dtype=np.int64)
                earliest[at[at >= 0]] = denied.to_numpy()[at >= 0]
                day = np.minimum(day, earliest[codes])
        labels = _day_numbers(pd.Series([d.strftime("%Y-%m-%d") for d in dates], dtype=object))
        self.labels = labels
        state_hash = _row_hash(plain[list(STATE_COLUMNS)])
        text_hash = _row_hash(plain[shown]) if shown else np.zeros(len(plain), dtype="uint64")
        # The text of a claim by its id (ids may repeat: every row of one id counts).
        by_id = np.zeros(len(numbers), dtype="uint64")
        with np.errstate(over="ignore"):
            np.add.at(by_id, codes, text_hash)
        self._ids, self._codes, self._by_id = numbers, codes, by_id
        #: Every claim row, in order (``claims.js`` lists them all).
        self.every_claim = hashlib.sha256(state_hash.tobytes() + text_hash.tobytes()).hexdigest()
        self.claims = _window_sums(labels, day, state_hash, None)
        last = labels[-1]
        self.shown = _total(text_hash[(day <= last) & (self._shown_ends(resolver, base, day, max_claims) > last)])
        self.leads, self.latest_leads = self._leads(resolver, labels)
        self.opening = self._opening(resolver, labels)
        e = pd.DataFrame(resolver.dataset.events.drop(columns=["line"], errors="ignore")).astype("str")
        e_day = _day_numbers(e["date"])
        e_hash = _row_hash(e)
        # On the first map on or after its date only: the map after that one starts later.
        at = np.searchsorted(labels, e_day, side="left")
        nxt = np.where(at + 1 < len(labels), labels[np.minimum(at + 1, len(labels) - 1)], _NEVER)
        self.events = _window_sums(labels, e_day, e_hash, nxt)
        previous = _as_timestamp(labels[-2]) if len(labels) > 1 else None
        since = _day_numbers(pd.Series([latest_events_since(_as_timestamp(last), previous).strftime("%Y-%m-%d")]))[0]
        self.latest_events = _total(e_hash[(e_day > since) & (e_day <= last)])
        self.all_events = _total(e_hash[e_day <= last])

    def _text_of(self, claim_ids: np.ndarray) -> np.ndarray:
        """The text hash of each claim id (0 for none or an unknown id)."""
        at = self._ids.of(claim_ids)
        return np.where(at >= 0, self._by_id[np.maximum(at, 0)], np.uint64(0)).astype("uint64")

    def _shown_ends(self, resolver: Resolver, base: pd.DataFrame, day: np.ndarray, max_claims: int) -> np.ndarray:
        """For each claim, the day from which no map lists it any more (:data:`_NEVER`)."""
        ends = self._ends(resolver, base, day)
        forever = (base["stance"] == "denied").to_numpy() | (base["scope"] == "whole").to_numpy()
        # A map lists the first and the latest few claims of a state, so a routine
        # confirmation drops off its maps once newer ones arrive (never off its own day).
        shown_until = np.maximum(self._shown_until(resolver, base, max_claims), day + 1)
        ends = np.where(~forever & (shown_until < ends), shown_until, ends)
        return np.where(forever, _NEVER, ends)

    def _leads(self, resolver: Resolver, labels: np.ndarray) -> tuple[np.ndarray, int]:
        """The text of the claims that decided a state shown in each date's changes CSV,
        and in the latest date's downloads (their ``notes`` quote that claim)."""
        t = resolver.transitions.sort_values(["pidx", "eff"], kind="stable")
        eff = _days(t["eff"])
        same = np.r_[t["pidx"].to_numpy()[1:] == t["pidx"].to_numpy()[:-1], False]
        nxt = np.where(same, np.r_[eff[1:], _NEVER], _NEVER)
        start = _days(t["run_start"])
        at = np.searchsorted(labels, eff, side="left")
        has = at < len(labels)
        shown_on = labels[np.minimum(at, len(labels) - 1)]
        before = np.where(at > 0, labels[np.maximum(at - 1, 0)], -_NEVER)
        # The last transition up to the map, in a run that began after the previous map.
        counts = has & (shown_on < nxt) & ((at == 0) | (start > before))
        holds = (eff <= labels[-1]) & (nxt > labels[-1])
        lead = t["lead"]  # looked up as Arrow strings, not as Python ones
        leads = np.zeros(len(labels), dtype="uint64")
        with np.errstate(over="ignore"):
            np.add.at(leads, at[counts], self._text_of(lead[counts]))
        return leads, _total(self._text_of(lead[holds]))

    def _opening(self, resolver: Resolver, labels: np.ndarray) -> int:
        """The text of the claims that open a state interval (the timeline's claims layer)."""
        t = resolver.transitions
        runs = t.drop_duplicates("run")
        runs = runs[(runs["state"] != UNKNOWN).to_numpy() & (_days(runs["eff"]) <= labels[-1])]
        big = np.int64(10**6)
        keys = runs["pidx"].to_numpy(dtype=np.int64) * big + _days(runs["run_start"])
        sup = resolver.support
        hit = np.isin(sup["pidx"].to_numpy(dtype=np.int64) * big + _days(sup["eff"]), keys)
        return _total(self._text_of(sup["claim_id"][hit].drop_duplicates()))

    @staticmethod
    def _ends(resolver: Resolver, base: pd.DataFrame, day: np.ndarray) -> np.ndarray:
        """For each claim, the day its place's first state with a later ``since`` began."""
        t = resolver.transitions
        runs = t.drop_duplicates("run")[["pidx", "run_start", "run_since"]].sort_values(["pidx", "run_since"])
        big = np.int64(10**6)
        keys = runs["pidx"].to_numpy(dtype=np.int64) * big + _days(runs["run_since"])
        pidx = base["pidx"].to_numpy(dtype=np.int64)
        pos = np.searchsorted(keys, pidx * big + day, side="right")
        found = pos < len(keys)
        same = np.zeros(len(pidx), dtype=bool)
        same[found] = runs["pidx"].to_numpy()[pos[found]] == pidx[found]
        starts = _days(runs["run_start"])
        return np.where(same, starts[np.minimum(pos, len(keys) - 1)] if len(keys) else 0, _NEVER)

    def _shown_until(self, resolver: Resolver, base: pd.DataFrame, max_claims: int) -> np.ndarray:
        """For each claim, the day from which a map no longer lists it among its state's
        claims: when ``max_claims - max_claims // 2`` later claims of the same state have
        arrived, unless it is one of the state's first ``max_claims // 2`` (then never).
        Claims that support no state (they contradict one) are never dropped here."""
        never = np.full(len(base), _NEVER, dtype=np.int64)
        sup = resolver.support
        if not len(sup):
            return never
        t = resolver.transitions
        runs = t.drop_duplicates("run")[["pidx", "run_start"]].sort_values(["pidx", "run_start"])
        big = np.int64(10**6)
        run_keys = runs["pidx"].to_numpy(dtype=np.int64) * big + _days(runs["run_start"])
        rows = sup.drop_duplicates(["pidx", "claim_id"]).reset_index(drop=True)
        eff_days = _days(rows["eff"])
        run = np.searchsorted(run_keys, rows["pidx"].to_numpy(dtype=np.int64) * big + eff_days, side="right")
        group = rows["pidx"].to_numpy(dtype=np.int64) * np.int64(len(run_keys) + 1) + run  # place and run
        position = pd.Series(group).groupby(group, sort=False).cumcount().to_numpy()
        head, tail = max(1, max_claims // 2), max(1, max_claims - max_claims // 2)
        later = pd.Series(eff_days).groupby(group, sort=False).shift(-tail)
        until = np.where(later.isna().to_numpy(), _NEVER, later.fillna(0).to_numpy(dtype=np.int64))
        until = np.where(position < head, _NEVER, until)
        # (place, claim) pairs as one integer key, to look each claim row up at once.
        width = np.int64(len(self._ids) + 1)
        code = self._ids.of(rows["claim_id"])
        known = code >= 0
        found_keys = rows["pidx"].to_numpy(dtype=np.int64)[known] * width + code[known]
        wanted = base["pidx"].to_numpy(dtype=np.int64) * width + self._codes
        at = pd.Index(found_keys).get_indexer(wanted)
        return np.where(at >= 0, until[known][np.maximum(at, 0)], never)

    def page(self, i: int) -> str:
        """A date's page, date script and thumbnail: its states and its map's events."""
        return f"{self.claims[i]}:{self.events[i]}"

    def changes(self, i: int) -> str:
        """A date's changes CSV: its states and the claims that decided the changed ones."""
        return f"{self.claims[i]}:{self.leads[i]}"

    def latest(self) -> str:
        """The latest date's states (GeoJSON, CSV, KML): its states and the claims that
        decided them (their ``notes`` quote it)."""
        return f"{self.claims[-1]}:{self.latest_leads}"

    def latest_gpkg(self) -> str:
        """The latest date's GeoPackage: its states, the claims its map lists or that
        decided a state, and the events of its window."""
        return f"{self.latest()}:{self.shown}:{self.latest_events}"

    def timeline(self) -> str:
        """The timeline's CSV and KMZ: every state (they quote no claim)."""
        return f"{self.claims[-1]}"

    def timeline_gpkg(self) -> str:
        """The timeline's GeoPackage: every state, the claims opening an interval, every event."""
        return f"{self.claims[-1]}:{self.opening}:{self.all_events}"


def _total(hashes: np.ndarray) -> int:
    """The sum of row hashes, modulo 2**64."""
    with np.errstate(over="ignore"):
        return int(np.sum(hashes, dtype="uint64"))


def _days(values: pd.Series) -> np.ndarray:
    """Timestamps as whole days since 1970 (int64)."""
    return pd.Series(values).to_numpy().astype("datetime64[D]").astype(np.int64)


#: A day after every other: a row that counts to the end.
_NEVER = np.int64(10**9)


def _day_numbers(values: pd.Series) -> np.ndarray:
    """YYYY-MM-DD strings as whole days since 1970 (int64), each distinct date parsed once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    parsed = pd.to_datetime(pd.Series(uniques, dtype=object), format="%Y-%m-%d").to_numpy()
    return parsed.astype("datetime64[D]").astype(np.int64)[codes]


def _as_timestamp(day: np.int64) -> pd.Timestamp:
    """A whole day since 1970 as a timestamp."""
    return pd.Timestamp(np.datetime64(int(day), "D"))


def _row_hash(frame: pd.DataFrame) -> np.ndarray:
    return pd.util.hash_pandas_object(frame, index=False).to_numpy(dtype="uint64")


def _window_sums(labels: np.ndarray, start: np.ndarray, hashes: np.ndarray, end) -> np.ndarray:
    """For each map date, the sum (mod 2**64) of the hashes of rows with start <= date < end."""
    out = np.zeros(len(labels) + 1, dtype="uint64")
    with np.errstate(over="ignore"):
        np.add.at(out, np.searchsorted(labels, start, side="left"), hashes)
        if end is not None:
            np.subtract.at(out, np.searchsorted(labels, np.asarray(end), side="left"), hashes)
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


def _date_outputs(day: str, latest: bool) -> dict[str, list[str]]:
    """A date's own files by part: its page (with its date script and thumbnail), its
    changes CSV, and on the latest date its downloads (docs/site.md says why the other
    dates do not have them)."""
    parts = {
        "page": [f"maps/{day}.html", f"data/{day}.js", f"thumbs/{day}.png"],
        "changes": [f"downloads/{day}.changes.csv"],
    }
    if latest:
        parts["states"] = [download(day, fmt) for fmt in LATEST_FORMATS if fmt != "gpkg"]
        parts["gpkg"] = [download(day, "gpkg")]
    return parts


def _date_keys(static: str, rows: _RowHashes, labels: list[str], i: int) -> dict[str, str]:
    """The digest of each part of date ``i``'s files: equal digests, equal bytes."""
    before = labels[i - 1] if i else ""
    after = labels[i + 1] if i + 1 < len(labels) else ""
    keys = {
        "page": _date_digest(static, labels[i], before, after, "page:" + rows.page(i)),
        "changes": _date_digest(static, labels[i], before, "", "changes:" + rows.changes(i)),
    }
    if not after:
        keys["states"] = _date_digest(static, labels[i], before, "", "latest:" + rows.latest())
        keys["gpkg"] = _date_digest(static, labels[i], before, "", "gpkg:" + rows.latest_gpkg())
    return keys


def _shared_scripts(root: Path, static: str, rows: _RowHashes, previous: dict, outputs: dict) -> list[str]:
    """The scripts every map page shares (``data/places.js``, ``data/claims.js``, the map
    script) whose digest changed, to write again (:func:`_write_scripts`): the places and
    the script follow the static inputs, the claims table every claim row."""
    claims = hashlib.sha256(f"{static}:{rows.every_claim}".encode()).hexdigest()
    keys = {"data/places.js": static, "data/claims.js": claims, "assets/statemap.js": static}
    keys["assets/statemap.css"] = static
    outputs.update(keys)
    return [rel for rel, key in keys.items() if not (previous.get(rel) == key and (root / rel).exists())]


def _write_scripts(model: MapModel, root: Path, stale: list[str]) -> None:
    """Write the shared scripts ``stale`` names."""
    scripts = site_scripts(model, stale)
    for rel in stale:
        write_text(root / rel, scripts[rel])


_CHARTS = (
    ("places.png", "places", "Places per state", "places"),
    ("areas.png", "km2", "Estimated area per state (an estimate)", "km²"),
)


def _site_pages(
    model: MapModel, root: Path, summaries: list[dict], series: list[dict], static: str, previous: dict, outputs: dict
) -> list[str]:
    """Charts, the index and the sources page (rewritten every build: they summarise every
    date; a chart whose figures did not change is kept, as a date's files are)."""
    resolver, ds = model.resolver, model.dataset
    labels = state_labels(ds.sides)
    frame = pd.DataFrame(series, columns=["date", "state", "places", "km2"])
    palette = colours(model)
    figures = json.dumps([series, palette, labels], sort_keys=True, default=str)
    for name, column, title, unit in _CHARTS:
        rel = f"charts/{name}"
        key = outputs[rel] = hashlib.sha256(f"{static}:{rel}:{figures}".encode()).hexdigest()
        if previous.get(rel) == key and (root / rel).exists():
            continue
        _fresh(root / rel)
        over_time_chart(frame, column, title, unit, palette, root / rel, labels)
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
    formats = [{"ext": FILE_EXT.get(f, f), "name": FORMAT_NAMES[f]} for f in LATEST_FORMATS]
    timeline_formats = [{"ext": FILE_EXT.get(f, f), "name": FORMAT_NAMES[f]} for f in TIMELINE_FORMATS]
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

    in_claims, in_events = _uses(ds.claims), _uses(ds.events)
    sources = [
        {
            "name": r.name,
            "role": r.role,
            "side": labels.get(r.side, r.side) if r.side else "",
            "url": r.url if escape.href(r.url) else "",
            "claims": int(in_claims.get(r.id, 0)),
            "events": int(in_events.get(r.id, 0)),
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


def _uses(reports: pd.DataFrame) -> pd.Series:
    """How many times each source is named as a report's outlet or claimant (twice when both).

    Counted column by column: stacking a year's million claims and their events into one
    frame of (source, kind) pairs to group took the parent ≈ 150 MB, its largest step.
    """
    counts = [reports[column].value_counts() for column in ("outlet", "claimant")]
    return counts[0].add(counts[1], fill_value=0).drop("", errors="ignore")


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
        # What preparing the claims freed goes back before the row hashes add their own peak.
        release_unused()
        rows = _RowHashes(resolver, model.dates, model.max_claims)
        labels = [d.strftime("%Y-%m-%d") for d in model.dates]
        outputs: dict[str, str] = {}
        todo = _plan(static, rows, labels, previous, remembered, staging, outputs, result)
        if progress:
            for day in result.reused:
                progress(day)
        # The shared scripts and the timeline's downloads are made beside the dates (in the
        # pool, not after it), so the slowest of them does not wait for the last date.
        extra: list[tuple] = []
        scripts = _shared_scripts(staging, static, rows, previous, outputs)
        if scripts:
            extra.append(("scripts", scripts))
        timeline = _timeline_downloads(model.dates, staging, static, rows, previous, outputs)
        if timeline:
            extra.append(("timeline", timeline))
            result.written += [download("timeline", fmt) for fmt in timeline]
        dates: dict[str, dict] = {day: remembered[day] for day in result.reused}
        jobs = render_dates(model, list(todo), staging, tiles, workers=workers, client=client, parts=todo, extra=extra)
        for done in jobs:
            made = done.pop("parts")
            dates[done["date"]] = done
            (result.rendered if "page" in made else result.refreshed).append(done["date"])
            if progress:
                progress(done["date"])
        result.rendered.sort()
        result.refreshed.sort()
        result.pages += [f"maps/{day}.html" for day in labels]
        latest = labels[-1]
        _copy(staging / "maps" / f"{latest}.html", staging / "maps" / "latest.html")
        # places.js as the site now has it (kept or written by a worker): not made again here.
        places = (staging / "data" / "places.js").read_bytes().decode("utf-8")
        write_text(staging / "maps" / "timeline.html", render_timeline(model, "../assets", tiles, places))
        result.pages += ["maps/latest.html", "maps/timeline.html"]
        result.written.sort()
        if progress:
            progress("timeline")
        summaries = [dates[day]["summary"] for day in labels]
        series = [row for day in labels for row in dates[day]["series"]]
        result.pages += _site_pages(model, staging, summaries, series, static, previous, outputs)
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


def _timeline_downloads(dates, staging, static, rows, previous, outputs) -> list[str]:
    """The timeline's downloads whose digest changed, to write again (:func:`_write_timeline`).

    The GeoPackage holds the claims opening each interval and every event, the CSV and
    the KMZ the intervals alone, so each has its own digest.
    """
    labels = ",".join(d.strftime("%Y-%m-%d") for d in dates)
    keys = {
        fmt: _date_digest(
            static, "timeline", labels, "", f"{fmt}:" + (rows.timeline_gpkg() if fmt == "gpkg" else rows.timeline())
        )
        for fmt in TIMELINE_FORMATS
    }
    files = {fmt: download("timeline", fmt) for fmt in TIMELINE_FORMATS}
    outputs.update({files[fmt]: key for fmt, key in keys.items()})
    return [
        fmt
        for fmt in TIMELINE_FORMATS
        if not (previous.get(files[fmt]) == keys[fmt] and (staging / files[fmt]).exists())
    ]


def _write_timeline(model: MapModel, staging: Path, formats: list[str]) -> None:
    """Write the timeline's downloads in ``formats``, every layer computed once."""
    resolver, dates = model.resolver, model.dates
    intervals = intervals_frame(resolver, until=dates[-1])
    layers = timeline_layers(resolver, dates, intervals) if "gpkg" in formats else {"states": intervals}
    for fmt in formats:
        path = staging / download("timeline", fmt)
        _fresh(path)
        write_layers(resolver, layers, fmt, path)


def _plan(static, rows, labels, previous, remembered, staging, outputs, result) -> dict[int, tuple[str, ...]]:
    """Which parts of which dates to make: those whose digest differs from the one the
    previous site recorded (or whose files are gone). Fills ``outputs`` with every file's
    digest, and ``result`` with the dates reused whole and the files to write."""
    todo: dict[int, tuple[str, ...]] = {}
    for i, day in enumerate(labels):
        keys = _date_keys(static, rows, labels, i)
        files = _date_outputs(day, latest="gpkg" in keys)
        for part, names in files.items():
            outputs.update(dict.fromkeys(names, keys[part]))
        stale = tuple(
            part
            for part, names in files.items()
            if day not in remembered or not all(previous.get(f) == keys[part] and (staging / f).exists() for f in names)
        )
        if stale:
            todo[i] = stale
            result.written += [f for part in stale for f in files[part]]
        else:
            result.reused.append(day)
    return todo


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


def render_dates(
    model: MapModel,
    indices: list[int],
    staging: Path,
    tiles: str | None,
    workers=None,
    client=None,
    parts: dict[int, tuple[str, ...]] | None = None,
    extra: list[tuple] | None = None,
):
    """Render the dates ``model.dates[i]`` for ``i`` in ``indices`` into ``staging``; yield
    each date's summary as it is written (in no particular order). ``parts`` may say which
    of a date's files to make (:data:`PARTS`; by default all of them); ``extra`` lists
    other jobs of the build (:func:`_run_job`), done beside the dates.

    Runs in this process (``workers=1``), in a pool of forked processes that inherit the
    model (by default one per core this process may use), or on a Dask cluster (``client``:
    each worker loads the data folder itself, and ``staging`` must be on storage the
    workers share). Every date's files are the same bytes whichever way they are made.
    Nothing is held for the whole year: each date's outputs are written as they come.
    """
    extra = extra or []
    if not indices:
        for job in extra:
            _run_job(model, job, staging, tiles)
        return
    workers = workers or cpu_count()
    if client is not None:
        parallel = max(1, len(client.scheduler_info().get("workers", {})))
        runs = _runs(indices, max(1, min(8, -(-len(indices) // (4 * parallel)))))
        recipe = _recipe(model)
        futures = client.map(
            _remote_run,
            [recipe] * len(runs),
            runs,
            [_parts_of(run, parts) for run in runs],
            staging=str(staging),
            tiles=tiles,
            pure=False,
        )
        from dask.distributed import as_completed

        for job in extra:  # here, while the cluster renders the dates
            _run_job(model, job, staging, tiles)
        for future in as_completed(futures):
            yield from future.result()
        return
    if workers <= 1 or len(indices) + len(extra) <= 1:
        for job in extra:
            _run_job(model, job, staging, tiles)
        yield from _render_run(model, indices, staging, tiles, parts)
        return
    import multiprocessing

    _warm(model)
    runs = _runs(indices, max(1, min(8, -(-len(indices) // (4 * workers)))))
    # The run with the latest date goes first: it also writes the latest downloads, the
    # longest of the jobs; the other jobs go first too, for the same reason.
    runs.sort(key=lambda run: run[-1] != len(model.dates) - 1)
    context = multiprocessing.get_context("fork")
    global _MODEL
    _MODEL = model  # inherited by the forked workers, never pickled
    try:
        jobs = [*extra, *[("dates", run, _parts_of(run, parts)) for run in runs]]
        with context.Pool(
            min(workers, len(jobs)), initializer=hand_back_promptly, initargs=(WORKER_MMAP_THRESHOLD,)
        ) as pool:
            for part in pool.imap_unordered(_pool_run, [(job, str(staging), tiles) for job in jobs]):
                yield from part
    finally:
        _MODEL = None


_MODEL: MapModel | None = None


def _warm(model: MapModel) -> None:
    """Compute once, before forking, what every date needs (else each worker would).

    Then the memory freed while computing it is handed back to the system: a forked
    worker's resident set starts at the parent's, so every page the parent keeps for
    nothing is counted again in each worker.
    """
    _ = model.resolver.transitions, model.cells, model.cells_are_a_coverage, model.polygons, model.country
    _ = model.events
    model.resolver.prepare_dates()
    release_unused()


def _parts_of(run: list[int], parts: dict[int, tuple[str, ...]] | None) -> dict[int, tuple[str, ...]] | None:
    """The parts to make of a run's dates (None: all of them)."""
    return None if parts is None else {i: parts[i] for i in run if i in parts}


def _pool_run(task) -> list[dict]:
    job, staging, tiles = task
    assert _MODEL is not None
    try:
        return _run_job(_MODEL, job, Path(staging), tiles)
    finally:
        # A worker takes one job after another: what one job freed is not kept for the next.
        release_unused()


def _run_job(model: MapModel, job: tuple, staging: Path, tiles: str | None) -> list[dict]:
    """One job of a build: ``("dates", run, parts)`` renders a run of dates (their
    summaries are returned), ``("scripts", paths)`` writes shared scripts, ``("timeline",
    formats)`` the timeline's downloads."""
    kind, *args = job
    if kind == "dates":
        return list(_render_run(model, args[0], staging, tiles, args[1]))
    if kind == "scripts":
        _write_scripts(model, staging, args[0])
    elif kind == "timeline":
        _write_timeline(model, staging, args[0])
    else:
        raise ValueError(f"unknown build job {kind!r}")
    return []


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


def _remote_run(
    recipe: dict, run: list[int], parts: dict[int, tuple[str, ...]] | None, staging: str, tiles: str | None
) -> list[dict]:
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
    return list(_render_run(model, run, Path(staging), tiles, parts))


def _render_run(
    model: MapModel,
    run: list[int],
    staging: Path,
    tiles: str | None,
    parts: dict[int, tuple[str, ...]] | None = None,
):
    """Render a run of consecutive dates, each resolved once; yield each one's summary.

    ``parts`` says which of each date's files to make (:data:`PARTS`); by default all.
    """
    labels = state_labels(model.dataset.sides)
    last = len(model.dates) - 1
    for i, snap in enumerate(model.iter_range(run[0], run[-1] + 1), start=run[0]):
        day = snap.label
        want = PARTS if parts is None else parts.get(i, PARTS)
        if "page" in want:
            for rel, text in render_date(model, snap, assets="../assets", tiles=tiles).items():
                write_text(staging / rel, text)
            _fresh(staging / "thumbs" / f"{day}.png")
            thumbnail(model, snap, staging / "thumbs" / f"{day}.png")
        if "changes" in want:
            _fresh(staging / "downloads" / f"{day}.changes.csv")
            export_changes(model.resolver, snap, staging / "downloads" / f"{day}.changes.csv")
        formats = [f for f in LATEST_FORMATS if ("gpkg" if f == "gpkg" else "states") in want]
        if formats and i == last:
            # Computed once for every format: the states as the map cites them.
            layers = latest_layers(model.resolver, snap)
            for fmt in formats:
                _fresh(staging / download(day, fmt))
                write_layers(model.resolver, layers, fmt, staging / download(day, fmt))
        yield {"date": day, "summary": _summary(snap, labels), "series": _series(snap), "parts": list(want)}


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
