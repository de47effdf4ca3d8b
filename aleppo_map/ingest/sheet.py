"""Stage 7, the candidate sheet: candidates as rows of a CSV a person reviews, reading one
back, and reading an article file."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..claims import CLAIMS, EVENTS
from ..dataset import Dataset
from ..escape import from_spreadsheet_cell
from ..tables import Column, DataError, Problem, Table, check_cell, read_table
from .lexicon import OUTSIDE
from .records import Document
from .text import truncate

# Columns of a candidates file: the claim's, then what only events have, then review aids.
EVENT_ONLY = ("type", "figure", "group", "low", "best", "high")
CANDIDATE_COLUMNS = (
    "id",
    "kind",
    "status",
    *[c.name for c in CLAIMS.columns if c.name != "id"],
    *EVENT_ONLY,
    "confidence",
    "cue",
    "place_text",
    "start",
    "end",
    "added_as",
)
STATUSES = ("candidate", "accepted", "rejected", "added")
KINDS = ("claim", "event", "unresolved", "source")
MAX_BYTES = 2_000_000
MIN_LETTERS = 20


# -- output --------------------------------------------------------------------------------------------
def candidates_frame(documents: list[Document], new_sources: list[NewSource] | tuple = ()) -> pd.DataFrame:
    """One row per candidate (and per unresolved name) of the documents, review columns included.

    Ids are ``cand-<file stem>-<n>``: never a curated id (``clm-``/``evt-``), stable for the
    same file and text; a second file with the same stem in one run gets ``<stem>-2``.
    ``new_sources`` (outlets registered while ingesting) come first, as rows of kind
    ``source`` that ``review`` adds to ``sources.csv`` with the first candidate naming them.
    """
    rows = [s.row() for s in new_sources]
    rows += [r for per_doc in candidate_rows(documents) for r in per_doc]
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS), dtype="str")


@dataclass(frozen=True)
class NewSource:
    """An outlet not yet in ``sources.csv``, registered on the command line while ingesting.

    Ingestion never writes the data folder: the source travels in the candidates file as a
    row of kind ``source`` (its id in ``outlet``, name in ``place_text``, role in ``cue``,
    URL in ``origin``), and ``review`` appends it to ``sources.csv`` together with the first
    accepted candidate that names it.
    """

    id: str
    name: str
    role: str
    url: str = ""

    @staticmethod
    def slug(name: str) -> str:
        """The id a name gets: lower case, words joined by '-' ('Oman Observer' -> 'oman-observer')."""
        return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60]

    def row(self) -> dict:
        row = dict.fromkeys(CANDIDATE_COLUMNS, "")
        row.update(
            id=f"cand-source-{self.id}",
            kind="source",
            status="candidate",
            outlet=self.id,
            place_text=self.name,
            cue=self.role,
            origin=self.url,
            note=f"new source {self.id!r}: {self.name} ({self.role}); review adds it to sources.csv "
            "with the first accepted candidate that names it",
        )
        return row

    @classmethod
    def from_row(cls, row: dict) -> NewSource:
        return cls(row["outlet"], row["place_text"], row["cue"], row["origin"])

    def sources_row(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "side": "",
            "description": "registered while ingesting (aleppo-map ingest --outlet-role)",
            "url": self.url,
        }


def candidate_rows(documents: list[Document]) -> list[list[dict]]:
    """The rows of :func:`candidates_frame`, one list per document."""
    out: list[list[dict]] = []
    seen: Counter = Counter()
    for doc in documents:
        rows: list[dict] = []
        out.append(rows)
        stem = re.sub(r"[^A-Za-z0-9_.\-]", "-", Path(doc.origin).stem) or "text"
        seen[stem] += 1
        if seen[stem] > 1:
            stem = f"{stem}-{seen[stem]}"
        n = 0
        ordered = sorted(doc.candidates, key=lambda c: (c.start, c.kind, c.fields.get("place_id", "")))
        for c in ordered:
            n += 1
            row = dict.fromkeys(CANDIDATE_COLUMNS, "")
            row.update({k: v for k, v in c.fields.items() if k in row})
            row.update(
                id=f"cand-{stem}-{n:03d}",
                kind=c.kind,
                status="candidate",
                confidence=f"{c.confidence:.2f}",
                cue=c.cue,
                place_text=c.place_text,
                start=str(c.start),
                end=str(c.end),
            )
            if c.kind == "event":
                row["scope"] = ""
            if not row["outlet"]:
                note = "missing: outlet (no --outlet given and none known from a header)"
                row["note"] = f"{row['note']}; {note}"[:1000] if row["note"] else note
            rows.append(row)
        for m in doc.unresolved:
            if m.reason.startswith(OUTSIDE) or m.place_id:
                # A foreign country or city, or a river (its place_id is geonames:... or
                # feature:...): nothing for the gazetteer to learn.
                continue
            n += 1
            row = dict.fromkeys(CANDIDATE_COLUMNS, "")
            row.update(
                id=f"cand-{stem}-{n:03d}",
                kind="unresolved",
                status="candidate",
                published=doc.published,
                outlet=doc.outlet,
                origin=doc.origin,
                quote=truncate(m.context),
                place_text=m.text,
                start=str(m.start),
                end=str(m.end),
                note=f"{m.reason}" + (f"; candidates: {';'.join(m.candidates)}" if m.candidates else ""),
                confidence="0.00",
            )
            rows.append(row)
    return out


CANDIDATES = Table(
    "candidates",
    (
        Column("id", "id", required=True),
        Column("kind", "choice", required=True, choices=KINDS),
        Column("status", "choice", required=True, choices=STATUSES),
        *[c for c in CLAIMS.columns if c.name != "id"],
        *[c for c in EVENTS.columns if c.name in EVENT_ONLY],
        Column("confidence", "float"),
        Column("cue"),
        Column("place_text"),
        Column("start", "int"),
        Column("end", "int"),
        Column("added_as"),
    ),
)


def read_candidates(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The rows of a candidates file and the problems of its cells (every kind of row).

    Cells are checked per kind: a claim's required fields, an event's; unresolved rows only
    need their id. The schema is relaxed here because one file mixes the three kinds.
    """
    label = str(path)
    loose = Table(
        CANDIDATES.filename,
        tuple(
            Column(c.name, c.kind, c.name in ("id", "kind", "status"), c.choices, c.max_len) for c in CANDIDATES.columns
        ),
    )
    frame, problems = read_table(path, loose, label=label)
    problems = [Problem(label, p.line, p.field, p.message) for p in problems]
    # ingest neutralised formula-like cells for the spreadsheet ('=HYPERLINK...); the claim
    # keeps the reporter's text, so the quote comes off here (numbers never got one).
    text_cols = [c for c in frame.columns if c != "line"]
    for col in text_cols:
        frame[col] = frame[col].map(from_spreadsheet_cell)
    return frame, problems


def _cell_problems(rows: pd.DataFrame, table: Table, label: str) -> list[Problem]:
    problems = []
    for r in rows.to_dict("records"):
        for col in table.columns:
            if col.name == "id":
                continue
            msg = check_cell(col, r.get(col.name, ""))
            if msg:
                problems.append(Problem(label, r["line"], col.name, msg))
    return problems


def claim_problems(dataset: Dataset, rows: pd.DataFrame, label: str) -> list[Problem]:
    """The checks a row of ``claims.csv`` gets (cells, places, sides, sources, dates), against ``label``.

    ``rows`` are candidate rows (the candidates file's columns, with ``line``).
    """
    problems = _cell_problems(rows, CLAIMS, label)
    found = dataset.check_reports(rows, label, "about_date", set(dataset.places["id"]), set(dataset.sides["id"]))
    return problems + [Problem(label, p.line, p.field, p.message) for p in found]


def event_problems(dataset: Dataset, rows: pd.DataFrame, label: str) -> list[Problem]:
    """The checks a row of ``events.csv`` gets; a candidate's ``about_date`` is the event's ``date``."""
    events = rows.rename(columns={"about_date": "date", "about_precision": "date_precision"})
    problems = _cell_problems(events, EVENTS, label)
    found = dataset.check_reports(events, label, "date", set(dataset.places["id"]), None)
    return problems + [Problem(label, p.line, p.field, p.message) for p in found]


def load_candidates(path: Path | str, dataset: Dataset) -> pd.DataFrame:
    """The candidate claims of a candidates file, as ``claims.csv`` rows plus ``status``.

    For ``--include``: states, changes and maps may show candidates beside the curated
    claims. Rows are strings (as :func:`~aleppo_map.tables.read_table` returns them), with
    exactly the columns of ``claims.csv`` and ``status``; events and unresolved names are
    left out. Every row gets the checks a claim gets; any problem raises DataError listing
    them all, with the file and line.
    """
    path = Path(path)
    frame, problems = read_candidates(path)
    claims = frame[frame["kind"] == "claim"]
    # An outlet registered in the sheet (a row of kind 'source') is known for the preview.
    registered = set(frame.loc[frame["kind"] == "source", "outlet"])
    values = {(r["line"], c): r[c] for r in claims.to_dict("records") for c in ("outlet", "claimant")}
    problems += [
        p
        for p in claim_problems(dataset, claims, str(path))
        if not (p.field in ("outlet", "claimant") and values.get((p.line, p.field)) in registered)
    ]
    clash = claims[claims["id"].isin(set(dataset.claims["id"]))]
    for r in clash.itertuples():
        problems.append(Problem(str(path), r.line, "id", f"{r.id!r} is already a curated claim id"))
    if problems:
        raise DataError(problems)
    cols = [c.name for c in CLAIMS.columns] + ["status"]
    return claims[cols].reset_index(drop=True)


def read_article(path: Path) -> tuple[str | None, str | None]:
    """The text of one article, or why it cannot be read (for a message naming the file).

    Refuses what is not an article: a missing file, a folder, an empty file, a binary file,
    text that is not UTF-8, and anything larger than an article can be.
    """
    if not path.exists():
        return None, "no such file"
    if not path.is_file():
        return None, "is not a file"
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, (
            f"is {size / 1e6:.1f} MB; an article is at most {MAX_BYTES / 1e6:.0f} MB "
            "(is this the right file? split a collection into one file per article)"
        )
    raw = path.read_bytes()
    if not raw.strip():
        return None, "is empty"
    if b"\x00" in raw:
        return None, "holds NUL bytes: it is a binary file, not text"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, (
            f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}); save it as UTF-8"
        )
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None, f"has fewer than {MIN_LETTERS} letters: no article to read"
    return text.replace("\r\n", "\n").replace("\r", "\n"), None
