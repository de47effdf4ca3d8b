"""Normalise place names so that the spellings reports use meet the gazetteer's.

Two keys per name:

``normalize``
    case, diacritics, the apostrophe family, hyphens and spaces, the Arabic article
    (al-, el-, as-, ash-, ... and ال) and Arabic letter variants. Two spellings with the
    same ``normalize`` key are the same name written differently.
``fold``
    a looser, transliteration-blind key on top of ``normalize``: French and English
    conventions (ou/u, ch/sh, dj/j, ee/i), e/i and o/u, q/k, dh/z, doubled letters and final
    vowels, and word classes (Tal/Tel/Tell, Kafr/Kfar/Kefr). "Saraqeb" and "Saraqib", "Maraat al Numan" and "Ma'arrat al-Nu'man" share it.
    A match on ``fold`` alone is scored lower than a match on ``normalize``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["BIDI_MARKS", "HIDDEN_CHARS", "fold", "has_arabic", "has_word", "normalize", "skeleton", "skeleton_of_fold"]

# Arabic harakat, superscript alef, Quranic marks and tatweel carry no identity.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        "ی": "ي",
    }
)
_ARABIC_CHARS = re.compile("[\u0600-\u06ff]")
# The apostrophe family: ' ’ ‘ ʿ ʾ ` ´ ʼ ′ and the Arabic hamza on its own.
_APOSTROPHES = re.compile("['\u2019\u2018\u02bf\u02be`\u00b4\u02bc\u2032\u0621]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,/()\[\]\"«»:;]+")
# Latin transliterations of the article, assimilated forms included (a-Rashideen, ash-Sheikh,
# ech-Cheikh, enn-Naamane); only removed when another word follows.
_LATIN_ARTICLES = frozenset("al el il ul l a as ash ad adh ar at ath az an es ech ed er et ez en enn ul".split())
_HYPHEN_ARTICLE = re.compile(r"\b(al|el|il|ul|l|a|as|ash|ad|adh|ar|at|ath|az|an|es|ech|ed|er|et|ez|en|enn)-(?=\w)")
# English, French and Spanish articles in front of a name ("the Citadel", "la Citadelle").
_LEADING = frozenset("the le la les los las el".split())
# Characters a name may never hold, at load (dataset.py) and in a query (gazetteer.check_query)
# alike: C0/C1 controls (tab and newline aside), zero-width space and joiners, the word joiner,
# the byte-order mark, and the bidirectional embeddings, overrides and isolates. Each is
# invisible and can make one name read as another.
HIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
# The three bidirectional *marks* (LRM, RLM and the Arabic letter mark) are different: text
# copied from an Arabic web page carries them around names, they change no letter, and
# they cannot reorder one. They are accepted at load and in queries and removed by normalize.
BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")

# Word classes, one rule per family of spellings of the same Arabic word, applied to whole
# words (or a word's start) before the letter rules below:
#   tall (تل, hill): Tal, Tel, Tell, Til, Tall
#   kafr (كفر, village): Kafr, Kfar, Kefr, Kfr, Kufr, and as a word's start (Kfarnabel)
#   dhal (ذ) and emphatic zay (ظ): dh and z are one letter in the reports (Deir ez-Zor,
#   Dayr adh Dhor; Abu al-Dhuhur, Abu az Zuhur)
_WORD_CLASSES = (
    (re.compile(r"\bt[aei]ll?\b"), "tal"),
    (re.compile(r"\bk[aeiu]?f[aeiu]?r"), "kafr"),
    (re.compile(r"dh"), "z"),
)
_FOLD_PAIRS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("dj", "j"),
    ("ch", "sh"),
    ("ph", "f"),
    ("q", "k"),
    ("y", "i"),
    ("w", "u"),
    ("ai", "i"),
    ("au", "u"),
    ("ei", "i"),
    ("e", "i"),
    ("o", "u"),
)
_DOUBLES = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h\b")
_FINAL_VOWELS = re.compile(r"(?<=\w\w)[aiu]+\b")


def has_arabic(text: str) -> bool:
    """True when ``text`` holds Arabic script."""
    return bool(_ARABIC_CHARS.search(text))


def has_word(key: str) -> bool:
    """True when a normalized key holds a letter or a digit: something that can be a name."""
    return any(c.isalnum() for c in key)


def _strip_latin_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) or has_arabic(c))


# Both keys are pure functions of the text, and one lookup asks for them several times (the
# query, its fold, the ranking's closeness): memoised, a name met again costs a dict lookup.
@lru_cache(maxsize=1 << 17)
def normalize(name: str) -> str:
    """Key for exact lookup: the same name however it is cased, accented or hyphenated.

    Examples
    --------
    >>> normalize("Ma'arrat al-Nu'man")
    'maarrat numan'
    >>> normalize("ash-Sheikh Maqsoud")
    'sheikh maqsoud'
    >>> normalize("الحمدانيّة")
    'حمدانيه'
    """
    text = unicodedata.normalize("NFKC", name)
    text = BIDI_MARKS.sub("", text)
    text = HIDDEN_CHARS.sub(" ", text)
    if has_arabic(text):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    text = _strip_latin_diacritics(text).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _HYPHEN_ARTICLE.sub("", text)
    words = [w for w in _SEPARATORS.split(text) if w]
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    if len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    if len(words) > 1:
        kept = [w for i, w in enumerate(words) if w not in _LATIN_ARTICLES or i == len(words) - 1]
        words = kept or words
    return " ".join(words)


@lru_cache(maxsize=1 << 17)
def fold(name: str) -> str:
    """Transliteration-blind key: French, English and scholarly spellings collapse together.

    Examples
    --------
    >>> fold("Saraqeb") == fold("Saraqib")
    True
    >>> fold("Maraat al Numan") == fold("Ma'arrat al-Nu'man")
    True
    """
    text = normalize(name)
    if has_arabic(text):
        return text
    for pattern, word in _WORD_CLASSES:
        text = pattern.sub(word, text)
    text = _FINAL_H.sub("", text)
    for old, new in _FOLD_PAIRS:
        text = text.replace(old, new)
    text = _DOUBLES.sub(r"\1", text)
    text = _FINAL_VOWELS.sub("", text)
    return text


_NO_VOWELS = str.maketrans("", "", "aeiouy")


@lru_cache(maxsize=1 << 17)
def skeleton(name: str) -> str:
    """The consonants of the :func:`fold` key, each word keeping its first letter.

    The last resort for vowels that no transliteration class folds (Hobeit / Habit,
    Tilmannas / Tallmannis).

    Empty for Arabic script and for names of fewer than three consonants, which would meet
    too many other names.

    Examples
    --------
    >>> skeleton("al-Hobeit") == skeleton("Al Habit")
    True
    >>> skeleton("Tilmannas") == skeleton("Tallmannis")
    True
    """
    return skeleton_of_fold(fold(name))


def skeleton_of_fold(key: str) -> str:
    """:func:`skeleton` of a name whose :func:`fold` key is ``key`` (for keys already folded)."""
    if not key or has_arabic(key):
        return ""
    out = _DOUBLES.sub(r"\1", " ".join(w[0] + w[1:].translate(_NO_VOWELS) for w in key.split()))
    return out if len(out) - out.count(" ") >= 3 else ""
