"""The offensive that took Aleppo, 26 Nov - 1 Dec 2024: states follow from the seed claims."""

import pytest

CARD = ["aleppo-citadel", "new-aleppo", "al-hamdaniya", "al-rashidin", "saraqib", "maarat-al-numan", "hama"]
KURDISH = {"sheikh-maqsoud", "ashrafieh"}


@pytest.fixture(scope="module")
def days(resolver):
    return {
        d: resolver.states(d).set_index("place_id") for d in ("2024-11-26", "2024-11-29", "2024-11-30", "2024-12-01")
    }


def test_on_26_november_the_card_places_are_government_held_and_sheikh_maqsoud_sdf(days):
    s = days["2024-11-26"]
    assert (s.loc[CARD, "state"] == "government").all()
    assert s.loc["sheikh-maqsoud", "state"] == "sdf"
    assert s.loc["ashrafieh", "state"] == "sdf"
    assert s.loc["aleppo", "state"] == "government"
    assert s.loc["idlib", "state"] == "opposition"


def test_by_30_november_saraqib_and_the_citadel_are_opposition_held(days):
    s = days["2024-11-30"]
    assert s.loc["saraqib", "state"] == "opposition"
    assert s.loc["aleppo-citadel", "state"] == "opposition"


def test_al_rashidin_shows_the_fighting_the_seeds_report(days):
    for d in ("2024-11-29", "2024-11-30"):
        row = days[d].loc["al-rashidin"]
        assert row["state"] == "contested"
        assert "fighting" in row["explanation"]
        assert "location approximate" in row["explanation"]


def test_aleppo_city_is_contested_while_the_reports_say_part_of_it(days):
    assert days["2024-11-29"].loc["aleppo", "state"] == "contested"
    assert days["2024-11-30"].loc["aleppo", "state"] == "contested"


def test_on_1_december_aleppo_follows_all_of_the_city_except_the_kurdish_neighbourhoods(days, gazetteer):
    s = days["2024-12-01"]
    assert s.loc["maarat-al-numan", "state"] == "opposition"
    assert s.loc["aleppo", "state"] == "opposition"
    districts = set(gazetteer.descendants("aleppo"))
    assert len(districts) > 100
    for pid in districts - KURDISH:
        assert s.loc[pid, "state"] == "opposition", pid
    for pid in KURDISH:
        assert s.loc[pid, "state"] == "sdf", pid


def test_hama_is_disputed_not_opposition_and_explain_shows_both_claims(days, cli):
    row = days["2024-12-01"].loc["hama"]
    assert row["state"] == "disputed"
    result = cli("explain", "Hama", "--date", "2024-12-01")
    assert result.exit_code == 0
    out = result.output
    assert "DISPUTED" in out
    assert "[supports]" in out and "Syrian Observatory" in out and "pulled out" in out
    assert "[contradicts]" in out and "denied" in out


def test_changes_from_26_november_to_1_december_lists_the_places_that_changed_and_no_others(cli, gazetteer, days):
    result = cli("changes", "--from", "2024-11-26", "--to", "2024-12-01", "--format", "csv")
    assert result.exit_code == 0
    rows = [line.split(",")[0] for line in result.output.splitlines()[1:]]
    expected = (set(gazetteer.descendants("aleppo")) - KURDISH) | {"aleppo", "saraqib", "maarat-al-numan", "hama"}
    assert set(rows) == expected
    a, b = days["2024-11-26"]["state"], days["2024-12-01"]["state"]
    assert set(a.index[a != b]) == expected


def test_the_conflicting_tolls_stay_separate_claims(dataset):
    e = dataset.events
    killed = e[e["figure"] == "killed"]
    figures = set(killed["low"]) | set(killed["best"])
    assert {"255", "311", "183", "100", "28"} <= figures
    assert killed["outlet"].nunique() > 1


def test_states_csv_has_the_columns_a_map_desk_needs(cli):
    result = cli("states", "--date", "2024-12-01", "--format", "csv")
    header = result.output.splitlines()[0].split(",")
    assert header[:10] == ["place_id", "name", "kind", "lat", "lon", "state", "since", "confidence", "stale", "claims"]
