"""world: places outside Syria are named in reports (datelines, capitals) but never mapped."""

import math

from aleppo_map.world import lookup


def test_a_capital_in_any_case_is_found_with_its_country_and_point():
    place = lookup("BEIRUT")
    assert place is not None and place.country == "LB" and place.kind == "foreign capital"
    assert 33 < place.lat < 34.5 and 35 < place.lon < 36.5
    assert place.place_id.startswith("geonames:")


def test_a_country_is_found_and_syria_itself_is_not_a_foreign_place():
    turkey = lookup("Turkey")
    assert turkey is not None and turkey.kind == "foreign country" and not math.isnan(turkey.lat)
    assert lookup("Syria") is None and lookup("Aleppo") is None  # the gazetteer's, not the world's


def test_a_word_that_is_no_place_finds_nothing():
    assert lookup("Ceasefire") is None
