"""render: folium pages; a site's page loads shared scripts, a standalone one carries all."""

import re

from aleppo_map.render import render_date, render_snapshot

from .pages import unpacked_text


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
    assert "Saraqib" in unpacked_text(page)


def test_site_scripts_makes_only_the_scripts_asked_for(resolver):
    from aleppo_map.render import SCRIPTS, site_scripts
    from aleppo_map.snapshot import MapModel

    seed_model = MapModel(resolver)

    assert list(site_scripts(seed_model, ["data/claims.js"])) == ["data/claims.js"]
    every = site_scripts(seed_model)
    assert list(every) == list(SCRIPTS)
    assert every["data/claims.js"] == site_scripts(seed_model, ["data/claims.js"])["data/claims.js"]


def test_the_timeline_given_the_sites_places_script_links_the_same_version_without_making_it(resolver):
    from aleppo_map.render import render_timeline, site_scripts
    from aleppo_map.snapshot import MapModel

    places = site_scripts(MapModel(resolver), ["data/places.js"])["data/places.js"]
    made = render_timeline(MapModel(resolver))
    assert render_timeline(MapModel(resolver), places=places) == made
    # What it is given is what it links: another table, another version.
    assert render_timeline(MapModel(resolver), places=places + " ") != made
