"""Review through the Python API: accepted candidates become claims with fresh ids, once; a bad one stops everything."""

from __future__ import annotations

import pandas as pd
import pytest

from aleppo_map.dataset import Dataset
from aleppo_map.files import csv_text
from aleppo_map.ingest.review import ReviewError, review_candidates, settings
from aleppo_map.ingest.sheet import CANDIDATE_COLUMNS


def candidate(cid: str, **fields) -> dict:
    row = dict.fromkeys(CANDIDATE_COLUMNS, "")
    row.update(
        id=cid,
        kind="claim",
        status="candidate",
        place_id="zenda",
        side="blue",
        action="captured",
        stance="attributed",
        about_date="2020-03-01",
        about_precision="day",
        published="2020-03-02",
        outlet="gazette",
        claimant="monitor",
        quote="our own test sentence: the League took Zenda",
        origin="https://example.org/gazette/1",
    )
    row.update(fields)
    return row


@pytest.fixture
def sheet(tmp_path):
    def write(*rows: dict):
        path = tmp_path / "cand.csv"
        path.write_text(csv_text(pd.DataFrame(list(rows), columns=list(CANDIDATE_COLUMNS))), encoding="utf-8")
        return path

    return write


def said():
    lines: list[tuple[str, bool]] = []
    return lines, lambda message, err=False: lines.append((message, err))


def test_an_accepted_candidate_is_added_with_the_next_free_id_and_marked_in_the_file(tinywar, sheet):
    path = sheet(candidate("cand-a-1"), candidate("cand-a-2", place_id="hentzau"))
    ds = Dataset.load(tinywar)
    lines, say = said()
    review_candidates(ds, path, {"cand-a-1"}, say=say)
    after = Dataset.load(tinywar)
    assert len(after.claims) == len(ds.claims) + 1
    new = after.claims.iloc[-1]
    assert (new["place_id"], new["side"], new["action"]) == ("zenda", "blue", "captured")
    assert "reviewed candidate cand-a-1" in new["note"]
    marked = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("id")
    assert marked.loc["cand-a-1", "status"] == "added" and marked.loc["cand-a-1", "added_as"] == new["id"]
    assert marked.loc["cand-a-2", "status"] == "candidate"
    assert lines[-1] == (f"{path}: 1 candidate(s) marked added", False)


def test_reviewing_the_same_file_again_adds_nothing_twice(tinywar, sheet):
    path = sheet(candidate("cand-a-1", status="accepted"))
    review_candidates(Dataset.load(tinywar), path, set())
    before = (tinywar / "claims.csv").read_bytes()
    lines, say = said()
    review_candidates(Dataset.load(tinywar), path, {"cand-a-1"}, say=say)  # named again on purpose
    assert (tinywar / "claims.csv").read_bytes() == before
    assert any("already added" in m and err for m, err in lines)


def test_one_bad_candidate_stops_the_review_and_nothing_is_written(tinywar, sheet):
    path = sheet(candidate("cand-a-1"), candidate("cand-a-2", side="green"))
    before = (tinywar / "claims.csv").read_bytes()
    with pytest.raises(ReviewError, match="side"):
        review_candidates(Dataset.load(tinywar), path, set(), accept_all=True)
    assert (tinywar / "claims.csv").read_bytes() == before


def test_an_unknown_id_is_named(tinywar, sheet):
    path = sheet(candidate("cand-a-1"))
    with pytest.raises(ReviewError, match="no candidate 'cand-zz'"):
        review_candidates(Dataset.load(tinywar), path, {"cand-zz"})


def test_a_dry_run_says_what_it_would_add_and_writes_nothing(tinywar, sheet):
    path = sheet(candidate("cand-a-1"))
    text = path.read_bytes()
    before = (tinywar / "claims.csv").read_bytes()
    lines, say = said()
    review_candidates(Dataset.load(tinywar), path, {"cand-a-1"}, dry_run=True, say=say)
    assert [m for m, _ in lines if m.startswith("would add")] and path.read_bytes() == text
    assert (tinywar / "claims.csv").read_bytes() == before


def test_a_missing_field_named_in_the_note_blocks_until_it_is_set(tinywar, sheet):
    path = sheet(candidate("cand-a-1", claimant="", note="missing: claimant (who said it?)"))
    with pytest.raises(ReviewError, match="claimant: its note says it is missing"):
        review_candidates(Dataset.load(tinywar), path, {"cand-a-1"})
    review_candidates(Dataset.load(tinywar), path, {"cand-a-1"}, updates=settings(("claimant=monitor",)))
    assert Dataset.load(tinywar).claims.iloc[-1]["claimant"] == "monitor"


def test_settings_use_the_reviewers_words_and_refuse_unknown_fields():
    assert settings(("date=2020-01-02", "place=zenda")) == {"about_date": "2020-01-02", "place_id": "zenda"}
    with pytest.raises(ValueError, match="FIELD=VALUE"):
        settings(("colour=red",))
