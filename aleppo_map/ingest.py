"""From news text to candidate claims and events that a person reviews.

Ingestion proposes, review accepts: nothing read here enters ``claims.csv`` or
``events.csv`` by itself. For one article and its publication date it finds

- **place mentions**, with character offsets, by a longest-match scan of the gazetteer's
  normalized alias tokens ("Aleppo University" and "New Aleppo" are never read as the city;
  Arabic script, French and Spanish forms count), and the capitalised names in a place
  position that resolve to nothing (*unresolved*, with their context);
- **dates**: weekdays, "on the eve", "since 2016" ... resolved against the publication date;
- **control statements**: who did what to which place, the actor's words mapped to a side
  and the verb to an action through the editable tables ``actors.csv``, ``claimants.csv``
  and ``cues.csv`` of the data folder;
- **attribution and denial** ("according to the Observatory", "told AFP", "the army denied
  this") as the claim's stance and claimant;
- **events** with casualty figures per source.

Every candidate carries the fields of a claim (or an event), the sentence as its quote,
offsets, a confidence, the cue that produced it and a note saying how it was read. The
rules are in ``docs/ingest.md``. One name that resolves to nothing never costs a document
its other results: it is reported and the rest goes on.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .claims import ACTIONS, CLAIMS, EVENT_TYPES, EVENTS, FIGURES, MAX_QUOTE
from .dataset import Dataset
from .names import fold, has_arabic, normalize
from .tables import Column, DataError, Problem, Table, _check_cell, read_table

__all__ = [
    "ACTORS",
    "CANDIDATE_COLUMNS",
    "CLAIMANTS",
    "CUES",
    "CUE_KINDS",
    "Candidate",
    "DateRef",
    "Document",
    "Ingestor",
    "Lexicon",
    "Mention",
    "candidate_rows",
    "candidates_frame",
    "load_candidates",
    "read_article",
]

# -- the editable tables --------------------------------------------------------------------
CUE_KINDS = (
    "control",
    "partial",
    "kind",
    "anaphor",
    "speech",
    "denial",
    "hedge",
    "irrealis",
    "negation",
    "locator",
    "background",
    "event",
    "group",
    "vague",
    "cumulative",
)
ACTORS = Table(
    "actors.csv",
    (
        Column("phrase", required=True, max_len=120),
        Column("side", "id"),
        Column("note", max_len=500),
        Column("source", max_len=300),
    ),
    key="phrase",
)
CLAIMANTS = Table(
    "claimants.csv",
    (
        Column("phrase", required=True, max_len=120),
        Column("source_id", "id", required=True),
        Column("note", max_len=500),
    ),
    key="phrase",
)
CUES = Table(
    "cues.csv",
    (
        Column("phrase", required=True, max_len=120),
        Column("kind", "choice", required=True, choices=CUE_KINDS),
        Column("value", max_len=120),
        Column("detail", max_len=60),
        Column("note", max_len=500),
    ),
    key=None,
)
SIDE_FROM = ("subject", "object", "claimant")
SPEAKER_AT = ("subject", "object", "either")

# Columns of a candidates file: the claim's, then what only events have, then review aids.
EVENT_ONLY = ("type", "figure", "group", "low", "best", "high")
CANDIDATE_COLUMNS = (
    "id",
    "kind",
    "status",
    *[c.name for c in CLAIMS.columns if c.name != "id"],
    *EVENT_ONLY,
    "confidence",
    "cue",
    "place_text",
    "start",
    "end",
    "added_as",
)
STATUSES = ("candidate", "accepted", "rejected", "added")
KINDS = ("claim", "event", "unresolved")
MAX_BYTES = 2_000_000
MIN_LETTERS = 20

# English function words: a capitalised one at the start of a sentence is not a place
# ("By" and "Said" are Syrian villages).
STOPWORDS = frozenset(
    """a about above after again against all also am amid an and another any are as at be because been before
    being below between both but by can could despite did do does doing down during each either even every few
    for from further had has have having he her here hers him his how however i if in into is it its itself
    last later just least less many may me meanwhile might more most much must my near neither never new no nor
    not notably now of off on once one only or other our ours out over own per same she should since so some
    such than that the their theirs them then there these they this those though through thus to too toward
    towards under until up upon us very was we were what when where whether which while who whom whose why
    will with within without would yet you your also adding another share said says saw seen has war by is
    however leave reply exit tracking updated location read despite""".split()
)
# Arabic and Latin transliterated articles: skipped inside names, kept in a mention's span.
ARTICLES = frozenset("al el il ul l a as ash ad adh ar at ath az an es ech ed er et ez en enn".split())
LEADING = frozenset("the le la les los las".split())
# Words that follow a place name as its head and belong to the name's phrase.
MAJOR_KINDS = ("country", "governorate", "city", "town")
HEADS = frozenset(
    """province provinces governorate region district districts city town village neighbourhood neighborhood
    countryside airport airbase square citadel stadium university residence""".split()
)
# Prepositions after which a capitalised name is in a place position.
LOCATIVE = frozenset("in at on near from to towards toward into inside outside around across within via".split())
_PLACE_NOUNS = frozenset("town city village district province governorate region neighbourhood neighborhood".split())
_PLACE_LEAD = (
    LEADING | _PLACE_NOUNS | {"neighbouring", "neighboring", "northern", "southern", "eastern", "western", "of"}
)
# Arabic function words and generic place nouns: never a place name on their own ('على' is also a village).
ARABIC_STOPWORDS = frozenset(
    normalize(w)
    for w in "في من على إلى الى عن مع مدينة بلدة قرية حي محافظة ريف قال قالت أن إن التي الذي هذا هذه بعد قبل حتى منذ عند أو و ثم كما".split()
)
# One-letter Arabic prefixes (and, with, for, so) written onto the next word: وسراقب = and Saraqib.
ARABIC_CLITICS = frozenset("وبلف")
_CLAUSE_BREAKS = frozenset("while whereas but although though however".split())
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "twin": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
UNITS = frozenset(
    "years year months month days day weeks week hours kilometres kilometers km miles metres meters percent".split()
)
PRONOUNS = frozenset("they them their he she it its we".split())
PASSIVE = frozenset("was were been be is are being".split())
# Base confidence of a candidate: how much the cue alone says; multiplied down when the
# side, the place or the date had to be inferred, or the text hedges.
BASE = {
    "captured": 0.8,
    "holds": 0.75,
    "controls-part": 0.75,
    "entered": 0.7,
    "fighting": 0.7,
    "withdrew": 0.7,
    "repelled": 0.65,
    "besieged": 0.65,
    "approached": 0.65,
}
_RANK = {"captured": 6, "holds": 5, "controls-part": 4, "withdrew": 4, "fighting": 3, "entered": 2, "approached": 1}

_TOKEN = re.compile(
    r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670]*(?:['’ʿʾ`][^\W_][\w\u0610-\u061a\u064b-\u065f\u0670]*)*"
)
_POSSESSIVE = frozenset(("'s", "’s", "'S", "’S"))
_QUOTED = re.compile(r'“[^”\n]*”|«[^»\n]*»|"[^"\n]*"')
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)]*\s+(?=[\"“«(\-‘']?[A-Z0-9\u0600-\u06ff])")
_ABBREVIATIONS = frozenset("u.s mr mrs ms dr st gen lt col no vs approx e.g i.e jr sr".split())
_SEGMENT = re.compile(r"[,;:()\[\]“”\"«»—–]| - ")
_DAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    rf"""\b(?P<eve>on\ the\ eve)\b(?!\ of)
    |\b(?P<rel>yesterday|today|tonight|last\ night)\b
    |\b(?P<first>for\ the\ first\ time\ since)(?:\s+[\w’']+){{0,5}}?\s+(?:in\s+)?(?:(?:{_MONTH})\s+)?(?P<fy>(?:19|20)\d\d)\b
    |\b(?P<yp>since|in|from|until|by)\s+(?:(?:early|late|mid)\s+)?(?:(?P<ym>{_MONTH})\s+)?(?P<year>(?:19|20)\d\d)\b
    |\b(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:\s+(?P<y1>(?:19|20)\d\d))?\b
    |\b(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:,?\s+(?P<y2>(?:19|20)\d\d))?\b
    |\b(?P<wd>{_DAY})(?:\s+(?:and|or|to)\s+(?P<wd2>{_DAY}))?(?:\s+(?:morning|afternoon|evening|night))?\b""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBER = re.compile(
    r"\b(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_CALENDAR = frozenset([*WEEKDAYS, *MONTHS, *(w[:3] for w in WEEKDAYS + MONTHS), "sept", "tues", "thurs"])
_NAME_GAP = re.compile(r"[\s\-\u2010\u2011'’ʿʾ`]*")
_DATE_ANCHORS = frozenset([*WEEKDAYS, *MONTHS, "eve", "yesterday", "today", "tonight", "night"])
_FRAME_LEAD = frozenset("by on this last early late earlier later and but since until in as of".split())


# -- small records ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cue:
    """One row of ``cues.csv``: a phrase and what it signals."""

    phrase: str
    kind: str
    value: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Entity:
    """A named actor or claimant: the side it fights for and/or the source id it speaks as."""

    phrase: str
    side: str = ""
    source: str = ""
    actor: bool = False


@dataclass
class Mention:
    """A place name found in the text, resolved or not.

    ``start``/``end`` are character offsets into the text; ``place_id`` is empty when the
    name resolved to nothing (``reason`` says why, ``context`` shows where).
    """

    start: int
    end: int
    text: str
    place_id: str
    score: float
    reason: str
    kind: str = ""
    context: str = ""
    candidates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateRef:
    """A time expression and the day it names (``date`` empty when it names a year only)."""

    start: int
    end: int
    text: str
    kind: str  # day, eve, range, year, since, first-since
    date: str = ""
    year: int = 0
    frame: bool = False


@dataclass
class Candidate:
    """A proposed claim or event, with its evidence, for review."""

    kind: str
    fields: dict
    confidence: float
    cue: str
    start: int
    end: int
    place_text: str
    background_year: int = 0


@dataclass
class Document:
    """What one article yields: mentions, unresolved names, dates, candidates."""

    origin: str
    published: str
    outlet: str
    mentions: list[Mention]
    unresolved: list[Mention]
    dates: list[DateRef]
    candidates: list[Candidate]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "origin": self.origin,
            "published": self.published,
            "outlet": self.outlet,
            "mentions": [asdict(m) for m in self.mentions],
            "unresolved": [asdict(m) for m in self.unresolved],
            "dates": [asdict(d) for d in self.dates],
            "candidates": [c.fields | {"confidence": c.confidence, "cue": c.cue} for c in self.candidates],
            "warnings": self.warnings,
        }


# -- tries ---------------------------------------------------------------------------------------
_END = None  # the payload slot of a trie node; never a token key


def _insert(trie: dict, keys: tuple[str, ...], payload) -> None:
    node = trie
    for k in keys:
        node = node.setdefault(k, {})
    node.setdefault(_END, []).append(payload)


def _walk(trie: dict, keys: list[str], i: int, skip: frozenset = frozenset()) -> tuple[int, list]:
    """Longest match of ``keys[i:]`` in ``trie``: (end token index, payloads), or (-1, [])."""
    node, j, best, found = trie, i, -1, []
    n = len(keys)
    while j < n:
        k = keys[j]
        nxt = node.get(k)
        if nxt is None:
            if k in skip and j + 1 < n and j > i:
                j += 1
                continue
            break
        node = nxt
        j += 1
        if _END in node:
            best, found = j, node[_END]
    return best, found


_key_cache: dict[str, str] = {}


def _key(word: str) -> str:
    """The matching key of one token: :func:`normalize` of the word, memoised."""
    k = _key_cache.get(word)
    if k is None:
        if len(_key_cache) > 200_000:
            _key_cache.clear()
        k = _key_cache[word] = normalize(word)
    return k


_fold_cache: dict[str, str] = {}


def _fold_key(key: str) -> str:
    """The transliteration-blind key of one normalized token, memoised."""
    k = _fold_cache.get(key)
    if k is None:
        if len(_fold_cache) > 200_000:
            _fold_cache.clear()
        k = _fold_cache[key] = key if has_arabic(key) else fold(key)
    return k


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(_key(m.group()) for m in _TOKEN.finditer(phrase.replace("'s ", " ").replace("’s ", " ")))


# -- the lexicon --------------------------------------------------------------------------------
@dataclass
class Lexicon:
    """Actors, claimants and cues of one dataset, as tries over token keys.

    Loaded from ``actors.csv``, ``claimants.csv`` and ``cues.csv`` in the data folder, so that a
    journalist can teach ingestion a new phrase without touching code, and another war's
    folder brings its own words. All-capital phrases (HTS, AFP, AP) match case-sensitively.
    """

    entities: dict = field(default_factory=dict)
    cues: dict = field(default_factory=dict)
    groups: dict = field(default_factory=dict)
    case_sensitive: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, dataset: Dataset) -> Lexicon:
        """Read and check the three tables of ``dataset.root``; raise DataError with every problem.

        A missing table is allowed (ingestion then finds places and dates only) and listed
        in ``missing``.
        """
        root = Path(dataset.root)
        problems: list[Problem] = []
        sides, sources = set(dataset.sides["id"]), set(dataset.sources["id"])
        lex = cls()
        tables = {}
        for table in (ACTORS, CLAIMANTS, CUES):
            path = root / table.filename
            if not path.exists():
                lex.missing.append(table.filename)
                tables[table.filename] = pd.DataFrame(columns=[*table.names, "line"])
                continue
            frame, found = read_table(path, table)
            problems += found
            tables[table.filename] = frame
        for r in tables["actors.csv"].to_dict("records"):
            if r["side"] and r["side"] not in sides:
                problems.append(
                    Problem(
                        "actors.csv",
                        r["line"],
                        "side",
                        f"unknown side {r['side']!r}; sides are: {', '.join(sorted(sides))}",
                    )
                )
            lex._add_entity(r["phrase"], side=r["side"], actor=True)
        for r in tables["claimants.csv"].to_dict("records"):
            if r["source_id"] not in sources:
                problems.append(
                    Problem("claimants.csv", r["line"], "source_id", f"{r['source_id']!r} is not in sources.csv")
                )
            lex._add_entity(r["phrase"], source=r["source_id"])
        for r in tables["cues.csv"].to_dict("records"):
            msg = _check_cue(r, sides)
            if msg:
                problems.append(Problem("cues.csv", r["line"], msg[0], msg[1]))
                continue
            keys = _phrase_keys(r["phrase"])
            if keys:
                _insert(lex.cues, keys, Cue(r["phrase"], r["kind"], r["value"], r["detail"]))
                if r["kind"] == "group":
                    _insert(lex.groups, keys, r["value"])
        if problems:
            raise DataError(problems)
        return lex

    def _add_entity(self, phrase: str, side: str = "", source: str = "", actor: bool = False) -> None:
        keys = _phrase_keys(phrase)
        if not keys:
            return
        node = self.entities
        for k in keys:
            node = node.setdefault(k, {})
        old = node.get(_END, [Entity(phrase)])[0]
        node[_END] = [
            Entity(
                phrase,
                side=old.side or side,
                source=old.source or source,
                actor=old.actor or actor,
            )
        ]
        if phrase.isupper() and len(phrase) <= 6:
            self.case_sensitive[keys] = phrase


def _check_cue(r: dict, sides: set[str]) -> tuple[str, str] | None:
    kind, value, detail = r["kind"], r["value"], r["detail"]
    if kind == "control":
        if value not in ACTIONS:
            return "value", f"{value!r} is not an action; actions are: {', '.join(ACTIONS)}"
        if detail not in SIDE_FROM and detail not in sides:
            return "detail", f"{detail!r} must say where the side comes from ({', '.join(SIDE_FROM)}) or be a side id"
    elif kind == "partial" and value not in ("place", "region"):
        return "value", "a partial cue is 'place' (part of the place) or 'region' (part of its governorate)"
    elif kind == "event":
        if value not in EVENT_TYPES:
            return "value", f"{value!r} is not an event type; types are: {', '.join(EVENT_TYPES)}"
        if detail and detail not in FIGURES:
            return "detail", f"{detail!r} is not a figure; figures are: {', '.join(FIGURES)}"
    elif kind == "speech" and detail not in SPEAKER_AT:
        return "detail", f"a speech cue says where the speaker is: {', '.join(SPEAKER_AT)}"
    elif kind == "group" and not value:
        return "value", "a group cue needs the group it counts"
    return None


# -- the place index ------------------------------------------------------------------------------
class PlaceIndex:
    """Every alias of the gazetteer as a sequence of normalized tokens, for longest-match scans.

    Two tries: one on :func:`normalize` keys (exact spellings) and one on
    :func:`~aleppo_map.names.fold` keys (transliteration variants, used only where the text puts
    a name in a place position). Single-word aliases that are English function words or bare
    articles are left out: they would match running text, not names.
    """

    def __init__(self, dataset: Dataset):
        g = dataset.gazetteer
        self.gazetteer = g
        curated_files = dataset.aliases["file"] if "file" in dataset.aliases else pd.Series(dtype=str)
        curated = dataset.aliases[curated_files.str.contains("curated", na=False)]["alias"]
        self.curated = {normalize(a) for a in curated}
        self.curated_first = {c.split()[0] for c in self.curated if c}
        self.norm: dict = {}
        self.fold: dict = {}
        names = g.names
        kinds = g.places["kind"].to_numpy()
        big = names[pd.Series(kinds[names["idx"].to_numpy()]).isin(MAJOR_KINDS).to_numpy()]
        self.major = set(big["norm"])
        self.world = _world_names()
        for norm, fkey in set(zip(names["norm"].tolist(), names["fold"].tolist(), strict=True)):
            words = tuple(norm.split())
            if len(words) == 1 and (words[0] in ARTICLES or words[0] in STOPWORDS or words[0] in LEADING):
                continue
            if len(words) == 1 and not has_arabic(norm) and len(norm) < 3:
                continue
            _insert(self.norm, words, norm)
            fwords = tuple(fkey.split())
            if fwords and len(fkey) >= 4:
                _insert(self.fold, fwords, norm)


OUTSIDE = ("a country outside", "a city outside")


def _world_names() -> dict[str, str]:
    """Countries, cities over 15,000 people and nationalities of the world (GeoNames, via geotext).

    A name that is one of these and matches only a village of the gazetteer ("Russia",
    "Gaza", "Turkey" are also Syrian hamlets by transliteration) is read as the foreign
    place or people, not the village.
    """
    from geotext import GeoText

    index = GeoText.index
    out = dict.fromkeys(index.cities, "a city outside the gazetteer (GeoNames cities15000)")
    out.update(dict.fromkeys(index.countries, "a country outside the gazetteer (GeoNames countryInfo)"))
    out.update(dict.fromkeys(index.nationalities, "a nationality"))
    return out


# -- dates -------------------------------------------------------------------------------------------
def _iso(day: dt.date) -> str:
    return day.isoformat()


def find_dates(text: str, published: dt.date, windows: list[tuple[int, int]] | None = None) -> list[DateRef]:
    """Time expressions in ``text`` and the days they name, counted back from ``published``.

    Weekdays name the latest such day on or before publication (a Friday article's
    "Friday" is that day); "on the eve" is the day before; "since 2016" and "in 2016" name
    a year; "for the first time since 2016" is about the day of the report, not 2016.
    """
    out = []
    matches = _DATE.finditer(text) if windows is None else (m for a, b in windows for m in _DATE.finditer(text, a, b))
    for m in matches:
        s, e, t = m.start(), m.end(), m.group()
        if m.group("eve"):
            out.append(DateRef(s, e, t, "eve", _iso(published - dt.timedelta(days=1))))
        elif m.group("rel"):
            word = m.group("rel").lower()
            back = 0 if word in ("today", "tonight") else 1
            out.append(DateRef(s, e, t, "day", _iso(published - dt.timedelta(days=back))))
        elif m.group("first"):
            out.append(DateRef(s, e, t, "first-since", "", int(m.group("fy"))))
        elif m.group("year"):
            year = int(m.group("year"))
            kind = "since" if m.group("yp").lower() in ("since", "from") else "year"
            if m.group("ym") and year == published.year:
                month = MONTHS.index(m.group("ym").lower()) + 1
                kind = "month"
                out.append(DateRef(s, e, t, kind, _iso(dt.date(year, month, 1)), year))
            else:
                out.append(DateRef(s, e, t, kind, "", year))
        elif m.group("d1") or m.group("d2"):
            day = int(m.group("d1") or m.group("d2"))
            month = MONTHS.index((m.group("m1") or m.group("m2")).lower()) + 1
            year = int(m.group("y1") or m.group("y2") or published.year)
            try:
                when = dt.date(year, month, day)
            except ValueError:
                continue
            if not m.group("y1") and not m.group("y2") and when > published:
                when = when.replace(year=year - 1)
            out.append(DateRef(s, e, t, "day", _iso(when), when.year))
        elif m.group("wd"):
            last = (m.group("wd2") or m.group("wd")).lower()
            back = (published.weekday() - WEEKDAYS.index(last)) % 7
            kind = "range" if m.group("wd2") else "day"
            out.append(DateRef(s, e, t, kind, _iso(published - dt.timedelta(days=back))))
    return out


# -- text structure ------------------------------------------------------------------------------------
@dataclass
class _Tokens:
    start: list[int]
    end: list[int]
    raw: list[str]
    key: list[str]
    fold: list[str]
    cap: list[bool]
    poss: list[bool]


def _tokenize(text: str) -> _Tokens:
    """Word tokens with offsets, matching keys and flags; a possessive 's is cut off and flagged."""
    spans = [m.span() for m in _TOKEN.finditer(text)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    raws = [text[s:e] for s, e in spans]
    poss = [False] * len(raws)
    n = len(text)
    for j, raw in enumerate(raws):
        if raw[-2:] in _POSSESSIVE and len(raw) > 3:
            raws[j], ends[j], poss[j] = raw[:-2], ends[j] - 2, True
        elif raw[-1] == "s" and ends[j] < n and text[ends[j]] in "'’":
            poss[j] = True
    kc, fc = _key_cache, _fold_cache
    keys = [kc.get(r) or _key(r) for r in raws]
    caps = [r[0].isupper() for r in raws]
    # Transliteration keys only matter for capitalised words (a name in running text).
    folds = [(fc.get(k) or _fold_key(k)) if c else k for k, c in zip(keys, caps, strict=True)]
    return _Tokens(starts, ends, raws, keys, folds, caps, poss)


def _sentences(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentence spans and, for each, the index of its paragraph (a line of the text)."""
    spans, paras = [], []
    pos = 0
    for pi, line in enumerate(text.split("\n")):
        begin = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        for m in _SENTENCE_END.finditer(line):
            word = line[: m.start()].rsplit(None, 1)[-1].lower().strip('("“') if line[: m.start()].strip() else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
            spans.append((begin + cut, begin + m.start() + 1))
            paras.append(pi)
            cut = m.end()
        rest = line[cut:].rstrip()
        if rest.strip():
            spans.append((begin + cut, begin + cut + len(rest)))
            paras.append(pi)
    # Trim leading whitespace so a sentence starts on its first character.
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        out.append((s, e))
    return out, paras


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans between paired quotation marks, within one paragraph."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _truncate(text: str, limit: int = MAX_QUOTE) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


# -- the ingestor -------------------------------------------------------------------------------------
@dataclass
class _Span:
    """A matched phrase over tokens [i, j)."""

    i: int
    j: int
    kind: str  # place, entity, cue
    payload: object = None


class Ingestor:
    """Reads articles into candidates, with one dataset's gazetteer, sides, sources and lexicon.

    Build once and reuse: the alias index and the resolution memo make the second article
    much cheaper than the first.

    Parameters
    ----------
    dataset : Dataset
        The validated data folder (gazetteer, sides, sources, and the lexicon tables).
    lexicon : Lexicon, optional
        Defaults to :meth:`Lexicon.load` of the dataset.
    """

    def __init__(self, dataset: Dataset, lexicon: Lexicon | None = None):
        self.dataset = dataset
        self.gazetteer = dataset.gazetteer
        self.lexicon = lexicon or Lexicon.load(dataset)
        self.index = PlaceIndex(dataset)
        self.sides = set(dataset.sides["id"])
        self.source_side = dict(zip(dataset.sources["id"], dataset.sources["side"], strict=True))
        self.source_ids = set(dataset.sources["id"])
        self._resolved: dict[tuple, object] = {}
        kinds = self.gazetteer.places["kind"]
        self._kind = dict(zip(self.gazetteer.places["id"], kinds, strict=True))
        self._governorate: dict[str, str] = {}

    # -- public --------------------------------------------------------------------------------
    def outlet_id(self, name: str) -> str | None:
        """The source id an ``--outlet`` value names: an id, a claimant phrase or a source's name."""
        if name in self.source_ids:
            return name
        keys = _phrase_keys(name)
        end, found = _walk(self.lexicon.entities, list(keys), 0)
        if end == len(keys) and found and found[0].source:
            return found[0].source
        by_name = {
            n.casefold(): i for i, n in zip(self.dataset.sources["id"], self.dataset.sources["name"], strict=True)
        }
        return by_name.get(name.casefold())

    def ingest(self, text: str, published: str | dt.date, origin: str = "", outlet: str = "") -> Document:
        """Mentions, dates and candidates of one article.

        Parameters
        ----------
        text : str
            The article, as received.
        published : str or date
            Its publication day (YYYY-MM-DD); relative dates count back from it.
        origin : str
            The file name or URL recorded as each candidate's ``origin``.
        outlet : str
            The source id of the publisher; a claimant equal to it is the outlet's own voice.
        """
        day = published if isinstance(published, dt.date) else dt.date.fromisoformat(published)
        doc = _Doc(self, text, day, origin, outlet)
        return doc.run()

    def mentions(self, text: str) -> tuple[list[Mention], list[Mention]]:
        """Place mentions and unresolved names of ``text`` only (no dates, claims or events)."""
        doc = _Doc(self, text, dt.date.today(), "", "")
        doc.scan()
        doc.resolve_mentions()
        doc.find_unresolved()
        found = [m for m in doc.mentions if m.place_id]
        return found, [m for m in doc.mentions if not m.place_id] + doc.unresolved

    # -- resolution ----------------------------------------------------------------------------
    def resolve(self, name: str, kinds: tuple[str, ...] | None = None, context: str | None = None):
        """Gazetteer answer for ``name``, memoised per normalized key, kinds and context."""
        memo_key = (name, kinds, context)
        hit = self._resolved.get(memo_key)
        if hit is None:
            if kinds is None and context is None:
                hit = self.gazetteer.resolve_many([name])[0]
            else:
                hit = self.gazetteer.resolve(name, context=context, kinds=list(kinds) if kinds else None)
            self._resolved[memo_key] = hit
        return hit

    def kind(self, place_id: str) -> str:
        return self._kind.get(place_id, "")

    def governorate(self, place_id: str) -> str:
        """The governorate a place lies in (itself if it is one), or the place when none."""
        hit = self._governorate.get(place_id)
        if hit is None:
            hit = place_id
            if self.kind(place_id) != "governorate":
                for anc in self.gazetteer.ancestors(place_id):
                    if self.kind(anc) == "governorate":
                        hit = anc
                        break
            self._governorate[place_id] = hit
        return hit


class _Doc:
    """The state of reading one article (tokens, spans, mentions); used once."""

    def __init__(self, ing: Ingestor, text: str, published: dt.date, origin: str, outlet: str):
        self.ing = ing
        self.text = text
        self.published = published
        self.pub = published.isoformat()
        self.origin = origin
        self.outlet = outlet
        self.tok = _tokenize(text)
        self._strip_clitics()
        self.sent, self.para = _sentences(text)
        self.sent_starts = [s for s, _ in self.sent]
        self.quotes = _quote_spans(text)
        self.warnings: list[str] = []
        self._title: dict[int, bool] = {}
        self._cuts: dict[int, list[tuple[int, int]]] = {}
        self._subjects: list[_Span] | None = None
        self._date_memo: dict[tuple, tuple] = {}
        self._sent_tok: dict[int, range] = {}
        self._carried: dict[int, DateRef | None] = {}
        self._hedge_memo: dict[int, list[str]] = {}
        self._claimant_memo: dict[tuple, tuple] = {}
        self._subject_starts: list[int] = []

    # -- helpers -------------------------------------------------------------------------------
    def _strip_clitics(self) -> None:
        """'وسراقب' is 'and' + 'Saraqib': an Arabic word unknown whole but known without its prefix."""
        tok, norm = self.tok, self.ing.index.norm
        for j in [j for j, k in enumerate(tok.key) if k[:1] in ARABIC_CLITICS]:
            k = tok.key[j]
            if len(k) > 3 and k not in norm:
                rest = _key(tok.raw[j][1:])
                if rest in norm:
                    tok.key[j], tok.fold[j], tok.raw[j] = rest, rest, tok.raw[j][1:]
                    tok.start[j] += 1

    def sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def tokens_in(self, s: int, e: int) -> range:
        a = bisect.bisect_left(self.tok.start, s)
        b = bisect.bisect_left(self.tok.start, e)
        return range(a, b)

    def gap(self, i: int) -> str:
        """Text between token i and token i+1."""
        if i + 1 >= len(self.tok.start):
            return ""
        return self.text[self.tok.end[i] : self.tok.start[i + 1]]

    # -- pipeline ------------------------------------------------------------------------------
    def run(self) -> Document:
        self.scan()
        self.dates = find_dates(self.text, self.published, self._date_windows())
        self.mark_frames()
        self.resolve_mentions()
        self.find_unresolved()
        cands = self.claims() + self.events()
        return Document(
            origin=self.origin,
            published=self.pub,
            outlet=self.outlet,
            mentions=[m for m in self.mentions if m.place_id],
            unresolved=[m for m in self.mentions if not m.place_id] + self.unresolved,
            dates=self.dates,
            candidates=cands,
            warnings=self.warnings,
        )

    def _date_windows(self) -> list[tuple[int, int]]:
        """Sentences holding a word a date expression needs: only those are searched."""
        keys = self.tok.key
        hits = [self.tok.start[j] for j, k in enumerate(keys) if k in _DATE_ANCHORS or k[:1].isdigit()]
        spans = sorted({self.sent[self.sentence_of(c)] for c in hits})
        return spans

    # -- phrases --------------------------------------------------------------------------------
    def scan(self) -> None:
        """One left-to-right pass: names (places, actors, claimants) by longest match, then cues.

        Only tokens that can start a name are visited: a key that starts an actor or claimant
        phrase, or an alias (capitalised, Arabic, an article, or the first word of a
        hand-curated alias).
        """
        tok, lex, idx = self.tok, self.ing.lexicon, self.ing.index
        keys, caps, folds = tok.key, tok.cap, tok.fold
        ents, norm, fold_trie, curated = lex.entities, idx.norm, idx.fold, idx.curated_first
        spans: list[_Span] = []
        self.sent_first = sent_first = {
            r.start for r in (self._sentence_tokens(k) for k in range(len(self.sent))) if len(r)
        }
        persons: set[str] = set()
        starts = [
            i
            for i, k in enumerate(keys)
            if k
            and (
                k in ents
                or k in ARTICLES
                or ((caps[i] or k in curated or "\u0600" <= k[0] <= "\u06ff") and (k in norm or folds[i] in fold_trie))
            )
        ]
        nxt = 0
        for i in starts:
            if i < nxt:
                continue
            k = keys[i]
            ent_end, ent = _walk(ents, keys, i) if k in ents else (-1, [])
            if ent_end > 0:
                want = lex.case_sensitive.get(tuple(keys[i:ent_end]))
                if want and " ".join(tok.raw[i:ent_end]) != " ".join(_TOKEN.findall(want)):
                    ent_end = -1
            place = None
            if (caps[i] or k in curated or k in ARTICLES or "\u0600" <= k[0] <= "\u06ff") and (
                k in norm or folds[i] in fold_trie or k in ARTICLES
            ):
                place = self._place_at(i, sent_first, persons)
            if ent_end > 0 and (place is None or ent_end >= place.j):
                spans.append(_Span(i, ent_end, "entity", ent[0]))
                nxt = ent_end
            elif place is not None:
                spans.append(place)
                nxt = place.j
        self.names = spans
        covered: set[int] = set()
        for sp in spans:
            covered.update(range(sp.i, sp.j))
        cues: list[_Span] = []
        cue_trie = lex.cues
        nxt = 0
        for i in [i for i, k in enumerate(keys) if k in cue_trie]:
            if i < nxt or i in covered:
                continue
            end, found = _walk(cue_trie, keys, i)
            if end > 0:
                cues.append(_Span(i, end, "cue", found))
                nxt = end
        self.cues = cues
        self.cue_starts = [c.i for c in cues]
        self.cue_at = {c.i: c for c in cues}
        self.name_at = {s.i: s for s in spans}
        self.covered = covered

    def _place_at(self, i: int, sent_first: set[int], persons: set[str]) -> _Span | None:
        tok, idx = self.tok, self.ing.index
        keys = tok.key
        k0 = keys[i]
        if k0 not in idx.norm and tok.fold[i] not in idx.fold and k0 not in ARTICLES:
            return None
        starts = [i]
        if k0 in ARTICLES and i + 1 < len(keys) and (self.gap(i) in ("-", "‑") or k0 in ("al", "el")):
            starts.append(i + 1)
        for first in starts:
            # Exact spellings first; a transliteration variant only where no exact name starts.
            end, found = _walk(idx.norm, keys, first, ARTICLES)
            if end > 0 and self._acceptable(i, first, end, found[0], "norm", sent_first, persons):
                return _Span(i, end, "place", (found[0], "norm", first))
            if tok.cap[first] and tok.fold[first] in idx.fold:
                end, found = _walk(idx.fold, tok.fold, first, ARTICLES)
                if end > 0 and self._acceptable(i, first, end, found[0], "fold", sent_first, persons):
                    return _Span(i, end, "place", (found[0], "fold", first))
        return None

    def _acceptable(self, i, first, end, norm, how, sent_first, persons) -> bool:
        tok, idx = self.tok, self.ing.index
        for j in range(i, end - 1):
            if not _NAME_GAP.fullmatch(self.text[tok.end[j] : tok.start[j + 1]]):
                return False  # a name does not run across punctuation: 'Aleppo "Citadel'
        if end - first == 1 and tok.raw[first].isupper() and len(tok.raw[first]) <= 3 and norm not in idx.curated:
            return False  # an acronym ('DIR'), not a village
        raw = tok.raw[first]
        curated = norm in idx.curated
        arabic = has_arabic(raw)
        if not arabic and not curated and not tok.cap[first]:
            return False
        if how == "fold" and not self._locative(i):
            return False
        major = norm in idx.major
        surface = self.text[tok.start[first] : tok.end[end - 1]].casefold()
        if not major and not curated and surface in idx.world:
            return False
        single = end - first == 1
        if single and (tok.key[first] in _CALENDAR or (arabic and tok.key[first] in ARABIC_STOPWORDS)):
            return False
        if single and not curated and not arabic:
            key = tok.key[first]
            if key in persons:
                return False
            if first in sent_first and key in STOPWORDS:
                return False
            if not major and not self.title_case(i) and self._in_name_run(i, end):
                persons.add(key)
                return False
        return True

    def title_case(self, i: int) -> bool:
        """True in a headline written in Title Case, where every word is capitalised."""
        si = self.sentence_of(self.tok.start[i])
        hit = self._title.get(si)
        if hit is None:
            rng = self._sentence_tokens(si)
            words = [j for j in rng if self.tok.raw[j][0].isalpha() and self.tok.key[j] not in STOPWORDS]
            hit = len(words) >= 3 and sum(self.tok.cap[j] for j in words) >= 0.8 * len(words)
            self._title[si] = hit
        return hit

    def _in_name_run(self, i: int, end: int) -> bool:
        """True when a one-word match sits inside a longer run of capitalised words (a person's name)."""
        tok = self.tok
        n = len(tok.key)

        def name_word(j: int) -> bool:
            k = tok.key[j]
            return (
                tok.cap[j] and k not in STOPWORDS and k not in HEADS and k not in LEADING and j not in self.sent_first
            )

        prev_ok = i > 0 and self.gap(i - 1) in (" ", "-") and not tok.poss[i - 1]
        joined = i > 1 and (self.gap(i - 1) == "-" or tok.key[i - 1] in ("al", "el"))
        if prev_ok and (name_word(i - 1) or (tok.key[i - 1] in ARTICLES and joined and tok.cap[i - 2])):
            return True
        nxt = end
        if nxt < n and self.gap(end - 1) in (" ", "-") and not tok.poss[end - 1]:
            if tok.key[nxt] in ARTICLES and nxt + 1 < n and self.gap(nxt) in ("-", " ") and tok.cap[nxt + 1]:
                return True
            if name_word(nxt) and tok.key[nxt] not in WEEKDAYS and tok.key[nxt] not in MONTHS:
                return True
        return False

    def _locative(self, i: int) -> bool:
        """True when token i stands where a place name goes: 'in X', 'on the X', 'the town of X'."""
        keys = self.tok.key
        j = i - 1
        while j >= 0 and keys[j] in _PLACE_LEAD:
            if keys[j] == "of" and j > 0 and keys[j - 1] in _PLACE_NOUNS:
                return True
            j -= 1
        return j >= 0 and keys[j] in LOCATIVE

    # -- mentions --------------------------------------------------------------------------------
    def _kind_hint(self, sp: _Span) -> tuple[str, ...] | None:
        """Kinds a place must have from the words around it: 'Idlib province', 'city of X'."""
        cue = self.cue_at.get(sp.j)
        if cue:
            for c in cue.payload:
                if c.kind == "kind" and not c.phrase.endswith(" of"):
                    return tuple(c.value.split(";"))
        j = sp.i - 1
        while j >= 0 and self.tok.key[j] in {"the", "neighbouring", "neighboring"}:
            j -= 1
        for start in range(max(0, j - 3), j + 1):
            cue = self.cue_at.get(start)
            if cue and cue.j == j + 1:
                for c in cue.payload:
                    if c.kind == "kind":
                        return tuple(c.value.split(";"))
                    if c.kind == "partial" and c.value == "region":
                        return ("governorate",)
            if cue and cue.j == j and self.tok.key[j] == "of":
                for c in cue.payload:
                    if c.kind == "kind":
                        return tuple(c.value.split(";"))
        if j >= 0 and self.tok.key[j] == "of" and j >= 1:
            cue = self.cue_at.get(j - 1)
            if cue:
                for c in cue.payload:
                    if c.kind == "kind":
                        return tuple(c.value.split(";"))
        return None

    def resolve_mentions(self) -> None:
        ing = self.ing
        self.mentions: list[Mention] = []
        self.mention_at: dict[int, Mention] = {}
        self.mention_span: dict[int, _Span] = {}
        places = [sp for sp in self.names if sp.kind == "place"]
        hints = [self._kind_hint(sp) for sp in places]
        # 'the provinces of Aleppo and Idlib': a list takes the hint of its first member.
        for n in range(1, len(places)):
            a, b = places[n - 1], places[n]
            if hints[n] is None and hints[n - 1] and b.i == a.j + 1 and self.tok.key[a.j] in ("and", "or"):
                hints[n] = hints[n - 1]
        first_pass = []
        for sp, hint in zip(places, hints, strict=True):
            s, e = self.tok.start[sp.i], self.tok.end[sp.j - 1]
            surface = self.text[s:e]
            m = ing.resolve(surface, hint)
            if m.place is None and hint:
                m = ing.resolve(surface)
            first_pass.append((sp, surface, m, hint))
        counts = Counter(m.place_id for _, _, m, _ in first_pass if m.place_id)
        focus = next((pid for pid, _ in counts.most_common() if ing.kind(pid) in ("city", "town")), None)
        self.focus = focus
        for sp, surface, m, hint in first_pass:
            if m.place is None and focus and m.reason.startswith("ambiguous"):
                m = ing.resolve(surface, hint, context=focus)
            s, e = self.tok.start[sp.i], self.tok.end[sp.j - 1]
            mention = Mention(
                start=s,
                end=e,
                text=surface,
                place_id=m.place_id or "",
                score=round(float(m.score), 3),
                reason=m.reason if len(m.reason) < 300 else m.reason[:297] + "...",
                kind=ing.kind(m.place_id) if m.place_id else "",
                context=self.context(s, e),
                candidates=[c.place_id for c in m.candidates[:5]] if not m.place_id else [],
            )
            self.mentions.append(mention)
            self.mention_at[sp.i] = mention
            self.mention_span[sp.i] = sp

    def context(self, s: int, e: int, width: int = 60) -> str:
        a = max(0, s - width)
        b = min(len(self.text), e + width)
        return " ".join(self.text[a:b].split())

    def find_unresolved(self) -> None:
        """Capitalised names that are no gazetteer place, actor or claimant, yet name a place.

        Two kinds: a name in a place position ('in Hatay', 'town of Xyz') that the gazetteer
        cannot resolve even loosely (worth an alias), and a country or large city of the
        world outside the gazetteer ('Russia', 'Gaza'), reported anywhere it is named.
        """
        tok = self.tok
        n = len(tok.key)
        world_names = self.ing.index.world
        self.unresolved: list[Mention] = []
        i = 0
        while i < n:
            if i in self.covered or not tok.cap[i] or tok.key[i] in STOPWORDS:
                i += 1
                continue
            if not self._locative(i) and world_names.get(tok.raw[i].casefold(), "a nationality") == "a nationality":
                if not (i + 1 < n and world_names.get(f"{tok.raw[i]} {tok.raw[i + 1]}".casefold())):
                    i += 1
                    continue
            j = i
            while (
                j < n
                and j not in self.covered
                and (tok.cap[j] or (tok.key[j] in ARTICLES | {"of"} and j + 1 < n and tok.cap[j + 1]))
            ):
                if j > i and self.gap(j - 1) not in (" ", "-"):
                    break
                if tok.key[j] in WEEKDAYS or tok.key[j] in MONTHS:
                    break
                j += 1
                if tok.poss[j - 1]:
                    break
            if j == i:
                i += 1
                continue
            s, e = tok.start[i], tok.end[j - 1]
            surface = self.text[s:e]
            world = self.ing.index.world.get(surface.casefold(), "")
            adjective = j < n and self.gap(j - 1) == " " and not tok.cap[j] and tok.key[j] not in STOPWORDS
            if world == "a nationality" or (adjective and not world):
                self.covered.update(range(i, j))
                i = j
                continue
            m = self.ing.resolve(surface)
            good = (
                m.place is not None and m.score >= 0.9 and not (world and self.ing.kind(m.place_id) not in MAJOR_KINDS)
            )
            mention = Mention(
                start=s,
                end=e,
                text=surface,
                place_id=m.place_id or "" if good else "",
                score=round(float(m.score), 3),
                reason=m.reason if good else (world or m.reason or "no match")[:300],
                kind=self.ing.kind(m.place_id) if good and m.place_id else "",
                context=self.context(s, e),
                candidates=[c.place_id for c in m.candidates[:5]],
            )
            if good:
                self.mentions.append(mention)
                sp = _Span(i, j, "place", (normalize(surface), "fuzzy", i))
                self.mention_at[i] = mention
                self.mention_span[i] = sp
                self.names.append(sp)
            else:
                self.unresolved.append(mention)
            self.covered.update(range(i, j))
            i = j
        self.mentions.sort(key=lambda m: m.start)
        self.names.sort(key=lambda sp: sp.i)

    # -- dates --------------------------------------------------------------------------------
    def mark_frames(self) -> None:
        """Flag a date opening its sentence ('By Friday, ...'): it frames the rest of the paragraph."""
        marked = []
        for d in self.dates:
            si = self.sentence_of(d.start)
            s, _ = self.sent[si]
            lead = self.text[s : d.start].replace(",", " ").lower().split()
            frame = all(w in _FRAME_LEAD for w in lead) and d.kind in ("day", "eve", "range")
            # 'As the rebel group began its offensive on Wednesday, insurgents seized ...'
            if lead and lead[0] in ("as", "when", "after", "while", "once") and self.segment_of(d.start)[0] == s:
                frame = frame or (d.kind in ("day", "range") and "," in self.text[d.end : d.end + 3])
            marked.append(DateRef(d.start, d.end, d.text, d.kind, d.date, d.year, frame))
        self.dates = marked
        days = [d.date for d in self.dates if d.kind in ("day", "range") and d.date]
        earliest = min(days) if days else self.pub
        self.eve = _iso(dt.date.fromisoformat(earliest) - dt.timedelta(days=1))

    def segment_of(self, char: int) -> tuple[int, int]:
        """The clause-like stretch (between commas, colons, brackets, quotes) around ``char``."""
        si = self.sentence_of(char)
        cuts = self._cuts.get(si)
        s, e = self.sent[si]
        if cuts is None:
            cuts = self._cuts[si] = [m.span() for m in _SEGMENT.finditer(self.text, s, e)]
        a, b = s, e
        for cs, ce in cuts:
            if ce <= char:
                a = ce
            elif cs >= char:
                b = cs
                break
        return a, b

    def date_for(self, char: int, frames_only: bool = False) -> tuple[str, str, str, int]:
        """(about_date, precision, how, background year) for a statement at ``char`` (memoised)."""
        key = (char, frames_only)
        hit = self._date_memo.get(key)
        if hit is None:
            hit = self._date_memo[key] = self._date_for(char, frames_only)
        return hit

    def _date_for(self, char: int, frames_only: bool = False) -> tuple[str, str, str, int]:
        """(about_date, precision, how, background year) for a statement at ``char``.

        A day named in the statement's own clause counts first, then a day opening the
        sentence, then one opening an earlier sentence of the paragraph; a past year in the
        clause (or a paragraph about past years only, or 'already') makes it background,
        dated to the eve of the first day the article reports. Otherwise the publication day.
        The last value is the background statement's year (0 when it is not background).
        """
        si = self.sentence_of(char)
        s, e = self.sent[si]
        seg = self.segment_of(char)
        in_sentence = [d for d in self.dates if s <= d.start < e]
        day_refs = [d for d in in_sentence if d.kind in ("day", "eve", "range", "month")]
        in_seg = [d for d in day_refs if seg[0] <= d.start < seg[1] and not frames_only]
        if in_seg:
            d = min(in_seg, key=lambda d: abs(d.start - char))
            return d.date, "day", f"'{d.text}'", 0
        frames = [d for d in day_refs if d.frame]
        if frames:
            return frames[0].date, "day", f"'{frames[0].text}' (opens the sentence)", 0
        past_seg = [
            d
            for d in in_sentence
            if d.kind in ("year", "since") and d.year < self.published.year and seg[0] <= d.start < seg[1]
        ]
        past_any = [d for d in in_sentence if d.kind in ("year", "since") and d.year < self.published.year]
        opening = [d for d in past_any if d.kind == "year" and self.text[s : d.start].strip() == ""]
        if opening and not past_seg:
            past_seg = opening[:1]
        later = re.search(r"\b(\w+) years later\b", self.text[s:char])
        if not past_seg and past_any and later and past_any[0].start < s + later.start():
            past_seg = past_any[:1]
        if past_seg:
            d = min(past_seg, key=lambda d: abs(d.start - char))
            return (
                self.eve,
                "day",
                f"background ('{d.text}'): the eve of the first day reported",
                self._year_at(d, char),
            )
        seg_tokens = self.tokens_in(*seg)
        if any(True for _ in self._cues_of("background", seg_tokens.start, seg_tokens.stop)):
            return self.eve, "day", "background ('already'): the eve of the first day reported", self.published.year
        para = self.para[si]
        earlier = [
            d
            for d in self.dates
            if d.frame and self.para[self.sentence_of(d.start)] == para and d.start < s and d.kind != "eve"
        ]
        if earlier:
            d = earlier[-1]
            return d.date, "day", f"'{d.text}' (frames the paragraph)", 0
        carried = self._carried_frame(si)
        if carried:
            return carried.date, "day", f"'{carried.text}' (opens the one-sentence paragraph before)", 0
        para_dates = [d for d in self.dates if self.para[self.sentence_of(d.start)] == para]
        others = [d for d in para_dates if not s <= d.start < e]
        if others and all(d.kind in ("year", "since") and d.year < self.published.year for d in para_dates):
            year = max(d.year for d in para_dates)
            later = re.search(r"\b(\w+) years later\b", self.text[s:char])
            if later:
                word = later.group(1).lower()
                year += NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0)
            return self.eve, "day", "background paragraph (past years only): the eve of the first day reported", year
        return self.pub, "day", "no day given: publication day", 0

    def _carried_frame(self, si: int) -> DateRef | None:
        """A day opening the previous paragraph, when that paragraph is one sentence and this one names no day.

        Web articles cut one account into one-sentence paragraphs: 'By Friday, fighting had
        intensified in Al-Rashidin.' / 'Rebels pushed into New Aleppo ...'.
        """
        if si in self._carried:
            return self._carried[si]
        self._carried[si] = found = self._find_carried(si)
        return found

    def _find_carried(self, si: int) -> DateRef | None:
        para = self.para[si]
        mine = [k for k, p in enumerate(self.para) if p == para]
        spans = [self.sent[k] for k in mine]
        if any(
            d.kind in ("day", "eve", "range", "month", "year", "since") and any(a <= d.start < b for a, b in spans)
            for d in self.dates
        ):
            return None
        prev = [k for k, p in enumerate(self.para) if p < para]
        if not prev:
            return None
        last_para = self.para[prev[-1]]
        before = [k for k in prev if self.para[k] == last_para]
        if len(before) != 1:
            return None
        a, b = self.sent[before[0]]
        frames = [d for d in self.dates if d.frame and a <= d.start < b and d.kind != "eve"]
        return frames[0] if frames else None

    def _year_at(self, d: DateRef, char: int) -> int:
        """The year of a background statement: its year, moved on by 'N years later'."""
        m = re.search(r"\b(\w+) years later\b", self.text[d.end : self.sent[self.sentence_of(char)][1]])
        if m and m.start() + d.end <= char + 40:
            n = NUMBER_WORDS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
            return d.year + n
        return d.year

    # -- who, where, what -------------------------------------------------------------------------
    def _cues_of(self, kind: str, a: int, b: int):
        """Cues of ``kind`` over tokens [a, b), as (span, cue)."""
        lo = bisect.bisect_left(self.cue_starts, a)
        hi = bisect.bisect_left(self.cue_starts, b)
        for sp in self.cues[lo:hi]:
            for c in sp.payload:
                if c.kind == kind:
                    yield sp, c

    def _sentence_tokens(self, si: int) -> range:
        rng = self._sent_tok.get(si)
        if rng is None:
            s, e = self.sent[si]
            rng = self._sent_tok[si] = self.tokens_in(s, e)
        return rng

    def _has_kind(self, j: int, kind: str) -> bool:
        sp = self.cue_at.get(j)
        return sp is not None and any(c.kind == kind for c in sp.payload)

    def _actors(self, a: int, b: int) -> list[_Span]:
        """Actor names with a side over tokens [a, b), skipping objects of prepositions and asides."""
        if self._subjects is None:
            self._subjects = [
                sp
                for sp in self.names
                if sp.kind == "entity"
                and sp.payload.actor
                and sp.payload.side
                and not self._object_of_preposition(sp.i)
                and not self._in_aside(sp.i)
            ]
            self._subject_starts = [sp.i for sp in self._subjects]
        lo = bisect.bisect_left(self._subject_starts, a)
        hi = bisect.bisect_left(self._subject_starts, b)
        return self._subjects[lo:hi]

    def _in_aside(self, j: int) -> bool:
        """True inside a relative clause or apposition set off by commas: ', who oppose the regime,'."""
        seg = self.segment_of(self.tok.start[j])
        first = self.tokens_in(*seg)
        if not len(first):
            return False
        lead = self.tok.key[first.start]
        return (
            lead in {"who", "which", "whose", "primarily", "mostly", "mainly", "including", "once"}
            and seg[0] > self.sent[self.sentence_of(self.tok.start[j])][0]
        )

    def _object_of_preposition(self, j: int) -> bool:
        """True when the actor at token j is the object of 'from', 'against', 'on', 'targeting'..."""
        k = j - 1
        while k >= 0 and self.tok.key[k] in {"the", "a", "an", "all", "its", "their", "thousands", "of"} | ARTICLES:
            if self.tok.key[k] == "of" and k > 0 and self.tok.key[k - 1] == "thousands":
                k -= 2
                continue
            if self.tok.key[k] == "of":
                break
            k -= 1
        return k >= 0 and self.tok.key[k] in {
            "from",
            "against",
            "on",
            "targeting",
            "of",
            "between",
            "over",
            "oppose",
            "opposing",
            "to",
            "by",
        }

    def _weak(self, sp: _Span) -> bool:
        """An actor word used as a modifier of another noun: 'regime flags', 'Assad's control'."""
        if self.tok.poss[sp.j - 1]:
            return True
        if sp.j - sp.i > 1 or sp.j >= len(self.tok.key):
            return False
        nxt = self.tok.key[sp.j]
        return (
            self.gap(sp.j - 1) == " "
            and not self.tok.cap[sp.j]
            and nxt not in STOPWORDS
            and not nxt.endswith(("ing", "ed"))
            and not self._has_kind(sp.j, "control")
            and not self._has_kind(sp.j, "speech")
        )

    def _subject(self, a: int, cue_i: int) -> tuple[str, str, bool] | None:
        """Side of the subject before a cue: the nearest actor, or what a pronoun stands for.

        Actor words used as modifiers ('regime flags') count only when nothing else does.
        Returns (side, words, inferred).
        """
        actors = self._actors(a, cue_i)
        strong = [x for x in actors if not self._weak(x)]
        actors = strong or actors
        pron = [j for j in range(a, cue_i) if self.tok.key[j] in PRONOUNS and j not in self.covered]
        last_actor = actors[-1] if actors else None
        last_pron = pron[-1] if pron else -1
        if last_actor is not None and last_actor.i > last_pron:
            return last_actor.payload.side, self._span_text(last_actor), False
        if last_pron >= 0:
            prior = self._actors(0, last_pron)
            if prior:
                return prior[-1].payload.side, f"{self.tok.raw[last_pron]} = {self._span_text(prior[-1])}", True
        return None

    def _span_text(self, sp: _Span) -> str:
        return self.text[self.tok.start[sp.i] : self.tok.end[sp.j - 1]]

    def _dominant_side(self) -> str | None:
        sides = Counter(
            sp.payload.side for sp in self.names if sp.kind == "entity" and sp.payload.actor and sp.payload.side
        )
        return sides.most_common(1)[0][0] if sides else None

    def _anaphor(self, j: int, kinds: tuple[str, ...]) -> str | None:
        """The place 'the city' at token j stands for.

        Only 'the city', 'Syria's second-largest city' and the like: not 'the old city' (a
        district), 'the city centre' (a compound), 'the city of X' or 'city Hama' (a name
        follows). The city is the last one named before it in the sentence, else the
        article's main city.
        """
        tok = self.tok
        n = len(tok.key)
        if tok.poss[j] or j == 0:
            return None
        prev = tok.key[j - 1]
        if prev not in {"the", "largest", "biggest", "second", "main", "key", "a"} and not (
            self.gap(j - 1) == "-" and prev == "largest"
        ):
            return None
        nxt = j + 1
        if nxt < n and self.gap(j).strip() == "":
            if tok.cap[nxt] or tok.key[nxt] == "of":
                return None
            if tok.key[nxt] not in STOPWORDS and tok.key[nxt] not in {"entering", "whose", "itself", "once"}:
                return None
        si = self.sentence_of(tok.start[j])
        s, _ = self.sent[si]
        here = [m for m in self.mentions if s <= m.start < tok.start[j] and m.kind in kinds]
        if here:
            return here[-1].place_id
        if self.focus and self.ing.kind(self.focus) in kinds:
            return self.focus
        return None

    def _anaphor_at(self, j: int) -> tuple[str, str, int] | None:
        sp = self.cue_at.get(j)
        if sp is None:
            return None
        for c in sp.payload:
            if c.kind == "anaphor":
                pid = self._anaphor(j, tuple(c.value.split(";")))
                if pid:
                    return (pid, self.text[self.tok.start[j - 1] : self.tok.end[j]], j)
        return None

    def _place_here(self, j: int) -> tuple[str, str, int, int] | None:
        """A place at token j (a resolved mention or 'the city'): (place_id, text, token, end token)."""
        m = self.mention_at.get(j)
        if m is not None:
            if not m.place_id:
                return None
            return m.place_id, m.text, j, self.mention_span[j].j
        ana = self._anaphor_at(j)
        if ana:
            return ana[0], ana[1], j, j + 1
        return None

    def _targets(self, cue: _Span, stop: int) -> list[tuple[str, str, int, str]]:
        """Places a control cue acts on, after it: [(place_id, text, token, partial)].

        A partial cue just before a place ('most of', 'areas of') travels with it; a place
        behind a locator ('south of') or a possessive followed by another place ('Syria's
        ... city Hama') is passed over; places listed with 'and', 'as well as' or commas,
        each with its own partial cue, are all taken ('New Aleppo and Al-Hamdaniya').
        """
        tok = self.tok
        out: list[tuple[str, str, int, str]] = []
        j, limit = cue.j, min(stop, cue.j + 16)
        partial, since_partial, skip = "", 99, False
        while j < limit:
            sp = self.cue_at.get(j)
            kinds = {c.kind for c in sp.payload} if sp else set()
            place = None if sp and "anaphor" not in kinds else self._place_here(j)
            if place is None and sp is not None:
                if "partial" in kinds:
                    partial = next(c.value for c in sp.payload if c.kind == "partial")
                    since_partial = 0
                elif "locator" in kinds:
                    skip = True
                elif kinds & {"speech", "denial"} or ("control" in kinds and not self._is_noun_or_adjective(sp)):
                    break
                j = sp.j
                continue
            if place is not None:
                pid, text, at, end = place
                if skip:
                    skip = False
                    j = end
                    continue
                if tok.poss[end - 1] and self._place_follows(end, limit):
                    j = end
                    continue
                out.append((pid, text, at, partial if since_partial <= 6 else ""))
                nxt = self._list_next(end, stop)
                if nxt is None:
                    break
                j, partial, since_partial = nxt[0], nxt[1], 0 if nxt[1] else 99
                limit = min(stop, j + 1)
                continue
            if tok.key[j] in {"which", "who", "while", "after", "before", "but", "when"}:
                break
            since_partial += 1
            j += 1
        return out

    def _list_next(self, end: int, stop: int) -> tuple[int, str] | None:
        """Where the next member of a list of places starts after token ``end``, with its partial cue.

        Only 'and', 'or', 'as well as' or a comma, then at most a partial or kind cue and
        'the'/'neighbouring', may stand between two members; anything else ends the list.
        """
        tok = self.tok
        if tok.poss[end - 1]:
            return None
        k = end
        # Trailing head words and a short parenthesis belong to the member: 'Idlib province (northwest)'.
        while k < stop:
            sp = self.cue_at.get(k)
            if sp and any(c.kind == "kind" for c in sp.payload):
                k = sp.j
                continue
            if self.text[tok.end[k - 1] : tok.start[k]].strip() == "(":
                close = next((m for m in range(k, min(stop, k + 4)) if ")" in self.gap(m)), None)
                if close is not None:
                    k = close + 1
                    continue
            break
        if k >= stop:
            return None
        sep = self.gap(k - 1).strip()
        if tok.key[k] in ("and", "or"):
            k += 1
        elif sep not in (",", ")"):
            return None
        partial = ""
        while k < stop:
            if tok.key[k] in {"as", "well", "the", "and", "neighbouring", "neighboring", "other", "in", "of"}:
                k += 1
                continue
            sp = self.cue_at.get(k)
            if sp and any(c.kind in ("partial", "kind") for c in sp.payload):
                for c in sp.payload:
                    if c.kind == "partial":
                        partial = c.value
                k = sp.j
                continue
            break
        if k >= stop:
            return None
        m = self.mention_at.get(k)
        if m is None or not m.place_id:
            return None
        return k, partial

    def _before(self, cue: _Span, start: int) -> list[tuple[str, str, int, str]]:
        """The place a statement is about when it stands before the cue ('Aleppo ... fell to', passives)."""
        for j in range(cue.i - 1, max(start, cue.i - 12) - 1, -1):
            place = self._place_here(j)
            if place and not (self.tok.poss[place[3] - 1]):
                return [(place[0], place[1], place[2], "")]
        return []

    def _place_follows(self, j: int, limit: int) -> bool:
        for k in range(j, min(limit, j + 5)):
            if k in self.mention_at and self.mention_at[k].place_id:
                return True
            if self._anaphor_at(k):
                return True
        return False

    def _claimant(self, si: int, at_char: int) -> tuple[str, str, str]:
        """Memoised :meth:`_find_claimant`: one answer per sentence and enclosing quotation."""
        quote = next((q for q in self.quotes if q[0] <= at_char < q[1]), None)
        key = (si, quote)
        hit = self._claimant_memo.get(key)
        if hit is None:
            hit = self._claimant_memo[key] = self._find_claimant(si, at_char)
        return hit

    def _find_claimant(self, si: int, at_char: int) -> tuple[str, str, str]:
        """(claimant id, how, speaker words) for a statement in sentence ``si`` at ``at_char``.

        The speaker of an enclosing quotation first, then a speech verb's subject in the
        sentence ('X said', 'said X', 'according to X'), then a paragraph-opening
        'According to X,'. An empty id with speaker words means someone unknown spoke.
        """
        for qs, qe in self.quotes:
            if qs <= at_char < qe and qe - qs > 30:
                who = self._speaker_near(qs, qe)
                if who:
                    return who[0], "speaker of the quotation", who[1]
        rng = self._sentence_tokens(si)
        unknown = ""
        for sp, c in self._cues_of("speech", rng.start, rng.stop):
            where = self.tok.start[sp.i]
            if self._inside_quote(where) and not self._inside_quote(at_char):
                continue
            # '..., while the army said ...' speaks for its own clause, not for what came before.
            if where > at_char and any(self.tok.key[j] in _CLAUSE_BREAKS for j in self.tokens_in(at_char, where)):
                continue
            who = self._speaker_of(sp, c, rng)
            if who and who[0]:
                return who[0], f"'{self._span_text(sp)}'", who[1]
            if who and not unknown:
                unknown = who[1]
        para = self.para[si]
        k = si - 1
        while k >= 0 and self.para[k] == para:
            r = self._sentence_tokens(k)
            opener = self.cue_at.get(r.start) if len(r) else None
            if opener and any(c.kind == "speech" and c.detail == "object" for c in opener.payload):
                who = self._speaker_of(opener, next(c for c in opener.payload if c.kind == "speech"), r)
                if who and who[0]:
                    return who[0], "'according to' opening the paragraph", who[1]
            k -= 1
        return "", "", unknown

    def _inside_quote(self, char: int) -> bool:
        return any(qs <= char < qe for qs, qe in self.quotes)

    def _speaker_of(self, sp: _Span, cue: Cue, rng: range) -> tuple[str, str] | None:
        """Who speaks through a speech cue: a claimant (id, words), or ('', words) when unknown."""
        ents = [e for e in self.names if e.kind == "entity" and rng.start <= e.i < rng.stop]

        def usable(e: _Span) -> bool:
            k = e.i - 1
            while k >= 0 and self.tok.key[k] in {"the", "a", "an"}:
                k -= 1
            return not (k >= 0 and self.tok.key[k] == "told")

        before = [e for e in ents if e.j <= sp.i and sp.i - e.j <= 12 and usable(e)]
        lead = sp.j
        while lead < rng.stop and self.tok.key[lead] in {"the", "a", "an"}:
            lead += 1
        # 'according to Joshua Landis': the speaker follows at once ('according to various reports, rebels ...' names none).
        after = [e for e in ents if lead <= e.i <= lead + (6 if cue.detail == "either" else 1) and usable(e)]
        order: list[_Span] = []
        if cue.detail in ("subject", "either"):
            order += sorted(before, key=lambda e: sp.i - e.j)
        if cue.detail in ("object", "either"):
            order += sorted(after, key=lambda e: e.i)
        for e in order:
            if e.payload.source:
                return e.payload.source, self._span_text(e)
        if order:
            return "", self._span_text(order[0])
        if cue.detail in ("object", "either"):
            j = sp.j
            if j < rng.stop:
                words = self.text[self.tok.start[j] : self.tok.end[min(rng.stop, j + 3) - 1]]
                return "", words
        if cue.detail in ("subject", "either"):
            j = sp.i - 1
            while j >= rng.start and not self.tok.cap[j]:
                j -= 1
            if j >= rng.start and j not in self.covered and sp.i - j <= 4:
                return "", self.tok.raw[j]
        return None

    def _speaker_near(self, qs: int, qe: int) -> tuple[str, str] | None:
        """Who a quotation belongs to: a speech verb and a claimant just after it, or just before."""
        after = self.tokens_in(qe, min(self.sent[self.sentence_of(max(qs, qe - 1))][1], qe + 160))
        a = after.start
        for sp in self.cues:
            if a <= sp.i < a + 14 and any(c.kind == "speech" for c in sp.payload):
                rng = range(a, min(after.stop, sp.j + 6))
                ents = [
                    e for e in self.names if e.kind == "entity" and rng.start <= e.i < rng.stop and e.payload.source
                ]
                ents = [e for e in ents if not (e.i > 0 and self.tok.key[e.i - 1] == "told")]
                if ents:
                    return ents[0].payload.source, self._span_text(ents[0])
                break
        before = self.tokens_in(max(0, qs - 160), qs)
        for sp in reversed(self.cues):
            if (
                before.start <= sp.i < before.stop
                and before.stop - sp.j <= 3
                and any(c.kind == "speech" for c in sp.payload)
            ):
                cue = next(c for c in sp.payload if c.kind == "speech")
                who = self._speaker_of(sp, cue, before)
                if who and who[0]:
                    return who
        return None

    def _modality(self, cue: _Span, seg_start_tok: int) -> str:
        """'negated' or 'irrealis' when the words before the cue say it did not or may happen.

        A negation counts within four words; a prospect ('would', 'vowed', 'called for ...
        to') anywhere earlier in the clause, up to eight words.
        """
        for j in range(max(seg_start_tok, cue.i - 8), cue.i):
            sp = self.cue_at.get(j)
            if sp is None:
                continue
            kinds = {c.kind for c in sp.payload}
            if "negation" in kinds and cue.i - j <= 4:
                return "negated"
            if "irrealis" in kinds:
                return "irrealis"
        return ""

    def _hedges(self, si: int) -> list[str]:
        hit = self._hedge_memo.get(si)
        if hit is None:
            rng = self._sentence_tokens(si)
            hit = self._hedge_memo[si] = [c.phrase for _, c in self._cues_of("hedge", rng.start, rng.stop)]
        return hit

    # -- claims -------------------------------------------------------------------------------------
    def _is_noun_or_adjective(self, sp: _Span) -> bool:
        """'a captured tank', 'their apparent control': the cue word is not a verb here."""
        if sp.i == 0:
            return False
        prev = self.tok.key[sp.i - 1]
        word = self.tok.key[sp.i]
        if sp.j - sp.i == 1 and prev in {"a", "an", "the"} and word.endswith("ed"):
            return True
        if word in ("control", "controls") and sp.j - sp.i == 1:
            return (
                prev
                in {"the", "their", "its", "his", "her", "apparent", "full", "total", "under", "regime", "government"}
                or self.tok.poss[sp.i - 1]
            )
        return False

    def _under_control(self, sp: _Span) -> str:
        """'under regime control': the side of the actor between 'under' and 'control'."""
        if self.tok.key[sp.i] != "control" or sp.i < 2:
            return ""
        actor = self.name_at.get(sp.i - 1)
        for a in self.names:
            if a.kind == "entity" and a.j == sp.i and a.payload.side:
                actor = a
        if actor is None or actor.kind != "entity" or not actor.payload.side:
            return ""
        return actor.payload.side if actor.i > 0 and self.tok.key[actor.i - 1] == "under" else ""

    def claims(self) -> list[Candidate]:
        out: list[Candidate] = []
        dominant = self._dominant_side()
        by_sentence: dict[int, list[Candidate]] = {}
        presence = Cue("in", "control", "entered", "subject")
        spans = [(sp, cue) for sp in self.cues for cue in sp.payload if cue.kind == "control"]
        spans += [(sp, presence) for sp in self._presences()]
        for sp, cue in sorted(spans, key=lambda x: x[0].i):
            for cand in self._claims_of(sp, cue, dominant):
                out.append(cand)
                by_sentence.setdefault(self.sentence_of(cand.start), []).append(cand)
        out = self._latest_background(self._dedupe_claims(out))
        kept = {id(c) for c in out}
        by_sentence = {k: [c for c in v if id(c) in kept] for k, v in by_sentence.items()}
        out += self._denials(by_sentence)
        return out

    def _presences(self) -> list[_Span]:
        """'a jihadist militant in the citadel': an actor right before 'in' and a place is there."""
        out = []
        n = len(self.tok.key)
        for a in self.names:
            if a.kind != "entity" or not a.payload.actor or not a.payload.side or a.j >= n:
                continue
            j = a.j
            if self.tok.key[j] not in ("in", "inside") or j in self.cue_at or self.gap(j - 1) != " ":
                continue
            k = j + 1
            while k < n and self.tok.key[k] == "the":
                k += 1
            if k < n and self._place_here(k):
                out.append(_Span(j, j + 1, "cue", []))
        return out

    def _claims_of(self, sp: _Span, cue: Cue, dominant: str | None) -> list[Candidate]:
        ing = self.ing
        char = self.tok.start[sp.i]
        if cue.value == "approached" and sp.j - sp.i == 1 and self.gap(sp.i - 1).strip() == ",":
            return []  # ', near Idlib,': where something is, not who approached it
        under = self._under_control(sp)
        if not under and self._is_noun_or_adjective(sp):
            return []
        si = self.sentence_of(char)
        rng = self._sentence_tokens(si)
        first_word = self.tok.key[sp.i]
        passive = sp.i > 0 and self.tok.key[sp.i - 1] in PASSIVE and first_word.endswith(("ed", "en", "wn"))
        seg_start = -1
        if passive or cue.detail == "object" or under:
            seg_tok = self.tokens_in(*self.segment_of(char))
            seg_start = seg_tok.start if len(seg_tok) else rng.start
            targets = self._before(sp, seg_start) or self._targets(sp, rng.stop)
        else:
            targets = self._targets(sp, rng.stop)
        how_place = "named"
        if not targets and cue.value in ("fighting", "repelled") and self.focus:
            targets = [(self.focus, "(the article's main place)", -1, "")]
            how_place = "the article's main place"
        if not targets:
            return []
        if seg_start < 0:
            seg_tok = self.tokens_in(*self.segment_of(char))
            seg_start = seg_tok.start if len(seg_tok) else rng.start
        if self._modality(sp, seg_start):
            return []
        if cue.phrase.endswith(" of") and not cue.phrase.split()[0].endswith(("ed", "ing", "en")):
            # 'The capture of Aleppo would mark ...': a prospect, not a report.
            ahead = range(sp.j, min(rng.stop, sp.j + 6))
            if any(self._has_kind(j, "irrealis") for j in ahead):
                return []
        if under:
            side, how_side = under, "'under ... control'"
        else:
            side, how_side = self._side_for(sp, cue, rng, passive, dominant)
        if not side:
            return []
        about, precision, how_date, background = self.date_for(char)
        claimant, how_claim, speaker = self._claimant(si, char)
        factor = 0.75 if how_side.startswith("inferred") else 1.0
        stance, note_claim = "asserted", ""
        if claimant and claimant == self.outlet:
            claimant, note_claim = "", f"the outlet's own voice ({how_claim})"
        elif claimant:
            stance, note_claim = "attributed", f"attributed to {claimant} ({how_claim})"
        elif speaker:
            factor *= 0.8
            note_claim = f"said by {speaker!r}, who is not in claimants.csv: add the claimant and set stance"
        if cue.detail == "claimant" and claimant and ing.source_side.get(claimant) in ing.sides:
            side, how_side = ing.source_side[claimant], f"the speaker's side ({claimant})"
        hedges = self._hedges(si)
        if hedges:
            factor *= 0.85
        if how_place != "named":
            factor *= 0.7
        s, e = self.sent[si]
        cue_text = self._span_text(sp)
        out = []
        for pid, ptext, ptok, partial in targets:
            action = cue.value
            if partial and action in ("withdrew", "repelled"):
                continue  # leaving part of a place is not leaving it
            anaphor = ptok >= 0 and ptok not in self.mention_at
            if partial == "region" and anaphor:
                partial = ""  # 'key areas of the city': parts of the city, not of its region
            if partial and action == "entered" and partial == "region":
                partial = ""
            if partial and action in ("captured", "holds", "entered"):
                action = "controls-part"
            if background and action == "captured":
                action = "holds"
            place = ing.governorate(pid) if partial == "region" else pid
            if ing.kind(place) == "country":
                continue  # the whole country is no place a map can colour
            factor_place = 0.85 if ptok >= 0 and ptok not in self.mention_at else 1.0
            conf = round(min(0.95, BASE.get(action, 0.6) * factor * factor_place), 2)
            note = "; ".join(
                x
                for x in (
                    f"ingested: cue '{cue_text}' -> {action}" + (f" (partial: {partial})" if partial else ""),
                    f"side {side} from {how_side}",
                    f"place from '{ptext}'" + (f" -> governorate {place}" if place != pid else ""),
                    f"date from {how_date}",
                    note_claim,
                    f"hedged: {', '.join(hedges)}" if hedges else "",
                )
                if x
            )
            fields = self._claim_fields(place, side, action, stance, about, precision, claimant, s, e, note)
            out.append(Candidate("claim", fields, conf, cue_text, s, e, ptext, background_year=background))
        return out

    def _latest_background(self, cands: list[Candidate]) -> list[Candidate]:
        """Of the background statements about one place, only those of the latest year stand.

        'Rebels took parts of the city in 2012 ... four years later it was returned to
        regime hands': the 2012 statement is history the 2016 one supersedes.
        """
        latest: dict[str, int] = {}
        for c in cands:
            if c.background_year:
                latest[c.fields["place_id"]] = max(latest.get(c.fields["place_id"], 0), c.background_year)
        return [c for c in cands if not c.background_year or c.background_year >= latest[c.fields["place_id"]]]

    def _side_for(self, sp: _Span, cue: Cue, rng: range, passive: bool, dominant: str | None) -> tuple[str, str]:
        """The side that did what the cue says, and how it was found."""
        if cue.detail in self.ing.sides:
            return cue.detail, "the cue"
        if passive:
            for j in range(sp.j, min(rng.stop, sp.j + 6)):
                if self.tok.key[j] == "by":
                    after = [a for a in self.names if a.kind == "entity" and a.payload.side and j < a.i <= j + 5]
                    if after:
                        return after[0].payload.side, f"the agent '{self._span_text(after[0])}'"
        if cue.detail == "object" or (sp.i == rng.start and self.tok.key[sp.i].endswith("ing")):
            after = [
                a
                for a in self.names
                if a.kind == "entity" and a.payload.actor and a.payload.side and sp.j <= a.i < rng.stop
            ]
            if after:
                return after[0].payload.side, f"'{self._span_text(after[0])}'"
        else:
            found = self._subject(rng.start, sp.i)
            if found:
                side, words, inferred = found
                return side, (f"inferred: {words}" if inferred else f"'{words}'")
            if cue.detail == "claimant":
                after = self._actors(sp.j, rng.stop)
                if after:
                    return after[0].payload.side, f"'{self._span_text(after[0])}'"
        # Nobody named in the sentence: the last actor earlier in the paragraph, else, for
        # fighting, the side the article names most (the offensive's).
        para = self.para[self.sentence_of(self.tok.start[sp.i])]
        prior = [e for e in self._actors(0, rng.start) if self.para[self.sentence_of(self.tok.start[e.i])] == para]
        if prior:
            return prior[-1].payload.side, f"inferred: '{self._span_text(prior[-1])}' earlier in the paragraph"
        if cue.value == "fighting" and dominant:
            return dominant, "inferred: the side the article names most"
        return "", ""

    def _actor_words(self, j: int) -> str:
        sp = self.name_at.get(j)
        if sp is None:
            return self.tok.raw[j]
        return self.text[self.tok.start[sp.i] : self.tok.end[sp.j - 1]]

    def _claim_fields(self, place, side, action, stance, about, precision, claimant, s, e, note) -> dict:
        return {
            "place_id": place,
            "side": side,
            "action": action,
            "stance": stance,
            "scope": "place",
            "except": "",
            "about_date": about,
            "about_precision": precision,
            "held_since": "",
            "published": self.pub,
            "outlet": self.outlet,
            "claimant": claimant,
            "quote": _truncate(self.text[s:e]),
            "origin": self.origin,
            "note": note[:1000],
        }

    @staticmethod
    def _dedupe_claims(cands: list[Candidate]) -> list[Candidate]:
        """One candidate per sentence, place, side and stance: the strongest action."""
        best: dict[tuple, Candidate] = {}
        order = []
        for c in cands:
            f = c.fields
            k = (c.start, f["place_id"], f["side"], f["stance"], f["claimant"], f["about_date"])
            if f["action"] in ("fighting", "withdrew", "besieged", "repelled"):
                k = (*k, f["action"])
            old = best.get(k)
            if old is None:
                best[k] = c
                order.append(k)
            elif _RANK.get(f["action"], 0) > _RANK.get(old.fields["action"], 0):
                best[k] = c
        return [best[k] for k in order]

    def _denials(self, by_sentence: dict[int, list[Candidate]]) -> list[Candidate]:
        out = []
        for sp in self.cues:
            if not any(c.kind == "denial" for c in sp.payload):
                continue
            si = self.sentence_of(self.tok.start[sp.i])
            rng = self._sentence_tokens(si)
            cue = Cue("denied", "speech", "", "subject")
            who = self._speaker_of(sp, cue, range(rng.start, sp.j))
            if not who or not who[0]:
                continue
            denier = who[0]
            claims = by_sentence.get(si) or (
                by_sentence.get(si - 1) if si and self.para[si - 1] == self.para[si] else None
            )
            if not claims:
                continue
            s, e = self.sent[si]
            for c in claims:
                f = c.fields
                if f["claimant"] == denier or f["stance"] == "denied":
                    continue
                fields = dict(f)
                fields.update(
                    stance="denied",
                    claimant=denier,
                    quote=_truncate(self.text[s:e]),
                    note=f"ingested: '{who[1]}' denies the statement of the same sentence ({f['side']} {f['action']} {f['place_id']})",
                )
                out.append(Candidate("claim", fields, round(c.confidence * 0.95, 2), "denied", s, e, c.place_text))
        return out

    # -- events -------------------------------------------------------------------------------------
    def events(self) -> list[Candidate]:
        """Events of the article: counted figures first, then attacks reported without a figure.

        A figure is a number (or 'dozens', 'thousands') with what it counts ('311 dead',
        '31 Russian tanks', 'two suicide attacks'); its type comes from the attack named
        with it, else from what was counted. An attack without a figure is kept only when the
        sentence names its place, its source or its day: 'regime shelling' in passing is not
        an event.
        """
        out: list[Candidate] = []
        seen: set[tuple] = set()
        for si, (s, e) in enumerate(self.sent):
            rng = self._sentence_tokens(si)
            ev = list(self._cues_of("event", rng.start, rng.stop))
            if not ev:
                continue
            cumulative = any(True for _ in self._cues_of("cumulative", rng.start, rng.stop))
            figures = [f for f in self._figures(si, rng, ev) if not self._modality(f["cue"], rng.start)]
            claimant, how_claim, speaker = self._claimant(si, self.tok.start[ev[0][0].i])
            if claimant == self.outlet:
                claimant = ""
            rows = list(figures)
            counted = {f["type"] for f in figures}
            used = {id(f["cue"]) for f in figures} | {j for f in figures for j in f.get("covers", ())}
            for sp, c in ev:
                if c.value in ("casualties", "displacement", "equipment-seized", "clashes") or c.value in counted:
                    continue
                if (
                    id(sp) in used
                    or sp.i in used
                    or self._modality(sp, self.tokens_in(*self.segment_of(self.tok.start[sp.i])).start)
                ):
                    continue
                rows.append(
                    {
                        "type": c.value,
                        "figure": "",
                        "group": "",
                        "low": "",
                        "best": "",
                        "high": "",
                        "cue": sp,
                        "words": "",
                    }
                )
                counted.add(c.value)
            for fig in rows:
                cue_sp = fig["cue"]
                char = self.tok.start[cue_sp.i]
                regional = (
                    cumulative
                    or fig["group"] in ("localities", "tanks")
                    or (fig["type"] == "casualties" and not fig.get("near_place"))
                )
                place, ptext, how_place = self._event_place(fig, regional)
                if not place:
                    continue
                about, precision, how_date, background = self.date_for(char, frames_only=cumulative)
                if how_date.startswith("no day") and not cumulative:
                    day = self._sentence_day(si, char)
                    if day:
                        about, how_date = day
                dated = not (how_date.startswith("no day") or background)
                if not fig["words"] and how_place.startswith("none") and not claimant and not dated:
                    continue  # an attack named in passing
                if cumulative:
                    precision = "week"
                key = (place, about, fig["type"], fig["figure"], fig["group"], fig["low"], fig["best"], fig["high"])
                if key in seen:
                    continue
                seen.add(key)
                cue_text = self._span_text(cue_sp)
                note = "; ".join(
                    x
                    for x in (
                        f"ingested: cue '{cue_text}' -> {fig['type']}",
                        f"figure from '{fig['words']}'" if fig["words"] else "",
                        f"place: {how_place}",
                        f"date from {how_date}" + (" (a running total: week precision)" if cumulative else ""),
                        f"attributed to {claimant} ({how_claim})" if claimant else "",
                        f"said by {speaker!r}, who is not in claimants.csv" if speaker and not claimant else "",
                    )
                    if x
                )
                fields = {
                    "place_id": place,
                    "about_date": about,
                    "about_precision": precision,
                    "published": self.pub,
                    "outlet": self.outlet,
                    "claimant": claimant,
                    "quote": _truncate(self.text[s:e]),
                    "origin": self.origin,
                    "note": note[:1000],
                    "type": fig["type"],
                    "figure": fig["figure"],
                    "group": fig["group"],
                    "low": fig["low"],
                    "best": fig["best"],
                    "high": fig["high"],
                }
                conf = 0.7 if fig["words"] else 0.6
                if how_place.startswith("none"):
                    conf -= 0.15
                out.append(Candidate("event", fields, round(conf, 2), cue_text, s, e, ptext))
        return out

    def _sentence_day(self, si: int, char: int) -> tuple[str, str] | None:
        """A day named anywhere in the sentence, for an event whose own clause names none."""
        s, e = self.sent[si]
        days = [d for d in self.dates if s <= d.start < e and d.kind in ("day", "range", "eve")]
        if not days:
            return None
        d = min(days, key=lambda d: abs(d.start - char))
        return d.date, f"'{d.text}' (same sentence)"

    def _group_at(self, k: int, stop: int) -> tuple[str, int] | None:
        """The group a count names starting at token k (adjectives allowed before it): (group, end)."""
        for start in range(k, min(stop, k + 3)):
            end, found = _walk(self.ing.lexicon.groups, self.tok.key, start)
            if end > 0 and end <= stop:
                return found[0], end
        return None

    def _figures(self, si: int, rng: range, ev: list) -> list[dict]:
        """Counted figures of a sentence: number, qualifier, what was counted, and the cue."""
        tok = self.tok
        s, e = self.sent[si]
        out = []
        numbers: list[tuple[int, int | None, int]] = []  # (first token, number, next token)
        for m in _NUMBER.finditer(self.text, s, e):
            a = bisect.bisect_left(tok.start, m.start())
            b = bisect.bisect_left(tok.start, m.end())
            word = m.group().lower()
            value = NUMBER_WORDS.get(word)
            if value is None:
                digits = word.replace(",", "")
                if len(digits) == 4 and digits.startswith(("19", "20")):
                    continue
                value = int(digits)
            numbers.append((a, value, b))
        for j in range(rng.start, rng.stop):
            sp = self.cue_at.get(j)
            if sp is not None and any(c.kind == "vague" for c in sp.payload):
                numbers.append((j, None, sp.j))
        attack_cues = [
            (sp, c) for sp, c in ev if c.value not in ("casualties", "displacement", "equipment-seized", "clashes")
        ]
        fig_cues = [(sp, c) for sp, c in ev if c.detail in ("killed", "wounded", "displaced")]
        seize_cues = [(sp, c) for sp, c in ev if c.detail == "seized"]
        for a, value, after in sorted(numbers):
            if after < rng.stop and (tok.key[after] in UNITS or tok.key[after] in NUMBER_WORDS):
                continue
            if a > rng.start and tok.key[a - 1] in ("first", "since", "march", "in", "to"):
                continue
            if self.text[tok.end[max(a, after - 1)] : tok.end[max(a, after - 1)] + 1] == "%":
                continue
            group, gend = "", after
            found = self._group_at(after, rng.stop)
            if found:
                group, gend = found
            kind = fig = ""
            cue_sp = None
            covers: list[int] = []
            # 'two suicide attacks with car bombs', 'twin suicide bombings': a count of attacks.
            direct = [(sp, c) for sp, c in attack_cues if after <= sp.i <= after + 2]
            if direct and not group:
                sp_last, c_last = direct[-1]
                for sp2, c2 in attack_cues:
                    if sp_last.j <= sp2.i <= sp_last.j + 2:
                        sp_last, c_last = sp2, c2
                kind, cue_sp, gend = c_last.value, sp_last, sp_last.j
                group = self._span_text(direct[0][0]).lower() if c_last.value == direct[0][1].value else c_last.phrase
                covers = [sp.i for sp, _ in attack_cues if after <= sp.i <= gend]
            elif group == "incidents":
                kind, cue_sp = "attack", None
                covers = [sp.i for sp, _ in attack_cues if gend <= sp.i <= gend + 6]
            elif group in ("tanks", "localities"):
                if not seize_cues:
                    continue
                cue_sp = min(seize_cues, key=lambda x: abs(x[0].i - a))[0]
                kind, fig = ("equipment-seized" if group == "tanks" else "clashes"), "seized"
            else:
                near = [(sp, c) for sp, c in fig_cues if (after <= sp.i <= gend + 4) or (0 <= a - sp.j <= 3)]
                if not near and group and group != "incidents":
                    near = fig_cues  # 'At least 12 civilians were killed ..., including four children'
                if not near:
                    continue
                cue_sp, c = min(near, key=lambda x: abs(x[0].i - a))
                fig = c.detail
                kind = c.value
                if kind == "casualties" and not any(True for _ in self._cues_of("cumulative", rng.start, rng.stop)):
                    attack = [x for x in attack_cues if x[1].value not in ("attack",)]
                    if attack:
                        kind = min(attack, key=lambda x: abs(x[0].i - a))[1].value
            if cue_sp is None:
                cue_sp = _Span(a, gend, "cue", [])
            q = " ".join(tok.key[max(rng.start, a - 2) : a])
            low = best = high = ""
            if value is not None:
                if q.endswith("more than") or q.endswith("over"):
                    low = str(value + 1)
                elif q.endswith("at least"):
                    low = best = str(value)
                elif q.endswith(("some", "around", "about", "nearly", "almost", "approximately")):
                    best = str(value)
                else:
                    low = best = high = str(value)
            words = self.text[tok.start[max(rng.start, a - 2)] : tok.end[max(a, gend - 1)]]
            seg = self.segment_of(tok.start[a])
            near_place = any(seg[0] <= m.start < seg[1] and m.place_id and m.kind != "country" for m in self.mentions)
            out.append(
                {
                    "type": kind,
                    "figure": fig,
                    "group": group,
                    "low": low,
                    "best": best,
                    "high": high,
                    "cue": cue_sp,
                    "words": words,
                    "at": a,
                    "covers": covers,
                    "near_place": near_place,
                }
            )
        return out

    def _event_place(self, fig: dict, regional: bool) -> tuple[str, str, str]:
        """Where an event happened: a place named in its clause, else the article's region.

        Running totals, counts of localities or equipment, and tolls with no place in their
        clause go on the governorate of the article's main place, marked approximate.
        """
        if not regional:
            anchors = [fig["cue"].i] + ([fig["at"]] if "at" in fig else [])
            for anchor in anchors:
                seg = self.tokens_in(*self.segment_of(self.tok.start[anchor]))
                for j in [*range(anchor, seg.stop), *range(seg.start, anchor)]:
                    m = self.mention_at.get(j)
                    if m and m.place_id and m.kind != "country" and not self.tok.poss[self.mention_span[j].j - 1]:
                        return m.place_id, m.text, f"'{m.text}'"
                    ana = self._anaphor_at(j)
                    if ana:
                        return ana[0], ana[1], f"'{ana[1]}'"
                for _, c in self._cues_of("kind", seg.start, seg.stop):
                    if c.phrase == "region" and self.focus:
                        gov = self.ing.governorate(self.focus)
                        return gov, "the region", f"'the region' = the governorate of {self.focus}"
            if fig["words"] and fig["type"] not in ("casualties", "displacement"):
                si = self.sentence_of(self.tok.start[fig["cue"].i])
                for j in self._sentence_tokens(si):
                    m = self.mention_at.get(j)
                    if m and m.place_id and m.kind != "country" and not self.tok.poss[self.mention_span[j].j - 1]:
                        return m.place_id, m.text, f"'{m.text}' (same sentence)"
                    ana = self._anaphor_at(j)
                    if ana:
                        return ana[0], ana[1], f"'{ana[1]}' (same sentence)"
        if self.focus:
            gov = self.ing.governorate(self.focus)
            return gov, "", f"none named: the governorate of the article's main place ({self.focus}), approximate"
        return "", "", ""


# -- output --------------------------------------------------------------------------------------------
def candidates_frame(documents: list[Document]) -> pd.DataFrame:
    """One row per candidate (and per unresolved name) of the documents, review columns included.

    Ids are ``cand-<file stem>-<n>``: never a curated id (``clm-``/``evt-``), stable for the
    same file and text; a second file with the same stem in one run gets ``<stem>-2``.
    """
    rows = [r for per_doc in candidate_rows(documents) for r in per_doc]
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS), dtype="str")


def candidate_rows(documents: list[Document]) -> list[list[dict]]:
    """The rows of :func:`candidates_frame`, one list per document."""
    out: list[list[dict]] = []
    seen: Counter = Counter()
    for doc in documents:
        rows: list[dict] = []
        out.append(rows)
        stem = re.sub(r"[^A-Za-z0-9_.\-]", "-", Path(doc.origin).stem) or "text"
        seen[stem] += 1
        if seen[stem] > 1:
            stem = f"{stem}-{seen[stem]}"
        n = 0
        ordered = sorted(doc.candidates, key=lambda c: (c.start, c.kind, c.fields.get("place_id", "")))
        for c in ordered:
            n += 1
            row = dict.fromkeys(CANDIDATE_COLUMNS, "")
            row.update({k: v for k, v in c.fields.items() if k in row})
            row.update(
                id=f"cand-{stem}-{n:03d}",
                kind=c.kind,
                status="candidate",
                confidence=f"{c.confidence:.2f}",
                cue=c.cue,
                place_text=c.place_text,
                start=str(c.start),
                end=str(c.end),
            )
            if c.kind == "event":
                row["scope"] = ""
            rows.append(row)
        for m in doc.unresolved:
            if m.reason.startswith(OUTSIDE):
                continue  # a foreign country or city: nothing for the gazetteer to learn
            n += 1
            row = dict.fromkeys(CANDIDATE_COLUMNS, "")
            row.update(
                id=f"cand-{stem}-{n:03d}",
                kind="unresolved",
                status="candidate",
                published=doc.published,
                outlet=doc.outlet,
                origin=doc.origin,
                quote=_truncate(m.context),
                place_text=m.text,
                start=str(m.start),
                end=str(m.end),
                note=f"{m.reason}" + (f"; candidates: {';'.join(m.candidates)}" if m.candidates else ""),
                confidence="0.00",
            )
            rows.append(row)
    return out


CANDIDATES = Table(
    "candidates",
    (
        Column("id", "id", required=True),
        Column("kind", "choice", required=True, choices=KINDS),
        Column("status", "choice", required=True, choices=STATUSES),
        *[c for c in CLAIMS.columns if c.name != "id"],
        *[c for c in EVENTS.columns if c.name in EVENT_ONLY],
        Column("confidence", "float"),
        Column("cue"),
        Column("place_text"),
        Column("start", "int"),
        Column("end", "int"),
        Column("added_as"),
    ),
)


def read_candidates(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of a candidates file and the problems of its cells (every kind of row).

    Cells are checked per kind: a claim's required fields, an event's; unresolved rows only
    need their id. The schema is relaxed here because one file mixes the three kinds.
    """
    label = str(path)
    loose = Table(
        CANDIDATES.filename,
        tuple(
            Column(c.name, c.kind, c.name in ("id", "kind", "status"), c.choices, c.max_len) for c in CANDIDATES.columns
        ),
    )
    frame, problems = read_table(path, loose, label=label)
    problems = [Problem(label, p.line, p.field, p.message) for p in problems]
    return frame, problems


def _cell_problems(rows: pd.DataFrame, table: Table, label: str) -> list[Problem]:
    problems = []
    for r in rows.to_dict("records"):
        for col in table.columns:
            if col.name == "id":
                continue
            msg = _check_cell(col, r.get(col.name, ""))
            if msg:
                problems.append(Problem(label, r["line"], col.name, msg))
    return problems


def claim_problems(dataset: Dataset, rows: pd.DataFrame, label: str) -> list[Problem]:
    """The checks a row of ``claims.csv`` gets (cells, places, sides, sources, dates), against ``label``.

    ``rows`` are candidate rows (the candidates file's columns, with ``line``).
    """
    problems = _cell_problems(rows, CLAIMS, label)
    found = dataset._check_reports(rows, label, "about_date", set(dataset.places["id"]), set(dataset.sides["id"]))
    return problems + [Problem(label, p.line, p.field, p.message) for p in found]


def event_problems(dataset: Dataset, rows: pd.DataFrame, label: str) -> list[Problem]:
    """The checks a row of ``events.csv`` gets; a candidate's ``about_date`` is the event's ``date``."""
    events = rows.rename(columns={"about_date": "date", "about_precision": "date_precision"})
    problems = _cell_problems(events, EVENTS, label)
    found = dataset._check_reports(events, label, "date", set(dataset.places["id"]), None)
    return problems + [Problem(label, p.line, p.field, p.message) for p in found]


def load_candidates(path: Path | str, dataset: Dataset) -> pd.DataFrame:
    """The candidate claims of a candidates file, as ``claims.csv`` rows plus ``status``.

    For ``--include``: states, changes and maps may show candidates beside the curated
    claims. Rows are strings (as :func:`~aleppo_map.tables.read_table` returns them), with
    exactly the columns of ``claims.csv`` and ``status``; events and unresolved names are
    left out. Every row gets the checks a claim gets; any problem raises DataError listing
    them all, with the file and line.
    """
    path = Path(path)
    frame, problems = read_candidates(path)
    claims = frame[frame["kind"] == "claim"]
    problems += claim_problems(dataset, claims, str(path))
    clash = claims[claims["id"].isin(set(dataset.claims["id"]))]
    for r in clash.itertuples():
        problems.append(Problem(str(path), r.line, "id", f"{r.id!r} is already a curated claim id"))
    if problems:
        raise DataError(problems)
    cols = [c.name for c in CLAIMS.columns] + ["status"]
    return claims[cols].reset_index(drop=True)


def read_article(path: Path) -> tuple[str | None, str | None]:
    """The text of one article, or why it cannot be read (for a message naming the file).

    Refuses what is not an article: a missing file, a folder, an empty file, a binary file,
    text that is not UTF-8, and anything larger than an article can be.
    """
    if not path.exists():
        return None, "no such file"
    if not path.is_file():
        return None, "is not a file"
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, (
            f"is {size / 1e6:.1f} MB; an article is at most {MAX_BYTES / 1e6:.0f} MB "
            "(is this the right file? split a collection into one file per article)"
        )
    raw = path.read_bytes()
    if not raw.strip():
        return None, "is empty"
    if b"\x00" in raw:
        return None, "holds NUL bytes: it is a binary file, not text"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, (
            f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}); save it as UTF-8"
        )
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, f"has fewer than {MIN_LETTERS} letters: no article to read"
    return text.replace("\r\n", "\n").replace("\r", "\n"), None
