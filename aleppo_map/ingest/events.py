"""Stage 6, events: attacks and casualty figures per source."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from .attribution import Attribution
from .dates import NUMBER, Dates
from .lexicon import NUMBER_WORDS, UNITS, walk
from .mentions import Mentions
from .records import Candidate, Span
from .statements import Statements
from .text import Article, truncate

if TYPE_CHECKING:
    from .pipeline import Ingestor


class Events:
    """Events of one article: attacks and counted figures, each with its source."""

    def __init__(self, ing: Ingestor, art: Article, men: Mentions, when: Dates, att: Attribution, stmt: Statements):
        self.ing = ing
        self.art = art
        self.men = men
        self.when = when
        self.att = att
        self.stmt = stmt

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
        for si, (s, e) in enumerate(self.art.sent):
            rng = self.art.sentence_tokens(si)
            ev = list(self.men.cues_of("event", rng.start, rng.stop))
            if not ev:
                continue
            cumulative = any(True for _ in self.men.cues_of("cumulative", rng.start, rng.stop))
            figures = [f for f in self._figures(si, rng, ev) if not self.stmt.modality(f["cue"], rng.start)]
            who = self.att.claimant(si, self.art.tok.start[ev[0][0].i])
            claimant, how_claim, speaker = who.claimant, who.how, who.speaker
            if claimant == self.art.outlet:
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
                    or self.stmt.modality(sp, self.art.tokens_in(*self.art.segment_of(self.art.tok.start[sp.i])).start)
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
                char = self.art.tok.start[cue_sp.i]
                regional = (
                    cumulative
                    or fig["group"] in ("localities", "tanks")
                    or (fig["type"] == "casualties" and not fig.get("near_place"))
                )
                place, ptext, how_place = self._event_place(fig, regional)
                if not place:
                    continue
                day = self.when.date_for(char, frames_only=cumulative)
                about, precision, how_date, background = day.about, day.precision, day.how, day.background_year
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
                cue_text = self.art.span_text(cue_sp)
                note = "; ".join(
                    x
                    for x in (
                        f"ingested: cue '{cue_text}' -> {fig['type']}",
                        f"figure from '{fig['words']}'" if fig["words"] else "",
                        f"place: {how_place}",
                        f"date from {how_date}" + (" (a running total: week precision)" if cumulative else ""),
                        f"attributed to {claimant} ({how_claim})" if claimant else "",
                        f"missing: claimant (said by {speaker!r}, who is not in claimants.csv)"
                        if speaker and not claimant
                        else "",
                    )
                    if x
                )
                fields = {
                    "place_id": place,
                    "about_date": about,
                    "about_precision": precision,
                    "published": self.art.pub,
                    "outlet": self.art.outlet,
                    "claimant": claimant,
                    "quote": truncate(self.art.text[s:e]),
                    "origin": self.art.origin,
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
        s, e = self.art.sent[si]
        days = [d for d in self.when.by_sentence.get(si, []) if s <= d.start < e and d.kind in ("day", "range", "eve")]
        if not days:
            return None
        d = min(days, key=lambda d: abs(d.start - char))
        return d.date, f"'{d.text}' (same sentence)"

    def _group_at(self, k: int, stop: int) -> tuple[str, int] | None:
        """The group a count names starting at token k (adjectives allowed before it): (group, end)."""
        for start in range(k, min(stop, k + 3)):
            end, found = walk(self.ing.lexicon.groups, self.art.tok.key, start)
            if end > 0 and end <= stop:
                return found[0], end
        return None

    def _figures(self, si: int, rng: range, ev: list) -> list[dict]:
        """Counted figures of a sentence: number, qualifier, what was counted, and the cue."""
        tok = self.art.tok
        s, e = self.art.sent[si]
        out = []
        numbers: list[tuple[int, int | None, int]] = []  # (first token, number, next token)
        for m in NUMBER.finditer(self.art.text, s, e):
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
            sp = self.men.cue_at.get(j)
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
            if self.art.text[tok.end[max(a, after - 1)] : tok.end[max(a, after - 1)] + 1] == "%":
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
                group = (
                    self.art.span_text(direct[0][0]).lower() if c_last.value == direct[0][1].value else c_last.phrase
                )
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
                if kind == "casualties" and not any(True for _ in self.men.cues_of("cumulative", rng.start, rng.stop)):
                    attack = [x for x in attack_cues if x[1].value not in ("attack",)]
                    if attack:
                        kind = min(attack, key=lambda x: abs(x[0].i - a))[1].value
            if cue_sp is None:
                cue_sp = Span(a, gend, "cue", [])
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
            words = self.art.text[tok.start[max(rng.start, a - 2)] : tok.end[max(a, gend - 1)]]
            seg = self.art.segment_of(tok.start[a])
            near_place = any(m.place_id and m.kind != "country" for m in self.men.mentions_between(*seg))
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
                seg = self.art.tokens_in(*self.art.segment_of(self.art.tok.start[anchor]))
                for j in [*range(anchor, seg.stop), *range(seg.start, anchor)]:
                    m = self.men.mention_at.get(j)
                    if (
                        m
                        and m.place_id
                        and m.kind != "country"
                        and not self.art.tok.poss[self.men.mention_span[j].j - 1]
                    ):
                        return m.place_id, m.text, f"'{m.text}'"
                    ana = self.men.anaphor_at(j)
                    if ana:
                        return ana[0], ana[1], f"'{ana[1]}'"
                for _, c in self.men.cues_of("kind", seg.start, seg.stop):
                    if c.phrase == "region" and self.men.focus:
                        gov = self.ing.governorate(self.men.focus)
                        return gov, "the region", f"'the region' = the governorate of {self.men.focus}"
            if fig["words"] and fig["type"] not in ("casualties", "displacement"):
                si = self.art.sentence_of(self.art.tok.start[fig["cue"].i])
                for j in self.art.sentence_tokens(si):
                    m = self.men.mention_at.get(j)
                    if (
                        m
                        and m.place_id
                        and m.kind != "country"
                        and not self.art.tok.poss[self.men.mention_span[j].j - 1]
                    ):
                        return m.place_id, m.text, f"'{m.text}' (same sentence)"
                    ana = self.men.anaphor_at(j)
                    if ana:
                        return ana[0], ana[1], f"'{ana[1]}' (same sentence)"
        if self.men.focus:
            gov = self.ing.governorate(self.men.focus)
            return gov, "", f"none named: the governorate of the article's main place ({self.men.focus}), approximate"
        return "", "", ""
