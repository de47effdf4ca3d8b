"""browser: where the tests and the paint bench find Chromium."""

from aleppo_map.browser import CHROMIUM_ARGS, chromium_path


def test_chromium_runs_headless_and_offline():
    assert {"--headless", "--no-sandbox", "--disable-background-networking"} <= set(CHROMIUM_ARGS)


def test_the_chromium_on_path_wins_else_debians(monkeypatch, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert chromium_path() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    assert chromium_path() == "/usr/bin/chromium"
