"""What a site was built from: content hashes, read and written without heavy imports.

``make maps`` on an unchanged tree must answer in well under a second, so this module
imports only the standard library: the command checks the inputs' hash against the site's
manifest before it loads pandas or the data.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = [
    "MANIFEST",
    "file_digests",
    "inputs_digest",
    "intact_files",
    "read_manifest",
    "verify_site",
    "write_manifest",
]

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


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digests(site: Path) -> dict[str, list]:
    """``{relative path: [size, sha256]}`` of every file of a built site but the manifest."""
    site = Path(site)
    return {
        path.relative_to(site).as_posix(): [path.stat().st_size, _digest(path)]
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _damage(site: Path, files: dict) -> dict[str, str]:
    """Files of ``files`` missing from ``site`` or differing from their size and hash."""
    out = {}
    for rel, entry in sorted(files.items()):
        path = Path(site) / rel
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        if size is None:
            out[rel] = "is missing"
        elif size != entry[0] or _digest(path) != entry[1]:  # sizes first: hashing only on a tie
            out[rel] = "was changed"
    return out


def verify_site(site: Path, manifest: dict) -> list[str]:
    """The files of a built site that are missing or differ from its manifest, with why.

    An empty list means every file the manifest lists is there with its size and hash. A
    manifest without a file list (an older build) cannot vouch for anything.
    """
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return [f"{MANIFEST} lists no files"]
    return [f"{rel} {why}" for rel, why in _damage(site, files).items()]


def intact_files(site: Path, manifest: dict) -> set[str]:
    """The files the manifest lists that are still as built: the only ones a build may reuse."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        return set()
    return set(files) - set(_damage(site, files))
