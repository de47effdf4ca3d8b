"""A snapshot: everything one dated map shows, computed from the model, before any HTML.

Keeping this apart from :mod:`aleppo_map.render` lets notebooks, exports and tests use the
same numbers the maps show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .areas import control_areas, equal_area_crs, voronoi_cells
from .states import Resolver, as_day

__all__ = ["MapModel", "Snapshot"]


@dataclass
class Snapshot:
    """One date's map: states, what changed since the previous map, events and areas."""

    date: pd.Timestamp
    previous: pd.Timestamp | None
    next: pd.Timestamp | None
    states: gpd.GeoDataFrame
    changes: pd.DataFrame
    events: pd.DataFrame
    areas: gpd.GeoDataFrame

    @property
    def label(self) -> str:
        return self.date.strftime("%Y-%m-%d")


class MapModel:
    """The dataset's snapshots, sharing one resolver and one tessellation.

    Parameters
    ----------
    resolver : Resolver
    dates : list, optional
        The snapshot dates; by default every date on which a state changes.
    """

    max_claims = 6  # per place on a map: the first three and the latest three; explain() lists them all

    def __init__(self, resolver: Resolver, dates=None):
        self.resolver = resolver
        self.dataset = resolver.dataset
        self.dates = sorted({as_day(d) for d in dates}) if dates is not None else resolver.change_dates()

    @cached_property
    def polygons(self) -> gpd.GeoDataFrame | None:
        return self.dataset.place_polygons()

    @cached_property
    def country(self):
        return self.dataset.country()

    @cached_property
    def crs(self):
        g = self.resolver.gazetteer
        return equal_area_crs(float(g.lat.mean()), float(g.lon.mean()))

    @cached_property
    def cells(self) -> gpd.GeoSeries:
        """Voronoi cells of every place that is not a region centroid, by place row.

        Places sharing a coordinate (an approximate enclave placed at its town's point, say)
        would share one cell and count its area twice; the cell goes to the place of the
        higher kind (a town before its neighbourhood), the other shows as a point only.
        """
        g = self.resolver.gazetteer
        keep = g.precision < 3
        order = pd.DataFrame({"lat": g.lat, "lon": g.lon, "rank": g.kind_rank, "row": np.arange(len(g.lat))})
        order = order[keep].sort_values(["rank", "row"], kind="stable")
        first = order.drop_duplicates(["lat", "lon"])["row"].to_numpy()
        keep = np.zeros(len(g.lat), dtype=bool)
        keep[first] = True
        points = gpd.GeoSeries(
            gpd.points_from_xy(g.lon[keep], g.lat[keep]), index=pd.Index(keep.nonzero()[0]), crs="EPSG:4326"
        )
        return voronoi_cells(points, self.country, self.crs)

    @cached_property
    def cells_are_a_coverage(self) -> bool:
        """Whether the cells tile without overlaps (checked once; any subset then does too)."""
        return bool(shapely.coverage_is_valid(self.cells.values))

    @cached_property
    def events(self) -> pd.DataFrame:
        e = self.dataset.events.drop(columns=["line"], errors="ignore").copy()
        e["day"] = pd.to_datetime(e["date"])
        return e

    def areas(self, states: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Estimated control areas for one date's states (see :mod:`aleppo_map.areas`)."""
        order = states.set_index("place_id").reindex(self.resolver.gazetteer.ids)
        rows = order.iloc[self.cells.index]
        rows.index = self.cells.index
        # The map, the downloads and the timeline ask for the same dates: dissolve once each.
        key = tuple(rows["state"].fillna("unknown"))
        cache = self.__dict__.setdefault("_areas_cache", {})
        if key not in cache:
            cache[key] = control_areas(rows, self.cells, coverage=self.cells_are_a_coverage)
        return cache[key].copy()

    def snapshot(self, date, previous=None, following=None) -> Snapshot:
        """One date's snapshot; ``previous`` (the date changes count from) and ``following``
        (the next map, for navigation) are dates or YYYY-MM-DD strings."""
        day = as_day(date)
        previous = as_day(previous) if previous is not None else None
        following = as_day(following) if following is not None else None
        states = self.resolver.states(day, max_claims=self.max_claims)
        if previous is not None:
            before = self.resolver.states(previous, max_claims=self.max_claims)
            changed = (before["state"] != states["state"]).to_numpy()
            changes = pd.DataFrame(
                {
                    "place_id": states["place_id"][changed],
                    "name": states["name"][changed],
                    "old_state": before["state"][changed],
                    "new_state": states["state"][changed],
                }
            ).reset_index(drop=True)
        else:
            changes = pd.DataFrame(columns=["place_id", "name", "old_state", "new_state"])
        window = self.events["day"] <= day
        if previous is not None:
            window &= self.events["day"] > previous
        return Snapshot(
            date=day,
            previous=previous,
            next=following,
            states=states,
            changes=changes,
            events=self.events[window].reset_index(drop=True),
            areas=self.areas(states),
        )

    def __iter__(self) -> Iterator[Snapshot]:
        for i, day in enumerate(self.dates):
            prev = self.dates[i - 1] if i else None
            nxt = self.dates[i + 1] if i + 1 < len(self.dates) else None
            yield self.snapshot(day, prev, nxt)

    def __len__(self) -> int:
        return len(self.dates)
