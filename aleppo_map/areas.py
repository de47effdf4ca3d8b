"""Estimated control areas: the ground nearest to each place, given to whoever holds it.

An *estimate*, and labelled as one wherever it is shown: a Voronoi tessellation of the
place points (region centroids excluded) in an equal-area projection centred on the
dataset, clipped to the country, each cell taking its place's state, dissolved by state.
Cells of places in state ``unknown`` are left out, so unreported ground stays blank.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

__all__ = ["control_areas", "equal_area_crs", "voronoi_cells"]


def equal_area_crs(lat: float, lon: float) -> CRS:
    """A Lambert azimuthal equal-area projection centred on the data (areas in m²)."""
    return CRS.from_proj4(f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs")


def voronoi_cells(points: gpd.GeoSeries, boundary: shapely.Geometry | None, crs: CRS) -> gpd.GeoSeries:
    """One cell per point (same index), in ``crs``, clipped to ``boundary`` (EPSG:4326).

    Points sharing a coordinate share a cell. Without a boundary, cells are clipped to the
    points' convex hull grown by 20 km.
    """
    projected = points.to_crs(crs)
    xy = np.round(shapely.get_coordinates(projected.values), 1)
    unique, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    if boundary is not None:
        clip = gpd.GeoSeries([boundary], crs="EPSG:4326").to_crs(crs).iloc[0]
    else:
        clip = shapely.MultiPoint(unique).convex_hull.buffer(20_000)
    if len(unique) < 2:
        cells = np.array([clip])
    else:
        diagram = shapely.voronoi_polygons(shapely.MultiPoint(unique), extend_to=clip, ordered=True)
        cells = shapely.intersection(np.asarray(shapely.get_parts(diagram)), clip)
    return gpd.GeoSeries(cells[inverse], index=points.index, crs=crs)


def control_areas(
    states: gpd.GeoDataFrame,
    cells: gpd.GeoSeries,
    simplify_m: float = 250.0,
    coverage: bool | None = None,
    unions: dict | None = None,
) -> gpd.GeoDataFrame:
    """Cells dissolved by state, with ``area_km2``; in EPSG:4326 for mapping.

    ``states`` is a frame from :meth:`aleppo_map.states.Resolver.states` whose index
    matches ``cells`` (the places the tessellation was built from). ``coverage`` says whether
    the cells tile without overlaps (then a coverage union is used, some 25 times faster than
    a full union); None checks it. A coverage union of overlapping cells would silently count
    the overlap twice, so anything not known to be a coverage gets the full union.

    ``unions`` (a dict the caller keeps between calls, say from one date to the next) keeps
    each state's union with the cells it was made of: a state whose cells did not change
    is not unioned again. It holds one call's unions at most.
    """
    known = states["state"] != "unknown"
    frame = gpd.GeoDataFrame(
        {"state": states.loc[known, "state"].to_numpy()}, geometry=cells[known].values, crs=cells.crs
    )
    if frame.empty:
        return gpd.GeoDataFrame(
            {"state": pd.Series(dtype="str"), "area_km2": pd.Series(dtype=float)}, geometry=[], crs="EPSG:4326"
        )
    if coverage is None:
        coverage = bool(shapely.coverage_is_valid(frame.geometry.values))
    dissolved = _coverage_dissolve(frame, cells.index[known.to_numpy()], unions) if coverage else None
    if dissolved is None:
        dissolved = frame.dissolve(by="state", sort=True).reset_index()
    dissolved["area_km2"] = (dissolved.geometry.area / 1e6).round(1)
    dissolved["geometry"] = dissolved.geometry.simplify(simplify_m)
    return dissolved.to_crs("EPSG:4326")[["state", "area_km2", "geometry"]]


def _coverage_dissolve(frame: gpd.GeoDataFrame, cell_ids: pd.Index, unions: dict | None) -> gpd.GeoDataFrame | None:
    """``frame.dissolve(by="state", sort=True, method="coverage")``, state by state.

    The same geometries (each state's cells, in their order, through one coverage union),
    without a groupby of geometries; None when the cells' edges do not match to the last
    digit (then the caller takes the full union).
    """
    state = frame["state"].to_numpy(dtype=object)
    geometries = np.asarray(frame.geometry.values)
    ids = np.asarray(cell_ids)
    kept: dict = {}
    merged = []
    names = sorted(set(state.tolist()))
    for name in names:
        members = ids[state == name]
        before = (unions or {}).get(name)
        if before is not None and np.array_equal(before[0], members):
            union = before[1]
        else:
            try:
                union = shapely.coverage_union_all(geometries[state == name])
            except shapely.errors.GEOSException:  # edges that do not match to the last digit
                return None
        kept[name] = (members, union)
        merged.append(union)
    if unions is not None:
        unions.clear()
        unions.update(kept)
    return gpd.GeoDataFrame({"state": pd.array(names, dtype="str")}, geometry=merged, crs=frame.crs)
