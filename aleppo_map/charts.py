"""Static pictures for the site: a thumbnail per map and the charts of control over time.

Drawn with matplotlib's object API (no pyplot state), PNG metadata without the software
version, so the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .snapshot import MapModel, Snapshot
from .states import UNKNOWN
from .styles import SPECIAL, state_colours

__all__ = ["colours", "over_time_chart", "over_time_figure", "thumbnail", "thumbnail_figure"]

_PNG = {"Software": None}


def colours(model: MapModel) -> dict[str, str]:
    """State id -> colour, from sides.csv and the three states that are not sides."""
    return state_colours(model.dataset.sides)


def _span(low: float, high: float, least: float = 1.5, margin: float = 0.25) -> tuple[float, float]:
    """Axis limits around [low, high] with a margin, at least ``least`` degrees wide."""
    middle, half = (low + high) / 2, max((high - low) / 2 * (1 + margin), least / 2)
    return middle - half, middle + half


def thumbnail(model: MapModel, snapshot: Snapshot, path: Path, size: float = 3.2) -> Path:
    """A small static map of one snapshot: outline, places with a state, by colour."""
    fig = thumbnail_figure(model, snapshot, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata=_PNG)
    return path


def thumbnail_figure(model: MapModel, snapshot: Snapshot, size: float = 3.2) -> Figure:
    """The figure :func:`thumbnail` saves."""
    palette = colours(model)
    fig = Figure(figsize=(size, size), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if model.country is not None:
        from geopandas import GeoSeries

        GeoSeries([model.country], crs="EPSG:4326").plot(ax=ax, color="#f4f1ea", edgecolor="#555", linewidth=0.6)
    known = snapshot.states[snapshot.states["state"] != UNKNOWN]
    for state, group in known.groupby("state", sort=True):
        ax.scatter(
            group["lon"], group["lat"], s=9, c=palette.get(state, "#000"), edgecolors="#222", linewidths=0.3, zorder=3
        )
    changed = snapshot.states[snapshot.states["place_id"].isin(snapshot.changes["place_id"])]
    if not changed.empty:
        ring = 40 if len(changed) < 20 else 16  # many rings at once would ink over their places
        ax.scatter(
            changed["lon"], changed["lat"], s=ring, facecolors="none", edgecolors="#000", linewidths=0.6, zorder=4
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
