"""Static pictures for the site: a thumbnail per map and the charts of control over time.

Drawn with matplotlib's object API (no pyplot state), PNG metadata without the software
version, so the same inputs give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from .render import SPECIAL
from .snapshot import MapModel, Snapshot
from .states import UNKNOWN

__all__ = ["colours", "over_time_chart", "thumbnail"]

_PNG = {"Software": None}


def colours(model: MapModel) -> dict[str, str]:
    """State id -> colour, from sides.csv and the three states that are not sides."""
    out = dict(zip(model.dataset.sides["id"], model.dataset.sides["colour"], strict=True))
    out |= {k: v[1] for k, v in SPECIAL.items()}
    out[UNKNOWN] = "#b8b8b8"
    return out


def thumbnail(model: MapModel, snapshot: Snapshot, path: Path, size: float = 3.2) -> Path:
    """A small static map of one snapshot: outline, places with a state, by colour."""
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
    if model.country is None and not known.empty:
        ax.set_xlim(known["lon"].min() - 0.2, known["lon"].max() + 0.2)
        ax.set_ylim(known["lat"].min() - 0.2, known["lat"].max() + 0.2)
    ax.set_aspect("equal")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata=_PNG)
    return path


def over_time_chart(
    series: pd.DataFrame, value: str, title: str, ylabel: str, palette: dict[str, str], path: Path
) -> Path:
    """Lines of ``value`` per state over the snapshot dates (``series``: date, state, value)."""
    fig = Figure(figsize=(6.4, 3.2), dpi=100)
    ax = fig.add_subplot()
    wide = series.pivot_table(index="date", columns="state", values=value, aggfunc="sum", fill_value=0).sort_index()
    for state in wide.columns:
        dashed = state in SPECIAL
        ax.plot(
            wide.index,
            wide[state],
            marker="o",
            label=state,
            color=palette.get(state, "#000"),
            linestyle="--" if dashed else "-",
            markeredgecolor="#222",
        )
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", metadata=_PNG)
    return path
