"""A reader's map on a phone (390x844) and a desktop (1400x900): nothing covers anything,
the slider drags, popups fit, the search finds places, and a URL brings back what was seen."""

from __future__ import annotations

import pytest

from .conftest import SIZES

MAP_PAGES = ["maps/2024-11-30.html", "maps/latest.html", "maps/timeline.html"]
PAGES = [*MAP_PAGES, "index.html", "sources.html"]

# The controls and panels a map page shows; each must be clear of every other and on screen.
BOXES = """(() => {
  const sel = ['.am-title', '.am-layers', '.am-changes', '.am-legend', '.am-timeline',
               '.leaflet-control-zoom', '.leaflet-control-scale', '.leaflet-control-attribution'];
  const out = [];
  for (const s of sel) {
    for (const e of document.querySelectorAll(s)) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && getComputedStyle(e).display !== 'none') {
        out.push({name: s, left: r.left, top: r.top, right: r.right, bottom: r.bottom});
      }
    }
  }
  return out;
})()"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                found.append((a["name"], b["name"]))
    return found


def off_screen(boxes: list[dict], size: str) -> list[str]:
    width, height = SIZES[size]
    return [
        b["name"]
        for b in boxes
        if b["left"] < -0.5 or b["top"] < -0.5 or b["right"] > width + 0.5 or b["bottom"] > height + 0.5
    ]


def open_place(page, pid: str) -> dict:
    """Open a place's popup as a reader does (through the search result's own code path) and
    return the popup's box once it has been panned into view."""
    page.page.evaluate(f"AM.state.places[{pid!r}].openPopup()")
    return wait_popup_in_view(page)


def wait_popup_in_view(page) -> dict:
    page.page.wait_for_function(
        "(() => { const p = document.querySelector('.leaflet-popup'); if (!p) return false;"
        " const r = p.getBoundingClientRect();"
        " return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; })()"
    )
    return page.page.evaluate(
        "(() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();"
        " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width}; })()"
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PAGES)
def test_no_control_or_panel_covers_another_and_nothing_scrolls_sideways(open_page, site, path, size):
    page = open_page(site / path, size)
    p = page.page
    assert p.evaluate("document.scrollingElement.scrollWidth") <= SIZES[size][0], "the page scrolls sideways"
    page.screenshot(path.replace("/", "_"))
    if not path.startswith("maps/"):
        return
    boxes = p.evaluate(BOXES)
    names = {b["name"] for b in boxes}
    assert {".am-title", ".am-legend", ".am-layers", ".leaflet-control-zoom"} <= names
    assert overlaps(boxes) == [] and off_screen(boxes, size) == []
    # Each folding panel, opened alone (a phone opens one at a time), still covers nothing.
    open_count = "[...document.querySelectorAll('.am-ui details')].filter(d => d.open).length"
    for summary in p.query_selector_all(".am-ui details > summary"):
        if not summary.evaluate("s => s.parentElement.open"):
            summary.click()
        if size == "phone":  # the others fold when the toggle event has run
            p.wait_for_function(f"{open_count} === 1")
        boxes = p.evaluate(BOXES)
        assert overlaps(boxes) == [] and off_screen(boxes, size) == [], summary.inner_text()


@pytest.mark.parametrize("size", SIZES)
def test_panels_start_folded_on_a_phone_and_open_on_a_desktop(open_page, site, size):
    page = open_page(site / "maps/2024-11-30.html", size)
    opened = page.page.evaluate("[...document.querySelectorAll('.am-ui details')].map(d => d.open)")
    assert len(opened) == 3
    assert opened == ([False] * 3 if size == "phone" else [True] * 3)


@pytest.mark.parametrize("size", SIZES)
def test_the_timeline_slider_can_be_dragged(open_page, site, size):
    page = open_page(site / "maps/timeline.html", size)
    p = page.page
    assert p.inner_text("#am-date") == "2024-12-01"
    box = p.locator("#am-slider").bounding_box()
    y = box["y"] + box["height"] / 2
    p.mouse.move(box["x"] + box["width"] - 4, y)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] / 2, y, steps=5)
    p.mouse.move(box["x"] + 2, y, steps=5)
    p.mouse.up()
    assert p.inner_text("#am-date") == "2024-11-26"
    assert p.get_attribute("#am-snapshot", "href") == "2024-11-26.html"
    page.screenshot("timeline-dragged")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", MAP_PAGES)
def test_a_popup_fits_the_screen_and_its_links_leave_no_file_names(open_page, site, path, size):
    page = open_page(site / path, size)
    p = page.page
    p.evaluate("AM.state.map.setView(AM.state.places['aleppo'].getLatLng(), 9, {animate: false})")
    box = open_place(page, "aleppo")
    assert box["width"] <= SIZES[size][0] - 20
    text = p.inner_text(".leaflet-popup-content")
    assert "Aleppo" in text and ".txt" not in text
    links = p.eval_on_selector_all(".leaflet-popup-content a[href^='http']", "as => as.length")
    assert links > 0, "the popup links the outlets it cites"
    page.screenshot("popup-" + path.replace("/", "_"))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", MAP_PAGES)
def test_the_search_finds_a_place_by_its_arabic_or_a_transliterated_name_and_opens_it(open_page, site, path, size):
    page = open_page(site / path, size)
    p = page.page
    for query in ("Saraqeb", "سَراقِب"):
        p.fill("#am-search", query)
        first = p.locator("#am-found li").first
        assert "Saraqib" in first.inner_text(), query
    # Arabic with the article and a letter variant (ة/ه, أ/ا) the gazetteer spells otherwise.
    p.fill("#am-search", "الباب")
    assert "Bab" in p.locator("#am-found li").first.inner_text()
    p.fill("#am-search", "Saraqeb")
    p.press("#am-search", "Enter")
    wait_popup_in_view(page)
    assert "Saraqib" in p.inner_text(".leaflet-popup-content")
    assert p.evaluate("AM.state.map.getZoom()") >= 11
    p.fill("#am-search", "zzqx")
    assert "no place" in p.inner_text("#am-found")
    page.screenshot("search-" + path.replace("/", "_"))


@pytest.mark.parametrize("size", SIZES)
def test_a_shared_link_brings_back_the_day_the_view_and_the_open_place(open_page, site, size):
    page = open_page(site / "maps/timeline.html", size)
    p = page.page
    p.evaluate(
        "(() => { const s = document.getElementById('am-slider'); s.value = 3;"
        " s.dispatchEvent(new Event('input')); })()"
    )
    day = p.inner_text("#am-date")
    p.evaluate("AM.state.map.setView([35.86, 36.8], 12, {animate: false})")
    p.evaluate("AM.state.places['saraqib'].openPopup()")
    p.wait_for_function("location.hash.includes('place=saraqib') && location.hash.includes('date=" + day + "')")
    url = p.evaluate("location.href")
    assert "map=12/" in url
    center = p.evaluate("AM.state.map.getCenter()")
    other = open_page(site / "maps/timeline.html", size, "#" + url.split("#", 1)[1])
    q = other.page
    assert q.inner_text("#am-date") == day
    assert q.evaluate("AM.state.map.getZoom()") == 12
    restored = q.evaluate("AM.state.map.getCenter()")
    assert abs(restored["lat"] - center["lat"]) < 1e-3 and abs(restored["lng"] - center["lng"]) < 1e-3
    q.wait_for_selector(".leaflet-popup-content")
    assert "Saraqib" in q.inner_text(".leaflet-popup-content") and day in q.inner_text(".leaflet-popup-content")


@pytest.mark.parametrize("size", SIZES)
def test_a_dated_map_link_brings_back_the_view_and_the_open_place(open_page, site, size):
    page = open_page(site / "maps/2024-11-30.html", size, "#map=11/35.86447/36.80591&place=saraqib")
    p = page.page
    assert p.evaluate("AM.state.map.getZoom()") == 11
    p.wait_for_selector(".leaflet-popup-content")
    assert "Saraqib" in p.inner_text(".leaflet-popup-content")
    p.evaluate("AM.state.map.closePopup()")
    p.wait_for_function("!location.hash.includes('place=')")


def test_a_state_shows_a_later_denial_that_made_it_disputed_marked_reported_later(open_page, later_site):
    page = open_page(later_site / "maps" / "2020-02-06.html", "desktop")
    p = page.page
    text = p.evaluate(
        "(() => { AM.state.places['hentzau'].openPopup(); return document.querySelector('.leaflet-popup-content').innerText; })()"
    )
    assert "Disputed" in text
    against = text.split("Claims against it", 1)[1]
    assert "t09" in against and "reported later" in against.lower()
    assert "2020-02-08" in against
    # The claims dated up to the map's day carry no such mark.
    behind = text.split("Claims behind it", 1)[1].split("Claims against it", 1)[0]
    assert "reported later" not in behind.lower()


def test_the_search_knows_other_names_of_the_places_readers_look_for(open_page, site):
    page = open_page(site / "maps/latest.html", "desktop")
    page.page.fill("#am-search", "Halab")
    assert "Aleppo" in page.page.locator("#am-found li").first.inner_text()


LABELS = "[...document.querySelectorAll('.am-label span')].map(e => e.textContent)"


def test_place_names_are_written_on_the_map_by_importance_as_one_zooms_in(open_page, site):
    page = open_page(site / "maps/latest.html", "desktop")
    p = page.page
    p.evaluate("AM.state.map.setView([35.2, 37.5], 7, {animate: false})")
    country = p.evaluate(LABELS)
    assert {"Aleppo", "Damascus", "Homs"} <= set(country)
    assert "Saraqib" not in country  # a town is named from zoom 9
    p.evaluate("AM.state.map.setView([35.86447, 36.80591], 11, {animate: false})")
    p.wait_for_function(f"{LABELS}.includes('Saraqib')")
    assert "Aleppo" not in p.evaluate(LABELS)  # out of view
    # No two names written over each other.
    boxes = p.evaluate(
        "[...document.querySelectorAll('.am-label span')].map(e => { const r = e.getBoundingClientRect();"
        " return {name: e.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"
    )
    assert overlaps(boxes) == []
    page.screenshot("labels-zoom-11")


RINGS = """(() => { let single = 0, grouped = 0, groups = 0;
  AM.state.groups.changes.eachLayer(g => g.eachLayer(l => {
    if (l.getElement && l.getElement() && l.getElement().classList.contains('am-cluster')) {
      groups += 1; grouped += parseInt(l.getElement().textContent, 10);
    } else { single += 1; }
  }));
  return {single, grouped, groups}; })()"""


def test_change_rings_are_grouped_and_counted_at_country_zoom_and_apart_up_close(open_page, site):
    page = open_page(site / "maps/latest.html", "desktop")
    p = page.page
    changes = p.locator(".am-changes li").count()
    assert changes > 100
    p.evaluate("AM.state.map.setView([35.2, 37.5], 7, {animate: false})")
    country = p.evaluate(RINGS)
    assert country["single"] + country["grouped"] == changes
    assert country["single"] + country["groups"] < 20  # legible: a few marks, not a blot
    p.evaluate("AM.state.map.setView([36.2, 37.15], 14, {animate: false})")
    close = p.evaluate(RINGS)
    assert close["groups"] == 0 and close["single"] == changes
    page.screenshot("rings-country")
