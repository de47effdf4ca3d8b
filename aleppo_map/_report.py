"""Figures for the benchmarks and the evaluation: one row per measured figure, and rate helpers.

Plumbing shared by ``bench`` and ``ingest.evaluation`` so that neither imports the other (the
benchmarks import the evaluation to time ingestion; the evaluation must not import them back).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

__all__ = ["cpu_rate", "rate", "row"]


def rate(fn: Callable[[], int], min_seconds: float = 0.5) -> float:
    """Items per wall-clock second of ``fn`` (which returns how many items it did), repeated to ``min_seconds``."""
    done, start = 0, time.perf_counter()
    while True:
        done += fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def cpu_rate(fn: Callable[[], int], min_seconds: float = 1.0) -> float:
    """Items per CPU second of ``fn``: per core, whatever else the machine runs at the same time."""
    done, start = 0, time.process_time()
    while True:
        done += fn()
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return done / elapsed


def row(
    figure: str,
    value: float,
    unit: str,
    baseline: float | None = None,
    goal: float | None = None,
    higher_is_better: bool = True,
    note: str = "",
) -> dict:
    """One figure beside its baseline, as the report tables print it.

    ``ratio`` is always "how many times better than the baseline": rates over rates, times and
    sizes inverted, so a reader never has to ask which way a figure points. ``met`` says whether
    ``goal`` is reached (None without a goal). A NaN value (a figure that could not be measured
    here) is reported as None rather than as a number.
    """
    if isinstance(value, float) and math.isnan(value):
        return {
            "figure": figure,
            "value": None,
            "unit": unit,
            "baseline": None,
            "ratio": None,
            "goal": goal,
            "met": None,
            "note": note,
        }
    ratio = (value / baseline if higher_is_better else baseline / value) if baseline and value else None
    met = None
    if goal is not None:
        met = value >= goal if higher_is_better else value <= goal
    return {
        "figure": figure,
        "value": round(value, 3),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": None if ratio is None else round(ratio, 2),
        "goal": goal,
        "met": met,
        "note": note,
    }
