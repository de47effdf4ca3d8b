"""The analysis notebooks stay reviewable, runnable and on the public API.

Running them is nbmake's job (``pytest --nbmake notebooks/``, part of ``make test``). These
checks are fast and catch what would make them rot quietly: a ``.py`` edited without its
``.ipynb`` (or the reverse), outputs committed, a kernelspec lost to a metadata filter, or a
notebook reaching into private names. docs/notebooks.md explains the workflow.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

jupytext = pytest.importorskip("jupytext", reason="jupytext is a dev dependency: pip install -e '.[dev]'")
nbformat = pytest.importorskip("nbformat")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAIRS = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
KERNEL = "python3"


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_there_are_notebooks():
    assert len(PAIRS) >= 3, f"expected the analysis notebooks in {NOTEBOOKS}"


def test_every_notebook_is_a_pair():
    texts = {p.stem for p in NOTEBOOKS.glob("*.py")}
    assert texts == set(PAIRS), (
        "each notebook is NAME.ipynb + NAME.py (percent format); "
        f"only .py: {sorted(texts - set(PAIRS))}, only .ipynb: {sorted(set(PAIRS) - texts)}; "
        "run: .venv/bin/jupytext --sync notebooks/*.py notebooks/*.ipynb"
    )


@pytest.mark.parametrize("name", PAIRS)
def test_no_outputs_committed(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, (
        f"{name}.ipynb has outputs in cells {dirty}; clear them before committing: "
        f".venv/bin/jupytext --to ipynb notebooks/{name}.py"
    )


@pytest.mark.parametrize("name", PAIRS)
def test_pair_in_sync(name):
    """The .py is exactly what jupytext writes from the .ipynb, so either can be edited and diffed."""
    nb = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    text = (NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
    assert jupytext.writes(nb, fmt="py:percent") == text, (
        f"{name}.py and {name}.ipynb differ; after editing either run: .venv/bin/jupytext --sync notebooks/{name}.py"
    )


@pytest.mark.parametrize("name", PAIRS)
def test_kernelspec_kept(name):
    """nbmake starts the kernel the notebook names; ipykernel installs python3 in the venv."""
    for suffix in (".ipynb", ".py"):
        nb = jupytext.read(NOTEBOOKS / f"{name}{suffix}")
        assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL, f"{name}{suffix} lost its kernelspec"


def test_kernel_installed():
    kernelspec = pytest.importorskip("jupyter_client.kernelspec")
    assert KERNEL in kernelspec.KernelSpecManager().find_kernel_specs(), "ipykernel is not installed in this venv"


def test_config_keeps_kernelspec():
    """A metadata filter of plain '-all' drops the kernelspec (then nbmake and papermill fail)."""
    config = (NOTEBOOKS / "jupytext.toml").read_text(encoding="utf-8")
    line = next(s for s in config.splitlines() if s.startswith("notebook_metadata_filter"))
    assert "kernelspec" in line and "-kernelspec" not in line


@pytest.mark.parametrize("name", PAIRS)
def test_public_api_only(name):
    """Notebooks use what aleppo_map exports (``__all__``) and no underscore names."""
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    problems = []
    for source in _code(nb):
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "aleppo_map":
                module = importlib.import_module(node.module)
                exported = set(getattr(module, "__all__", ()))
                problems += [
                    f"from {node.module} import {a.name} (not in __all__)" for a in node.names if a.name not in exported
                ]
                problems += [f"private module {node.module}" for part in node.module.split(".") if part.startswith("_")]
            elif isinstance(node, ast.Import):
                problems += [
                    f"import {a.name}" for a in node.names if any(p.startswith("_") for p in a.name.split("."))
                ]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                problems.append(f".{node.attr}")
    assert not problems, f"{name} reaches past the public API: {problems}"
