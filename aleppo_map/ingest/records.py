"""The records ingestion passes between its stages and hands to its callers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace


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
    # (from, until, side): the side by period, for names whose allegiance changed ('Free
    # Syrian Army' before 2017 and the Turkish-backed one after); ISO dates, empty = open.
    periods: tuple[tuple[str, str, str], ...] = ()

    def on(self, day: str) -> Entity:
        """This entity as of ``day`` (YYYY-MM-DD): its side in the period the day falls in."""
        for start, until, side in self.periods:
            if (not start or start <= day) and (not until or day <= until):
                return replace(self, side=side, periods=())
        return replace(self, periods=())


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


# -- the ingestor -------------------------------------------------------------------------------------
@dataclass
class Span:
    """A matched phrase over tokens [i, j)."""

    i: int
    j: int
    kind: str  # place, entity, cue
    payload: object = None


@dataclass(frozen=True)
class StatementDate:
    """The day a statement is about, and how it was found (dates stage, read by statements and events).

    ``background_year`` is the year of a statement about the past (0 when it is not one).
    """

    about: str
    precision: str
    how: str
    background_year: int = 0


@dataclass(frozen=True)
class Attributed:
    """Who a statement is attributed to (attribution stage).

    ``claimant`` is a source id, empty when the speaker is unknown or nobody is named;
    ``speaker`` holds the speaker's words even when they match no claimant.
    """

    claimant: str = ""
    how: str = ""
    speaker: str = ""


@dataclass(frozen=True)
class Target:
    """A place a control statement acts on (statements stage).

    ``token`` is where it is named (-1 when it was inferred), ``partial`` the partial cue
    travelling with it ('most of', 'areas of').
    """

    place_id: str
    text: str
    token: int
    partial: str = ""
