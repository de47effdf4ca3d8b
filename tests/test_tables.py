"""Reading a CSV against its schema: every bad cell named by file, line and field, in one pass."""

from __future__ import annotations

import pytest

from aleppo_map.tables import Column, DataError, Problem, Table, check_cell, read_table

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
