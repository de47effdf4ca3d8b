"""How this project starts a headless Chromium (for the browser tests and the paint benchmark).

Debian's ``chromium`` package, driven by Playwright: Playwright's own browser download
cannot work on machines without open internet. The flags keep it from phoning home.
"""

from __future__ import annotations

import shutil

__all__ = ["CHROMIUM_ARGS", "chromium_path"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The chromium executable: on PATH, else Debian's location."""
    return shutil.which("chromium") or "/usr/bin/chromium"
