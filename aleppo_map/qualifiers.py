"""The words reports put around place names, and what they ask the gazetteer for.

Reports rarely write a bare name. They write "Idlib province", "the eastern countryside of
Aleppo", "Hama's northern countryside", "Homs city", "the old city of Aleppo", "Mezzeh
military airport", "the Nassib border crossing", "la province d'Idleb", "ريف حلب". The words
around the name say which *kind* of place is meant (the governorate, not the city; the
airport, not the town) and the gazetteer must hear them: a bare name and a qualified name are
different questions.

This module only reads the words; it knows nothing of places. :func:`parse` splits a surface
into the bare name (``base``) and what surrounds it: the ``unit`` it asks for, a
``facility``, a compass ``direction``. :data:`PREFIX_WORDS` and :data:`SUFFIX_WORDS` are the
lower-case tokens that may stand before or after a name, so a mention finder can grow a span
over them and then :func:`parse` the result (or call :func:`extend`, which does both).

The tables are data: one row per word or phrase, a careful reader's rule for any report, in
English, French and Arabic.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "CONNECTORS",
    "DIRECTIONS",
    "FACILITIES",
    "FACILITY_KINDS",
    "PREFIX_WORDS",
    "SUFFIX_WORDS",
    "UNITS",
    "UNIT_KINDS",
    "Qualified",
    "extend",
    "may_qualify",
    "parse",
]

# -- the tables ---------------------------------------------------------------------------
# Unit qualifiers: phrase (lower case, words separated by one space) -> the unit it asks for.
#   governorate  the first-level unit (province, governorate, muhafaza)
#   countryside  the rural area around a city: "Rif X" where that governorate exists
#                (Rif Dimashq), else the governorate of X
#   suburbs      the edge of a city: "Rif X" where it exists, else the city, approximate
#   district     second level (mantiqa); subdistrict third level (nahiya)
#   region       "the Idlib region": the largest unit of that name, else the place, approximate
#   area         "the Saraqib area": the place itself, approximate
#   city         the settlement, not the unit named after it
#   city centre  the settlement's centre (its point)
#   old city     the historic core: a landmark if the gazetteer has one, else the city, approximate
UNITS: dict[str, str] = {
    # English
    "province": "governorate",
    "governorate": "governorate",
    "muhafaza": "governorate",
    "muhafazah": "governorate",
    "countryside": "countryside",
    "rural": "countryside",
    "rural areas": "countryside",
    "suburbs": "suburbs",
    "suburb": "suburbs",
    "outskirts": "suburbs",
    "environs": "suburbs",
    "periphery": "suburbs",
    "district": "district",
    "subdistrict": "subdistrict",
    "sub district": "subdistrict",
    "nahiya": "subdistrict",
    "region": "region",
    "area": "area",
    "city": "city",
    "town": "city",
    "village": "city",
    "city centre": "city centre",
    "city center": "city centre",
    "town centre": "city centre",
    "town center": "city centre",
    "centre": "city centre",
    "center": "city centre",
    "downtown": "city centre",
    "central": "city centre",
    "old city": "old city",
    "old town": "old city",
    # French
    "gouvernorat": "governorate",
    "campagne": "countryside",
    "banlieue": "suburbs",
    "périphérie": "suburbs",
    "région": "region",
    "ville": "city",
    "centre ville": "city centre",
    "vieille ville": "old city",
    # Arabic
    "محافظة": "governorate",
    "ريف": "countryside",
    "ضواحي": "suburbs",
    "منطقة": "district",
    "ناحية": "subdistrict",
    "مدينة": "city",
    "بلدة": "city",
    "قرية": "city",
    "المدينة القديمة": "old city",
    "وسط": "city centre",
}

# Which gazetteer kinds each unit asks for, best first.
UNIT_KINDS: dict[str, tuple[str, ...]] = {
    "governorate": ("governorate",),
    "countryside": ("governorate",),
    "suburbs": ("governorate",),
    "district": ("district",),
    "subdistrict": ("subdistrict",),
    "region": ("governorate", "district", "subdistrict"),
    "area": ("city", "town", "village", "neighbourhood", "district"),
    "city": ("city", "town", "village"),
    "city centre": ("city", "town", "village"),
    "old city": ("landmark", "neighbourhood"),
}

# Facility words: phrase -> the facility it names.
FACILITIES: dict[str, str] = {
    # English
    "airport": "airport",
    "international airport": "airport",
    "airfield": "airbase",
    "military airport": "airbase",
    "military airfield": "airbase",
    "airbase": "airbase",
    "air base": "airbase",
    "prison": "prison",
    "military prison": "prison",
    "central prison": "prison",
    "jail": "prison",
    "crossing": "crossing",
    "border crossing": "crossing",
    "crossing point": "crossing",
    "border": "crossing",
    "square": "square",
    "hospital": "hospital",
    "national hospital": "hospital",
    "dam": "dam",
    "bridge": "bridge",
    "base": "base",
    "military base": "base",
    "university": "university",
    "stadium": "stadium",
    "citadel": "citadel",
    "castle": "citadel",
    # French
    "aéroport": "airport",
    "aéroport militaire": "airbase",
    "base aérienne": "airbase",
    "poste frontière": "crossing",
    "passage": "crossing",
    "place": "square",
    "hôpital": "hospital",
    "barrage": "dam",
    "pont": "bridge",
    "université": "university",
    "stade": "stadium",
    "citadelle": "citadel",
    # Arabic
    "مطار": "airport",
    "قاعدة": "base",
    "سجن": "prison",
    "معبر": "crossing",
    "ساحة": "square",
    "مشفى": "hospital",
    "مستشفى": "hospital",
    "سد": "dam",
    "جسر": "bridge",
    "جامعة": "university",
    "ملعب": "stadium",
    "قلعة": "citadel",
}

# Words that are facilities only in French ("place" is a square in "la place des Omeyyades",
# a verb's noun in "took place in"; "passage" and "base" are English words too). They count
# only in a French frame: a French connector after them ("place des", "aéroport d'"), or a
# French article right before them ("la place Saadallah").
FRENCH: frozenset[str] = frozenset(
    {
        "gouvernorat",
        "campagne",
        "banlieue",
        "périphérie",
        "région",
        "ville",
        "centre ville",
        "vieille ville",
        "aéroport",
        "aéroport militaire",
        "base aérienne",
        "poste frontière",
        "passage",
        "place",
        "hôpital",
        "barrage",
        "pont",
        "université",
        "stade",
        "citadelle",
    }
)
# Words that name a facility only right after its name ("the Hmeimim base", "the Nassib
# border" for its crossing), never before a connector: "the base of Hama" is the foot of
# something and "the border of Idlib" the edge of the province, not an air base or a crossing.
# Elsewhere they count only inside a longer phrase ("military base", "border crossing").
SUFFIX_ONLY: frozenset[str] = frozenset({"base", "border"})

# Which gazetteer kinds each facility may be, best first. Facility kinds listed here are
# also the facilities reports name loosely for one another: a "military airport" is often
# listed as an airport, an "airport" may be an air base, a "base" may be an air base.
FACILITY_KINDS: dict[str, tuple[str, ...]] = {
    "airport": ("airport", "airbase"),
    "airbase": ("airbase", "airport"),
    "base": ("airbase", "landmark"),
}
for _facility in set(FACILITIES.values()):
    FACILITY_KINDS.setdefault(_facility, ("landmark",))

# Compass words: adjective or noun (lower case, hyphens as spaces) -> direction.
_COMPASS = {
    "north": "north",
    "south": "south",
    "east": "east",
    "west": "west",
    "north east": "northeast",
    "north west": "northwest",
    "south east": "southeast",
    "south west": "southwest",
    "northeast": "northeast",
    "northwest": "northwest",
    "southeast": "southeast",
    "southwest": "southwest",
}
DIRECTIONS: dict[str, str] = {}
for _word, _dir in _COMPASS.items():
    DIRECTIONS[_word + "ern"] = _dir  # northern, north western, northwestern
    DIRECTIONS[_word + "erly"] = _dir
DIRECTIONS.update(
    {
        # French adjectives after the noun ("la campagne nord"), and nouns ("le nord d'Idleb")
        "nord": "north",
        "sud": "south",
        "est": "east",
        "ouest": "west",
        "nord est": "northeast",
        "nord ouest": "northwest",
        "sud est": "southeast",
        "sud ouest": "southwest",
        # Arabic adjectives after the noun ("ريف حلب الشمالي") and nouns before a name
        "الشمالي": "north",
        "الجنوبي": "south",
        "الشرقي": "east",
        "الغربي": "west",
        "الشمالية": "north",
        "الجنوبية": "south",
        "الشرقية": "east",
        "الغربية": "west",
        "شمال": "north",
        "جنوب": "south",
        "شرق": "east",
        "غرب": "west",
    }
)
# Compass nouns that head a phrase: "north of Hama", "le nord d'Idleb", "شمال حماة".
_COMPASS_NOUNS = {w: d for w, d in {**_COMPASS, **DIRECTIONS}.items() if not w.endswith(("ern", "erly", "ي", "ية"))}

# Words joining a qualifier to the name: "countryside of", "province d'", "aéroport de".
# Not "in": "a village in Idlib", "fighting took place in Aleppo" are about something inside
# the place, which only locates it; the claim is not about a unit or a facility named so.
FRENCH_CONNECTORS = frozenset({"de", "d'", "du", "des"})
CONNECTORS = frozenset({"of"}) | FRENCH_CONNECTORS
_FRENCH_ARTICLES = frozenset({"le", "la", "les", "l'"})
_ARTICLES = frozenset({"the"}) | _FRENCH_ARTICLES
# Arabic qualifiers stand before the name without a connector ("ريف حلب", "مطار حلب").
_ARABIC = re.compile("[\u0600-\u06ff]")

PREFIX_WORDS: frozenset[str] = frozenset(
    {w for phrase in (*UNITS, *FACILITIES, *DIRECTIONS, *_COMPASS_NOUNS) for w in phrase.split()}
    | CONNECTORS
    | _ARTICLES
)
SUFFIX_WORDS: frozenset[str] = frozenset(
    {w for phrase in (*UNITS, *FACILITIES, *DIRECTIONS) for w in phrase.split()} | {"'s", "’s"}
)

_MAX_PHRASE = max(len(p.split()) for p in (*UNITS, *FACILITIES, *DIRECTIONS))
# A token: an elided French article or preposition (d', l'), or a run of non-space characters
# up to an apostrophe-s or the end.
_TOKEN = re.compile(r"(?<!\S)[dDlL]['’](?=\w)|[^\s]+?(?=['’][sS](?!\w))|['’][sS](?!\w)|[^\s]+")
_EDGE_PUNCT = re.compile(r"^[\"“”‘«(\[]+|[\"“”’»)\],;:.!?]+$")


# Words that can qualify a name (not connectors or articles): a surface without one of them is
# never parsed, which keeps plain lookups fast.
_QUALIFYING = frozenset({w for phrase in (*UNITS, *FACILITIES, *DIRECTIONS, *_COMPASS_NOUNS) for w in phrase.split()})
_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2015]+")
_ELIDED = re.compile(r"^[dl]'|'s$")


def may_qualify(surface: str) -> bool:
    """True when ``surface`` holds a word of the qualifier tables, so :func:`parse` may find one.

    A cheap test before the full parse: most names a report writes are bare.
    """
    text = surface.casefold().replace("’", "'")
    for word in _WORD_SPLIT.split(text):
        word = _ELIDED.sub("", _EDGE_PUNCT.sub("", word))
        if word in _QUALIFYING or unicodedata.normalize("NFC", word) in _QUALIFYING:
            return True
    return False


@functools.lru_cache(maxsize=1 << 14)
def _key(token: str) -> str:
    """A token as the tables write it: lower case, hyphens as spaces, the straight apostrophe.

    Memoised (bounded): :func:`extend` keys the same few words around every name.
    """
    text = unicodedata.normalize("NFC", token).casefold().replace("’", "'")
    text = _EDGE_PUNCT.sub("", text)
    return text.replace("-", " ").strip()


@dataclass(frozen=True)
class Qualified:
    """A place name and the words around it.

    Attributes
    ----------
    surface : str
        The text parsed.
    base : str
        The bare name, as written (its characters untouched).
    unit : str or None
        The unit the words ask for (a key of :data:`UNIT_KINDS`: governorate, countryside,
        suburbs, district, subdistrict, region, area, city, city centre, old city).
    facility : str or None
        The facility named (a key of :data:`FACILITY_KINDS`: airport, airbase, prison,
        crossing, square, hospital, dam, bridge, base, university, stadium, citadel).
    direction : str or None
        north, south, east, west, northeast ... when a compass word qualifies the name.
    before, after : int
        How many tokens of ``surface`` stand before and after the base.
    start, end : int
        Character offsets of ``base`` in ``surface``.
    words : tuple of str
        The qualifier phrases recognised, outermost first (for reasons and explanations).
    """

    surface: str
    base: str
    unit: str | None = None
    facility: str | None = None
    direction: str | None = None
    before: int = 0
    after: int = 0
    start: int = 0
    end: int = 0
    words: tuple[str, ...] = ()

    @property
    def qualified(self) -> bool:
        """True when any word around the name was recognised."""
        return bool(self.unit or self.facility or self.direction)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Gazetteer kinds the qualifiers ask for, best first (empty when unqualified)."""
        if self.facility:
            return FACILITY_KINDS[self.facility]
        if self.unit:
            return UNIT_KINDS[self.unit]
        return ()

    def describe(self) -> str:
        """The recognised words in plain language, e.g. ``"'countryside' + 'eastern'"``."""
        return " + ".join(repr(w) for w in self.words)


def _tokens(surface: str) -> list[tuple[str, int, int]]:
    return [(_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(surface)]


def _phrase_at(keys: list[str], i: int, limit: int, table: dict[str, str]) -> tuple[str, int] | None:
    """The longest phrase of ``table`` starting at token ``i`` and ending before ``limit``."""
    for n in range(min(_MAX_PHRASE, limit - i), 0, -1):
        phrase = " ".join(keys[i : i + n])
        if phrase in table:
            return phrase, n
    return None


def _phrase_ending(keys: list[str], j: int, floor: int, table: dict[str, str]) -> tuple[str, int] | None:
    """The longest phrase of ``table`` ending at token ``j - 1`` and starting after ``floor``."""
    for n in range(min(_MAX_PHRASE, j - floor), 0, -1):
        phrase = " ".join(keys[j - n : j])
        if phrase in table:
            return phrase, n
    return None


@functools.lru_cache(maxsize=1 << 14)
def parse(surface: str) -> Qualified:
    """Split a surface into the bare name and the qualifiers around it.

    Memoised (bounded): a pure function of the surface, and its result is frozen; an
    article names the same places many times.

    Reads from both edges inward and stops at the first word it cannot place, so the
    name itself is never eaten: at least one token always remains as ``base``.

    Examples
    --------
    >>> q = parse("the eastern countryside of Aleppo")
    >>> q.base, q.unit, q.direction
    ('Aleppo', 'countryside', 'east')
    >>> q = parse("Mezzeh military airport")
    >>> q.base, q.facility
    ('Mezzeh', 'airbase')
    >>> parse("la province d'Idleb").unit
    'governorate'
    """
    toks = _tokens(surface)
    keys = [k for k, _, _ in toks]
    i, j = 0, len(toks)
    unit = facility = direction = None
    words: list[str] = []

    def set_unit(phrase: str) -> None:
        nonlocal unit
        found = UNITS[phrase]
        # The outer word wins only when it is the wider unit: "the countryside of the Idlib
        # governorate" is countryside; "Idlib city centre" is the city centre.
        if unit is None or unit in ("governorate", "city"):
            unit = found
        words.append(phrase)

    def set_facility(phrase: str) -> None:
        nonlocal facility
        facility = facility or FACILITIES[phrase]
        words.append(phrase)

    def set_direction(phrase: str, table: dict[str, str]) -> None:
        nonlocal direction
        direction = direction or table[phrase]
        words.append(phrase)

    # Left edge: articles, compass adjectives, "rural", and qualifier + connector.
    changed = True
    while changed and j - i > 1:
        changed = False
        if keys[i] in _ARTICLES:
            i += 1
            changed = True
            continue
        arabic = bool(_ARABIC.search(keys[i]))
        french_article = i > 0 and keys[i - 1] in _FRENCH_ARTICLES
        for table, setter in ((UNITS, set_unit), (FACILITIES, set_facility)):
            hit = _phrase_at(keys, i, j - 1, table)
            if not hit:
                continue
            phrase, n = hit
            if phrase in SUFFIX_ONLY:
                continue
            french = phrase in FRENCH
            connectors = FRENCH_CONNECTORS if french else CONNECTORS
            nxt = i + n
            # A compass adjective may follow the qualifier in French: "la campagne sud d'Alep".
            after = _phrase_at(keys, nxt, j - 1, DIRECTIONS)
            if after and nxt + after[1] < j - 1 and keys[nxt + after[1]] in connectors:
                setter(phrase)
                set_direction(after[0], DIRECTIONS)
                i = nxt + after[1] + 1
                changed = True
                break
            if nxt < j - 1 and keys[nxt] in connectors:
                setter(phrase)
                i = nxt + 1
                changed = True
                break
            # No connector: Arabic heads ("ريف حلب"), "rural Damascus", "downtown Aleppo",
            # "central Homs" (adjectives that stand before an English name), and a French
            # noun after its article ("la place Saadallah").
            if arabic or phrase in ("rural", "downtown", "central") or (french and french_article):
                setter(phrase)
                i = nxt
                changed = True
                break
        if changed:
            continue
        hit = _phrase_at(keys, i, j - 1, DIRECTIONS)
        if hit:
            phrase, n = hit
            nxt = i + n
            if nxt < j - 1 and keys[nxt] in CONNECTORS and phrase in _COMPASS_NOUNS:
                nxt += 1
            set_direction(phrase, DIRECTIONS)
            i = nxt
            changed = True
            continue
        hit = _phrase_at(keys, i, j - 1, _COMPASS_NOUNS)
        if hit and i + hit[1] < j - 1 and keys[i + hit[1]] in CONNECTORS:
            set_direction(hit[0], _COMPASS_NOUNS)
            i += hit[1] + 1
            changed = True

    # Right edge: qualifier phrases, compass adjectives, then a possessive on the name.
    changed = True
    while changed and j - i > 1:
        changed = False
        for table, setter in ((UNITS, set_unit), (FACILITIES, set_facility)):
            hit = _phrase_ending(keys, j, i + 1, table)
            if hit and hit[0] not in ("rural", "downtown", "central", "وسط") and hit[0] not in FRENCH:
                setter(hit[0])
                j -= hit[1]
                changed = True
                break
        if changed:
            continue
        hit = _phrase_ending(keys, j, i + 1, DIRECTIONS)
        if hit:
            set_direction(hit[0], DIRECTIONS)
            j -= hit[1]
            changed = True
            continue
        if keys[j - 1] in ("'s", "s'") and j - i > 1:
            j -= 1
            changed = True

    if not toks:
        return Qualified(surface, surface)
    start, end = toks[i][1], toks[j - 1][2]
    base = surface[start:end]
    # Punctuation hugging the name ("Idlib's" splits cleanly; "(Idlib)" does not).
    stripped = base.strip('"“”‘’«»()[],;:.!?')
    if stripped and stripped != base:
        offset = base.index(stripped)
        start, end, base = start + offset, start + offset + len(stripped), stripped
    return Qualified(surface, base, unit, facility, direction, i, len(toks) - j, start, end, tuple(words))


_WINDOW = 160  # characters left of a name that may hold its qualifier words (six words and more)


def extend(text: str, start: int, end: int, max_words: int = 6) -> tuple[int, int]:
    """Grow the span ``text[start:end]`` of a name over the qualifier words around it.

    Tries every extent over words of :data:`PREFIX_WORDS` on the left and
    :data:`SUFFIX_WORDS` on the right and keeps the widest one whose :func:`parse` still
    has the original name as its base, so "capture of Idlib" stays "Idlib" while "the
    countryside of Idlib" and "Idlib's southern countryside" grow.

    Returns
    -------
    (start, end) : tuple of int
        The grown span (the original one when no qualifier surrounds the name).
    """
    # Most names stand without qualifiers: look at the word on each side first.
    after = _TOKEN.match(text, end) or _TOKEN.search(text, end, min(len(text), end + 40))
    before = list(_TOKEN.finditer(text, max(0, start - 40), start))
    if (after is None or _key(after.group()) not in SUFFIX_WORDS) and (
        not before or _key(before[-1].group()) not in PREFIX_WORDS
    ):
        return (start, end)
    # Only a window around the name is read: the whole text on every call made ingestion
    # quadratic in the article's length.
    lo = max(0, start - _WINDOW)
    left = list(_TOKEN.finditer(text, lo, start))
    if lo:  # the first token may be cut by the window's edge
        left = left[1:]
    left = left[-max_words:]
    right = list(itertools.islice(_TOKEN.finditer(text, end), max_words))
    lefts = [start]
    for m in reversed(left):
        word = m.group()
        # Punctuation on either side of a word ends the phrase ("Hama, the countryside").
        stop = re.search(r"[,;:.!?)\]\"”»]$", word)
        if _key(word) not in PREFIX_WORDS or stop or text[m.end() : lefts[-1]].strip():
            break
        lefts.append(m.start())
    rights = [end]
    for m in right:
        word = m.group()
        if _key(word) not in SUFFIX_WORDS or text[rights[-1] : m.start()].strip():
            break
        trail = re.search(r"[\"“”’»)\],;:.!?]+$", word)
        if re.match(r"[\"“”‘«(\[]", word):
            break
        rights.append(m.end() - (len(trail.group()) if trail else 0))
        if trail:
            break
    name = text[start:end]
    best = (start, end)
    for s in lefts:
        for e in rights:
            if (e - s) <= (best[1] - best[0]):
                continue
            q = parse(text[s:e])
            if q.base == name and q.qualified:
                best = (s, e)
    return best
