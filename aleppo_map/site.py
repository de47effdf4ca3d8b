"""Build the static site: dated snapshots, latest and the timeline, swapped in whole.

The build writes into a fresh folder beside the target and only renames it into place when
every page is written; a build that fails leaves the previous site untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .render import leaflet_dir, render_snapshot, render_timeline
from .snapshot import MapModel
from .states import Resolver

__all__ = ["BuildResult", "build_site"]

LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png")


@dataclass
class BuildResult:
    out: Path
    pages: list[str] = field(default_factory=list)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _copy_assets(root: Path) -> None:
    src = leaflet_dir()
    for name in LEAFLET_FILES:
        dest = root / "assets" / "leaflet" / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / name, dest)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so no reader ever sees half a site."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / out.name)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    resolver: Resolver,
    out: Path | str,
    tiles: str | None = None,
    progress: Callable[[str], None] | None = None,
    model: MapModel | None = None,
) -> BuildResult:
    """Render every dated snapshot, ``latest.html`` and ``timeline.html`` under ``out/maps``.

    Parameters
    ----------
    resolver : Resolver
    out : path
        The site folder; replaced whole when the build succeeds.
    tiles : {None, "osm"}
        None (default) draws no web tiles: the pages load nothing from the network.
    progress : callable, optional
        Called with the name of each page once written.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    model = model or MapModel(resolver)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
    staging.chmod(0o755)
    result = BuildResult(out)
    try:
        _copy_assets(staging)
        last_html = None
        for snap in model:
            html = render_snapshot(model, snap, assets="../assets", tiles=tiles)
            _write(staging / "maps" / f"{snap.label}.html", html)
            result.pages.append(f"maps/{snap.label}.html")
            last_html = html
            if progress:
                progress(snap.label)
        if last_html is None:
            raise ValueError("no dated map to build: the dataset has no claim")
        _write(staging / "maps" / "latest.html", last_html)
        result.pages.append("maps/latest.html")
        _write(staging / "maps" / "timeline.html", render_timeline(model, assets="../assets", tiles=tiles))
        result.pages.append("maps/timeline.html")
        if progress:
            progress("timeline")
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return result
