"""The estimated zones of control in a real browser: whole country, on by default, both sizes.

Screenshots of each page and size are written to the test's temporary folder (look at
them when changing the map: the test counts and measures, a person judges the picture).
"""

import json

import geopandas as gpd
import pytest

from tests.pages import page_data, state_ids

SIZES = [(1400, 900), (390, 844)]
ZONES = """(() => {
  var g = AM.state.groups.areas, out = [];
  g.eachLayer(function (l) { (l.eachLayer ? l : {eachLayer: function (f) { f(l); }}).eachLayer(function (x) {
    out.push(x.toGeoJSON()); }); });
  return JSON.stringify({on: AM.state.map.hasLayer(g), features: out});
})()"""


@pytest.mark.parametrize("name", ["2024-11-26.html", "latest.html"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_zones_cover_the_country_one_polygon_per_side_and_are_shown_by_default(
    browser, site, dataset, name, size, tmp_path
):

    path = site / "maps" / name
    labels = state_ids(page_data(path))
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.route("http*://**", lambda route: route.abort())
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    page.wait_for_function("window.AM && AM.state && AM.state.ready === true")  # layers are added once the view is set
    drawn = json.loads(page.evaluate(ZONES))
    page.screenshot(path=str(tmp_path / f"{name}-{size[0]}x{size[1]}.png"))
    page.close()

    assert drawn["on"], "the zones layer is on when the page opens"
    sides = [labels[f["properties"]["s"]] for f in drawn["features"]]
    per_side = {s: sides.count(s) for s in set(sides)}
    # One dissolved (multi)polygon per side, and the four big sides of late 2024 all there.
    assert all(n == 1 for n in per_side.values()), per_side
    assert {"government", "opposition", "sdf", "sna", "sfa", "israel"} <= set(per_side)
    zones = gpd.GeoDataFrame.from_features(drawn["features"], crs="EPSG:4326")
    laea = "+proj=laea +lat_0=35 +lon_0=38.5 +datum=WGS84 +units=m +no_defs"
    km2 = zones.to_crs(laea).area / 1e6
    country = gpd.GeoSeries([dataset.country()], crs="EPSG:4326").to_crs(laea).area.iloc[0] / 1e6
    assert 180_000 < country < 190_000  # Syria: about 185,000 km²
    assert abs(km2.sum() - country) / country < 0.02
    by_side = dict(zip(sides, km2, strict=True))
    assert by_side["government"] > by_side["sdf"] > by_side["sna"] > by_side["israel"]


def test_the_sources_page_explains_how_zones_are_estimated_and_their_limits(site):
    html = (site / "sources.html").read_text(encoding="utf-8")
    section = html[html.index('id="zones"') : html.index('id="sources"')]
    assert "estimate" in section and "Voronoi" in section and "equal-area" in section
    assert "Limits" in section and "nearest sub-district point" in section
