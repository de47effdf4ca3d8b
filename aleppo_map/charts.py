"""Static pictures for the site: a thumbnail per map and the charts of control over time.

Drawn with matplotlib's object API (no pyplot state), PNG metadata without the software
version, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .files import write_bytes
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN
from .styles import SPECIAL, state_colours

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "THUMB_COLOURS",
    "THUMB_DPI",
    "colours",
    "over_time_chart",
    "over_time_figure",
    "thumbnail",
    "thumbnail_figure",
]

_PNG = {"Software": None}


def colours(model: MapModel) -> dict[str, str]:
    """State id -> colour, from sides.csv and the three states that are not sides."""
    return state_colours(model.dataset.sides)


def _span(low: float, high: float, least: float = 1.5, margin: float = 0.25) -> tuple[float, float]:
    """Axis limits around [low, high] with a margin, at least ``least`` degrees wide."""
    middle, half = (low + high) / 2, max((high - low) / 2 * (1 + margin), least / 2)
    return middle - half, middle + half


#: A thumbnail's pixels (``size`` inches at this resolution) and palette: 240 px is 1.5
#: device pixels per CSS pixel where the index shows it at 160 px, and a map of a few flat
#: colours loses nothing to a palette of every colour it draws with plus 32 for the shades
#: of their edges (≈ 8 kB instead of ≈ 55 kB at 320 px).
THUMB_DPI = 75
THUMB_COLOURS = 32
# The colours a thumbnail draws with besides the states': background, country, its outline,
# the places' outline and the rings around what changed.
_PAPER, _LAND, _BORDER, _OUTLINE, _RING = "#ffffff", "#f4f1ea", "#555555", "#222222", "#000000"


def thumbnail(model: MapModel, snapshot: Snapshot, path: Path, size: float = 3.2) -> Path:
    """A small static map of one snapshot: outline, places with a state, by colour.

    Drawn by :func:`thumbnail_figure`, then saved as a palette PNG (:data:`THUMB_COLOURS`
    colours, no dithering): a year of daily maps has 365 of them on one index.
    """
    from PIL import Image

    fig = thumbnail_figure(model, snapshot, size)
    drawn = io.BytesIO()
    fig.savefig(drawn, format="png", dpi=THUMB_DPI, metadata=_PNG)
    picture = Image.open(io.BytesIO(drawn.getvalue())).convert("RGB")
    # An adaptive palette alone would merge a colour only a few dots have (six contested
    # places) into its neighbour: every colour drawn with is kept exactly, the adaptive
    # colours only add the shades of the edges.
    shades = picture.quantize(THUMB_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = shades.getpalette() or []
    rgb = [tuple(flat[i : i + 3]) for i in range(0, min(len(flat), 3 * THUMB_COLOURS), 3)]
    drawn_with = [_PAPER, _LAND, _BORDER, _OUTLINE, _RING, *colours(model).values()]
    exact = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in drawn_with if len(c) == 7]
    entries = np.array(list(dict.fromkeys(exact + rgb))[:256], dtype=np.int32)
    # Each pixel to its nearest entry (Pillow's own mapping to a given palette goes through
    # a coarse colour cache and may pick a neighbour even for an exact colour).
    pixels = np.asarray(picture, dtype=np.int32)
    nearest = ((pixels[:, :, None, :] - entries[None, None, :, :]) ** 2).sum(axis=3).argmin(axis=2)
    indexed = Image.fromarray(nearest.astype(np.uint8))  # "L", made "P" by its palette
    indexed.putpalette(entries.astype(np.uint8).ravel().tolist())
    out = io.BytesIO()
    indexed.save(out, format="PNG", optimize=True)
    write_bytes(path, out.getvalue())
    return path


def thumbnail_figure(model: MapModel, snapshot: Snapshot, size: float = 3.2) -> Figure:
    """The figure :func:`thumbnail` saves."""
    palette = colours(model)
    from matplotlib.figure import Figure  # here: a rebuild that draws nothing never imports it (≈ 0.5 s)

    fig = Figure(figsize=(size, size), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if model.country is not None:
        from geopandas import GeoSeries

        GeoSeries([model.country], crs="EPSG:4326").plot(ax=ax, color=_LAND, edgecolor=_BORDER, linewidth=0.6)
    known = snapshot.states[snapshot.states["state"] != UNKNOWN]
    for state, group in known.groupby("state", sort=True):
        ax.scatter(
            group["lon"], group["lat"], s=9, c=palette.get(state, _RING), edgecolors=_OUTLINE, linewidths=0.3, zorder=3
        )
    changed = snapshot.states[snapshot.states["place_id"].isin(snapshot.changes["place_id"])]
    if not changed.empty:
        ring = 40 if len(changed) < 20 else 16  # many rings at once would ink over their places
        ax.scatter(
            changed["lon"], changed["lat"], s=ring, facecolors="none", edgecolors=_RING, linewidths=0.6, zorder=4
        )
    # Framed on what changed (else on the places with a state): four thumbnails of the
    # whole country look alike, the part of it that moved tells the maps apart.
    focus = changed if not changed.empty else known
    if not focus.empty:
        x0, x1 = _span(focus["lon"].min(), focus["lon"].max())
        y0, y1 = _span(focus["lat"].min(), focus["lat"].max())
        half = max(x1 - x0, y1 - y0) / 2  # square, like the picture: "equal" then changes nothing
        ax.set_xlim((x0 + x1) / 2 - half, (x0 + x1) / 2 + half)
        ax.set_ylim((y0 + y1) / 2 - half, (y0 + y1) / 2 + half)
    ax.set_aspect("equal")
    return fig


def over_time_chart(
    series: pd.DataFrame,
    value: str,
    title: str,
    ylabel: str,
    palette: dict[str, str],
    path: Path,
    labels: dict[str, str] | None = None,
) -> Path:
    """Lines of ``value`` per state over the snapshot dates (``series``: date, state, value).

    The x axis is a time axis (26 to 29 November is three days wide, not one step), and
    the legend names each state by its label (``labels``: state id -> label).
    """
    fig = over_time_figure(series, value, title, ylabel, palette, labels)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata=_PNG)
    return path


def over_time_figure(
    series: pd.DataFrame,
    value: str,
    title: str,
    ylabel: str,
    palette: dict[str, str],
    labels: dict[str, str] | None = None,
) -> Figure:
    """The figure :func:`over_time_chart` saves."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    ax = fig.add_subplot()
    wide = series.pivot_table(index="date", columns="state", values=value, aggfunc="sum", fill_value=0).sort_index()
    when = pd.to_datetime(pd.Index(wide.index).astype("str"))
    for state in wide.columns:
        dashed = state in SPECIAL
        ax.plot(
            when,
            wide[state],
            marker="o",
            label=(labels or {}).get(state, state),
            color=palette.get(state, "#000"),
            linestyle="--" if dashed else "-",
            markeredgecolor="#222",
        )
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best", framealpha=0.85)
    fig.tight_layout()
    return fig
