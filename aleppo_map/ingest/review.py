"""Review: accepted candidates into ``claims.csv`` and ``events.csv`` (``aleppo-map review``).

The data folder is written by review only, and only by appending; the command in
:mod:`aleppo_map.cli.ingest` is a shell over :func:`review_candidates`. See
``docs/ingest.md``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .. import files
from ..claims import CLAIMS, EVENTS
from ..dataset import Dataset
from . import (
    CANDIDATE_COLUMNS,
    claim_problems,
    event_problems,
    read_candidates,
)
from .sheet import NewSource

__all__ = ["SETTABLE", "ReviewError", "review_candidates", "settings"]


# -- review -----------------------------------------------------------------------------------------
_MARK = re.compile(r"\bcandidate (cand-[A-Za-z0-9_.:\-]+)")


def _next_ids(existing: pd.Series, prefix: str, n: int) -> list[str]:
    numbers = existing.str.extract(rf"^{prefix}-(\d+)$")[0].dropna().astype(int)
    start = int(numbers.max()) + 1 if len(numbers) else 1
    return [f"{prefix}-{k:04d}" for k in range(start, start + n)]


def _append(path: Path, columns: list[str], rows: list[dict]) -> str:
    """The file's text with ``rows`` appended as CSV lines, the existing bytes untouched."""
    text = path.read_text(encoding="utf-8") if path.exists() else ",".join(columns) + "\n"
    if text and not text.endswith("\n"):
        text += "\n"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    for r in rows:
        writer.writerow(r)
    return text + buf.getvalue()


def _content_key(row: dict, columns: tuple[str, ...]) -> tuple:
    return tuple(row.get(c, "") for c in columns)


_CLAIM_SAME = (
    "place_id",
    "side",
    "action",
    "stance",
    "about_date",
    "published",
    "outlet",
    "claimant",
    "origin",
    "quote",
)
_EVENT_SAME = (
    "place_id",
    "date",
    "type",
    "figure",
    "group",
    "low",
    "best",
    "high",
    "published",
    "outlet",
    "claimant",
    "origin",
    "quote",
)


class ReviewError(Exception):
    """Why a review cannot go ahead; nothing was written (or, after a failed write, nothing twice)."""


def review_candidates(
    ds: Dataset,
    candidates: Path,
    wanted: set[str],
    accept_all: bool = False,
    updates: dict[str, str] | None = None,
    dry_run: bool = False,
    say: Callable[..., None] = lambda message, err=False: None,
) -> None:
    """Add the accepted candidates of the file ``candidates`` to the data folder of ``ds``.

    Accepted are the rows whose status is 'accepted', those whose id is in ``wanted``, or all
    with ``accept_all``. Every accepted row is checked like a curated claim or event first;
    with any problem :class:`ReviewError` is raised and nothing is written. ``updates`` ({candidate
    column: value}, see :func:`settings`) corrects the accepted rows on the way in.
    ``say(message, err=...)`` hears what is done, in order (``err`` for notes beside the
    result), so the command prints exactly what happens while it happens.

    Raises
    ------
    ReviewError
        The file is missing or malformed, an id is unknown, or an accepted row has a problem.
    """
    updates = updates or {}
    if not candidates.exists():
        raise ReviewError(f"{candidates}: no such file")
    frame, problems = read_candidates(candidates)
    if problems:
        raise ReviewError(f"{candidates} has {len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems))
    ids = set(frame["id"])
    bad = sorted(wanted - ids)
    if bad:
        raise ReviewError(f"{candidates}: no candidate {', '.join(repr(b) for b in bad)}")
    chosen = frame["status"].eq("accepted") | frame["id"].isin(wanted)
    if accept_all:
        chosen |= frame["status"].isin(["candidate", "accepted"])
    chosen &= frame["kind"].isin(["claim", "event"]) | frame["id"].isin(wanted)
    picked = frame[chosen].copy()
    for col, value in updates.items():
        picked[col] = value
    if updates.get("claimant") and "stance" not in updates:
        # Naming who said it makes an asserted statement an attributed one (a denial stays one).
        picked.loc[picked["stance"] == "asserted", "stance"] = "attributed"
    errors: list[str] = []
    for r in picked.itertuples():
        if r.kind == "source":
            errors.append(
                f"{candidates}:{r.line}: {r.id}: a new source is added with the first accepted candidate that names it"
            )
        elif r.kind == "unresolved":
            errors.append(
                f"{candidates}:{r.line}: {r.id}: an unresolved name cannot be accepted; add an alias to aliases_curated.csv"
            )
        elif r.status == "rejected" and r.id in wanted:
            errors.append(f"{candidates}:{r.line}: {r.id}: is marked rejected; set its status to accepted to accept it")
        elif r.kind in ("claim", "event") and r.status != "added":
            for missing in _missing(r.note):
                if not getattr(r, missing, "x"):
                    errors.append(
                        f"{candidates}:{r.line}: {r.id}: {missing}: its note says it is missing; "
                        f"set it with --set {missing}=VALUE (or in the file) to accept it"
                    )
    if errors:
        raise ReviewError("\n".join(errors))
    picked["note"] = [_without_missing(n, r) for n, r in zip(picked["note"], picked.to_dict("records"), strict=True)]
    already = picked[picked["status"] == "added"]
    for r in already.itertuples():
        say(f"{r.id}: already added as {r.added_as}", err=True)
    picked = picked[(picked["status"] != "added") & (picked["status"] != "rejected")]
    claims = picked[picked["kind"] == "claim"]
    events = picked[picked["kind"] == "event"]
    label = str(candidates)
    registered = {
        r["outlet"]: NewSource.from_row(r) for r in frame[frame["kind"] == "source"].to_dict("records") if r["outlet"]
    }
    known = set(ds.sources["id"])
    named = set(claims["outlet"]) | set(claims["claimant"]) | set(events["outlet"]) | set(events["claimant"])
    new_sources = [s for sid, s in registered.items() if sid in named and sid not in known]
    adding = {s.id for s in new_sources}
    values = {
        (r["line"], c): r[c] for r in pd.concat([claims, events]).to_dict("records") for c in ("outlet", "claimant")
    }
    found = [
        p
        for p in claim_problems(ds, claims, label) + event_problems(ds, events, label)
        if not (p.field in ("outlet", "claimant") and values.get((p.line, p.field)) in adding)
    ]
    if found:
        raise ReviewError(
            f"{len(found)} problem(s) in the accepted candidates; nothing was written:\n"
            + "\n".join(str(p) for p in sorted(found))
        )
    claim_cols = [c.name for c in CLAIMS.columns]
    event_cols = [c.name for c in EVENTS.columns]
    curated_claims = {_content_key(r, _CLAIM_SAME) for r in ds.claims.to_dict("records")}
    curated_events = {_content_key(r, _EVENT_SAME) for r in ds.events.to_dict("records")}
    marked = {m for note in pd.concat([ds.claims["note"], ds.events["note"]]) for m in _MARK.findall(note)}
    new_claims, new_events, added_as = [], [], {}
    skipped = []
    for r in claims.to_dict("records"):
        row = {c: r.get(c, "") for c in claim_cols}
        if r["id"] in marked or _content_key(row, _CLAIM_SAME) in curated_claims:
            skipped.append(r["id"])
            continue
        new_claims.append((r["id"], row))
    for r in events.to_dict("records"):
        row = {c: r.get(c, "") for c in event_cols if c not in ("date", "date_precision")}
        row["date"], row["date_precision"] = r["about_date"], r["about_precision"]
        if r["id"] in marked or _content_key(row, _EVENT_SAME) in curated_events:
            skipped.append(r["id"])
            continue
        new_events.append((r["id"], row))
    claim_ids = _next_ids(ds.claims["id"], "clm", len(new_claims))
    event_ids = _next_ids(ds.events["id"], "evt", len(new_events))
    rows_c, rows_e = [], []
    for (cand, row), new in zip(new_claims, claim_ids, strict=True):
        row = dict(row, id=new)
        row["note"] = _with_mark(row["note"], cand)
        rows_c.append(row)
        added_as[cand] = new
    for (cand, row), new in zip(new_events, event_ids, strict=True):
        row = dict(row, id=new)
        row["note"] = _with_mark(row["note"], cand)
        rows_e.append(row)
        added_as[cand] = new
    for cand in skipped:
        say(f"{cand}: already in the data (same statement or marked in a note); not added again", err=True)
    if not rows_c and not rows_e:
        say(
            "nothing to add"
            + ("" if len(picked) else ": no candidate is accepted (use --accept ID or set status to accepted)")
        )
        return
    if dry_run:
        for s in new_sources:
            say(f"would add source {s.id}: {s.name} ({s.role})")
        for r in rows_c:
            say(f"would add {r['id']}: {r['place_id']} {r['side']} {r['action']} {r['stance']} {r['about_date']}")
        for r in rows_e:
            say(f"would add {r['id']}: {r['place_id']} {r['type']} {r['figure']} {r['best'] or r['low']} {r['date']}")
        return
    root = Path(ds.root)
    texts = {}
    if new_sources:
        source_cols = ["id", "name", "role", "side", "description", "url"]
        texts[root / "sources.csv"] = _append(root / "sources.csv", source_cols, [s.sources_row() for s in new_sources])
    if rows_c:
        texts[root / CLAIMS.filename] = _append(root / CLAIMS.filename, claim_cols, rows_c)
    if rows_e:
        texts[root / EVENTS.filename] = _append(root / EVENTS.filename, event_cols, rows_e)
    updated = frame.drop(columns="line").copy()
    if updates:
        corrected = updated["id"].isin(list(added_as))
        for col, value in updates.items():
            updated.loc[corrected, col] = value
    added_as.update({f"cand-source-{s.id}": s.id for s in new_sources})
    hit = updated["id"].isin(list(added_as))
    updated.loc[hit, "status"] = "added"
    updated.loc[hit, "added_as"] = updated.loc[hit, "id"].map(added_as)
    try:
        for path, text in texts.items():
            files.write_text(path, text)
        files.write_text(candidates, files.csv_text(updated[list(CANDIDATE_COLUMNS)]))
    except OSError as exc:
        # Each file is replaced whole or not at all; a rerun of review skips what was added.
        raise ReviewError(
            f"cannot write: {exc}; run review again once it is fixed (what was added is not added twice)"
        ) from exc
    problems_after = Dataset.read(root).problems
    if problems_after:
        raise ReviewError(
            "the data does not validate after review (please report this):\n" + "\n".join(map(str, problems_after))
        )
    for s in new_sources:
        say(f"added source {s.id!r} ({s.name}, {s.role}) to {root / 'sources.csv'}")
    if rows_c:
        say(f"added {len(rows_c)} claim(s) to {root / CLAIMS.filename}: {', '.join(r['id'] for r in rows_c)}")
    if rows_e:
        say(f"added {len(rows_e)} event(s) to {root / EVENTS.filename}: {', '.join(r['id'] for r in rows_e)}")
    say(f"{candidates}: {len(added_as)} candidate(s) marked added")


def _with_mark(note: str, cand: str) -> str:
    mark = f" [reviewed candidate {cand}]"
    return (note[: 1000 - len(mark)] + mark).strip()


# What --set may change, by the words a reviewer uses, and the candidate column each is.
SETTABLE = {
    "claimant": "claimant",
    "side": "side",
    "date": "about_date",
    "about_date": "about_date",
    "place": "place_id",
    "place_id": "place_id",
    "stance": "stance",
    "action": "action",
    "outlet": "outlet",
    "precision": "about_precision",
    "about_precision": "about_precision",
}
_MISSING = re.compile(r"(?:^|; )missing: ([a-z_]+)\b")


def settings(options: tuple[str, ...]) -> dict[str, str]:
    """``--set FIELD=VALUE`` options as {candidate column: value}.

    Raises
    ------
    ValueError
        An option that is not FIELD=VALUE with a FIELD from :data:`SETTABLE`.
    """
    out: dict[str, str] = {}
    for s in options:
        key, sep, value = s.partition("=")
        col = SETTABLE.get(key.strip())
        if not sep or col is None:
            raise ValueError(f"{s!r}: use FIELD=VALUE with FIELD one of {', '.join(sorted(SETTABLE))}")
        out[col] = value.strip()
    return out


def _missing(note: str) -> list[str]:
    """Fields a candidate's note says are missing ('missing: claimant (...)')."""
    return _MISSING.findall(note or "")


def _without_missing(note: str, row: dict) -> str:
    """The note without its 'missing: FIELD' clauses for fields that now have a value."""
    parts = (note or "").split("; ")
    keep = [p for p in parts if not (p.startswith("missing: ") and row.get(p[9:].split()[0].strip(" (")))]
    return "; ".join(keep)
