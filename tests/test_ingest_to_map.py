"""From an article to the map: ingestion proposes, review accepts, the map shows it."""

import shutil

from aleppo_map.dataset import Dataset
from aleppo_map.site import build_site
from aleppo_map.states import Resolver

from .pages import page_data, places

ARTICLE = "On Saturday, Syrian rebels seized the town of Khan Shaykhun, the Observatory said.\n"


def test_a_candidate_previews_marked_then_a_reviewed_one_shows_on_the_map(cli, dataset, tmp_path):
    data = tmp_path / "geodata"
    shutil.copytree(dataset.root, data)
    article = tmp_path / "report.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    sheet = tmp_path / "candidates.csv"
    result = cli("--data", data, "ingest", article, "--published", "2024-12-01", "--outlet", "afp", "--out", sheet)
    assert result.exit_code == 0, result.output
    text = sheet.read_text(encoding="utf-8")
    assert "khan-shaykhun" in text and ",captured," in text

    preview = cli("--data", data, "states", "--date", "2024-12-01", "--format", "csv", "--include", sheet)
    assert preview.exit_code == 0, preview.output
    row = next(line for line in preview.output.splitlines() if line.startswith("khan-shaykhun,"))
    assert ",opposition,2024-11-30," in row and "cand-report-" in row
    explain = cli("--data", data, "explain", "khan-shaykhun", "--date", "2024-12-01", "--include", sheet)
    assert explain.exit_code == 0 and "CANDIDATE: not reviewed" in explain.output

    cand = next(line.split(",")[0] for line in text.splitlines() if "khan-shaykhun" in line and ",captured," in line)
    reviewed = cli("--data", data, "review", sheet, "--accept", cand)
    assert reviewed.exit_code == 0, reviewed.output
    assert cli("--data", data, "validate").exit_code == 0

    out = tmp_path / "site"
    build_site(Resolver(Dataset.load(data)), out)
    drawn = places(page_data(out / "maps" / "latest.html"))
    khan = drawn["khan-shaykhun"]
    assert khan["state"] == "opposition"
    assert khan["claims"] and khan["claims"][0].startswith("clm-")
    assert "Syrian Observatory" in khan["popup"]
