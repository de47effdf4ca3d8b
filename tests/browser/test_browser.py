"""The site in a real browser (Debian's Chromium through Playwright), offline.

Every http(s) request is recorded and refused: a page that tries to load anything from the
network fails. .ci/run installs Chromium with apt-get; without it these tests skip.
"""

import shutil
from pathlib import Path

import pytest

from aleppo_map.dataset import Dataset
from aleppo_map.site import build_site
from aleppo_map.states import Resolver

READY = "!window.AM || (AM.state && AM.state.ready === true && AM.state.claims)"
ATTACK = '<img src=x onerror="window.__pwned=1"><script>__pwned=2</script>`${__pwned=3}`\u2028.'


class Page:
    """A page opened offline, with its JS errors and refused network requests."""

    def __init__(self, browser, path: Path):
        self.errors, self.requests = [], []
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("http*://**", self._refuse)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(READY)

    def _refuse(self, route):
        self.requests.append(route.request.url)
        route.abort()

    def close(self):
        self.page.close()


def test_every_page_loads_without_js_errors_or_network_requests(browser, site):
    pages = [site / "index.html", site / "sources.html", *sorted((site / "maps").glob("*.html"))]
    assert len(pages) == 8
    for path in pages:
        page = Page(browser, path)
        # Until the map script says it is ready (pages without one: at once): errors happen before.
        page.page.wait_for_function(READY)
        assert page.errors == [], (path.name, page.errors)
        assert page.requests == [], (path.name, page.requests)
        page.close()


def test_the_number_of_place_markers_drawn_equals_the_places_in_the_data(browser, site, dataset):
    page = Page(browser, site / "maps" / "2024-12-01.html")
    drawn = page.page.evaluate("AM.state.groups.places.getLayers()[0].getLayers().length")
    assert drawn == len(dataset.places)
    page.close()


def test_clicking_a_place_opens_a_popup_naming_its_sources(browser, site):
    page = Page(browser, site / "maps" / "latest.html")
    p = page.page
    p.evaluate("AM.state.map.setView(AM.state.places['hama'].getLatLng(), 12, {animate: false})")
    p.wait_for_function(
        "AM.state.map.getZoom() === 12 && AM.state.map.getBounds().contains(AM.state.places['hama'].getLatLng())"
    )
    point = p.evaluate(
        "(() => { const m = AM.state.map; const pt = m.latLngToContainerPoint(AM.state.places['hama'].getLatLng());"
        " const r = m.getContainer().getBoundingClientRect(); return [r.left + pt.x, r.top + pt.y]; })()"
    )
    p.mouse.click(*point)
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert "Hama" in text and "Disputed" in text
    assert "Syrian Observatory for Human Rights" in text and "Syrian Arab Army" in text
    assert "Claims against it" in text and "clm-0058" in text
    page.close()


def test_the_timeline_slider_changes_the_date_shown_and_the_colours(browser, site):
    page = Page(browser, site / "maps" / "timeline.html")
    p = page.page
    assert p.inner_text("#am-date") == "2024-12-01"
    hama_latest = p.evaluate("AM.state.places['hama'].options.fillColor")
    p.evaluate(
        "(() => { const s = document.getElementById('am-slider'); s.value = 0; s.dispatchEvent(new Event('input')); })()"
    )
    assert p.inner_text("#am-date") == "2024-11-26"
    # The day's colours come from its date script, loaded when the slider reaches it.
    p.wait_for_function("AM.state.shown === '2024-11-26'")
    loaded = p.evaluate("[...document.querySelectorAll('script[src]')].map(s => s.getAttribute('src'))")
    assert "../data/2024-11-26.js" in loaded
    hama_first = p.evaluate("AM.state.places['hama'].options.fillColor")
    assert hama_first != hama_latest
    assert p.get_attribute("#am-snapshot", "href") == "2024-11-26.html"
    p.click("#am-play")
    # Playing moves the slider on by itself: wait for the date to change (fails after 5 s if it never does).
    p.wait_for_function("document.getElementById('am-date').textContent !== '2024-11-26'", timeout=5000)
    assert p.inner_text("#am-date") != "2024-11-26"
    assert page.errors == []
    page.close()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The made-up conflict with markup and script in every text field that reaches a page."""
    src = Path(__file__).parents[1] / "fixtures" / "tinywar"
    data = tmp_path_factory.mktemp("hostile") / "tinywar"
    shutil.copytree(src, data)

    def poison(name, old, new):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    quoted = '"' + ATTACK.replace('"', '""') + '"'
    poison("places.csv", "Zenda,", f"{quoted},")
    poison("places.csv", "approximate on purpose", quoted)
    poison("sides.csv", "Blue League", quoted)
    poison("sources.csv", "Ruritanian Monitor", quoted)
    poison("claims.csv", "Zenda fell", quoted)
    poison("claims.csv", "street fighting in Zenda", quoted)
    poison("events.csv", "three killed", quoted)
    out = data.parent / "site"
    build_site(Resolver(Dataset.load(data)), out)
    return out


def test_injected_script_in_any_text_field_never_runs_and_shows_as_text(browser, hostile_site):
    for path in [
        hostile_site / "index.html",
        hostile_site / "sources.html",
        *sorted((hostile_site / "maps").glob("*.html")),
    ]:
        page = Page(browser, path)
        p = page.page
        if path.parent.name == "maps":
            # Open every popup the page has, and hover every place: the moments markup would run.
            p.evaluate(
                "(() => { const out = []; AM.state.map.eachLayer(l => { if (l.getPopup && l.getPopup()) {"
                " l.openPopup(); out.push(l.getPopup().getContent()); }"
                " if (l.getTooltip && l.getTooltip()) { l.openTooltip(); } }); return out.length; })()"
            )
            # Until every image has loaded or failed: an injected onerror would have run by then.
            p.wait_for_function("Array.from(document.images).every(i => i.complete)")
        assert p.evaluate("window.__pwned") is None, path.name
        assert page.errors == [], (path.name, page.errors)
        assert page.requests == [], (path.name, page.requests)
        page.close()
    latest = Page(browser, hostile_site / "maps" / "latest.html")
    p = latest.page
    p.evaluate("AM.state.places['zenda'].openPopup()")
    text = p.text_content(".leaflet-popup-content")
    # The quote is shown as text, not markup: tags, quotes, the closing script tag, U+2028.
    assert '<img src=x onerror="window.__pwned=1"><script>__pwned=2</script>' in text
    assert "\u2028." in text
    assert p.evaluate("window.__pwned") is None
    latest.close()
    # The events' popups are written in the browser from the date's rows: the same holds.
    first = Page(browser, hostile_site / "maps" / "2020-02-03.html")
    p = first.page
    p.evaluate("AM.state.groups.events.getLayers()[0].getLayers()[0].openPopup()")
    text = p.text_content(".leaflet-popup-content")
    assert "<script>__pwned=2</script>" in text and "\u2028." in text and "shelling" in text
    assert "never added up across sources" in text and "civilians" in text
    assert p.evaluate("window.__pwned") is None
    first.close()


def test_a_browser_that_cannot_unpack_the_data_says_so_instead_of_an_empty_map(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("delete window.DecompressionStream;")  # as in a browser before 2023
    page.goto((site / "maps" / "latest.html").resolve().as_uri())
    page.wait_for_load_state("load")
    note = page.locator("#am-unreadable")
    assert note.is_visible()
    assert "browser from 2023 or later" in note.inner_text()
    assert errors == []
    page.close()


def test_a_date_page_reads_its_packed_data_and_draws_the_same_states_as_the_data(browser, site):
    from tests.pages import codes, page_data, state_ids

    data = page_data(site / "maps" / "2024-11-30.html")
    page = Page(browser, site / "maps" / "2024-11-30.html")
    drawn = page.page.evaluate(
        "(() => { const out = {}; for (const [id, l] of Object.entries(AM.state.places))"
        " out[id] = l.options.fillColor; return out; })()"
    )
    ids, states = data["places"]["ids"], state_ids(data)
    colours = {s["id"]: s["colour"] for s in data["places"]["states"]}
    expected = {ids[n]: colours[states[c]] for n, c in enumerate(codes(data))}
    assert drawn == {pid: expected[pid] for pid in drawn} and len(drawn) == len(ids)
    page.close()
