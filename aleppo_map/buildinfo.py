"""What a site was built from: content hashes, read and written without heavy imports.

``make maps`` on an unchanged tree must answer in well under a second, so this module
imports only the standard library: the command checks the inputs' hash against the site's
manifest before it loads pandas or the data.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["MANIFEST", "inputs_digest", "read_manifest", "write_manifest"]

MANIFEST = ".aleppo-map-build.json"
PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith("."):
            yield path


def inputs_digest(data_dir: Path, options: dict | None = None, extra: list[Path] | None = None) -> str:
    """One hash of everything a build reads: the data folder, this package's code and
    templates, the options and any extra input file (candidates)."""
    h = hashlib.sha256()
    for root in (Path(data_dir), PACKAGE):
        for path in _files(root):
            h.update(str(path.relative_to(root)).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for path in extra or []:
        h.update(hashlib.sha256(Path(path).read_bytes()).digest())
    h.update(json.dumps(options or {}, sort_keys=True).encode())
    try:
        from importlib.metadata import version

        h.update("|".join(version(p) for p in ("folium", "branca", "xstatic-leaflet", "matplotlib", "pandas")).encode())
    except Exception:  # an uninstalled checkout: the code hash above still covers our side
        pass
    return h.hexdigest()


def read_manifest(site: Path) -> dict:
    path = Path(site) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(site: Path, manifest: dict) -> None:
    (Path(site) / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
