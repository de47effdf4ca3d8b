"""One built site per session for the browser tests, opened offline at a phone's size and a desktop's.

Every http(s) request a page makes is recorded and refused; tests assert none was made.
Screenshots of what the tests saw go to ``$AM_SCREENSHOTS`` when it is set (to look at by eye).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aleppo_map.browser import CHROMIUM_ARGS, chromium_path
from aleppo_map.dataset import Dataset
from aleppo_map.site import build_site
from aleppo_map.states import Resolver

SIZES = {"phone": (390, 844), "desktop": (1400, 900)}
TINYWAR = Path(__file__).parents[1] / "fixtures" / "tinywar"


@pytest.fixture(scope="package")
def browser():
    """One Chromium for this folder, closed when it is done: Playwright's sync API cannot run
    twice at once in a thread, so every browser test shares this one."""
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(chromium_path()).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def later_site(tmp_path_factory) -> Path:
    """The made-up conflict where the denial of a withdrawal is dated two days after it."""
    data = tmp_path_factory.mktemp("later") / "tinywar"
    shutil.copytree(TINYWAR, data)
    claims = data / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    old = "t09,hentzau,red,withdrew,denied,,,2020-02-06,day,,2020-02-06,"
    assert old in text
    claims.write_text(
        text.replace(old, "t09,hentzau,red,withdrew,denied,,,2020-02-08,day,,2020-02-08,"), encoding="utf-8"
    )
    out = data.parent / "site"
    build_site(Resolver(Dataset.load(data)), out)
    return out


class Page:
    """A page opened offline at a size, with its JS errors and refused network requests."""

    def __init__(self, browser, url: str, size: str):
        width, height = SIZES[size]
        self.size = size
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height}, has_touch=size == "phone")
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("http*://**", self._refuse)
        self.open(url)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        # Ready: the map is drawn; the claims table comes after it (popups cite it).
        self.page.wait_for_function("!window.AM || (AM.state && AM.state.ready === true && AM.state.claims)")

    def _refuse(self, route):
        self.requests.append(route.request.url)
        route.abort()

    def screenshot(self, name: str) -> None:
        folder = os.environ.get("AM_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}-{self.size}.png"))

    def close(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests
        self.context.close()


@pytest.fixture
def open_page(browser):
    """Open ``path`` (a file of a built site, with an optional #hash) at a size; checked on close."""
    opened = []

    def opener(path: Path, size: str, hash_: str = "") -> Page:
        page = Page(browser, path.resolve().as_uri() + hash_, size)
        opened.append(page)
        return page

    yield opener
    for page in opened:
        page.close()
