"""The data a map page reads, and its one documented schema.

A site sends what does not change once, as static scripts a ``file://`` page can load with
``<script src>`` (Chromium refuses ``fetch`` of JSON on ``file://``):

- ``data/places.js`` (:class:`PlacesData`): the drawable states, every place's id, names,
  kind and coordinates, precision, labels, search aliases, polygons and the country outline;
- ``data/claims.js`` (:class:`ClaimsData`): every claim's escaped text, once;

and per date only that date's (:class:`DateData`, ``data/YYYY-MM-DD.js``): one state code
per place, stale places, what changed, the claims behind each known state as row numbers in
the claims table, events and estimated areas. The timeline (:class:`TimelineData`) reads the
same date scripts. Each script is one call, ``AM.load("<kind>", "<packed>")``, whose payload
is one of these dictionaries, packed (:func:`pack`: its JSON deflated and written in base64,
which halves a year of scripts; the browser inflates it with its own ``DecompressionStream``,
and :func:`unpack` reads it back in Python). ``templates/statemap.js`` and ``tests/pages.py``
read the key names listed here (a test checks that the script uses exactly these keys).

Every string from data passes :func:`aleppo_map.escape.text` before it enters a payload, and
the payload's JSON is written with :func:`aleppo_map.escape.script_json`, so a quote holding
``</script>`` or ``<img onerror=...>`` stays text once the browser has unpacked it (and the
script itself holds nothing but base64 digits).

Row numbers: places are in place-id order (``PlacesData.ids``); claims are in
``(about_date, claim_id)`` order. A claim dated on or before a map's date keeps its row as
long as no claim dated on or before that date is added or removed, which the date's build
digest covers (every claim row up to the date), so editing a claim rewrites ``claims.js``
and the dates that need it, not every page. A claim dated after the map's date (a later
denial that makes an earlier capture disputed) is cited by its id instead of its row.
"""

from __future__ import annotations

import base64
import html
import json
import re
import weakref
import zlib
from typing import TypedDict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import escape, names
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN
from .styles import EVENT_SYMBOLS, state_table

__all__ = [
    "ALPHABET",
    "KEYS",
    "ClaimsData",
    "DateData",
    "Known",
    "PlacesData",
    "StateEntry",
    "Text",
    "TimelineData",
    "claims_data",
    "date_data",
    "figure_text",
    "pack",
    "places_data",
    "script",
    "state_codes",
    "timeline_data",
    "unpack",
]

# One character per state code in a date's ``state`` string (62 states at most).
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The zoom from which a place's name is written on the map, by kind; regions' centroids
# (governorate, district, subdistrict) get none: their outlines are drawn instead.
LABEL_ZOOM = {"city": 6, "town": 9, "airport": 9, "airbase": 9, "village": 11, "neighbourhood": 13, "landmark": 14}
MAX_LABELLED = 4000
MAX_ALIASED = 4000


class StateEntry(TypedDict):
    """One drawable state; its code is its position in ``PlacesData.states``."""

    id: str  #: the side's id in sides.csv, or contested / disputed / unknown
    label: str  #: escaped label for the legend and popups
    colour: str  #: fill colour, #rrggbb
    kind: str  #: side, contested, disputed or unknown (how the outline is drawn)


class Labels(TypedDict):
    rows: list[int]  #: place rows that get a written name, most important first
    zoom: dict[str, int]  #: kind -> the zoom from which its names are written


class PlacesData(TypedDict):
    """``data/places.js``: what every page of a site shares (changes with the gazetteer only)."""

    states: list[StateEntry]  #: the drawable states, in code order
    alphabet: str  #: code -> character in ``DateData.state``
    symbols: dict[str, str]  #: event type -> the symbol drawn for it
    ids: list[str]  #: place ids; a place's position here is its row everywhere else
    names: list[str]  #: escaped English name per row
    names_ar: list[str]  #: escaped Arabic name per row ('' when none)
    kinds: list[str]  #: the distinct kinds of place
    kind: list[int]  #: per row, its kind's position in ``kinds``
    lon: list[float]  #: per row, WGS84 longitude (5 decimals)
    lat: list[float]  #: per row, WGS84 latitude (5 decimals)
    precision: dict[str, int]  #: row -> 2 (approximate) or 3 (centroid of a region); absent: exact
    radius: dict[str, int]  #: row -> uncertainty radius in metres, for approximate places
    notes: dict[str, str]  #: row -> escaped note on an approximate location
    labels: Labels  #: which places get a written name, and from which zoom
    aliases: dict[str, list[str]]  #: row -> other escaped spellings for the search box
    polygons: dict | None  #: GeoJSON FeatureCollection; each feature's ``row`` is its place's row
    country: dict | None  #: GeoJSON Feature of the country outline, drawn as the base


class ClaimsData(TypedDict):
    """``data/claims.js``: every claim a page may cite, each once, in (date, id) order.

    Columns, not rows: a year holds a million claims, most of them routine confirmations
    that differ only in their place, date and id. Ids come as runs of a prefix and
    consecutive numbers; dates as how many claims fall on each day (the table is in date
    order); who said it, what it says and its link as fixed-width base-62 numbers
    (``PlacesData.alphabet``) into ``words``; only the claims with a quote send one.
    """

    count: int  #: how many claims the table holds
    #: runs of ids: ``[prefix, digits, first, count]`` (prefix + first, first + 1, ...,
    #: zero-padded to digits), ``[prefix, digits, first, rises]`` (each next number rises by
    #: 1 + a varint of ``rises``), or one id as it is
    ids: list
    days: list[str]  #: the distinct dates, in order
    per_day: list[int]  #: how many claims fall on each of ``days``
    words: list[str]  #: escaped claimants via outlets, what the claims say, links
    widths: dict[str, int]  #: digits per claim in ``who``, ``what``, ``link`` and ``place``
    who: str  #: per claim, its claimant via outlet (a word)
    what: str  #: per claim, what it says (a word: status, denial, side and action)
    link: str  #: per claim, the link to where it was read (a word, '' for none)
    place: str  #: per claim, 1 + its place row (0: a place the gazetteer lacks)
    quotes: dict[str, str]  #: claim row -> its escaped quote, for the claims that have one


class Known(TypedDict):
    """What a date's popups say about the places that have a state or a claim against one.

    Places share their details often (a governorate's baseline claim holds for each of
    its villages; most places cite their own first and latest claims), so each distinct
    detail is sent once, and each place names its detail in ``at``, the most used details
    with the shortest numbers. The date a state holds since varies from place to place (a
    year has 365 of them) and is sent per place, the dates most places share numbered
    first. Numbers travel as varints, as the estimated zones' rings do: 5-bit
    groups, least significant first, one character each (``chr(63 + g)``, plus 32 when
    another group follows); *signed* ones are zigzag-coded first (``2n``, or ``-2n - 1``).
    A place whose detail is one of the 31 most used costs one character, as its state does.

    A list of claims is a string of signed varints when every reference is a number. A
    place's own claims are the rows of ``claims.js`` whose place is the place, in table
    order, dated up to the map (the first ``claims_count`` rows): ``3k`` is its k-th own
    claim, ``3j + 1`` its j-th from the last (0: the latest), ``3m + 2`` its m-th dated on
    or after its ``since`` date, whichever is smallest, so a place with 300 claims cites
    "the first three since it changed hands and the last three" as one with ten does and
    the two share a detail; ``-1 - row`` is that row of ``claims.js`` (a claim about
    another place, such as the region it lies in). When one of them is a claim dated after
    the map (a later denial), the list is a JSON list and that claim appears as its
    escaped id (its row may change as claims are added).
    """

    at: str  #: per place row, a varint: 0 none, else 1 + its detail
    since: str  #: per place row, a varint: 0 none, else 1 + the date its state holds since (``DateData.words``)
    confidence: str  #: per detail, a varint: confidence in hundredths
    claims: list  #: per detail, the claims behind the state (see above)
    against: list  #: per detail, the claims against it (as ``claims``), or 0 for none
    #: per detail, a signed varint: how many more claims ``aleppo-map explain`` lists than the
    #: popup, less the place's own claims from its since date up to the map that the popup
    #: does not list
    more: str


class DateData(TypedDict):
    """``data/YYYY-MM-DD.js``: one map date."""

    date: str  #: YYYY-MM-DD
    previous: str | None  #: the previous map's date (changes count from it)
    state: str  #: one ``alphabet`` character per place row: its state code
    stale: list[int]  #: rows whose state had no confirmation for a long time
    was: dict[str, int]  #: row -> state code on the previous map, for the places that changed
    known: Known
    words: list[str]  #: escaped dates, event types, figures, sources and links, by number
    claims_count: int  #: how many claims are dated on or before ``date`` (rows the page may cite)
    claims_last: str  #: the escaped id of the last of those, to tell a stale cached claims.js
    #: per event, sorted by place row, type, date and id: [place row, type, date, figure,
    #: who, link] (``words``), the escaped id, and its escaped quote when it has one; the
    #: browser groups a place's events of one type under one symbol and writes the popup
    events: list[list] | None
    areas: dict | None  #: estimated zones: GeoJSON with ``s`` (state code) and ``km`` (km²), rings encoded
    bounds: list | None  #: [[south, west], [north, east]] of the known places, fitted on load


class TimelineData(TypedDict):
    """Inline in ``timeline.html``: which date script each day reads."""

    dates: list[str]  #: every day from the first map to the last
    snapshots: list[str]  #: per day, the map date on or before it whose ``DateData`` it shows
    base: str  #: relative URL of the folder of the date scripts
    claims: str  #: relative URL of ``claims.js``, read once the map is drawn


KEYS = {
    "places": PlacesData.__annotations__,
    "claims": ClaimsData.__annotations__,
    "day": DateData.__annotations__,
    "known": Known.__annotations__,
    "timeline": TimelineData.__annotations__,
}


def script(kind: str, payload: dict) -> str:
    """A payload as the script that hands it to the map script: ``AM.load(kind, "<packed>");``."""
    return f'AM.load("{kind}","{pack(payload)}");\n'


def pack(payload: dict) -> str:
    """A payload as its JSON, deflated (zlib's default level) and written in base64.

    A date's details are numbers written as text, which deflate shrinks to a third: a
    year's date scripts take 33 MB instead of 61 (base64 included), and the bytes are the
    same on every build. Browsers from 2023 on inflate it natively (``DecompressionStream``).
    Level 9 would save 1% for four times the time (a correction rewrites ``claims.js``).
    """
    raw = escape.script_json(payload).encode("utf-8")
    return base64.b64encode(zlib.compress(raw)).decode("ascii")


def unpack(packed: str) -> dict:
    """The payload :func:`pack` packed (to read a site's data scripts in Python)."""
    return json.loads(zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))


def _round(x: float) -> float:
    return round(float(x), 5)


def state_codes(sides: pd.DataFrame) -> tuple[list[StateEntry], dict[str, int]]:
    """The drawable states (escaped, in code order) and each state id's code."""
    table = state_table(sides)
    entries: list[StateEntry] = [
        {"id": escape.text(sid), "label": escape.text(label), "colour": colour, "kind": kind}
        for sid, label, colour, kind in table
    ]
    return entries, {sid: code for code, (sid, *_rest) in enumerate(table)}


def figure_text(row) -> str:
    """An event's figure as its source gave it: a best guess, a range, at least or up to."""
    low, best, high = (row.get(k) or "" for k in ("low", "best", "high"))
    if best and not low and not high:
        n = best
    elif low and high:
        n = f"{low}\u2013{high}" + (f" (best {best})" if best else "")
    elif low:
        n = f"at least {low}" + (f" (best {best})" if best and best != low else "")
    elif high:
        n = f"up to {high}"
    else:
        n = best
    return f"{n} {row.get('group') or ''}".strip()


class _Words:
    """A table of repeated strings (dates, sources, links), so a script sends each once."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.words: list[str] = []

    def __call__(self, value: str) -> int:
        if value not in self.index:
            self.index[value] = len(self.words)
            self.words.append(value)
        return self.index[value]


# One indexed claims table per model, held here (not on the model) and dropped with it.
_TEXTS: weakref.WeakKeyDictionary[MapModel, Text] = weakref.WeakKeyDictionary()


# What a claim says and who said it: the columns of claims.js besides id, date and place.
_SAYS = ["side", "action", "stance", "outlet", "claimant", "quote", "origin", "status"]


class Text:
    """Escaped labels for sources, sides and places, and each claim's row: one per model.

    Built once per build (:meth:`of`); every page of the build cites claims by the rows
    given here, which are the rows of ``claims.js``. The claims are held as arrays (a
    million claims as dictionaries of Python objects took hundreds of megabytes in every
    worker); what it memoises (who said it, links) is bounded by the distinct outlets,
    claimants and origins, not by the dates rendered.
    """

    def __init__(self, model: MapModel):
        ds = model.dataset
        self.source = dict(zip(ds.sources["id"], ds.sources["name"], strict=True))
        self.url = dict(zip(ds.sources["id"], ds.sources["url"].fillna(""), strict=True))
        self.side = {**dict(zip(ds.sides["id"], ds.sides["label"], strict=True))}
        self.side |= {sid: label for sid, label, _c, kind in state_table(ds.sides) if kind != "side"}
        self.place = dict(zip(ds.places["id"], ds.places["name"], strict=True))
        own = self._claims = model.resolver.claims
        self._numbers = numbers = model.resolver.claim_numbers()
        # Each claim once (its own row, not a copy inherited by the places below it) ...
        mine = np.flatnonzero((own["inherited_from"] == "").to_numpy(dtype=bool))
        _, first = np.unique(numbers.rows[mine], return_index=True)
        mine = mine[np.sort(first)]
        # ... in claims.js order: by date, then id (sorted as numbers: a sort of a million
        # strings took ≈ 200 MB for a moment in every worker) ...
        days = _days(own["about_date"].take(mine))
        order = np.lexsort((numbers.ranks()[numbers.rows[mine]], days))
        # ... as its position in the resolver's table and its claim number, not a copy of
        # its columns (a million claims' texts took ≈ 165 MB in every worker; only claims.js
        # reads them) nor an index of its id (≈ 100 MB more).
        # Row numbers as int32 (a build's workers each hold these arrays: half the bytes).
        self._rows = mine[order].astype(np.int32)
        self._row_of = np.full(len(numbers), -1, dtype=np.int32)
        self._row_of[numbers.rows[self._rows]] = np.arange(len(self._rows), dtype=np.int32)
        #: each claim's date, as days (a fifth of the bytes of the text)
        self.days = days[order]
        # A claim's place row (places.js order) and its position among that place's own
        # claims (same order), from the gazetteer row the resolver gave each claim.
        by_id = _rows_by_id(list(model.resolver.gazetteer.places["id"]))[0]
        place_row = np.empty(len(by_id), dtype=np.int32)
        place_row[by_id] = np.arange(len(by_id), dtype=np.int32)
        self.place_rows = place_row[own["pidx"].to_numpy(dtype=np.int64)[self._rows]]
        self.local = _rank_within(self.place_rows)
        # Who denied or retracted each claim (with hindsight: the denial may be dated later).
        by = pd.concat(
            [
                own.loc[own["disputed_by"] != "", ["claim_id", "disputed_by"]].set_axis(["claim_id", "by"], axis=1),
                own.loc[own["retracted_by"] != "", ["claim_id", "retracted_by"]].set_axis(["claim_id", "by"], axis=1),
            ]
        ).drop_duplicates()
        at = self.rows_of(by["by"].to_numpy(dtype=object))
        self.denials = pd.DataFrame(
            {
                "claim_id": by["claim_id"].to_numpy(dtype=str),
                "by": by["by"].to_numpy(dtype=str),
                "by_day": np.where(at >= 0, np.datetime_as_string(self.days[np.maximum(at, 0)]), ""),
            }
        )
        self.denied = pd.Index(np.unique(self.denials["claim_id"].to_numpy(dtype=str)))
        self._who: dict[tuple[str, str], str] = {}
        self._origin: dict[tuple[str, str], str] = {}

    @property
    def frame(self) -> pd.DataFrame:
        """The claims' columns a popup line shows, in ``claims.js`` order (made when asked)."""
        return self.columns(["claim_id", "place_id", "about_date", *_SAYS])

    def columns(self, names: list[str]) -> pd.DataFrame:
        """Some of the claims' columns, in ``claims.js`` order."""
        return self._claims[names].take(self._rows).reset_index(drop=True)

    def __len__(self) -> int:
        """How many claims (rows of ``claims.js``)."""
        return len(self._rows)

    def rows_of(self, ids) -> np.ndarray:
        """Each claim id's row in ``claims.js`` (-1 for an id that is no claim's)."""
        number = self._numbers.of(ids)
        return np.where(number >= 0, self._row_of[np.maximum(number, 0)], -1).astype(np.int64)

    def ids_at(self, rows) -> np.ndarray:
        """The claim id of each row of ``claims.js``."""
        return self._numbers.names(self._numbers.rows[self._rows[np.asarray(rows, dtype=np.int64)]])

    def id_array(self) -> pa.Array:
        """Every claim id in ``claims.js`` order, as one Arrow array (no Python strings)."""
        return self._numbers.ids.take(pa.array(self._numbers.rows[self._rows]))

    def upto(self, day: str) -> int:
        """How many claims are dated on or before ``day`` (they come first in ``claims.js``)."""
        return int(np.searchsorted(self.days, np.datetime64(day, "D"), side="right"))

    @classmethod
    def of(cls, model: MapModel) -> Text:
        """One per model: the claims table is indexed once for every page of a build."""
        text = _TEXTS.get(model)
        if text is None:
            text = _TEXTS[model] = cls(model)
        return text

    def origin(self, origin: str, outlet: str = "") -> str:
        """A link to where a claim was read.

        The report itself when its origin is a URL, else the outlet's site from
        ``sources.csv``. A local file name is never shown: it means
        nothing to a reader (the claim id leads to it through ``aleppo-map explain``).
        """
        key = (origin, outlet)
        out = self._origin.get(key)
        if out is None:
            out = self._origin[key] = self._link(origin, outlet)
        return out

    def _link(self, origin: str, outlet: str) -> str:
        link = escape.href(origin)
        if link:
            return f'<a href="{link}" target="_blank" rel="noopener noreferrer">report</a>'
        site = escape.href(self.url.get(outlet, ""))
        if site:
            name = escape.text(self.source.get(outlet, outlet))
            return f'<a href="{site}" target="_blank" rel="noopener noreferrer">{name}</a>'
        return ""

    def who(self, outlet: str, claimant: str) -> str:
        """Who said it: the claimant via the outlet, or the outlet alone (escaped)."""
        key = (outlet, claimant)
        out = self._who.get(key)
        if out is None:
            outlet_name = escape.text(self.source.get(outlet, outlet))
            if claimant and claimant != outlet:
                out = f"{escape.text(self.source.get(claimant, claimant))} via {outlet_name}"
            else:
                out = outlet_name
            self._who[key] = out
        return out

    def what(self, c: dict) -> str:
        """What the claim says: unreviewed status, denial, side and action (escaped)."""
        stance = "denies: " if c["stance"] == "denied" else ""
        if c.get("status"):
            stance = f"[{escape.text(c['status']).upper()}, NOT REVIEWED] " + stance
        return f"{stance}{escape.text(self.side.get(c['side'], c['side']))} {escape.text(c['action'])}"

    def claim_text(self, cid: str) -> str:
        """A claim as one escaped line, as a popup shows it (for comparisons in benchmarks)."""
        c = self._claims.iloc[self._rows[self.rows_of([cid])[0]]].to_dict()
        quote = f" <q>{escape.text(c['quote'])}</q>" if c["quote"] else ""
        who, what, link = self.who(c["outlet"], c["claimant"]), self.what(c), self.origin(c["origin"], c["outlet"])
        return f"{escape.text(c['about_date'])} \u00b7 {who}: {what}{quote} [{escape.text(cid)}] {link}"


def _days(dates: pd.Series) -> np.ndarray:
    """ISO dates (``YYYY-MM-DD`` text) as days, parsed by Arrow.

    Not through Python strings: pandas turned a million Arrow strings into Python ones to
    parse them (≈ 60 MB for a moment). Text Arrow cannot read as a date is parsed by numpy,
    as before.
    """
    try:
        days = pc.cast(pa.array(dates, from_pandas=True), pa.date32())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return dates.to_numpy(dtype="datetime64[D]")
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype="datetime64[D]")


def _rank_within(groups: np.ndarray) -> np.ndarray:
    """Each value's position among the equal values before it (a group-by's cumcount).

    One stable sort of the integers, where a pandas group-by of a million rows held
    ≈ 50 MB more for a moment.
    """
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    size = np.diff(np.r_[starts, len(groups)])
    rank = np.empty(len(groups), dtype=np.int32)
    rank[order] = np.arange(len(groups), dtype=np.int32) - np.repeat(starts, size).astype(np.int32)
    return rank


def _rows_by_id(ids) -> tuple[np.ndarray, dict[str, int]]:
    order = np.argsort(np.asarray(ids, dtype=object).astype(str), kind="stable")
    return order, {ids[i]: n for n, i in enumerate(order)}


def places_data(model: MapModel) -> PlacesData:
    """Every place of the gazetteer in id order, the states and the shapes: ``places.js``."""
    g = model.resolver.gazetteer
    p = g.places
    order, row_of = _rows_by_id(list(p["id"]))
    p = p.iloc[order]
    kinds = sorted(set(p["kind"]))
    kind_code = {k: i for i, k in enumerate(kinds)}
    states, _codes = state_codes(model.dataset.sides)
    precision = np.asarray(g.precision)[order]
    radius = pd.to_numeric(p["radius_m"], errors="coerce").to_numpy()
    ds_notes = dict(zip(model.dataset.places["id"], model.dataset.places["note"].fillna(""), strict=True))
    out: PlacesData = {
        "states": states,
        "alphabet": ALPHABET,
        "symbols": {k: v[0] for k, v in EVENT_SYMBOLS.items()},
        "ids": [str(v) for v in p["id"]],
        "names": [escape.text(v) for v in p["name"]],
        "names_ar": [escape.text(v) for v in p["name_ar"]],
        "kinds": kinds,
        "kind": [kind_code[k] for k in p["kind"]],
        "lon": [_round(v) for v in np.asarray(g.lon)[order]],
        "lat": [_round(v) for v in np.asarray(g.lat)[order]],
        "precision": {str(n): int(q) for n, q in enumerate(precision) if q != 1},
        "radius": {},
        "notes": {},
        "labels": {"rows": [], "zoom": {}},
        "aliases": {},
        "polygons": _polygons(model, row_of),
        "country": _country(model),
    }
    for n, pid in enumerate(out["ids"]):
        if precision[n] == 2 and not np.isnan(radius[n]):
            out["radius"][str(n)] = int(radius[n])
            if ds_notes.get(pid):
                out["notes"][str(n)] = escape.text(ds_notes[pid])
    out["labels"] = _label_order(out, model.dataset.places)
    claimed = set(model.resolver.claims["place_id"])
    out["aliases"] = _aliases(out, model.dataset.aliases, claimed)
    return out


def _label_order(cols: PlacesData, places: pd.DataFrame) -> Labels:
    """Which places get a written name, most important first (kind, then population).

    With no tiles (the default) the map has no names of its own; the script writes these,
    in this order, as many as fit without overlapping at the current zoom. The list is
    capped so a site of 11,000 places stays light.
    """
    population = pd.to_numeric(places.set_index("id")["population"], errors="coerce").fillna(0)
    rank = {k: i for i, k in enumerate(LABEL_ZOOM)}
    kinds = cols["kinds"]
    rows = [n for n, k in enumerate(cols["kind"]) if kinds[k] in LABEL_ZOOM]
    rows.sort(key=lambda n: (rank[kinds[cols["kind"][n]]], -float(population.get(cols["ids"][n], 0)), cols["ids"][n]))
    return {"rows": rows[:MAX_LABELLED], "zoom": {k: LABEL_ZOOM[k] for k in kinds if k in LABEL_ZOOM}}


def _aliases(cols: PlacesData, aliases: pd.DataFrame, claimed: set[str]) -> dict[str, list[str]]:
    """Other spellings for the search box, for the places a reader is likeliest to look for.

    The places some claim names, then those with a written name, at most :data:`MAX_ALIASED`
    of them, and only spellings whose :func:`names.fold` key differs from the name's (the box
    already folds spellings): all 55,000 aliases would double the shared script.
    """
    with_claims = [n for n, pid in enumerate(cols["ids"]) if pid in claimed]
    rows = list(dict.fromkeys([*with_claims, *cols["labels"]["rows"]]))[:MAX_ALIASED]
    row_of = {cols["ids"][n]: n for n in rows}
    if aliases.empty or not row_of:
        return {}
    wanted = aliases[aliases["place_id"].isin(row_of.keys())]
    out: dict[int, list[str]] = {}
    seen: dict[int, set[str]] = {}
    for pid, alias in zip(wanted["place_id"], wanted["alias"], strict=True):
        n = row_of[pid]
        keys = seen.setdefault(
            n, {names.fold(html.unescape(cols["names"][n])), names.fold(html.unescape(cols["names_ar"][n]))}
        )
        key = names.fold(alias)
        if key and key not in keys:
            keys.add(key)
            out.setdefault(n, []).append(escape.text(alias))
    return {str(n): v for n, v in sorted(out.items())}


def _geometry(geom, digits: int = 5) -> dict:
    import shapely

    return shapely.geometry.mapping(shapely.set_precision(geom, 10**-digits))


def _polygons(model: MapModel, row_of: dict[str, int]) -> dict | None:
    """Place polygons; each is coloured by, and opens the popup of, its place's row."""
    polys = model.polygons
    if polys is None or polys.empty:
        return None
    features = [
        {"type": "Feature", "geometry": _geometry(r.geometry), "properties": {"row": row_of[r.place_id]}}
        for r in polys.sort_values(["layer", "place_id"]).itertuples()
    ]
    return {"type": "FeatureCollection", "features": features}


def _country(model: MapModel) -> dict | None:
    if model.country is None:
        return None
    return {"type": "Feature", "geometry": _geometry(model.country, 4), "properties": {}}


def _lookup(mapping: dict[str, int], keys: np.ndarray) -> np.ndarray:
    """``mapping[key]`` for every key, -1 where it has none (vectorised)."""
    if not mapping:
        return np.full(len(keys), -1, dtype=np.int64)
    index = pd.Index(list(mapping))
    values = np.fromiter(mapping.values(), dtype=np.int64, count=len(mapping))
    at = index.get_indexer(keys)
    return np.where(at >= 0, values[np.maximum(at, 0)], -1)


def _factorize(*columns: np.ndarray | pd.Series) -> tuple[np.ndarray, list[int]]:
    """Codes of the distinct combinations of ``columns``, first seen first.

    Also the position of each combination's first occurrence.
    """
    # One column at a time, the codes so far and the column's combined as one integer
    # and numbered again (first seen first, as a groupby's ngroup): no frame of strings.
    codes = np.zeros(len(columns[0]) if columns else 0, dtype=np.int64)
    for column in columns:
        values, uniques = pd.factorize(column, use_na_sentinel=False)
        codes, _ = pd.factorize(codes * (len(uniques) + 1) + values, use_na_sentinel=False)
    _uniq, first = np.unique(codes, return_index=True)
    return codes, first.tolist()


def _id_runs(ids) -> list:
    """Claim ids as runs of one prefix and rising zero-padded numbers (``ClaimsData.ids``).

    ``sc-0000041, sc-0000042, sc-0000043`` is ``["sc-", 7, 41, 3]``; ``syn-000047,
    syn-000051, syn-000052`` is ``["syn-", 6, 47, "B?"]``, the rises after the first less
    one, as unsigned varints. An id without a number at its end (or with more than 15
    digits) is sent as it is. Escaped, as every id a page shows.

    ``ids`` is best an Arrow string array (:meth:`Text.id_array`): a million ids are cut
    in Arrow, and only each run's first id becomes a Python string.
    """
    ids = ids if isinstance(ids, pa.Array) else pa.array(np.asarray(ids, dtype=object), type=pa.string())
    if len(ids) == 0:
        return []
    prefix, digits = _numbered(ids)
    literal = digits.is_null().to_numpy(zero_copy_only=False)
    width = pc.binary_length(digits).fill_null(0).to_numpy().astype(np.int64)
    number = pc.cast(digits, pa.int64()).fill_null(0).to_numpy()
    del digits
    rise = np.r_[0, np.diff(number)]
    same = np.zeros(len(ids), dtype=bool)
    same[1:] = pc.equal(prefix.slice(1), prefix.slice(0, len(ids) - 1)).to_numpy(zero_copy_only=False)
    same[1:] &= (width[1:] == width[:-1]) & (rise[1:] > 0)
    same &= ~literal & ~np.r_[True, literal[:-1]]
    starts = np.flatnonzero(~same)
    ends = np.r_[starts[1:], len(ids)]
    first_ids = ids.take(pa.array(starts)).to_pylist()
    prefixes = prefix.take(pa.array(starts)).to_pylist()
    out: list = []
    for k, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if literal[start]:
            out.append(escape.text(first_ids[k]))
            continue
        steps = rise[start + 1 : end]
        run: list = [escape.text(prefixes[k]), int(width[start]), int(number[start])]
        run.append(end - start if (steps == 1).all() else _varints(steps - 1, signed=False))
        out.append(run)
    return out


# An id's prefix and final number (Python's ``re``: ``\d`` is a digit of any script).
_NUMBERED = re.compile(r"^(.*?)(\d{1,15})$")


def _numbered(ids: pa.Array) -> tuple[pa.Array, pa.Array]:
    r"""Each id's prefix and final number of 1 to 15 ASCII digits (null digits for none).

    As the regular expression ``^(.*?)(<digit>{1,15})$`` cuts it; an id whose final
    digits are of another script (Arabic-Indic ٣) has none: it is sent as it is.

    Cut in Arrow (RE2) for the ids that are ASCII with no line break, where RE2 and Python
    agree (``[0-9]`` is ``\d`` there); the others (none, as ids are checked, but an id is
    only text to this module) go through :func:`_cut`, whose ``\d``, ``.`` and ``$`` are
    Python's.
    """
    parts = pc.extract_regex(ids, r"^(?P<prefix>.*?)(?P<digits>[0-9]{1,15})$").flatten()
    prefix, digits = parts[0], parts[1]
    odd = pc.or_(pc.invert(pc.string_is_ascii(ids)), pc.match_substring(ids, "\n"))
    if pc.any(odd).as_py():
        found = [_cut(v) for v in ids.filter(odd).to_pylist()]
        prefix = pc.replace_with_mask(prefix, odd, pa.array([f[0] for f in found], type=pa.string()))
        digits = pc.replace_with_mask(digits, odd, pa.array([f[1] for f in found], type=pa.string()))
    return prefix.fill_null(""), digits


def _cut(value: str) -> tuple[str | None, str | None]:
    """One id's prefix and final ASCII digits, in Python (:func:`_numbered`'s odd ids).

    An ASCII id ending in 1 to 15 digits is cut where they start, line breaks or not;
    any other goes through the regular expression (``.`` stops at a line break there).
    """
    if value.isascii():
        head = value.rstrip("0123456789")
        if 0 < len(value) - len(head) <= 15:
            return head, value[len(head) :]
    found = _NUMBERED.match(value)
    return (found.group(1), found.group(2)) if found and found.group(2).isascii() else (None, None)


def claims_data(model: MapModel) -> ClaimsData:
    """Every claim of the model, escaped, in (date, id) order: ``claims.js`` (columns)."""
    text = Text.of(model)
    f = text.columns(_SAYS)
    words = _Words()
    columns: dict[str, np.ndarray] = {}
    # Each distinct (outlet, claimant), statement and link is written once, then referenced.
    for name, keys, make in (
        ("who", ["outlet", "claimant"], lambda c: text.who(c["outlet"], c["claimant"])),
        ("what", ["stance", "side", "action", "status"], text.what),
        ("link", ["origin", "outlet"], lambda c: text.origin(c["origin"], c["outlet"])),
    ):
        codes, first = _factorize(*(f[k].fillna("nan") for k in keys))
        uniques = f.loc[first, keys].to_dict("records")
        word = np.array([words(make(c)) for c in uniques], dtype=np.int64)
        columns[name] = word[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    columns["place"] = text.place_rows + 1
    widths = {k: _width(int(v.max()) + 1 if len(v) else 1) for k, v in columns.items()}
    # The distinct days of the dates, not of a million date strings (≈ 80 MB for a moment).
    distinct, per_day = np.unique(text.days, return_counts=True)
    days = np.datetime_as_string(distinct)
    quoted = np.flatnonzero((f["quote"] != "").to_numpy(dtype=bool))
    quotes = f["quote"].take(quoted).tolist()
    return {
        "count": len(f),
        "ids": _id_runs(text.id_array()),
        "days": [escape.text(d) for d in days],
        "per_day": per_day.tolist(),
        "words": words.words,
        "widths": widths,
        "who": _digits(columns["who"], widths["who"]),
        "what": _digits(columns["what"], widths["what"]),
        "link": _digits(columns["link"], widths["link"]),
        "place": _digits(columns["place"], widths["place"]),
        "quotes": {str(n): escape.text(q) for n, q in zip(quoted.tolist(), quotes, strict=True)},
    }


def _explode(lists: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``;``-separated ids per row as (row, id) pairs, in row then list order.

    One join and one split for the whole column (a split per row costs ten times more).
    """
    values = [v if isinstance(v, str) else "" for v in lists]
    full = np.flatnonzero(np.array([bool(v) for v in values], dtype=bool))
    if not len(full):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=str)
    kept = [values[n] for n in full.tolist()]
    counts = np.array([v.count(";") + 1 for v in kept], dtype=np.int64)
    rows = np.repeat(full.astype(np.int64), counts)
    ids = np.array(";".join(kept).split(";"), dtype=str)
    named = ids != ""
    return rows[named], ids[named]


def _later_denials(text: Text, sup: np.ndarray, con: np.ndarray, day: str) -> np.ndarray:
    """``con`` with, for each row, the denials dated after ``day`` of the claims behind it.

    A denial dated after the map that makes a claim disputed is listed against the state
    ("reported later"), so no colour rests on a claim the popup does not show.
    """
    con = con.copy()
    if text.denials.empty:
        return con
    rows, ids = _explode(sup)
    denied = text.denied.get_indexer(ids) >= 0
    if not denied.any():
        return con
    hits = pd.DataFrame({"row": rows[denied], "claim_id": ids[denied]}).merge(text.denials, on="claim_id")
    hits = hits[hits["by_day"] > day]
    if hits.empty:
        return con
    hits = hits.sort_values(["row", "by_day", "by"]).drop_duplicates(["row", "by"])
    for row, group in hits.groupby("row", sort=True):
        listed = set(filter(None, con[row].split(";")))
        later = [d for d in group["by"] if d not in listed]
        if later:
            con[row] = ";".join(filter(None, [con[row], *later]))
    return con


def _references(
    text: Text, lists: np.ndarray, day: str, own: np.ndarray, before: np.ndarray
) -> tuple[dict[int, str | list], np.ndarray, np.ndarray]:
    """Each row's claims as references into ``claims.js`` (:class:`Known`).

    Also how many there are, and how many of them are the row's own.

    Vectorised over every (row, claim) pair: a row's own claims by position from the
    start, from the end of its ``own`` claims dated up to ``day``, or from the first of
    them dated on or after its state's since date (``before`` precede it), whichever is
    nearest: the claims of a place a year old are "the first three since it changed hands
    and the last three", as for any other place, so places share their details; other
    places' claims by row, claims dated after ``day`` by escaped id.
    """
    rows, ids = _explode(lists)
    k = text.rows_of(ids)
    keep = k >= 0
    rows, ids, k = rows[keep], ids[keep], k[keep]
    count = np.bincount(rows, minlength=len(lists))
    is_own = text.place_rows[k] == rows
    first = text.local[k]
    last = own[rows] - 1 - first
    since = first - before[rows]
    code = np.where(first <= last, 3 * first, 3 * last + 1)
    code = np.where((since >= 0) & (since < np.minimum(first, last)), 3 * since + 2, code)
    value = np.where(is_own, code, -1 - k)
    later = text.days[k] > np.datetime64(day, "D")
    tokens = _varint_list(value)
    out: dict[int, str | list] = {}
    if len(rows):
        bounds = np.flatnonzero(np.diff(rows)) + 1
        starts, ends = np.r_[0, bounds].tolist(), np.r_[bounds, len(rows)].tolist()
        for a, b in zip(starts, ends, strict=True):
            out[int(rows[a])] = "".join(tokens[a:b])
        for row in np.unique(rows[later]).tolist():
            at = np.flatnonzero(rows == row)
            out[row] = [escape.text(ids[j]) if later[j] else int(value[j]) for j in at.tolist()]
    return out, count, np.bincount(rows[is_own & ~later], minlength=len(lists))


def _known(text: Text, rows: pd.DataFrame, state_codes_: np.ndarray, unknown: int, day: str, words: _Words) -> Known:
    """The details behind each state on ``day`` (:class:`Known`), each distinct one once."""
    sup_lists = rows["claims"].to_numpy(dtype=object)
    con_lists = _later_denials(text, sup_lists, rows["contradicting"].to_numpy(dtype=object), day)
    listed = np.flatnonzero((state_codes_ != unknown) | (con_lists != ""))
    # Each place's own claims dated up to the day (the browser counts them in claims.js).
    count = text.upto(day)
    dated = text.place_rows[:count]
    own = np.bincount(dated[dated >= 0], minlength=len(rows))[: len(rows)]
    # ... and how many of those are dated before the place's state holds (its since date).
    since_of = rows["since"].to_numpy(dtype=str)
    early = (dated >= 0) & (text.days[:count] < since_of[np.maximum(dated, 0)].astype("datetime64[D]"))
    before = np.bincount(dated[early], minlength=len(rows))[: len(rows)]
    sup, n_sup, own_sup = _references(text, sup_lists, day, own, before)
    con, n_con, _own_con = _references(text, con_lists, day, own, before)
    # Since when each state holds, per place: the dates most places share numbered first.
    since_text = rows["since"].to_numpy(dtype=str)[listed]
    dates, uses = np.unique(since_text[since_text != ""], return_counts=True)
    for n in np.lexsort((dates, -uses)).tolist():
        words(str(dates[n]))
    since = np.zeros(len(rows), dtype=np.int64)
    since[listed] = [words(v) + 1 if v else 0 for v in since_text.tolist()]
    confidence = np.round(rows["confidence"].to_numpy(dtype=float)[listed] * 100).astype(np.int64)
    hidden = rows["n_claims"].to_numpy(dtype=np.int64) - n_sup + rows["n_contradicting"].to_numpy(dtype=np.int64)
    # Told relative to the place's own claims since its since date not listed: 0 for the
    # many places whose every claim since backs their state, however many they have.
    hidden = (np.maximum(hidden - n_con, 0) - np.maximum(own - before - own_sup, 0))[listed]
    sups = [sup.get(n, "") for n in listed.tolist()]
    cons = [con.get(n, 0) for n in listed.tolist()]
    keys = [s if isinstance(s, str) else repr(s) for s in sups], [c if isinstance(c, str) else repr(c) for c in cons]
    codes, first = _factorize(confidence, np.array(keys[0], dtype=object), np.array(keys[1], dtype=object), hidden)
    # The most used details get the smallest numbers (one character for the first 31).
    by_use = np.argsort(-np.bincount(codes, minlength=len(first)), kind="stable")
    rank = np.empty_like(by_use)
    rank[by_use] = np.arange(len(by_use))
    first = np.asarray(first, dtype=np.int64)[by_use].tolist()
    at = np.zeros(len(rows), dtype=np.int64)
    at[listed] = rank[codes] + 1
    return {
        "at": _varints(at, signed=False),
        "since": _varints(since, signed=False),
        "confidence": _varints(confidence[first], signed=False),
        "claims": [sups[j] for j in first],
        "against": [cons[j] or 0 for j in first],
        "more": _varints(hidden[first]),
    }


def date_data(model: MapModel, snapshot: Snapshot) -> DateData:
    """One map date: states as codes, the claims behind them as references, events, areas.

    Column operations throughout (no pandas access per place or per event): a year of
    dates is rendered in minutes.
    """
    text = Text.of(model)
    _states, codes = state_codes(model.dataset.sides)
    day = snapshot.date.strftime("%Y-%m-%d")
    ids = snapshot.states["place_id"].to_numpy(dtype=str)
    order = np.argsort(ids, kind="stable")
    rows = snapshot.states.iloc[order].reset_index(drop=True)
    row_of = dict(zip(ids[order].tolist(), range(len(ids)), strict=True))
    state = _lookup(codes, rows["state"].to_numpy(dtype=str))
    words = _Words()
    known = _known(text, rows, state, codes[UNKNOWN], day, words)
    count = text.upto(day)
    changed = _lookup(row_of, snapshot.changes["place_id"].to_numpy(dtype=str))
    old = _lookup(codes, snapshot.changes["old_state"].to_numpy(dtype=str))
    alphabet = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    out: DateData = {
        "date": day,
        "previous": snapshot.previous.strftime("%Y-%m-%d") if snapshot.previous is not None else None,
        "state": alphabet[state].tobytes().decode("ascii"),
        "stale": np.flatnonzero(rows["stale"].to_numpy(dtype=bool)).tolist(),
        "was": {str(n): int(c) for n, c in sorted(zip(changed.tolist(), old.tolist(), strict=True))},
        "known": known,
        "words": words.words,
        "claims_count": count,
        "claims_last": escape.text(text.ids_at([count - 1])[0]) if count else "",
        "events": _events(snapshot, text, row_of, words),
        "areas": _areas(snapshot, codes),
        "bounds": None,
    }
    shown = state != codes[UNKNOWN]
    if shown.any():
        lat, lon = rows["lat"].to_numpy(dtype=float)[shown], rows["lon"].to_numpy(dtype=float)[shown]
        # Fitted by the script, without animation, unless the URL asks for a view.
        out["bounds"] = [[_round(lat.min()), _round(lon.min())], [_round(lat.max()), _round(lon.max())]]
    return out


def _width(n: int) -> int:
    """How many base-62 digits write the numbers below ``n``."""
    width = 1
    while len(ALPHABET) ** width < n:
        width += 1
    return width


def _digits(values: np.ndarray, width: int) -> str:
    """Numbers as fixed-width base-62 digits, most significant first, one string."""
    values = np.asarray(values, dtype=np.int64)
    if not len(values):
        return ""
    base = len(ALPHABET)
    alphabet = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
    columns = np.stack([(values // base ** (width - 1 - k)) % base for k in range(width)], axis=1)
    return alphabet[columns].tobytes().decode("ascii")


def _varint_list(values: np.ndarray, signed: bool = True) -> list[str]:
    """Integers as varint strings, one per value, a whole column at once.

    Signed ones zigzag-coded first: the characters :func:`_varint` writes for one number.
    """
    v = np.asarray(values, dtype=np.int64)
    if not len(v):
        return []
    z = (np.where(v < 0, ~(v << 1), v << 1) if signed else v).astype(np.uint64)
    groups = 13  # 64 bits in 5-bit groups
    shifts = np.arange(groups, dtype=np.uint64) * np.uint64(5)
    chunks = (z[:, None] >> shifts[None, :]) & np.uint64(31)
    length = 1 + ((z[:, None] >> shifts[None, 1:]) > 0).sum(axis=1)
    at = np.arange(groups)[None, :]
    chars = (chunks + np.uint64(63) + np.uint64(32) * (at < length[:, None] - 1)).astype(np.uint8)
    chars[at >= length[:, None]] = 0
    return np.ascontiguousarray(chars).view(f"S{groups}").ravel().astype(str).tolist()


def _varints(values: np.ndarray, signed: bool = True) -> str:
    """Integers as one string of varints (see :class:`Known`)."""
    return "".join(_varint_list(values, signed))


def _events(snapshot: Snapshot, text: Text, row_of: dict[str, int], words: _Words) -> list[list] | None:
    """The date's events as rows of numbers into ``words`` (:class:`DateData`).

    The popup is written by the browser when it opens.
    """
    e = snapshot.events
    if e.empty:
        return None
    e = e.sort_values(["place_id", "type", "date", "id"])
    col = {k: e[k].fillna("").astype(str).tolist() for k in e.columns if k != "day"}
    rows = _lookup(row_of, e["place_id"].to_numpy(dtype=str)).tolist()
    out = []
    for j, row in enumerate(rows):
        if row < 0:
            continue
        figure = ""
        if col["figure"][j]:
            parts = {k: col[k][j] for k in ("low", "best", "high", "group")}
            figure = f"{escape.text(col['figure'][j])}: {escape.text(figure_text(parts))}"
        item = [
            row,
            words(escape.text(col["type"][j])),
            words(escape.text(col["date"][j])),
            words(figure),
            words(text.who(col["outlet"][j], col["claimant"][j])),
            words(text.origin(col["origin"][j], col["outlet"][j])),
            escape.text(col["id"][j]),
        ]
        if col["quote"][j]:
            item.append(escape.text(col["quote"][j]))
        out.append(item)
    return out


def _areas(snapshot: Snapshot, codes: dict[str, int]) -> dict | None:
    """The estimated zones, one feature per state: its code and km².

    The popup, naming them an estimate, is written by the browser.
    """
    a = snapshot.areas
    if a.empty:
        return None
    features = []
    for state, km2, geom in zip(a["state"], a["area_km2"], a.geometry, strict=True):
        geometry = _geometry(geom, 3)
        geometry["coordinates"] = _encode(geometry["coordinates"])
        features.append(
            {"type": "Feature", "geometry": geometry, "properties": {"s": codes[state], "km": round(float(km2), 1)}}
        )
    return {"type": "FeatureCollection", "features": features}


def _encode(coordinates) -> list | str:
    """Polygon rings as Google's encoded polyline strings.

    Thousandths of a degree (lon, lat, each a delta from the previous point): a quarter of the JSON's bytes, decoded
    exactly by the map script (``decodeRings``). Nested lists keep their nesting.
    """
    if coordinates and not isinstance(coordinates[0][0], (list, tuple)):
        points = np.round(np.asarray(coordinates, dtype=float) * 1000).astype(np.int64)
        return _varints(np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel())
    return [_encode(part) for part in coordinates]


def _varint(delta: int) -> str:
    value = ~(delta << 1) if delta < 0 else delta << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def timeline_data(model: MapModel, base: str = "../data/") -> TimelineData:
    """Every day from the first map to the last, each showing the latest map on or before it.

    Maps are made on every date a state changes, so between two maps every state is the
    earlier map's: the day's states are that map's ``DateData``, loaded when the slider
    reaches it.
    """
    snaps = [d.strftime("%Y-%m-%d") for d in model.dates]
    days = pd.date_range(model.dates[0], model.dates[-1], freq="D") if model.dates else pd.DatetimeIndex([])
    labels = [d.strftime("%Y-%m-%d") for d in days]
    at = np.searchsorted(np.array(snaps), np.array(labels, dtype=str), side="right") - 1
    return {"dates": labels, "snapshots": [snaps[i] for i in at], "base": base, "claims": f"{base}claims.js"}
