"""``make bench``: each figure measured beside a baseline run in the same process.

Speed goals live here, never in the tests. Every benchmark returns rows of
``figure, value, unit, baseline, ratio, goal, met``; the harness prints them as a table
and writes them, with a description of the machine, to ``bench/results/latest.json``.
Later capabilities add their benchmarks to ``BENCHMARKS``.

Run ``python benchmarks/run.py [NAME...]`` for a subset. The benchmarks use the package;
nothing in the package imports them.
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from aleppo_map._report import rate as _rate
from aleppo_map._report import row as _row
from aleppo_map.browser import CHROMIUM_ARGS, chromium_path
from aleppo_map.dataset import Dataset
from aleppo_map.names import normalize
from aleppo_map.scenario import synthetic_dataset

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results"


def _typo(rng: random.Random, name: str) -> str:
    """One deleted, doubled or swapped letter: the misspellings reports make."""
    if len(name) < 5:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    op = rng.randrange(3)
    if op == 0:
        return name[:i] + name[i + 1 :]
    if op == 1:
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def bench_geocoding() -> list[dict]:
    """Exact and fuzzy lookups over the whole gazetteer, against the naive ways of doing them."""
    t0 = time.perf_counter()
    g = Dataset.load(gazetteer_only=True).gazetteer
    load_s = time.perf_counter() - t0
    names = g.places["name"].tolist()
    rng = random.Random(20241127)

    start = time.perf_counter()
    g.resolve_many(names)
    cold = len(names) / (time.perf_counter() - start)
    warm = _rate(lambda: len(g.resolve_many(names)) or len(names))

    # Baseline: the lookup a pandas user writes first, a boolean mask over the alias table.
    table = g.names[["norm", "idx"]]
    sample = rng.sample(names, 200)
    exact_base = _rate(lambda: sum(len(table[table["norm"] == normalize(q)]) >= 0 for q in sample))

    typos = [_typo(rng, n) for n in rng.sample(names, 4000)]
    start = time.perf_counter()
    matches = g.resolve_many(typos)
    fuzzy = len(typos) / (time.perf_counter() - start)
    found = sum(m.place is not None for m in matches) / len(typos)
    # Baseline: rapidfuzz's extractOne per query over every alias, its default scorer.
    choices = sorted(set(g.names["norm"]))  # every normalised alias, as the gazetteer matches them
    few = typos[:100]
    fuzzy_base = _rate(
        lambda: sum(process.extractOne(normalize(q), choices, scorer=fuzz.WRatio) is not None for q in few)
    )

    return [
        _row("gazetteer load", load_s, "s", note=f"{len(g)} places, {len(g.names)} names"),
        _row("exact lookups, warm", warm, "lookups/s", exact_base, 100_000, note="pandas mask per query as baseline"),
        _row("exact lookups, first pass", cold, "lookups/s", exact_base, note="every name met for the first time"),
        _row(
            "fuzzy lookups (one typo)",
            fuzzy,
            "lookups/s",
            fuzzy_base,
            5_000,
            note=f"{found:.0%} resolved; baseline rapidfuzz extractOne(WRatio) per query",
        ),
    ]


def bench_snapshot() -> list[dict]:
    """A snapshot of 10,000 places: the bytes of a site's dated page once the shared scripts
    are cached, against the same page standalone (every place, claim and the map script
    inlined, as every dated page was before the scripts were shared), folium's
    marker-per-place and compact GeoJSON."""
    import tempfile

    import folium

    from aleppo_map.pagedata import Text
    from aleppo_map.render import escape, render_date, render_snapshot, site_scripts
    from aleppo_map.snapshot import MapModel
    from aleppo_map.states import Resolver

    with tempfile.TemporaryDirectory() as tmp:
        ds = Dataset.load(synthetic_dataset(Path(tmp) / "syn"))
        model = MapModel(Resolver(ds), dates=["2024-11-30"])
        snap = model.snapshot("2024-11-30")
        start = time.perf_counter()
        ours = render_snapshot(model, snap, assets="../assets")
        ours_s = time.perf_counter() - start
        start = time.perf_counter()
        dated = render_date(model, snap)
        date_s = time.perf_counter() - start
        shared = sum(len(t.encode("utf-8")) for t in site_scripts(model).values())
        read = sum(len(t.encode("utf-8")) for t in dated.values())

        text = Text.of(model)
        states = snap.states
        features, markers = [], []
        for row in states.to_dict("records"):
            claims = [text.claim_text(c) for c in filter(None, row["claims"].split(";"))]
            props = {
                "id": row["place_id"],
                "name": escape.text(row["name"]),
                "name_ar": escape.text(row["name_ar"]),
                "kind": row["kind"],
                "state": row["state"],
                "since": row["since"],
                "confidence": row["confidence"],
                "claims": claims,
            }
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(row["lon"], 5), round(row["lat"], 5)]},
                    "properties": props,
                }
            )
            popup = (
                f"<b>{props['name']}</b> {props['name_ar']}<br>{row['state']} since {row['since']} ({row['confidence']:.2f})<ul>"
                + "".join("<li>" + c + "</li>" for c in claims)
                + "</ul>"
            )
            markers.append(([row["lat"], row["lon"]], popup, props["name"]))
        geojson = json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
        )

        start = time.perf_counter()
        m = folium.Map(location=[35, 38], zoom_start=7)
        for loc, popup, name in markers:
            folium.Marker(loc, popup=folium.Popup(popup), tooltip=name).add_to(m)
        baseline = m.get_root().render()
        base_s = time.perf_counter() - start

    size, base_size, gj_size = (len(x.encode("utf-8")) for x in (ours, baseline, geojson))
    return [
        _row(
            "dated page read once shared scripts are cached",
            read / 1e6,
            "MB",
            baseline=size / 1e6,
            goal=round(size / 10e6, 3),
            higher_is_better=False,
            note=f"page + its date script, {read / size:.1%} of the standalone page; shared scripts "
            f"(places, claims, map script) {shared / 1e6:.2f} MB once per site; render {date_s:.2f} s",
        ),
        _row(
            "snapshot build, 10k places", ours_s, "s", note="render of one standalone page (states resolved beforehand)"
        ),
        _row(
            "build speed vs Marker per place",
            base_s / ours_s,
            "x faster",
            goal=5,
            note=f"folium Marker+Popup+Tooltip each: {base_s:.1f} s",
        ),
        _row(
            "standalone page size",
            size / 1e6,
            "MB",
            note=f"{size / len(states):.0f} B a place, every claim and the map script inlined",
        ),
        _row(
            "size vs Marker per place",
            base_size / size,
            "x smaller",
            goal=10,
            note=f"marker page {base_size / 1e6:.1f} MB",
        ),
        _row(
            "size vs compact GeoJSON",
            size / gj_size,
            "x GeoJSON",
            goal=1.5,
            higher_is_better=False,
            note=f"GeoJSON of the same features {gj_size / 1e6:.1f} MB",
        ),
    ]


def _loop_states(claims, n_places: int, days: list[int]) -> list[list[str]]:
    """Baseline: for each date and each place, replay the place's claims up to that date.

    The plain-Python way, with a simplified rule set (fighting > capture > partial >
    presence per day, no disputes or withdrawals), so it does less work than the resolver.
    """
    by_place: list[list[tuple[int, str, str]]] = [[] for _ in range(n_places)]
    for pidx, day, implied, action in claims:
        by_place[pidx].append((day, implied, action))
    out = []
    for d in days:
        row = []
        for place in by_place:
            state, current, found = "unknown", None, []
            for day, implied, action in place:
                if day > d:
                    break
                if day != current and found:
                    state = _day_state(found) or state
                    found = []
                current = day
                found.append((implied, action))
            if found:
                state = _day_state(found) or state
            row.append(state)
        out.append(row)
    return out


def _day_state(found) -> str | None:
    if any(a == "fighting" for _, a in found):
        return "contested"
    for implied, action in found:
        if action in ("holds", "captured"):
            return implied
    if any(a == "controls-part" for _, a in found):
        return "contested"
    for implied, action in found:
        if action in ("entered", "repelled"):
            return implied
    return None


def bench_states() -> list[dict]:
    """States for every day of a year from about 1M claims, against a per-date, per-place loop."""
    import pandas as pd

    from aleppo_map.scenario import scenario
    from aleppo_map.states import Resolver

    start = time.perf_counter()
    ds = scenario()
    _ = ds.gazetteer
    made = time.perf_counter() - start
    days = pd.date_range("2024-01-01", periods=365, freq="D")
    start = time.perf_counter()
    resolver = Resolver(ds)
    timeline = resolver.timeline(days)
    ours = time.perf_counter() - start

    c = resolver.claims[(resolver.claims["implied"] != "") & (resolver.claims["trust"] != "weak")]
    c = c.sort_values(["pidx", "eff"], kind="stable")
    day0 = days[0]
    rows = list(
        zip(
            c["pidx"].tolist(),
            ((c["eff"] - day0).dt.days).tolist(),
            c["implied"].tolist(),
            c["action"].tolist(),
            strict=True,
        )
    )
    sample = [30, 180, 364]
    start = time.perf_counter()
    loop = _loop_states(rows, len(resolver.gazetteer), sample)
    loop_per_day = (time.perf_counter() - start) / len(sample)
    base = loop_per_day * len(days)
    ids = resolver.gazetteer.ids
    agree = []
    for d, states in zip(sample, loop, strict=True):
        ours_day = timeline[timeline["date"] == days[d]].set_index("place_id")["state"]
        base_day = pd.Series(states, index=ids).reindex(ours_day.index)
        agree.append(float((ours_day == base_day).mean()))
    return [
        _row(
            "scenario",
            len(ds.claims),
            "claims",
            note=f"{len(ds.events)} events, {ds.claims['place_id'].nunique()} places, made in {made:.1f} s",
        ),
        _row(
            "states for 365 dates",
            ours,
            "s",
            goal=10,
            higher_is_better=False,
            note=f"{len(timeline):,} place-days; Resolver + timeline()",
        ),
        _row(
            "speed vs per-date, per-place loop",
            base / ours,
            "x faster",
            goal=50,
            note=f"loop: {loop_per_day:.2f} s a date x 365 (measured on {len(sample)} dates); same state on {min(agree):.0%} of places",
        ),
    ]


def bench_paint() -> list[dict]:
    """First paint of a 10,000-place snapshot in headless Chromium, against the marker page."""
    import shutil
    import tempfile

    import folium

    from aleppo_map import escape
    from aleppo_map.render import render_date, render_snapshot, site_scripts
    from aleppo_map.site import copy_assets
    from aleppo_map.snapshot import MapModel
    from aleppo_map.states import Resolver

    chromium = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [_row("first paint", float("nan"), "s", note="playwright is not installed")]
    if not Path(chromium).exists():
        return [_row("first paint", float("nan"), "s", note="Debian's chromium is not installed")]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ds = Dataset.load(synthetic_dataset(root / "syn"))
        model = MapModel(Resolver(ds), dates=["2024-11-30"])
        snap = model.snapshot("2024-11-30")
        (root / "site" / "maps").mkdir(parents=True)
        copy_assets(root / "site")
        # A site's dated page with its shared scripts, none of them cached: a first visit.
        for rel, text in {**site_scripts(model), **render_date(model, snap)}.items():
            (root / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / "site" / rel).write_text(text, encoding="utf-8")
        ours = root / "site" / "maps" / f"{snap.label}.html"
        # The same map with everything inlined, as every dated page was before they shared.
        alone = root / "site" / "maps" / "standalone.html"
        alone.write_text(render_snapshot(model, snap), encoding="utf-8")
        m = folium.Map(location=[35, 38], zoom_start=7, tiles=None)
        # The same local Leaflet as our page (and jQuery, which folium's popups need): the
        # comparison is of drawing, not of downloading.
        import xstatic.pkg.jquery as xs_jquery

        shutil.copyfile(Path(xs_jquery.BASE_DIR) / "jquery.min.js", root / "site" / "assets" / "jquery.min.js")
        m.default_js = [("leaflet", "../assets/leaflet/leaflet.js"), ("jquery", "../assets/jquery.min.js")]
        m.default_css = [("leaflet_css", "../assets/leaflet/leaflet.css")]
        # 10,000 pins take minutes to paint: the baseline draws 1,000 and is scaled by 10.
        sample = snap.states.iloc[:: max(1, len(snap.states) // 1000)].head(1000)
        for row in sample.itertuples():
            name = escape.text(row.name)  # unescaped, one backtick in a name blanks the page (TRAPS.md)
            folium.Marker([row.lat, row.lon], popup=folium.Popup(name), tooltip=name).add_to(m)
        markers = root / "site" / "maps" / "markers.html"
        markers.write_text(m.get_root().render(), encoding="utf-8")
        args = CHROMIUM_ARGS
        times = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=args)
            for name, path, ready in (
                ("ours", ours, "window.AM && AM.state && AM.state.ready === true"),
                ("standalone", alone, "window.AM && AM.state && AM.state.ready === true"),
                ("markers", markers, "document.querySelectorAll('.leaflet-marker-icon').length > 0"),
            ):
                # Each run in a fresh context (nothing cached); our pages best of two, so the
                # browser's own start-up is not charged to whichever page comes first.
                runs = []
                for _ in range(1 if name == "markers" else 2):
                    context = browser.new_context(viewport={"width": 1200, "height": 800})
                    page = context.new_page()
                    page.route("http*://**", lambda route: route.abort())
                    start = time.perf_counter()
                    page.goto(path.as_uri(), wait_until="load", timeout=120_000)
                    page.wait_for_function(ready, polling=25, timeout=600_000)
                    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                    runs.append(time.perf_counter() - start)
                    context.close()
                times[name] = min(runs) * (len(snap.states) / len(sample) if name == "markers" else 1)
            browser.close()
    return [
        _row(
            "first paint, 10k places",
            times["ours"],
            "s",
            goal=1,
            higher_is_better=False,
            note="a site's dated page, nothing cached: load (page, shared and date scripts) to the frame after the places are drawn",
        ),
        _row(
            "first paint vs standalone page",
            times["standalone"] / times["ours"],
            "x faster",
            note=f"the same map with every place, claim and the script inlined: {times['standalone']:.2f} s",
        ),
        _row(
            "first paint vs Marker per place",
            times["markers"] / times["ours"],
            "x faster",
            note=f"marker page (same local Leaflet), 1,000 pins x {len(snap.states) / len(sample):.0f}: {times['markers']:.1f} s",
        ),
    ]


BASELINE_REF = "52fdff6"  # main before issue 15's build work: one date resolved 3-4 times, serial


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MB of a command (the largest of its processes)."""
    import subprocess

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def _size(folder: Path, scale: float, pages: bool = True) -> float:
    """The site's bytes, its dated files (named YYYY-MM-DD...) scaled by ``scale``: the
    latest map's and the timeline's files are made once, however many days."""
    total = 0.0
    # Before, every date had its downloads in every format; now only the latest does.
    every_date = not any(folder.glob("downloads/*.changes.csv"))
    for p in folder.rglob("*"):
        if not p.is_file() or (not pages and p.parent.name == "maps"):
            continue
        once = p.parent.name == "downloads" and ".changes." not in p.name and not every_date
        dated = p.name[:4].isdigit() and not once
        total += p.stat().st_size * (scale if dated else 1)
    return total


def _edit_one_claim(data: Path, day: str) -> None:
    """Change the quote of the first claim dated ``day``: what a desk's correction does."""
    claims = data / "claims.csv"
    lines = claims.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    at, quote = header.index("about_date"), header.index("quote")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if len(cells) == len(header) and cells[at] == day:
            cells[quote] = "corrected by the desk"
            lines[n] = ",".join(cells)
            break
    claims.write_text("\n".join(lines), encoding="utf-8")


def _year_run(python_path: str | None, data: Path, site: Path, mid: str, scale: float) -> dict:
    """One code version: plan, full build, then one claim edited mid-period and rebuilt."""
    env = dict(os.environ)
    if python_path:
        env["PYTHONPATH"] = python_path
    cli = [sys.executable, "-m", "aleppo_map.cli", "--data", str(data)]
    out: dict = {}
    out["plan"], _ = _timed([*cli, "plan"], env)
    out["build"], out["peak"] = _timed([*cli, "build", "--out", str(site)], env)
    out["size"], out["size_nopages"] = _size(site, scale), _size(site, scale, pages=False)
    _edit_one_claim(data, mid)
    out["edit"], _ = _timed([*cli, "build", "--out", str(site)], env)
    return out


def bench_year() -> list[dict]:
    """A year of daily Syria-wide maps: site size, build time, peak memory, ``plan``, and a
    rebuild after one claim is corrected mid-year; each beside the code of
    :data:`BASELINE_REF` (a frozen copy from git) run on the same data.

    ``ALEPPO_BENCH_DAYS`` days are built (30 by default, 365 for the year) from a scenario
    with claims and events in proportion (1M and 100k a year); build time and size are
    scaled to 365 days. The baseline takes minutes a date, so it builds
    ``ALEPPO_BENCH_BASELINE_DAYS`` days (7 by default; 0 skips it), scaled the same way.
    """
    import shutil
    import subprocess
    import tarfile
    import tempfile

    import pandas as pd

    from aleppo_map.scenario import scenario, write_scenario

    days = int(os.environ.get("ALEPPO_BENCH_DAYS", "30"))
    base_days = int(os.environ.get("ALEPPO_BENCH_BASELINE_DAYS", "7"))
    repo = Path(__file__).resolve().parents[1]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = Dataset.load()

        def folder(n: int) -> Path:
            return write_scenario(
                lambda: scenario(base, days=n, claims=1_000_000 * n // 365, events=100_000 * n // 365),
                tmp / f"data{n}",
                base_root=base.root,
            )

        def middle(n: int) -> str:
            return (pd.Timestamp("2024-01-01") + pd.Timedelta(days=n // 2)).strftime("%Y-%m-%d")

        new = _year_run(None, folder(days), tmp / "site", middle(days), 365 / days)
        old = None
        if base_days:
            code = tmp / "baseline"
            code.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(repo), "archive", BASELINE_REF, "aleppo_map"], capture_output=True, check=False
            )
            if archive.returncode == 0:
                import io

                with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                    tar.extractall(code, filter="data")
                old_data = folder(base_days)
                old = _year_run(str(code), old_data, tmp / "site-baseline", middle(base_days), 365 / base_days)
            shutil.rmtree(code, ignore_errors=True)
    scale, base_scale = 365 / days, 365 / max(base_days, 1)
    note = "measured" if days >= 365 else f"measured on {days} days, scaled to 365"
    base_note = (
        f"baseline {BASELINE_REF} on {base_days} days, scaled"
        if old
        else ("no baseline (ALEPPO_BENCH_BASELINE_DAYS=0)" if base_days == 0 else "no baseline (git unavailable)")
    )

    def b(key: str, scaled: bool = True):
        return old[key] * (base_scale if scaled else 1) if old else None

    rows += [
        _row(
            "year: build time",
            new["build"] * scale,
            "s",
            baseline=b("build"),
            goal=240,
            higher_is_better=False,
            note=f"{note}; {new['build'] / days:.2f} s a date; {base_note}",
        ),
        _row(
            "year: peak memory",
            new["peak"],
            "MB",
            baseline=b("peak", False),
            goal=1024,
            higher_is_better=False,
            note=f"largest process of the build ({days} days); baseline on {base_days} days",
        ),
        _row(
            "year: site size",
            new["size"] / 1e6,
            "MB",
            baseline=old["size"] / 1e6 if old else None,
            goal=100,
            higher_is_better=False,
            note=f"{note}; {base_note}",
        ),
        _row(
            "year: site size without pages",
            new["size_nopages"] / 1e6,
            "MB",
            baseline=old["size_nopages"] / 1e6 if old else None,
            note="everything but maps/*.html: thumbnails, downloads, charts, index (dated files scaled)",
        ),
        _row(
            "year: plan",
            new["plan"],
            "s",
            baseline=b("plan", False),
            goal=15 if days >= 365 else None,
            higher_is_better=False,
            note=f"{days} days; baseline on {base_days}",
        ),
        _row(
            "year: one claim edited, rebuild",
            new["edit"],
            "s",
            baseline=b("edit", False),
            goal=20 if days >= 365 else None,
            higher_is_better=False,
            note=f"a quote changed mid-period, then build ({days} days); baseline on {base_days}",
        ),
    ]
    return rows


def bench_ingest() -> list[dict]:
    """Ingestion throughput (articles per second per core), beside geotext on the same texts."""
    from aleppo_map.ingest.evaluation import bench_ingest as run

    return run()


def bench_ingest_long() -> list[dict]:
    """One article at the 2 MB limit: ingestion stays linear in the article's length."""
    from aleppo_map.ingest.evaluation import bench_long_article

    return bench_long_article()


BENCHMARKS: dict[str, Callable[[], list[dict]]] = {
    "geocoding": bench_geocoding,
    "ingest": bench_ingest,
    "ingest-long": bench_ingest_long,
    "snapshot": bench_snapshot,
    "states": bench_states,
    "paint": bench_paint,
    "year": bench_year,
}


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "platform": platform.platform(),
    }


def _fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, float) and v >= 100:
        return f"{v:,.0f}"
    return f"{v:g}" if isinstance(v, float) else str(v)


def main(argv: list[str] | None = None) -> int:
    names = argv if argv is not None else sys.argv[1:]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    results = {"machine": machine(), "benchmarks": {}}
    print(
        f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, Python {results['machine']['python']}"
    )
    for name in names or BENCHMARKS:
        rows = BENCHMARKS[name]()
        results["benchmarks"][name] = rows
        print(f"\n{name}")
        print(f"  {'figure':34} {'value':>14} {'unit':12} {'baseline':>12} {'ratio':>8} {'goal':>10} {'met':>4}")
        for r in rows:
            print(
                f"  {r['figure']:34} {_fmt(r['value']):>14} {r['unit']:12} {_fmt(r['baseline']):>12} "
                f"{_fmt(r['ratio']):>8} {_fmt(r['goal']):>10} {_fmt(r['met']):>4}  {r['note']}"
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    try:  # a run of some groups keeps the others' last figures
        earlier = json.loads((RESULTS / "latest.json").read_text())["benchmarks"]
        results["benchmarks"] = {**earlier, **results["benchmarks"]}
    except (OSError, ValueError, KeyError):
        pass
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten: {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
