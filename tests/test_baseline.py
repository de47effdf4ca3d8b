"""The eve of the offensive for the whole country: a sourced baseline every place inherits.

Spot checks name the published late-2024 reference they were checked against.
"""

import io

import pandas as pd
import pytest

from aleppo_map.render import LAYERS
from aleppo_map.snapshot import MapModel

EVE = "2024-11-26"
WP = "Wikipedia, Syrian civil war map (late Nov 2024)"
# place id: (state on the eve, the governorate, the reference the state was checked against)
SPOT_CHECKS = {
    "wof-890449873": ("sna", "Aleppo", "Azaz: Operation Euphrates Shield; " + WP),
    "wof-890436241": ("sna", "Aleppo", "Afrin: Operation Olive Branch (18 Mar 2018)"),
    "wof-1125981903": ("sna", "Aleppo", "al-Bab: Battle of al-Bab (Feb 2017)"),
    "wof-1125967369": ("sna", "Aleppo", "Jarabulus: Operation Euphrates Shield"),
    "manbij": ("sdf", "Aleppo", "bianet, 9 Dec 2024: SDF control since 2016"),
    "tal-rifaat": ("sdf", "Aleppo", "Shafaq News / SOHR, 1-2 Dec 2024: previously SDF"),
    "wof-1360282145": ("sdf", "Aleppo", "Kobani: " + WP),
    "nubl": ("government", "Aleppo", "Nubl: government since Feb 2016"),
    "wof-890449889": ("government", "Aleppo", "al-Safira: SOHR via AFP, taken from the government on 1 Dec 2024"),
    "wof-1260064741": ("opposition", "Aleppo", "Atarib: HTS zone after the Mar 2020 ceasefire"),
    "wof-1243149425": ("opposition", "Idlib", "Sarmada: " + WP),
    "wof-890449849": ("opposition", "Idlib", "Jisr al-Shughur: " + WP),
    "khan-shaykhun": ("government", "Idlib", "Khan Shaykhun: government since Aug 2019"),
    "wof-421172833": ("sdf", "Raqqa", "Raqqa: SDF since Oct 2017"),
    "wof-890449887": ("sdf", "Raqqa", "Tabqa: SDF since May 2017"),
    "wof-1310429531": ("sna", "Raqqa", "Tell Abyad: Operation Peace Spring (Oct 2019)"),
    "wof-1225958399": ("sdf", "Hasakah", "Qamishli: " + WP),
    "qamishli-security-square": ("government", "Hasakah", "Enab Baladi, 7 Dec 2024: security squares"),
    "wof-1276457637": ("sna", "Hasakah", "Ras al-Ayn: Operation Peace Spring (Oct 2019)"),
    "wof-421202167": ("government", "Deir ez-Zor", "Deir ez-Zor city: Deir ez-Zor campaign (2017)"),
    "wof-1226640425": ("government", "Deir ez-Zor", "Hatla: Rudaw, 3 Dec 2024 (seven villages)"),
    "wof-890449895": ("sdf", "Deir ez-Zor", "Hajin: SDF since Dec 2018"),
    "wof-890449891": ("government", "Deir ez-Zor", "Abu Kamal: government since Nov 2017"),
    "al-tanf-garrison": ("sfa", "Rif Dimashq", "Al-Tanf: US garrison and SFA headquarters (Wikipedia)"),
    "damascus": ("government", "Damascus", WP),
    "homs": ("government", "Homs", WP),
    "wof-421197935": ("government", "Homs", "Palmyra: government since Mar 2017"),
    "hama": ("government", "Hama", WP),
    "latakia": ("government", "Latakia", WP),
    "wof-890449825": ("government", "Tartus", "Tartus: " + WP),
    "wof-421197257": ("government", "Daraa", "Daraa: 2018 Southern Syria offensive"),
    "wof-421192811": ("government", "Suwayda", "As-Suwayda Governorate (Wikipedia)"),
    "wof-1125979117": ("government", "Quneitra", "Quneitra: Syrian side of the ceasefire line"),
    "wof-1209625421": ("israel", "Quneitra", "Avne Etan: Israeli-occupied Golan (Golan Heights, Wikipedia)"),
}


@pytest.fixture(scope="module")
def eve(resolver):
    return resolver.states(EVE).set_index("place_id")


@pytest.mark.parametrize("place_id", sorted(SPOT_CHECKS))
def test_well_known_towns_match_published_late_2024_control_maps(eve, place_id):
    state, governorate, reference = SPOT_CHECKS[place_id]
    assert eve.loc[place_id, "state"] == state, f"{place_id} ({governorate}): {reference}"


def test_the_spot_checks_reach_every_governorate(dataset):
    governorates = set(dataset.places.loc[dataset.places["kind"] == "governorate", "name"])
    checked = {v[1] for v in SPOT_CHECKS.values()}
    assert len(governorates) == 14
    assert len(checked) == 14


def test_at_least_nine_in_ten_places_have_a_known_state_on_the_eve(cli):
    result = cli("states", "--date", EVE, "--format", "csv", "--all")
    assert result.exit_code == 0
    frame = pd.read_csv(io.StringIO(result.output), keep_default_na=False)
    assert len(frame) > 11_000
    assert (frame["state"] != "unknown").mean() >= 0.9


def test_no_place_is_disputed_or_contested_by_baselines_that_overlap(eve):
    # Two baselines of different sides reaching one place would make it disputed: every
    # enclave must be listed in its surrounding unit's except.
    odd = eve[eve["state"].isin(["disputed", "contested"])]
    assert set(odd["kind"]) <= {"governorate"}, odd.index.tolist()


def test_every_baseline_row_cites_a_public_reference_and_says_why(dataset):
    c = dataset.claims
    base = c[c["id"].str.startswith("base-")]
    assert len(base) > 100
    assert base["origin"].str.startswith("https://").all()
    assert (base["note"].str.len() > 40).all()
    assert set(base["outlet"]) <= set(dataset.sources["id"])


def test_a_capture_reads_as_a_change_from_the_baseline_side(resolver):
    changes = resolver.changes(EVE, "2024-11-30").set_index("place_id")
    assert changes.loc["saraqib", "old_state"] == "government"
    assert changes.loc["saraqib", "new_state"] == "opposition"


def test_the_zones_layer_is_on_by_default_and_labelled_as_an_estimate():
    layers = {key: (name, show) for key, name, show in LAYERS}
    name, show = layers["areas"]
    assert show is True
    assert "estimate" in name
    order = [key for key, _, _ in LAYERS]
    assert order.index("areas") < order.index("places")  # drawn below the points


@pytest.fixture(scope="module")
def model(resolver):
    return MapModel(resolver)


def test_the_zones_of_each_date_sum_to_the_country(model):
    country = model.country
    import geopandas as gpd

    total = float(gpd.GeoSeries([country], crs="EPSG:4326").to_crs(model.crs).area.iloc[0] / 1e6)
    assert 180_000 < total < 190_000  # Syria is about 185,000 km²
    for day in model.dates:
        areas = model.areas(model.resolver.states(day))
        assert abs(areas["area_km2"].sum() - total) / total < 0.02, day
        sides = set(areas["state"])
        assert {"government", "opposition", "sdf", "sna"} <= sides


def test_the_area_chart_counts_square_kilometres_and_the_places_chart_thousands(model):
    from aleppo_map.site import _series

    snap = model.snapshot(EVE)
    series = pd.DataFrame(_series(snap))
    assert series["km2"].sum() > 180_000
    assert series["places"].sum() > 10_000
    gov = series.set_index("state").loc["government"]
    assert gov["km2"] > 100_000 and gov["places"] > 5_000
