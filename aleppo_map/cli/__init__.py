"""The ``aleppo-map`` command: a thin shell over the Python API that notebooks use too.

The group and its ``--data`` option live here; the commands, by what they do, in
:mod:`~aleppo_map.cli.query` (ask the data), :mod:`~aleppo_map.cli.build` (make files) and
:mod:`~aleppo_map.cli.ingest` (the ingestion loop); what they share in ``_common``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..dataset import default_data_dir
from ..memory import hand_back_promptly
from . import build, ingest, query

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dataset folder (default: the shipped geodata/, or $ALEPPO_MAP_DATA).",
)
@click.version_option(package_name="aleppo-map")
@click.pass_context
def main(ctx, data):
    """Map who holds what in a war, from the reports that say so."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data or default_data_dir()
    # Before any data is read: a year's build would otherwise keep a few hundred MB it freed.
    hand_back_promptly()


for command in (
    query.geocode,
    query.validate_cmd,
    query.states,
    query.changes,
    query.explain_cmd,
    query.plan,
    build.build,
    build.export,
    build.serve,
    build.scenario,
    ingest.ingest,
    ingest.review,
    ingest.evaluate,
):
    main.add_command(command)
