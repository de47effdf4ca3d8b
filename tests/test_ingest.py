"""Ingestion proposes, review accepts: news text in, candidate claims out, reviewed claims on the map.

These tests use small invented texts (tests/fixtures/ingest); the seed articles are in
test_ingest_seeds.py.
"""

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aleppo_map.claims import CLAIMS, MAX_QUOTE
from aleppo_map.cli.ingest import ingest, review
from aleppo_map.dataset import Dataset, default_data_dir
from aleppo_map.ingest import Ingestor, Lexicon, find_dates, load_candidates
from aleppo_map.states import Resolver
from aleppo_map.tables import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SAT = "2024-11-30"  # a Saturday, like the seeds' busiest day


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


@pytest.fixture
def data(tmp_path) -> Path:
    """A writable copy of the shipped data folder."""
    dest = tmp_path / "data"
    shutil.copytree(default_data_dir(), dest)
    return dest


def run(command, *args, data=None):
    runner = CliRunner()
    return runner.invoke(
        command, [str(a) for a in args], obj={"data": data or default_data_dir()}, catch_exceptions=False
    )


def claims_of(doc) -> list[dict]:
    return [c.fields for c in doc.candidates if c.kind == "claim"]


def events_of(doc) -> list[dict]:
    return [c.fields for c in doc.candidates if c.kind == "event"]


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# -- mentions -----------------------------------------------------------------------------------
def test_the_longest_name_wins_so_aleppo_university_new_aleppo_and_the_citadel_are_not_the_city(ingestor):
    text = read("nested.txt")
    doc = ingestor.ingest(text, SAT)
    found = {(m.text, m.place_id) for m in doc.mentions}
    assert ("New Aleppo", "new-aleppo") in found
    assert ("Aleppo University", "aleppo-university") in found
    assert ("Aleppo Citadel", "aleppo-citadel") in found
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        if m.place_id == "aleppo":
            assert text[m.end : m.end + 2] in ("’s", "'s"), "only the possessive headline 'Aleppo's' is the city"


def test_arabic_french_and_spanish_forms_are_found_with_their_offsets(ingestor):
    text = read("languages.txt")
    doc = ingestor.ingest(text, SAT)
    found = [(m.text, m.place_id) for m in doc.mentions]
    assert ("Alep", "aleppo") in found
    assert ("Saraqeb", "saraqib") in found
    assert ("Alepo", "aleppo") in found
    assert ("حلب", "aleppo") in found
    assert ("سراقب", "saraqib") in found, "the prefix 'and' (و) is not part of the name"
    assert all(text[m.start : m.end] == m.text for m in doc.mentions)
    assert not [m for m in doc.mentions if m.text in ("على", "مدينة")], "Arabic function words are no villages"


def test_a_capitalised_name_that_resolves_to_nothing_is_reported_with_its_context(ingestor):
    doc = ingestor.ingest(read("unresolved.txt"), SAT)
    (q,) = [m for m in doc.unresolved if m.text == "Qwertabad"]
    assert q.place_id == ""
    assert "town of Qwertabad" in q.context
    assert q.reason


def test_one_unresolvable_name_does_not_cost_the_document_its_other_results(ingestor):
    doc = ingestor.ingest(read("unresolved.txt"), SAT)
    assert {"idlib", "saraqib"} <= {m.place_id for m in doc.mentions}
    assert ("saraqib", "opposition", "captured") in {(c["place_id"], c["side"], c["action"]) for c in claims_of(doc)}


def test_foreign_places_are_reported_outside_the_gazetteer_not_read_as_syrian_villages(ingestor):
    doc = ingestor.ingest("Support came from Russia and Iran, and Israel struck targets in Gaza.", SAT)
    assert not doc.mentions
    assert {"Russia", "Iran", "Gaza"} <= {m.text for m in doc.unresolved}


def test_people_named_like_villages_are_not_places(ingestor):
    doc = ingestor.ingest("Rami Abdel Rahman and Bashar al-Assad spoke; Abbas Araghchi left for Damascus.", SAT)
    assert [m.place_id for m in doc.mentions] == ["damascus"]


# -- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "phrase, day, kind",
    [
        ("on Wednesday", "2024-11-27", "day"),
        ("Friday evening", "2024-11-29", "day"),
        ("by early Saturday morning", "2024-11-30", "day"),
        ("on the eve", "2024-11-29", "eve"),
        ("on Wednesday and Thursday", "2024-11-28", "range"),
        ("on 28 November", "2024-11-28", "day"),
    ],
)
def test_relative_dates_count_back_from_the_publication_date(phrase, day, kind):
    (d,) = find_dates(f"Something happened {phrase}.", dt.date(2024, 11, 30))
    assert (d.date, d.kind) == (day, kind)


def test_years_are_years_and_first_time_since_is_about_today():
    since, first = find_dates(
        "Held by the regime since 2016. Jets struck for the first time since 2016.", dt.date(2024, 11, 30)
    )
    assert (since.kind, since.year, since.date) == ("since", 2016, "")
    assert (first.kind, first.year) == ("first-since", 2016)


def test_a_claim_is_dated_by_the_day_it_is_about_not_the_day_it_was_published(ingestor):
    doc = ingestor.ingest("Rebels captured Saraqib on Friday. Rebels entered Idlib.", SAT)
    dates = {c["place_id"]: c["about_date"] for c in claims_of(doc)}
    assert dates == {"saraqib": "2024-11-29", "idlib": SAT}


def test_a_day_opening_a_sentence_frames_the_rest_of_its_paragraph(ingestor):
    doc = ingestor.ingest("By Friday, rebels had entered Saraqib. They also captured Idlib.", SAT)
    assert {c["about_date"] for c in claims_of(doc)} == {"2024-11-29"}


# -- control statements -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, action, side",
    [
        ("Rebels captured Saraqib.", "captured", "opposition"),
        ("Insurgents seized Saraqib.", "captured", "opposition"),
        ("HTS took control of Saraqib.", "captured", "opposition"),
        ("Jihadists entered Saraqib.", "entered", "opposition"),
        ("Rebels pushed into Saraqib.", "entered", "opposition"),
        ("Rebels reached the gates of Saraqib.", "approached", "opposition"),
        ("The army withdrew from Saraqib.", "withdrew", "government"),
        ("Government forces pulled out of Saraqib.", "withdrew", "government"),
        ("The regime repelled an attack on Saraqib.", "repelled", "government"),
        ("Kurdish forces besieged Saraqib.", "besieged", "sdf"),
        ("The SDF were fighting in Saraqib.", "fighting", "sdf"),
        ("Turkish-backed factions captured Saraqib.", "captured", "sna"),
        ("Rebels took control of most of Saraqib.", "controls-part", "opposition"),
    ],
)
def test_who_did_what_to_which_place_becomes_a_side_an_action_and_a_place(ingestor, sentence, action, side):
    (claim,) = claims_of(ingestor.ingest(sentence, SAT))
    assert (claim["place_id"], claim["side"], claim["action"]) == ("saraqib", side, action)
    assert claim["action"] in next(c.choices for c in CLAIMS.columns if c.name == "action")


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels did not capture Saraqib.",
        "The capture of Saraqib would be a major prize.",
        "The rebels vowed to capture Saraqib.",
        "Rebels captured a tank near the town, according to witnesses.",
    ],
)
def test_negations_prospects_and_placeless_statements_propose_nothing(ingestor, sentence):
    assert claims_of(ingestor.ingest(sentence, SAT)) == []


def test_actor_words_map_to_sides_through_actors_csv_that_a_journalist_can_edit(data):
    path = data / "actors.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for r in rows:
        if r["phrase"] == "rebels":
            r["side"] = "sna"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (claim,) = claims_of(Ingestor(Dataset.load(data)).ingest("Rebels captured Saraqib.", SAT))
    assert claim["side"] == "sna"


def test_a_bad_lexicon_row_is_reported_with_file_line_and_field(data):
    with (data / "actors.csv").open("a", encoding="utf-8") as fh:
        fh.write("militiamen,redcoats,,test\n")
    with (data / "cues.csv").open("a", encoding="utf-8") as fh:
        fh.write("overran,control,conquered,subject,\n")
    with pytest.raises(DataError) as err:
        Lexicon.load(Dataset.load(data))
    text = str(err.value)
    assert "actors.csv:" in text and "side: unknown side 'redcoats'" in text
    assert "cues.csv:" in text and "value: 'conquered' is not an action" in text


# -- attribution and denial ---------------------------------------------------------------------
def test_attribution_and_denial_give_stance_and_claimant_ids_from_the_sources(ingestor):
    doc = ingestor.ingest(read("attribution.txt"), SAT, outlet="afp")
    got = {(c["place_id"], c["action"], c["stance"], c["claimant"]) for c in claims_of(doc)}
    assert ("hama", "withdrew", "attributed", "sohr") in got, "according to the Observatory"
    assert ("hama", "withdrew", "denied", "syrian-army") in got, "the army denied this"
    assert ("idlib", "entered", "attributed", "sohr") in got, "Rami Abdel Rahman told AFP: AFP only relays"
    assert ("latakia", "repelled", "attributed", "russia-mod") in got, "Russia's defence ministry said"
    assert ("saraqib", "entered", "asserted", "") in got, "the outlet's own correspondent is its own voice"


def test_a_claimant_speaks_for_its_own_clause_only(ingestor):
    doc = ingestor.ingest(read("nested.txt"), SAT)
    got = {(c["place_id"], c["stance"], c["claimant"]) for c in claims_of(doc)}
    assert got == {("new-aleppo", "asserted", ""), ("aleppo-citadel", "attributed", "syrian-army")}


# -- events -------------------------------------------------------------------------------------
def test_casualty_figures_are_kept_per_source_with_their_qualifiers(ingestor):
    doc = ingestor.ingest(read("events.txt"), SAT)
    rows = {(e["claimant"], e["low"], e["best"], e["high"], e["figure"]) for e in events_of(doc)}
    assert ("sohr", "311", "311", "", "killed") in rows, "at least 311: low = best, no high"
    assert ("russia-mod", "301", "", "", "killed") in rows, "more than 300: low 301, no best"
    assert ("un-ocha", "", "255", "", "killed") in rows, "some 255: best only"
    place = {e["claimant"]: (e["place_id"], e["about_date"]) for e in events_of(doc)}
    assert place["un-ocha"] == ("idlib", "2024-11-28")


# -- candidates ---------------------------------------------------------------------------------
def test_every_candidate_carries_the_claim_fields_quote_offsets_confidence_and_cue(ingestor):
    text = read("attribution.txt")
    doc = ingestor.ingest(text, SAT, origin="attribution.txt", outlet="afp")
    for c in doc.candidates:
        assert set(CLAIMS.names) - {"id"} <= set(c.fields) or c.kind == "event"
        assert 0 < c.confidence <= 1 and c.cue
        assert c.fields["quote"] == " ".join(text[c.start : c.end].split())
        assert c.fields["origin"] == "attribution.txt" and c.fields["published"] == SAT


def test_quotes_are_cut_to_the_limit_on_a_word(ingestor):
    long = "Rebels captured Saraqib " + "and many more villages " * 30 + "on Friday."
    (claim,) = claims_of(ingestor.ingest(long, SAT))
    assert len(claim["quote"]) <= MAX_QUOTE and claim["quote"].endswith("…")


def test_the_same_text_gives_the_same_candidates(ingestor):
    a = ingestor.ingest(read("attribution.txt"), SAT, outlet="afp")
    b = ingestor.ingest(read("attribution.txt"), SAT, outlet="afp")
    assert json.dumps(a.as_dict(), sort_keys=True) == json.dumps(b.as_dict(), sort_keys=True)


def test_another_war_without_the_lexicon_still_gets_places_and_dates(tinywar):
    ds = Dataset.load(tinywar)
    ing = Ingestor(ds)
    assert set(ing.lexicon.missing) == {"actors.csv", "claimants.csv", "cues.csv"}
    name = ds.places["name"].iloc[0]
    doc = ing.ingest(f"Something happened in {name} on Friday.", SAT)
    assert [m.text for m in doc.mentions] == [name]
    assert doc.dates[0].date == "2024-11-29"
    assert doc.candidates == []


# -- the ingest command -------------------------------------------------------------------------
def test_ingest_writes_a_review_sheet_whose_candidate_claims_validate(tmp_path, dataset):
    out = tmp_path / "cand.csv"
    result = run(
        ingest,
        FIXTURES / "attribution.txt",
        FIXTURES / "events.txt",
        "--published",
        SAT,
        "--outlet",
        "afp",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["kind"] for r in rows} == {"claim", "event"}
    assert all(r["id"].startswith("cand-") and r["status"] == "candidate" for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    frame = load_candidates(out, dataset)
    assert list(frame.columns) == [*CLAIMS.names, "status"]
    assert len(frame) == sum(r["kind"] == "claim" for r in rows)


def test_ingest_json_holds_mentions_dates_and_candidates_per_file(tmp_path):
    result = run(ingest, FIXTURES / "unresolved.txt", "--published", SAT, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    (f,) = doc["files"]
    assert {m["place_id"] for m in f["mentions"]} == {"idlib", "saraqib"}
    assert f["unresolved"][0]["text"] == "Qwertabad"
    assert f["dates"] and f["candidates"][0]["id"].startswith("cand-unresolved-")


def test_per_file_publication_dates_and_outlets(tmp_path):
    out = tmp_path / "c.csv"
    result = run(
        ingest,
        FIXTURES / "unresolved.txt",
        FIXTURES / "attribution.txt",
        "--published",
        SAT,
        "--published",
        "unresolved.txt=2024-12-01",
        "--outlet",
        "afp",
        "--outlet",
        "attribution.txt=news18",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    rows = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["kind"] == "claim"]
    by_origin = {r["origin"]: (r["published"], r["outlet"]) for r in rows}
    assert by_origin == {"unresolved.txt": ("2024-12-01", "afp"), "attribution.txt": (SAT, "news18")}


def test_bad_files_are_named_and_the_good_ones_results_are_still_written(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Les rebelles sont entrés à Alep.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_text(("Rebels captured Saraqib. " * 200_000)[:5_000_000])
    missing = tmp_path / "missing.txt"
    out = tmp_path / "cand.csv"
    result = run(
        ingest, empty, FIXTURES / "attribution.txt", binary, latin1, huge, missing, "--published", SAT, "--out", out
    )
    assert result.exit_code == 1
    err = result.stderr
    assert f"{empty}: is empty" in err
    assert f"{binary}: holds NUL bytes" in err
    assert f"{latin1}: is not UTF-8 (byte 0xe9" in err
    assert f"{huge}: is 5.0 MB; an article is at most 2 MB" in err
    assert f"{missing}: no such file" in err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["origin"] for r in rows} == {"attribution.txt"}
    assert not list(tmp_path.glob(".cand.csv.tmp-*")), "the output is written aside and renamed"


def test_when_no_file_can_be_read_the_previous_output_is_left_as_it_was(tmp_path):
    out = tmp_path / "cand.csv"
    out.write_text("previous results\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(ingest, empty, "--published", SAT, "--out", out)
    assert result.exit_code == 1 and "left as it was" in result.stderr
    assert out.read_text() == "previous results\n"


def test_a_missing_publication_date_is_a_clear_error_naming_the_file():
    result = run(ingest, FIXTURES / "attribution.txt")
    assert result.exit_code == 1
    assert "attribution.txt: no publication date: give --published YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("value", ["30/11/2024", "2024-02-30", "2999-01-01"])
def test_a_bad_publication_date_is_refused(value):
    result = run(ingest, FIXTURES / "attribution.txt", "--published", value)
    assert result.exit_code == 2 and "--published" in result.output


def test_an_unknown_outlet_is_refused_before_anything_is_read():
    result = run(ingest, FIXTURES / "attribution.txt", "--published", SAT, "--outlet", "Daily Planet")
    assert result.exit_code == 2 and "'Daily Planet' is not a source" in result.output


# -- review -------------------------------------------------------------------------------------
def _sheet(tmp_path, data, *files) -> Path:
    out = tmp_path / "cand.csv"
    result = run(ingest, *files, "--published", SAT, "--outlet", "afp", "--out", out, data=data)
    assert result.exit_code == 0, result.output
    return out


def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _write(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_a_reviewed_candidate_becomes_a_claim_with_a_fresh_id_and_shows_in_the_states(tmp_path, data):
    sheet = _sheet(tmp_path, data, FIXTURES / "unresolved.txt")
    (cand,) = [r for r in _rows(sheet) if r["kind"] == "claim" and r["place_id"] == "saraqib"]
    before = Dataset.load(data)
    assert before.claims["id"].max() == "clm-0060"
    result = run(review, sheet, "--accept", cand["id"], data=data)
    assert result.exit_code == 0, result.output
    assert "clm-0061" in result.output
    ds = Dataset.load(data)  # validates
    new = ds.claims.set_index("id").loc["clm-0061"]
    assert (new.place_id, new.side, new.action, new.stance, new.claimant) == (
        "saraqib",
        "opposition",
        "captured",
        "attributed",
        "sohr",
    )
    assert cand["id"] in new.note
    state = Resolver(ds).states("2024-11-29").set_index("place_id").loc["saraqib"]
    assert state["state"] == "opposition" and "clm-0061" in state["claims"]
    marked = {r["id"]: r for r in _rows(sheet)}[cand["id"]]
    assert (marked["status"], marked["added_as"]) == ("added", "clm-0061")


def test_review_never_adds_an_accepted_candidate_twice(tmp_path, data):
    sheet = _sheet(tmp_path, data, FIXTURES / "attribution.txt")
    first = run(review, sheet, "--accept-all", data=data)
    assert first.exit_code == 0, first.output
    claims = (data / "claims.csv").read_bytes()
    again = run(review, sheet, "--accept-all", data=data)
    assert again.exit_code == 0 and "nothing to add" in again.output
    fresh = _sheet(tmp_path, data, FIXTURES / "attribution.txt")  # the same text ingested anew
    third = run(review, fresh, "--accept-all", data=data)
    assert "already in the data" in third.stderr
    assert (data / "claims.csv").read_bytes() == claims


def test_the_analyst_can_accept_by_setting_the_status_column(tmp_path, data):
    sheet = _sheet(tmp_path, data, FIXTURES / "events.txt")
    rows = _rows(sheet)
    rows[0]["status"] = "accepted"
    _write(sheet, rows)
    result = run(review, sheet, data=data)
    assert result.exit_code == 0, result.output
    assert "evt-0037" in result.output
    assert Dataset.load(data).events["id"].iloc[-1] == "evt-0037"


def test_review_validates_first_and_writes_nothing_when_a_row_is_wrong(tmp_path, data):
    sheet = _sheet(tmp_path, data, FIXTURES / "attribution.txt")
    rows = _rows(sheet)
    rows[0].update(status="accepted", place_id="atlantis")
    rows[1].update(status="accepted", side="redcoats")
    _write(sheet, rows)
    before = {p: (data / p).read_bytes() for p in ("claims.csv", "events.csv")}
    sheet_before = sheet.read_bytes()
    result = run(review, sheet, data=data)
    assert result.exit_code == 1
    assert "unknown place 'atlantis'" in result.stderr and "unknown side 'redcoats'" in result.stderr
    assert f"{sheet}:2: place_id" in result.stderr and f"{sheet}:3: side" in result.stderr
    assert {p: (data / p).read_bytes() for p in before} == before
    assert sheet.read_bytes() == sheet_before


def test_an_unresolved_name_cannot_be_accepted(tmp_path, data):
    sheet = _sheet(tmp_path, data, FIXTURES / "unresolved.txt")
    (u,) = [r for r in _rows(sheet) if r["kind"] == "unresolved"]
    result = run(review, sheet, "--accept", u["id"], data=data)
    assert result.exit_code == 1 and "add an alias" in result.stderr


def test_load_candidates_raises_with_every_problem_and_its_line(tmp_path, dataset):
    sheet = _sheet(tmp_path, None, FIXTURES / "attribution.txt")
    rows = _rows(sheet)
    rows[0]["action"] = "conquered"
    rows[1]["about_date"] = "2024-13-01"
    _write(sheet, rows)
    with pytest.raises(DataError) as err:
        load_candidates(sheet, dataset)
    text = str(err.value)
    assert f"{sheet}:2: action" in text and f"{sheet}:3: about_date" in text


def test_two_files_with_the_same_name_get_distinct_candidate_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        shutil.copy(FIXTURES / "unresolved.txt", tmp_path / d / "report.txt")
    out = tmp_path / "cand.csv"
    result = run(ingest, tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt", "--published", SAT, "--out", out)
    assert result.exit_code == 0
    ids = [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    assert len(ids) == len(set(ids)) and any(i.startswith("cand-report-2-") for i in ids)


def test_the_commands_take_the_data_folder_from_the_main_group(tmp_path, data):
    import click

    @click.group()
    @click.option("--data", "folder", type=click.Path(path_type=Path))
    @click.pass_context
    def group(ctx, folder):
        ctx.obj = {"data": folder}

    group.add_command(ingest)
    group.add_command(review)
    out = tmp_path / "c.csv"
    runner = CliRunner()
    first = runner.invoke(
        group,
        [
            "--data",
            str(data),
            "ingest",
            str(FIXTURES / "unresolved.txt"),
            "--published",
            SAT,
            "--outlet",
            "afp",
            "--out",
            str(out),
        ],
    )
    assert first.exit_code == 0, first.output
    second = runner.invoke(group, ["--data", str(data), "review", str(out), "--accept-all"])
    assert second.exit_code == 0, second.output
    assert "clm-0061" in (data / "claims.csv").read_text(encoding="utf-8")
    assert "clm-0061" not in (default_data_dir() / "claims.csv").read_text(encoding="utf-8")
