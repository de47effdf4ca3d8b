"""Text from reports reaches a page and a spreadsheet inert, and reads back as it was written."""

from __future__ import annotations

import html
import json

import pandas as pd
import pytest

from aleppo_map import escape

HOSTILE = "<img src=x onerror=alert(1)> `${document.cookie}` \\ {x} \"q\" 'a' & done"


def test_html_and_template_literal_characters_become_character_references():
    out = escape.text(HOSTILE)
    for raw in "<>`${}\\\"'":
        assert raw not in out
    assert "&lt;img" in out


def test_the_browser_shows_the_original_text():
    # Every reference the escaper writes is a plain HTML character reference.
    assert html.unescape(escape.text(HOSTILE)) == HOSTILE


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_is_empty_text_not_the_word_none(missing):
    assert escape.text(missing) == ""


def test_a_number_is_written_as_text():
    assert escape.text(36.2) == "36.2"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "//evil.example/x", "ftp://host/file", "not a url", 42, None],
)
def test_only_http_and_https_urls_become_links(url):
    assert escape.href(url) is None


def test_an_http_link_is_escaped_for_its_attribute():
    assert escape.href(' https://example.org/a?b=1&c="2" ') == "https://example.org/a?b=1&amp;c=&quot;2&quot;"


def test_script_json_cannot_close_its_script_element_and_parses_back():
    value = {"quote": "</script><script>alert(1)</script> <!-- \u2028 & x", "n": [1, 2]}
    raw = escape.script_json(value)
    assert "</script" not in raw.lower() and "<!--" not in raw and "\u2028" not in raw
    assert json.loads(raw) == value


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=1"])
def test_a_formula_like_text_cell_is_shown_as_text_and_reads_back_unchanged(cell):
    safe = escape.spreadsheet_cell(cell)
    assert safe.startswith("'")
    assert escape.from_spreadsheet_cell(safe) == cell


def test_numbers_and_plain_text_are_left_alone_in_a_spreadsheet():
    assert escape.spreadsheet_cell(-36.5) == -36.5
    assert escape.spreadsheet_cell("Aleppo") == "Aleppo"
    assert escape.from_spreadsheet_cell("'quoted but no formula") == "'quoted but no formula"


def test_every_text_column_of_a_frame_is_neutralised_and_the_input_left_as_it_was():
    frame = pd.DataFrame({"quote": ["=cmd|' /C calc'!A0", "fine"], "lon": [-1.5, 2.0]})
    out = escape.spreadsheet_frame(frame)
    assert out["quote"].tolist() == ["'=cmd|' /C calc'!A0", "fine"]
    assert out["lon"].tolist() == [-1.5, 2.0]
    assert frame["quote"][0].startswith("=")
