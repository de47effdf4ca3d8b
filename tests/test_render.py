"""render: folium pages; a site's page loads shared scripts, a standalone one carries all."""

import re

from aleppo_map.render import render_date, render_snapshot


def test_a_sites_dated_page_loads_its_date_script_and_the_shared_ones(resolver):
    from aleppo_map.snapshot import MapModel

    model = MapModel(resolver)
    snap = model.snapshot("2024-11-30")
    files = render_date(model, snap)
    assert set(files) == {"maps/2024-11-30.html", "data/2024-11-30.js"}
    page = files["maps/2024-11-30.html"]
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert any(s.startswith("../data/places.js") for s in sources)
    assert any(s.startswith("../data/2024-11-30.js") for s in sources)
    assert not any(s.startswith(("http:", "https:", "//")) for s in sources)


def test_a_standalone_page_needs_no_other_file(resolver):
    from aleppo_map.snapshot import MapModel

    model = MapModel(resolver)
    page = render_snapshot(model, model.snapshot("2024-11-30"), assets=None)
    assert re.findall(r'<script src="([^"]+)"', page) == []
    assert "Saraqib" in page
