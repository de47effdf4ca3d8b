"""The page data: one documented schema, shared scripts once per site, a small script per date."""

from __future__ import annotations

import json
import re
from importlib import resources

import numpy as np
import pytest

from aleppo_map.buildinfo import read_manifest
from aleppo_map.dataset import Dataset
from aleppo_map.pagedata import KEYS
from aleppo_map.render import render_snapshot
from aleppo_map.site import build_site
from aleppo_map.snapshot import MapModel
from aleppo_map.states import Resolver

from .pages import claim_ids, loads, page_data, places, scripts_of, unpacked_text


def test_the_map_script_reads_exactly_the_keys_the_schema_documents():
    js = resources.files("aleppo_map").joinpath("templates", "statemap.js").read_text(encoding="utf-8")
    # P: places, C: claims, Y / D.day: a date, K: its known details, T: the timeline.
    used = set(re.findall(r"(?:\b[PYKCT]|D\.day|D\.places|D\.claims)\.([a-z_]+)", js))
    documented = set().union(*(set(keys) for keys in KEYS.values()))
    assert used <= documented, used - documented
    assert not [k for k in documented if not re.search(rf"\.{k}\b", js)], "a documented key the script never reads"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The made-up conflict with a quote and a place name that try to close the script."""
    import shutil

    from .conftest import TINYWAR

    data = tmp_path_factory.mktemp("pagedata") / "tinywar"
    shutil.copytree(TINYWAR, data)
    attack = '</script><img src=x onerror="alert(1)">'
    claims = data / "claims.csv"
    quoted = '"' + attack.replace('"', '""') + '"'
    claims.write_text(claims.read_text(encoding="utf-8").replace("Zenda fell", quoted), "utf-8")
    places_csv = data / "places.csv"
    places_csv.write_text(places_csv.read_text(encoding="utf-8").replace("Zenda,", "Zen</script>da,", 1), "utf-8")
    out = data.parent / "site"
    build_site(Resolver(Dataset.load(data)), out)
    return data, out


def test_a_dated_page_loads_its_data_from_the_shared_scripts_and_its_date_script(hostile):
    _data, site = hostile
    html = (site / "maps" / "2020-02-10.html").read_text(encoding="utf-8")
    assert "AM.load(" not in html  # nothing of the data is inlined
    assert [src.rsplit("/", 2)[-1] for src in scripts_of(site / "maps" / "2020-02-10.html")] == [
        "places.js",
        "2020-02-10.js",
    ]
    # The claims table is read by the map script once the map is drawn.
    assert '"claims":"../data/claims.js"' in html
    assert re.search(r'src="\.\./data/places\.js\?v=[0-9a-f]{12}"', html)
    assert re.search(r'src="\.\./data/2020-02-10\.js\?v=[0-9a-f]{12}"', html)
    assert re.search(r'src="\.\./assets/statemap\.js\?v=[0-9a-f]{12}"', html)
    # One script per date: a page reads its own and the shared ones only.
    assert sorted(p.name for p in (site / "data").iterdir()) == sorted(
        ["places.js", "claims.js", *(f"{p.stem}.js" for p in (site / "maps").glob("2*.html"))]
    )


def test_text_from_reports_stays_escaped_in_every_data_script(hostile):
    _data, site = hostile
    for script in (site / "data").glob("*.js"):
        text = unpacked_text(script.read_text(encoding="utf-8"))
        assert "</script" not in text and "<img" not in text and "</" not in text, script.name
    latest = page_data(site / "maps" / "latest.html")
    zenda = places(latest)["zenda"]
    assert zenda["name"] == "Zen&lt;/script&gt;da"
    assert "&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in json.dumps(latest["claims"])


def test_a_standalone_page_inlines_the_same_data_a_site_page_loads(hostile):
    data, site = hostile
    resolver = Resolver(Dataset.load(data))
    model = MapModel(resolver)
    snap = list(model)[-1]
    page = render_snapshot(model, snap, assets=None)
    assert "<script src=" not in page and "leaflet" in page.lower()
    inline = dict(loads(page))
    shared = page_data(site / "maps" / f"{snap.label}.html")
    assert inline["places"] == shared["places"]
    assert inline["claims"] == shared["claims"]
    assert inline["day"] == shared["day"]
    assert "</script><img" not in page


def test_adding_a_claim_leaves_the_earlier_date_scripts_and_their_pages_as_they_were(tinywar, tmp_path):
    """Claims are numbered in date order, so a claim dated D renumbers only claims from D on."""
    out = tmp_path / "site"
    build_site(Resolver(Dataset.load(tinywar)), out)
    before = {p.name: p.read_bytes() for p in [*(out / "data").iterdir(), *(out / "maps").iterdir()]}
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("t12,zenda,blue,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,a new report,invented,\n")
    again = build_site(Resolver(Dataset.load(tinywar)), out)
    assert again.rendered == ["2020-02-10"]
    after = {p.name: p.read_bytes() for p in [*(out / "data").iterdir(), *(out / "maps").iterdir()]}
    changed = sorted(name for name in before if before[name] != after.get(name))
    # The date's page changes with its script's ?v= hash; the timeline names no claim.
    assert changed == ["2020-02-10.html", "2020-02-10.js", "claims.js", "latest.html"]
    manifest = read_manifest(out)["outputs"]
    assert {"data/places.js", "data/claims.js", "data/2020-02-10.js"} <= set(manifest)


def test_a_standalone_page_keeps_its_inlined_data_verbatim(tmp_path):
    """branca reads an element's text as a template: packed payloads are base64 digits only,
    so no ``{{`` of an encoded outline or a quote can reach it, and each unpacks to its data."""
    from aleppo_map import pagedata
    from aleppo_map.scenario import synthetic_dataset

    folder = synthetic_dataset(tmp_path / "syn", n_places=600, seed=1)
    model = MapModel(Resolver(Dataset.load(folder)), dates=["2024-11-30"])
    snap = model.snapshot("2024-11-30")
    page = render_snapshot(model, snap, assets=None)
    inlined = re.findall(r'AM\.load\("(\w+)",([^)]*)\);', page)
    assert [kind for kind, _ in inlined] == ["places", "claims", "day"]
    assert all(re.fullmatch(r'"[A-Za-z0-9+/]+={0,2}"', packed) for _, packed in inlined)
    assert dict(loads(page))["day"] == json.loads(json.dumps(pagedata.date_data(model, snap)))


def test_a_packed_payload_unpacks_to_the_same_data_and_repeats_byte_for_byte():
    from aleppo_map import pagedata

    payload = {"text": "Zen&lt;da \u2028 حلب", "numbers": list(range(50)), "nested": {"a": [1.5, None]}}
    packed = pagedata.pack(payload)
    assert pagedata.unpack(packed) == payload
    assert pagedata.pack(payload) == packed
    assert len(pagedata.pack({"n": "9" * 10_000})) < 200  # what repeats costs next to nothing
    with pytest.raises(ValueError):
        pagedata.unpack("not base64!")


def test_the_claims_table_travels_as_columns_of_a_few_bytes_a_claim_and_decodes_to_every_claim(tmp_path):
    """claims.js: ids as runs (with gaps), dates as counts per day, who/what/link/place as
    base-62 columns, quotes only where there is one; the test decoder gives back each claim."""
    from aleppo_map import escape, pagedata
    from aleppo_map.scenario import synthetic_dataset

    from .pages import claim_rows

    folder = synthetic_dataset(tmp_path / "syn", n_places=600, seed=3)
    model = MapModel(Resolver(Dataset.load(folder)), dates=["2024-11-30"])
    table = pagedata.claims_data(model)
    frame = pagedata.Text.of(model).frame
    rows = claim_rows(table)
    assert [r["id"] for r in rows] == [escape.text(v) for v in frame["claim_id"]]
    assert [r["date"] for r in rows] == list(frame["about_date"])
    assert [r["quote"] for r in rows] == [escape.text(v) for v in frame["quote"]]
    places_ = pagedata.places_data(model)["ids"]
    assert [places_[r["place"]] for r in rows] == list(frame["place_id"])
    # The synthetic ids are not consecutive: runs carry their rises, not one id each.
    assert len(table["ids"]) < len(rows) / 20
    # Besides the texts themselves (quotes, and each distinct source, statement and link
    # once), a claim costs a few bytes.
    texts = len(escape.script_json(table["quotes"])) + len(escape.script_json(table["words"]))
    assert (len(pagedata.script("claims", table)) - texts) / len(rows) <= 12


def test_a_date_script_cites_claims_in_a_few_characters_a_place(tmp_path):
    """Known details as varints: a place whose detail is one of the most used costs one
    character, as its state does; events are rows of numbers, not HTML."""
    from aleppo_map import pagedata
    from aleppo_map.scenario import synthetic_dataset

    from .pages import places as drawn

    folder = synthetic_dataset(tmp_path / "syn", n_places=2000, seed=5)
    model = MapModel(Resolver(Dataset.load(folder)), dates=["2024-11-30"])
    snap = model.snapshot("2024-11-30")
    day = pagedata.date_data(model, snap)
    n = len(day["state"])
    assert len(day["known"]["at"]) < 1.5 * n
    data = {"places": pagedata.places_data(model), "claims": pagedata.claims_data(model), "day": day}
    shown = drawn(data)
    cited = [p for p in shown.values() if p["claims"]]
    assert len(cited) > n / 2 and all(c.startswith("syn-") for p in cited for c in p["claims"])
    assert "<" not in json.dumps(day["events"])
    # "... and N more claims" counts every claim the popup leaves out, as the resolver does.
    states = snap.states.set_index("place_id")
    for pid, p in shown.items():
        if p["since"] is not None:
            s = states.loc[pid]
            assert p["more"] == s["n_claims"] + s["n_contradicting"] - len(p["claims"]) - len(p["against"]), pid


def test_claim_ids_of_every_shape_survive_the_id_runs():
    import numpy as np

    from aleppo_map.pagedata import _id_runs

    ids = ["sc-0000041", "sc-0000042", "sc-0000043", "syn-000047", "syn-000051", "x", "ab12", "12",
           "é٣4", "b1234567890123456789", "c-12x", "a-0001", "a-1", "a-2", "sc-0000001"]  # fmt: skip
    runs = _id_runs(np.array(ids))
    assert runs[0] == ["sc-", 7, 41, 3]
    assert claim_ids({"ids": runs}) == ids  # as the tests read claims.js


def test_a_claim_id_is_cut_where_its_last_ascii_digits_start_and_sent_whole_when_it_has_none():
    import pyarrow as pa

    from aleppo_map.pagedata import _id_runs

    ids = ["q7", "q8", "r-x", "n-٣٤", "n-۱2", "z1234567890123456789", "z1234567890123456790", "a<b>9", "a<b>10"]
    runs = _id_runs(pa.array(ids))
    assert runs[0] == ["q", 1, 7, 2]
    # No number at its end, or a final number with digits of another script: as it is.
    assert runs[1:4] == ["r-x", "n-٣٤", "n-۱2"]
    # More than 15 digits: the last 15 are the number, the rest stays in the prefix.
    assert runs[4] == ["z1234", 15, 567890123456789, 2]
    # A wider number starts a new run; prefixes are escaped as every id a page shows.
    assert runs[5:] == [["a&lt;b&gt;", 1, 9, 1], ["a&lt;b&gt;", 2, 10, 1]]
    assert claim_ids({"ids": runs}) == [i.replace("<", "&lt;").replace(">", "&gt;") for i in ids]


def test_the_claims_table_hands_its_ids_in_table_order_as_one_arrow_array(tinywar):
    from aleppo_map.pagedata import Text

    text = Text.of(MapModel(Resolver(Dataset.load(tinywar))))
    assert text.id_array().to_pylist() == text.ids_at(np.arange(len(text))).tolist()


def test_the_claims_table_finds_each_claims_row_by_id_and_no_row_for_an_unknown_or_longer_id(tinywar):
    from aleppo_map.pagedata import Text

    model = MapModel(Resolver(Dataset.load(tinywar)))
    text = Text.of(model)
    ids = text.ids_at(np.arange(len(text))).tolist()
    assert len(ids) == len(set(ids)) == len(Dataset.load(tinywar).claims)
    assert text.rows_of(ids[::-1]).tolist() == list(range(len(ids)))[::-1]
    # A prefix, a longer id sharing the first characters, another case: none is a claim's.
    assert text.rows_of([ids[0][:-1], ids[0] + "0", ids[0] + " ", "", ids[0].upper()]).tolist() == [-1] * 5
    # Rows follow the claims' dates (claims.js order), ids breaking ties.
    days = text.columns(["about_date"])["about_date"].tolist()
    pairs = list(zip(days, ids, strict=True))
    assert sorted(pairs) == pairs
