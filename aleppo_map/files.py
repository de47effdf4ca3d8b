"""Writing output files safely: whole or not at all, never into a data folder, honouring the umask.

Every command that writes a file writes it beside its target under a hidden name and renames
it into place, so a reader (or a killed run) never sees half a file. Output commands
(``build``, ``export``, ``scenario``, ``ingest``) must never replace the curated data: a
path that lies inside a *data folder* (a folder holding ``places.csv``, ``claims.csv`` or
``sides.csv``) is refused before anything is written. Only ``review`` writes into a data
folder, and only by appending accepted claims.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only where a frame is written: the site lock imports this module cheaply
    import pandas as pd

__all__ = [
    "DataFolderError",
    "atomic_path",
    "csv_text",
    "data_files",
    "data_folder_of",
    "dir_mode",
    "file_mode",
    "refuse_data_folder",
    "umask",
    "write_bytes",
    "write_csv",
    "write_text",
]


@functools.cache
def data_files() -> tuple[str, ...]:
    """The files that make a folder a dataset: the places, claims and sides tables.

    Taken from their :class:`~aleppo_map.tables.Table` definitions, so a renamed table
    renames the check too. Imported when first needed: the table modules import pandas,
    and nothing they import imports this module (no cycle).
    """
    from .claims import CLAIMS, SIDES
    from .gazetteer import PLACES

    return tuple(table.filename for table in (PLACES, CLAIMS, SIDES))


def __getattr__(name: str):
    if name == "DATA_FILES":  # the old constant, now derived from the tables
        return data_files()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DataFolderError(ValueError):
    """An output path lies inside a data folder."""


@functools.cache
def _umask_once() -> int:
    # Setting and restoring is the only portable getter; done once per process, since
    # another thread creating a file in between would get the wrong mode.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def umask() -> int:
    """The process's umask.

    Read from ``/proc/self/status`` (Linux 4.7+), which changes nothing and so cannot race
    with threads writing files (the Dask path); elsewhere it is read once per process by
    setting and restoring it.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return _umask_once()


def file_mode() -> int:
    """The mode a plain ``open(..., "w")`` would give a new file: 0o666 less the umask."""
    return 0o666 & ~umask()


def dir_mode() -> int:
    """The mode ``mkdir`` would give a new folder: 0o777 less the umask."""
    return 0o777 & ~umask()


def _is_data_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in data_files())


def data_folder_of(path: Path | str, data_dir: Path | str | None = None) -> Path | None:
    """The data folder ``path`` lies in (or is), or None.

    Symlinks are resolved first, so a link that points into a dataset is caught too. The
    folder ``data_dir`` counts as a data folder even when it is still empty.
    """
    target = Path(path).expanduser().resolve()
    data = Path(data_dir).expanduser().resolve() if data_dir is not None else None
    for folder in (target, *target.parents):
        if data is not None and folder == data:
            return folder
        if folder.is_dir() and _is_data_folder(folder):
            return folder
    return None


def refuse_data_folder(path: Path | str, data_dir: Path | str | None = None, option: str = "--out") -> None:
    """Raise :class:`DataFolderError` when an output path lies inside a data folder.

    Parameters
    ----------
    path : path
        Where a command is about to write (a file or a folder).
    data_dir : path, optional
        The dataset the command reads; refused even before it holds a CSV file.
    option : str
        The option that named the path, for the message.
    """
    folder = data_folder_of(path, data_dir)
    if folder is not None:
        raise DataFolderError(
            f"{option} {path} lies inside the data folder {folder} (it holds the dataset's CSV files); "
            "no command writes there except 'review': choose a path outside it"
        )


@contextlib.contextmanager
def atomic_path(path: Path | str, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto ``path`` when the block succeeds.

    The temporary name does not exist when the block starts (writers such as GDAL refuse
    to open an existing file) and is removed when the block fails. The file ends with the
    mode a plain ``open`` would give it (0o666 less the umask), whatever the writer chose.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix or path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, file_mode())
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path | str, text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` whole or not at all (newlines as given)."""
    return write_bytes(path, text.encode("utf-8"))


def csv_text(frame: pd.DataFrame, spreadsheet_safe: bool = True) -> str:
    r"""A frame as CSV text (``\n`` line ends, no index).

    With ``spreadsheet_safe`` every text cell that a spreadsheet would run as a formula gets
    a leading single quote (:func:`aleppo_map.escape.spreadsheet_cell`).
    """
    from .escape import spreadsheet_frame

    if spreadsheet_safe:
        frame = spreadsheet_frame(frame)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def write_csv(path: Path | str, frame: pd.DataFrame, spreadsheet_safe: bool = True) -> Path:
    """Write a frame as CSV whole or not at all; see :func:`csv_text`."""
    return write_text(path, csv_text(frame, spreadsheet_safe))
