"""The words ingestion knows: the editable tables (actors, claimants, cues), fixed word
sets, and the tries and place index the scan walks."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..claims import ACTIONS, EVENT_TYPES, FIGURES
from ..dataset import Dataset
from ..names import has_arabic, normalize
from ..tables import Column, DataError, Problem, Table, read_table
from .records import Cue, Entity
from .text import FUNCTION_WORDS, TOKEN, token_key

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
        Column("from", "date"),
        Column("until", "date"),
        Column("note", max_len=500),
        Column("source", max_len=300),
    ),
    key=None,  # a phrase may have one row per period ('from'/'until'); checked in Lexicon.load
)
# actors.csv without the period columns (a data folder from before they existed) still reads.
ACTORS_UNDATED = Table(ACTORS.filename, tuple(c for c in ACTORS.columns if c.name not in ("from", "until")), key=None)
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
        # ISO 639-1 code of the phrase's language (empty: English). Documents the row and
        # counts the cues a non-English text is read with; matching is by tokens either way.
        Column("language", max_len=8),
    ),
    key=None,
)
# cues.csv without the language column (a data folder from before it existed) still reads.
CUES_ENGLISH = Table(CUES.filename, tuple(c for c in CUES.columns if c.name != "language"), key=None)
SIDE_FROM = ("subject", "object", "claimant")
SPEAKER_AT = ("subject", "object", "either")

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
# Nouns for places: 'the town of X', 'the villages of X and Y', 'the countryside of X'.
PLACE_NOUNS = frozenset(
    """town city village district province governorate region neighbourhood neighborhood
    towns cities villages districts provinces neighbourhoods neighborhoods areas
    countryside outskirts suburbs""".split()
)
# Compass words: 'south of X', 'the north of X' put X where a place goes.
COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
PLACE_LEAD = (
    LEADING
    | PLACE_NOUNS
    | {"neighbouring", "neighboring", "nearby", "northern", "southern", "eastern", "western", "central", "of"}
)
# Arabic function words and generic place nouns: never a place name on their own ('على' is also a village).
ARABIC_STOPWORDS = frozenset(
    normalize(w)
    for w in "في من على إلى الى عن مع مدينة بلدة قرية حي محافظة ريف قال قالت أن إن التي الذي هذا هذه بعد قبل حتى منذ عند أو و ثم كما".split()
)
# Function words that end a cue ('s'est emparé de', 'سيطر على') but put no place after them
# everywhere else ('de Bachar'): never a taking word.
_NOT_TAKING = STOPWORDS | ARABIC_STOPWORDS | frozenset(token_key(w) for ws in FUNCTION_WORDS.values() for w in ws)
CLAUSE_BREAKS = frozenset("while whereas but although though however".split())
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


# -- tries ---------------------------------------------------------------------------------------
_END = None  # the payload slot of a trie node; never a token key


def _insert(trie: dict, keys: tuple[str, ...], payload) -> None:
    node = trie
    for k in keys:
        node = node.setdefault(k, {})
    node.setdefault(_END, []).append(payload)


def walk(trie: dict, keys: list[str], i: int, skip: frozenset = frozenset()) -> tuple[int, list]:
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


def phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(token_key(m.group()) for m in TOKEN.finditer(phrase.replace("'s ", " ").replace("’s ", " ")))


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
    # Last words of control verbs whose object is a place ('captured', 'seized'): a name
    # right after one stands where a place goes, as after 'in'.
    taking: set[str] = field(default_factory=set)
    # How many cues.csv rows each language has ('en' for rows with no language).
    languages: dict[str, int] = field(default_factory=dict)

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
            if table is ACTORS and _header(path) is not None and "from" not in _header(path):
                table = ACTORS_UNDATED
            if table is CUES and _header(path) is not None and "language" not in _header(path):
                table = CUES_ENGLISH
            frame, found = read_table(path, table)
            problems += found
            for col in ("from", "until"):
                if table is ACTORS_UNDATED:
                    frame[col] = ""
            if table is CUES_ENGLISH:
                frame["language"] = ""
            tables[table.filename] = frame
        plain: set[str] = set()
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
            if r["from"] or r["until"]:
                if r["from"] and r["until"] and r["until"] < r["from"]:
                    problems.append(Problem("actors.csv", r["line"], "until", f"{r['until']} is before from"))
                lex._add_period(r["phrase"], r["side"], r["from"], r["until"])
                continue
            if r["phrase"].casefold() in plain:
                problems.append(
                    Problem("actors.csv", r["line"], "phrase", f"{r['phrase']!r} is given twice without a period")
                )
            plain.add(r["phrase"].casefold())
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
            keys = phrase_keys(r["phrase"])
            if keys:
                _insert(lex.cues, keys, Cue(r["phrase"], r["kind"], r["value"], r["detail"]))
                lang = r["language"] or "en"
                lex.languages[lang] = lex.languages.get(lang, 0) + 1
                if r["kind"] == "control" and r["detail"] == "subject" and keys[-1] not in _NOT_TAKING:
                    lex.taking.add(keys[-1])
                if r["kind"] == "group":
                    _insert(lex.groups, keys, r["value"])
        if problems:
            raise DataError(problems)
        return lex

    def _add_period(self, phrase: str, side: str, start: str, until: str) -> None:
        """An actor whose side depends on the date: one more (from, until, side) for ``phrase``."""
        self._add_entity(phrase, actor=True)
        node = self.entities
        for k in phrase_keys(phrase):
            node = node[k]
        old = node[_END][0]
        node[_END] = [replace(old, periods=(*old.periods, (start, until, side)))]

    def _add_entity(self, phrase: str, side: str = "", source: str = "", actor: bool = False) -> None:
        keys = phrase_keys(phrase)
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
                periods=old.periods,
            )
        ]
        # An acronym matches only as written: 'HTS', and 'IS' in 'IS fighters' but never the verb 'is'.
        if any(w.isupper() and len(w) <= 6 for w in TOKEN.findall(phrase)):
            self.case_sensitive[keys] = phrase


def _header(path: Path) -> list[str] | None:
    """The column names of a CSV file's first line (None when it cannot be read)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [h.strip() for h in next(csv.reader(fh), [])]
    except (OSError, UnicodeDecodeError):
        return None


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
