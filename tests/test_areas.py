"""Dissolving cells into zones: fast on a clean coverage, still right on one that is not."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from aleppo_map.areas import control_areas, equal_area_crs


def test_cells_that_overlap_still_dissolve_into_one_zone_of_the_right_area():
    crs = equal_area_crs(35.0, 38.0)
    cells = gpd.GeoSeries([shapely.box(0, 0, 2000, 2000), shapely.box(1000, 500, 3000, 2000)], crs=crs)
    states = pd.DataFrame({"state": ["government", "government"]})
    zones = control_areas(states, cells)
    assert zones["state"].tolist() == ["government"]
    assert zones["area_km2"].iloc[0] == pytest.approx(5.5)


def test_unknown_cells_are_left_blank():
    crs = equal_area_crs(35.0, 38.0)
    cells = gpd.GeoSeries([shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)], crs=crs)
    zones = control_areas(pd.DataFrame({"state": ["sdf", "unknown"]}), cells)
    assert zones["state"].tolist() == ["sdf"]
    assert zones["area_km2"].iloc[0] == pytest.approx(1.0)
