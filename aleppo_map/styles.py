"""How states and events look: labels, colours, outline kinds and event symbols, in one place.

The maps (:mod:`aleppo_map.render` and its script), the charts and thumbnails
(:mod:`aleppo_map.charts`), the KML downloads and the site's pages all name and colour a
state from here, so a side's colour or the word for "disputed" cannot drift between them.
A side's label and colour come from ``sides.csv``; the three states that are not sides are
defined below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .states import CONTESTED, DISPUTED, UNKNOWN

__all__ = ["EVENT_SYMBOLS", "SPECIAL", "StateStyle", "event_note", "state_colours", "state_labels", "state_table"]


@dataclass(frozen=True)
class StateStyle:
    """A state that is not a side.

    Attributes
    ----------
    label : str
        What the legend and popups call it (a sentence a reader understands alone).
    short : str
        The word for tables and charts.
    colour : str
        Fill colour (``#rrggbb``); the map also draws these with dashed or dotted outlines,
        so they read without colour.
    kind : str
        The outline the map script draws: ``contested``, ``disputed`` or ``unknown``.
    """

    label: str
    short: str
    colour: str
    kind: str


SPECIAL: dict[str, StateStyle] = {
    CONTESTED: StateStyle("Contested (fighting inside or partial control)", "contested", "#8e6bb0", "contested"),
    DISPUTED: StateStyle("Disputed (claimants contradict each other)", "disputed", "#ffffff", "disputed"),
    UNKNOWN: StateStyle("Unknown (no claim)", "unknown", "#b8b8b8", "unknown"),
}

# The symbol drawn for each event type, and the word the legend gives it.
EVENT_SYMBOLS: dict[str, tuple[str, str]] = {
    "airstrike": ("\u2708", "airstrike"),
    "shelling": ("\u2739", "shelling"),
    "suicide-bombing": ("\u2738", "suicide bombing"),
    "car-bomb": ("\u2622", "car bomb"),
    "clashes": ("\u2694", "clashes"),
    "displacement": ("\u21e2", "displacement"),
    "equipment-seized": ("\u2691", "equipment seized"),
    "attack": ("\u26a0", "attack"),
    "casualties": ("\u271a", "casualties"),
}


def event_note() -> str:
    """The legend's line that explains the event symbols."""
    return "Event symbols: " + ", ".join(f"{symbol} {word}" for symbol, word in EVENT_SYMBOLS.values())


def state_labels(sides: pd.DataFrame, long: bool = False) -> dict[str, str]:
    """State id -> label.

    The sides' from ``sides.csv``, then the three other states (their short word, or with ``long`` the legend's sentence). Not escaped.
    """
    out = dict(zip(sides["id"], sides["label"], strict=True))
    return out | {k: (v.label if long else v.short) for k, v in SPECIAL.items()}


def state_colours(sides: pd.DataFrame) -> dict[str, str]:
    """State id -> colour (``#rrggbb``), the sides' then the three other states'."""
    out = dict(zip(sides["id"], sides["colour"], strict=True))
    return out | {k: v.colour for k, v in SPECIAL.items()}


def state_table(sides: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    """Every drawable state in code order, as ``(id, label, colour, kind)``.

    The sides in ``sides.csv`` order, then contested, disputed, unknown. A state's code on a page is its
    position in this list. Labels are not escaped.
    """
    rows = [(r.id, r.label, r.colour, "side") for r in sides.itertuples()]
    return rows + [(k, v.label, v.colour, v.kind) for k, v in SPECIAL.items()]
