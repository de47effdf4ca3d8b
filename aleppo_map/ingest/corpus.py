"""Annotated corpora for the evaluation: the dev-corpus layout, and the seed annotations.

A corpus in the **dev-corpus layout** is a folder with

- ``articles/*.txt``: one article a file, opening with a header block (``title:``,
  ``outlet:``, ``publication_date:``, ``url:`` ... then a line ``---``) and then the text;
- ``truth/article_mentions.csv``: one row per place mention and claim: ``article_file``,
  ``surface`` (verbatim in the text), ``canonical_place``, ``claim_side``, ``claim_status``
  (asserted, attributed, denied or none), ``attributed_to``, ``quote``;
- ``truth/places.csv``: ``canonical_place``, ``lat``, ``lon``, ``tolerance_km`` (empty
  coordinates: a place the annotator could not locate, or one outside the map);
- ``truth/control_timeline.csv`` (not scored here).

The seed annotations (``tests/fixtures/annotations/*.json``, offsets and gazetteer ids into
``../shared/seeds``) are read into the same records, their places located through the
gazetteer with a tolerance by kind, so both corpora are scored by one set of rules.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..tables import DataError, Problem
from .text import split_header

__all__ = ["Corpus", "CorpusArticle", "GoldClaim", "GoldPlace", "load_corpus", "load_seed_corpus"]

MENTIONS_COLUMNS = ("article_file", "surface", "canonical_place", "claim_side", "claim_status", "attributed_to")
PLACES_COLUMNS = ("canonical_place", "lat", "lon", "tolerance_km")
STATUSES = ("asserted", "attributed", "denied", "none")
# How far a resolved place may lie from the annotated one, by the gazetteer's kind (km): the
# dev corpus's own rule (3 km neighbourhoods and landmarks, 5 km towns, 10 km cities,
# 35-60 km governorates), applied to the seeds, which name gazetteer places.
TOLERANCE_KM = {
    "neighbourhood": 3,
    "landmark": 3,
    "airport": 3,
    "airbase": 3,
    "crossing": 3,
    "village": 5,
    "town": 5,
    "city": 10,
    "subdistrict": 15,
    "district": 30,
    "governorate": 50,
}


@dataclass(frozen=True)
class GoldPlace:
    """An annotated place: where it is and how far a resolution may stray (None: not located)."""

    name: str
    lat: float | None
    lon: float | None
    tolerance_km: float

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class GoldClaim:
    """An annotated control claim: the place, the side, and whether the text denies it."""

    surface: str
    place: str
    side: str
    status: str
    claimant: str = ""


@dataclass
class CorpusArticle:
    """One annotated article: its text (header blanked), metadata, mentions and claims."""

    file: str
    text: str
    published: str
    outlet: str
    origin: str
    mentions: dict[str, str] = field(default_factory=dict)  # surface -> canonical place
    claims: list[GoldClaim] = field(default_factory=list)


@dataclass
class Corpus:
    """An annotated corpus: its articles and places."""

    name: str
    path: Path
    articles: list[CorpusArticle]
    places: dict[str, GoldPlace]


def _read_csv(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict]]:
    if not path.is_file():
        problems.append(Problem(str(path), 0, "", "missing: every annotated corpus has it"))
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(Problem(str(path), 1, ", ".join(missing), "column(s) missing from the header"))
            return []
        return [(n, row) for n, row in enumerate(reader, start=2)]


def load_corpus(folder: Path | str) -> Corpus:
    """Read a corpus in the dev-corpus layout; every problem at once, as a :class:`DataError`."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise DataError([Problem(str(folder), 0, "", "no such folder")])
    truth = folder / "truth"
    place_rows = _read_csv(truth / "places.csv", PLACES_COLUMNS, problems)
    mention_rows = _read_csv(truth / "article_mentions.csv", MENTIONS_COLUMNS, problems)
    places: dict[str, GoldPlace] = {}
    for n, row in place_rows:
        name = (row["canonical_place"] or "").strip()
        try:
            lat = float(row["lat"]) if (row["lat"] or "").strip() else None
            lon = float(row["lon"]) if (row["lon"] or "").strip() else None
            tol = float(row["tolerance_km"]) if (row["tolerance_km"] or "").strip() else 0.0
        except ValueError as exc:
            problems.append(Problem(str(truth / "places.csv"), n, "lat/lon/tolerance_km", f"not a number ({exc})"))
            continue
        if not name:
            problems.append(Problem(str(truth / "places.csv"), n, "canonical_place", "empty"))
            continue
        places[name] = GoldPlace(name, lat, lon, tol)
    articles: dict[str, CorpusArticle] = {}
    for path in sorted((folder / "articles").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        header, text = split_header(raw)
        if header is None:
            problems.append(Problem(str(path), 1, "header", "no header block (key: value lines, then a line ---)"))
            continue
        articles[path.name] = CorpusArticle(path.name, text, header.published, header.outlet, header.url or path.name)
    mpath = str(truth / "article_mentions.csv")
    for n, row in mention_rows:
        art = articles.get(row["article_file"])
        if art is None:
            problems.append(Problem(mpath, n, "article_file", f"no article {row['article_file']!r} in articles/"))
            continue
        surface, place, status = row["surface"], row["canonical_place"], row["claim_status"]
        if place not in places:
            problems.append(Problem(mpath, n, "canonical_place", f"{place!r} is not in truth/places.csv"))
            continue
        if status not in STATUSES:
            problems.append(Problem(mpath, n, "claim_status", f"{status!r} is none of {', '.join(STATUSES)}"))
            continue
        if surface not in art.text:
            problems.append(Problem(mpath, n, "surface", f"{surface!r} is not in the article's text"))
            continue
        art.mentions.setdefault(surface, place)
        if status != "none":
            art.claims.append(GoldClaim(surface, place, row["claim_side"], status, row["attributed_to"]))
    if problems:
        raise DataError(problems)
    return Corpus(folder.name, folder, list(articles.values()), places)


def load_seed_corpus(annotations: Path, seeds: Path, gazetteer) -> Corpus:
    """The seed annotations as a corpus: gazetteer ids as places, located by the gazetteer."""
    places: dict[str, GoldPlace] = {}
    articles = []
    rows = gazetteer.places.set_index("id")

    def place(pid: str) -> str:
        if pid not in places:
            if pid in rows.index:
                r = rows.loc[pid]
                lat, lon = float(r["lat"]), float(r["lon"])
                places[pid] = GoldPlace(pid, lat, lon, TOLERANCE_KM.get(r["kind"], 5))
            else:
                places[pid] = GoldPlace(pid, None, None, 0)
        return pid

    for p in sorted(annotations.glob("*.json")):
        ann = json.loads(p.read_text(encoding="utf-8"))
        raw = (seeds / ann["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != ann["sha256"]:
            raise ValueError(f"{seeds / ann['file']} is not the text that was annotated (sha256 differs)")
        art = CorpusArticle(ann["file"], raw.decode("utf-8"), ann["published"], ann["outlet"], ann["file"])
        for m in ann["mentions"]:
            art.mentions.setdefault(m["text"], place(m["place_id"]))
        for o in ann["outside"]:
            art.mentions.setdefault(o["text"], place(""))
        for c in ann["claims"]:
            side = "contested" if c["action"] in ("fighting", "controls-part") else c["side"]
            if c["action"] in ("besieged", "approached"):
                continue
            status = c["stance"] if c["stance"] in STATUSES else "asserted"
            art.claims.append(GoldClaim("", place(c["place_id"]), side, status, c["claimant"]))
        articles.append(art)
    return Corpus("seeds", annotations, articles, places)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
