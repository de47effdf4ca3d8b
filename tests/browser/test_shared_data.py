"""Dated pages draw from the site's shared scripts exactly what a page with everything inlined draws."""

from __future__ import annotations

import shutil

import pytest

from aleppo_map.pagedata import script
from aleppo_map.render import render_snapshot
from aleppo_map.snapshot import MapModel

from ..pages import claim_ids, loads
from .conftest import SIZES

# Popups and tooltips are written when they open: their content is a function of the layer.
DRAWN = """(() => {
  const out = {}, group = AM.state.groups.places.getLayers()[0];
  const text = (c, l) => typeof c === 'function' ? c(l) : c;
  for (const [id, l] of Object.entries(AM.state.places)) {
    out[id] = [text(l.getPopup().getContent(), l), l.options.fillColor, l.options.radius, l.options.dashArray || '',
               l.options.fillOpacity, text(group.getTooltip().getContent(), l)];
  }
  return out;
})()"""


@pytest.mark.parametrize("size", SIZES)
def test_a_site_page_shows_the_states_and_popups_of_the_same_page_standing_alone(
    open_page, site, resolver, tmp_path, size
):
    model = MapModel(resolver)
    snap = list(model)[-2]  # 2024-11-30: a map with changes since the previous one
    alone = tmp_path / "alone.html"
    alone.write_text(render_snapshot(model, snap, assets=None), encoding="utf-8")
    shared = open_page(site / "maps" / f"{snap.label}.html", size)
    inline = open_page(alone, size)
    drawn, expected = shared.page.evaluate(DRAWN), inline.page.evaluate(DRAWN)
    assert len(drawn) == len(resolver.dataset.places)
    assert drawn == expected
    assert "Claims behind it" in drawn["saraqib"][0] and "Changed" in drawn["saraqib"][0]


def test_a_page_says_so_when_the_browser_kept_an_older_claims_table(open_page, later_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(later_site, site)
    (_kind, claims), *_ = loads((site / "data" / "claims.js").read_text(encoding="utf-8"))
    # As a cached copy from before the last reports: the last three claims are not in it.
    claims["count"] -= 3
    claims["ids"] = claim_ids(claims)[:-3]  # each id as it is (a run of one)
    (site / "data" / "claims.js").write_text(script("claims", claims), encoding="utf-8")
    page = open_page(site / "maps" / "latest.html", "desktop")
    assert "reload the page" in page.page.inner_text(".am-title")
    current = open_page(later_site / "maps" / "latest.html", "desktop")
    assert "reload the page" not in current.page.inner_text(".am-title")
