"""geocoder: the gazetteer behind geopy's interface, offline."""

from geopy.location import Location

from aleppo_map.geocoder import OfflineGazetteer


def test_geocode_answers_a_plain_location_offline(gazetteer):
    place = OfflineGazetteer(gazetteer).geocode("Saraqeb")
    assert isinstance(place, Location)
    assert place.raw["id"] == "saraqib" and 35.8 < place.latitude < 35.9


def test_reverse_finds_the_nearest_place_and_nothing_far_from_any(gazetteer):
    geo = OfflineGazetteer(gazetteer)
    near = geo.reverse((35.864, 36.804))  # a few hundred metres from Saraqib
    assert near is not None and "Saraqib" in near.address
    assert geo.reverse((0.0, 0.0)) is None
