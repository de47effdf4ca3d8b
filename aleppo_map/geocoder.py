"""A geopy geocoder backed by the offline gazetteer: plug it in where you would plug Nominatim.

>>> from aleppo_map.geocoder import OfflineGazetteer
>>> geolocator = OfflineGazetteer()
>>> location = geolocator.geocode("Saraqeb")
>>> location.raw["id"], round(location.latitude, 2)
('saraqib', 35.86)

Qualified names are understood as the gazetteer understands them ("Idlib province" is the
governorate, "Aleppo airport" the airport, "Homs prison" Homs, approximate, with the reason).
No request ever leaves the machine. ``location.raw`` is the gazetteer record plus the
match's ``score``, ``reason`` and ``candidates``; ``raw["approximate"]`` is true for a place
placed by reasoning rather than measurement (Al-Rashidin), whose ``note`` says how.
"""

from __future__ import annotations

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from .dataset import Dataset
from .gazetteer import Gazetteer, Match

__all__ = ["OfflineGazetteer"]


def _address(g: Gazetteer, rec: dict) -> str:
    parts = [rec["name"]]
    for pid in g.ancestors(rec["id"]):
        kind = g.places.at[g.index[pid], "kind"]
        if kind in ("city", "governorate", "country"):
            parts.append(g.places.at[g.index[pid], "name"])
    return ", ".join(parts)


class OfflineGazetteer(Geocoder):
    """geopy ``Geocoder`` answering from the project's gazetteer, offline.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Defaults to the gazetteer of the shipped dataset (or ``data_dir``).
    data_dir : path, optional
        Another dataset folder.
    context : str, optional
        Default region context: a place id or name the answers should lie in or near.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, data_dir=None, context: str | None = None):
        super().__init__(scheme="https", timeout=1, proxies=None, user_agent="aleppo-map-offline")
        self.gazetteer = gazetteer or Dataset.load(data_dir, gazetteer_only=True).gazetteer
        self.context = context

    def _location(self, match: Match, rec: dict | None = None) -> Location:
        rec = dict(rec or match.place or {})
        rec.update(score=match.score, reason=match.reason, query=match.query)
        rec["candidates"] = [c.__dict__ for c in match.candidates]
        return Location(_address(self.gazetteer, rec), Point(rec["lat"], rec["lon"]), rec)

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        context: str | None = None,
        kinds=None,
        limit: int = 5,
        **_ignored,
    ):
        """The place ``query`` names, as a geopy ``Location``; None when nothing (or nothing unambiguous) matches.

        With ``exactly_one=False``, the ranked candidates (ambiguous ones included).
        """
        match = self.gazetteer.resolve(query, context=context or self.context, kinds=kinds)
        if exactly_one:
            return self._location(match) if match.place else None
        out = [self._location(match, self.gazetteer.record(c.place_id)) for c in match.candidates[:limit]]
        return out or None

    def reverse(
        self, query, *, exactly_one: bool = True, radius_km: float = 5.0, kinds=None, limit: int = 5, **_ignored
    ):
        """The place nearest to ``(lat, lon)`` within ``radius_km``; None if there is none."""
        point = Point(query)
        found = self.gazetteer.reverse(
            point.latitude, point.longitude, radius_km=radius_km, kinds=kinds, limit=1 if exactly_one else limit
        )
        locs = []
        for rec, km in found:
            rec.update(distance_km=round(km, 3), score=1.0, reason=f"nearest place within {radius_km} km")
            locs.append(Location(_address(self.gazetteer, rec), Point(rec["lat"], rec["lon"]), rec))
        if exactly_one:
            return locs[0] if locs else None
        return locs or None
