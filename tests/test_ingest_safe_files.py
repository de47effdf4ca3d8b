"""Candidates files are output, never data, and are safe to open in a spreadsheet.

Every text here is written for these tests.
"""

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

FORMULA = (
    '=HYPERLINK("http://x","y") Rebels captured Saraqeb on Friday, the Syrian Observatory for Human Rights said.\n'
)


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def data(dataset, tmp_path) -> Path:
    copy = tmp_path / "geodata"
    shutil.copytree(dataset.root, copy)
    return copy


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(FORMULA, encoding="utf-8")
    return path


@pytest.mark.parametrize("target", ["claims.csv", "candidates.csv", "sub/candidates.csv"])
def test_ingest_refuses_to_write_its_candidates_inside_the_data_folder(cli, data, article, target):
    before = digest(data)
    result = cli(
        "--data", data, "ingest", article, "--published", "2024-11-30", "--outlet", "afp", "--out", data / target
    )
    assert result.exit_code != 0
    assert "lies inside the data folder" in result.output and "nothing was written" in result.output
    assert digest(data) == before, "the data folder is byte-identical after a refused ingest"


def test_a_candidate_quoting_a_formula_is_neutralised_for_the_spreadsheet(cli, data, article, tmp_path):
    sheet = tmp_path / "candidates.csv"
    result = cli("--data", data, "ingest", article, "--published", "2024-11-30", "--outlet", "afp", "--out", sheet)
    assert result.exit_code == 0, result.output
    quotes = [r["quote"] for r in rows(sheet) if r["kind"] == "claim"]
    assert quotes, "the sentence still gives its claim"
    assert all(not q.startswith(("=", "+", "-", "@")) for q in quotes)
    assert any(q.startswith("'=HYPERLINK(") for q in quotes), quotes


def test_ingest_then_review_puts_the_reporters_text_in_claims_csv_without_the_neutralising_quote(
    cli, data, article, tmp_path
):
    sheet = tmp_path / "candidates.csv"
    assert (
        cli("--data", data, "ingest", article, "--published", "2024-11-30", "--outlet", "afp", "--out", sheet).exit_code
        == 0
    )
    (cand,) = [r for r in rows(sheet) if r["kind"] == "claim" and r["place_id"] == "saraqib"]
    accepted = cli("--data", data, "review", sheet, "--accept", cand["id"])
    assert accepted.exit_code == 0, accepted.output
    added = rows(data / "claims.csv")[-1]
    assert added["place_id"] == "saraqib"
    assert added["quote"].startswith('=HYPERLINK("http://x","y") Rebels captured Saraqeb')
    marked = {r["id"]: r for r in rows(sheet)}[cand["id"]]
    assert marked["status"] == "added" and marked["quote"].startswith("'=HYPERLINK("), "the sheet stays safe"


def test_a_build_preview_of_a_neutralised_sheet_reads_the_original_text(dataset, article, tmp_path, cli):
    from aleppo_map.ingest import load_candidates

    sheet = tmp_path / "candidates.csv"
    assert cli("ingest", article, "--published", "2024-11-30", "--outlet", "afp", "--out", sheet).exit_code == 0
    included = load_candidates(sheet, dataset)
    assert included["quote"].str.startswith("=HYPERLINK(").any()
    assert not included["quote"].str.startswith("'").any()
