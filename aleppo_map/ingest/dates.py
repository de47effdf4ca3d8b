"""Stage 3, dates: time expressions resolved against the publication day, and the day each
statement is about."""

from __future__ import annotations

import bisect
import datetime as dt
import re

from .lexicon import MONTHS, NUMBER_WORDS, WEEKDAYS
from .mentions import Mentions
from .records import DateRef, StatementDate
from .text import Article

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
NUMBER = re.compile(
    r"\b(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_DATE_ANCHORS = frozenset([*WEEKDAYS, *MONTHS, "eve", "yesterday", "today", "tonight", "night"])
_FRAME_LEAD = frozenset("by on this last early late earlier later and but since until in as of".split())


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


class Dates:
    """The time expressions of one article and the day each statement is about."""

    def __init__(self, art: Article, men: Mentions):
        self.art = art
        self.men = men
        self._date_memo: dict[tuple, StatementDate] = {}
        self._carried: dict[int, DateRef | None] = {}
        self.dates: list[DateRef] = find_dates(art.text, art.published, self._date_windows())
        self.eve = art.pub
        self.mark_frames()

    def _date_windows(self) -> list[tuple[int, int]]:
        """Sentences holding a word a date expression needs: only those are searched."""
        keys = self.art.tok.key
        hits = [self.art.tok.start[j] for j, k in enumerate(keys) if k in _DATE_ANCHORS or k[:1].isdigit()]
        spans = sorted({self.art.sent[self.art.sentence_of(c)] for c in hits})
        return spans

    def mark_frames(self) -> None:
        """Flag a date opening its sentence ('By Friday, ...'): it frames the rest of the paragraph."""
        marked = []
        for d in self.dates:
            si = self.art.sentence_of(d.start)
            s, _ = self.art.sent[si]
            # Only a few words can stand before a framing date: look no further than that.
            near = d.start - s <= 120
            lead = self.art.text[s : d.start if near else s + 40].replace(",", " ").lower().split()
            frame = near and all(w in _FRAME_LEAD for w in lead) and d.kind in ("day", "eve", "range")
            # 'As the rebel group began its offensive on Wednesday, insurgents seized ...'
            if lead and lead[0] in ("as", "when", "after", "while", "once") and self.art.segment_of(d.start)[0] == s:
                frame = frame or (d.kind in ("day", "range") and "," in self.art.text[d.end : d.end + 3])
            marked.append(DateRef(d.start, d.end, d.text, d.kind, d.date, d.year, frame))
        self.dates = marked
        days = [d.date for d in self.dates if d.kind in ("day", "range") and d.date]
        earliest = min(days) if days else self.art.pub
        self.eve = _iso(dt.date.fromisoformat(earliest) - dt.timedelta(days=1))
        # Dates by sentence and by paragraph: each statement looks only at its own.
        self.by_sentence: dict[int, list[DateRef]] = {}
        self.by_para: dict[int, list[DateRef]] = {}
        for d in self.dates:
            si = self.art.sentence_of(d.start)
            self.by_sentence.setdefault(si, []).append(d)
            self.by_para.setdefault(self.art.para[si], []).append(d)
        self._para_frames: dict[int, tuple[list[int], list[DateRef]]] = {}
        self._para_past: dict[int, tuple[bool, int]] = {}

    def date_for(self, char: int, frames_only: bool = False) -> StatementDate:
        """The day a statement at ``char`` is about, and how it was found (memoised)."""
        key = (char, frames_only)
        hit = self._date_memo.get(key)
        if hit is None:
            hit = self._date_memo[key] = StatementDate(*self._date_for(char, frames_only))
        return hit

    def _date_for(self, char: int, frames_only: bool = False) -> tuple[str, str, str, int]:
        """(about_date, precision, how, background year) for a statement at ``char``.

        A day named in the statement's own clause counts first, then a day opening the
        sentence, then one opening an earlier sentence of the paragraph; a past year in the
        clause (or a paragraph about past years only, or 'already') makes it background,
        dated to the eve of the first day the article reports. Otherwise the publication day.
        The last value is the background statement's year (0 when it is not background).
        """
        si = self.art.sentence_of(char)
        s, e = self.art.sent[si]
        seg = self.art.segment_of(char)
        in_sentence = [d for d in self.by_sentence.get(si, []) if s <= d.start < e]
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
            if d.kind in ("year", "since") and d.year < self.art.published.year and seg[0] <= d.start < seg[1]
        ]
        past_any = [d for d in in_sentence if d.kind in ("year", "since") and d.year < self.art.published.year]
        opening = [d for d in past_any if d.kind == "year" and d.start == s]  # s is the first non-space
        if opening and not past_seg:
            past_seg = opening[:1]
        later = re.search(r"\b(\w+) years later\b", self.art.text[s:char])
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
        seg_tokens = self.art.tokens_in(*seg)
        if any(True for _ in self.men.cues_of("background", seg_tokens.start, seg_tokens.stop)):
            return self.eve, "day", "background ('already'): the eve of the first day reported", self.art.published.year
        para = self.art.para[si]
        earlier = self._last_frame_before(para, s)
        if earlier is not None:
            d = earlier
            return d.date, "day", f"'{d.text}' (frames the paragraph)", 0
        carried = self._carried_frame(si)
        if carried:
            return carried.date, "day", f"'{carried.text}' (opens the one-sentence paragraph before)", 0
        para_dates = self.by_para.get(para, [])
        others = len(para_dates) > len(in_sentence)
        past_only, last_year = self._past_only(para)
        if others and past_only:
            year = last_year
            later = re.search(r"\b(\w+) years later\b", self.art.text[s:char])
            if later:
                word = later.group(1).lower()
                year += NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0)
            return self.eve, "day", "background paragraph (past years only): the eve of the first day reported", year
        return self.art.pub, "day", "no day given: publication day", 0

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
        para = self.art.para[si]
        if any(d.kind in ("day", "eve", "range", "month", "year", "since") for d in self.by_para.get(para, [])):
            return None
        last_para = self.art.previous_paragraph(para)
        if last_para is None:
            return None
        before = self.art.para_sentences[last_para]
        if len(before) != 1:
            return None
        a, b = self.art.sent[before[0]]
        frames = [d for d in self.by_sentence.get(before[0], []) if d.frame and a <= d.start < b and d.kind != "eve"]
        return frames[0] if frames else None

    def _last_frame_before(self, para: int, s: int) -> DateRef | None:
        """The last date framing paragraph ``para`` that starts before character ``s``."""
        hit = self._para_frames.get(para)
        if hit is None:
            frames = [d for d in self.by_para.get(para, []) if d.frame and d.kind != "eve"]
            hit = self._para_frames[para] = ([d.start for d in frames], frames)
        k = bisect.bisect_left(hit[0], s)
        return hit[1][k - 1] if k > 0 else None

    def _past_only(self, para: int) -> tuple[bool, int]:
        """Whether every date of a paragraph is a past year (and the latest of them)."""
        hit = self._para_past.get(para)
        if hit is None:
            dates = self.by_para.get(para, [])
            past = bool(dates) and all(d.kind in ("year", "since") and d.year < self.art.published.year for d in dates)
            hit = self._para_past[para] = (past, max((d.year for d in dates), default=0))
        return hit

    def _year_at(self, d: DateRef, char: int) -> int:
        """The year of a background statement: its year, moved on by 'N years later'."""
        m = re.search(r"\b(\w+) years later\b", self.art.text[d.end : self.art.sent[self.art.sentence_of(char)][1]])
        if m and m.start() + d.end <= char + 40:
            n = NUMBER_WORDS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 0)
            return d.year + n
        return d.year
