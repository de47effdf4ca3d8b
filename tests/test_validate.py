"""Bad data gets one clear message per problem, naming file, line and field, all at once."""

import re

import pytest

from aleppo_map.dataset import Dataset, validate
from aleppo_map.tables import DataError


def append(path, line):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def lines_of(result):
    return [line for line in result.output.splitlines() if re.match(r"^\S+\.csv:\d+: ", line)]


def test_the_shipped_data_is_clean(cli):
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


def test_the_made_up_conflict_is_clean(cli, tinywar):
    assert cli("--data", tinywar, "validate").exit_code == 0


def test_every_gazetteer_defect_is_named_by_file_line_and_field_in_one_run(cli, tinywar):
    append(tinywar / "places.csv", "zenda,Zenda again,,town,ru,45.8,11.4,1,,,,,,,invented,")  # line 9
    append(tinywar / "places.csv", "swapped,Swapped,,town,ru,11.0,45.5,1,,,,,,,invented,")  # line 10
    append(tinywar / "places.csv", "orphan,Orphan,,town,nowhere,45.1,10.1,1,,,,,,,invented,")  # line 11
    append(tinywar / "places.csv", "badkind,Bad,,hamlet,ru,45.1,10.1,7,,,,,,,,")  # line 12
    append(tinywar / "aliases.csv", "atlantis,Atlantis,en,invented")  # line 4
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    out = result.output
    assert "places.csv:9: id: duplicate id 'zenda' (first on line 7)" in out
    assert "places.csv:10: lat:" in out and "look swapped" in out
    assert "places.csv:11: parent_id: unknown parent place 'nowhere'" in out
    assert "places.csv:12: kind: 'hamlet' is not one of" in out
    assert "places.csv:12: precision: '7' is not one of" in out
    assert "places.csv:12: source: is required" in out
    assert "aliases.csv:4: place_id: unknown place 'atlantis'" in out
    assert "7 problem(s)" in out


def test_a_non_utf8_file_is_named_with_its_line(cli, tinywar):
    data = (tinywar / "aliases.csv").read_bytes() + "zenda,Zénda,fr,invented\n".encode("latin-1")
    (tinywar / "aliases.csv").write_bytes(data)
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "aliases.csv:4: is not UTF-8" in result.output


def test_a_missing_column_is_reported_not_a_traceback(cli, tinywar):
    text = (tinywar / "places.csv").read_text().replace(",precision,", ",prec,", 1)
    (tinywar / "places.csv").write_text(text)
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "places.csv:1: precision: column is missing from the header" in result.output


def test_a_binary_or_empty_file_is_reported(cli, tinywar):
    (tinywar / "events.csv").write_bytes(b"")
    (tinywar / "sides.csv").write_bytes(b"id,label\x00\x01\x02")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "events.csv:1: file is empty" in result.output
    assert "sides.csv:1: holds a NUL byte" in result.output


CLAIM = "{id},{place},{side},captured,attributed,,,{about},day,,{published},{outlet},{claimant},{quote},invented,"


def claim(**kw):
    base = dict(
        id="t99",
        place="zenda",
        side="blue",
        about="2020-03-01",
        published="2020-03-02",
        outlet="gazette",
        claimant="monitor",
        quote="q",
    )
    base.update(kw)
    return CLAIM.format(**base)


def test_every_claim_defect_is_listed_at_once_and_nothing_is_written(cli, tinywar):
    bad = [
        claim(id="b1", place="Zennda"),  # line 13: unknown place, with a suggestion
        claim(id="b2", side="green"),  # 14: unknown side
        claim(id="b3", about="2020-02-30"),  # 15: impossible date
        claim(id="b4", about="2020-03-05"),  # 16: about after published
        claim(id="b5", about="2009-01-01", published="2009-01-02"),  # 17: before 2011
        claim(id="b6", about="2999-01-01", published="2999-01-02"),  # 18: future
        claim(id="t01"),  # 19: duplicate id
        claim(id="b8", outlet=""),  # 20: no source
        claim(id="b9", claimant="nobody"),  # 21: claimant not in sources
        claim(id="b10", quote="x" * 400),  # 22: over-long quote
        claim(id="b11", about="yesterday"),  # 23: unparseable date
    ]
    for line in bad:
        append(tinywar / "claims.csv", line)
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    out = result.output
    expected = [
        "claims.csv:13: place_id: unknown place 'Zennda'; did you mean: zenda",
        "claims.csv:14: side: unknown side 'green'; sides are: blue, red",
        "claims.csv:15: about_date: '2020-02-30' is not a real date",
        "claims.csv:16: about_date: 2020-03-05 is after the publication date 2020-03-02",
        "claims.csv:17: about_date: 2009-01-01 is before 2011-01-01",
        "claims.csv:18: about_date: 2999-01-01 is in the future",
        "claims.csv:19: id: duplicate id 't01' (first on line 2)",
        "claims.csv:20: outlet: is required",
        "claims.csv:21: claimant: 'nobody' is not in sources.csv",
        "claims.csv:22: quote: is 400 characters long; at most 300 allowed",
        "claims.csv:23: about_date: 'yesterday' is not a date in the form YYYY-MM-DD",
    ]
    for msg in expected:
        assert msg in out, msg
    # Every command refuses bad data with the same list, and prints no partial result.
    states = cli("--data", tinywar, "states", "--date", "2020-03-01", "--format", "csv")
    assert states.exit_code == 1
    assert "place_id,name" not in states.output
    assert "claims.csv:14: side" in states.output


def test_a_claimant_that_is_a_party_needs_its_side(cli, tinywar):
    append(tinywar / "sources.csv", "militia,A militia,party,,,")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "sources.csv:6: side: a party to the war needs the side it belongs to" in result.output


def test_the_python_api_raises_one_error_with_every_problem(tinywar):
    append(tinywar / "claims.csv", claim(id="b1", side="green"))
    append(tinywar / "claims.csv", claim(id="b2", place="atlantis"))
    with pytest.raises(DataError) as err:
        Dataset.load(tinywar)
    assert len(err.value.problems) == 2
    assert [p.line for p in validate(tinywar)] == [13, 14]


def test_a_missing_data_folder_is_a_clear_error(cli, tmp_path):
    result = cli("--data", tmp_path / "nope", "validate")
    assert result.exit_code == 1
    assert "data folder does not exist" in result.output


def test_a_cycle_of_parents_is_reported(cli, tinywar):
    text = (
        (tinywar / "places.csv")
        .read_text(encoding="utf-8")
        .replace("ru,Ruritania,,country,,", "ru,Ruritania,,country,strelsau-castle,", 1)
    )
    (tinywar / "places.csv").write_text(text, encoding="utf-8")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert (
        "places.csv:2: parent_id: parents form a cycle: ru > strelsau-castle > strelsau-old-town > strelsau > ru"
        in result.output
    )


def test_exceptions_must_lie_within_the_claims_place(cli, tinywar):
    append(
        tinywar / "claims.csv", claim(id="b1").replace(",captured,attributed,,,", ",captured,attributed,whole,zenda,")
    )
    append(
        tinywar / "claims.csv",
        claim(id="b2", place="strelsau").replace(",captured,attributed,,,", ",captured,attributed,whole,zenda,"),
    )
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "claims.csv:13: except: 'zenda' is the claim's own place" in result.output
    assert "claims.csv:14: except: 'zenda' does not lie within 'strelsau'" in result.output


def test_a_side_may_not_be_named_like_a_state(cli, tinywar):
    text = (tinywar / "sides.csv").read_text(encoding="utf-8") + "unknown,Unknown Army,#000000,,invented\n"
    (tinywar / "sides.csv").write_text(text, encoding="utf-8")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "sides.csv:4: id: 'unknown' is a state, not a side" in result.output


@pytest.mark.parametrize("content", ["", "lat_min,lon_min\n1,2\n", "lat_min,lon_min,lat_max,lon_max\nx,1,2,3\n"])
def test_a_broken_bounds_file_is_reported(cli, tinywar, content):
    (tinywar / "bounds.csv").write_text(content, encoding="utf-8")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "bounds.csv" in result.output


def test_non_finite_coordinates_and_folders_in_place_of_files_are_reported(cli, tinywar):
    text = (tinywar / "places.csv").read_text(encoding="utf-8").replace("45.80000,11.40000", "nan,11.40000", 1)
    (tinywar / "places.csv").write_text(text, encoding="utf-8")
    (tinywar / "events.csv").unlink()
    (tinywar / "events.csv").mkdir()
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "places.csv:7: lat: 'nan' is not a finite number" in result.output
    assert "events.csv: is not a file" in result.output


def test_validate_covers_the_ingestion_lexicons(cli, tinywar):
    (tinywar / "actors.csv").write_text("phrase,side,note,source\nthe Greens,green,,invented\n", encoding="utf-8")
    result = cli("--data", tinywar, "validate")
    assert result.exit_code == 1
    assert "actors.csv:2: side: unknown side 'green'" in result.output
