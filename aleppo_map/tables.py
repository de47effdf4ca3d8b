"""Read the CSV files of a dataset, checking every cell, and report every problem at once.

A journalist edits these files by hand, so a problem is reported the way an editor needs
it: the file, the line, the field and what is wrong, for all problems in one run. Nothing
here raises on bad data; callers decide whether problems are fatal.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["Column", "DataError", "Problem", "Table", "check_cell", "read_table"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located for the person who must fix it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataError(Exception):
    """Raised with every problem found, so that one run shows them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Column:
    """A column of a table: its name, type and whether a row may leave it empty.

    ``kind`` is one of ``str``, ``id``, ``int``, ``float``, ``date``, ``colour`` or
    ``choice`` (then ``choices`` lists the allowed values).
    """

    name: str
    kind: str = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int | None = None


@dataclass(frozen=True)
class Table:
    """The schema of one CSV file of the dataset."""

    filename: str
    columns: tuple[Column, ...]
    key: str | None = "id"
    optional: bool = False
    extra_columns_ok: bool = True
    description: str = field(default="", compare=False)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def check_cell(col: Column, value: str) -> str | None:
    """What is wrong with one cell of column ``col`` (its message), or None when it is fine."""
    if value == "":
        return "is required" if col.required else None
    if col.max_len is not None and len(value) > col.max_len:
        return f"is {len(value)} characters long; at most {col.max_len} allowed"
    if col.kind == "id" and not _ID.match(value):
        return f"{value!r} is not a valid id (letters, digits, - _ . : only)"
    if col.kind == "int":
        try:
            int(value)
        except ValueError:
            return f"{value!r} is not a whole number"
    elif col.kind == "float":
        try:
            number = float(value)
        except ValueError:
            return f"{value!r} is not a number"
        if not math.isfinite(number):
            return f"{value!r} is not a finite number"
    elif col.kind == "date":
        if not _DATE.match(value):
            return f"{value!r} is not a date in the form YYYY-MM-DD"
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"{value!r} is not a real date"
    elif col.kind == "colour" and not _COLOUR.match(value):
        return f"{value!r} is not a colour in the form #rrggbb"
    elif col.kind == "choice" and value not in col.choices:
        return f"{value!r} is not one of: {', '.join(col.choices)}"
    return None


# The characters str.strip() removes: passed explicitly so that Arrow-backed strings strip exactly
# what Python's str.strip() does.
# (every character whose isspace() is true; a test keeps the list whole).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"
_PADDED = f"^{_CLASS}|{_CLASS}$"  # a cell that starts or ends with whitespace (RE2's syntax)
# Line breaks str.splitlines() knows besides \n and \r\n: a file holding one is read row by row
# (their UTF-8 bytes: each looked for alone, a regular expression over 100 MB takes seconds).
ODD_BREAKS = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
# Cells of these kinds that match are certainly valid; the rest go through check_cell.
_SURELY_VALID = {
    "id": r"[A-Za-z0-9][A-Za-z0-9_.:\-]*",
    "int": r"-?[0-9]{1,18}",
    "float": r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?",
    "colour": r"#[0-9a-fA-F]{6}",
}


def read_table(path: Path, table: Table, label: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one CSV file against its schema.

    Returns the rows that could be read, as strings plus a ``line`` column giving each
    row's line in the file, and the problems found. Rows with a bad cell are kept (so that
    cross-file checks still see their ids) but the problem is reported.

    A file whose every row sits on one line is parsed by pandas' C reader and checked
    column by column (a million claims in seconds); any other (a quoted cell spanning
    lines, an odd line break, an unusually long line) row by row with :mod:`csv`. Both give
    the same rows and problems: only the speed differs.
    """
    label = label or table.filename
    empty = pd.DataFrame({**{c: pd.Series(dtype="str") for c in table.names}, "line": pd.Series(dtype="int64")})
    if not path.exists():
        if table.optional:
            return empty, []
        return empty, [Problem(label, 0, "", "file is missing")]
    if not path.is_file():
        return empty, [Problem(label, 0, "", "is not a file")]
    raw = path.read_bytes()
    try:
        raw.decode("utf-8-sig")  # checked, not kept: a million claims' text need not sit in memory twice
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return empty, [
            Problem(
                label,
                line,
                "",
                f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8",
            )
        ]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        return empty, [Problem(label, line, "", "holds a NUL byte: this is not a text CSV file")]
    parsed = _parse_columns(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    if parsed is None:
        parsed = _parse_rows(raw.decode("utf-8-sig"))
    del raw
    if parsed is None:
        return empty, [Problem(label, 1, "", "file is empty; expected a header row: " + ",".join(table.names))]
    header, cells, lines, found = parsed
    missing = [c for c in table.names if c not in header]
    if missing:
        return empty, [Problem(label, 1, name, "column is missing from the header") for name in missing]
    frame = pd.DataFrame({name: cells[header.index(name)] for name in table.names})
    frame["line"] = lines
    del cells
    problems = [(line, 0, Problem(label, line, "", message)) for line, message in found]
    problems += _cell_problems(frame, table, label)
    if table.key:
        problems += _duplicate_problems(frame, table, label)
    problems.sort(key=lambda p: (p[0], p[1]))
    return frame, [p for _, _, p in problems]


_Parsed = tuple[list[str], list[pd.Series], np.ndarray, list[tuple[int, str]]]


def _parse_columns(body: bytes) -> _Parsed | None:
    """The header, the stripped cells of each column, each row's line and the rows of the
    wrong length; or None when the file is not one row a line (then :func:`_parse_rows`).

    Rows that are blank are dropped, as :func:`_parse_rows` drops them. The rows that hold
    a quote are read by :mod:`csv` too, and both readers must agree on them.
    """
    first = body[: body.find(b"\n")] if b"\n" in body else body
    if not body or b'"' in first or any(b in body for b in ODD_BREAKS) or body.count(b"\r") != body.count(b"\r\n"):
        return None
    header = [h.strip() for h in next(csv.reader([first.decode("utf-8")]), [])]
    buf = np.frombuffer(body, dtype=np.uint8)
    starts = np.concatenate([[0], np.flatnonzero(buf == 10) + 1])
    starts = starts[starts < len(buf)]
    if len(starts) < 2 or np.diff(np.append(starts, len(buf))).max() >= csv.field_size_limit():
        return None  # only a header (read row by row: cheap), or a cell csv would refuse
    ends = np.append(starts[2:], len(buf))
    starts = starts[1:]
    quoted = {int(i): _csv_row(buf[starts[i] : ends[i]]) for i in np.flatnonzero(_count_per_line(buf, starts, 34))}
    if any(row is None for row in quoted.values()):
        return None
    fields = _count_per_line(buf, starts, ord(",")) + 1
    for i, row in quoted.items():
        fields[i] = len(row or [])
    width = max(int(fields.max()), len(header))
    if len(header) > 1 and (fields == len(header)).all():
        frame = _read_arrow(body, width)  # every line a full row: Arrow's reader, far smaller
    else:
        frame = _read_pandas(body, width)
    if frame is None or len(frame) != len(starts):  # a quoted cell spans lines
        return None
    for i, row in quoted.items():
        if [frame[n].iat[i] for n in range(len(row or []))] != row:
            return None
    cells = [_strip(frame.pop(i)) for i in range(width)]
    del frame
    keep = ~np.logical_and.reduce([(c == "").to_numpy() for c in cells])
    lines = np.arange(2, len(starts) + 2, dtype="int64")[keep]
    cells = [c[keep].reset_index(drop=True) for c in cells[: len(header)]]
    wrong = keep & (fields != len(header))
    found = [(int(i) + 2, f"has {fields[i]} fields; the header has {len(header)}") for i in np.flatnonzero(wrong)]
    return header, cells, lines, found


def _strip(values: pd.Series) -> pd.Series:
    """The cells without surrounding whitespace; the same column when none has any.

    Arrow's regular expressions find the padded cells in one pass: stripping every column
    would copy a million claims' text for nothing.
    """
    try:
        import pyarrow.compute as pc

        padded = pc.any(pc.match_substring_regex(values.array.__arrow_array__(), _PADDED)).as_py()
    except (AttributeError, TypeError):  # not Arrow-backed
        padded = True
    return values.str.strip(WHITESPACE) if padded else values


def _csv_row(line: np.ndarray) -> list[str] | None:
    """One line as :mod:`csv` reads it (None when it cannot)."""
    try:
        return next(csv.reader([line.tobytes().decode("utf-8")]), [])
    except csv.Error:
        return None


def _read_arrow(body: bytes, width: int) -> pd.DataFrame | None:
    """Every line of ``body`` after the header as ``width`` string cells, read by Arrow."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    names = [str(i) for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    dtype = pd.StringDtype(na_value=np.nan)
    out = {}
    for i in range(width):  # column by column, each freed from the Arrow table once copied
        out[i] = pd.Series(pd.array(table.column(0), dtype=dtype))
        table = table.remove_column(0)
    return pd.DataFrame(out)


def _read_pandas(body: bytes, width: int) -> pd.DataFrame | None:
    """Every line of ``body`` after the header as ``width`` string cells, short rows padded with ''."""
    try:
        return pd.read_csv(
            io.BytesIO(body),
            header=None,
            skiprows=1,
            names=list(range(width)),
            index_col=False,
            dtype="str",
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding="utf-8",
        )
    except (ValueError, pd.errors.ParserError):
        return None


def _count_per_line(buf: np.ndarray, starts: np.ndarray, byte: int) -> np.ndarray:
    """How many times ``byte`` occurs in each line (lines start at ``starts``, end at the next)."""
    out = np.empty(len(starts), dtype="int64")
    step = 1 << 16  # lines at a time: a mask of the whole file would double its memory
    for i in range(0, len(starts), step):
        part = starts[i : i + step]
        hi = starts[i + step] if i + step < len(starts) else len(buf)
        hits = buf[part[0] : hi] == byte
        out[i : i + step] = np.add.reduceat(hits, part - part[0], dtype="int64")
    return out


def _parse_rows(text: str) -> _Parsed | None:
    """Like :func:`_parse_columns`, row by row with :mod:`csv` (any CSV it reads; None when empty)."""
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return None
    rows: list[list[str]] = []
    lines: list[int] = []
    found: list[tuple[int, str]] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            found.append((reader.line_num, f"cannot be parsed as CSV: {exc}"))
            break
        line = start + 1
        start = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            found.append((line, f"has {len(cells)} fields; the header has {len(header)}"))
            cells = (cells + [""] * len(header))[: len(header)]
        rows.append([c.strip() for c in cells])
        lines.append(line)
    columns = [pd.Series(list(c), dtype="str") for c in zip(*rows, strict=True)] if rows else []
    if not rows:
        columns = [pd.Series(dtype="str") for _ in header]
    return header, columns, np.asarray(lines, dtype="int64"), found


def _cell_problems(frame: pd.DataFrame, table: Table, label: str) -> list[tuple[int, int, Problem]]:
    """Every bad cell, as :func:`check_cell` words it, checking each distinct doubtful value once.

    A vectorised test clears the cells that are certainly valid (an id of the allowed
    characters, a listed choice, an optional empty cell); only the others, usually few
    distinct values, are checked one by one.
    """
    out = []
    lines = frame["line"].to_numpy()
    for rank, col in enumerate(table.columns, start=1):
        values = frame[col.name]
        doubt = _doubtful(col, values)
        if not doubt.any():
            continue
        codes, uniques = pd.factorize(values[doubt])
        messages = np.array([check_cell(col, v) or "" for v in uniques], dtype=object)
        bad = np.flatnonzero(messages != "")
        if not len(bad):
            continue
        where = np.flatnonzero(doubt)
        hit = np.isin(codes, bad)
        for line, code in zip(lines[where[hit]], codes[hit], strict=True):
            out.append((int(line), rank, Problem(label, int(line), col.name, messages[code])))
    return out


def _doubtful(col: Column, values: pd.Series) -> np.ndarray:
    """Cells of ``col`` that may be invalid: every invalid cell is among them."""
    empty = (values == "").to_numpy()
    doubt = empty.copy() if col.required else np.zeros(len(values), dtype=bool)
    if col.max_len is not None:
        doubt |= (values.str.len() > col.max_len).to_numpy()
    if col.kind in _SURELY_VALID:
        doubt |= ~empty & ~values.str.fullmatch(_SURELY_VALID[col.kind]).to_numpy(dtype=bool)
    elif col.kind == "choice":
        doubt |= ~empty & ~values.isin(col.choices).to_numpy()
    elif col.kind == "date":
        doubt |= ~empty  # few distinct days: each is checked once
    return doubt


def _duplicate_problems(frame: pd.DataFrame, table: Table, label: str) -> list[tuple[int, int, Problem]]:
    """A key seen on an earlier row, named with the line it was first on."""
    key = table.key or ""
    keys = frame[key]
    dup = (keys.duplicated() & (keys != "")).to_numpy()
    if not dup.any():
        return []
    first = frame.loc[~keys.duplicated(), [key, "line"]].set_index(key)["line"]
    rank = len(table.columns) + 1
    out = []
    for value, line in zip(keys[dup], frame["line"][dup], strict=True):
        message = f"duplicate id {value!r} (first on line {first[value]})"
        out.append((int(line), rank, Problem(label, int(line), key, message)))
    return out
