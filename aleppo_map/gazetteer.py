"""The gazetteer: every place a report may name, and how a name finds its place offline.

Matching goes from strict to loose, and says which step found the answer:

1. exact alias on the :func:`~aleppo_map.names.normalize` key (score 1.0);
2. exact alias on the transliteration-blind :func:`~aleppo_map.names.fold` key (0.93);
3. fuzzy similarity of normalized keys with rapidfuzz, above a threshold (0.9 x ratio).

Candidates are then ranked by score, by the optional region context (a place the
answer should lie in or near), by kind ("Hama" the city before the governorate), by
population and by precision. When the best two cannot be told apart the answer is
*ambiguous*, never a silent pick.

A name is rarely bare in a report: "Idlib province", "Hama countryside", "Damascus suburbs",
"Mezzeh military airport". When the whole surface is not a known name, the words around the
base name (read by :mod:`aleppo_map.qualifiers`) decide which kind of place is meant, and a
facility the gazetteer lacks falls back to its town with a lower precision and a reason.
A bare name means the town before the unit named after it (the admin-seat rule).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .names import HIDDEN_CHARS, fold, has_arabic, has_word, normalize, skeleton, skeleton_of_fold
from .qualifiers import FACILITY_KINDS, UNIT_KINDS, Qualified, may_qualify, parse
from .tables import Column, Table

__all__ = [
    "ALIASES",
    "ALIASES_CURATED",
    "KINDS",
    "PLACES",
    "PLACES_CURATED",
    "SYRIA_BOUNDS",
    "Candidate",
    "Gazetteer",
    "Match",
]

# Ranking of kinds for a bare name: a city is meant before the governorate named after it.
KINDS = (
    "country",
    "city",
    "governorate",
    "town",
    "airport",
    "airbase",
    "landmark",
    "region",
    "neighbourhood",
    "district",
    "subdistrict",
    "village",
)
_KIND_RANK = {k: i for i, k in enumerate(KINDS)}
PRECISIONS = ("1", "2", "3")
SYRIA_BOUNDS = (32.3, 35.6, 37.4, 42.4)  # lat_min, lon_min, lat_max, lon_max
MAX_QUERY = 200
CONTEXT_RADIUS_KM = 40.0
TIER = 0.93
# Kinds that are units of the administration, and kinds that are settlements.
REGION_KINDS = frozenset({"governorate", "district", "subdistrict"})
SETTLEMENT_KINDS = frozenset({"city", "town", "village"})
FACILITY_PLACE_KINDS = frozenset({"airport", "airbase", "landmark"})
# Names shorter than this are never matched fuzzily: one wrong letter in a short name is
# usually another place's name.
MIN_FUZZY_LETTERS = 6
# Two records of the same kind and name this close are one place recorded twice (GeoNames and
# another source), not a real ambiguity.
DUPLICATE_KM = 2.0
# How far from a town a facility named only by the town ("Hama military airport") may lie.
FACILITY_RADIUS_KM = 25.0
# A place reached through a qualifier it does not fully answer (the city for "the old city",
# the town for "its prison") is shown approximate, with at least this radius.
APPROXIMATE_RADIUS_M = 5000

_place_columns = (
    Column("id", "id", required=True),
    Column("name", required=True, max_len=200),
    Column("name_ar", max_len=200),
    Column("kind", "choice", required=True, choices=KINDS),
    Column("parent_id", "id"),
    Column("lat", "float", required=True),
    Column("lon", "float", required=True),
    Column("precision", "choice", required=True, choices=PRECISIONS),
    Column("radius_m", "int"),
    Column("population", "int"),
    Column("pcode"),
    Column("geonames_id"),
    Column("wof_id"),
    Column("wikidata_id"),
    Column("source", required=True),
    Column("note"),
)
_alias_columns = (
    Column("place_id", "id", required=True),
    Column("alias", required=True, max_len=200),
    Column("lang", required=True),
    Column("source", required=True),
)
PLACES = Table("places.csv", _place_columns)
PLACES_CURATED = Table("places_curated.csv", _place_columns, optional=True)
ALIASES = Table("aliases.csv", _alias_columns, key=None)
ALIASES_CURATED = Table("aliases_curated.csv", _alias_columns, key=None, optional=True)


@dataclass(frozen=True)
class Candidate:
    """A place that a query may mean, with how well and why."""

    place_id: str
    name: str
    kind: str
    score: float
    reason: str
    matched: str = ""
    in_context: bool = False
    tier: float = 0.0
    closeness: float = 100.0


@dataclass
class Match:
    """The answer to one query: a place, or why there is none."""

    query: str
    place: dict | None
    score: float = 0.0
    reason: str = ""
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def place_id(self) -> str | None:
        return self.place["id"] if self.place else None

    def as_record(self) -> dict:
        """A flat record for JSON and CSV output."""
        p = self.place or {}
        return {
            "query": self.query,
            "place_id": p.get("id"),
            "name": p.get("name"),
            "name_ar": p.get("name_ar") or None,
            "kind": p.get("kind"),
            "parent_id": p.get("parent_id") or None,
            "lat": p.get("lat"),
            "lon": p.get("lon"),
            "precision": p.get("precision"),
            "radius_m": p.get("radius_m"),
            "approximate": p.get("approximate", False),
            "note": p.get("note") or None,
            "score": round(self.score, 3),
            "reason": self.reason,
            "candidates": [asdict(c) for c in self.candidates],
        }


def _haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


def _tier(score, merge: bool = False):
    """Rank tier of a score: exact matches first; with ``merge`` transliteration matches join them."""
    score = np.asarray(score)
    return np.where(score >= (TIER if merge else 1.0), 1.0, np.round(score, 3))


# Words that describe a place without naming it: "the old citadel", "the historic souk".
_DESCRIPTIVE = re.compile(r"^(?:the\s+)?(?:old|ancient|historic|famous|main)\s+(?=\S)", re.IGNORECASE)


def _strip_descriptive(query: str) -> str:
    """``query`` without a leading descriptive adjective ("old citadel" -> "citadel")."""
    return _DESCRIPTIVE.sub("", query, count=1)


def check_query(query: object) -> str | None:
    """Why a query cannot be looked up, or None when it can."""
    if not isinstance(query, str):
        return f"query must be text, not {type(query).__name__}"
    if not query.strip():
        return "empty query"
    if len(query) > MAX_QUERY:
        return f"query too long ({len(query)} characters; at most {MAX_QUERY})"
    bad = HIDDEN_CHARS.search(query.replace("\t", " "))
    if bad:
        return (
            f"query contains a control character or an invisible format character (U+{ord(bad.group()):04X});"
            " a name in the gazetteer may not hold one either"
        )
    return None


NO_LETTERS = "query has no letters or digits: not a place name"


def _too_short(key: str) -> bool:
    """True when a normalized key is too short to match fuzzily (or by transliteration alone)."""
    return len(key.replace(" ", "")) < MIN_FUZZY_LETTERS


def _too_short_reason(query: str) -> str:
    return f"{query!r} is too short to match fuzzily (fewer than {MIN_FUZZY_LETTERS} letters)"


class Gazetteer:
    """Places and their names, with offline lookup.

    Parameters
    ----------
    places : DataFrame
        One row per place (the columns of ``places.csv``; lat/lon numeric).
    aliases : DataFrame
        ``place_id``, ``alias``, ``lang``; every place's own names are added to them.
    fuzzy_threshold : int
        Lowest rapidfuzz ratio (0-100) a fuzzy match may have.
    """

    def __init__(self, places: pd.DataFrame, aliases: pd.DataFrame, fuzzy_threshold: int = 85):
        places = places.reset_index(drop=True)
        self.places = places
        self.fuzzy_threshold = fuzzy_threshold
        self.ids = places["id"].to_numpy(dtype=object)
        self._name_list = places["name"].tolist()
        self._kind_list = places["kind"].tolist()
        self._parent_list = places["parent_id"].tolist()
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        self.lat = pd.to_numeric(places["lat"]).to_numpy(dtype=float)
        self.lon = pd.to_numeric(places["lon"]).to_numpy(dtype=float)
        self.kind_rank = places["kind"].map(_KIND_RANK).fillna(len(KINDS)).to_numpy(dtype=int)
        self.population = pd.to_numeric(places["population"], errors="coerce").fillna(0).to_numpy()
        self.precision = pd.to_numeric(places["precision"], errors="coerce").fillna(3).to_numpy()
        parent = places["parent_id"].map(self.index)
        self.parent = parent.fillna(-1).to_numpy(dtype=np.int64)
        self._ancestors = self._ancestor_matrix()
        # Each place's ancestors as a set: the admin-seat relation reads them per pair.
        self._ancestor_sets = [frozenset(row[row >= 0].tolist()) for row in self._ancestors]

        self._aliases = aliases
        self._memo: dict[str, tuple] = {}
        self._records: dict[int, dict] = {}
        self._rows: list[dict] | None = None
        self._facilities: dict[tuple[str, str], list[int]] | None = None
        self._deletes: dict[str, str | list[str]] | None = None
        self._by_skeleton: dict[str, list[tuple[int, str]]] | None = None

    #: What :meth:`_index_names` makes, on the first name lookup.
    _NAME_INDEX = frozenset(
        {"names", "_alias_norm", "_by_norm", "_by_fold", "_choices", "_choice_code", "_sorted_choices"}
    )

    def __getattr__(self, attr: str):
        """Build the index of names when it is first read.

        Normalising and folding Syria's ≈ 47,000 names takes ≈ 2.5 s; a site build, ``plan``
        and ``states`` read places by id and never look a name up, so they do not pay it.
        """
        if attr in Gazetteer._NAME_INDEX and "places" in self.__dict__:
            self._index_names()
            return self.__dict__[attr]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {attr!r}")

    def _index_names(self) -> None:
        """Every name and alias by its normalised and folded key, and the fuzzy choices."""
        places, aliases = self.places, self._aliases
        own = pd.concat(
            [
                pd.DataFrame({"place_id": places["id"], "alias": places["name"], "lang": "name"}),
                pd.DataFrame({"place_id": places["id"], "alias": places["name_ar"], "lang": "ar"}),
            ]
        )
        names = pd.concat([own, aliases[["place_id", "alias", "lang"]]], ignore_index=True)
        names = names[names["alias"].fillna("").str.len() > 0]
        names = names[names["place_id"].isin(self.index)]
        names = names.assign(idx=names["place_id"].map(self.index).astype("int64"))
        unique = names["alias"].unique()
        norm = dict(zip(unique, map(normalize, unique), strict=True))
        folded = dict(zip(unique, map(fold, unique), strict=True))
        self._alias_norm = norm
        names = names.assign(norm=names["alias"].map(norm), fold=names["alias"].map(folded))
        names = names[names["norm"].str.len() > 0]
        self.names = names.drop_duplicates(["idx", "norm"]).reset_index(drop=True)
        self._by_norm = self._group(self.names, "norm")
        self._by_fold = self._group(self.names.drop_duplicates(["idx", "fold"]), "fold")
        self._choices = list(self._by_norm)
        # Choices sorted by script then length, for the fuzzy length window.
        code = np.array([int(has_arabic(k)) * 10_000 + len(k) for k in self._choices])
        order = np.argsort(code, kind="stable")
        self._choice_code = code[order]
        self._sorted_choices = [self._choices[i] for i in order]

    @staticmethod
    def _group(names: pd.DataFrame, key: str) -> dict[str, tuple[np.ndarray, list[str]]]:
        grouped: dict[str, tuple[list[int], list[str]]] = {}
        for i, alias, k in zip(names["idx"].tolist(), names["alias"].tolist(), names[key].tolist(), strict=True):
            entry = grouped.setdefault(k, ([], []))
            entry[0].append(i)
            entry[1].append(alias)
        return {k: (np.array(v[0]), v[1]) for k, v in sorted(grouped.items())}

    def _ancestor_matrix(self, depth: int = 6) -> np.ndarray:
        chain = [np.arange(len(self.ids))]
        for _ in range(depth):
            prev = chain[-1]
            chain.append(np.where(prev >= 0, self.parent[np.maximum(prev, 0)], -1))
        return np.stack(chain[1:], axis=1)

    @classmethod
    def from_dataset(cls, dataset, **kwargs) -> Gazetteer:
        return cls(dataset.places, dataset.aliases, **kwargs)

    # -- records --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, place_id: str) -> bool:
        return place_id in self.index

    def record(self, place: str | int) -> dict:
        """The gazetteer row of a place (by id or row number), as plain Python values."""
        i = self.index[place] if isinstance(place, str) else int(place)
        if i in self._records:
            return dict(self._records[i])
        if self._rows is None:
            self._rows = self.places.drop(columns=["line", "file"], errors="ignore").to_dict("records")
        rec = {k: (None if v is None or v == "" or v != v else v) for k, v in self._rows[i].items()}
        rec["lat"], rec["lon"] = float(self.lat[i]), float(self.lon[i])
        rec["precision"] = int(self.precision[i])
        rec["radius_m"] = int(rec["radius_m"]) if rec.get("radius_m") else None
        rec["population"] = int(rec["population"]) if rec.get("population") else None
        rec["approximate"] = rec["precision"] >= 2 and rec["kind"] not in (
            "governorate",
            "district",
            "subdistrict",
            "country",
        )
        return rec

    def kind_of(self, i: int) -> str:
        """The kind of the place in row ``i`` (city, village, district ...)."""
        return self._kind_list[i]

    def name_of(self, i: int) -> str:
        """The name of the place in row ``i``."""
        return self._name_list[i]

    @property
    def ancestor_rows(self) -> np.ndarray:
        """Row ``i``: the rows of place ``i``'s parent, grandparent ... nearest first, -1 past the top.

        One array for the whole hierarchy, so that callers (inheritance of claims, export's
        admin columns) test every place at once instead of walking it place by place.
        """
        return self._ancestors

    def below(self, place_id: str) -> np.ndarray:
        """A boolean mask over the rows: the places below ``place_id`` (not itself)."""
        return (self._ancestors == self.index[place_id]).any(axis=1)

    def ancestors(self, place_id: str) -> list[str]:
        """Parent, grandparent ... of a place, nearest first."""
        row = self._ancestors[self.index[place_id]]
        return [self.ids[i] for i in row if i >= 0]

    def descendants(self, place_id: str) -> list[str]:
        """Every place below ``place_id`` in the hierarchy."""
        i = self.index[place_id]
        hit = (self._ancestors == i).any(axis=1)
        return [self.ids[j] for j in np.flatnonzero(hit)]

    # -- lookup ---------------------------------------------------------------------------
    def _context_mask(self, context: str | None) -> tuple[np.ndarray | None, str | None]:
        if not context:
            return None, None
        ci = self.index.get(context)
        if ci is None:
            m = self.resolve(context)
            if m.place is None:
                return None, f"context {context!r} not found ({m.reason})"
            ci = self.index[m.place["id"]]
        inside = (self._ancestors == ci).any(axis=1)
        near = _haversine_km(self.lat, self.lon, self.lat[ci], self.lon[ci]) <= CONTEXT_RADIUS_KM
        return inside | near, None

    def _exact(self, key: str, fkey: str) -> list[tuple[int, float, str, str]]:
        hits = []
        if key in self._by_norm:
            idx, aliases = self._by_norm[key]
            hits += [(int(i), 1.0, "exact alias", a) for i, a in zip(idx, aliases, strict=True)]
        if fkey in self._by_fold:
            idx, aliases = self._by_fold[fkey]
            hits += [(int(i), 0.93, "transliteration variant", a) for i, a in zip(idx, aliases, strict=True)]
        return hits

    def _fuzzy_hits(self, scored: list[tuple[str, float]]) -> list[tuple[int, float, str, str]]:
        hits = []
        for key, ratio in scored:
            idx, aliases = self._by_norm[key]
            hits += [
                (int(i), 0.9 * ratio / 100, f"fuzzy match ({ratio:.0f}%)", a) for i, a in zip(idx, aliases, strict=True)
            ]
        return hits

    def _rank(self, query, hits, context_mask, kinds, limit) -> list[Candidate]:
        best: dict[int, tuple[float, str, str]] = {}
        for i, score, reason, alias in hits:
            if kinds and self._kind_list[i] not in kinds:
                continue
            if i not in best or score > best[i][0]:
                best[i] = (score, reason, alias)
        if not best:
            return []
        if len(best) == 1:
            # One candidate: nothing to order (the common case for a typo); same fields as below.
            ((i, (s, _reason, _alias)),) = best.items()
            in_ctx = bool(context_mask[i]) if context_mask is not None else False
            return [self._candidate(i, best[i], in_ctx, float(_tier(s, self.precision[i] >= 3 or s < 1.0)), 100.0)]
        idx = np.fromiter(best, dtype=np.int64)
        score = np.array([best[i][0] for i in idx])
        ctx = context_mask[idx] if context_mask is not None else np.zeros(len(idx), bool)
        # When the only exact matches are region centroids ("Ain al-Arab" the district), a
        # settlement spelled a little differently is as good a match ("'Ayn al 'Arab" the town).
        merge = not ((score >= 1.0) & (self.precision[idx] < 3)).any()
        tiers = _tier(score, merge)
        ranks = self._seat_ranks(idx, tiers)
        # Within a tier, the spelling closest to the query's goes first ("Kafr Rouma" is
        # Kafr Ruma before Kafr Rum); exact matches are all equally close.
        if len(idx) > 1:
            key = normalize(query)
            norms = self._alias_norm
            close = np.array(
                [
                    100.0 if best[i][0] >= 1.0 else round(fuzz.ratio(key, norms.get(best[i][2]) or ""), 1)
                    for i in idx.tolist()
                ]
            )
        else:
            close = np.full(len(idx), 100.0)
        order = np.lexsort((self.precision[idx], -self.population[idx], -close, ranks, ~ctx, -tiers))
        out = []
        for j in order[:limit]:
            i = int(idx[j])
            out.append(self._candidate(i, best[i], bool(ctx[j]), float(tiers[j]), float(close[j])))
        return out

    def _candidate(self, i: int, found: tuple, in_context: bool, tier: float, closeness: float) -> Candidate:
        """Row ``i`` as a ranked candidate; ``found`` is its (score, reason, alias)."""
        score, reason, alias = found
        return Candidate(
            place_id=self.ids[i],
            name=self._name_list[i],
            kind=self._kind_list[i],
            score=round(float(score), 3),
            reason=f"{reason} {alias!r}",
            matched=alias,
            in_context=in_context,
            tier=tier,
            closeness=closeness,
        )

    def _seat_ranks(self, idx: np.ndarray, tiers: np.ndarray) -> np.ndarray:
        """Kind ranks with the admin-seat rule applied.

        A governorate, district or sub-district is named after its seat, and a report that
        writes the bare name ("Daraa", "As Suwayda") means the town unless it says
        "province". So a unit among the candidates ranks after any settlement of the same
        tier that lies inside it.
        """
        ranks = self.kind_rank[idx].copy()
        kinds = [self._kind_list[i] for i in idx.tolist()]
        settled = [j for j, k in enumerate(kinds) if k in SETTLEMENT_KINDS]
        units = [j for j, k in enumerate(kinds) if k in REGION_KINDS]
        if not settled or not units:
            return ranks
        after = _KIND_RANK["village"] + 1
        for tier in {float(tiers[j]) for j in units}:
            same = [j for j in units if tiers[j] == tier]
            if any(self._seat_of(int(idx[s]), int(idx[u])) for s in settled if tiers[s] == tier for u in same):
                # Every unit of that tier goes after the settlements, keeping their own order
                # (the governorate before the sub-district of the same name).
                for j in same:
                    ranks[j] = after + ranks[j]
        return ranks

    def _same_place(self, cands: list[Candidate]) -> bool:
        """True when equal candidates all lie within DUPLICATE_KM of the first: one place, two records."""
        idx = np.array([self.index[c.place_id] for c in cands])
        if len(idx) < 2 or (self.precision[idx] >= 3).any():
            return False
        dist = _haversine_km(self.lat[idx], self.lon[idx], self.lat[idx[0]], self.lon[idx[0]])
        return bool((dist <= DUPLICATE_KM).all())

    def _seat_of(self, seat: int, unit: int) -> bool:
        """True when settlement ``seat`` may be what unit ``unit`` is named after (the admin-seat rule).

        The units a settlement lies in are its ancestors, and the sub-districts of its district:
        localities hang from districts, and a sub-district is named after its seat. One rule
        for the ranking (:meth:`_seat_ranks`) and for the reason given (:meth:`_decide`).
        """
        if self._kind_list[seat] not in SETTLEMENT_KINDS or self._kind_list[unit] not in REGION_KINDS:
            return False
        above = self._ancestor_sets[seat]
        return unit in above or (self._kind_list[unit] == "subdistrict" and int(self.parent[unit]) in above)

    def _decide(self, query: str, cands: list[Candidate], context_given: bool = False) -> Match:
        if not cands:
            return Match(query, None, 0.0, "no match above the fuzzy threshold", [])
        top = cands[0]
        a = self.index[top.place_id]
        why = top.reason
        if len(cands) > 1:
            second = cands[1]
            b = self.index[second.place_id]
            same_tier = top.tier == second.tier
            if (
                same_tier
                and top.in_context == second.in_context
                and self.kind_rank[a] == self.kind_rank[b]
                and top.closeness == second.closeness
                and self.population[a] == self.population[b]
            ):
                same = [c for c in cands if c.tier == top.tier and c.kind == top.kind]
                near = self._same_place(same)
                if near:
                    why += (
                        f"; {', '.join(c.place_id for c in same[1:])} lie within {DUPLICATE_KM:.0f} km:"
                        " one place recorded twice, not two places"
                    )
                    return Match(query, self.record(top.place_id), top.score, why, cands)
                listed = ", ".join(
                    f"{c.place_id} ({c.name}, {c.kind}, in {self._parent_list[self.index[c.place_id]]})" for c in same
                )
                return Match(
                    query,
                    None,
                    0.0,
                    f"ambiguous: {len(same)} places match equally: {listed}; give a region context",
                    cands,
                )
            if not same_tier:
                because = "a closer match"
            elif top.in_context != second.in_context:
                because = "inside the given context"
            elif self._seat_of(a, b):
                because = (
                    f"a {top.kind} is meant before a {second.kind} named after it when the text"
                    " does not say which (the admin-seat rule)"
                )
            elif self.kind_rank[a] != self.kind_rank[b]:
                because = f"a {top.kind} is meant before a {second.kind}"
            elif top.closeness != second.closeness:
                because = f"a closer spelling ({top.closeness:.0f}% against {second.closeness:.0f}%)"
            else:
                because = "a larger population"
            why += f"; preferred over {second.place_id} ({second.kind}): {because}"
        if context_given:
            why += "; inside the given context" if top.in_context else "; NOT inside the given context"
        return Match(query, self.record(top.place_id), top.score, why, cands)

    def candidates(self, query: str, context: str | None = None, kinds=None, limit: int = 5) -> list[Candidate]:
        """Ranked places that ``query`` may mean, by the same steps as :meth:`resolve_many`.

        For a qualified name the list is headed by the place the words ask for.
        """
        if check_query(query):
            return []
        key = normalize(query)
        if not has_word(key):
            return []
        mask, _ = self._context_mask(context)
        match, _ = self._lookup(query, key, mask, kinds, limit)
        if match is not None:
            return match.candidates[:limit]
        if _too_short(key):
            return []
        ((_, hits),) = list(self._fuzzy_batch([(0, key)]))
        return self._rank(query, hits, mask, kinds, limit)

    def resolve(self, query: str, context: str | None = None, kinds=None) -> Match:
        """The one place ``query`` names, or a Match without a place and the reason."""
        return self.resolve_many([query], context=context, kinds=kinds)[0]

    def resolve_many(self, queries: list[str], context: str | None = None, kinds=None) -> list[Match]:
        """Resolve many names at once: exact lookups first, one batched fuzzy pass for the rest.

        Without a context or kinds, exact answers are memoised per normalized key, so a
        name met again costs one normalisation and one dict lookup. The words around a name
        (:mod:`aleppo_map.qualifiers`) are read whether or not ``kinds`` is given: "Idlib
        province" asks for the governorate whatever hint the caller had.
        """
        mask, err = self._context_mask(context)
        plain = mask is None and not kinds
        out: list[Match | None] = [None] * len(queries)
        fuzzy: list[tuple[int, str]] = []
        for n, q in enumerate(queries):
            problem = check_query(q) or err
            if problem:
                out[n] = Match(q if isinstance(q, str) else repr(q), None, 0.0, problem)
                continue
            key = normalize(q)
            if not has_word(key):
                out[n] = Match(q, None, 0.0, NO_LETTERS)
                continue
            if plain and key in self._memo:
                out[n] = Match(q, *self._memo[key])
                continue
            match, exact = self._lookup(q, key, mask, kinds)
            if match is None:
                if _too_short(key):
                    out[n] = Match(q, None, 0.0, _too_short_reason(q))
                else:
                    fuzzy.append((n, key))
                continue
            if plain and exact:
                self._memo[key] = (match.place, match.score, match.reason, match.candidates)
            out[n] = match
        for n, hits in self._fuzzy_batch(fuzzy):
            if not hits:
                hits = self._skeleton_hits(queries[n])
            out[n] = self._decide(queries[n], self._rank(queries[n], hits, mask, kinds, 5), mask is not None)
        return out  # type: ignore[return-value]

    def _lookup(self, query: str, key: str, mask, kinds, limit: int = 5) -> tuple[Match | None, bool]:
        """Every step short of fuzzy matching: exact, transliteration, descriptive words, qualifiers.

        Returns the match (None when only a fuzzy pass may still find one) and whether it
        is exact, so that it may be memoised.
        """
        hits = self._exact(key, fold(query))
        cands = self._rank(query, hits, mask, kinds, limit) if hits else []
        if cands:
            return self._decide(query, cands, mask is not None), hits[0][1] == 1.0
        plain_name = _strip_descriptive(query)
        if plain_name != query:
            hits = self._exact(normalize(plain_name), fold(plain_name))
            cands = self._rank(query, hits, mask, kinds, limit) if hits else []
            if cands:
                match = self._decide(query, cands, mask is not None)
                why = f"{match.reason}; {query!r} read as {plain_name!r}"
                return Match(query, match.place, match.score, why, cands), False
        if may_qualify(query):
            qualified = parse(query)
            if qualified.qualified and qualified.base != query:
                match = self._qualified(query, qualified, mask)
                if match.place is not None or match.candidates:
                    return match, match.score == 1.0
        return None, False

    # -- qualified names ------------------------------------------------------------------
    def _plain(self, query: str, mask, kinds=None) -> Match:
        """One name without its qualifiers: exact, transliteration, then fuzzy."""
        key = normalize(query)
        if not has_word(key):
            return Match(query, None, 0.0, NO_LETTERS)
        hits = self._exact(key, fold(query))
        cands = self._rank(query, hits, mask, kinds, 5) if hits else []
        spelled = any(h[1] >= 1.0 for h in hits)
        if _too_short(key) and not spelled:
            # A short word next to a qualifier ("main square") is a name only if spelled as one.
            return Match(query, None, 0.0, _too_short_reason(query), [])
        if not cands:
            ((_, fuzzy_hits),) = list(self._fuzzy_batch([(0, key)]))
            cands = self._rank(query, fuzzy_hits, mask, kinds, 5)
        return self._decide(query, cands, mask is not None)

    def _approximate(self, i: int) -> dict:
        """The record of place ``i`` shown approximate: near it, not at its point."""
        rec = self.record(i)
        if rec["precision"] < 2:
            rec["precision"] = 2
            rec["approximate"] = True
            rec["radius_m"] = max(rec.get("radius_m") or 0, APPROXIMATE_RADIUS_M)
        return rec

    def _ancestor_of_kind(self, i: int, kind: str) -> int | None:
        if self._kind_list[i] == kind:
            return i
        for a in self._ancestors[i]:
            if a >= 0 and self._kind_list[a] == kind:
                return int(a)
        return None

    def _named(self, phrases: list[str], kinds) -> list[Candidate]:
        """Places of ``kinds`` one of ``phrases`` names exactly (or by transliteration)."""
        hits = []
        for phrase in phrases:
            key = normalize(phrase)
            if key:
                hits += self._exact(key, fold(phrase))
        return self._rank(phrases[0], hits, None, kinds, 5) if hits else []

    def _qualified(self, query: str, q: Qualified, mask) -> Match:
        """Resolve a qualified surface ("Idlib province", "Nassib crossing") by what its words ask."""
        words = q.describe()
        if q.facility:
            return self._facility(query, q, mask)
        base = self._plain(q.base, mask)
        unit = q.unit
        if unit is None:  # compass words only: the place itself, the words say which part
            return self._relabel(query, base, base.place, f"{base.reason}; {words} says which part of it")
        if unit in ("countryside", "suburbs"):
            # The governorate around a city that is a governorate of its own: "Rif X"
            # (Rif Dimashq, "Damascus countryside", "Rural Damascus").
            b = q.base
            rif = self._named([f"Rif {b}", f"Rural {b}", f"{b} countryside", f"ريف {b}"], ("governorate",))
            if rif:
                top = rif[0]
                why = f"{words} of {b}: the governorate around it, {top.name} ({top.reason})"
                return Match(query, self.record(top.place_id), top.score, why, rif)
            if base.place is None:
                return self._relabel(query, base, None, base.reason)
            i = self.index[base.place["id"]]
            if unit == "suburbs":
                why = f"{base.reason}; {words}: the edge of {base.place['name']}, location approximate"
                return self._relabel(query, base, self._approximate(i), why)
            gov = self._ancestor_of_kind(i, "governorate")
            if gov is None:
                return self._relabel(query, base, None, f"{base.reason}; no governorate around it for {words}")
            why = f"{words} of {base.place['name']}: the governorate it lies in, {self._name_list[gov]}; {base.reason}"
            return self._relabel(query, base, self.record(gov), why)
        if unit == "old city":
            b = q.base
            old = self._named([f"Old City of {b}", f"Ancient City of {b}", f"{b} Old City"], UNIT_KINDS[unit])
            if old:
                top = old[0]
                return Match(query, self.record(top.place_id), top.score, f"{words}: {top.reason}", old)
            unit = "area"
            words += " (no old city of that name in the gazetteer: the city, approximate)"
        if unit in ("area",):
            if base.place is None or base.place["kind"] in REGION_KINDS:
                return self._relabel(query, base, base.place, f"{base.reason}; {words}")
            rec = self._approximate(self.index[base.place["id"]])
            return self._relabel(query, base, rec, f"{base.reason}; {words}: location approximate")
        kinds = UNIT_KINDS[unit]
        asked = self._plain(q.base, mask, kinds)
        if asked.score < TIER and base.place is not None and base.score >= TIER:
            asked = Match(query, None)  # a unit found only by a fuzzy guess is not the one named
        if asked.place is None and unit in ("district", "subdistrict") and base.place is not None:
            if base.place["kind"] in ("neighbourhood", "landmark"):
                # "the Sheikh Maqsoud district": in a city, a district is a quarter.
                why = f"{base.reason}; {words} names a quarter of the city here, not an administrative unit"
                return self._relabel(query, base, base.place, why)
        if asked.place is not None:
            return self._relabel(query, asked, asked.place, f"{words} asks for a {' or '.join(kinds)}: {asked.reason}")
        if base.place is None:
            return self._relabel(query, base, None, base.reason)
        # No unit of that name: the unit the named place lies in, else the place, approximate.
        i = self.index[base.place["id"]]
        for kind in kinds:
            up = self._ancestor_of_kind(i, kind)
            if up is not None:
                why = f"{words}: the {kind} {base.place['name']} lies in, {self._name_list[up]}; {base.reason}"
                return self._relabel(query, base, self.record(up), why)
        why = f"{base.reason}; no {' or '.join(kinds)} named {q.base!r} for {words}: location approximate"
        return self._relabel(query, base, self._approximate(i), why)

    @staticmethod
    def _relabel(query: str, match: Match, place: dict | None, reason: str) -> Match:
        """``match`` answered by ``place`` instead, its candidates headed by that place."""
        cands = match.candidates
        if place is not None and (not cands or cands[0].place_id != place["id"]):
            score = match.score
            head = Candidate(place["id"], place["name"], place["kind"], round(float(score), 3), reason, tier=1.0)
            cands = [head, *(c for c in cands if c.place_id != place["id"])]
        return Match(query, place, match.score if place else 0.0, reason, cands)

    def _facility_index(self) -> dict[tuple[str, str], list[int]]:
        """Facilities by (facility, folded bare name), read from their own names and aliases."""
        if self._facilities is None:
            index: dict[tuple[str, str], list[int]] = {}
            kinds = self.names["idx"].map(lambda i: self._kind_list[i])
            rows = self.names[kinds.isin(FACILITY_PLACE_KINDS)]
            for i, alias in zip(rows["idx"].tolist(), rows["alias"].tolist(), strict=True):
                kind = self._kind_list[i]
                q = parse(alias)
                facility = q.facility or (kind if kind in ("airport", "airbase") else None)
                if facility is None:
                    continue
                base = q.base if q.facility else alias
                for f in {facility, kind} & set(FACILITY_KINDS) if kind != "landmark" else {facility}:
                    index.setdefault((f, fold(base)), []).append(i)
            self._facilities = index
        return self._facilities

    def _facility(self, query: str, q: Qualified, mask) -> Match:
        """A facility named by its town ("Nassib crossing", "Mezzeh military airport"), else the town."""
        index = self._facility_index()
        words = q.describe()
        # The facility asked for, then those reports name loosely for it (qualifiers.FACILITY_KINDS:
        # a "military airport" may be listed as an airport, a "base" may be an air base).
        wanted = tuple(dict.fromkeys((q.facility, *(k for k in FACILITY_KINDS[q.facility] if k in FACILITY_KINDS))))
        hits = []
        for f in wanted:
            for i in index.get((f, fold(q.base)), []):
                hits.append((i, 0.93, f"{words} named {q.base!r}:", self._name_list[i]))
        if hits:
            cands = self._rank(query, hits, mask, None, 5)
            return self._decide(query, cands, mask is not None)
        # The town a facility is named after: a settlement before a unit of the same name.
        base = self._plain(q.base, mask, (*SETTLEMENT_KINDS, "neighbourhood"))
        if base.place is None:
            base = self._plain(q.base, mask)
        if base.place is None:
            return self._relabel(query, base, None, f"{base.reason}; no {q.facility} named {q.base!r} either")
        # The facility of that kind nearest the named place ("Hama military airport").
        i = self.index[base.place["id"]]
        ids = sorted({j for (f, _), js in index.items() if f in wanted for j in js})
        if ids:
            arr = np.array(ids)
            dist = _haversine_km(self.lat[arr], self.lon[arr], self.lat[i], self.lon[i])
            near = arr[dist <= FACILITY_RADIUS_KM]
            if len(near) == 1:
                j = int(near[0])
                why = f"{words} of {base.place['name']}: the only one within {FACILITY_RADIUS_KM:.0f} km, {self._name_list[j]}"
                cand = Candidate(self.ids[j], self._name_list[j], self._kind_list[j], base.score, why)
                return Match(query, self.record(j), base.score, why, [cand, *base.candidates])
        why = (
            f"{base.reason}; no {q.facility} of {base.place['name']} in the gazetteer: "
            f"fell back to the {base.place['kind']}, location approximate"
        )
        return self._relabel(query, base, self._approximate(i), why)

    def _fuzzy_batch(self, items: list[tuple[int, str]]):
        """Fuzzy hits for many keys, comparing each only with choices of a compatible length.

        A ratio of at least t between lengths a and b needs b within [a*t/(2-t), a*(2-t)/t],
        so each query meets only that window of the length-sorted choices.
        """
        t = self.fuzzy_threshold / 100
        by_group: dict[tuple[bool, int], list[tuple[int, str]]] = {}
        for n, key in items:
            if _too_short(key):
                # One wrong letter in a short name is another name ("Homs", "Hims", "Hama").
                yield n, []
                continue
            near = self._one_edit(key)
            if near:
                yield n, self._fuzzy_hits(near)
                continue
            by_group.setdefault((has_arabic(key), len(key)), []).append((n, key))
        for (arabic, length), group in by_group.items():
            start, stop = self._window(arabic, length, t)
            if start == stop:
                for n, _ in group:
                    yield n, []
                continue
            window = self._sorted_choices[start:stop]
            keys = [k for _, k in group]
            matrix = process.cdist(
                keys, window, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, dtype=np.uint8, workers=-1
            )
            for row, (n, _) in zip(matrix, group, strict=True):
                cols = np.flatnonzero(row)
                cols = cols[np.argsort(-row[cols], kind="stable")][:20]
                yield n, self._fuzzy_hits([(window[c], float(row[c])) for c in cols])

    def _skeleton_hits(self, query: str) -> list[tuple[int, float, str, str]]:
        """Places whose consonants are the query's, for a name that nothing closer found.

        Vowels are where transliterations differ most and no class folds them all ("al-Hobeit"
        is Al-Habit, "Tilmannas" is Tallmannis). Only for Latin names of at least ``MIN_FUZZY_LETTERS``
        letters whose skeleton has three consonants or more; the score, 0.8, sits below every
        fuzzy match, so a reader in running text accepts it only where the words around say a
        place is meant, and several namesakes stay ambiguous until a context settles them.
        """
        key = normalize(query)
        if _too_short(key) or has_arabic(key):
            return []
        skel = skeleton(query)
        if not skel:
            return []
        if self._by_skeleton is None:
            index: dict[str, list[tuple[int, str]]] = {}
            for fkey, (idx, aliases) in self._by_fold.items():
                sk = skeleton_of_fold(fkey)
                if sk:
                    index.setdefault(sk, []).extend(zip(idx.tolist(), aliases, strict=True))
            self._by_skeleton = index
        return [(i, 0.8, "same consonants", a) for i, a in self._by_skeleton.get(skel, [])]

    def _one_edit(self, key: str) -> list[tuple[str, float]]:
        """Names one edit from ``key`` (a letter dropped, added, changed, or two swapped),
        scored by ratio and at least the fuzzy threshold, best first; [] when there is none.

        A typo is usually one edit, so most fuzzy queries are answered here, from an index
        of every name with each one letter deleted (SymSpell's idea): a name and a query
        one edit apart share a deletion variant. A query with no such neighbour goes on to
        the full comparison over the length window; one that has one is answered by its
        one-edit neighbours only (a closer spelling before a looser one).
        """
        if self._deletes is None:
            index: dict[str, str | list[str]] = {}
            for k in self._choices:
                if len(k) < MIN_FUZZY_LETTERS - 1:
                    continue
                for v in {k, *(k[:p] + k[p + 1 :] for p in range(len(k)))}:
                    have = index.get(v)
                    if have is None:
                        index[v] = k
                    elif isinstance(have, str):
                        index[v] = [have, k]
                    else:
                        have.append(k)
            self._deletes = index
        found: set[str] = set()
        for v in {key, *(key[:p] + key[p + 1 :] for p in range(len(key)))}:
            have = self._deletes.get(v)
            if have is not None:
                found.update((have,) if isinstance(have, str) else have)
        scored = [(k, fuzz.ratio(key, k)) for k in found]
        scored = [(k, r) for k, r in scored if r >= self.fuzzy_threshold]
        scored.sort(key=lambda kr: (-kr[1], kr[0]))
        return scored[:20]

    def _window(self, arabic: bool, length: int, t: float) -> tuple[int, int]:
        lo = math.floor(length * t / (2 - t))
        hi = math.ceil(length * (2 - t) / t)
        code = int(arabic) * 10_000
        return (
            int(np.searchsorted(self._choice_code, code + lo, side="left")),
            int(np.searchsorted(self._choice_code, code + hi, side="right")),
        )

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Nearest ids and names to an unknown reference, for error messages."""
        key = normalize(text)
        ids = process.extract(text, list(self.index), scorer=fuzz.ratio, limit=limit)
        names = process.extract(key, self._choices, scorer=fuzz.ratio, limit=limit)
        out = [i for i, s, _ in ids if s >= 60]
        for k, s, _ in names:
            if s >= 60:
                out += [f"{self.ids[i]} ({a})" for i, a in zip(*self._by_norm[k], strict=True)][:2]
        return list(dict.fromkeys(out))[:limit]

    def reverse(
        self, lat: float, lon: float, radius_km: float = 5.0, kinds=None, limit: int = 1
    ) -> list[tuple[dict, float]]:
        """Places nearest to a point within ``radius_km``, skipping region centroids."""
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            raise ValueError(f"not a coordinate: {lat}, {lon}")
        dist = _haversine_km(self.lat, self.lon, lat, lon)
        ok = (dist <= radius_km) & (self.precision < 3)
        if kinds:
            ok &= self.places["kind"].isin(kinds).to_numpy()
        idx = np.flatnonzero(ok)
        idx = idx[np.lexsort((self.kind_rank[idx], dist[idx]))][:limit]
        return [(self.record(int(i)), float(dist[i])) for i in idx]
