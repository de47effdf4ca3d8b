"""The data a map page reads, and its one documented schema.

A site sends what does not change once, as static scripts a ``file://`` page can load with
``<script src>`` (Chromium refuses ``fetch`` of JSON on ``file://``):

- ``data/places.js`` (:class:`PlacesData`): the drawable states, every place's id, names,
  kind and coordinates, precision, labels, search aliases, polygons and the country outline;
- ``data/claims.js`` (:class:`ClaimsData`): every claim's escaped text, once;

and per date only that date's (:class:`DateData`, ``data/YYYY-MM-DD.js``): one state code
per place, stale places, what changed, the claims behind each known state as row numbers in
the claims table, events and estimated areas. The timeline (:class:`TimelineData`) reads the
same date scripts. Each script is one call, ``AM.load("<kind>", {...})``, whose payload is one
of these dictionaries; ``templates/statemap.js`` and ``tests/pages.py`` read the key names
listed here (a test checks that the script uses exactly these keys).

Every string from data passes :func:`aleppo_map.escape.text` before it enters a payload, and
the payload is written with :func:`aleppo_map.escape.script_json`, so a quote holding
``</script>`` or ``<img onerror=...>`` stays text in an inline script and in a ``.js`` file.

Row numbers: places are in place-id order (``PlacesData.ids``); claims are in
``(about_date, claim_id)`` order. A claim dated on or before a map's date keeps its row as
long as no claim dated on or before that date is added or removed, which the date's build
digest covers (every claim row up to the date), so editing a claim rewrites ``claims.js``
and the dates that need it, not every page. A claim dated after the map's date (a later
denial that makes an earlier capture disputed) is cited by its id instead of its row.
"""

from __future__ import annotations

import html
import itertools
import weakref
from typing import TypedDict

import numpy as np
import pandas as pd

from . import escape, names
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN
from .styles import EVENT_SYMBOLS, state_table

__all__ = [
    "ALPHABET",
    "CLAIM_FIELDS",
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
    "places_data",
    "script",
    "state_codes",
    "timeline_data",
]

# One character per state code in a date's ``state`` string (62 states at most).
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The zoom from which a place's name is written on the map, by kind; regions' centroids
# (governorate, district, subdistrict) get none: their outlines are drawn instead.
LABEL_ZOOM = {"city": 6, "town": 9, "airport": 9, "airbase": 9, "village": 11, "neighbourhood": 13, "landmark": 14}
MAX_LABELLED = 4000
MAX_ALIASED = 4000
# The positions of a claim row in ``ClaimsData.rows``; sent in the script as ``fields``.
CLAIM_FIELDS = ("id", "date", "who", "what", "quote", "link", "place")


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
    """``data/claims.js``: every claim a page may cite, each once, in (date, id) order."""

    fields: list[str]  #: the names of a row's positions (:data:`CLAIM_FIELDS`)
    rows: list[list]  #: per claim: id, date word, who word, what word, quote, link word, place row
    words: list[str]  #: repeated escaped strings (dates, claimants, actions, links), by number


class Known(TypedDict):
    """What a date's popups say about the places that have a state or a claim against one.

    Places share their details often (a governorate's baseline claim holds for each of
    its villages; most places cite their own first claim), so each distinct detail is sent
    once, in the columns below, and each place names its detail in ``at``. A reference to a
    claim is ``k >= 0``: the place's own k-th claim in ``claims.js`` (the rows whose
    ``place`` is the place, in table order); ``-1 - row``: that row of ``claims.js`` (a claim
    about another place, such as the region it lies in); a string: the escaped id of a claim
    dated after the map (a later denial).
    """

    width: int  #: characters per place in ``at``
    at: str  #: per place row, ``width`` base-62 digits (``alphabet``): 0 none, else 1 + its detail
    since: list[int]  #: per detail, the date the state holds since (``DateData.words``), or -1
    confidence: list[int]  #: per detail, confidence in hundredths
    claims: list[list]  #: per detail, the claims behind the state (references, below)
    against: list  #: per detail, the claims against it (as ``claims``), or 0 for none
    more: dict[str, int]  #: detail -> how many more claims ``aleppo-map explain`` lists


class DateData(TypedDict):
    """``data/YYYY-MM-DD.js``: one map date."""

    date: str  #: YYYY-MM-DD
    previous: str | None  #: the previous map's date (changes count from it)
    state: str  #: one ``alphabet`` character per place row: its state code
    stale: list[int]  #: rows whose state had no confirmation for a long time
    was: dict[str, int]  #: row -> state code on the previous map, for the places that changed
    known: Known
    words: list[str]  #: dates the ``known.since`` numbers point at
    claims_count: int  #: how many claims are dated on or before ``date`` (rows the page may cite)
    claims_last: str  #: the escaped id of the last of those, to tell a stale cached claims.js
    events: list[list] | None  #: per place and type: [place row, type, escaped popup HTML]
    areas: dict | None  #: estimated zones: GeoJSON with ``s`` (state code) and ``p`` (popup), rings encoded
    bounds: list | None  #: [[south, west], [north, east]] of the known places, fitted on load


class TimelineData(TypedDict):
    """Inline in ``timeline.html``: which date script each day reads."""

    dates: list[str]  #: every day from the first map to the last
    snapshots: list[str]  #: per day, the map date on or before it whose ``DateData`` it shows
    base: str  #: relative URL of the folder of the date scripts


KEYS = {
    "places": PlacesData.__annotations__,
    "claims": ClaimsData.__annotations__,
    "day": DateData.__annotations__,
    "known": Known.__annotations__,
    "timeline": TimelineData.__annotations__,
}


def script(kind: str, payload: dict) -> str:
    """A payload as the script that hands it to the map script: ``AM.load(kind, {...});``."""
    return f'AM.load("{kind}",{escape.script_json(payload)});\n'


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


class Text:
    """Escaped labels for sources, sides and places, and each claim's row: one per model.

    Built once per build (:meth:`of`); every page of the build cites claims by the rows
    given here, which are the rows of ``claims.js``.
    """

    def __init__(self, model: MapModel):
        ds = model.dataset
        self.source = dict(zip(ds.sources["id"], ds.sources["name"], strict=True))
        self.url = dict(zip(ds.sources["id"], ds.sources["url"].fillna(""), strict=True))
        self.side = {**dict(zip(ds.sides["id"], ds.sides["label"], strict=True))}
        self.side |= {sid: label for sid, label, _c, kind in state_table(ds.sides) if kind != "side"}
        self.place = dict(zip(ds.places["id"], ds.places["name"], strict=True))
        own = model.resolver.claims
        needed = ["claim_id", "place_id", "side", "action", "stance", "about_date", "outlet", "claimant"]
        needed += ["quote", "origin", "status"]
        frame = own.loc[own["inherited_from"] == "", needed].drop_duplicates("claim_id")
        self.frame = frame.sort_values(["about_date", "claim_id"], kind="stable").reset_index(drop=True)
        self.row = {cid: n for n, cid in enumerate(self.frame["claim_id"])}
        self.day = dict(zip(self.frame["claim_id"], self.frame["about_date"], strict=True))
        # A claim's place, and its position among that place's own claims (same order).
        self.place_of = dict(zip(self.frame["claim_id"], self.frame["place_id"], strict=True))
        local = self.frame.groupby("place_id", sort=False).cumcount()
        self.local = dict(zip(self.frame["claim_id"], local.to_numpy(dtype=int).tolist(), strict=True))
        self.days = self.frame["about_date"].to_numpy(dtype=str)
        # Who denied or retracted each claim (with hindsight: the denial may be dated later).
        denials = own.loc[(own["disputed_by"] != "") | (own["retracted_by"] != "")]
        self.denied_by: dict[str, set[str]] = {}
        for cid, by in itertools.chain(
            zip(denials["claim_id"], denials["disputed_by"], strict=True),
            zip(denials["claim_id"], denials["retracted_by"], strict=True),
        ):
            if by:
                self.denied_by.setdefault(cid, set()).add(by)

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
        outlet_name = escape.text(self.source.get(outlet, outlet))
        if claimant and claimant != outlet:
            return f"{escape.text(self.source.get(claimant, claimant))} via {outlet_name}"
        return outlet_name

    def what(self, c: dict) -> str:
        """What the claim says: unreviewed status, denial, side and action (escaped)."""
        stance = "denies: " if c["stance"] == "denied" else ""
        if c.get("status"):
            stance = f"[{escape.text(c['status']).upper()}, NOT REVIEWED] " + stance
        return f"{stance}{escape.text(self.side.get(c['side'], c['side']))} {escape.text(c['action'])}"

    def claim_text(self, cid: str) -> str:
        """A claim as one escaped line, as a popup shows it (for comparisons in benchmarks)."""
        c = self.frame.iloc[self.row[cid]].to_dict()
        quote = f" <q>{escape.text(c['quote'])}</q>" if c["quote"] else ""
        who, what, link = self.who(c["outlet"], c["claimant"]), self.what(c), self.origin(c["origin"], c["outlet"])
        return f"{escape.text(c['about_date'])} \u00b7 {who}: {what}{quote} [{escape.text(cid)}] {link}"

    def refs(self, ids: str, day: str, place: str) -> list:
        """References into ``claims.js`` for the claim ids cited for ``place`` on ``day``.

        ``ids`` is ``;``-separated (see :class:`Known`): ``k`` for the place's own k-th claim, ``-1 - row``
        for another place's (a region's claim its villages inherit), the escaped id for a
        claim dated after ``day``. Places share references, so dates repeat few details.
        """
        out: list = []
        for cid in filter(None, ids.split(";")):
            n = self.row.get(cid)
            if n is None:
                continue
            if self.day[cid] > day:
                out.append(escape.text(cid))
            elif self.place_of[cid] == place:
                out.append(self.local[cid])
            else:
                out.append(-1 - n)
        return out


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


def claims_data(model: MapModel) -> ClaimsData:
    """Every claim of the model, escaped, in (date, id) order: ``claims.js``."""
    text = Text.of(model)
    row_of = _rows_by_id(list(model.resolver.gazetteer.places["id"]))[1]
    words = _Words()
    rows = []
    memo: dict[tuple, int] = {}

    def word(key: tuple, make) -> int:
        n = memo.get(key)
        if n is None:
            n = memo[key] = words(make())
        return n

    for c in text.frame.to_dict("records"):
        rows.append(
            [
                escape.text(c["claim_id"]),
                word(("d", c["about_date"]), lambda c=c: escape.text(c["about_date"])),
                word(("w", c["outlet"], c["claimant"]), lambda c=c: text.who(c["outlet"], c["claimant"])),
                word(("a", c["stance"], c["side"], c["action"], c["status"]), lambda c=c: text.what(c)),
                escape.text(c["quote"]),
                word(("o", c["origin"], c["outlet"]), lambda c=c: text.origin(c["origin"], c["outlet"])),
                row_of.get(c["place_id"], -1),
            ]
        )
    return {"fields": list(CLAIM_FIELDS), "rows": rows, "words": words.words}


def date_data(model: MapModel, snapshot: Snapshot) -> DateData:
    """One map date: states as codes, the claims behind them as rows, events, areas."""
    text = Text.of(model)
    _states, codes = state_codes(model.dataset.sides)
    day = snapshot.date.strftime("%Y-%m-%d")
    order, row_of = _rows_by_id(list(snapshot.states["place_id"]))
    rows = snapshot.states.iloc[order].reset_index(drop=True)
    state = rows["state"].map(codes).to_numpy()
    words = _Words()
    against = rows["contradicting"].tolist()
    for n, (sup, con) in enumerate(zip(rows["claims"], against, strict=True)):
        # A denial dated after the map that makes a claim disputed is listed against the
        # state ("reported later"), so no colour rests on a claim the popup does not show.
        listed = set(filter(None, con.split(";")))
        later = sorted(
            {d for cid in filter(None, sup.split(";")) for d in text.denied_by.get(cid, ())} - listed,
            key=lambda d: (text.day.get(d, ""), d),
        )
        later = [d for d in later if text.day.get(d, "") > day]
        if later:
            against[n] = ";".join(filter(None, [con, *later]))
    is_known = (rows["state"] != UNKNOWN).to_numpy() | np.array([bool(a) for a in against], dtype=bool)
    picked = rows.loc[is_known, ["place_id", "since", "confidence", "claims", "n_claims", "n_contradicting"]]
    known: Known = {"width": 1, "at": "", "since": [], "confidence": [], "claims": [], "against": [], "more": {}}
    details: dict[tuple, int] = {}
    at = np.zeros(len(rows), dtype=np.int64)
    for n, row in zip(np.flatnonzero(is_known).tolist(), picked.to_dict("records"), strict=True):
        since = words(row["since"]) if row["since"] else -1
        confidence = round(float(row["confidence"]) * 100)
        sup = text.refs(row["claims"], day, row["place_id"])
        con = text.refs(against[n], day, row["place_id"]) if against[n] else []
        hidden = int(row["n_claims"]) - len(sup) + int(row["n_contradicting"]) - len(con)
        key = (since, confidence, tuple(sup), tuple(con), max(hidden, 0))
        d = details.get(key)
        if d is None:
            d = details[key] = len(details)
            known["since"].append(since)
            known["confidence"].append(confidence)
            known["claims"].append(sup)
            known["against"].append(con or 0)
            if hidden > 0:
                known["more"][str(d)] = hidden
        at[n] = d + 1
    known["width"] = width = _width(len(details) + 1)
    known["at"] = _digits(at, width)
    count = int(np.searchsorted(text.days, day, side="right"))
    was = dict(zip(snapshot.changes["place_id"], snapshot.changes["old_state"], strict=True))
    out: DateData = {
        "date": day,
        "previous": snapshot.previous.strftime("%Y-%m-%d") if snapshot.previous is not None else None,
        "state": "".join(ALPHABET[c] for c in state),
        "stale": [int(n) for n in np.flatnonzero(rows["stale"].to_numpy(dtype=bool))],
        "was": {str(row_of[pid]): codes[old] for pid, old in sorted(was.items(), key=lambda kv: row_of[kv[0]])},
        "known": known,
        "words": words.words,
        "claims_count": count,
        "claims_last": escape.text(text.frame["claim_id"].iloc[count - 1]) if count else "",
        "events": _events(snapshot, text, row_of),
        "areas": _areas(snapshot, codes, text),
        "bounds": None,
    }
    shown = rows[rows["state"] != UNKNOWN]
    if not shown.empty:
        # Fitted by the script, without animation, unless the URL asks for a view.
        out["bounds"] = [
            [_round(shown["lat"].min()), _round(shown["lon"].min())],
            [_round(shown["lat"].max()), _round(shown["lon"].max())],
        ]
    return out


def _width(n: int) -> int:
    """How many base-62 digits write the numbers below ``n``."""
    width = 1
    while len(ALPHABET) ** width < n:
        width += 1
    return width


def _digits(values: np.ndarray, width: int) -> str:
    """Numbers as fixed-width base-62 digits, most significant first, one string."""
    base = len(ALPHABET)
    columns = [(values // base ** (width - 1 - k)) % base for k in range(width)]
    chars = np.array(list(ALPHABET))
    return "".join("".join(chars[c] for c in digits) for digits in zip(*columns, strict=True)) if len(values) else ""


def _events(snapshot: Snapshot, text: Text, row_of: dict[str, int]) -> list[list] | None:
    e = snapshot.events
    if e.empty:
        return None
    out = []
    for (pid, etype), rows in e.sort_values(["place_id", "type", "date", "id"]).groupby(
        ["place_id", "type"], sort=True
    ):
        items = []
        for row in rows.to_dict("records"):
            figure = f" \u00b7 {escape.text(row['figure'])}: {escape.text(figure_text(row))}" if row["figure"] else ""
            quote = f" <q>{escape.text(row['quote'])}</q>" if row["quote"] else ""
            items.append(
                f"<li>{escape.text(row['date'])}{figure} \u00b7 {text.who(row['outlet'], row['claimant'])}{quote}"
                f' <span class="meta">[{escape.text(row["id"])}] {text.origin(row["origin"], row["outlet"])}</span></li>'
            )
        popup = (
            f'<div class="am-popup"><h3>{escape.text(text.place.get(pid, pid))}: {escape.text(etype)}</h3>'
            f'<div class="meta">Figures as each source reported them; never added up across sources.</div>'
            f"<ul>{''.join(items)}</ul></div>"
        )
        out.append([row_of[pid], escape.text(etype), popup])
    return out


def _areas(snapshot: Snapshot, codes: dict[str, int], text: Text) -> dict | None:
    if snapshot.areas.empty:
        return None
    features = []
    for r in snapshot.areas.itertuples():
        label = escape.text(text.side.get(r.state, r.state))
        popup = (
            f'<div class="am-popup"><b>Estimated area: {label}</b><br>{r.area_km2:,.1f} km\u00b2'
            '<div class="meta">An estimate: the ground nearest to each place held by its side '
            "(Voronoi cells of the place points, clipped to the country). Not a front line.</div></div>"
        )
        geometry = _geometry(r.geometry, 3)
        geometry["coordinates"] = _encode(geometry["coordinates"])
        features.append({"type": "Feature", "geometry": geometry, "properties": {"s": codes[r.state], "p": popup}})
    return {"type": "FeatureCollection", "features": features}


def _encode(coordinates) -> list | str:
    """Polygon rings as Google's encoded polyline strings.

    Thousandths of a degree (lon, lat, each a delta from the previous point): a quarter of the JSON's bytes, decoded
    exactly by the map script (``decodeRings``). Nested lists keep their nesting.
    """
    if coordinates and not isinstance(coordinates[0][0], (list, tuple)):
        out, last = [], (0, 0)
        for x, y in coordinates:
            point = (round(x * 1000), round(y * 1000))
            for value, before in zip(point, last, strict=True):
                out.append(_varint(value - before))
            last = point
        return "".join(out)
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
    return {"dates": labels, "snapshots": [snaps[i] for i in at], "base": base}
