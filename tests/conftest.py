"""Shared fixtures: the shipped dataset and its site, the made-up conflict, the CLI and ../shared."""

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


@pytest.fixture(scope="session")
def site(resolver, tmp_path_factory) -> Path:
    """The shipped dataset's site, built once for every test that reads it (site, maps, browser).

    Building it takes most of a minute; tests only read it. A test that changes a site
    builds its own from a copy of the data.
    """
    from aleppo_map.site import build_site

    out = tmp_path_factory.mktemp("seed-site") / "site"
    build_site(resolver, out)
    return out


def pytest_collection_modifyitems(config, items) -> None:
    """Tests under tests/browser/ carry the ``browser`` marker (``-m "not browser"`` leaves them out)."""
    browser = Path(__file__).parent / "browser"
    for item in items:
        if browser in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


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
