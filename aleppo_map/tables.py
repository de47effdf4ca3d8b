"""Read the CSV files of a dataset, checking every cell, and report every problem at once.

A journalist edits these files by hand, so a problem is reported the way an editor needs
it: the file, the line, the field and what is wrong, for all problems in one run. Nothing
here raises on bad data; callers decide whether problems are fatal.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

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


def read_table(path: Path, table: Table, label: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one CSV file against its schema.

    Returns the rows that could be read, as strings plus a ``line`` column giving each
    row's line in the file, and the problems found. Rows with a bad cell are kept (so that
    cross-file checks still see their ids) but the problem is reported.
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
        text = raw.decode("utf-8-sig")
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
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return empty, [Problem(label, line, "", "holds a NUL byte: this is not a text CSV file")]
    problems: list[Problem] = []
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        return empty, [Problem(label, 1, "", "file is empty; expected a header row: " + ",".join(table.names))]
    header = [h.strip() for h in header]
    missing = [c for c in table.names if c not in header]
    for name in missing:
        problems.append(Problem(label, 1, name, "column is missing from the header"))
    if missing:
        return empty, problems
    names, columns = table.names, table.columns
    pos = {name: header.index(name) for name in names}
    key_pos = names.index(table.key) if table.key else -1
    rows: list[list[str]] = []
    lines: list[int] = []
    seen: dict[str, int] = {}
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, reader.line_num, "", f"cannot be parsed as CSV: {exc}"))
            break
        line = start + 1
        start = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(label, line, "", f"has {len(cells)} fields; the header has {len(header)}"))
            cells = (cells + [""] * len(header))[: len(header)]
        values = [cells[pos[name]].strip() for name in names]
        for col, value in zip(columns, values, strict=True):
            msg = check_cell(col, value)
            if msg:
                problems.append(Problem(label, line, col.name, msg))
        if table.key:
            key = values[key_pos]
            if key and key in seen:
                problems.append(Problem(label, line, table.key, f"duplicate id {key!r} (first on line {seen[key]})"))
            else:
                seen.setdefault(key, line)
        rows.append(values)
        lines.append(line)
    frame = pd.DataFrame(rows, columns=table.names, dtype="str") if rows else empty.drop(columns="line")
    frame["line"] = pd.Series(lines, dtype="int64")
    return frame, problems
