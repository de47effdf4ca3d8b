"""Reading a CSV against its schema: every bad cell named by file, line and field, in one pass."""

from __future__ import annotations

import pandas as pd
import pytest

from aleppo_map.tables import WHITESPACE, Column, DataError, Problem, Table, check_cell, read_table

TOWNS = Table(
    "towns.csv",
    (
        Column("id", "id", required=True),
        Column("founded", "date"),
        Column("people", "int"),
        Column("colour", "colour"),
        Column("kind", "choice", choices=("town", "village")),
        Column("note", max_len=10),
    ),
)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (Column("id", "id", required=True), "", "is required"),
        (Column("id", "id"), "a b", "'a b' is not a valid id (letters, digits, - _ . : only)"),
        (Column("n", "int"), "3.5", "'3.5' is not a whole number"),
        (Column("x", "float"), "inf", "'inf' is not a finite number"),
        (Column("d", "date"), "2024-02-30", "'2024-02-30' is not a real date"),
        (Column("d", "date"), "30/11/2024", "'30/11/2024' is not a date in the form YYYY-MM-DD"),
        (Column("c", "colour"), "red", "'red' is not a colour in the form #rrggbb"),
        (Column("k", "choice", choices=("a", "b")), "c", "'c' is not one of: a, b"),
        (Column("t", max_len=3), "four", "is 4 characters long; at most 3 allowed"),
    ],
)
def test_a_bad_cell_says_what_is_wrong(column, value, message):
    assert check_cell(column, value) == message


@pytest.mark.parametrize(
    ("column", "value"),
    [(Column("t"), ""), (Column("n", "int"), "-4"), (Column("x", "float"), "36.2"), (Column("c", "colour"), "#00a087")],
)
def test_a_good_or_optional_empty_cell_passes(column, value):
    assert check_cell(column, value) is None


def test_every_problem_of_a_file_is_found_in_one_read_with_its_line(tmp_path):
    path = tmp_path / "towns.csv"
    path.write_text(
        "id,founded,people,colour,kind,note,extra\n"
        "zenda,1200-01-01,500,#112233,town,ok,x\n"
        "\n"
        "bad id,1200-13-01,many,red,city,far too long,x\n"
        "zenda,,,,,,\n",
        encoding="utf-8",
    )
    frame, problems = read_table(path, TOWNS)
    assert frame["line"].tolist() == [2, 4, 5]  # blank lines skipped, lines counted
    assert [(p.line, p.field) for p in problems] == [
        (4, "id"),
        (4, "founded"),
        (4, "people"),
        (4, "colour"),
        (4, "kind"),
        (4, "note"),
        (5, "id"),
    ]
    assert "duplicate id 'zenda' (first on line 2)" in problems[-1].message


def test_a_missing_column_or_file_is_one_clear_problem(tmp_path):
    path = tmp_path / "towns.csv"
    path.write_text("id,founded\nzenda,1200-01-01\n", encoding="utf-8")
    _, problems = read_table(path, TOWNS)
    assert {(p.line, p.field, p.message) for p in problems} >= {(1, "people", "column is missing from the header")}
    _, problems = read_table(tmp_path / "nowhere.csv", TOWNS)
    assert [str(p) for p in problems] == ["towns.csv: file is missing"]


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path):
    path = tmp_path / "towns.csv"
    path.write_bytes("id,founded,people,colour,kind,note\nzenda,,,,,\nal-b\xe2b,,,,,\n".encode("latin-1"))
    _, problems = read_table(path, TOWNS)
    assert len(problems) == 1 and problems[0].line == 3 and "is not UTF-8" in problems[0].message


def test_a_data_error_lists_its_problems_sorted():
    error = DataError([Problem("b.csv", 2, "id", "x"), Problem("a.csv", 9, "id", "y")])
    assert [p.file for p in error.problems] == ["a.csv", "b.csv"]
    assert str(error).splitlines()[0].startswith("a.csv:9")


def test_a_large_table_with_a_few_bad_cells_reports_exactly_those_cells(tmp_path):
    good = "t{i:06d},1900-01-01,{i},#00a087,town,fine"
    rows = [good.format(i=i) for i in range(50_000)]
    rows[7] = "t000007,1900-02-30,7,#00a087,town,fine"
    rows[20_000] = "t020000,1900-01-01,many,#00a087,city,fine"
    rows[33_333] = "t000007,1900-01-01,5,#00a087,town,much too long"
    rows[49_999] = "t049999,1900-01-01,-3.5,#00a087,town,fine"
    path = tmp_path / "towns.csv"
    path.write_text("id,founded,people,colour,kind,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame, problems = read_table(path, TOWNS)
    assert len(frame) == 50_000 and frame["line"].iloc[-1] == 50_001
    assert [str(p) for p in problems] == [
        "towns.csv:9: founded: '1900-02-30' is not a real date",
        "towns.csv:20002: people: 'many' is not a whole number",
        "towns.csv:20002: kind: 'city' is not one of: town, village",
        "towns.csv:33335: note: is 13 characters long; at most 10 allowed",
        "towns.csv:33335: id: duplicate id 't000007' (first on line 9)",
        "towns.csv:50001: people: '-3.5' is not a whole number",
    ]


TRICKY = (
    "id,founded,people,colour,kind,note\n"
    ' a1 ,"1900-01-01", 5 ,#00A087,town,"x, y"\n'
    "\n"
    "  ,  ,\n"
    'a2,,,,village,"say ""no"""\n'
    'a3,,-4,,,pre"quote\n'
    "a4,,,,,\u00a0padded\u3000\n"
    "a5,,,,\n"
    "a6,,,,,,extra,cells\n"
    "a 7,2024-1-1,4.0,red,City,\r\n"
    '"a8",,,,,"ok"\n'
    "a1,,,,,\n"
    "a9,,,,,last without newline"
)


def test_a_file_is_read_the_same_whether_or_not_a_cell_spans_lines(tmp_path):
    """A quoted cell over two lines sends the file to the row-by-row reader; every other row
    must come out the same as from the column-wise reader."""
    plain, spanning = tmp_path / "plain.csv", tmp_path / "spanning.csv"
    plain.write_text(TRICKY, encoding="utf-8")
    spanning.write_text(TRICKY + '\nb1,,,,,"two\nlines"\n', encoding="utf-8")
    frame, problems = read_table(plain, TOWNS)
    slow, slow_problems = read_table(spanning, TOWNS)
    assert slow["note"].iloc[-1] == "two\nlines"
    pd.testing.assert_frame_equal(frame, slow.iloc[:-1])
    assert [(p.line, p.field, p.message) for p in problems] == [
        (p.line, p.field, p.message) for p in slow_problems if p.line < 15
    ]
    assert frame["id"].tolist()[:3] == ["a1", "a2", "a3"]  # trimmed, blank rows skipped
    assert frame["note"].tolist()[:4] == ["x, y", 'say "no"', 'pre"quote', "padded"]
    assert (frame.loc[frame["id"] == "a9", "line"] == 13).all()
    assert {(p.line, p.field) for p in problems} >= {(8, ""), (9, ""), (10, "id"), (10, "founded"), (12, "id")}


def test_the_whitespace_trimmed_from_cells_is_what_python_calls_whitespace():
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


def test_every_kind_of_space_around_a_cell_is_trimmed(tmp_path):
    spaces = [c for c in WHITESPACE if c not in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"]  # not line breaks
    path = tmp_path / "towns.csv"
    rows = [f"t{i},,,,,{c}x{c}" for i, c in enumerate(spaces)] + [f"u{i},,,,,{c}y" for i, c in enumerate(spaces)]
    path.write_text("id,founded,people,colour,kind,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame, problems = read_table(path, TOWNS)
    assert problems == []
    assert set(frame["note"]) == {"x", "y"}
