"""Stage 5, statements: control claims (who did what to which place), with side, action,
date, claimant and denials."""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from ..names import has_arabic
from .attribution import Attribution
from .dates import Dates
from .lexicon import ARTICLES, COMPASS, MONTHS, PASSIVE, PLACE_NOUNS, PRONOUNS, STOPWORDS, WEEKDAYS, walk
from .mentions import Mentions
from .records import Candidate, Cue, Span, Target
from .text import Article, truncate

if TYPE_CHECKING:
    from .pipeline import Ingestor

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


# Nouns for members of a group: 'units of the FSA', 'thousands of rebels' (the group acts).
MEMBERS = frozenset("thousands hundreds dozens units members fighters troops forces elements".split())


# Words for fighters: a backer's word before one ('Turkish-backed factions') names a party.
_FIGHTERS = frozenset(
    "factions faction forces fighters rebels rebel troops militias militia militants groups units brigades "
    "soldiers gunmen alliance opposition".split()
)


# Verbs before 'to' + a control verb that report it done: 'was able to capture', 'managed
# to regain', 'went on to seize', 'forced the army to retreat', 'allowed rebels to conquer'.
_DONE_TO = frozenset(
    "able managed forced force forcing compelled obliged began begun started continued continues continue on "
    "allowed enabled helped".split()
)


# Units a partial claim says nothing about (the region rule of docs/ingest.md).
_REGION_KINDS = frozenset(("governorate", "district", "subdistrict"))


# Words for a government: a place right before one names the party ('the Damascus government').
_GOVERNMENT_WORDS = frozenset(
    "government governments regime authorities administration officials leadership cabinet ministry".split()
)


# What a denial's object may be called when it points back at a statement: 'denied the report'.
_DENIED_NOUNS = frozenset(
    "report reports claim claims account accounts statement statements allegation allegations news rumours rumors".split()
)


# Words that end the noun phrase an adjective such as 'rebel-held' opens: what follows is
# somewhere else ('areas outside the city', 'positions near X') or another clause.
_NOT_IN_PHRASE = frozenset(
    "outside beyond near around in into from to towards toward along across by with and or "
    "between after before while which that who where east west north south".split()
)


class Statements:
    """Control claims of one article, and denials of them."""

    def __init__(self, ing: Ingestor, art: Article, men: Mentions, when: Dates, att: Attribution):
        self.ing = ing
        self.art = art
        self.men = men
        self.when = when
        self.att = att
        self._subjects: list[Span] | None = None
        self._subject_starts: list[int] = []

    def _actors(self, a: int, b: int) -> list[Span]:
        """Actor names with a side over tokens [a, b), skipping objects of prepositions and asides."""
        if self._subjects is None:
            self._subjects = self._backed(
                [
                    sp
                    for sp in self.men.names
                    if sp.kind == "entity"
                    and sp.payload.actor
                    and sp.payload.side
                    and not self._object_of_preposition(sp.i)
                    and not self._in_aside(sp.i)
                ]
            )
            self._subject_starts = [sp.i for sp in self._subjects]
        lo = bisect.bisect_left(self._subject_starts, a)
        hi = bisect.bisect_left(self._subject_starts, b)
        return self._subjects[lo:hi]

    def _backed(self, actors: list[Span]) -> list[Span]:
        """'Turkish-backed rebels', 'US-backed Kurdish fighters': a backer's word (an
        ``actors.csv`` phrase ending in 'backed') right before an actor, with at most one
        word and no punctuation between, makes one actor of the two with the backer's side
        (the backer's row carries the period: 'Turkish-backed' is the sna side from
        Euphrates Shield on). 'rebels backed by Turkey' needs nothing: the backer's phrase
        is the last actor before the verb."""
        out: list[Span] = []
        for sp in actors:
            prev = out[-1] if out else None
            if prev is not None and self._backer(prev) and self._modifies(prev, sp.i):
                words = self.art.text[self.art.tok.start[prev.i] : self.art.tok.end[sp.j - 1]]
                out[-1] = Span(prev.i, sp.j, "entity", replace(sp.payload, phrase=words, side=prev.payload.side))
                continue
            out.append(sp)
        # A backer's word on its own is a party only before a word for fighters ('US-backed
        # forces'), not before 'coalition', 'offensive' or 'government': 'the US-backed
        # coalition' bombs from the air, 'a Turkish-backed coalition of rebel factions' is
        # named by its members.
        keys = self.art.tok.key
        return [
            sp
            for sp in out
            if not self._backer(sp)
            or any(keys[k] in _FIGHTERS and self._modifies(sp, k) for k in range(sp.j, min(len(keys), sp.j + 2)))
        ]

    @staticmethod
    def _backer(sp: Span) -> bool:
        return sp.payload.phrase.casefold().endswith("backed") and sp.j - sp.i <= 3

    def _modifies(self, backer: Span, k: int) -> bool:
        """True when the word at token k is at most one word after ``backer``, nothing but spaces between."""
        return 0 <= k - backer.j <= 1 and not any(self.art.gap(m).strip() for m in range(backer.j - 1, k))

    def _head(self, actor: Span) -> Span:
        """The party that leads a subject of several: the first one named.

        'HTS and other Turkish-backed factions': 'other' makes the first named one of the
        second's kind. 'HTS and Turkish-backed factions seized X', 'the army and allied
        militias entered Y': reports name the leading party of a joint operation first
        (the ground goes to the coalition its leader heads), so in 'X and Y' the actor right
        before 'and' is the subject, and so on back; not across a comma ('fought the army,
        and rebels ...' starts a new clause). Otherwise the actor itself.
        """
        keys = self.art.tok.key
        head = actor
        while True:
            k = head.i
            if k >= 2 and keys[k - 1] == "other" and keys[k - 2] in ("and", "or"):
                k -= 1
            if k < 2 or keys[k - 1] not in ("and", "or") or self.art.gap(k - 2).strip(" )"):
                return head
            first = self._last_actor_before(k - 1)
            if first is None or first.j != k - 1:
                return head
            head = first

    def _elsewhere(self, sp: Span, rng: range) -> bool:
        """'... is fighting in the north': the statement names a region of its own, not the main place."""
        keys = self.art.tok.key
        for j in range(sp.j, min(rng.stop, sp.j + 4)):
            if (
                keys[j] in COMPASS
                or keys[j].rstrip("ern") in COMPASS
                or keys[j] in ("front", "frontline", "frontlines")
            ):
                return True
        return False

    def _last_actor_before(self, j: int) -> Span | None:
        """The last actor (as :meth:`_actors` counts them) before token j."""
        self._actors(0, 0)
        k = bisect.bisect_left(self._subject_starts, j)
        return self._subjects[k - 1] if k > 0 else None

    def _in_aside(self, j: int) -> bool:
        """True inside a relative clause or apposition set off by commas: ', who oppose the regime,'."""
        seg = self.art.segment_of(self.art.tok.start[j])
        first = self.art.tokens_in(*seg)
        if not len(first):
            return False
        lead = self.art.tok.key[first.start]
        return (
            lead in {"who", "which", "whose", "primarily", "mostly", "mainly", "including", "once"}
            and seg[0] > self.art.sent[self.art.sentence_of(self.art.tok.start[j])][0]
        )

    def _object_of_preposition(self, j: int) -> bool:
        """True when the actor at token j is the object of 'from', 'against', 'on', 'targeting'..."""
        k = j - 1
        while k >= 0 and self.art.tok.key[k] in {"the", "a", "an", "all", "its", "their", "thousands", "of"} | ARTICLES:
            if self.art.tok.key[k] == "of" and k > 0 and self.art.tok.key[k - 1] in MEMBERS:
                k -= 2  # 'thousands of', 'units of', 'fighters of' the actor: the actor acts
                continue
            if self.art.tok.key[k] == "of":
                break
            k -= 1
        return k >= 0 and self.art.tok.key[k] in {
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

    def _weak(self, sp: Span) -> bool:
        """An actor word used as a modifier of another noun: 'regime flags', 'Assad's control'."""
        if self.art.tok.poss[sp.j - 1]:
            return True
        if sp.j - sp.i > 1 or sp.j >= len(self.art.tok.key):
            return False
        nxt = self.art.tok.key[sp.j]
        return (
            self.art.gap(sp.j - 1) == " "
            and not self.art.tok.cap[sp.j]
            and nxt not in STOPWORDS
            and not nxt.endswith(("ing", "ed"))
            and not self.men.has_kind(sp.j, "control")
            and not self.men.has_kind(sp.j, "speech")
        )

    def _subject(self, a: int, cue_i: int) -> tuple[str, str, bool] | None:
        """Side of the subject before a cue: the nearest actor, or what a pronoun stands for.

        Actor words used as modifiers ('regime flags') count only when nothing else does.
        Returns (side, words, inferred).
        """
        actors = self._actors(a, cue_i)
        strong = [x for x in actors if not self._weak(x)]
        actors = strong or actors
        pron = [j for j in range(a, cue_i) if self.art.tok.key[j] in PRONOUNS and j not in self.men.covered]
        last_actor = actors[-1] if actors else None
        last_pron = pron[-1] if pron else -1
        if last_actor is not None and last_actor.i > last_pron:
            # 'HTS and other Turkish-backed factions': 'other' makes the first named one of
            # the second's kind; the subject is the first.
            last_actor = self._head(last_actor)
            return last_actor.payload.side, self.art.span_text(last_actor), False
        if last_pron >= 0:
            prior = self._last_actor_before(last_pron)
            party = self._reporting_party(prior, last_pron)
            if party:
                return party
            if prior is not None:
                prior = self._head(prior)
                return prior.payload.side, f"{self.art.tok.raw[last_pron]} = {self.art.span_text(prior)}", True
        return None

    def _reporting_party(self, prior: Span | None, pron: int) -> tuple[str, str, bool] | None:
        """'claims by the Turkish defence ministry that it had taken X': 'it' (singular, in
        the same sentence) stands for the claimant named after the last actor when that
        claimant is a party to the war (``sources.csv`` role party, with a side): the
        reporter speaks of itself. A claimant that is no party (a monitor, a wire) leaves
        the pronoun to the actor before it ('Rebels advanced; the Observatory said they...')."""
        keys = self.art.tok.key
        if keys[pron] not in ("it", "its"):
            return None
        sent = self.art.sentence_tokens(self.art.sentence_of(self.art.tok.start[pron]))
        lo = max(sent.start, prior.j if prior is not None else sent.start)
        for sp in reversed(self.men.names_in(lo, pron)):
            if sp.kind != "entity" or not sp.payload.source or sp.payload.actor:
                continue
            side = self.ing.source_side.get(sp.payload.source)
            if side in self.ing.sides:
                return side, f"{self.art.tok.raw[pron]} = {self.art.span_text(sp)}", True
            return None
        return None

    def _dominant_side(self) -> str | None:
        sides = Counter(
            sp.payload.side for sp in self.men.names if sp.kind == "entity" and sp.payload.actor and sp.payload.side
        )
        return sides.most_common(1)[0][0] if sides else None

    def _targets(self, cue: Span, stop: int) -> list[Target]:
        """Places a control cue acts on, after it: [(place_id, text, token, partial)].

        A partial cue just before a place ('most of', 'areas of') travels with it; a place
        behind a locator ('south of') or a possessive followed by another place ('Syria's
        ... city Hama') is passed over; places listed with 'and', 'as well as' or commas,
        each with its own partial cue, are all taken ('New Aleppo and Al-Hamdaniya').
        """
        tok = self.art.tok
        out: list[Target] = []
        j, limit = cue.j, min(stop, cue.j + 16)
        partial, since_partial, skip = "", 99, False
        while j < limit:
            sp = self.men.cue_at.get(j)
            kinds = {c.kind for c in sp.payload} if sp else set()
            place = None if sp and "anaphor" not in kinds else self.men.place_here(j)
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
                if skip or self._metonym(end):
                    skip = False
                    j = end
                    continue
                if tok.poss[end - 1] and self._place_follows(end, limit):
                    j = end
                    continue
                out.append(Target(pid, text, at, partial if since_partial <= 6 else ""))
                nxt = self._list_next(end, stop, within=pid)
                if nxt is None:
                    break
                j, partial, since_partial = nxt[0], nxt[1], 0 if nxt[1] else 99
                limit = min(stop, j + 1)
                continue
            if tok.key[j] in {"which", "who", "while", "after", "before", "but", "when"}:
                break
            if not out and (tok.start[j] in self._unplaced() or self._unknown_object(cue, j)):
                # 'regains control over Kafr Xyz in Hama governorate': the object is a place
                # the gazetteer lacks; what follows only locates it, so no claim is made.
                break
            since_partial += 1
            j += 1
        return out

    def _compass_before(self, ptok: int) -> bool:
        """True when a compass adjective ('southern', 'the eastern countryside of') qualifies
        the place at token ``ptok``: a sub-region, not the unit itself."""
        keys = self.art.tok.key
        for k in range(ptok - 1, max(-1, ptok - 4), -1):
            if keys[k] in COMPASS or keys[k].removesuffix("ern") in COMPASS:
                return True
            if keys[k] not in ("the", "of", "countryside", "part", "parts"):
                return False
        return False

    def _unknown_object(self, cue: Span, j: int) -> bool:
        """True when token j opens a capitalised name that is nothing the scan knows (no
        place, actor, claimant or cue), as the first word after the cue ('regains control
        over Kafr Xyz'): an object the gazetteer lacks. Not a hyphenated adjective ('the
        Kurdish-held city of X'), a function word or a date word."""
        tok = self.art.tok
        k = cue.j
        while k < j and tok.key[k] in ("the", "a", "an"):
            k += 1
        return (
            k == j
            and tok.cap[j]
            and j not in self.men.covered
            and tok.key[j] not in STOPWORDS
            and tok.key[j] not in WEEKDAYS
            and tok.key[j] not in MONTHS
            and self.art.gap(j).strip() not in ("-", "‐", "‑")
        )

    def _unplaced(self) -> frozenset[int]:
        """Where names the gazetteer could not place start (characters), memoised."""
        hit = self.__dict__.get("_unplaced_memo")
        if hit is None:
            hit = self._unplaced_memo = frozenset(m.start for m in self.men.unresolved)
        return hit

    def _list_next(self, end: int, stop: int, skips: int = 3, within: str = "") -> tuple[int, str] | None:
        """Where the next member of a list of places starts after token ``end``, with its partial cue.

        Only 'and', 'or', 'as well as' or a comma, then at most a partial or kind cue and
        'the'/'neighbouring', may stand between two members; anything else ends the list.
        A place that contains the member before it (``within``) only locates it ('Kafr
        Nabl, in Idlib province'): it ends the list, and the statement says nothing of it.
        """
        tok = self.art.tok
        if tok.poss[end - 1]:
            return None
        k = end
        # Trailing head words and a short parenthesis belong to the member: 'Idlib province (northwest)'.
        while k < stop:
            sp = self.men.cue_at.get(k)
            if sp and any(c.kind == "kind" for c in sp.payload):
                k = sp.j
                continue
            # A number after the name belongs to it: 'Rashideen 4 and 5', 'Sector 2'.
            if tok.key[k][:1].isdigit() and self.art.gap(k - 1) == " ":
                k += 1
                while k + 1 < stop and tok.key[k] in ("and", "or") and tok.key[k + 1][:1].isdigit():
                    k += 2
                continue
            if self.art.text[tok.end[k - 1] : tok.start[k]].strip() == "(":
                close = next((m for m in range(k, min(stop, k + 4)) if ")" in self.art.gap(m)), None)
                if close is not None:
                    k = close + 1
                    continue
            break
        if k >= stop:
            return None
        sep = self.art.gap(k - 1).strip()
        if tok.key[k] in ("and", "or"):
            k += 1
        elif sep not in (",", ")"):
            return None
        partial = ""
        while k < stop:
            if tok.key[k] in {"as", "well", "the", "and", "neighbouring", "neighboring", "other", "in", "of"}:
                k += 1
                continue
            sp = self.men.cue_at.get(k)
            if sp and any(c.kind in ("partial", "kind") for c in sp.payload):
                for c in sp.payload:
                    if c.kind == "partial":
                        partial = c.value
                k = sp.j
                continue
            break
        if k >= stop:
            return None
        m = self.men.mention_at.get(k)
        if m is None or not m.place_id:
            # A member the gazetteer cannot place (an unknown or ambiguous name) does not end
            # a list of names: 'including Sukari, Xyz, Hamdaniya'. Step over it.
            if skips and tok.cap[k] and (m is not None or k not in self.men.name_at):
                r = k + 1
                while r < stop and tok.cap[r] and self.art.gap(r - 1) in (" ", "-"):
                    r += 1
                return self._list_next(r, stop, skips - 1)
            return None
        if within and m.place_id in self._ancestors(within):
            return None
        return k, partial

    def _ancestors(self, place_id: str) -> frozenset[str]:
        """The places that contain ``place_id`` (memoised per ingestor: the hierarchy is fixed)."""
        memo = self.ing.__dict__.setdefault("_ancestor_memo", {})
        hit = memo.get(place_id)
        if hit is None:
            try:
                hit = frozenset(self.ing.gazetteer.ancestors(place_id))
            except (KeyError, IndexError):
                hit = frozenset()
            memo[place_id] = hit
        return hit

    def _before(self, cue: Span, start: int) -> list[Target]:
        """The place a statement is about when it stands before the cue ('Aleppo ... fell to', passives)."""
        for j in range(cue.i - 1, max(start, cue.i - 12) - 1, -1):
            place = self.men.place_here(j)
            if place and not (self.art.tok.poss[place[3] - 1]) and not self._metonym(place[3]):
                return [Target(place[0], place[1], place[2], self._partial_before(place[2], start))]
        return []

    def _metonym(self, end: int) -> bool:
        """True when the place ending at token ``end`` names a party, not ground: 'the
        Damascus government', 'Ankara's authorities', 'Damascus said', 'Moscow denies'.

        A capital stands for its government before a word for a government or a speech or
        denial verb; a claim is never about it then.
        """
        keys = self.art.tok.key
        if end >= len(keys) or self.art.gap(end - 1).strip(" ’'s"):
            return False
        if keys[end] in _GOVERNMENT_WORDS:
            return True
        sp = self.men.cue_at.get(end)
        return sp is not None and any(c.kind in ("speech", "denial") for c in sp.payload) and keys[end] != "according"

    def _partial_before(self, at: int, start: int) -> str:
        """The partial cue that ends right before the place at token ``at`` ('90 percent of
        the city ... had been retaken', 'most of X fell'), with only 'the' between; else ''."""
        keys = self.art.tok.key
        end = at
        while end > start and keys[end - 1] == "the":
            end -= 1
        for k in range(end - 1, max(start, end - 5) - 1, -1):
            sp = self.men.cue_at.get(k)
            if sp is not None and sp.j == end:
                return next((c.value for c in sp.payload if c.kind == "partial"), "")
        return ""

    def _apposed(self, cue: Span, start: int) -> list[Target]:
        """'Manbij, held by the SDF,': a passive cue opening a clause after a comma is said of
        the place that ends right at the comma (and only that one)."""
        if cue.i == 0 or self.art.gap(cue.i - 1).strip() != ",":
            return []
        for j in range(cue.i - 1, max(start, cue.i - 6) - 1, -1):
            place = self.men.place_here(j)
            if place and place[3] == cue.i and not self.art.tok.poss[place[3] - 1]:
                return [Target(place[0], place[1], place[2])]
        return []

    def _place_follows(self, j: int, limit: int) -> bool:
        for k in range(j, min(limit, j + 5)):
            if k in self.men.mention_at and self.men.mention_at[k].place_id:
                return True
            if self.men.anaphor_at(k):
                return True
        return False

    def modality(self, cue: Span, seg_start_tok: int) -> str:
        """'negated' or 'irrealis' when the words before the cue say it did not or may happen.

        A negation counts within four words; a prospect ('would', 'vowed', 'called for ...
        to') anywhere earlier in the clause, up to eight words.
        """
        for j in range(max(seg_start_tok, cue.i - 8), cue.i):
            sp = self.men.cue_at.get(j)
            if sp is None:
                continue
            kinds = {c.kind for c in sp.payload}
            if "negation" in kinds and cue.i - j <= 4:
                return "negated"
            if "irrealis" in kinds:
                return "irrealis"
        return ""

    def _aim(self, sp: Span) -> bool:
        """'an effort ... to take control of X', 'fighting since June to take the city', 'an
        operation to take back X': a control verb after an infinitive 'to' is what someone
        aims at, not what happened. Unless a verb before says it happened: 'was able to
        capture', 'managed to regain', 'went on to seize', or a causative with its object
        between ('forced the army to withdraw', 'allowed jihadists and rebels to conquer'),
        up to six words back without punctuation."""
        keys = self.art.tok.key
        k = sp.i
        if k < 1 or keys[k - 1] != "to" or keys[k].endswith(("ed", "ing")) or self.art.gap(k - 1).strip():
            return False
        if keys[k] in ("have", "has", "had", "be", "been"):
            return False  # 'claim to have taken X': a perfect infinitive reports it done
        for m in range(k - 2, max(-1, k - 8), -1):
            if keys[m] in _DONE_TO:
                return False
            if self.art.gap(m).strip():
                break
        return True

    def _is_noun_or_adjective(self, sp: Span) -> bool:
        """'a captured tank', 'their apparent control': the cue word is not a verb here."""
        if sp.i == 0:
            return False
        prev = self.art.tok.key[sp.i - 1]
        word = self.art.tok.key[sp.i]
        if sp.j - sp.i == 1 and prev in {"a", "an", "the"} and word.endswith("ed"):
            return True
        if word in ("occupation", "hands"):
            return True  # a statement only as 'under X occupation', 'in X hands' (see _under_control)
        if word in ("control", "controls") and sp.j - sp.i == 1:
            return (
                prev
                in {"the", "their", "its", "his", "her", "apparent", "full", "total", "under", "regime", "government"}
                or self.art.tok.poss[sp.i - 1]
            )
        return False

    def _under_control(self, sp: Span) -> str:
        """'under regime control', 'in rebel hands': the side of the actor between the two words."""
        word = self.art.tok.key[sp.i]
        if word not in ("control", "occupation", "hands") or sp.i < 2:
            return ""
        lead = "in" if word == "hands" else "under"
        actor = self.men.name_at.get(sp.i - 1)
        for a in self.men.names_ending_at(sp.i):
            if a.kind == "entity" and a.payload.side:
                actor = a
        if actor is None or actor.kind != "entity" or not actor.payload.side:
            return ""
        return actor.payload.side if actor.i > 0 and self.art.tok.key[actor.i - 1] == lead else ""

    def claims(self) -> list[Candidate]:
        out: list[Candidate] = []
        dominant = self._dominant_side()
        by_sentence: dict[int, list[Candidate]] = {}
        presence = Cue("in", "control", "entered", "subject")
        spans = [(sp, cue) for sp in self.men.cues for cue in sp.payload if cue.kind == "control"]
        spans += [(sp, presence) for sp in self._presences()]
        spans += self._held_adjectives()
        self.cue_char: dict[int, int] = {}  # where each claim's cue stands, to tell what a denial points at
        for sp, cue in sorted(spans, key=lambda x: x[0].i):
            for cand in self._claims_of(sp, cue, dominant):
                self.cue_char[id(cand)] = self.art.tok.start[sp.i]
                out.append(cand)
                by_sentence.setdefault(self.art.sentence_of(cand.start), []).append(cand)
        out = self._latest_background(self._dedupe_claims(out))
        kept = {id(c) for c in out}
        # A denial may point back at a statement that repeats an earlier one (dropped as a
        # duplicate above): it still denies what that sentence said.
        self.said_in = by_sentence
        by_sentence = {k: [c for c in v if id(c) in kept] for k, v in by_sentence.items()}
        denials = self._denials(by_sentence)
        denials += self._still_held(out, by_sentence)
        out = [c for c in out if id(c) not in self.inside_denial] + denials
        return out

    def _held_adjectives(self) -> list[tuple[Span, Cue]]:
        """'the Kurdish-held district of X', 'rebel-held X': the side word before '-held' holds X.

        The word is read through the actors lexicon: an actor name ending right before the
        hyphen ('rebel', 'IS', 'regime'), else the word as the lexicon knows it with 'forces'
        ('Kurdish' -> 'Kurdish forces'). The cue carries the side (``detail``), so the claim
        needs no subject; the place is the one right after, as after any control verb.
        """
        tok = self.art.tok
        out = []
        for j in range(1, len(tok.key)):
            if tok.key[j] != "held" or self.art.gap(j - 1) not in ("-", "‐", "‑"):
                continue
            side = self._side_word(j)
            if side:
                out.append((Span(j, j + 1, "cue", []), Cue("-held", "control", "holds", side)))
        out += self._pro_places()
        return out

    def _pro_places(self) -> list[tuple[Span, Cue]]:
        """'the pro-government villages of X and Y', 'a pro-Kurdish town': a place noun with
        a 'pro-<party>' adjective names places that side with the party, held by its side
        (the side read as for '-held'). Only before a place noun ('pro-government media',
        'pro-regime forces' are no places)."""
        tok = self.art.tok
        n = len(tok.key)
        out = []
        for j in range(len(tok.key) - 2):
            if tok.key[j] != "pro" or self.art.gap(j) not in ("-", "‐", "‑"):
                continue
            names = [a for a in self.men.names_in(j + 1, j + 2) if a.kind == "entity" and a.payload.actor]
            end = names[0].j if names else j + 2
            side = self._side_word(end)
            if side and end < n and tok.key[end] in PLACE_NOUNS and not self.art.gap(end - 1).strip():
                out.append((Span(j, end + 1, "cue", []), Cue("pro-", "control", "holds", side)))
        return out

    def _possessor(self, sp: Span) -> list[Target]:
        """'Aleppo's last rebel-held pocket', 'the city's Kurdish-held districts': a held
        adjective after a place's possessive holds part of that place (partial control,
        contested at city level). The possessive ends at most two words before the side word."""
        tok = self.art.tok
        first = min((a.i for a in self.men.names_ending_at(sp.i - 1)), default=sp.i - 1)
        for k in range(first - 1, max(-1, first - 3), -1):
            if tok.poss[k]:
                for j in range(k, max(-1, k - 5), -1):
                    place = self.men.place_here(j)
                    if place and place[3] == k + 1:
                        return [Target(place[0], place[1], place[2], "place")]
                return []
        return []

    def _heads(self, j: int, place: int) -> bool:
        """True when the place at token ``place`` is the head of the noun phrase an adjective
        before token j opens: within six words, no comma and no preposition but 'of' between
        ('rebel-held Saraqib', 'the Kurdish-held northern city of X', 'rebel-held parts of X');
        'rebel-held areas outside the city' or '... near X' say nothing of X."""
        if place - j > 6:
            return False
        for k in range(j, place):
            if self.art.gap(k - 1).strip() or self.art.tok.key[k] in _NOT_IN_PHRASE:
                return False
        return True

    def _side_word(self, j: int) -> str:
        """The side named by the word(s) ending at token j ('rebel', 'government', 'Kurdish')."""
        for a in self.men.names_ending_at(j):
            if a.kind == "entity" and a.payload.actor and a.payload.side:
                return a.payload.side
        word = self.art.tok.key[j - 1]
        end, found = walk(self.ing.lexicon.entities, [word, "forces"], 0)
        sides = {e.side for e in found if e.actor and e.side and not e.periods}
        return sides.pop() if end == 2 and len(sides) == 1 else ""

    def _presences(self) -> list[Span]:
        """'a jihadist militant in the citadel': an actor right before 'in' and a place is there."""
        out = []
        n = len(self.art.tok.key)
        for a in self.men.names:
            if a.kind != "entity" or not a.payload.actor or not a.payload.side or a.j >= n:
                continue
            j = a.j
            if self.art.tok.key[j] not in ("in", "inside") or j in self.men.cue_at or self.art.gap(j - 1) != " ":
                continue
            k = j + 1
            while k < n and self.art.tok.key[k] == "the":
                k += 1
            if k < n and self.men.place_here(k):
                out.append(Span(j, j + 1, "cue", []))
        return out

    def _claims_of(self, sp: Span, cue: Cue, dominant: str | None) -> list[Candidate]:
        ing = self.ing
        char = self.art.tok.start[sp.i]
        if cue.value == "approached" and sp.j - sp.i == 1 and self.art.gap(sp.i - 1).strip() == ",":
            return []  # ', near Idlib,': where something is, not who approached it
        under = self._under_control(sp)
        if cue.phrase != "-held" and not under and self._is_noun_or_adjective(sp):
            return []
        si = self.art.sentence_of(char)
        rng = self.art.sentence_tokens(si)
        first_word = self.art.tok.key[sp.i]
        passive = sp.i > 0 and self.art.tok.key[sp.i - 1] in PASSIVE and first_word.endswith(("ed", "en", "wn"))
        seg_start = -1
        if passive or cue.detail == "object" or under:
            seg_tok = self.art.tokens_in(*self.art.segment_of(char))
            seg_start = seg_tok.start if len(seg_tok) else rng.start
            targets = self._before(sp, seg_start) or self._apposed(sp, rng.start) or self._targets(sp, rng.stop)
        else:
            targets = self._targets(sp, rng.stop)
        if cue.phrase == "-held":
            targets = [t for t in targets[:1] if self._heads(sp.j, t.token)] or self._possessor(sp)
        elif cue.phrase == "pro-":
            targets = targets if targets and self._heads(sp.j, targets[0].token) else []
        how_place = "named"
        if not targets and cue.value in ("fighting", "repelled") and self.men.focus and not self._elsewhere(sp, rng):
            targets = [Target(self.men.focus, "(the article's main place)", -1)]
            how_place = "the article's main place"
        if not targets:
            return []
        if seg_start < 0:
            seg_tok = self.art.tokens_in(*self.art.segment_of(char))
            seg_start = seg_tok.start if len(seg_tok) else rng.start
        if self.modality(sp, seg_start) or self._aim(sp):
            return []
        if cue.phrase.endswith(" of") and not cue.phrase.split()[0].endswith(("ed", "ing", "en")):
            # 'The capture of Aleppo would mark ...': a prospect, not a report.
            ahead = range(sp.j, min(rng.stop, sp.j + 6))
            if any(self.men.has_kind(j, "irrealis") for j in ahead):
                return []
        if under:
            side, how_side = under, "'under ... control'"
        else:
            side, how_side = self._side_for(sp, cue, rng, passive, dominant)
        if not side:
            return []
        day = self.when.date_for(char)
        about, precision, how_date, background = day.about, day.precision, day.how, day.background_year
        who = self.att.claimant(si, char)
        claimant, how_claim, speaker = who.claimant, who.how, who.speaker
        factor = 0.75 if how_side.startswith("inferred") else 1.0
        stance, note_claim = "asserted", ""
        if claimant and claimant == self.art.outlet:
            claimant, note_claim = "", f"the outlet's own voice ({how_claim})"
        elif claimant:
            stance, note_claim = "attributed", f"attributed to {claimant} ({how_claim})"
        elif not speaker and self.art.wire:
            claimant, stance = self.art.wire, "attributed"
            note_claim = f"the wire's own voice ({self.art.agency} in the dateline), relayed by the outlet"
        elif speaker:
            factor *= 0.8
            note_claim = (
                f"missing: claimant (said by {speaker!r}, who is not in claimants.csv: set claimant and stance)"
            )
        if cue.detail == "claimant" and claimant and ing.source_side.get(claimant) in ing.sides:
            side, how_side = ing.source_side[claimant], f"the speaker's side ({claimant})"
        elif how_side.startswith(("inferred: its ", "inferred: their ")) and ing.source_side.get(claimant) in ing.sides:
            # 'the army said its forces ...': the pronoun is the speaker, when the speaker is a party.
            side, how_side = ing.source_side[claimant], f"'{how_side.split()[1]}' = the speaker ({claimant})"
        hedges = self.att.hedges(si)
        if hedges:
            factor *= 0.85
        if how_place != "named":
            factor *= 0.7
        s, e = self.art.sent[si]
        cue_text = self.art.span_text(sp)
        out = []
        for target in targets:
            pid, ptext, ptok, partial = target.place_id, target.text, target.token, target.partial
            action = cue.value
            if partial and action in ("withdrew", "repelled"):
                continue  # leaving part of a place is not leaving it
            anaphor = ptok >= 0 and ptok not in self.men.mention_at
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
            if cue.phrase == "in" and ing.kind(place) in _REGION_KINDS:
                continue  # 'rebels in Idlib (province)': being somewhere in a region contests none of it
            if partial and ing.kind(place) in _REGION_KINDS and self._compass_before(ptok):
                # 'seized 60 villages in southern Idlib': part of a part of the governorate
                # says nothing a map can colour at its level; the towns named carry the claims.
                continue
            factor_place = 0.85 if ptok >= 0 and ptok not in self.men.mention_at else 1.0
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

    def _side_for(self, sp: Span, cue: Cue, rng: range, passive: bool, dominant: str | None) -> tuple[str, str]:
        """The side that did what the cue says, and how it was found."""
        if cue.detail in self.ing.sides:
            return cue.detail, "the cue"
        if passive:
            for j in range(sp.j, min(rng.stop, sp.j + 6)):
                if self.art.tok.key[j] == "by":
                    after = [a for a in self.men.names_in(j + 1, j + 6) if a.kind == "entity" and a.payload.side]
                    if after:
                        return after[0].payload.side, f"the agent '{self.art.span_text(after[0])}'"
        if cue.detail == "object" or (sp.i == rng.start and self.art.tok.key[sp.i].endswith("ing")):
            after = [
                a
                for a in self.men.names_in(sp.j, rng.stop)
                if a.kind == "entity" and a.payload.actor and a.payload.side
            ]
            if after:
                return after[0].payload.side, f"'{self.art.span_text(after[0])}'"
        else:
            found = self._subject(rng.start, sp.i)
            if found:
                side, words, inferred = found
                return side, (f"inferred: {words}" if inferred else f"'{words}'")
            if cue.detail == "claimant":
                after = self._actors(sp.j, rng.stop)
                if after:
                    return after[0].payload.side, f"'{self.art.span_text(after[0])}'"
            if has_arabic(cue.phrase):
                # Arabic puts the verb first ('سيطرت هيئة تحرير الشام على حماة'): with no
                # subject before it, the actor right after the verb is the subject.
                after = self._actors(sp.j, min(rng.stop, sp.j + 2))
                if after:
                    return after[0].payload.side, f"'{self.art.span_text(after[0])}' (after the verb)"
        # Nobody named in the sentence: the last actor earlier in the paragraph, else, for
        # fighting, the side the article names most (the offensive's).
        para = self.art.para[self.art.sentence_of(self.art.tok.start[sp.i])]
        first = self.art.sentence_tokens(self.art.para_sentences[para][0]).start
        prior = self._actors(first, rng.start)
        if prior:
            return prior[-1].payload.side, f"inferred: '{self.art.span_text(prior[-1])}' earlier in the paragraph"
        if cue.value == "fighting" and dominant:
            return dominant, "inferred: the side the article names most"
        return "", ""

    def _actor_words(self, j: int) -> str:
        sp = self.men.name_at.get(j)
        if sp is None:
            return self.art.tok.raw[j]
        return self.art.text[self.art.tok.start[sp.i] : self.art.tok.end[sp.j - 1]]

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
            "published": self.art.pub,
            "outlet": self.art.outlet,
            "claimant": claimant,
            "quote": truncate(self.art.text[s:e]),
            "origin": self.art.origin,
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
        """Denials, each attached to the statement it denies; see :meth:`_denied`.

        A denier that is no known claimant still gives the denial, its note saying the
        claimant is missing (review refuses it until one is set). A claim that only exists
        inside what is denied ('denied reports that rebels had entered X') is nobody's
        assertion: it is dropped (``self.inside_denial``), the denial is kept.
        """
        out = []
        self.inside_denial: set[int] = set()
        for sp in self.men.cues:
            if not any(c.kind == "denial" for c in sp.payload):
                continue
            if any(c.kind == "denial" and c.detail == "report" for c in sp.payload) and not self._reports_after(sp.j):
                continue  # 'dismissed the commander': a denial only of claims or reports
            si = self.art.sentence_of(self.art.tok.start[sp.i])
            rng = self.art.sentence_tokens(si)
            cue = Cue("denied", "speech", "", "subject")
            who = self.att.speaker_of(sp, cue, range(rng.start, sp.j))
            if not who:
                continue
            denier, words = who
            if not denier and words.casefold() in ("the", "a", "an"):
                words = self.art.text[self.art.tok.start[rng.start] : self.art.tok.start[sp.i]].strip(" ,")
            claims, inside = self._denied(sp, si, by_sentence)
            s, e = self.art.sent[si]
            for c in claims:
                f = c.fields
                if (denier and f["claimant"] == denier) or f["stance"] == "denied":
                    continue
                if inside and not f["claimant"]:
                    # A claim inside the denial with its own author ('claims by X that ...',
                    # 'a report by Y suggesting ...') is still that author's claim.
                    self.inside_denial.add(id(c))
                fields = dict(f)
                note = f"ingested: '{words}' denies the statement ({f['side']} {f['action']} {f['place_id']})"
                if not denier:
                    note += f"; missing: claimant (denied by {words!r}, who is not in claimants.csv: set claimant)"
                fields.update(stance="denied", claimant=denier, quote=truncate(self.art.text[s:e]), note=note)
                out.append(Candidate("claim", fields, round(c.confidence * 0.95, 2), "denied", s, e, c.place_text))
        return out

    def _reports_after(self, j: int) -> bool:
        """True when a report noun ('claims', 'the reports') is the object starting at token j."""
        keys = self.art.tok.key
        while j < len(keys) and keys[j] in ("the", "such", "these", "those", "an", "earlier", "any"):
            j += 1
        return j < len(keys) and keys[j] in _DENIED_NOUNS

    def _still_held(self, out: list[Candidate], by_sentence: dict[int, list[Candidate]]) -> list[Candidate]:
        """'the army said its forces still held X' after a report that another side captured X:
        the speaker denies that capture (their own holds claim stands as well)."""
        denials = []
        for si, cands in sorted(self.said_in.items()):
            for c in cands:
                f = c.fields
                if f["action"] != "holds" or not f["claimant"] or not c.cue.casefold().startswith(("still", "remain")):
                    continue
                prev = self.art.previous_paragraph(self.art.para[si])
                for k in (si - 1, si - 2, si - 3):
                    if k < 0 or self.art.para[k] not in (self.art.para[si], prev):
                        continue
                    for d in by_sentence.get(k, []):
                        g = d.fields
                        if (
                            g["place_id"] == f["place_id"]
                            and g["side"] != f["side"]
                            and g["action"] in ("captured", "entered", "controls-part")
                            and g["stance"] != "denied"
                            and g["claimant"] != f["claimant"]
                        ):
                            fields = dict(g)
                            note = f"ingested: {f['claimant']} says {f['side']} still holds {f['place_id']}: denies the statement ({g['side']} {g['action']} {g['place_id']})"
                            fields.update(stance="denied", claimant=f["claimant"], quote=f["quote"], note=note)
                            denials.append(
                                Candidate(
                                    "claim", fields, round(d.confidence * 0.9, 2), c.cue, c.start, c.end, d.place_text
                                )
                            )
        return denials

    def _denied(self, sp: Span, si: int, by_sentence: dict[int, list[Candidate]]) -> tuple[list[Candidate], bool]:
        """The claims a denial cue denies, and whether they sit inside the denial's own clause.

        'denied this', 'denied that, saying ...', 'denied it', 'denied the report': what was
        said before (earlier in the sentence, else the sentence before, in this or the
        previous paragraph); what the denier goes on to say ('saying its forces repelled
        the attack') is the denier's own statement, not the denied one. 'denied reports
        that rebels had entered X': the claims after the cue in the same sentence.
        """
        tok = self.art.tok
        n = len(tok.key)
        j = sp.j
        while j < n and tok.key[j] in ("the", "such", "these", "those", "an", "earlier", "any"):
            j += 1
        if j + 1 < n and tok.key[j] == "on" and tok.key[j + 1] in WEEKDAYS:
            j += 2  # 'denied on Saturday claims that ...'
            while j < n and tok.key[j] in ("the", "such", "these", "those", "an", "earlier", "any"):
                j += 1
        nxt = tok.key[j] if j < n else ""
        after = tok.key[j + 1] if j + 1 < n else ""
        gap = self.art.gap(j) if j < n else ""
        object_noun = nxt in _DENIED_NOUNS
        complement = (nxt == "that" and gap.strip() == "" and after not in ("and", "saying")) or (
            object_noun and after in ("that", "of", "suggesting", "claiming", "saying")
        )
        if object_noun and after == "by":
            # 'denied claims by the ministry that it had taken X': the claim follows its author.
            complement = any(tok.key[m] == "that" for m in range(j + 2, min(n, j + 9)))
        same = by_sentence.get(si, [])
        cue_at = tok.start[sp.i]
        if complement:
            return [c for c in same if self.cue_char.get(id(c), c.start) > cue_at], True
        if nxt in ("this", "that", "it", "them") or object_noun:
            before = [c for c in same if self.cue_char.get(id(c), c.start) < cue_at]
            if before:
                return before, False
            prev = self.art.previous_paragraph(self.art.para[si])
            for k in (si - 1, si - 2, si - 3):
                if k >= 0 and self.art.para[k] in (self.art.para[si], prev) and self.said_in.get(k):
                    return self.said_in[k], False
            return [], False
        # Anything else keeps the old reading: the statements of the same sentence, else the one before.
        claims = same or (by_sentence.get(si - 1) if si and self.art.para[si - 1] == self.art.para[si] else None)
        return claims or [], False
