"""Downloads: a date's states as points with ACLED's column names, every layer in a GeoPackage, never half-written."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from aleppo_map.dataset import Dataset
from aleppo_map.export import FORMATS, export_date, export_timeline, states_frame
from aleppo_map.states import Resolver

from .conftest import TINYWAR

DAY = "2020-02-05"


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Dataset.load(TINYWAR))


def test_a_dates_states_are_points_with_acled_columns_and_the_countrys_name(resolver):
    frame = states_frame(resolver, DAY)
    assert frame.crs.to_epsg() == 4326 and set(frame.geom_type) == {"Point"}
    for column in ("event_date", "location", "latitude", "longitude", "geo_precision", "admin1", "country", "source"):
        assert column in frame.columns
    assert set(frame["event_date"]) == {DAY}
    assert "unknown" not in set(frame["state"])
    assert set(frame["country"]) == {"Ruritania"}
    strelsau = frame.set_index("place_id").loc["strelsau"]
    assert (strelsau["state_label"], strelsau["location"]) == ("Red Crown", "Strelsau")


def test_the_states_on_a_date_match_the_resolvers(resolver):
    frame = states_frame(resolver, DAY, known_only=False).set_index("place_id")["state"]
    resolved = resolver.states(DAY).set_index("place_id")["state"]
    assert frame.sort_index().to_dict() == resolved.sort_index().to_dict()


def test_geojson_and_csv_files_hold_the_same_rows(resolver, tmp_path):
    gj = gpd.read_file(export_date(resolver, DAY, "geojson", tmp_path / "d.geojson"))
    csv = pd.read_csv(export_date(resolver, DAY, "csv", tmp_path / "d.csv"), dtype=str, keep_default_na=False)
    assert sorted(gj["place_id"]) == sorted(csv["place_id"])
    assert len(gj) == len(states_frame(resolver, DAY))


def test_a_geopackage_holds_every_layer_up_to_the_date_and_the_same_bytes_twice(resolver, tmp_path):
    path = export_date(resolver, DAY, "gpkg", tmp_path / "a.gpkg")
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"places", "states", "claims", "events", "areas"}
    claims = gpd.read_file(path, layer="claims")
    assert len(claims) and (claims["event_date"] <= DAY).all()
    assert len(claims) < len(resolver.dataset.claims)  # the later claims are left out
    assert export_date(resolver, DAY, "gpkg", tmp_path / "b.gpkg").read_bytes() == path.read_bytes()


def test_a_timeline_has_one_row_per_known_place_and_date(resolver, tmp_path):
    dates = resolver.change_dates()
    path = export_timeline(resolver, dates, "csv", tmp_path / "t.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(frame["event_date"]) == {d.strftime("%Y-%m-%d") for d in dates}
    assert not frame.duplicated(["place_id", "event_date"]).any()


def test_an_unknown_format_or_no_date_is_refused_and_nothing_is_written(resolver, tmp_path):
    assert "shp" not in FORMATS
    with pytest.raises(ValueError, match="unknown format 'shp'"):
        export_date(resolver, DAY, "shp", tmp_path / "d.shp")
    with pytest.raises(ValueError, match="no dates"):
        export_timeline(resolver, [], "csv", tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []
