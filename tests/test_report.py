"""Figure rows: a ratio always says how many times better than the baseline, whichever way the figure points."""

from __future__ import annotations

import math

from aleppo_map._report import cpu_rate, rate, row


def test_a_rate_is_divided_by_its_baseline():
    r = row("places/s", 300.0, "places/s", baseline=100.0, goal=200)
    assert (r["ratio"], r["met"]) == (3.0, True)


def test_a_time_is_better_when_smaller_so_its_ratio_is_inverted():
    r = row("build", 2.0, "s", baseline=8.0, goal=1, higher_is_better=False)
    assert (r["ratio"], r["met"]) == (4.0, False)


def test_a_figure_that_could_not_be_measured_has_no_value_and_no_verdict():
    r = row("browser", math.nan, "s", baseline=3.0, goal=1)
    assert (r["value"], r["ratio"], r["met"]) == (None, None, None)


def test_without_a_baseline_or_goal_there_is_no_ratio_or_verdict():
    r = row("size", 1.23456, "MB")
    assert (r["value"], r["ratio"], r["met"]) == (1.235, None, None)


def test_rates_count_the_items_the_function_says_it_did():
    calls = []

    def work() -> int:
        calls.append(1)
        return 5

    assert rate(work, 0.01) > 0
    assert cpu_rate(work, 0.01) > 0
    assert len(calls) >= 2
