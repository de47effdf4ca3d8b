"""What every ``aleppo-map`` command shares: loading the data, failing cleanly, common options.

Private plumbing of :mod:`aleppo_map.cli`: one ``fail`` and one ``load_dataset`` for every
command, so that every command says a bad dataset, a bad date or a bad option the same way.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
import pandas as pd

from ..dataset import Dataset
from ..states import Resolver, as_day
from ..tables import DataError

__all__ = ["fail", "include_option", "load_dataset", "make_resolver", "parse_day", "stale_option", "table"]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` on standard error and leave with ``code`` (a usage error is click's own)."""
    click.echo(message, err=True)
    sys.exit(code)


def load_dataset(ctx: click.Context, gazetteer_only: bool = False) -> Dataset:
    """The dataset of the group's ``--data`` (the shipped one when a command runs on its own), or fail listing every problem."""
    data = ctx.obj["data"] if ctx.obj else None
    try:
        return Dataset.load(data, gazetteer_only=gazetteer_only)
    except DataError as exc:
        fail(
            f"the data in {data} has {len(exc.problems)} problem(s):\n{exc}\nrun 'aleppo-map validate' after fixing them"
        )


def parse_day(value: str, name: str) -> pd.Timestamp:
    """An option's date, or a usage error naming the option."""
    try:
        return as_day(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from None


def make_resolver(ctx: click.Context, stale_after: int, include: Path | None = None) -> Resolver:
    """The resolver over the dataset, with ``--include``'s unreviewed candidates when given."""
    ds = load_dataset(ctx)
    extra = None
    if include is not None:
        from ..ingest import load_candidates

        try:
            extra = load_candidates(include, ds)
        except DataError as exc:
            fail(f"{include} has {len(exc.problems)} problem(s):\n{exc}")
        # Rows already added to claims.csv or rejected by the reviewer are not previewed again.
        extra = extra[extra["status"].isin(["candidate", "accepted"])]
        click.echo(f"including {len(extra)} unreviewed candidate claim(s) from {include}: marked as such", err=True)
    return Resolver(ds, stale_after=stale_after, extra_claims=extra)


include_option = click.option(
    "--include",
    "include",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Preview unreviewed candidate claims from an 'ingest' CSV, marked as such.",
)

stale_option = click.option(
    "--stale-after",
    default=45,
    show_default=True,
    type=click.IntRange(1),
    help="Days without a confirming claim after which a state is stale.",
)


def table(frame: pd.DataFrame) -> str:
    """A frame as a plain-text table for a terminal."""
    if frame.empty:
        return "(none)"
    return frame.to_string(index=False, max_colwidth=60)
