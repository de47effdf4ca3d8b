"""Countries and cities outside Syria: where a dateline was filed, what a metonym names.

The gazetteer maps Syria. Reports also name Tehran in a dateline ("TEHRAN, Jan. 9 (IRNA) -"),
Ankara and Moscow as governments, Istanbul after a slash ("BAGHDAD/ANKARA (Reuters)"). Those
are place mentions of another country, with a point, but never a place whose control a report
claims. This module reads them from GeoNames (CC BY 4.0, credit GeoNames) as shipped in the
geotext package the project already depends on: ``countryInfo.txt`` (252 countries and their
capitals) and ``cities15000.txt`` (every city of 15,000 people or more, with its ASCII name,
so "TEHRAN" finds Tehrān and "ISTANBUL" İstanbul). Syria's own rows are left out: a Syrian
name is the gazetteer's to answer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["WorldPlace", "lookup", "world_places"]

COUNTRY, CAPITAL, CITY = "foreign country", "foreign capital", "foreign city"


@dataclass(frozen=True)
class WorldPlace:
    """A country or city outside Syria, with a point.

    ``kind`` is ``foreign country`` (its point is its capital's), ``foreign capital`` or
    ``foreign city``; ``place_id`` is ``geonames:<id>``, never a gazetteer id.
    """

    geonames_id: int
    name: str
    country: str
    kind: str
    lat: float
    lon: float
    population: int

    @property
    def place_id(self) -> str:
        """A stable id outside the gazetteer's."""
        return f"geonames:{self.geonames_id}"

    def describe(self) -> str:
        """The reason a mention of it carries, starting as ``lexicon.OUTSIDE`` expects."""
        what = {
            COUNTRY: "a country outside Syria",
            CAPITAL: "a city outside Syria (capital)",
            CITY: "a city outside Syria",
        }
        where = f"{self.lat:.4f}, {self.lon:.4f}" + (" (its capital)" if self.kind == COUNTRY else "")
        return f"{what[self.kind]}: {self.name} ({self.country}; GeoNames {self.geonames_id}; {where})"


def _data_dir() -> Path:
    import geotext

    return Path(geotext.__file__).parent / "data"


@functools.lru_cache(maxsize=1)
def world_places() -> dict[str, WorldPlace]:
    """Casefolded name (GeoNames name and ASCII name) -> the place.

    Countries before cities, a capital before another city of the same name, then the most
    populous.
    """
    folder = _data_dir()
    cities: dict[str, WorldPlace] = {}
    by_id: dict[int, WorldPlace] = {}
    capitals: set[tuple[str, str]] = set()
    countries: list[tuple[str, str, str, int]] = []
    with (folder / "countryInfo.txt").open(encoding="utf-8-sig") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            f = line.rstrip("\n").split("\t")
            if len(f) < 17 or f[0] == "SY":
                continue
            countries.append((f[0], f[4], f[5], int(f[16] or 0)))
            capitals.add((f[0], f[5].casefold()))
    with (folder / "cities15000.txt").open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 15 or f[8] == "SY":
                continue
            capital = f[7] == "PPLC" or (f[8], f[2].casefold()) in capitals
            place = WorldPlace(
                int(f[0]), f[1], f[8], CAPITAL if capital else CITY, float(f[4]), float(f[5]), int(f[14] or 0)
            )
            by_id[place.geonames_id] = place
            for name in {f[1].casefold(), f[2].casefold()}:
                have = cities.get(name)
                if have is None or (place.kind == CAPITAL, place.population) > (have.kind == CAPITAL, have.population):
                    cities[name] = place
    out = dict(cities)
    for code, name, capital_name, gid in countries:
        cap = cities.get(capital_name.casefold())
        if cap is not None and cap.country != code:
            cap = None
        out[name.casefold()] = WorldPlace(
            gid, name, code, COUNTRY, cap.lat if cap else float("nan"), cap.lon if cap else float("nan"), 0
        )
    return out


def lookup(name: str) -> WorldPlace | None:
    """The country or city outside Syria spelled ``name`` (any case), or None."""
    return world_places().get(" ".join(name.split()).casefold())
