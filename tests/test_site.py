"""The publishable site: index, sources page, downloads that read back, links that resolve."""

import re
import zipfile
from pathlib import Path

import pyogrio
import pytest

from aleppo_map.site import LATEST_FORMATS, TIMELINE_FORMATS, build_site, download


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', html)


def test_the_index_has_the_latest_map_the_snapshots_the_charts_and_the_change_log(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<iframe src="maps/latest.html"' in html
    for day in ("2024-11-26", "2024-11-29", "2024-11-30", "2024-12-01"):
        assert f'href="maps/{day}.html"' in html and f'src="thumbs/{day}.png"' in html
    assert 'src="charts/places.png"' in html and 'src="charts/areas.png"' in html
    assert "Log of changes" in html and "Hama: Syrian government → disputed" in html
    assert "<title>Territorial control: maps from the reports</title>" in html
    assert '<meta property="og:title"' in html and '<meta name="description"' in html


def test_every_link_and_image_on_every_page_is_relative_and_resolves(site):
    pages = [site / "index.html", site / "sources.html", *sorted((site / "maps").glob("*.html"))]
    for page in pages:
        for url in links(page.read_text(encoding="utf-8")):
            if url.startswith(("http://", "https://")):
                assert page.name == "sources.html", (page, url)  # outlets' own sites, linked not loaded
                continue
            assert not url.startswith(("/", "//", "file:")), (page, url)
            target = (page.parent / re.split(r"[?#]", url)[0]).resolve()  # ?v= versions a cached script
            assert target.exists(), (page, url)


def test_the_sources_page_lists_every_outlet_the_rules_the_licences_and_the_limits(site, dataset):
    html = (site / "sources.html").read_text(encoding="utf-8")
    used = (
        set(dataset.claims["outlet"])
        | set(dataset.claims["claimant"])
        | set(dataset.events["outlet"])
        | set(dataset.events["claimant"])
    )
    names = dict(zip(dataset.sources["id"], dataset.sources["name"], strict=True))
    for sid in used - {""}:
        assert names[sid].replace("&", "&amp;").replace("'", "&#39;") in html, sid
    assert "Asymmetric trust" in html and "Staleness" in html
    assert "Al-Rashidin (within 3 km)" in html
    assert "Columbia Center for Spatial Research" in html and 'href="licenses/LICENSE_whosonfirst.md"' in html


def read_kml(path: Path):
    """A KML, or the ``doc.kml`` a KMZ zips, read as GDAL reads it."""
    if path.suffix == ".kmz":
        with zipfile.ZipFile(path) as z:
            assert z.namelist() == ["doc.kml"]
        return pyogrio.read_dataframe(f"/vsizip/{path}/doc.kml")
    return pyogrio.read_dataframe(path)


@pytest.mark.parametrize("day", ["2024-12-01", "timeline"])
def test_downloads_read_back_with_the_right_crs_layers_and_counts(site, resolver, day):
    known = (resolver.states("2024-12-01")["state"] != "unknown").sum()
    # GeoPackages are offered zipped; GDAL (QGIS, ogr2ogr) reads them in place.
    archive = site / "downloads" / f"{day}.gpkg.zip"
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == [f"{day}.gpkg"]
    gpkg = f"/vsizip/{archive}/{day}.gpkg"
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    # The estimated areas of every date would outweigh the rest: they are in the latest date's file.
    # The latest date's places are its states layer's rows; the timeline's are the whole gazetteer.
    assert layers == ({"states", "claims", "events"} | ({"places"} if day == "timeline" else {"areas"}))
    for layer in layers:
        assert pyogrio.read_info(gpkg, layer=layer)["crs"] == "EPSG:4326"
    states = pyogrio.read_dataframe(gpkg, layer="states")
    if day == "timeline":
        assert set(states["valid_from"]) == {"2024-11-26", "2024-11-29", "2024-11-30", "2024-12-01"}
        assert pyogrio.read_info(gpkg, layer="places")["features"] == len(resolver.gazetteer)
    else:
        assert len(states) == known
        assert states.set_index("place_id").loc["hama", "state"] == "disputed"
    cited = {cid for ids in states["claims"] for cid in ids.split(";") if cid}
    assert cited <= set(pyogrio.read_dataframe(gpkg, layer="claims")["claim_id"])
    formats = TIMELINE_FORMATS if day == "timeline" else LATEST_FORMATS
    if "geojson" in formats:
        geojson = pyogrio.read_dataframe(site / "downloads" / f"{day}.geojson")
        assert geojson.crs.to_epsg() == 4326 and len(geojson) == len(states)
    (kml_format,) = {"kml", "kmz"} & set(formats)
    kml = read_kml(site / "downloads" / f"{day}.{kml_format}")
    assert len(kml) == len(states) and kml.crs.to_epsg() == 4326
    csv = (site / "downloads" / f"{day}.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv) == len(states) + 1
    for column in (
        "event_date",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "admin1",
        "country",
        "source",
        "notes",
    ):
        assert column in csv[0].split(",")


def test_the_timeline_is_offered_as_zipped_geopackage_csv_and_kmz_only(site):
    names = sorted(p.name for p in (site / "downloads").glob("timeline.*"))
    assert names == ["timeline.csv", "timeline.gpkg.zip", "timeline.kmz"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/timeline.kmz"' in index and "timeline.geojson" not in index


def test_the_timeline_holds_each_places_states_as_intervals_that_give_every_dates_state(site, resolver):
    frame = pyogrio.read_dataframe(site / "downloads" / "timeline.csv")
    for day in ("2024-11-26", "2024-11-30", "2024-12-01"):
        held = frame[(frame["valid_from"] <= day) & ((frame["valid_until"] == "") | (frame["valid_until"] > day))]
        assert held["place_id"].is_unique
        states = resolver.states(day)
        known = states[states["state"] != "unknown"].set_index("place_id")["state"]
        assert held.set_index("place_id")["state"].sort_index().to_dict() == known.sort_index().to_dict()


def test_every_date_has_a_csv_of_its_changes_and_only_the_latest_has_every_format(site, resolver):
    downloads = site / "downloads"
    dated = sorted(p.name for p in downloads.iterdir() if p.name[:4].isdigit())
    days = [d.strftime("%Y-%m-%d") for d in resolver.change_dates()]
    assert dated == sorted(
        [f"{d}.changes.csv" for d in days] + [download(days[-1], f)[len("downloads/") :] for f in LATEST_FORMATS]
    )
    rows = pyogrio.read_dataframe(downloads / "2024-11-30.changes.csv")
    changes = resolver.changes("2024-11-29", "2024-11-30")
    assert sorted(rows["place_id"]) == sorted(changes["place_id"]) and len(rows) > 0
    pairs = set(zip(rows["place_id"], rows["old_state"], rows["state"], strict=True))
    assert pairs == set(zip(changes["place_id"], changes["old_state"], changes["new_state"], strict=True))
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/2024-11-30.changes.csv"' in index and 'href="downloads/2024-12-01.gpkg.zip"' in index
    assert 'href="downloads/2024-11-30.gpkg.zip"' not in index


def test_rfc7946_geojson_has_no_crs_member_and_lon_lat_order(site):
    text = (site / "downloads" / "2024-12-01.geojson").read_text(encoding="utf-8")
    assert '"crs"' not in text
    assert re.search(r'"coordinates": \[ 37\.1\d+, 36\.1\d+ \]', text)


def test_the_cli_exports_one_date_in_each_format(cli, tmp_path):
    for fmt in ("geojson", "gpkg", "csv", "kml"):
        out = tmp_path / f"d.{fmt}"
        result = cli("export", "--date", "2024-11-30", "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert out.exists() and out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv", "d.geojson", "d.gpkg", "d.kml"]  # no temp files left


def test_an_export_to_a_zip_path_is_the_same_file_zipped(cli, tmp_path):
    plain, zipped = tmp_path / "d.gpkg", tmp_path / "d.gpkg.zip"
    for out in (plain, zipped):
        result = cli("export", "--date", "2024-11-30", "--format", "gpkg", "--out", out)
        assert result.exit_code == 0, result.output
    with zipfile.ZipFile(zipped) as z:
        assert z.namelist() == ["d.gpkg"]
        assert z.read("d.gpkg") == plain.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.gpkg", "d.gpkg.zip"]  # no scratch left


def test_serve_refuses_a_missing_folder(cli, tmp_path):
    result = cli("serve", tmp_path / "nope")
    assert result.exit_code != 0 and "does not exist" in result.output


def test_a_rebuilt_site_is_byte_identical_including_downloads_and_pictures(site, resolver, tmp_path):
    again = tmp_path / "again"
    build_site(resolver, again)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (site / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_nothing_in_the_site_points_at_a_cdn(site):
    for page in site.rglob("*"):
        if page.suffix in (".html", ".css", ".js"):
            text = page.read_text(encoding="utf-8")
            assert not re.search(r'src="(https?:)?//', text), page
            assert not re.search(r'<link[^>]+href="(https?:)?//', text), page
            assert "url(http" not in text and "url(//" not in text, page


def test_site_folder_has_no_hidden_build_leftovers(site):
    assert not [p for p in Path(site).parent.iterdir() if p.name.startswith(".")]


def test_kml_descriptions_escape_report_text_because_viewers_render_them_as_html(tinywar, tmp_path):
    from aleppo_map.dataset import Dataset
    from aleppo_map.export import export_date
    from aleppo_map.states import Resolver

    claims = tinywar / "claims.csv"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace("Zenda fell", "<img src=x onerror=alert(7)>"), encoding="utf-8"
    )
    path = export_date(Resolver(Dataset.load(tinywar)), "2020-02-05", "kml", tmp_path / "d.kml")
    kml = pyogrio.read_dataframe(path)
    description = kml.set_index("Name").loc["Zenda", "description"]
    assert "<img" not in description and "&lt;img src=x" in description


def test_the_latest_downloads_cite_what_its_map_cites_and_the_export_command_keeps_every_claim(site, cli, tmp_path):
    out = tmp_path / "d.csv"
    assert cli("export", "--date", "2024-12-01", "--format", "csv", "--out", out).exit_code == 0
    every = pyogrio.read_dataframe(out).set_index("place_id")
    shown = pyogrio.read_dataframe(site / "downloads" / "2024-12-01.csv").set_index("place_id")
    assert sorted(every.index) == sorted(shown.index)
    for pid, row in shown.iterrows():
        listed = [c for c in row["claims"].split(";") if c]
        full = [c for c in every.loc[pid, "claims"].split(";") if c]
        # The first and latest claims (at most six) of the full list, which n_claims counts.
        assert int(row["n_claims"]) == int(every.loc[pid, "n_claims"]) == len(full), pid
        assert listed == (full if len(full) <= 6 else full[:3] + full[-3:]), pid
        assert row["contradicting"] == every.loc[pid, "contradicting"], pid


def test_the_sources_page_counts_each_report_naming_a_source_and_no_blank_source():
    import pandas as pd

    from aleppo_map.site import _uses

    reports = pd.DataFrame({"outlet": ["wire", "wire", "daily", ""], "claimant": ["wire", "", "army", ""]}, dtype="str")
    # A report naming the wire as its outlet and as its claimant counts for both roles.
    assert _uses(reports).to_dict() == {"wire": 3, "daily": 1, "army": 1}
    assert _uses(reports.astype("category")).to_dict() == {"wire": 3, "daily": 1, "army": 1}  # as loaded
    assert _uses(reports.iloc[:0]).empty
