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

__all__ = ["MapModel", "Snapshot", "map_states", "shorten_ids"]


def shorten_ids(ids: str, limit: int) -> str:
    """The first and the latest of ``;``-separated claim ids, at most ``limit`` of them.

    The same ids :meth:`Resolver.states` lists with ``max_claims=limit``: the first
    ``limit // 2`` and the last ``limit - limit // 2``, in their order.
    """
    if ids.count(";") < limit:
        return ids
    head = max(1, limit // 2)
    tail = max(1, limit - limit // 2)
    if limit < 2:
        parts = ids.split(";")
        return ";".join(parts[:head] + parts[-tail:])
    # Cut at the head-th separator from the left and the tail-th from the right: a list of
    # 300 routine confirmations is not split into 300 strings to keep six.
    left, right = -1, len(ids)
    for _ in range(head):
        left = ids.index(";", left + 1)
    for _ in range(tail):
        right = ids.rindex(";", 0, right)
    return ids[:left] + ids[right:]


def map_states(full: gpd.GeoDataFrame, limit: int) -> gpd.GeoDataFrame:
    """A date's states as a map shows them, from the states with every claim listed.

    A popup need not list 300 routine confirmations; the counts (``n_claims``,
    ``n_contradicting``) still count them all. Derived, not resolved again.
    """
    out = full.copy()
    for column, count in (("claims", "n_claims"), ("contradicting", "n_contradicting")):
        values = out[column].to_numpy(dtype=object).copy()
        # Only lists longer than the limit are cut (the counts say which: they count all).
        long = np.flatnonzero(out[count].to_numpy() > limit)
        values[long] = [shorten_ids(v, limit) for v in values[long].tolist()]
        out[column] = pd.array(values, dtype="str")
    return out


@dataclass
class Snapshot:
    """One date's map: states, what changed since the previous map, events and areas.

    Resolved once per date and handed to everything that shows the date (the page, the
    thumbnail, the downloads, the charts): none of them asks the resolver again.

    Attributes
    ----------
    states : GeoDataFrame
        Every place's state as the map shows it: ``claims`` and ``contradicting`` list at
        most :attr:`MapModel.max_claims` ids (the first and the latest); ``n_claims`` and
        ``n_contradicting`` count them all.
    full_states : GeoDataFrame
        The same states with every claim id listed, for the downloads.
    """

    date: pd.Timestamp
    previous: pd.Timestamp | None
    next: pd.Timestamp | None
    states: gpd.GeoDataFrame
    changes: pd.DataFrame
    events: pd.DataFrame
    areas: gpd.GeoDataFrame
    full_states: gpd.GeoDataFrame | None = None

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
        # Each state's union of cells, from the last call of areas(): dates in order share most.
        self._unions: dict = {}

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
        """Estimated control areas for one date's states (see :mod:`aleppo_map.areas`).

        Not cached: a snapshot carries its areas, and a year of them would not fit. Only
        the union of each state whose places changed since the last call is made again.
        """
        order = states.set_index("place_id").reindex(self.resolver.gazetteer.ids)
        rows = order.iloc[self.cells.index]
        rows.index = self.cells.index
        return control_areas(rows, self.cells, coverage=self.cells_are_a_coverage, unions=self._unions)

    def resolve(self, date) -> gpd.GeoDataFrame:
        """A date's states with every claim listed, resolved afresh (the resolver's own
        cache is left alone: a build walks through a year once and keeps nothing)."""
        return self.resolver.states(as_day(date), cache=False)

    def states_only(self, date) -> pd.DataFrame:
        """A date's ``place_id`` and ``state`` alone, in the order of :meth:`resolve`'s rows:
        what the changes of the next date need, without resolving the date in full."""
        _, state = next(self.resolver.walk([date]))
        frame = pd.DataFrame({"place_id": self.resolver.gazetteer.ids, "state": state.astype(str)})
        return frame.sort_values("place_id", kind="stable").reset_index(drop=True)

    def snapshot(self, date, previous=None, following=None, before: gpd.GeoDataFrame | None = None) -> Snapshot:
        """One date's snapshot; ``previous`` (the date changes count from) and ``following``
        (the next map, for navigation) are dates or YYYY-MM-DD strings.

        ``before`` may pass the previous date's states (any claim listing) when the caller
        has them, as iterating the model does: each date is then resolved once.
        """
        day = as_day(date)
        previous = as_day(previous) if previous is not None else None
        following = as_day(following) if following is not None else None
        full = self.resolve(day)
        states = map_states(full, self.max_claims)
        if previous is not None:
            if before is None:
                before = self.states_only(previous)
            changed = before["state"].to_numpy() != states["state"].to_numpy()
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
            full_states=full,
        )

    def __iter__(self) -> Iterator[Snapshot]:
        """The snapshots in date order, each date resolved once (the previous date's states
        are carried forward); only two dates' states are held at a time."""
        return self.iter_range(0, len(self.dates))

    def iter_range(self, start: int, stop: int) -> Iterator[Snapshot]:
        """The snapshots of ``self.dates[start:stop]``; the date before ``start`` is resolved
        once for the changes, so a worker can take a run of dates of its own."""
        before = None
        for i in range(start, stop):
            prev = self.dates[i - 1] if i else None
            nxt = self.dates[i + 1] if i + 1 < len(self.dates) else None
            snap = self.snapshot(self.dates[i], prev, nxt, before=before)
            before = snap.full_states
            yield snap

    def __len__(self) -> int:
        return len(self.dates)
