"""Stage 2, mentions: names (places, actors, claimants) and cues by longest match, place
mentions resolved in the gazetteer, and capitalised names in a place position that resolve
to nothing."""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..features import HEAD_WORDS, features
from ..gazetteer import REGION_KINDS
from ..names import has_arabic, normalize
from ..qualifiers import extend
from ..world import CITY
from ..world import lookup as world_lookup
from .lexicon import (
    ARABIC_STOPWORDS,
    ARTICLES,
    COMPASS,
    HEADS,
    LEADING,
    LOCATIVE,
    MAJOR_KINDS,
    MONTHS,
    PLACE_LEAD,
    PLACE_NOUNS,
    STOPWORDS,
    WEEKDAYS,
    walk,
)
from .records import Mention, Span
from .text import TOKEN, Article

if TYPE_CHECKING:
    from .pipeline import Ingestor

_CALENDAR = frozenset([*WEEKDAYS, *MONTHS, *(w[:3] for w in WEEKDAYS + MONTHS), "sept", "tues", "thurs"])
_NAME_GAP = re.compile(r"[\s\-\u2010\u2011'’ʿʾ`]*")
# Words for an organisation that publishes: a name right after them ('state news agency Sana')
# or right before 'news agency' is the organisation, not the village of that spelling.
# The last word of an armed unit's or a body's name: 'the Manbij Military Council', 'the Hama
# Brigade' name a unit, not the town (annotators do not count them as mentions).
_UNIT_NOUNS = frozenset("council brigade brigades battalion battalions regiment division front legion corps".split())
# Road words: 'the Latakia-Aleppo Highway', 'the Homs-Hama highway' name a road.
_ROAD_NOUNS = frozenset("highway motorway road expressway".split())
# Nouns after a name that make it a place: 'Tilmannas village', 'the Xyz neighbourhood'.
_HEAD_NOUNS = frozenset("village town city neighbourhood neighborhood district countryside suburb".split())
_PUBLISHERS = frozenset("agency newspaper daily channel television tv broadcaster outlet website".split())


@functools.lru_cache(maxsize=8)
def given_names(root: str) -> frozenset[str]:
    """Normalized keys of common Arabic and Persian given names (``given_names.csv`` of the
    data folder; empty when the folder has none).

    Many Syrian villages are spelled like a first name (Omar, Khaled, Sana); in a report the
    first name is far more often a person: a photographer's credit, a fighter quoted by name.
    """
    path = Path(root) / "given_names.csv"
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(normalize(r["name"]) for r in csv.DictReader(fh) if r.get("name"))


class Mentions:
    """Names, cues and place mentions of one article.

    :meth:`scan` finds the names and cues; :meth:`resolve_mentions` resolves the place names
    (after the dates stage, which needs only the scan); :meth:`find_unresolved` reports
    capitalised names in a place position that the gazetteer does not know.
    """

    def __init__(self, ing: Ingestor, art: Article):
        self.ing = ing
        self.art = art
        self._title: dict[int, bool] = {}
        self.names: list[Span] = []
        self.cues: list[Span] = []
        self.cue_starts: list[int] = []
        self.cue_at: dict[int, Span] = {}
        self.name_at: dict[int, Span] = {}
        self.covered: set[int] = set()
        self.sent_first: set[int] = set()
        self.mentions: list[Mention] = []
        self.mention_at: dict[int, Mention] = {}
        self.mention_span: dict[int, Span] = {}
        self.focus: str | None = None
        self.unresolved: list[Mention] = []
        self._name_starts: list[int] = []
        self._mention_starts: list[int] = []
        self._name_ending: dict[int, list[Span]] = {}
        self._given = given_names(str(ing.dataset.root))
        self._features = features(str(ing.dataset.root))

    def scan(self) -> None:
        """One left-to-right pass: names (places, actors, claimants) by longest match, then cues.

        Only tokens that can start a name are visited: a key that starts an actor or claimant
        phrase, or an alias (capitalised, Arabic, an article, or the first word of a
        hand-curated alias).
        """
        tok, lex, idx = self.art.tok, self.ing.lexicon, self.ing.index
        keys, caps, folds = tok.key, tok.cap, tok.fold
        ents, norm, fold_trie, curated = lex.entities, idx.norm, idx.fold, idx.curated_first
        spans: list[Span] = []
        self.sent_first = sent_first = {
            r.start for r in (self.art.sentence_tokens(k) for k in range(len(self.art.sent))) if len(r)
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
            ent_end, ent = walk(ents, keys, i) if k in ents else (-1, [])
            if ent_end > 0:
                want = lex.case_sensitive.get(tuple(keys[i:ent_end]))
                if want and not _as_written(tok.raw, i, ent_end, want):
                    ent_end = -1
            place = None
            if (caps[i] or k in curated or k in ARTICLES or "\u0600" <= k[0] <= "\u06ff") and (
                k in norm or folds[i] in fold_trie or k in ARTICLES
            ):
                place = self._place_at(i, sent_first, persons)
            if ent_end > 0 and (place is None or ent_end >= place.j):
                entity = ent[0].on(self.art.pub) if ent[0].periods else ent[0]
                spans.append(Span(i, ent_end, "entity", entity))
                nxt = ent_end
            elif place is not None:
                spans.append(place)
                nxt = place.j
        self.names = spans
        covered: set[int] = set()
        for sp in spans:
            covered.update(range(sp.i, sp.j))
        cues: list[Span] = []
        cue_trie = lex.cues
        nxt = 0
        for i in [i for i, k in enumerate(keys) if k in cue_trie]:
            if i < nxt or i in covered:
                continue
            end, found = walk(cue_trie, keys, i)
            if end > 0:
                cues.append(Span(i, end, "cue", found))
                nxt = end
        self.cues = cues
        self.cue_starts = [c.i for c in cues]
        self.cue_at = {c.i: c for c in cues}
        self.name_at = {s.i: s for s in spans}
        self.covered = covered

    def _place_at(self, i: int, sent_first: set[int], persons: set[str]) -> Span | None:
        tok, idx = self.art.tok, self.ing.index
        keys = tok.key
        k0 = keys[i]
        if k0 not in idx.norm and tok.fold[i] not in idx.fold and k0 not in ARTICLES:
            return None
        starts = [i]
        if k0 in ARTICLES and i + 1 < len(keys) and (self.art.gap(i) in ("-", "‑") or k0 in ("al", "el")):
            starts.append(i + 1)
        for first in starts:
            # Exact spellings first; a transliteration variant where no exact name starts, or
            # where it reads more words ('Tal Tamr' is Tall Tamr, not Al-Tal and a stray word).
            end, found = walk(idx.norm, keys, first, ARTICLES)
            exact = None
            if end > 0 and self._acceptable(i, first, end, found[0], "norm", sent_first, persons):
                exact = Span(i, end, "place", (found[0], "norm", first))
            if tok.cap[first] and tok.fold[first] in idx.fold:
                fend, ffound = walk(idx.fold, tok.fold, first, ARTICLES)
                if (
                    fend > (exact.j if exact else 0)
                    and all(tok.cap[k] or tok.key[k] in ARTICLES for k in range(first, fend))
                    and self._acceptable(i, first, fend, ffound[0], "fold", sent_first, persons)
                ):
                    return Span(i, fend, "place", (ffound[0], "fold", first))
            if exact is not None:
                return exact
        return None

    def _acceptable(self, i, first, end, norm, how, sent_first, persons) -> bool:
        tok, idx = self.art.tok, self.ing.index
        if self._nested_in_name(i, end):
            return False
        if self._features and norm in self._features:
            n = len(tok.key)
            if (end < n and tok.key[end] in HEAD_WORDS) or (i > 0 and tok.key[i - 1] in HEAD_WORDS):
                return False  # 'the Yarmouk Basin', 'the Barada valley': the river, not the camp or village
        for j in range(i, end - 1):
            if not _NAME_GAP.fullmatch(self.art.text[tok.end[j] : tok.start[j + 1]]):
                return False  # a name does not run across punctuation: 'Aleppo "Citadel'
        if end - first == 1 and tok.raw[first].isupper() and norm not in idx.curated:
            if len(tok.raw[first]) <= 3 or (len(tok.raw[first]) == 4 and norm not in idx.major):
                return False  # an acronym ('DIR', 'SANA'), not a village
        raw = tok.raw[first]
        curated = norm in idx.curated
        arabic = has_arabic(raw)
        if not arabic and not curated and not tok.cap[first]:
            return False
        if how == "fold" and not self._locative(i):
            return False
        major = norm in idx.major
        surface = self.art.text[tok.start[first] : tok.end[end - 1]].casefold()
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
            if not major and self._publisher(first, end):
                return False
            if not major and key in self._given and not self._place_context(i, end):
                return False
        return True

    def _nested_in_name(self, i: int, end: int) -> bool:
        """True when the place at tokens [i, end) is part of a unit's or a road's name.

        'the Deir el-Zor Military Council' (up to two capitalised words, then a unit noun such
        as Council or Brigade) is a unit; 'the Latakia-Aleppo Highway', 'the Homs-Hama highway'
        (names joined by a hyphen, then a road word) and 'the Aleppo Highway' (a capitalised
        road word) are roads. 'the Ramousah highway junction' stays a place: a lower-case road
        word after one name says where, not what the road is called.
        """
        tok, n = self.art.tok, len(self.art.tok.key)
        j = end
        for _ in range(2):
            if j < n and tok.cap[j] and tok.key[j] in _UNIT_NOUNS and self.art.gap(j - 1) == " ":
                return True
            if j < n and tok.cap[j] and self.art.gap(j - 1) == " " and tok.key[j] not in STOPWORDS:
                j += 1
            else:
                break
        joined_before = i > 1 and self.art.gap(i - 1) in ("-", "\u2013") and tok.cap[i - 1]
        j = end
        joined_after = False
        if j + 1 < n and self.art.gap(j - 1) in ("-", "\u2013") and tok.cap[j]:
            joined_after, j = True, j + 1
            while j < n and tok.cap[j] and tok.key[j] not in _ROAD_NOUNS and self.art.gap(j - 1) in (" ", "-"):
                j += 1  # the other end's name may have more words: 'Aleppo-Deir ez-Zor highway'
        if j < n and tok.key[j] in _ROAD_NOUNS and self.art.gap(j - 1) == " ":
            return joined_before or joined_after or tok.cap[j]
        return False

    def _publisher(self, i: int, end: int) -> bool:
        """True for the name of an outlet: 'the state news agency Sana', 'Sana news agency'."""
        keys = self.art.tok.key
        if i > 0 and keys[i - 1] in _PUBLISHERS:
            return True
        return end < len(keys) and keys[end] in ("news", "agency", "newspaper", "daily", "tv", "television")

    def _place_context(self, i: int, end: int) -> bool:
        """True when something says the one word at token i names a place: a preposition or
        a place noun before it ('in X', 'the village of X'), or a place name next to it in a
        list ('X, Y and Z'). Asked of a word that is also a common given name."""
        if self._locative(i):
            return True
        tok, idx, text = self.art.tok, self.ing.index, self.art.text
        n = len(tok.key)
        if i > 0 and tok.key[i - 1] in PLACE_NOUNS:
            return True

        def place_word(j: int) -> bool:
            return 0 <= j < n and tok.cap[j] and tok.key[j] in idx.norm and tok.key[j] not in self._given

        before = text[tok.end[i - 1] : tok.start[i]].strip() if i > 0 else ""
        if before == "," and place_word(i - 1):
            return True
        if i > 1 and tok.key[i - 1] in ("and", "or") and place_word(i - 2):
            return True
        after = text[tok.end[end - 1] : tok.start[end]].strip() if end < n else ""
        if after == "," and place_word(end):
            return True
        return end + 1 < n and tok.key[end] in ("and", "or") and place_word(end + 1)

    def title_case(self, i: int) -> bool:
        """True in a headline written in Title Case, where every word is capitalised."""
        si = self.art.sentence_of(self.art.tok.start[i])
        hit = self._title.get(si)
        if hit is None:
            rng = self.art.sentence_tokens(si)
            words = [j for j in rng if self.art.tok.raw[j][0].isalpha() and self.art.tok.key[j] not in STOPWORDS]
            hit = len(words) >= 3 and sum(self.art.tok.cap[j] for j in words) >= 0.8 * len(words)
            self._title[si] = hit
        return hit

    def _in_name_run(self, i: int, end: int) -> bool:
        """True when a one-word match sits inside a longer run of capitalised words (a person's name)."""
        tok = self.art.tok
        n = len(tok.key)

        def name_word(j: int) -> bool:
            k = tok.key[j]
            return (
                tok.cap[j] and k not in STOPWORDS and k not in HEADS and k not in LEADING and j not in self.sent_first
            )

        prev_ok = i > 0 and self.art.gap(i - 1) in (" ", "-") and not tok.poss[i - 1]
        joined = i > 1 and (self.art.gap(i - 1) == "-" or tok.key[i - 1] in ("al", "el"))
        if prev_ok and (name_word(i - 1) or (tok.key[i - 1] in ARTICLES and joined and tok.cap[i - 2])):
            return True
        nxt = end
        if nxt < n and self.art.gap(end - 1) in (" ", "-") and not tok.poss[end - 1]:
            if tok.key[nxt] in ARTICLES and nxt + 1 < n and self.art.gap(nxt) in ("-", " ") and tok.cap[nxt + 1]:
                return True
            if name_word(nxt) and tok.key[nxt] not in WEEKDAYS and tok.key[nxt] not in MONTHS:
                return True
        return False

    def _locative(self, i: int) -> bool:
        """True when token i stands where a place name goes: 'in X', 'on the X', 'the town of X',
        'captured X' (the object of a control verb)."""
        keys = self.art.tok.key
        j = i - 1
        while j >= 0 and keys[j] in PLACE_LEAD:
            if keys[j] == "of" and j > 0 and (keys[j - 1] in PLACE_NOUNS or keys[j - 1] in COMPASS):
                return True
            j -= 1
        return j >= 0 and (keys[j] in LOCATIVE or keys[j] in self.ing.lexicon.taking)

    def _kind_hint(self, sp: Span) -> tuple[str, ...] | None:
        """Kinds a place must have from the words around it: 'Idlib province', 'city of X'."""
        cue = self.cue_at.get(sp.j)
        if cue:
            for c in cue.payload:
                if c.kind == "kind" and not c.phrase.endswith(" of"):
                    return tuple(c.value.split(";"))
        j = sp.i - 1
        while j >= 0 and self.art.tok.key[j] in {"the", "neighbouring", "neighboring"}:
            j -= 1
        for start in range(max(0, j - 3), j + 1):
            cue = self.cue_at.get(start)
            if cue and cue.j == j + 1:
                for c in cue.payload:
                    if c.kind == "kind":
                        return tuple(c.value.split(";"))
                    if c.kind == "partial" and c.value == "region":
                        return ("governorate",)
            if cue and cue.j == j and self.art.tok.key[j] == "of":
                for c in cue.payload:
                    if c.kind == "kind":
                        return tuple(c.value.split(";"))
        if j >= 0 and self.art.tok.key[j] == "of" and j >= 1:
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
        self.mention_span: dict[int, Span] = {}
        places = [sp for sp in self.names if sp.kind == "place"]
        hints = [self._kind_hint(sp) for sp in places]
        # 'the provinces of Aleppo and Idlib': a list takes the hint of its first member.
        for n in range(1, len(places)):
            a, b = places[n - 1], places[n]
            if hints[n] is None and hints[n - 1] and b.i == a.j + 1 and self.art.tok.key[a.j] in ("and", "or"):
                hints[n] = hints[n - 1]
        first_pass = []
        for sp, hint in zip(places, hints, strict=True):
            s, e = self.art.tok.start[sp.i], self.art.tok.end[sp.j - 1]
            surface = self.art.text[s:e]
            m = self._resolve_qualified(s, e)
            if m is None:
                m = ing.resolve(surface, hint)
            if m.place is None and hint:
                m = ing.resolve(surface)
            first_pass.append((sp, surface, m, hint))
        counts = Counter(m.place_id for _, _, m, _ in first_pass if m.place_id)
        focus = next((pid for pid, _ in counts.most_common() if ing.kind(pid) in ("city", "town")), None)
        self.focus = focus
        # The governorates the article's names lie in, one vote per distinct place.
        regions = Counter(ing.governorate(pid) for pid in counts if ing.kind(pid) != "country")
        for n, (sp, surface, m, hint) in enumerate(first_pass):
            better = self._homonym_here(m, regions, counts)
            if better is not None:
                first_pass[n] = (sp, surface, better, hint)
        for sp, surface, m, hint in first_pass:
            if m.place is None and focus and m.reason.startswith("ambiguous"):
                m = ing.resolve(surface, hint, context=focus)
            s, e = self.art.tok.start[sp.i], self.art.tok.end[sp.j - 1]
            mention = Mention(
                start=s,
                end=e,
                text=surface,
                place_id=m.place_id or "",
                score=round(float(m.score), 3),
                reason=m.reason if len(m.reason) < 300 else m.reason[:297] + "...",
                kind=ing.kind(m.place_id) if m.place_id else "",
                context=self.art.context(s, e),
                candidates=[c.place_id for c in m.candidates[:5]] if not m.place_id else [],
            )
            self.mentions.append(mention)
            self.mention_at[sp.i] = mention
            self.mention_span[sp.i] = sp

    def _homonym_here(self, m, regions: Counter, counts: Counter):
        """The namesake of ``m`` that lies where the article's other places lie, or None.

        Thousands of Syrian villages share a name. When a name is ambiguous, or resolved to a
        village in a governorate no other name of the article lies in while an equally good
        spelling (exact or transliteration variant) names a place in a governorate the article
        does name, that place is meant: "Kafr Zeit" in a report about northern Hama is Kafr
        Zita, not Kufayr az Zayt near Damascus. Governorates are counted over the article's
        other places (one vote per place); the candidate's governorate must have strictly more
        votes than the current answer's, and at least two to overturn an answer (one to settle
        a tie), and ties between candidates of one governorate go to
        the one nearest the article's places there. Cities and towns resolved by name are left
        alone: a report names far cities freely.
        """
        ing, g = self.ing, self.ing.gazetteer
        ambiguous = m.place is None and m.reason.startswith("ambiguous")
        if not ambiguous and (m.place is None or ing.kind(m.place_id) in MAJOR_KINDS):
            return None
        own = ing.governorate(m.place_id) if m.place_id else ""

        others = Counter(regions)
        if own and m.place_id in counts:
            others[own] -= 1  # the name's own answer does not vote for itself

        def votes(pid: str) -> int:
            return others.get(ing.governorate(pid), 0)

        floor = m.score if not ambiguous else 0.0
        # Equally good spellings only: exact or transliteration variants, or, for a name
        # found by its consonants alone, other names with the same consonants.
        tier = min((c.tier for c in m.candidates if c.place_id == m.place_id), default=0.93)
        pool = [
            c for c in m.candidates if c.place_id != m.place_id and c.tier >= min(0.93, tier) and c.score >= 0.9 * floor
        ]
        if not pool:
            return None
        current = votes(m.place_id) if m.place_id else 0
        best = max(votes(c.place_id) for c in pool)
        weak = not ambiguous and tier < 0.93
        if weak and best == current and best >= 1:
            # A name found by its consonants only: among namesakes of the same governorate,
            # the nearest to the article's places (a village named beside Idlib towns is the Idlib namesake).
            mine = next(c for c in m.candidates if c.place_id == m.place_id)
            pool = [mine, *pool]
        elif best <= current or best < (1 if ambiguous else 2):
            return None  # overturning an answer takes two other places, settling a tie one
        top = [c for c in pool if votes(c.place_id) == best]
        gov = ing.governorate(top[0].place_id)
        if len({ing.governorate(c.place_id) for c in top}) > 1:
            return None
        if len(top) > 1:
            here = [g.index[p] for p in counts if p in g.index and p not in {c.place_id for c in top}]
            here = [i for i in here if ing.governorate(g.ids[i]) == gov and g.kind_rank[i] >= 0]
            if not here:
                return None
            lat, lon = g.lat[here].mean(), g.lon[here].mean()
            # A settlement before a unit of the same name (the admin-seat rule), then the nearest.
            top.sort(
                key=lambda c: (
                    c.kind in REGION_KINDS,
                    (g.lat[g.index[c.place_id]] - lat) ** 2 + (g.lon[g.index[c.place_id]] - lon) ** 2,
                )
            )
        pick = top[0]
        if pick.place_id == m.place_id:
            return None
        why = f"the article's other places lie in {gov} ({best} of them)"
        if own and not ambiguous:
            why += f", none in {own} where {m.place_id} lies"
        return type(m)(
            query=m.query,
            place=g.record(pick.place_id),
            score=pick.score,
            reason=f"{pick.reason}; chosen over its namesakes because {why}",
            candidates=m.candidates,
        )

    def _resolve_qualified(self, s: int, e: int):
        """The gazetteer's answer for a name with the qualifier words around it, or None.

        'Idlib province', 'the countryside of Hama', 'Damascus suburbs', 'Mezzeh military
        airport': the words say which kind of place is meant, so the whole surface goes to
        the gazetteer; when it finds nothing for it, the bare name is resolved as before.
        """
        xs, xe = extend(self.art.text, s, e)
        if (xs, xe) == (s, e):
            return None
        m = self.ing.resolve(self.art.text[xs:xe])
        return m if m.place is not None else None

    def find_unresolved(self) -> None:
        """Capitalised names that are no gazetteer place, actor or claimant, yet name a place.

        Two kinds: a name in a place position ('in Hatay', 'town of Xyz') that the gazetteer
        cannot resolve even loosely (worth an alias), and a country or large city of the
        world outside the gazetteer ('Russia', 'Gaza'), reported anywhere it is named.
        """
        self.unresolved: list[Mention] = []
        places = [sp for sp in self.names if sp.kind == "place"]
        starts, ends = {sp.i for sp in places}, {sp.j for sp in places}
        # Two passes: a name listed before another found in the first ('including X, Y, Z')
        # is in a place position once Y is known.
        for _ in range(2):
            before = len(starts)
            self._unresolved_pass(starts, ends)
            if len(starts) == before:
                break
        self.mentions.sort(key=lambda m: m.start)
        self.names.sort(key=lambda sp: sp.i)

    def _unresolved_pass(self, starts: set[int], ends: set[int]) -> None:
        tok = self.art.tok
        n = len(tok.key)
        world_names = self.ing.index.world
        i = 0
        while i < n:
            if i in self.covered or not tok.cap[i] or tok.key[i] in STOPWORDS:
                i += 1
                continue
            j = self._name_run(i)
            listed = self._listed(i, starts, ends) or (j > i and self._listed_after(j, starts))
            feature = self._feature_at(i, j)
            if feature is not None:
                fs, fe, feat = feature
                self.unresolved.append(
                    Mention(
                        start=tok.start[fs],
                        end=tok.end[fe - 1],
                        text=self.art.text[tok.start[fs] : tok.end[fe - 1]],
                        place_id=feat.place_id,
                        score=1.0,
                        reason=feat.describe(),
                        kind=feat.kind,
                        context=self.art.context(tok.start[fs], tok.end[fe - 1]),
                    )
                )
                self.covered.update(range(fs, fe))
                i = max(fe, i + 1)
                continue
            # 'Tilmannas village', 'Xyz town': a place noun right after the name says it is a place.
            headed = j < n and tok.key[j] in _HEAD_NOUNS and self.art.gap(j - 1) == " "
            if (
                not self._locative(i)
                and not listed
                and not headed
                and world_names.get(tok.raw[i].casefold(), "a nationality") == "a nationality"
                and not self._foreign_at(i, j)
            ):
                if not (i + 1 < n and world_names.get(f"{tok.raw[i]} {tok.raw[i + 1]}".casefold())):
                    i += 1
                    continue
            if j == i:
                i += 1
                continue
            s, e = tok.start[i], tok.end[j - 1]
            surface = self.art.text[s:e]
            world = self.ing.index.world.get(surface.casefold(), "")
            adjective = (
                j < n and self.art.gap(j - 1) == " " and not tok.cap[j] and tok.key[j] not in STOPWORDS and not headed
            )
            if world == "a nationality" or (adjective and not world):
                self.covered.update(range(i, j))
                i = j
                continue
            if tok.key[j - 1] in _ROAD_NOUNS or tok.key[j - 1] in _UNIT_NOUNS:
                self.covered.update(range(i, j))  # 'the Latakia-Aleppo Highway': a road, not a place
                i = j
                continue
            key = tok.key[i]
            raw = tok.raw[i]
            if j == i + 1 and (
                key in _CALENDAR
                or len(key) < 3
                or (raw.isupper() and len(raw) <= 4 and key not in self.ing.index.major)
                or self._publisher(i, j)
                or (key in self._given and not self._place_context(i, j))
            ):
                # 'On Nov. 27', a word cut off at the end of a text ('Aleppo and Id'), 'the
                # agency Sana', 'REUTERS/Omar': not a name that locates anything.
                self.covered.add(i)
                i = j
                continue
            m = self.ing.resolve(surface)
            # In a place position ('in X', 'the town of X', a list of places) a looser match
            # (a typo, a rare spelling) is still the place, down to the gazetteer's own fuzzy
            # threshold (ratio 85 x 0.9 = 0.765); elsewhere only a close one.
            placed = listed or headed or self._locative(i)
            foreign = self._foreign_at(i, j) or (world_lookup(surface) if world else None)
            good = (
                m.place is not None
                and m.score >= (0.76 if placed else 0.9)
                and not ((world or foreign) and self.ing.kind(m.place_id) not in MAJOR_KINDS)
            )
            if not good and foreign is not None:
                # A country or city outside Syria: a mention with its own kind and point, never a
                # place a claim is about (it is not in the gazetteer, so no statement reaches it).
                self.unresolved.append(
                    Mention(
                        start=s,
                        end=e,
                        text=surface,
                        place_id=foreign.place_id,
                        score=1.0,
                        reason=foreign.describe(),
                        kind=foreign.kind,
                        context=self.art.context(s, e),
                    )
                )
                starts.add(i)
                ends.add(j)
                self.covered.update(range(i, j))
                i = j
                continue
            if good or (m.place is None and m.reason.startswith("ambiguous") and placed):
                # The namesake where the article's other places lie, as for names found by the scan.
                counts = Counter(x.place_id for x in self.mentions if x.place_id)
                regions = Counter(self.ing.governorate(p) for p in counts if self.ing.kind(p) != "country")
                better = self._homonym_here(m, regions, counts)
                if better is not None:
                    m, good = better, not (world or foreign)
            mention = Mention(
                start=s,
                end=e,
                text=surface,
                place_id=m.place_id or "" if good else "",
                score=round(float(m.score), 3),
                reason=m.reason if good else (world or m.reason or "no match")[:300],
                kind=self.ing.kind(m.place_id) if good and m.place_id else "",
                context=self.art.context(s, e),
                candidates=[c.place_id for c in m.candidates[:5]],
            )
            if good or world:
                starts.add(i)
                ends.add(j)
            if good:
                self.mentions.append(mention)
                sp = Span(i, j, "place", (normalize(surface), "fuzzy", i))
                self.mention_at[i] = mention
                self.mention_span[i] = sp
                self.names.append(sp)
            else:
                self.unresolved.append(mention)
            self.covered.update(range(i, j))
            i = j

    def _feature_at(self, i: int, j: int):
        """A river named by the capitalised run [i, j) with its head words, as (start token,
        end token, feature), or None (``aleppo_map.features``).

        'the Euphrates', 'Euphrates river', 'the River Orontes', 'the Euphrates Valley',
        'the Yarmouk Basin': a head word before or after (any case) joins the span; a name
        that is also something else counts only with one.
        """
        tok, n = self.art.tok, len(self.art.tok.key)
        table = self._features
        if not table:
            return None
        start, end = i, j
        while start < end and tok.key[start] in HEAD_WORDS:
            start += 1
        while end > start and tok.key[end - 1] in HEAD_WORDS:
            end -= 1
        if start == end:
            return None
        hit = table.get(normalize(self.art.text[tok.start[start] : tok.end[end - 1]]))
        if hit is None:
            return None
        feat, bare = hit
        fs, fe = start, end
        if fs > 0 and tok.key[fs - 1] in HEAD_WORDS and self.art.gap(fs - 1) == " ":
            fs -= 1
        fs = min(fs, i)
        if fe < n and tok.key[fe] in HEAD_WORDS and self.art.gap(fe - 1) == " ":
            fe += 1
        fe = max(fe, j)
        headed = fs < start or fe > end
        return (fs, fe, feat) if bare or headed else None

    def _foreign_at(self, i: int, j: int):
        """The country or capital outside Syria that tokens [i, j) spell, or a city of 15,000
        people or more in capitals opening a sentence or after a slash (a dateline: 'TEHRAN,
        Jan. 9 (IRNA) -', 'BAGHDAD/ANKARA (Reuters) -'); None otherwise (``aleppo_map.world``)."""
        if j <= i:
            return None
        tok = self.art.tok
        found = world_lookup(self.art.text[tok.start[i] : tok.end[j - 1]])
        if found is None:
            return None
        if found.kind != CITY:
            return found
        shouted = all(tok.raw[k].isupper() for k in range(i, j))
        opening = i in self.sent_first or (i > 0 and self.art.gap(i - 1).strip() == "/")
        return found if shouted and opening else None

    def _name_run(self, i: int) -> int:
        """The end of the run of capitalised words (with 'al-', 'of' inside) starting at token i."""
        tok = self.art.tok
        n = len(tok.key)
        j = i
        while (
            j < n
            and j not in self.covered
            and (tok.cap[j] or (tok.key[j] in ARTICLES | {"of"} and j + 1 < n and tok.cap[j + 1]))
        ):
            if j > i and self.art.gap(j - 1) not in (" ", "-"):
                break
            if tok.key[j] in WEEKDAYS or tok.key[j] in MONTHS:
                break
            j += 1
            if tok.poss[j - 1]:
                break
        return j

    def allegiance(self, m: Mention) -> bool:
        """True for a name in 'pro-Damascus', 'anti-Ankara': a mention, but an allegiance, never
        the place a statement is about nor what 'the town' stands for."""
        return self.art.text[max(0, m.start - 5) : m.start].lower().endswith(("pro-", "anti-"))

    def _listed(self, i: int, starts: set[int], ends: set[int]) -> bool:
        """True when the name at token i follows a place in a list: 'X, Y' or 'X and Y'."""
        tok = self.art.tok
        if i >= 2 and tok.key[i - 1] in ("and", "or") and self.art.gap(i - 2).strip() in ("", ","):
            return (i - 1) in ends
        return i >= 1 and self.art.gap(i - 1).strip() == "," and i in ends

    def _listed_after(self, j: int, starts: set[int]) -> bool:
        """True when a place follows the name ending at token j in a list: 'Y, X' or 'Y and X'."""
        tok, n = self.art.tok, len(self.art.tok.key)
        if j >= n:
            return False
        if self.art.gap(j - 1).strip() == ",":
            return j in starts or (tok.key[j] in ("and", "or") and j + 1 in starts)
        return tok.key[j] in ("and", "or") and self.art.gap(j - 1).strip() == "" and j + 1 in starts

    def _index(self) -> None:
        """Start positions of names and mentions, for lookups by range (built once, after the scan)."""
        if len(self._name_starts) != len(self.names) or len(self._mention_starts) != len(self.mentions):
            self._name_starts = [sp.i for sp in self.names]
            self._mention_starts = [m.start for m in self.mentions]
            self._name_ending = {}
            for sp in self.names:
                self._name_ending.setdefault(sp.j, []).append(sp)

    def names_in(self, a: int, b: int) -> list[Span]:
        """Names (places, actors, claimants) starting over tokens [a, b)."""
        self._index()
        lo = bisect.bisect_left(self._name_starts, a)
        hi = bisect.bisect_left(self._name_starts, b)
        return self.names[lo:hi]

    def names_ending_at(self, j: int) -> list[Span]:
        """Names whose last token is j - 1."""
        self._index()
        return self._name_ending.get(j, [])

    def mentions_between(self, s: int, e: int) -> list[Mention]:
        """Place mentions starting at characters [s, e)."""
        self._index()
        lo = bisect.bisect_left(self._mention_starts, s)
        hi = bisect.bisect_left(self._mention_starts, e)
        return self.mentions[lo:hi]

    def cues_in(self, a: int, b: int) -> list[Span]:
        """Cues starting over tokens [a, b)."""
        lo = bisect.bisect_left(self.cue_starts, a)
        hi = bisect.bisect_left(self.cue_starts, b)
        return self.cues[lo:hi]

    def cues_of(self, kind: str, a: int, b: int):
        """Cues of ``kind`` over tokens [a, b), as (span, cue)."""
        lo = bisect.bisect_left(self.cue_starts, a)
        hi = bisect.bisect_left(self.cue_starts, b)
        for sp in self.cues[lo:hi]:
            for c in sp.payload:
                if c.kind == kind:
                    yield sp, c

    def has_kind(self, j: int, kind: str) -> bool:
        sp = self.cue_at.get(j)
        return sp is not None and any(c.kind == kind for c in sp.payload)

    def _anaphor(self, j: int, kinds: tuple[str, ...]) -> str | None:
        """The place 'the city' at token j stands for.

        Only 'the city', 'Syria's second-largest city' and the like: not 'the old city' (a
        district), 'the city centre' (a compound), 'the city of X' or 'city Hama' (a name
        follows). The city is the last one named before it in the sentence, else the only
        one of the kind named in the sentence before (same paragraph), else the article's
        main city.
        """
        tok = self.art.tok
        n = len(tok.key)
        if tok.poss[j] or j == 0:
            return None
        prev = tok.key[j - 1]
        if prev not in {"the", "largest", "biggest", "second", "main", "key", "a"} and not (
            self.art.gap(j - 1) == "-" and prev == "largest"
        ):
            return None
        nxt = j + 1
        if nxt < n and self.art.gap(j).strip() == "":
            if tok.cap[nxt] or tok.key[nxt] == "of":
                return None
            if tok.key[nxt] not in STOPWORDS and tok.key[nxt] not in {"entering", "whose", "itself", "once"}:
                return None
        si = self.art.sentence_of(tok.start[j])
        s, _ = self.art.sent[si]
        here = [m for m in self.mentions_between(s, tok.start[j]) if m.kind in kinds and not self.allegiance(m)]
        if here:
            return here[-1].place_id
        if si > 0 and self.art.para[si - 1] == self.art.para[si]:
            # Right after a sentence that names exactly one place of the kind, that place.
            ps, pe = self.art.sent[si - 1]
            before = {m.place_id for m in self.mentions_between(ps, pe) if m.kind in kinds and not self.allegiance(m)}
            if len(before) == 1:
                return before.pop()
        if self.focus and self.ing.kind(self.focus) in kinds:
            return self.focus
        return None

    def anaphor_at(self, j: int) -> tuple[str, str, int] | None:
        sp = self.cue_at.get(j)
        if sp is None:
            return None
        for c in sp.payload:
            if c.kind == "anaphor":
                pid = self._anaphor(j, tuple(c.value.split(";")))
                if pid:
                    return (pid, self.art.text[self.art.tok.start[j - 1] : self.art.tok.end[j]], j)
        return None

    def place_here(self, j: int) -> tuple[str, str, int, int] | None:
        """A place at token j (a resolved mention or 'the city'): (place_id, text, token, end token)."""
        m = self.mention_at.get(j)
        if m is not None:
            if self.allegiance(m):
                return None
            if not m.place_id:
                return None
            return m.place_id, m.text, j, self.mention_span[j].j
        ana = self.anaphor_at(j)
        if ana:
            return ana[0], ana[1], j, j + 1
        return None


def _as_written(raw: list[str], i: int, j: int, want: str) -> bool:
    """Whether tokens ``raw[i:j]`` spell the acronyms of lexicon phrase ``want`` as written.

    Only the all-capital words of ``want`` must match exactly ('IS' in 'IS fighters'); a
    short acronym inside shouted text ('THE CITY IS TAKEN') is no acronym at all, so a
    word of three letters or fewer counts only when a neighbouring word is not in capitals.
    """
    words = TOKEN.findall(want)
    if len(words) != j - i:
        return False
    for k, (got, w) in enumerate(zip(raw[i:j], words, strict=True)):
        if not (w.isupper() and len(w) <= 6):
            continue
        if got != w:
            return False
        if len(w) <= 3:
            near = [raw[n] for n in (i + k - 1, i + k + 1) if 0 <= n < len(raw) and any(ch.isalpha() for ch in raw[n])]
            if near and all(n.isupper() and len(n) > 1 for n in near):
                return False
    return True
