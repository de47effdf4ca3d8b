"""Shared fixtures: the shipped dataset, the made-up conflict, the CLI and ../shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aleppo_map.cli import main
from aleppo_map.dataset import Dataset
from aleppo_map.states import Resolver

ROOT = Path(__file__).resolve().parents[1]
TINYWAR = Path(__file__).parent / "fixtures" / "tinywar"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return Dataset.load()


@pytest.fixture(scope="session")
def gazetteer(dataset):
    return dataset.gazetteer


@pytest.fixture(scope="session")
def resolver(dataset) -> Resolver:
    return Resolver(dataset)


@pytest.fixture
def tinywar(tmp_path) -> Path:
    """A writable copy of the made-up conflict (Ruritania: red against blue)."""
    dest = tmp_path / "tinywar"
    shutil.copytree(TINYWAR, dest)
    return dest


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared (seed articles and geodata sources) is not beside this clone")
    return SHARED


@pytest.fixture
def cli():
    """Run the aleppo-map command in-process; returns the click Result."""
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
