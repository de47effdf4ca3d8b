"""Dissolving cells into zones: fast on a clean coverage, still right on one that is not."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from aleppo_map.areas import control_areas, equal_area_crs, voronoi_cells


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


def test_each_point_gets_one_cell_that_holds_it_and_points_at_one_spot_share_it():
    crs = equal_area_crs(35.0, 38.0)
    points = gpd.GeoSeries(gpd.points_from_xy([37.9, 38.1, 38.0, 38.0], [35.0, 35.0, 35.2, 35.2]), crs="EPSG:4326")
    cells = voronoi_cells(points, None, crs)
    assert list(cells.index) == list(points.index)
    projected = points.to_crs(crs)
    assert all(cell.contains(p) for cell, p in zip(cells, projected, strict=True))
    assert cells.iloc[2].equals(cells.iloc[3])
    assert not cells.iloc[0].intersects(projected.iloc[1])


def test_cells_stay_inside_the_boundary():
    crs = equal_area_crs(35.0, 38.0)
    boundary = shapely.box(37.8, 34.9, 38.2, 35.3)
    points = gpd.GeoSeries(gpd.points_from_xy([37.9, 38.1], [35.0, 35.1]), crs="EPSG:4326")
    cells = voronoi_cells(points, boundary, crs)
    inside = gpd.GeoSeries([boundary], crs="EPSG:4326").to_crs(crs).iloc[0].buffer(1)
    assert all(inside.contains(c) for c in cells)
    assert sum(c.area for c in cells) == pytest.approx(inside.buffer(-1).area, rel=1e-3)


def test_zones_come_back_in_degrees_for_the_map():
    crs = equal_area_crs(35.0, 38.0)
    cells = gpd.GeoSeries([shapely.box(0, 0, 1000, 1000)], crs=crs)
    zones = control_areas(pd.DataFrame({"state": ["sdf"]}), cells)
    assert zones.crs.to_epsg() == 4326
    x0, y0, x1, y1 = zones.total_bounds
    assert 37.9 < x0 < x1 < 38.1 and 34.9 < y0 < y1 < 35.1


def test_no_known_state_gives_no_zone():
    crs = equal_area_crs(35.0, 38.0)
    zones = control_areas(pd.DataFrame({"state": ["unknown"]}), gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs=crs))
    assert zones.empty and list(zones.columns) == ["state", "area_km2", "geometry"]


def test_zones_made_again_only_for_changed_states_are_the_zones_made_afresh():
    crs = equal_area_crs(35.0, 38.0)
    cells = gpd.GeoSeries([shapely.box(1000 * i, 0, 1000 * (i + 1), 1000) for i in range(6)], crs=crs)
    monday = pd.DataFrame({"state": ["sdf", "sdf", "government", "government", "unknown", "sna"]})
    tuesday = pd.DataFrame({"state": ["sdf", "sdf", "government", "sna", "sna", "sna"]})
    kept: dict = {}
    control_areas(monday, cells, coverage=True, unions=kept)
    sdf_union = kept["sdf"][1]
    again = control_areas(tuesday, cells, coverage=True, unions=kept)
    assert kept["sdf"][1] is sdf_union  # its cells did not change: not unioned again
    afresh = frame_dissolved(tuesday, cells)
    assert again["state"].tolist() == afresh["state"].tolist() == ["government", "sdf", "sna"]
    assert list(again.geometry.to_wkb()) == list(afresh.geometry.to_wkb())
    assert again["area_km2"].tolist() == afresh["area_km2"].tolist() == [1.0, 2.0, 3.0]


def frame_dissolved(states, cells):
    """The zones as geopandas' dissolve makes them (a full union, simplified, in degrees)."""
    known = states["state"] != "unknown"
    frame = gpd.GeoDataFrame({"state": states.loc[known, "state"]}, geometry=cells[known].values, crs=cells.crs)
    out = frame.dissolve(by="state", sort=True, method="coverage").reset_index()
    out["area_km2"] = (out.geometry.area / 1e6).round(1)
    out["geometry"] = out.geometry.simplify(250.0)
    return out.to_crs("EPSG:4326")
