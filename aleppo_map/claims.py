"""Sides, sources, claims and events: who reported what about which place, and when.

The vocabulary of the field lives here (actions, stances, event types); the sides of a
war and its sources are data. A claim is never edited away: a correction is a new claim.
"""

from __future__ import annotations

from .tables import Column, Table

__all__ = [
    "ACTIONS",
    "CLAIMS",
    "EARLIEST",
    "EVENTS",
    "EVENT_TYPES",
    "FIGURES",
    "MAX_QUOTE",
    "PRECISIONS",
    "ROLES",
    "SCOPES",
    "SIDES",
    "SOURCES",
    "STANCES",
]

# What a claim says happened, and what it means for control (see docs/rules.md).
ACTIONS = (
    "holds",
    "captured",
    "entered",
    "fighting",
    "controls-part",
    "withdrew",
    "repelled",
    "besieged",
    "approached",
)
STANCES = ("asserted", "attributed", "denied")
SCOPES = ("place", "whole")
ROLES = ("outlet", "wire", "monitor", "party", "analyst", "official", "reference")
PRECISIONS = ("day", "week", "month", "year")
EVENT_TYPES = (
    "airstrike",
    "shelling",
    "suicide-bombing",
    "car-bomb",
    "clashes",
    "displacement",
    "equipment-seized",
    "attack",
    "casualties",
)
FIGURES = ("killed", "wounded", "displaced", "seized")
MAX_QUOTE = 300
EARLIEST = "2011-01-01"

# Who published, who said it, in which words, from where: the same for claims and events.
PROVENANCE = (
    Column("published", "date", required=True),
    Column("outlet", "id", required=True),
    Column("claimant", "id"),
    Column("quote", max_len=MAX_QUOTE),
    Column("origin", required=True),
    Column("note", max_len=1000),
)

SIDES = Table(
    "sides.csv",
    (
        Column("id", "id", required=True),
        Column("label", required=True, max_len=80),
        Column("colour", "colour", required=True),
        Column("description", max_len=500),
        Column("source", required=True),
    ),
)
SOURCES = Table(
    "sources.csv",
    (
        Column("id", "id", required=True),
        Column("name", required=True, max_len=200),
        Column("role", "choice", required=True, choices=ROLES),
        Column("side", "id"),
        Column("description", max_len=500),
        Column("url"),
    ),
)
CLAIMS = Table(
    "claims.csv",
    (
        Column("id", "id", required=True),
        Column("place_id", "id", required=True),
        Column("side", "id", required=True),
        Column("action", "choice", required=True, choices=ACTIONS),
        Column("stance", "choice", required=True, choices=STANCES),
        Column("scope", "choice", choices=SCOPES),
        Column("except"),
        Column("about_date", "date", required=True),
        Column("about_precision", "choice", choices=PRECISIONS),
        Column("held_since", "date"),
        *PROVENANCE,
    ),
)
EVENTS = Table(
    "events.csv",
    (
        Column("id", "id", required=True),
        Column("place_id", "id", required=True),
        Column("date", "date", required=True),
        Column("date_precision", "choice", choices=PRECISIONS),
        Column("type", "choice", required=True, choices=EVENT_TYPES),
        Column("figure", "choice", choices=FIGURES),
        Column("group"),
        Column("low", "int"),
        Column("best", "int"),
        Column("high", "int"),
        *PROVENANCE,
    ),
)
