"""The aleppo-map group: every command is there, and the version is the one pyproject.toml gives."""

from __future__ import annotations

import tomllib

import aleppo_map
from aleppo_map.cli import main

from .conftest import ROOT

COMMANDS = {
    "build",
    "changes",
    "eval",
    "explain",
    "export",
    "geocode",
    "ingest",
    "plan",
    "review",
    "scenario",
    "serve",
    "states",
    "validate",
}


def test_every_command_is_registered_on_the_group():
    assert set(main.commands) == COMMANDS


def test_help_lists_every_command(cli):
    out = cli("--help").output
    assert all(f"  {name} " in out for name in COMMANDS)


def test_the_version_is_written_once_in_pyproject(cli):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert aleppo_map.__version__ == version
    assert cli("--version").output.strip().endswith(f", version {version}")


def test_a_command_run_on_its_own_reads_the_shipped_data(cli):
    # The ingestion commands also run outside the group (no --data): they fall back on geodata/.
    from click.testing import CliRunner

    from aleppo_map.cli.ingest import review

    result = CliRunner().invoke(review, ["nowhere.csv"])
    assert result.exit_code == 1 and "nowhere.csv: no such file" in result.output
