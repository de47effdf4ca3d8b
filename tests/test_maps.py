"""`make maps`: dated snapshots, latest and a timeline, safe, reproducible and swapped in whole."""

import hashlib
import shutil

import pytest

from aleppo_map.buildinfo import MANIFEST
from aleppo_map.dataset import Dataset
from aleppo_map.site import build_site
from aleppo_map.states import Resolver

from .pages import codes, event_lines, page_data, places, state_ids, unpacked_text

CARD = ["aleppo-citadel", "new-aleppo", "al-hamdaniya", "al-rashidin", "saraqib", "maarat-al-numan", "hama"]


def read(site, name):
    return (site / "maps" / name).read_text(encoding="utf-8")


def test_a_map_for_every_date_on_which_a_state_changes_plus_latest_and_timeline(site):
    names = sorted(p.name for p in (site / "maps").iterdir())
    assert names == [
        "2024-11-26.html",
        "2024-11-29.html",
        "2024-11-30.html",
        "2024-12-01.html",
        "latest.html",
        "timeline.html",
    ]
    assert read(site, "latest.html") == read(site, "2024-12-01.html")


def test_every_place_is_drawn_once_coloured_by_its_state(site, dataset, resolver):
    data = page_data(site / "maps" / "2024-12-01.html")
    drawn = places(data)
    assert len(drawn) == len(dataset.places)
    states = resolver.states("2024-12-01").set_index("place_id")["state"]
    assert all(drawn[pid]["state"] == states[pid] for pid in drawn)
    # Every side of sides.csv (whatever the data folder holds) and the three non-side states.
    assert set(state_ids(data)) == set(dataset.sides["id"]) | {"contested", "disputed", "unknown"}
    assert {"government", "opposition", "sna", "sdf"} <= set(dataset.sides["id"])


def test_latest_shows_the_kurdish_neighbourhoods_distinct_and_hama_disputed(site, gazetteer):
    data = page_data(site / "maps" / "latest.html")
    labels, code, ids = state_ids(data), codes(data), data["places"]["ids"]
    polys = {
        ids[f["properties"]["row"]]: labels[code[f["properties"]["row"]]]
        for f in data["places"]["polygons"]["features"]
    }
    assert polys["sheikh-maqsoud"] == polys["ashrafieh"] == "sdf"
    districts = [p for p in polys if p in set(gazetteer.descendants("aleppo")) - {"sheikh-maqsoud", "ashrafieh"}]
    assert len(districts) > 100 and all(polys[p] == "opposition" for p in districts)
    assert places(data)["hama"]["state"] == "disputed"
    # 14 governorates are drawn too, coloured where known.
    assert (
        sum(
            1
            for p in polys
            if (p.startswith("sy-") and p.count("-") == 1)
            or p in ("sy-rif-dimashq", "sy-deir-ez-zor", "sy-as-suwayda", "sy-al-hasakah")
        )
        >= 14
    )


def test_the_card_places_each_have_a_popup_citing_their_sources(site):
    drawn = places(page_data(site / "maps" / "latest.html"))
    for pid in CARD:
        popup = drawn[pid]["popup"]
        assert drawn[pid]["claims"] and all(c.startswith("clm-") for c in drawn[pid]["claims"]), pid
        assert "Claims behind it" in popup and '<a href="http' in popup, pid
        assert ".txt" not in popup, pid  # a local file name means nothing to a reader
    hama = drawn["hama"]
    assert hama["claims"] == ["clm-0058"] and hama["against"] == ["clm-0059"]
    assert "Syrian Observatory" in hama["popup"] and "Claims against it" in hama["popup"] and "denies" in hama["popup"]
    assert "APPROXIMATE" in drawn["al-rashidin"]["popup"] and drawn["al-rashidin"]["radius"] == 3000


def test_changes_since_the_previous_map_are_ringed_and_listed(site):
    html = read(site, "2024-11-30.html")
    data = page_data(site / "maps" / "2024-11-30.html")
    assert [data["places"]["ids"][int(n)] for n in data["day"]["was"]] == ["saraqib"]
    assert "1 change(s) since 2024-11-29" in html and "Saraqib" in html
    latest = read(site, "latest.html")
    assert "128 change(s) since 2024-11-30" in latest


def test_events_keep_each_sources_figures_apart(site):
    data = page_data(site / "maps" / "2024-11-30.html")
    lines = event_lines(data)
    # Each source's figure on a line of its own (the popup lists them; the browser test reads it).
    assert any("311" in line for line in lines) and any("183" in line for line in lines)
    assert not any("311" in line and "183" in line for line in lines)


def test_estimated_areas_are_a_toggleable_layer_labelled_as_an_estimate(site):
    html = read(site, "latest.html")
    data = page_data(site / "maps" / "latest.html")
    labels = state_ids(data)
    assert {labels[f["properties"]["s"]] for f in data["day"]["areas"]["features"]} >= {"opposition", "sdf"}
    assert "Estimated zones of control (an estimate, not front lines)" in html
    assert all(f["properties"]["km"] > 0 for f in data["day"]["areas"]["features"])


def test_pages_have_title_navigation_legend_and_attribution(site):
    html = read(site, "2024-11-29.html")
    assert "<title>Territorial control on 2024-11-29</title>" in html
    assert 'href="2024-11-26.html"' in html and 'href="2024-11-30.html"' in html and 'href="timeline.html"' in html
    assert "Legend" in html and "Columbia Center for Spatial Research" in html and "OCHA" in html


def test_no_page_loads_anything_from_the_network(site):
    for page in (site / "maps").iterdir():
        html = page.read_text(encoding="utf-8")
        assert "https://cdn" not in html and "//code.jquery" not in html and 'src="http' not in html
        assert '<script src="../assets/leaflet/leaflet.js">' in html


def test_the_timeline_has_a_frame_for_every_day(site, resolver):
    data = page_data(site / "maps" / "timeline.html")
    timeline = data["timeline"]
    assert timeline["dates"] == ["2024-11-26", "2024-11-27", "2024-11-28", "2024-11-29", "2024-11-30", "2024-12-01"]
    assert timeline["snapshots"] == ["2024-11-26"] * 3 + ["2024-11-29", "2024-11-30", "2024-12-01"]
    shown = [places(data, data["days"][snap])["hama"]["state"] for snap in timeline["snapshots"]]
    assert shown == ["government"] * 5 + ["disputed"]
    # Between two maps no state changes: each day's states are its map's, as resolved that day.
    labels = state_ids(data)
    for day, snap in zip(timeline["dates"], timeline["snapshots"], strict=True):
        resolved = resolver.states(day).set_index("place_id")["state"]
        code = codes(data, data["days"][snap])
        assert [labels[c] for c in code] == [resolved[pid] for pid in data["places"]["ids"]], day


def digest(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_inputs_give_byte_identical_files_whether_one_process_or_two_render_the_dates(tinywar, tmp_path):
    one = build_site(Resolver(Dataset.load(tinywar)), tmp_path / "a", workers=1)
    two = build_site(Resolver(Dataset.load(tinywar)), tmp_path / "b", workers=2)
    assert one.rendered == two.rendered and len(two.rendered) == 6
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_a_failed_build_leaves_the_previous_site_untouched(tinywar, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_site(Resolver(Dataset.load(tinywar)), out)
    before = digest(out)
    import aleppo_map.site as site_mod

    calls = {"n": 0}
    real = site_mod.render_date

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full, say")
        return real(*args, **kwargs)

    monkeypatch.setattr(site_mod, "render_date", failing)
    with pytest.raises(RuntimeError):
        build_site(Resolver(Dataset.load(tinywar)), out, incremental=False)
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tinywar"]  # no half-built folder left


def test_untrusted_text_is_escaped_before_it_reaches_a_page(tinywar, tmp_path):
    attack = "<img src=x onerror=alert(1)>"
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write(f't12,zenda,blue,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,"{attack}",invented,\n')
    text = (tinywar / "places.csv").read_text(encoding="utf-8").replace("Zenda,", "Zen`da ${1}</script>,", 1)
    (tinywar / "places.csv").write_text(text, encoding="utf-8")
    text = (tinywar / "sides.csv").read_text(encoding="utf-8").replace("Blue League", "Blue <b>League</b>")
    (tinywar / "sides.csv").write_text(text, encoding="utf-8")
    build_site(Resolver(Dataset.load(tinywar)), tmp_path / "site")
    site = tmp_path / "site"
    pages = [*(site / "maps").glob("*.html"), *(site / "data").glob("*.js")]
    assert len(pages) == 8 + 8  # every page, and every data script a page loads
    for page in pages:
        html = unpacked_text(page.read_text(encoding="utf-8"))
        assert attack not in html and "<img src=x" not in html
        assert "Zen`da" not in html and "${1}" not in html and "</script>," not in html
        assert "<b>League</b>" not in html
    latest = page_data(site / "maps" / "latest.html")
    zenda = places(latest)["zenda"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in zenda["popup"]
    assert zenda["name"] == "Zen&#96;da &#36;&#123;1&#125;&lt;/script&gt;"
    assert latest["places"]["states"][0]["label"] == "Blue &lt;b&gt;League&lt;/b&gt;"


def test_the_cli_builds_with_a_progress_bar_and_refuses_bad_data_without_touching_the_site(cli, tinywar, tmp_path):
    out = tmp_path / "site"
    result = cli("--data", tinywar, "build", "--out", out)
    assert result.exit_code == 0, result.output
    assert "wrote 10 pages" in result.output
    before = digest(out)
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("t12,zenda,green,holds,asserted,,,2020-02-20,day,,2020-02-21,gazette,,,invented,\n")
    bad = cli("--data", tinywar, "build", "--out", out)
    assert bad.exit_code == 1 and "claims.csv:13: side" in bad.output
    assert digest(out) == before


def test_the_previous_site_survives_in_place_when_the_data_has_no_claims(tinywar, tmp_path):
    out = tmp_path / "site"
    build_site(Resolver(Dataset.load(tinywar)), out)
    before = digest(out)
    claims = tinywar / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no dated map"):
        build_site(Resolver(Dataset.load(tinywar)), out)
    assert digest(out) == before
    shutil.rmtree(out)


def test_an_incremental_build_rerenders_only_the_dates_a_changed_claim_affects(tinywar, tmp_path):
    out = tmp_path / "site"
    first = build_site(Resolver(Dataset.load(tinywar)), out)
    assert first.reused == [] and len(first.rendered) == 6
    again = build_site(Resolver(Dataset.load(tinywar)), out)
    assert again.rendered == [] and len(again.reused) == 6
    # A new quote for the Old Town's admission changes the maps from 2020-02-07 on only.
    claims = tinywar / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace("the enemy entered the Old Town", "they got in"), encoding="utf-8"
    )
    third = build_site(Resolver(Dataset.load(tinywar)), out)
    # What a claim only shows is in claims.js, not in any page: no map is rendered again.
    # The quote is in the changes of 2020-02-07 (it decided the Old Town's new state) and
    # in the GeoPackages that list the claim: the latest date's and the timeline's.
    assert third.rendered == [] and third.refreshed == ["2020-02-07", "2020-02-10"]
    assert third.written == [
        "downloads/2020-02-07.changes.csv",
        "downloads/2020-02-10.gpkg.zip",
        "downloads/timeline.gpkg.zip",
    ]
    full = tmp_path / "full"
    build_site(Resolver(Dataset.load(tinywar)), full, incremental=False)
    assert digest(out) == digest(full)


def test_a_rerun_with_nothing_changed_stops_before_loading_anything(cli, tinywar, tmp_path):
    out = tmp_path / "site"
    assert cli("--data", tinywar, "build", "--out", out).exit_code == 0
    before = digest(out)
    result = cli("--data", tinywar, "build", "--out", out)
    assert result.exit_code == 0 and "up to date" in result.output
    assert digest(out) == before
    (tinywar / "ATTRIBUTION.txt").write_text("Invented data.\n", encoding="utf-8")
    result = cli("--data", tinywar, "build", "--out", out)
    assert "up to date" not in result.output and "rendered 6 date(s)" in result.output  # every page shows it


def test_a_build_refuses_to_replace_a_folder_it_did_not_build(cli, tinywar, tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.txt").write_text("months of work", encoding="utf-8")
    result = cli("--data", tinywar, "build", "--out", mine)
    assert result.exit_code == 1 and "was not built by aleppo-map" in result.output
    assert (mine / "chapter1.txt").read_text(encoding="utf-8") == "months of work"


def test_an_edit_to_a_claim_no_page_cites_still_refreshes_the_downloads_that_hold_it(tinywar, tmp_path):
    out, full = tmp_path / "site", tmp_path / "full"
    build_site(Resolver(Dataset.load(tinywar)), out)
    # t03 (a baseline later superseded) is cited by no map from 2020-02-05 on, but every
    # later GeoPackage holds it in its claims layer.
    claims = tinywar / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "t03,zenda,red,holds,asserted,,,2020-01-01,day,,2020-01-02,gazette,,,",
            "t03,zenda,red,holds,asserted,,,2020-01-01,day,,2020-01-02,gazette,,corrected quote,",
        ),
        encoding="utf-8",
    )
    again = build_site(Resolver(Dataset.load(tinywar)), out)
    # Zenda changed hands on 2020-02-03: from then on no download cites t03. No map is
    # rendered again (claims.js holds the quote); the first date's changes, where t03 decided
    # Zenda's state, and the timeline's GeoPackage, where it opens an interval, are rewritten.
    assert again.rendered == [] and again.refreshed == ["2020-01-01"]
    assert again.written == ["downloads/2020-01-01.changes.csv", "downloads/timeline.gpkg.zip"]
    build_site(Resolver(Dataset.load(tinywar)), full, incremental=False)
    assert digest(out) == digest(full)


@pytest.mark.parametrize(
    ("quote", "rewritten"),
    [
        # Hentzau's liberation, as its own side told it: shown on the maps (claims.js) only.
        ("we liberated Hentzau", []),
        # The Crown's denial of a withdrawal: listed by the latest map, so in its GeoPackage.
        ("no withdrawal from Hentzau", ["downloads/2020-02-10.gpkg.zip"]),
    ],
)
def test_a_quote_corrected_mid_period_rewrites_only_claims_js_and_the_downloads_that_quote_it(
    tinywar, tmp_path, quote, rewritten
):
    out, full = tmp_path / "site", tmp_path / "full"
    build_site(Resolver(Dataset.load(tinywar)), out)

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    before = files(out)
    claims = tinywar / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(quote, "corrected by the desk"), encoding="utf-8")
    again = build_site(Resolver(Dataset.load(tinywar)), out)
    after = files(out)
    changed = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert again.rendered == [] and again.written == rewritten
    # No dated page and no date script: only the claims table, the files named, the manifest.
    assert changed == sorted(["data/claims.js", MANIFEST, *rewritten])
    assert "corrected by the desk" in unpacked_text(after["data/claims.js"].decode("utf-8"))
    build_site(Resolver(Dataset.load(tinywar)), full, incremental=False)
    assert digest(out) == digest(full)


def test_a_chart_is_drawn_again_only_when_the_figures_it_shows_change(tinywar, tmp_path):
    out = tmp_path / "site"
    claims = tinywar / "claims.csv"
    build_site(Resolver(Dataset.load(tinywar)), out)

    def chart_files():
        return {name: (out / "charts" / name).stat().st_ino for name in ("places.png", "areas.png")}

    drawn = chart_files()
    # A corrected quote changes no state: the charts are the same files, kept.
    claims.write_text(claims.read_text(encoding="utf-8").replace("Zenda fell", "Zenda was taken"), encoding="utf-8")
    build_site(Resolver(Dataset.load(tinywar)), out)
    assert chart_files() == drawn
    # Zenda captured by the other side changes the places per state: drawn again.
    claims.write_text(
        claims.read_text(encoding="utf-8").replace("t06,zenda,blue,captured", "t06,zenda,red,captured"),
        encoding="utf-8",
    )
    build_site(Resolver(Dataset.load(tinywar)), out)
    assert all(chart_files()[name] != drawn[name] for name in drawn)
    full = tmp_path / "full"
    build_site(Resolver(Dataset.load(tinywar)), full, incremental=False)
    assert digest(out) == digest(full)
