"""Stage 4, attribution: who says a statement (claimant and speaker), and hedges."""

from __future__ import annotations

from .lexicon import CLAUSE_BREAKS
from .mentions import Mentions
from .records import Attributed, Cue, Span
from .text import Article

# Words before a noun: a speech word after one is a noun ('the reports', 'such claims').
_DETERMINERS = frozenset("the a an these those such earlier any some".split())


class Attribution:
    """Who says what in one article: claimants of statements, speakers of quotations, hedges."""

    def __init__(self, art: Article, men: Mentions):
        self.art = art
        self.men = men
        self._claimant_memo: dict[tuple, Attributed] = {}
        self._hedge_memo: dict[int, list[str]] = {}
        self._opener_memo: dict[int, list[int]] = {}

    def claimant(self, si: int, at_char: int) -> Attributed:
        """Memoised :meth:`_find_claimant`: one answer per sentence, enclosing quotation and
        position (a '..., while the army said ...' clause has a speaker the clause before lacks)."""
        quote = self.art.quote_at(at_char)
        key = (si, quote, at_char)
        hit = self._claimant_memo.get(key)
        if hit is None:
            hit = self._claimant_memo[key] = Attributed(*self._find_claimant(si, at_char))
        return hit

    def _find_claimant(self, si: int, at_char: int) -> tuple[str, str, str]:
        """(claimant id, how, speaker words) for a statement in sentence ``si`` at ``at_char``.

        The speaker of an enclosing quotation first, then a speech verb's subject in the
        sentence ('X said', 'said X', 'according to X'), then a paragraph-opening
        'According to X,'. An empty id with speaker words means someone unknown spoke.
        """
        quote = self.art.quote_at(at_char)
        if quote and quote[1] - quote[0] > 30:
            who = self._speaker_near(*quote)
            if who:
                return who[0], "speaker of the quotation", who[1]
        rng = self.art.sentence_tokens(si)
        unknown = ""
        for sp, c in self.men.cues_of("speech", rng.start, rng.stop):
            where = self.art.tok.start[sp.i]
            if self.art.inside_quote(where) and not self.art.inside_quote(at_char):
                continue
            # '..., while the army said ...' speaks for its own clause, not for what came before.
            if where > at_char and any(
                self.art.tok.key[j] in CLAUSE_BREAKS for j in self.art.tokens_in(at_char, where)
            ):
                continue
            if c.detail == "subject" and self._noun_use(sp):
                continue
            who = self.speaker_of(sp, c, rng)
            if who and who[0]:
                return who[0], f"'{self.art.span_text(sp)}'", who[1]
            if who and not unknown:
                unknown = who[1]
        for k in reversed(self._openers(self.art.para[si])):
            if k >= si:
                continue
            who = self._opener_speaker(k)
            if who and who[0]:
                return who[0], "'according to' opening the paragraph", who[1]
        return "", "", unknown

    def _noun_use(self, sp: Span) -> bool:
        """'denied reports that ...', 'the reports say': a speech word used as a noun after a
        determiner or a denial verb names no speaker before it (the denier is not the
        reporter)."""
        keys = self.art.tok.key
        k = sp.i - 1
        if k >= 0 and keys[k] in _DETERMINERS:
            return True
        return k >= 0 and self.men.has_kind(k, "denial")

    def _openers(self, para: int) -> list[int]:
        """Sentences of a paragraph that open with 'According to ...' (memoised per paragraph)."""
        hit = self._opener_memo.get(para)
        if hit is None:
            hit = []
            for k in self.art.para_sentences.get(para, []):
                r = self.art.sentence_tokens(k)
                opener = self.men.cue_at.get(r.start) if len(r) else None
                if opener and any(c.kind == "speech" and c.detail == "object" for c in opener.payload):
                    hit.append(k)
            self._opener_memo[para] = hit
        return hit

    def _opener_speaker(self, k: int) -> tuple[str, str] | None:
        r = self.art.sentence_tokens(k)
        opener = self.men.cue_at[r.start]
        return self.speaker_of(opener, next(c for c in opener.payload if c.kind == "speech"), r)

    def speaker_of(self, sp: Span, cue: Cue, rng: range) -> tuple[str, str] | None:
        """Who speaks through a speech cue: a claimant (id, words), or ('', words) when unknown."""
        ents = [e for e in self.men.names_in(rng.start, rng.stop) if e.kind == "entity"]

        def usable(e: Span) -> bool:
            k = e.i - 1
            while k >= 0 and self.art.tok.key[k] in {"the", "a", "an"}:
                k -= 1
            return not (k >= 0 and self.art.tok.key[k] == "told")

        before = [e for e in ents if e.j <= sp.i and sp.i - e.j <= 12 and usable(e)]
        lead = sp.j
        while lead < rng.stop and self.art.tok.key[lead] in {"the", "a", "an"}:
            lead += 1
        # 'according to Joshua Landis': the speaker follows at once ('according to various reports, rebels ...' names none).
        after = [e for e in ents if lead <= e.i <= lead + (6 if cue.detail == "either" else 1) and usable(e)]
        order: list[Span] = []
        if cue.detail in ("subject", "either"):
            order += sorted(before, key=lambda e: sp.i - e.j)
        if cue.detail in ("object", "either"):
            order += sorted(after, key=lambda e: e.i)
        for e in order:
            if e.payload.source:
                return e.payload.source, self.art.span_text(e)
        if order:
            return "", self.art.span_text(order[0])
        if cue.detail in ("object", "either"):
            j = sp.j
            if j < rng.stop:
                words = self.art.text[self.art.tok.start[j] : self.art.tok.end[min(rng.stop, j + 3) - 1]]
                return "", words
        if cue.detail in ("subject", "either"):
            j = sp.i - 1
            while j >= rng.start and not self.art.tok.cap[j]:
                j -= 1
            if j >= rng.start and j not in self.men.covered and sp.i - j <= 4:
                return "", self.art.tok.raw[j]
        return None

    def _speaker_near(self, qs: int, qe: int) -> tuple[str, str] | None:
        """Who a quotation belongs to: a speech verb and a claimant just after it, or just before."""
        after = self.art.tokens_in(qe, min(self.art.sent[self.art.sentence_of(max(qs, qe - 1))][1], qe + 160))
        a = after.start
        for sp in self.men.cues_in(a, a + 14):
            if any(c.kind == "speech" for c in sp.payload):
                rng = range(a, min(after.stop, sp.j + 6))
                ents = [e for e in self.men.names_in(rng.start, rng.stop) if e.kind == "entity" and e.payload.source]
                ents = [e for e in ents if not (e.i > 0 and self.art.tok.key[e.i - 1] == "told")]
                if ents:
                    return ents[0].payload.source, self.art.span_text(ents[0])
                break
        before = self.art.tokens_in(max(0, qs - 160), qs)
        for sp in reversed(self.men.cues_in(before.start, before.stop)):
            if before.stop - sp.j <= 3 and any(c.kind == "speech" for c in sp.payload):
                cue = next(c for c in sp.payload if c.kind == "speech")
                who = self.speaker_of(sp, cue, before)
                if who and who[0]:
                    return who
        return None

    def hedges(self, si: int) -> list[str]:
        hit = self._hedge_memo.get(si)
        if hit is None:
            rng = self.art.sentence_tokens(si)
            hit = self._hedge_memo[si] = [c.phrase for _, c in self.men.cues_of("hedge", rng.start, rng.stop)]
        return hit
