"""A dataset: the folder of CSV and GeoJSON files that describes one conflict.

``Dataset.load`` reads and checks every file and either returns the whole dataset or
raises :class:`~aleppo_map.tables.DataError` with every problem found. The default folder
is the ``geodata/`` shipped with the project; any other folder with the same files maps
another conflict (nothing about Syria or its sides is hard-coded).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import claims as C
from .gazetteer import ALIASES, ALIASES_CURATED, PLACES, PLACES_CURATED, SYRIA_BOUNDS, Gazetteer
from .tables import Column, DataError, Problem, Table, read_table

__all__ = ["Dataset", "default_data_dir", "validate"]

BOUNDS = Table(
    "bounds.csv",
    (
        Column("lat_min", "float", required=True),
        Column("lon_min", "float", required=True),
        Column("lat_max", "float", required=True),
        Column("lon_max", "float", required=True),
    ),
    key=None,
    optional=True,
)
# Words the state layer uses for itself: a side may not be called by them.
RESERVED_SIDE_IDS = ("unknown", "contested", "disputed", "withdrew")
MAX_DEPTH = 6
# How far outside the country outline a place may lie, in degrees (about 10 km): border towns
# sit on the line, and the outline is simplified.
BORDER_MARGIN_DEG = 0.1
# Names shown on maps and in downloads; an invisible control, bidirectional override or
# zero-width character in them can make one name read as another.
# Refused: C0/C1 controls, zero-width space and joiners, word joiner, BOM, bidirectional
# embeddings, overrides and isolates. Allowed: the directional marks LRM, RLM and ALM
# (U+200E, U+200F, U+061C), which Unicode recommends for mixed-direction text and which
# cannot reorder or hide the letters around them.
from .names import HIDDEN_CHARS  # noqa: E402  (one definition for load and geocoding)

NAME_FIELDS = (
    ("places", "name"),
    ("places", "name_ar"),
    ("aliases", "alias"),
    ("sides", "label"),
    ("sources", "name"),
)


def default_data_dir() -> Path:
    """``$ALEPPO_MAP_DATA`` if set, else the ``geodata/`` folder beside the package."""
    env = os.environ.get("ALEPPO_MAP_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "geodata"


@dataclass
class Dataset:
    """Every table of one conflict's data, checked and cross-referenced."""

    root: Path
    places: pd.DataFrame
    aliases: pd.DataFrame
    sides: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path | str | None = None, gazetteer_only: bool = False) -> Dataset:
        """Read every file and record every problem, without raising.

        With ``gazetteer_only`` only the places and aliases are read (geocoding needs no claims).
        """
        root = Path(root) if root else default_data_dir()
        problems: list[Problem] = []
        if not root.is_dir():
            raise DataError([Problem(str(root), 0, "", "data folder does not exist")])

        def load(table):
            if gazetteer_only and table.filename not in (
                PLACES.filename,
                PLACES_CURATED.filename,
                ALIASES.filename,
                ALIASES_CURATED.filename,
            ):
                return read_table(root / "-", replace(table, optional=True))[0]
            try:
                frame, found = read_table(root / table.filename, table)
            except OSError as exc:  # unreadable (permissions): named, not a traceback
                found = [Problem(table.filename, 0, "", f"cannot be read: {exc.strerror}")]
                frame = read_table(root / "-", replace(table, optional=True))[0]
            problems.extend(found)
            return frame

        places = [load(PLACES), load(PLACES_CURATED)]
        places = [p.assign(file=t.filename) for p, t in zip(places, (PLACES, PLACES_CURATED), strict=True)]
        aliases = [load(ALIASES), load(ALIASES_CURATED)]
        aliases = [a.assign(file=t.filename) for a, t in zip(aliases, (ALIASES, ALIASES_CURATED), strict=True)]
        ds = cls(
            root=root,
            places=pd.concat(places, ignore_index=True),
            aliases=pd.concat(aliases, ignore_index=True),
            sides=load(C.SIDES),
            sources=load(C.SOURCES),
            claims=load(C.CLAIMS),
            events=load(C.EVENTS),
            problems=problems,
        )
        links = ds._check_links()
        ds.problems.extend(links)
        if not gazetteer_only:
            ds.problems.extend(ds._check_other_files({p.file for p in links}))
        ds.problems.extend(ds._cross_check())
        ds.problems.sort()
        return ds

    @classmethod
    def load(cls, root: Path | str | None = None, gazetteer_only: bool = False) -> Dataset:
        """Read every file; raise DataError listing all problems if there are any.

        The claims' columns of choices, dates and references (side, action, place, source,
        dates) come back as pandas categories (:func:`_as_categories`); :meth:`read`
        leaves every column as text.
        """
        ds = cls.read(root, gazetteer_only)
        if ds.problems:
            raise DataError(ds.problems)
        ds.claims = _as_categories(ds.claims, C.CLAIMS)
        return ds

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(self.places, self.aliases)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """lat_min, lon_min, lat_max, lon_max that every place must lie in.

        From ``bounds.csv`` in the data folder when present (another conflict's
        dataset), else Syria's.
        """
        frame, problems = read_table(self.root / BOUNDS.filename, BOUNDS)
        if problems or frame.empty:
            self._bounds_problems = problems or (
                [Problem(BOUNDS.filename, 2, "", "has no row")] if (self.root / BOUNDS.filename).exists() else []
            )
            return SYRIA_BOUNDS
        row = frame.iloc[0]
        return (float(row.lat_min), float(row.lon_min), float(row.lat_max), float(row.lon_max))

    def side_ids(self) -> list[str]:
        return self.sides["id"].tolist()

    def country(self):
        """The country outline (``boundaries/country.geojson``) as one geometry, or None."""
        if "_country" not in self.__dict__:
            path = self.root / "boundaries" / "country.geojson"
            if not path.exists():
                self._country = None
            else:
                self._country = self._boundary(path).to_crs("EPSG:4326").union_all()
        return self._country

    def _boundary(self, path: Path):
        """A boundaries file as a GeoDataFrame: the one validation read, else read now."""
        frame = self.__dict__.get("_boundaries", {}).get(path.name)
        if frame is None:
            import geopandas as gpd

            frame = gpd.read_file(path)
        return frame

    def place_polygons(self):
        """Polygons of places (every other ``boundaries/*.geojson`` with a ``place_id``), or None."""
        import geopandas as gpd

        frames = []
        for path in sorted((self.root / "boundaries").glob("*.geojson")):
            if path.stem == "country":
                continue
            frame = self._boundary(path).to_crs("EPSG:4326")
            if "place_id" in frame.columns:
                frames.append(frame[["place_id", "geometry"]].assign(layer=path.stem))
        if not frames:
            return None
        out = pd.concat(frames, ignore_index=True)
        return gpd.GeoDataFrame(out[out["place_id"].isin(set(self.places["id"]))], crs="EPSG:4326")

    # -- files besides the tables ---------------------------------------------------------
    def _check_links(self) -> list[Problem]:
        """Symbolic links must stay inside the data folder: a link to /etc/passwd in
        ``licenses/`` would otherwise be published with the site."""
        out = []
        root = self.root.resolve()
        for folder, dirs, files in os.walk(self.root):
            for name in sorted(dirs + files):
                path = Path(folder) / name
                if not path.is_symlink():
                    continue
                rel = path.relative_to(self.root).as_posix()
                target = path.resolve()
                if not target.is_relative_to(root):
                    out.append(
                        Problem(
                            rel,
                            0,
                            "",
                            f"is a symbolic link to {os.readlink(path)}, outside the data folder; "
                            "copy the file into the folder instead",
                        )
                    )
                elif not target.exists():
                    out.append(Problem(rel, 0, "", f"is a broken symbolic link (to {os.readlink(path)})"))
        return out

    def _check_other_files(self, seen_links: set[str]) -> list[Problem]:
        """Everything else a build reads: the attribution, licences and boundaries.

        ``seen_links`` are the files :meth:`_check_links` refused (already reported). The
        boundaries read here are kept for :meth:`country` and :meth:`place_polygons`, so a
        build reads each file once.
        """
        out = []
        self._boundaries = {}
        attribution = self.root / "ATTRIBUTION.txt"
        if attribution.exists() and attribution.name not in seen_links:
            out += _check_text(attribution, "ATTRIBUTION.txt")
        licences = self.root / "licenses"
        if licences.exists() and not licences.is_dir():
            out.append(Problem("licenses", 0, "", "is not a folder; it should hold the data's licence files"))
        elif licences.is_dir():
            for path in sorted(licences.iterdir()):
                rel = f"licenses/{path.name}"
                if rel in seen_links:
                    continue
                if not path.is_file():
                    out.append(Problem(rel, 0, "", "is not a file: the licences folder holds licence files only"))
                elif not os.access(path, os.R_OK):  # the build copies it onto the site
                    out.append(Problem(rel, 0, "", "cannot be read (permission denied)"))
        boundaries = self.root / "boundaries"
        if boundaries.exists() and not boundaries.is_dir():
            out.append(Problem("boundaries", 0, "", "is not a folder; it should hold GeoJSON files"))
        elif boundaries.is_dir():
            for path in sorted(boundaries.glob("*.geojson")):
                rel = f"boundaries/{path.name}"
                if rel not in seen_links:
                    found, frame = _check_geojson(path, rel)
                    out += found
                    if frame is not None and not found:
                        self._boundaries[path.name] = frame
        return out

    # -- cross-file checks -------------------------------------------------------------------
    def _cross_check(self) -> list[Problem]:
        out: list[Problem] = []
        out += self._check_places()
        out += self._check_names()
        ids = set(self.places["id"])
        for row in self.aliases[_unknown(self.aliases["place_id"], ids)].itertuples():
            out.append(Problem(row.file, row.line, "place_id", f"unknown place {row.place_id!r}"))
        sides = set(self.sides["id"])
        for row in self.sides.itertuples():
            if row.id in RESERVED_SIDE_IDS:
                out.append(
                    Problem("sides.csv", row.line, "id", f"{row.id!r} is a state, not a side; choose another id")
                )
        for row in self.sources.itertuples():
            if row.side and row.side not in sides:
                out.append(
                    Problem(
                        "sources.csv",
                        row.line,
                        "side",
                        f"unknown side {row.side!r}; sides are: {', '.join(sorted(sides))}",
                    )
                )
            if row.role == "party" and not row.side:
                out.append(Problem("sources.csv", row.line, "side", "a party to the war needs the side it belongs to"))
        out += self.check_reports(self.claims, "claims.csv", "about_date", ids, sides)
        out += self.check_reports(self.events, "events.csv", "date", ids, None)
        return out

    def _check_places(self) -> list[Problem]:
        out: list[Problem] = []
        bounds = self.bounds
        out += getattr(self, "_bounds_problems", [])
        first: dict[str, tuple[str, int]] = {}
        for row in self.places.itertuples():
            if row.id in first and first[row.id][0] != row.file:
                f, line = first[row.id]
                out.append(Problem(row.file, row.line, "id", f"duplicate id {row.id!r} (also {f}:{line})"))
            first.setdefault(row.id, (row.file, row.line))
        ids = set(self.places["id"])
        lat0, lon0, lat1, lon1 = bounds
        lat = pd.to_numeric(self.places["lat"], errors="coerce")
        lon = pd.to_numeric(self.places["lon"], errors="coerce")
        outside = lat.notna() & lon.notna() & ~(lat.between(lat0, lat1) & lon.between(lon0, lon1))
        for i in outside[outside].index:
            row = self.places.loc[i]
            swapped = lat0 <= lon[i] <= lat1 and lon0 <= lat[i] <= lon1
            hint = " (lat and lon look swapped)" if swapped else ""
            out.append(
                Problem(
                    row.file,
                    int(row.line),
                    "lat",
                    f"{lat[i]}, {lon[i]} lies outside the dataset's bounds {self.bounds}{hint}",
                )
            )
        out += self._check_country(lat, lon, outside)
        bad_parent = self.places["parent_id"].ne("") & ~self.places["parent_id"].isin(ids)
        for row in self.places[bad_parent].itertuples():
            out.append(Problem(row.file, row.line, "parent_id", f"unknown parent place {row.parent_id!r}"))
        for row in self.places[self.places["parent_id"] == self.places["id"]].itertuples():
            out.append(Problem(row.file, row.line, "parent_id", "a place cannot be its own parent"))
        out += self._check_hierarchy()
        return out

    def _check_country(self, lat: pd.Series, lon: pd.Series, outside: pd.Series) -> list[Problem]:
        """Places must lie in the country outline (within BORDER_MARGIN_DEG), when there is one.

        The bounding box lets through swapped coordinates that stay inside it (Aleppo at
        37.16 N, 36.20 E lies in Turkey); the outline does not. A dataset without
        ``boundaries/country.geojson`` relies on its bounds alone.
        """
        path = self.root / "boundaries" / "country.geojson"
        if not path.is_file() or any(p.file == "boundaries/country.geojson" for p in self.problems):
            return []
        try:
            country = self.country()
        except Exception:  # unreadable: _check_geojson has said why
            return []
        if country is None or country.is_empty:
            return []
        import shapely

        area = shapely.buffer(country, BORDER_MARGIN_DEG)
        shapely.prepare(area)
        check = lat.notna() & lon.notna() & ~outside
        idx = check[check].index
        inside = shapely.contains_xy(area, lon[idx].to_numpy(), lat[idx].to_numpy())
        out = []
        for i in idx[~inside]:
            row = self.places.loc[i]
            swapped = bool(shapely.contains_xy(area, lat[i], lon[i]))
            hint = " (lat and lon look swapped)" if swapped else ""
            out.append(
                Problem(
                    row.file,
                    int(row.line),
                    "lat",
                    f"{lat[i]}, {lon[i]} lies outside the country outline in boundaries/country.geojson "
                    f"(by more than {BORDER_MARGIN_DEG} degrees){hint}",
                )
            )
        return out

    def _check_names(self) -> list[Problem]:
        """Names with an invisible control, bidirectional override or zero-width character
        are refused, as geocoding refuses them in a query."""
        out = []
        for table, col in NAME_FIELDS:
            frame = getattr(self, table)
            if col not in frame.columns or frame.empty:
                continue
            hit = frame[col].str.contains(HIDDEN_CHARS, regex=True, na=False)
            for i in hit[hit].index:
                row = frame.loc[i]
                fname = row["file"] if "file" in frame.columns else f"{table}.csv"
                found = HIDDEN_CHARS.search(row[col])
                char = found.group() if found else ""
                out.append(
                    Problem(
                        fname,
                        int(row["line"]),
                        col,
                        f"holds an invisible control, bidirectional override or zero-width character "
                        f"(U+{ord(char):04X}) that can make a name read as another; remove it",
                    )
                )
        return out

    def _check_hierarchy(self) -> list[Problem]:
        """A parent chain must end within MAX_DEPTH steps: no cycles, no runaway nesting."""
        parent = dict(zip(self.places["id"], self.places["parent_id"], strict=False))
        out = []
        for row in self.places.itertuples():
            seen, here = [row.id], parent.get(row.id, "")
            while here and here in parent and len(seen) <= MAX_DEPTH:
                if here in seen:
                    out.append(
                        Problem(row.file, row.line, "parent_id", "parents form a cycle: " + " > ".join([*seen, here]))
                    )
                    break
                seen.append(here)
                here = parent.get(here, "")
            else:
                if here and here in parent:
                    out.append(Problem(row.file, row.line, "parent_id", f"more than {MAX_DEPTH} levels of parents"))
        return out

    @cached_property
    def _names_only(self) -> Gazetteer | None:
        """A gazetteer of the places' own names, for "did you mean" hints (None if the table is broken)."""
        try:
            return Gazetteer(self.places, self.aliases.iloc[0:0])
        except (KeyError, ValueError, TypeError):  # a broken places table has its own problems
            return None

    def _suggest(self, ref: str) -> str:
        hints = self._names_only.suggest(ref) if self._names_only else []
        return f"; did you mean: {', '.join(hints)}?" if hints else ""

    def check_reports(self, frame, fname, date_col, place_ids, sides) -> list[Problem]:
        """Problems of claim or event rows (``frame``) against this dataset: places, sides, sources, dates.

        Used for the dataset's own files and for candidates under review (``fname`` is the
        file named in each problem; ``sides`` None for events, which name no side). Each
        check runs on whole columns and each distinct value is parsed once, so a million
        claims cost seconds; the problems come in the order of the rows, then of the checks.
        """
        found: list[tuple[int, int, Problem]] = []
        lines = frame["line"].to_numpy()

        def add(mask, rank: int, field: str, message) -> None:
            for i in np.flatnonzero(np.asarray(mask, dtype=bool)):
                found.append((int(i), rank, Problem(fname, int(lines[i]), field, message(int(i)))))

        def cell(col: str):
            return lambda i: frame[col].iat[i]

        place = cell("place_id")
        add(
            _unknown(frame["place_id"], place_ids),
            0,
            "place_id",
            lambda i: f"unknown place {place(i)!r}{self._suggest(place(i))}",
        )
        if sides is not None:
            side, listed = cell("side"), ", ".join(sorted(sides))
            add(_unknown(frame["side"], sides), 1, "side", lambda i: f"unknown side {side(i)!r}; sides are: {listed}")
        sources = set(self.sources["id"])
        for rank, col in ((2, "outlet"), (3, "claimant")):
            add(
                _unknown(frame[col], sources),
                rank,
                col,
                lambda i, col=col: f"{frame[col].iat[i]!r} is not in sources.csv",
            )
        about, published = frame[date_col], frame["published"]
        about_ok, published_ok = _dates(about), _dates(published)
        today = dt.date.today().isoformat()
        when, pub = cell(date_col), cell("published")
        add(
            about_ok & (about < C.EARLIEST),
            4,
            date_col,
            lambda i: f"{when(i)} is before {C.EARLIEST}: outside the war's span",
        )
        add(about_ok & (about > today), 5, date_col, lambda i: f"{when(i)} is in the future")
        after = about_ok & published_ok & (about > published)
        add(after, 6, date_col, lambda i: f"{when(i)} is after the publication date {pub(i)}")
        add(published_ok & (published > today), 7, "published", lambda i: f"{pub(i)} is in the future")
        if fname == "claims.csv":
            needs = (frame["stance"].isin(("attributed", "denied")) & (frame["claimant"] == "")) | (
                (frame["except"] != "") | (frame["held_since"] != "")
            )
            columns = ("stance", "claimant", "except", "scope", "place_id", "held_since", "action", "about_date")
            for i in np.flatnonzero(needs.to_numpy(dtype=bool)):
                r = {c: frame[c].iat[i] for c in columns}
                found += [(int(i), 8, p) for p in self._check_claim(r, int(lines[i]), place_ids)]
        else:
            found += _figure_problems(frame, fname, lines)
        found.sort(key=lambda f: (f[0], f[1]))
        return [p for _, _, p in found]

    @cached_property
    def _parent_map(self) -> dict[str, str]:
        return dict(zip(self.places["id"], self.places["parent_id"], strict=False))

    def _ancestors_of(self, place_id: str) -> list[str]:
        parent = self._parent_map
        out: list[str] = []
        here = parent.get(place_id, "")
        while here and here not in out and len(out) <= MAX_DEPTH:
            out.append(here)
            here = parent.get(here, "")
        return out

    def _check_claim(self, r, line, place_ids) -> list[Problem]:
        out = []
        if r["stance"] in ("attributed", "denied") and not r["claimant"]:
            out.append(Problem("claims.csv", line, "claimant", f"a claim {r['stance']} needs the claimant who made it"))
        if r["except"]:
            if r["scope"] != "whole":
                out.append(Problem("claims.csv", line, "except", "exceptions only make sense with scope 'whole'"))
            for pid in (p.strip() for p in r["except"].split(";")):
                if pid not in place_ids:
                    out.append(Problem("claims.csv", line, "except", f"unknown place {pid!r}"))
                elif pid == r["place_id"]:
                    out.append(Problem("claims.csv", line, "except", f"{pid!r} is the claim's own place"))
                elif r["place_id"] in place_ids and r["place_id"] not in self._ancestors_of(pid):
                    out.append(Problem("claims.csv", line, "except", f"{pid!r} does not lie within {r['place_id']!r}"))
        if r["held_since"]:
            if r["action"] != "holds":
                out.append(Problem("claims.csv", line, "held_since", "only a 'holds' claim can say since when"))
            elif _is_date(r["about_date"]) and _is_date(r["held_since"]) and r["held_since"] > r["about_date"]:
                out.append(Problem("claims.csv", line, "held_since", "is after the date the claim is about"))
            elif _is_date(r["held_since"]) and r["held_since"] < C.EARLIEST:
                out.append(Problem("claims.csv", line, "held_since", f"is before {C.EARLIEST}"))
        return out


def _as_categories(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame`` with its columns of choices, dates and references held as categories.

    A million claims name a few sides, actions and sources, some hundred dates and some
    thousand places: as text each such column takes 8-20 MB, as a category 1-2 MB. Each
    value reads the same (``==``, ``isin``, ``.str``); the checks run on the text before.
    """
    repeated = [c.name for c in table.columns if c.kind in ("choice", "date", "id") and c.name != table.key]
    return frame.astype({name: "category" for name in repeated if name in frame.columns})


def _check_text(path: Path, label: str) -> list[Problem]:
    """A text file a page embeds: a file, UTF-8, no NUL byte."""
    if not path.is_file():
        return [Problem(label, 0, "", "is not a file")]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(label, 0, "", f"cannot be read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [
            Problem(
                label, line, "", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
            )
        ]
    if "\x00" in text:
        return [Problem(label, text[: text.index("\x00")].count("\n") + 1, "", "holds a NUL byte: it is not text")]
    return []


def _check_geojson(path: Path, label: str):
    """A boundaries file must be a readable GeoJSON FeatureCollection of polygons.

    Returns the problems and the frame read (None when unreadable). The bytes are read once
    and handed to GDAL, as the build reads them; only when GDAL cannot read them is the
    JSON parsed, so that a truncated or hand-broken file is named with its line.
    """
    if not path.is_file():
        return [Problem(label, 0, "", "is not a file")], None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Problem(label, 0, "", f"cannot be read: {exc.strerror}")], None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [Problem(label, line, "", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})")], None
    try:
        import geopandas as gpd

        frame = gpd.read_file(io.BytesIO(raw))
    except Exception as exc:  # GDAL's errors have many types; name the file and line, not a traceback
        return [_geojson_syntax(raw, label) or Problem(label, 0, "", f"cannot be read as GeoJSON: {exc}")], None
    if frame.empty:
        return [Problem(label, 0, "", "has no feature")], frame
    out = []
    kinds = set(frame.geometry.geom_type.dropna())
    if frame.geometry.isna().any() or frame.geometry.is_empty.any():
        out.append(Problem(label, 0, "geometry", "a feature has no geometry"))
    if kinds - {"Polygon", "MultiPolygon"}:
        out.append(
            Problem(label, 0, "geometry", f"holds {', '.join(sorted(kinds))}; boundaries must be (multi)polygons")
        )
    return out, frame


def _geojson_syntax(raw: bytes, label: str) -> Problem | None:
    """Why a file GDAL refused is not GeoJSON, with its line, or None when the JSON is sound."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except json.JSONDecodeError as exc:
        return Problem(label, exc.lineno, "", f"is not valid JSON (truncated?): {exc.msg} at column {exc.colno}")
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature"):
        return Problem(label, 1, "type", "is not a GeoJSON FeatureCollection")
    return None


def _is_date(value) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def _is_int(value) -> bool:
    try:
        int(value)
        return True
    except ValueError:
        return False


def _unknown(values: pd.Series, known) -> np.ndarray:
    """Cells that name something (not empty) that is not among ``known``."""
    return ((values != "") & ~values.isin(list(known))).to_numpy(dtype=bool)


def _dates(values: pd.Series) -> np.ndarray:
    """Which cells are real dates (YYYY-MM-DD), each distinct value parsed once."""
    codes, uniques = pd.factorize(values)
    ok = np.array([_is_date(u) for u in uniques] + [False], dtype=bool)
    return ok[codes]  # code -1 (a missing cell) takes the last: False


def _figure_problems(frame: pd.DataFrame, fname: str, lines: np.ndarray) -> list[tuple[int, int, Problem]]:
    """An event's figures: none negative, and low <= best <= high among those given."""
    numbers = {}
    for c in ("low", "best", "high"):
        codes, uniques = pd.factorize(frame[c])
        parsed = [float(int(u)) if u not in ("", None) and _is_int(u) else np.nan for u in uniques]
        numbers[c] = np.array([*parsed, np.nan])[codes]
    found = []
    for rank, c in enumerate(("low", "best", "high"), start=8):
        for i in np.flatnonzero(numbers[c] < 0):
            found.append(
                (
                    int(i),
                    rank,
                    Problem(fname, int(lines[i]), c, f"{frame[c].iat[i]} is negative: a count of people cannot be"),
                )
            )
    given = sum(~np.isnan(n) for n in numbers.values())
    for i in np.flatnonzero(given > 1):  # few rows give two figures: compared as whole numbers
        nums = [int(frame[c].iat[i]) for c in ("low", "best", "high") if not np.isnan(numbers[c][i])]
        if nums != sorted(nums):
            found.append((int(i), 11, Problem(fname, int(lines[i]), "low", "figures must satisfy low <= best <= high")))
    return found


def validate(root: Path | str | None = None) -> list[Problem]:
    """Every problem in a dataset folder (an empty list when it is clean)."""
    try:
        return Dataset.read(root).problems
    except DataError as exc:
        return exc.problems
