"""The rules that turn claims into a state per place per date, on a made-up conflict.

Ruritania (tests/fixtures/tinywar) has its own sides, places and claims: if anything
about Syria or its four sides were hard-coded, these tests would fail.
"""

import json

import numpy as np
import pandas as pd
import pytest

from aleppo_map.dataset import Dataset
from aleppo_map.states import Resolver


@pytest.fixture
def war(tinywar):
    return Resolver(Dataset.load(tinywar))


def state(resolver, place, date):
    gdf = resolver.states(date)
    return gdf.set_index("place_id").loc[place]


def test_baselines_hold_as_of_their_date_and_since_comes_from_held_since(war):
    row = state(war, "strelsau", "2020-01-15")
    assert row["state"] == "red" and row["since"] == "2019-06-01"
    assert state(war, "strelsau-harbour", "2020-01-15")["state"] == "blue"
    assert state(war, "zenda", "2019-12-31")["state"] == "unknown"


def test_fighting_inside_makes_a_place_contested_and_a_capture_ends_it(war):
    assert state(war, "zenda", "2020-02-03")["state"] == "contested"
    assert state(war, "zenda", "2020-02-04")["state"] == "contested"
    row = state(war, "zenda", "2020-02-05")
    assert row["state"] == "blue" and row["since"] == "2020-02-05" and row["claims"] == "t06"


def test_a_partys_claim_in_its_own_favour_changes_nothing_alone(war):
    row = state(war, "hentzau", "2020-02-05")
    assert row["state"] == "red"
    assert "t07" in row["contradicting"].split(";")


def test_a_denial_by_another_claimant_makes_the_claim_disputed(war):
    row = state(war, "hentzau", "2020-02-06")
    assert row["state"] == "disputed"
    assert row["claims"] == "t08" and row["contradicting"] == "t09"
    assert row["confidence"] <= 0.5


def test_an_admission_against_interest_changes_the_state_alone(war):
    row = state(war, "strelsau-old-town", "2020-02-07")
    assert row["state"] == "blue" and row["claims"] == "t10"


def test_a_district_never_silently_overwrites_its_city(war):
    assert state(war, "strelsau-old-town", "2020-02-07")["state"] == "blue"
    assert state(war, "strelsau", "2020-02-07")["state"] == "red"


def test_a_whole_city_claim_decides_its_districts_except_the_named_ones_and_what_lies_in_them(war):
    gdf = war.states("2020-02-10").set_index("place_id")
    assert gdf.loc["strelsau", "state"] == "blue"
    assert gdf.loc["strelsau-old-town", "state"] == "blue"
    assert gdf.loc["strelsau-castle", "state"] == "red"  # excepted
    assert gdf.loc["strelsau-old-town", "decided_by_parent"] == "strelsau"
    assert "decided for all of Strelsau" in gdf.loc["strelsau-old-town", "explanation"]


def test_a_state_without_confirmation_for_n_days_is_stale_not_dropped(tinywar):
    late = Resolver(Dataset.load(tinywar), stale_after=45).states("2020-04-30").set_index("place_id")
    assert late.loc["zenda", "state"] == "blue" and bool(late.loc["zenda", "stale"])
    assert "stale" in late.loc["zenda", "explanation"]
    patient = Resolver(Dataset.load(tinywar), stale_after=120).states("2020-04-30").set_index("place_id")
    assert not patient.loc["zenda", "stale"]


def test_confirmations_keep_since_and_raise_confidence(tinywar):
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("t12,zenda,blue,holds,asserted,,,2020-02-20,day,,2020-02-21,gazette,,still blue,invented,\n")
    r = Resolver(Dataset.load(tinywar))
    before, after = state(r, "zenda", "2020-02-19"), state(r, "zenda", "2020-02-20")
    assert after["since"] == before["since"] == "2020-02-05"
    assert after["confidence"] > before["confidence"]
    assert after["claims"] == "t06;t12"


def test_states_cover_every_place_as_a_geodataframe(war):
    gdf = war.states("2020-02-10")
    assert len(gdf) == 7 and gdf.crs.to_epsg() == 4326
    assert {
        "place_id",
        "state",
        "since",
        "confidence",
        "stale",
        "precision",
        "claims",
        "contradicting",
        "explanation",
    } <= set(gdf.columns)
    assert gdf.loc[gdf["place_id"] == "ru", "state"].item() == "unknown"


def test_the_timeline_agrees_with_single_dates(war):
    dates = ["2020-01-15", "2020-02-04", "2020-02-06", "2020-02-10", "2020-04-30"]
    tl = war.timeline(dates)
    for d in dates:
        single = war.states(d).set_index("place_id")["state"]
        day = tl[tl["date"] == d].set_index("place_id")["state"]
        assert (single.reindex(day.index) == day).all(), d


def test_change_dates_are_the_days_a_state_changes(war):
    assert [d.strftime("%Y-%m-%d") for d in war.change_dates()] == [
        "2020-01-01",
        "2020-02-03",
        "2020-02-05",
        "2020-02-06",
        "2020-02-07",
        "2020-02-10",
    ]


def test_the_cli_runs_a_made_up_conflict_through_states_changes_and_explain(cli, tinywar):
    result = cli("--data", tinywar, "states", "--date", "2020-02-10", "--format", "csv")
    assert result.exit_code == 0
    header = result.output.splitlines()[0].split(",")
    assert header[:10] == ["place_id", "name", "kind", "lat", "lon", "state", "since", "confidence", "stale", "claims"]
    assert "strelsau,Strelsau,city,45.5,11.0,blue,2020-02-10" in result.output

    changes = cli("--data", tinywar, "changes", "--from", "2020-01-15", "--to", "2020-02-10", "--format", "json")
    assert changes.exit_code == 0
    rows = {r["place_id"]: (r["old_state"], r["new_state"]) for r in json.loads(changes.output)}
    assert rows == {
        "hentzau": ("red", "disputed"),
        "strelsau": ("red", "blue"),
        "strelsau-old-town": ("red", "blue"),
        "zenda": ("red", "blue"),
    }

    explain = cli("--data", tinywar, "explain", "Hentzau", "--date", "2020-02-06")
    assert explain.exit_code == 0
    assert "DISPUTED" in explain.output
    assert "[supports] t08" in explain.output and "[contradicts] t09" in explain.output
    assert "the Crown pulled out of Hentzau" in explain.output
    assert "weak alone" in explain.output


def test_geojson_output_is_a_feature_collection_of_points(cli, tinywar):
    result = cli("--data", tinywar, "states", "--date", "2020-02-10", "--format", "geojson")
    doc = json.loads(result.output)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 7
    feat = next(f for f in doc["features"] if f["properties"]["place_id"] == "zenda")
    assert feat["geometry"] == {"type": "Point", "coordinates": [11.4, 45.8]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("states", "--date", "2020-13-01"), "not a date"),
        (("states", "--date", "soon"), "not a date"),
        (("changes", "--from", "2020-02-10", "--to", "2020-01-01"), "must not be before"),
        (("explain", "Atlantis", "--date", "2020-02-10"), "unknown place 'Atlantis'"),
    ],
)
def test_bad_arguments_get_a_message_and_a_nonzero_exit(cli, tinywar, args, message):
    result = cli("--data", tinywar, *args)
    assert result.exit_code != 0
    assert message in result.output


def add_claims(folder, *rows):
    with open(folder / "claims.csv", "a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row + "\n")


def test_only_the_claims_that_agree_with_the_days_state_support_it(tinywar):
    add_claims(
        tinywar, "a12,zenda,blue,captured,attributed,,,2020-02-03,day,,2020-02-04,gazette,monitor,Zenda taken,invented,"
    )
    row = state(Resolver(Dataset.load(tinywar)), "zenda", "2020-02-03")
    assert row["state"] == "contested"  # fighting inside outlasts a same-day capture claim
    assert row["claims"] == "t05"
    assert row["contradicting"].split(";") == ["a12"]


def test_an_admission_against_interest_decides_over_other_claims_of_the_day(tinywar):
    add_claims(
        tinywar,
        "a12,hentzau,blue,captured,attributed,,,2020-02-04,day,,2020-02-04,gazette,red-army,the League took Hentzau,invented,",
        "a13,hentzau,red,holds,asserted,,,2020-02-04,day,,2020-02-04,gazette,,the Crown holds Hentzau,invented,",
    )
    row = state(Resolver(Dataset.load(tinywar)), "hentzau", "2020-02-04")
    assert row["state"] == "blue" and row["claims"] == "a12"


def test_a_withdrawal_by_a_side_that_does_not_hold_the_place_changes_nothing(tinywar):
    add_claims(
        tinywar, "a12,zenda,red,withdrew,attributed,,,2020-02-08,day,,2020-02-08,gazette,monitor,red left,invented,"
    )
    r = Resolver(Dataset.load(tinywar))
    assert state(r, "zenda", "2020-02-08")["state"] == "blue"


def test_a_withdrawal_by_the_holder_leaves_the_place_unknown(tinywar):
    add_claims(
        tinywar, "a12,zenda,blue,withdrew,attributed,,,2020-02-08,day,,2020-02-08,gazette,monitor,blue left,invented,"
    )
    row = state(Resolver(Dataset.load(tinywar)), "zenda", "2020-02-08")
    assert row["state"] == "unknown" and row["claims"] == "a12" and row["contradicting"] == ""


def test_a_denial_of_a_whole_city_claim_reaches_the_districts_that_inherited_it(tinywar):
    add_claims(
        tinywar,
        "a12,strelsau,red,withdrew,attributed,whole,,2020-01-20,day,,2020-01-20,gazette,monitor,the Crown left the capital,invented,",
        "a13,strelsau,red,withdrew,denied,,,2020-01-20,day,,2020-01-20,gazette,red-army,no withdrawal,invented,",
    )
    gdf = Resolver(Dataset.load(tinywar)).states("2020-01-20").set_index("place_id")
    assert gdf.loc["strelsau", "state"] == "disputed"
    assert gdf.loc["strelsau-old-town", "state"] == "disputed"
    assert gdf.loc["strelsau-harbour", "state"] == "blue"  # red never held it: nothing to withdraw from


def test_a_claimants_own_later_denial_retracts_its_claim(tinywar):
    add_claims(
        tinywar, "a12,zenda,blue,captured,denied,,,2020-02-06,day,,2020-02-06,gazette,monitor,we were wrong,invented,"
    )
    row = state(Resolver(Dataset.load(tinywar)), "zenda", "2020-02-06")
    assert row["state"] == "contested"  # back to the fighting of 3 Feb
    assert "t06" in row["contradicting"].split(";")


def test_held_since_counts_only_from_the_first_claim_of_a_run(tinywar):
    add_claims(tinywar, "a12,zenda,blue,holds,asserted,,,2020-02-20,day,2019-01-01,2020-02-21,gazette,,,invented,")
    r = Resolver(Dataset.load(tinywar))
    assert state(r, "zenda", "2020-02-06")["since"] == "2020-02-05"
    assert state(r, "zenda", "2020-02-25")["since"] == "2020-02-05"


def test_a_party_describing_another_sides_holding_is_neither_weak_nor_strong(tinywar):
    add_claims(
        tinywar,
        "a12,strelsau-harbour,blue,holds,attributed,,,2020-01-05,day,,2020-01-05,gazette,red-army,the League holds the harbour,invented,",
    )
    claims = Resolver(Dataset.load(tinywar)).claims.set_index("claim_id")
    assert claims.loc["a12", "trust"] == "normal"
    assert claims.loc["t10", "trust"] == "strong"
    assert claims.loc["t07", "trust"] == "weak"


def test_the_timeline_agrees_with_single_dates_on_every_column(war):
    dates = ["2020-01-15", "2020-02-04", "2020-02-06", "2020-02-10", "2020-04-30"]
    tl = war.timeline(dates)
    for d in dates:
        single = war.states(d).set_index("place_id")
        day = tl[tl["date"] == d].set_index("place_id")
        assert (single.loc[day.index, "confidence"].round(2) == day["confidence"].round(2)).all(), d
        assert (single.loc[day.index, "stale"] == day["stale"]).all(), d
        since = day["since"].dt.strftime("%Y-%m-%d").fillna("")
        assert (single.loc[day.index, "since"] == since).all(), d


def test_walking_the_dates_gives_each_dates_resolved_states(resolver):
    dates = [*resolver.change_dates(), "2024-12-03"]
    walked = list(resolver.walk(dates))
    assert [d.strftime("%Y-%m-%d") for d, _ in walked][-1] == "2024-12-03"
    for day, state in walked:
        full = resolver.states(day).set_index("place_id")["state"]
        assert dict(zip(resolver.gazetteer.ids, state, strict=True)) == full.to_dict(), day


# -- one date's states, answered from the sorted claims, against a plain restatement --------
def reference_states(resolver, date) -> pd.DataFrame:
    """Each place's state on ``date`` restated plainly from the transitions and claims.

    The rules as the resolver once computed them for every date (a groupby and a join over
    every claim up to the date), place by place: what the fast path must agree with.
    """
    day = pd.Timestamp(date)
    t, support, c = resolver.transitions, resolver.support, resolver.claims
    rows = {}
    for pidx, place_id in enumerate(resolver.gazetteer.ids):
        mine = t[(t["pidx"] == pidx) & (t["eff"] <= day)]
        if len(mine):
            last = mine.iloc[-1]
            state, since, start = last["state"], last["run_since"], last["run_start"]
            lead, lead_from, confirmed, conf = last["lead"], last["lead_from"], last["eff"], last["confidence"]
            sup = support[(support["pidx"] == pidx) & (support["eff"] >= start) & (support["eff"] <= day)]
            backing = list(dict.fromkeys(sup["claim_id"]))
        else:
            state, since, lead, lead_from, confirmed, conf, backing = "unknown", None, "", "", None, 0.0, []
        said = c[(c["pidx"] == pidx) & (c["eff"] <= day)]
        if since is not None:
            said = said[said["eff"] >= since]
        against = []
        for r in said.itertuples():
            agrees = r.implied == "withdrew" and state == "unknown"
            disagree = r.stance == "denied" or r.retracted_by != "" or (r.implied not in ("", state) and not agrees)
            if disagree and not (state == "disputed" and r.disputed_by != ""):
                against.append(r.claim_id)
        rows[place_id] = {
            "state": state,
            "since": since.strftime("%Y-%m-%d") if since is not None else "",
            "confidence": round(float(conf), 2),
            "stale": state != "unknown" and confirmed is not None and (day - confirmed).days > resolver.stale_after,
            "last_confirmed": confirmed.strftime("%Y-%m-%d") if confirmed is not None else "",
            "claims": ";".join(backing),
            "contradicting": ";".join(dict.fromkeys(against)),
            "n_claims": len(backing),
            "n_contradicting": len(dict.fromkeys(against)),
            "lead_claim": lead,
            "decided_by_parent": lead_from,
        }
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()


@pytest.fixture
def long_war(tinywar):
    """Ruritania over four months: villages under its towns, and a few hundred random claims
    (captures, fighting, withdrawals, denials, own-favour and whole-town claims)."""
    rng = np.random.default_rng(15)
    villages = []
    for town, lat, lon in (("zenda", 45.8, 11.4), ("hentzau", 45.2, 10.6), ("strelsau", 45.5, 11.0)):
        for k in range(3):
            villages.append(
                f"{town}-v{k},{town.title()} village {k},,village,{town},{lat + 0.05 * (k + 1):.5f},"
                f"{lon + 0.05 * (k + 1):.5f},1,,,,,,,invented,\n"
            )
    with open(tinywar / "places.csv", "a", encoding="utf-8") as fh:
        fh.writelines(villages)
    places = ["strelsau", "strelsau-old-town", "strelsau-harbour", "zenda", "hentzau"] + [
        v.split(",")[0] for v in villages
    ]
    actions = ["holds", "captured", "entered", "fighting", "controls-part", "withdrew", "repelled", "besieged"]
    who = ["monitor", "red-army", "blue-command", ""]
    lines = []
    for i in range(400):
        place = places[rng.integers(len(places))]
        town = place in ("zenda", "hentzau", "strelsau")
        scope = "whole" if town and rng.random() < 0.3 else ""
        excepted = f"{place}-v0" if scope and rng.random() < 0.5 else ""
        claimant = who[rng.integers(len(who))]
        stance = "denied" if rng.random() < 0.12 else "attributed" if claimant else "asserted"
        claimant = claimant or ("monitor" if stance == "denied" else "")
        day = pd.Timestamp("2020-02-01") + pd.Timedelta(days=int(rng.integers(0, 120)))
        side = ["red", "blue"][rng.integers(2)]
        lines.append(
            f"r{i:03d},{place},{side},{actions[rng.integers(len(actions))]},{stance},{scope},{excepted},"
            f"{day:%Y-%m-%d},day,,{day:%Y-%m-%d},gazette,{claimant},,invented,\n"
        )
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.writelines(lines)
    return Resolver(Dataset.load(tinywar), stale_after=10)


def test_each_dates_states_agree_with_the_plain_restatement_of_the_rules(long_war):
    columns = list(reference_states(long_war, "2020-01-01").columns)
    seen = pd.DataFrame()
    for date in pd.date_range("2019-12-30", "2020-06-15", freq="3D"):
        got = long_war.states(date, cache=False).set_index("place_id")[columns].sort_index()
        want = reference_states(long_war, date)
        pd.testing.assert_frame_equal(got, want, check_dtype=False, check_names=False, obj=f"{date:%Y-%m-%d}")
        seen = pd.concat([seen, got])
    # The conflict exercises every rule the lists depend on.
    assert {"red", "blue", "contested", "disputed"} <= set(seen["state"])
    assert seen["stale"].any() and (seen["decided_by_parent"] != "").any()
    assert (seen["n_contradicting"] > 0).any() and (seen["n_claims"] > 3).any()
    assert long_war.claims["retracted_by"].ne("").any() and long_war.claims["disputed_by"].ne("").any()


def test_a_map_lists_the_first_and_latest_of_the_same_claims(long_war):
    for date in ("2020-03-01", "2020-05-20"):
        full = long_war.states(date, cache=False)
        short = long_war.states(date, max_claims=2, cache=False)
        assert (short["n_claims"] == full["n_claims"]).all()
        for whole, cut in zip(full["claims"], short["claims"], strict=True):
            ids = whole.split(";")
            assert cut == (whole if len(ids) <= 2 else f"{ids[0]};{ids[-1]}")


def test_a_date_asked_alone_and_a_date_asked_in_order_give_the_same_states(long_war):
    alone = Resolver(long_war.dataset, stale_after=10).states("2020-04-10", cache=False)
    for date in pd.date_range("2020-02-01", "2020-04-09"):
        long_war.states(date, cache=False)
    after = long_war.states("2020-04-10", cache=False)
    pd.testing.assert_frame_equal(pd.DataFrame(alone), pd.DataFrame(after))


def test_claim_numbers_decode_to_each_prepared_claims_own_id_inherited_copies_included(war):
    numbers = war.claim_numbers()
    ids = war.claims["claim_id"].tolist()
    assert len(numbers.rows) == len(ids) and len(numbers) == len(set(ids))
    assert (war.claims["inherited_from"] != "").any()  # the copies below a whole-city claim
    assert numbers.names(numbers.rows).tolist() == ids
    assert war.claim_numbers() is numbers  # made once, shared by whoever asks


def test_claim_numbers_find_ids_asked_few_or_many_and_say_minus_one_for_others():
    from aleppo_map.states import ClaimNumbers

    numbers = ClaimNumbers(pd.Series([f"c{i}" for i in range(100)] + ["c7"], dtype="str"))
    assert numbers.rows[-1] == numbers.rows[7] and len(numbers) == 100
    few = ["c42", "nope", "c42", "", "c0"]  # hashed on the side of the ids asked
    many = few * 40  # hashed on the side of the known ids
    for asked in (few, many, np.array(few, dtype=object), pd.Series(few, dtype="str")):
        found = numbers.of(asked)
        assert numbers.names(found).tolist() == [x if x.startswith("c") else "" for x in list(asked)]
        assert (found[[1, 3]] == -1).all()
    assert numbers.of([]).tolist() == [] and numbers.names(np.array([-1])).tolist() == [""]


def test_a_claim_id_given_twice_for_one_place_is_listed_and_counted_once(tinywar):
    war = Resolver(Dataset.load(tinywar))
    twice = war.dataset.claims[war.dataset.claims["id"] == "t06"].drop(columns=["line"]).assign(status="candidate")
    again = Resolver(Dataset.load(tinywar), extra_claims=twice)
    before, after = state(war, "zenda", "2020-02-06"), state(again, "zenda", "2020-02-06")
    assert before["claims"].split(";").count("t06") == 1
    assert after["claims"] == before["claims"] and after["n_claims"] == before["n_claims"]
    assert after["lead_claim"] == "t06" and after["explanation"] == before["explanation"]


def test_claims_read_as_categories_or_as_text_resolve_alike(tinywar):
    categories = Resolver(Dataset.load(tinywar))
    text = Resolver(Dataset.read(tinywar))  # the same claims, every column plain text
    assert isinstance(categories.claims["side"].dtype, pd.CategoricalDtype)
    assert text.claims["side"].dtype == "str"
    for column in ("who", "scope", "trust", "implied", "about_place", "disputed_by"):
        assert categories.claims[column].astype("str").tolist() == text.claims[column].tolist(), column
    # Who speaks: the claimant, else the outlet; a claim without a scope is about its place.
    c = text.claims
    assert (c["who"] == c["claimant"].where(c["claimant"] != "", c["outlet"])).all()
    assert "" not in set(categories.claims["scope"]) and "place" in set(categories.claims["scope"])
    for day in ("2020-01-15", "2020-02-06", "2020-02-07"):
        pd.testing.assert_frame_equal(
            pd.DataFrame(categories.states(day)).drop(columns="geometry"),
            pd.DataFrame(text.states(day)).drop(columns="geometry"),
        )
