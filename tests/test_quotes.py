"""Quotes shortened for a one-line explanation end on a whole word."""

from __future__ import annotations

from aleppo_map.dataset import Dataset
from aleppo_map.states import Resolver, shorten


def test_a_long_quote_is_cut_after_a_whole_word_and_says_so():
    text = "the army said that its units had withdrawn from the northern districts of the city overnight"
    short = shorten(text, 40)
    assert short.endswith("\u2026") and len(short) <= 40
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "


def test_a_short_quote_is_left_whole():
    assert shorten("we took the town", 40) == "we took the town"


def test_explanations_quote_whole_words(tinywar):
    claims = tinywar / "claims.csv"
    long = "Zenda fell to the League after a long night of fighting in the narrow streets around the old market square"
    claims.write_text(claims.read_text(encoding="utf-8").replace("Zenda fell", long), encoding="utf-8")
    states = Resolver(Dataset.load(tinywar)).states("2020-02-05").set_index("place_id")
    explanation = states.loc["zenda", "explanation"]
    quoted = explanation.split("\u201c", 1)[1].split("\u201d", 1)[0]
    assert quoted.endswith("\u2026") and long.startswith(quoted[:-1]) and long[len(quoted) - 1] == " "
