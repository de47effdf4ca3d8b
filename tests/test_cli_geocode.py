"""`aleppo-map geocode`: one answer per query, in order, in table, JSON or CSV."""

import csv
import io
import json


def test_json_has_one_object_per_query_in_order_and_unresolved_ones_say_why(cli):
    result = cli("geocode", "--format", "json", "Hama", "Qwxzptlk", "", "x" * 10_000, "Alep")
    assert result.exit_code == 0
    recs = json.loads(result.output)
    assert [r["place_id"] for r in recs] == ["hama", None, None, None, "aleppo"]
    assert recs[1]["reason"].startswith("no match")
    assert recs[2]["reason"] == "empty query"
    assert "too long" in recs[3]["reason"]
    for key in ("query", "place_id", "name", "kind", "lat", "lon", "precision", "score", "reason"):
        assert all(key in r for r in recs)


def test_names_can_come_from_standard_input_one_a_line(cli):
    result = cli("geocode", "--format", "csv", "-", input="Saraqeb\nحلب\n\nMaraat al Numan\n")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["place_id"] for r in rows] == ["saraqib", "aleppo", "", "maarat-al-numan"]
    assert rows[1]["query"] == "حلب"


def test_the_table_shows_the_place_and_the_reason(cli):
    result = cli("geocode", "Al-Rashidin", "--context", "Aleppo")
    assert result.exit_code == 0
    assert "al-rashidin" in result.output and "exact alias" in result.output


def test_control_characters_are_reported_not_echoed_raw(cli):
    result = cli("geocode", "--format", "json", "Ale\x1b[2Jppo")
    rec = json.loads(result.output)[0]
    assert rec["place_id"] is None and "control character" in rec["reason"]
