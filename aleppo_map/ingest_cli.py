"""``aleppo-map ingest`` and ``aleppo-map review``: news text in, reviewed claims out.

Ingestion writes a candidates file (CSV for a spreadsheet, or JSON with every mention and
date as well); nothing reaches ``claims.csv`` or ``events.csv`` until ``review`` accepts it.
Both commands take the dataset folder from the ``--data`` option of the main group
(``ctx.obj["data"]``). See ``docs/ingest.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import os
import re
import sys
from pathlib import Path

import click
import pandas as pd

from .claims import CLAIMS, EVENTS
from .dataset import Dataset
from .distributed import ingest_files
from .ingest import (
    CANDIDATE_COLUMNS,
    Document,
    Ingestor,
    candidate_rows,
    candidates_frame,
    claim_problems,
    event_problems,
    read_candidates,
)
from .tables import DataError

__all__ = ["ingest", "review"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _fail(message: str, code: int = 1):
    click.echo(message, err=True)
    sys.exit(code)


def _load(ctx) -> Dataset:
    data = ctx.obj["data"] if ctx.obj else None
    try:
        return Dataset.load(data)
    except DataError as exc:
        _fail(
            f"the data in {data} has {len(exc.problems)} problem(s):\n{exc}\nrun 'aleppo-map validate' after fixing them"
        )


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` beside ``path`` and rename it into place: a reader never sees half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _per_file(values: tuple[str, ...], option: str, check=None) -> tuple[str | None, dict[str, str]]:
    """Split repeated ``--option VALUE`` / ``--option FILE=VALUE`` into a default and per-file values."""
    default, by_file = None, {}
    for v in values:
        name, sep, value = v.rpartition("=")
        if sep and name:
            by_file[name] = value
        else:
            if default is not None and default != v:
                raise click.BadParameter(
                    f"given twice ({default!r} and {v!r}); use FILE=VALUE for one file", param_hint=option
                )
            default = v
    if check:
        for v in [default, *by_file.values()]:
            if v is not None:
                check(v, option)
    return default, by_file


def _check_day(value: str, option: str) -> None:
    if not _DATE.match(value):
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=option)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a real date", param_hint=option) from None
    if day > dt.date.today():
        raise click.BadParameter(f"{value} is in the future", param_hint=option)


def _for(path: Path, default: str | None, by_file: dict[str, str]) -> str | None:
    for key in (str(path), path.name, path.stem):
        if key in by_file:
            return by_file[key]
    return default


def _csv(frame: pd.DataFrame) -> str:
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def _json(docs: list[tuple[Path, Document]], problems: list[str]) -> str:
    files = []
    for (path, doc), rows in zip(docs, candidate_rows([d for _, d in docs]), strict=True):
        item = doc.as_dict()
        item["file"] = str(path)
        item["candidates"] = [r for r in rows if r["kind"] != "unresolved"]
        files.append(item)
    return json.dumps({"files": files, "problems": problems}, ensure_ascii=False, indent=2) + "\n"


@click.command("ingest")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--published",
    "published",
    multiple=True,
    metavar="YYYY-MM-DD|FILE=YYYY-MM-DD",
    help="Publication date that relative dates count from; FILE=DATE for one file (repeatable).",
)
@click.option(
    "--outlet",
    "outlets",
    multiple=True,
    metavar="NAME|FILE=NAME",
    help="Who published: a source id or name from sources.csv; FILE=NAME for one file (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here (atomically) instead of standard output.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="'dask' reads the files on a Dask cluster (same results, same order).",
)
@click.option(
    "--scheduler",
    default="local",
    show_default=True,
    metavar="ADDRESS|local",
    help="With --engine dask: a scheduler address (tcp://host:8786) or 'local' for two local workers.",
)
@click.pass_context
def ingest(ctx, files, published, outlets, fmt, out, engine, scheduler):
    """Read news FILES into candidate claims and events for review.

    Finds place mentions, dates, control statements with their side and claimant, denials
    and casualty figures, and writes one candidate per row (CSV) or everything per file
    (JSON). Nothing is added to the data: accept candidates with 'aleppo-map review'.
    A file that cannot be read is reported by name; the others are still ingested.
    """
    day, day_by_file = _per_file(published, "--published", _check_day)
    name, name_by_file = _per_file(outlets, "--outlet")
    ds = _load(ctx)
    try:
        ing = Ingestor(ds)
    except DataError as exc:
        _fail(f"the ingestion tables in {ds.root} have {len(exc.problems)} problem(s):\n{exc}")
    # The gazetteer and the alias index live as long as the command: keep the garbage
    # collector from re-scanning their ~300,000 objects while articles are read.
    gc.collect()
    gc.freeze()
    for missing in ing.lexicon.missing:
        click.echo(f"warning: {ds.root / missing} is missing: ingestion finds places and dates only", err=True)
    unknown = [v for v in [name, *name_by_file.values()] if v is not None and ing.outlet_id(v) is None]
    if unknown:
        known = ", ".join(sorted(ds.sources["id"]))
        raise click.BadParameter(
            f"{unknown[0]!r} is not a source in {ds.root / 'sources.csv'} (known: {known}); add it there first",
            param_hint="--outlet",
        )
    problems: list[str] = []
    jobs = []
    for path in files:
        when = _for(path, day, day_by_file)
        if when is None:
            problems.append(
                f"{path}: no publication date: give --published YYYY-MM-DD (all files) or --published {path.name}=YYYY-MM-DD"
            )
            continue
        who = _for(path, name, name_by_file)
        jobs.append((path, when, ing.outlet_id(who) if who else ""))
    client = None
    if engine == "dask":
        from .distributed import connect

        try:
            client = connect(scheduler)
        except (OSError, ValueError, TimeoutError) as exc:
            _fail(f"cannot reach the Dask scheduler {scheduler!r}: {exc}")
    from tqdm import tqdm

    # A progress bar on stderr, on a terminal and for more than a couple of files.
    bar = tqdm(total=len(jobs), desc="ingesting", unit="file", file=sys.stderr, disable=None if len(jobs) > 2 else True)
    try:
        results = ingest_files(ds.root, jobs, client=client, ingestor=ing, progress=bar.update)
    finally:
        bar.close()
        if client is not None:
            from .distributed import close

            close(client)
    docs: list[tuple[Path, Document]] = []
    for (path, _when, outlet), (doc, problem) in zip(jobs, results, strict=True):
        if problem:
            problems.append(problem)
            continue
        if not outlet:
            doc.warnings.append("no --outlet: fill in the outlet column before review")
        docs.append((path, doc))
    frame = candidates_frame([d for _, d in docs])
    text = _csv(frame) if fmt == "csv" else _json(docs, problems)
    if out and not docs:
        for p in problems:
            click.echo(p, err=True)
        _fail(f"no file could be read; {out} left as it was")
    if out:
        try:
            write_atomic(out, text)
        except OSError as exc:
            _fail(f"{out}: cannot write: {exc}")
    else:
        click.echo(text, nl=False)
    for p in problems:
        click.echo(p, err=True)
    for path, doc in docs:
        for w in doc.warnings:
            click.echo(f"{path}: warning: {w}", err=True)
    kinds = frame["kind"].value_counts()
    summary = (
        f"{len(docs)} file(s) read: {kinds.get('claim', 0)} candidate claim(s), {kinds.get('event', 0)} event(s), "
        f"{kinds.get('unresolved', 0)} unresolved name(s)"
    )
    if out:
        summary += f"; written to {out}; accept with: aleppo-map review {out} --accept ID[,ID...]"
    click.echo(summary, err=True)
    if problems:
        sys.exit(1)


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


@click.command("review")
@click.argument("candidates", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--accept", "accept", multiple=True, metavar="ID[,ID...]", help="Candidate ids to accept (repeatable).")
@click.option("--accept-all", is_flag=True, help="Accept every claim and event candidate not rejected.")
@click.option("--dry-run", is_flag=True, help="Check and show what would be added; write nothing.")
@click.pass_context
def review(ctx, candidates, accept, accept_all, dry_run):
    """Add the accepted candidates of CANDIDATES to claims.csv and events.csv.

    Accepted are the rows whose status the analyst set to 'accepted', those named with
    --accept, or all with --accept-all. Every accepted row is checked like a curated claim
    or event first; with any problem nothing is written. New rows get the next free ids
    (clm-NNNN, evt-NNNN); the candidates file records them (status 'added', added_as), so
    running review again never adds a candidate twice.
    """
    ds = _load(ctx)
    if not candidates.exists():
        _fail(f"{candidates}: no such file")
    frame, problems = read_candidates(candidates)
    if problems:
        _fail(f"{candidates} has {len(problems)} problem(s):\n" + "\n".join(str(p) for p in problems))
    wanted = {i.strip() for a in accept for i in a.split(",") if i.strip()}
    ids = set(frame["id"])
    bad = sorted(wanted - ids)
    if bad:
        _fail(f"{candidates}: no candidate {', '.join(repr(b) for b in bad)}")
    chosen = frame["status"].eq("accepted") | frame["id"].isin(wanted)
    if accept_all:
        chosen |= frame["status"].isin(["candidate", "accepted"])
    chosen &= frame["kind"].isin(["claim", "event"]) | frame["id"].isin(wanted)
    picked = frame[chosen]
    errors: list[str] = []
    for r in picked.itertuples():
        if r.kind == "unresolved":
            errors.append(
                f"{candidates}:{r.line}: {r.id}: an unresolved name cannot be accepted; add an alias to aliases_curated.csv"
            )
        elif r.status == "rejected" and r.id in wanted:
            errors.append(f"{candidates}:{r.line}: {r.id}: is marked rejected; set its status to accepted to accept it")
    if errors:
        _fail("\n".join(errors))
    already = picked[picked["status"] == "added"]
    for r in already.itertuples():
        click.echo(f"{r.id}: already added as {r.added_as}", err=True)
    picked = picked[(picked["status"] != "added") & (picked["status"] != "rejected")]
    claims = picked[picked["kind"] == "claim"]
    events = picked[picked["kind"] == "event"]
    label = str(candidates)
    found = claim_problems(ds, claims, label) + event_problems(ds, events, label)
    if found:
        _fail(
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
        click.echo(f"{cand}: already in the data (same statement or marked in a note); not added again", err=True)
    if not rows_c and not rows_e:
        click.echo(
            "nothing to add"
            + ("" if len(picked) else ": no candidate is accepted (use --accept ID or set status to accepted)")
        )
        return
    if dry_run:
        for r in rows_c:
            click.echo(
                f"would add {r['id']}: {r['place_id']} {r['side']} {r['action']} {r['stance']} {r['about_date']}"
            )
        for r in rows_e:
            click.echo(
                f"would add {r['id']}: {r['place_id']} {r['type']} {r['figure']} {r['best'] or r['low']} {r['date']}"
            )
        return
    root = Path(ds.root)
    texts = {}
    if rows_c:
        texts[root / CLAIMS.filename] = _append(root / CLAIMS.filename, claim_cols, rows_c)
    if rows_e:
        texts[root / EVENTS.filename] = _append(root / EVENTS.filename, event_cols, rows_e)
    updated = frame.drop(columns="line").copy()
    hit = updated["id"].isin(list(added_as))
    updated.loc[hit, "status"] = "added"
    updated.loc[hit, "added_as"] = updated.loc[hit, "id"].map(added_as)
    try:
        for path, text in texts.items():
            write_atomic(path, text)
        write_atomic(candidates, _csv(updated[list(CANDIDATE_COLUMNS)]))
    except OSError as exc:
        # Each file is replaced whole or not at all; a rerun of review skips what was added.
        _fail(f"cannot write: {exc}; run review again once it is fixed (what was added is not added twice)")
    problems_after = Dataset.read(root).problems
    if problems_after:
        _fail("the data does not validate after review (please report this):\n" + "\n".join(map(str, problems_after)))
    if rows_c:
        click.echo(f"added {len(rows_c)} claim(s) to {root / CLAIMS.filename}: {', '.join(r['id'] for r in rows_c)}")
    if rows_e:
        click.echo(f"added {len(rows_e)} event(s) to {root / EVENTS.filename}: {', '.join(r['id'] for r in rows_e)}")
    click.echo(f"{candidates}: {len(added_as)} candidate(s) marked added")


def _with_mark(note: str, cand: str) -> str:
    mark = f" [reviewed candidate {cand}]"
    return (note[: 1000 - len(mark)] + mark).strip()
