"""A dataset: the folder of CSV and GeoJSON files that describes one conflict.

``Dataset.load`` reads and checks every file and either returns the whole dataset or
raises :class:`~aleppo_map.tables.DataError` with every problem found. The default folder
is the ``geodata/`` shipped with the project; any other folder with the same files maps
another conflict (nothing about Syria or its sides is hard-coded).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

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
            frame, found = read_table(root / table.filename, table)
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
        ds.problems.extend(ds._cross_check())
        ds.problems.sort()
        return ds

    @classmethod
    def load(cls, root: Path | str | None = None, gazetteer_only: bool = False) -> Dataset:
        """Read every file; raise DataError listing all problems if there are any."""
        ds = cls.read(root, gazetteer_only)
        if ds.problems:
            raise DataError(ds.problems)
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
        path = self.root / "boundaries" / "country.geojson"
        if not path.exists():
            return None
        import geopandas as gpd

        return gpd.read_file(path).to_crs("EPSG:4326").union_all()

    def place_polygons(self):
        """Polygons of places (every other ``boundaries/*.geojson`` with a ``place_id``), or None."""
        import geopandas as gpd

        frames = []
        for path in sorted((self.root / "boundaries").glob("*.geojson")):
            if path.stem == "country":
                continue
            frame = gpd.read_file(path).to_crs("EPSG:4326")
            if "place_id" in frame.columns:
                frames.append(frame[["place_id", "geometry"]].assign(layer=path.stem))
        if not frames:
            return None
        out = pd.concat(frames, ignore_index=True)
        return gpd.GeoDataFrame(out[out["place_id"].isin(set(self.places["id"]))], crs="EPSG:4326")

    # -- cross-file checks -------------------------------------------------------------------
    def _cross_check(self) -> list[Problem]:
        out: list[Problem] = []
        out += self._check_places()
        ids = set(self.places["id"])
        for row in self.aliases.itertuples():
            if row.place_id and row.place_id not in ids:
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
        out += self._check_reports(self.claims, "claims.csv", "about_date", ids, sides)
        out += self._check_reports(self.events, "events.csv", "date", ids, None)
        return out

    def _check_places(self) -> list[Problem]:
        out = []
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
        bad_parent = self.places["parent_id"].ne("") & ~self.places["parent_id"].isin(ids)
        for row in self.places[bad_parent].itertuples():
            out.append(Problem(row.file, row.line, "parent_id", f"unknown parent place {row.parent_id!r}"))
        for row in self.places[self.places["parent_id"] == self.places["id"]].itertuples():
            out.append(Problem(row.file, row.line, "parent_id", "a place cannot be its own parent"))
        out += self._check_hierarchy()
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

    def _suggest(self, ref: str) -> str:
        if not hasattr(self, "_names_only"):
            try:
                self._names_only = Gazetteer(self.places, self.aliases.iloc[0:0])
            except (KeyError, ValueError, TypeError):  # a broken places table has its own problems
                self._names_only = None
        hints = self._names_only.suggest(ref) if self._names_only else []
        return f"; did you mean: {', '.join(hints)}?" if hints else ""

    def _check_reports(self, frame, fname, date_col, place_ids, sides) -> list[Problem]:
        out = []
        sources = set(self.sources["id"])
        today = dt.date.today().isoformat()
        for r in frame.to_dict("records"):
            line = r["line"]
            if r["place_id"] and r["place_id"] not in place_ids:
                out.append(
                    Problem(fname, line, "place_id", f"unknown place {r['place_id']!r}{self._suggest(r['place_id'])}")
                )
            if sides is not None and r["side"] and r["side"] not in sides:
                out.append(
                    Problem(fname, line, "side", f"unknown side {r['side']!r}; sides are: {', '.join(sorted(sides))}")
                )
            for col in ("outlet", "claimant"):
                if r[col] and r[col] not in sources:
                    out.append(Problem(fname, line, col, f"{r[col]!r} is not in sources.csv"))
            about, published = r[date_col], r["published"]
            if _is_date(about):
                if about < C.EARLIEST:
                    out.append(
                        Problem(fname, line, date_col, f"{about} is before {C.EARLIEST}: outside the war's span")
                    )
                if about > today:
                    out.append(Problem(fname, line, date_col, f"{about} is in the future"))
                if _is_date(published) and about > published:
                    out.append(Problem(fname, line, date_col, f"{about} is after the publication date {published}"))
            if _is_date(published) and published > today:
                out.append(Problem(fname, line, "published", f"{published} is in the future"))
            if fname == "claims.csv":
                out += self._check_claim(r, line, place_ids)
            else:
                nums = [int(r[c]) for c in ("low", "best", "high") if r[c] not in ("", None) and _is_int(r[c])]
                if nums != sorted(nums):
                    out.append(Problem(fname, line, "low", "figures must satisfy low <= best <= high"))
        return out

    def _ancestors_of(self, place_id: str) -> list[str]:
        parent = getattr(self, "_parent_map", None)
        if parent is None:
            parent = self._parent_map = dict(zip(self.places["id"], self.places["parent_id"], strict=False))
        out, here = [], parent.get(place_id, "")
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


def validate(root: Path | str | None = None) -> list[Problem]:
    """Every problem in a dataset folder (an empty list when it is clean)."""
    try:
        return Dataset.read(root).problems
    except DataError as exc:
        return exc.problems
