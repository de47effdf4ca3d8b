"""What a site was built from, and its folder's safety: hashes, the lock, recovery.

``make maps`` on an unchanged tree must answer without loading the data, so this module
imports only the standard library (and :mod:`aleppo_map.files` when it writes): the
command takes the site's lock, recovers what a killed build left, and checks the inputs'
hash against the site's manifest before it loads pandas or the data.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "MANIFEST",
    "BuildLocked",
    "damaged_files",
    "file_digests",
    "inputs_digest",
    "intact_files",
    "read_manifest",
    "recover",
    "site_lock",
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
    from .files import write_text

    # Compact: a year's manifest (every date's counts and changes) is a quarter smaller
    # without the indentation, and it is read by this tool, not by people.
    write_text(Path(site) / MANIFEST, json.dumps(manifest, separators=(",", ":"), sort_keys=True) + "\n")


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digests(site: Path, known: dict[str, tuple[tuple[int, int], list]] | None = None) -> dict[str, list]:
    """``{relative path: [size, sha256]}`` of every file of a built site but the manifest.

    ``known`` maps a relative path to the ``(st_dev, st_ino)`` of a file hard-linked from
    the previous site and that file's verified entry: while the path is still that very
    file (the build replaces files, never edits them) its entry is reused, not hashed
    again. Only files written by this build are read.
    """
    site = Path(site)
    known = known or {}
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.name == MANIFEST:
            continue
        rel = path.relative_to(site).as_posix()
        st = path.stat()
        if rel in known and known[rel][0] == (st.st_dev, st.st_ino):
            out[rel] = list(known[rel][1])
        else:
            out[rel] = [st.st_size, _digest(path)]
    return out


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
    damage = damaged_files(site, manifest)
    if damage is None:
        return [f"{MANIFEST} lists no files"]
    return [f"{rel} {why}" for rel, why in damage.items()]


def intact_files(site: Path, manifest: dict, damage: dict[str, str] | None = None) -> dict[str, list]:
    """The files the manifest lists that are still as built, with their ``[size, sha256]``:
    the only ones a build may reuse.

    ``damage`` is what :func:`damaged_files` found (``{path: why}``) when the caller has just
    checked the site under the lock; the site is then not hashed again.
    """
    files = manifest.get("files")
    if not isinstance(files, dict):
        return {}
    if damage is None:
        damage = _damage(site, files)
    return {rel: entry for rel, entry in files.items() if rel not in damage}


def damaged_files(site: Path, manifest: dict) -> dict[str, str] | None:
    """``{path: "is missing" | "was changed"}`` for the manifest's files, or None when the
    manifest lists no files (an older build: nothing can be vouched for)."""
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return None
    return _damage(site, files)


# -- the site folder: one build at a time, and what killed builds leave ---------------------------


class BuildLocked(ValueError):
    """Another build into the same folder is running."""


_held: dict[Path, int] = {}  # site folder -> thread holding its lock in this process
_held_guard = threading.Lock()


@contextlib.contextmanager
def site_lock(out: Path | str, data_dir: Path | str | None = None) -> Iterator[Path]:
    """Hold ``.NAME.lock`` beside the site, so that two builds into one folder cannot both run.

    The output path is refused first when it lies in a data folder
    (:func:`aleppo_map.files.refuse_data_folder`; ``data_dir`` counts as one), so the lock
    file is never created there. The kernel drops the lock when its process dies, so a
    killed build leaves no stale lock; the lock file is removed at the end. A build that
    locked a file just removed by the one before it notices (the path no longer names its
    file) and locks the new one instead. The lock is re-entrant within one thread: the
    ``build`` command holds it from its "up to date" check to the end of
    :func:`aleppo_map.site.build_site`, which takes it again. Yields the resolved folder.
    """
    out = Path(out).expanduser().resolve()
    me = threading.get_ident()
    with _held_guard:
        mine = _held.get(out) == me
    if mine:
        yield out
        return
    from .files import file_mode, refuse_data_folder

    refuse_data_folder(out, data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, file_mode())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise BuildLocked(f"another build into {out} is running (it holds {path}); wait for it to finish") from None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    with _held_guard:
        _held[out] = me
    try:
        yield out
    finally:
        with _held_guard:
            _held.pop(out, None)
        path.unlink(missing_ok=True)
        os.close(fd)


def recover(out: Path | str) -> list[str]:
    """Put back a site a killed build left hidden, and remove what killed builds left behind.

    A build killed between the two renames of the swap leaves ``out`` absent and the
    previous site in ``.NAME.old-*/NAME``: it is renamed back. Staging folders
    (``.NAME.build-*``) and emptied ``.NAME.old-*`` folders of killed builds are removed.
    Call only while holding :func:`site_lock`. Returns what was done, for the user.
    """
    out = Path(out)
    done = []
    olds = sorted((p for p in out.parent.glob(f".{out.name}.old-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if not out.exists():
        hidden = [p / out.name for p in olds if (p / out.name).is_dir()]
        if hidden:
            os.rename(hidden[-1], out)
            done.append(f"restored the previous site from {hidden[-1]} (a build was killed while swapping)")
    for path in [*olds, *out.parent.glob(f".{out.name}.build-*")]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed {path.name}, left by a killed build")
    return done
