"""Stage 1, text: tokens with offsets and keys, sentences, paragraphs and quotations."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from ..claims import MAX_QUOTE
from ..names import fold, has_arabic, normalize
from .records import Span

TOKEN = re.compile(
    r"[^\W_][\w\u0610-\u061a\u064b-\u065f\u0670]*(?:['’ʿʾ`][^\W_][\w\u0610-\u061a\u064b-\u065f\u0670]*)*"
)
_POSSESSIVE = frozenset(("'s", "’s", "'S", "’S"))
# French elided articles and prepositions written onto a capitalised name: d'Alep, l'Euphrate.
_ELISION = re.compile(r"(?:[dDlL]|[qQ]u|[jJ]usqu)['’](?=[A-ZÀ-ÖØ-Þ])")
_QUOTED = re.compile(r'“[^”\n]*”|«[^»\n]*»|"[^"\n]*"')
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)]*\s+(?=[\"“«(\-‘']?[A-Z0-9\u0600-\u06ff])")
_ABBREVIATIONS = frozenset("u.s mr mrs ms dr st gen lt col no vs approx e.g i.e jr sr".split())
_SEGMENT = re.compile(r"[,;:()\[\]“”\"«»—–]| - ")


# One-letter Arabic prefixes (and, with, for, so) written onto the next word: وسراقب = and Saraqib.
ARABIC_CLITICS = frozenset("وبلف")


token_key_cache: dict[str, str] = {}


def token_key(word: str) -> str:
    """The matching key of one token: :func:`normalize` of the word, memoised."""
    k = token_key_cache.get(word)
    if k is None:
        if len(token_key_cache) > 200_000:
            token_key_cache.clear()
        k = token_key_cache[word] = normalize(word)
    return k


fold_key_cache: dict[str, str] = {}


def fold_token_key(key: str) -> str:
    """The transliteration-blind key of one normalized token, memoised."""
    k = fold_key_cache.get(key)
    if k is None:
        if len(fold_key_cache) > 200_000:
            fold_key_cache.clear()
        k = fold_key_cache[key] = key if has_arabic(key) else fold(key)
    return k


# -- text structure ------------------------------------------------------------------------------------
@dataclass
class Tokens:
    start: list[int]
    end: list[int]
    raw: list[str]
    key: list[str]
    fold: list[str]
    cap: list[bool]
    poss: list[bool]


def tokenize(text: str) -> Tokens:
    """Word tokens with offsets, matching keys and flags; a possessive 's is cut off and flagged."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    raws = [text[s:e] for s, e in spans]
    poss = [False] * len(raws)
    n = len(text)
    for j, raw in enumerate(raws):
        # The elision needs an apostrophe: most tokens have none, so the pattern is not tried.
        elided = ("'" in raw or "’" in raw) and _ELISION.match(raw)
        if elided:
            # French elision before a name: "d'Alep", "l’Euphrate" read as the name.
            cut = elided.end()
            raws[j], starts[j] = raw[cut:], starts[j] + cut
            raw = raws[j]
        if raw[-2:] in _POSSESSIVE and len(raw) > 3:
            raws[j], ends[j], poss[j] = raw[:-2], ends[j] - 2, True
        elif raw[-1] == "s" and ends[j] < n and text[ends[j]] in "'’":
            poss[j] = True
    kc, fc = token_key_cache, fold_key_cache
    keys = [kc.get(r) or token_key(r) for r in raws]
    caps = [r[0].isupper() for r in raws]
    # Transliteration keys only matter for capitalised words (a name in running text).
    folds = [(fc.get(k) or fold_token_key(k)) if c else k for k, c in zip(keys, caps, strict=True)]
    return Tokens(starts, ends, raws, keys, folds, caps, poss)


# A dateline opening a paragraph: 'BEIRUT (Reuters) -', 'IDLIB, Syria (Reuters) -',
# 'TEHRAN, Jan. 9 (IRNA) –', 'Damascus, Syria (AP) —': a city in capitals, or any city
# with the agency in brackets, then a dash.
DATELINE = re.compile(
    r"(?P<where>(?:[A-Z]{3,}[A-Z'’.\- ]*(?:,[^,()\n–—]{1,30}){0,2}\s*(?:\([^()\n]{1,40}\))?"
    r"|[A-Z][\w'’.\- ]{1,30}(?:,[^,()\n–—]{1,30}){0,2}\s*\([^()\n]{1,40}\)))\s*[-–—]{1,2}\s+"
)
# The shorter shapes: 'HOMS:' or 'BEIRUT, Lebanon:' (capitals, then a colon), and a city in
# title case, of one to three words, before a colon or a dash: 'Homs -', 'Deir ez-Zor –',
# 'Aleppo:'. The word after must start a sentence, so 'Aleppo - the second city - fell' is
# no dateline.
_TITLE = r"[A-Z][a-z'’]+(?:[- ](?:[a-z]{1,3}-)?[A-Z][a-z'’]+){0,2}"
DATELINE_SHORT = re.compile(
    r"(?P<where>[A-Z]{3,}[A-Z'’.\- ]*(?:,[^,()\n:–—]{1,30}){0,2}\s*(?:\([^()\n]{1,40}\))?)\s*:\s+"
    rf"|(?P<titled>{_TITLE}(?:, [A-Z][a-z]+)?)(?:\s*:|\s*[–—]{{1,2}}|\s+-{{1,2}})\s+(?=[A-Z\"“‘'])"
)


def match_dateline(line: str) -> tuple[int, int] | None:
    """Where a paragraph's dateline names the place it was filed from, and where its text starts.

    Returns (end of the place and agency, start of the text) or None. Every common shape:
    'CITY, Country (Agency) -', 'CITY (Agency) -', 'City (Agency) -', 'CITY:', 'CITY -',
    'City -', 'City:'.
    """
    m = DATELINE.match(line)
    if m:
        return len(m.group("where").rstrip()), m.end()
    m = DATELINE_SHORT.match(line)
    if m:
        where = m.group("where") or m.group("titled")
        return len(where.rstrip()), m.end()
    return None


def dateline_agency(text: str, paragraphs: int = 6) -> str:
    """The agency named in brackets in a dateline among the first paragraphs: 'Reuters' in
    'IDLIB, Syria (Reuters) -', or ''."""
    for line in [ln for ln in text.split("\n") if ln.strip()][:paragraphs]:
        m = DATELINE.match(line)
        if m:
            inner = re.search(r"\(([^()]*)\)", m.group("where"))
            return inner.group(1).strip() if inner else ""
    return ""


def sentences(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentence spans and, for each, the index of its paragraph (a line of the text)."""
    spans, paras = [], []
    pos = 0
    for pi, line in enumerate(text.split("\n")):
        begin = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        dateline = match_dateline(line)
        if dateline:
            # 'IDLIB, Syria (Reuters) - ...': where the report was filed is its own span, so
            # it is never part of a quote nor the place a statement of the sentence is about.
            spans.append((begin, begin + dateline[0]))
            paras.append(pi)
            cut = dateline[1]
        for m in _SENTENCE_END.finditer(line, cut):
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


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans between paired quotation marks, within one paragraph."""
    return [m.span() for m in _QUOTED.finditer(text)]


def truncate(text: str, limit: int = MAX_QUOTE) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def strip_clitics(tok: Tokens, known: frozenset | dict) -> None:
    """'وسراقب' is 'and' + 'Saraqib': an Arabic word unknown whole but known without its prefix.

    ``known`` holds the keys of known names (the place index); a token whose key is not
    known but is once its one-letter clitic is cut off is read without it.
    """
    for j in [j for j, k in enumerate(tok.key) if k[:1] in ARABIC_CLITICS]:
        k = tok.key[j]
        if len(k) > 3 and k not in known:
            rest = token_key(tok.raw[j][1:])
            if rest in known:
                tok.key[j], tok.fold[j], tok.raw[j] = rest, rest, tok.raw[j][1:]
                tok.start[j] += 1


class Article:
    """One article's text and structure: tokens, sentences, paragraphs, quotations.

    Built once per article; every later stage reads positions through it.
    """

    def __init__(
        self, text: str, published: dt.date, origin: str = "", outlet: str = "", known: frozenset | dict = frozenset()
    ):
        self.text = text
        self.published = published
        self.pub = published.isoformat()
        self.origin = origin
        self.outlet = outlet
        self.tok = tokenize(text)
        strip_clitics(self.tok, known)
        self.sent, self.para = sentences(text)
        self.sent_starts = [s for s, _ in self.sent]
        self.quotes = quote_spans(text)
        self.quote_starts = [q[0] for q in self.quotes]
        # Sentences by paragraph, and the paragraphs in order: lookups stay local, so a
        # long article costs in proportion to its length (no scan of every sentence).
        self.para_sentences: dict[int, list[int]] = {}
        for k, p in enumerate(self.para):
            self.para_sentences.setdefault(p, []).append(k)
        self.para_order = sorted(self.para_sentences)
        self.agency = dateline_agency(text)
        self.wire = ""  # the source id of that agency, when it is a known one (set by the ingestor)
        self.warnings: list[str] = []
        self._cuts: dict[int, list[tuple[int, int]]] = {}
        self._sent_tok: dict[int, range] = {}

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

    def context(self, s: int, e: int, width: int = 60) -> str:
        a = max(0, s - width)
        b = min(len(self.text), e + width)
        return " ".join(self.text[a:b].split())

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

    def sentence_tokens(self, si: int) -> range:
        rng = self._sent_tok.get(si)
        if rng is None:
            s, e = self.sent[si]
            rng = self._sent_tok[si] = self.tokens_in(s, e)
        return rng

    def span_text(self, sp: Span) -> str:
        return self.text[self.tok.start[sp.i] : self.tok.end[sp.j - 1]]

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The quotation (paired quotation marks) around ``char``, if any."""
        k = bisect.bisect_right(self.quote_starts, char) - 1
        if k >= 0 and self.quotes[k][0] <= char < self.quotes[k][1]:
            return self.quotes[k]
        return None

    def inside_quote(self, char: int) -> bool:
        return self.quote_at(char) is not None

    def previous_paragraph(self, para: int) -> int | None:
        """The paragraph (with text) before ``para``, or None."""
        k = bisect.bisect_left(self.para_order, para)
        return self.para_order[k - 1] if k > 0 else None


# -- the header block of an article file ------------------------------------------------------------
HEADER_KEY = re.compile(r"^([a-z][a-z_]{1,40}):[ \t]*(.*)$")
HEADER_END = "---"
HEADER_FIELDS = frozenset({"title", "outlet", "origin", "publication_date", "published", "date", "url", "source"})


@dataclass(frozen=True)
class ArticleHeader:
    """The ``key: value`` block an article file may open with, up to a line ``---``.

    Collected articles often carry their metadata this way (title, outlet, origin,
    publication_date, url ...). Its lines are no part of the report: read as text, a title
    repeats the article's main claim as if it were said again.
    """

    fields: dict[str, str]
    end: int  # character offset just after the '---' line

    @property
    def published(self) -> str:
        return self.fields.get("publication_date") or self.fields.get("published") or self.fields.get("date", "")

    @property
    def outlet(self) -> str:
        return self.fields.get("outlet", "")

    @property
    def url(self) -> str:
        return self.fields.get("url", "")


def split_header(text: str) -> tuple[ArticleHeader | None, str]:
    """The header block of ``text`` if it has one, and the text with that block blanked.

    The block is recognised when the file opens with ``key: value`` lines (at least one a
    known field: title, outlet, url, publication_date ...) closed by a line ``---``. Its
    characters become spaces (newlines kept), so offsets into the returned text are offsets
    into the file and no header word reaches the reader.
    """
    pos, fields = 0, {}
    for line in text.split("\n")[:60]:
        end = pos + len(line) + 1
        stripped = line.strip()
        if stripped == HEADER_END and fields:
            if not HEADER_FIELDS & fields.keys():
                return None, text
            cut = min(end, len(text))
            blank = "".join(ch if ch == "\n" else " " for ch in text[:cut])
            return ArticleHeader(fields, cut), blank + text[cut:]
        m = HEADER_KEY.match(stripped)
        if m:
            fields[m.group(1)] = m.group(2).strip()
        elif stripped or not fields:
            if stripped:
                return None, text
        pos = end
    return None, text


# -- the language of a text -----------------------------------------------------------------------------
# The commonest short function words of each language the gazetteer has names in (a text's
# share of them tells its language well enough to warn; no dictionary needed).
FUNCTION_WORDS = {
    "en": frozenset("the of and to in is was that for on with by said has have from it its were are".split()),
    "fr": frozenset("le la les des du de et est dans une un sur pour par qui au aux sont ont été".split()),
    "es": frozenset("el la los las del de y en que por con para una un se al es fue han".split()),
    "de": frozenset("der die das und ist im den dem des mit von zu auf nicht sich ein eine wurde".split()),
}
LANGUAGE_NAMES = {"fr": "French", "es": "Spanish", "de": "German", "ar": "Arabic", "": "not English"}
_WORD = re.compile(r"[^\W\d_]+")


def language_of(text: str, sample: int = 4000) -> str:
    """'en', 'fr', 'es', 'de', 'ar', or '' (unknown), from the first ``sample`` characters.

    Arabic script in most letters makes it Arabic; otherwise the language whose function
    words are the largest share of the words, when they are at least a twentieth of them.
    Fewer than 12 words is too little to tell: then it is taken for English (no warning).
    """
    words = Counter(map(str.lower, _WORD.findall(text[:sample])))
    total = sum(words.values())
    if total < 12:
        return "en"
    arabic = sum(n for w, n in words.items() if "\u0600" <= w[0] <= "\u06ff")
    if arabic > total / 2:
        return "ar"
    shares = {lang: sum(words[w] for w in fw if w in words) / total for lang, fw in FUNCTION_WORDS.items()}
    best = max(shares, key=lambda k: shares[k])
    return best if shares[best] >= 0.05 else ""
