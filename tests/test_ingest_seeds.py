"""The five seed articles, read by ingestion and checked against the hand annotations.

The annotations (tests/fixtures/annotations) hold offsets into the exact seed texts in
../shared/seeds, the short mention strings, and the ids of the curated claims and events
each article gave a careful reader; the article text itself is not copied here.
"""

import csv
import hashlib

import pytest

from aleppo_map.cli.ingest import ingest
from aleppo_map.ingest import Ingestor, load_candidates
from aleppo_map.ingest.evaluation import evaluate, load_annotations
from tests.test_ingest import run

ANNS = load_annotations()
BY_FILE = {a["file"]: a for a in ANNS}


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


@pytest.fixture(scope="module")
def report(shared, ingestor):
    return evaluate(ingestor, seeds=shared / "seeds")


@pytest.fixture(scope="module")
def docs(shared, ingestor):
    out = {}
    for ann in ANNS:
        text = (shared / "seeds" / ann["file"]).read_text(encoding="utf-8")
        out[ann["file"][:3]] = ingestor.ingest(text, ann["published"], origin=ann["file"], outlet=ann["outlet"])
    return out


def claims(doc) -> set[tuple]:
    return {
        (
            c.fields["place_id"],
            c.fields["side"],
            c.fields["action"],
            c.fields["stance"],
            c.fields["claimant"],
            c.fields["about_date"],
        )
        for c in doc.candidates
        if c.kind == "claim"
    }


def test_every_seed_article_is_annotated_and_the_annotations_fit_the_exact_text(shared):
    assert sorted(BY_FILE) == sorted(p.name for p in (shared / "seeds").glob("0*.txt"))
    for ann in ANNS:
        raw = (shared / "seeds" / ann["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == ann["sha256"], ann["file"]
        text = raw.decode("utf-8")
        for m in ann["mentions"] + ann["outside"]:
            assert text[m["start"] : m["end"]] == m["text"]
        for c in ann["claims"] + ann["events"]:
            assert c["quote"] is not None, f"{c['id']}: the curated quote is found in the article"


def test_annotations_copy_no_sentences_of_the_articles():
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    for ann in ANNS:
        longest = max(strings(ann), key=lambda s: len(s.split()))
        assert len(longest.split()) <= 4, f"{ann['file']}: {longest!r} is more than a name"


def test_mention_recall_is_at_least_95_and_precision_at_least_90_percent(report):
    score = report.scores["mentions"]["aleppo_map"]
    assert score.gold >= 120
    assert score.recall >= 0.95, report.details
    assert score.precision >= 0.90, report.details


def test_ingestion_finds_places_better_than_geotext_on_the_same_texts(report):
    ours, theirs = report.scores["mentions"]["aleppo_map"], report.scores["mentions"]["geotext"]
    assert theirs.predicted > 0
    assert ours.f1 > theirs.f1


def test_nested_names_are_read_whole_in_the_seeds(docs):
    found = {(m.text, m.place_id) for d in docs.values() for m in d.mentions}
    assert ("Aleppo University residence", "aleppo-university") in found
    assert ("Aleppo Citadel", "aleppo-citadel") in found
    assert ("New Aleppo", "new-aleppo") in found
    assert ("Aleppo International Stadium", "aleppo-stadium") in found
    assert ("Siria", "sy") in found and ("Alepo", "aleppo") in found and ("Saraqeb", "saraqib") in found


@pytest.mark.parametrize(
    "seed, claim",
    [
        ("000", ("aleppo", "opposition", "captured", "attributed", "salvation-government", "2024-11-28")),
        ("000", ("aleppo-citadel", "opposition", "approached", "attributed", "joshua-landis", "2024-11-29")),
        ("001", ("al-rashidin", "opposition", "fighting", "asserted", "", "2024-11-29")),
        ("001", ("aleppo", "opposition", "controls-part", "attributed", "sohr", "2024-11-30")),
        ("002", ("saraqib", "opposition", "captured", "asserted", "", "2024-11-30")),
        ("002", ("sy-idlib", "opposition", "controls-part", "asserted", "", "2024-11-26")),
        ("003", ("aleppo", "opposition", "entered", "attributed", "sohr", "2024-11-29")),
        ("003", ("saraqib", "opposition", "captured", "attributed", "sohr", "2024-11-30")),
        ("003", ("aleppo", "government", "holds", "asserted", "", "2024-11-26")),
        ("004", ("maarat-al-numan", "opposition", "captured", "asserted", "", "2024-12-01")),
        ("004", ("hama", "government", "withdrew", "attributed", "sohr", "2024-12-01")),
        ("004", ("hama", "government", "withdrew", "denied", "syrian-army", "2024-12-01")),
        ("004", ("aleppo", "opposition", "controls-part", "attributed", "syrian-army", "2024-12-01")),
    ],
)
def test_the_claims_a_careful_reader_takes_are_proposed(docs, seed, claim):
    assert claim in claims(docs[seed])


def test_claim_and_event_scores_do_not_fall_below_what_they_reach_now(report):
    c, e = report.scores["claims"]["aleppo_map"], report.scores["events"]["aleppo_map"]
    assert c.gold >= 48 and e.gold >= 36
    assert c.precision >= 0.8 and c.recall >= 0.7, report.details
    assert e.precision >= 0.7 and e.recall >= 0.7, report.details
    same, total = report.attribution
    assert same / total >= 0.8


def test_conflicting_tolls_stay_apart_per_source(docs):
    tolls = {
        (e.fields["claimant"], e.fields["best"] or e.fields["low"])
        for d in docs.values()
        for e in d.candidates
        if e.kind == "event" and e.fields["figure"] == "killed" and e.fields["group"] in ("all", "rebels")
    }
    assert ("", "255") in tolls and ("sohr", "311") in tolls and ("russian-reconciliation-center", "301") in tolls


def test_ingesting_all_seeds_from_the_command_line_gives_a_sheet_that_validates(shared, tmp_path, dataset):
    out = tmp_path / "seeds.csv"
    args = [shared / "seeds" / a["file"] for a in ANNS]
    for a in ANNS:
        args += ["--published", f"{a['file']}={a['published']}", "--outlet", f"{a['file']}={a['outlet']}"]
    result = run(ingest, *args, "--out", out)
    assert result.exit_code == 0, result.output
    frame = load_candidates(out, dataset)
    assert len(frame) >= 40 and (frame["status"] == "candidate").all()
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["origin"] for r in rows} == set(BY_FILE)
