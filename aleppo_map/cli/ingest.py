"""Commands of the ingestion loop: ingest (news text in, a candidates file out), review, eval.

Ingestion writes a candidates file (CSV for a spreadsheet, or JSON with every mention and
date as well); nothing reaches ``claims.csv`` or ``events.csv`` until ``review`` accepts it.
The commands take the dataset folder from the ``--data`` option of the main group
(``ctx.obj["data"]``), the shipped data when run on their own. See ``docs/ingest.md``.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
import sys
from pathlib import Path

import click

from .. import files as output
from ..claims import ROLES
from ..distributed import ingest_files
from ..ingest import Document, Ingestor, candidate_rows, candidates_frame
from ..ingest.review import ReviewError, review_candidates, settings
from ..ingest.sheet import NewSource
from ..ingest.text import split_header
from ..tables import DataError
from ._common import fail, load_dataset

__all__ = ["evaluate", "header_day", "ingest", "review"]


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _per_file(values: tuple[str, ...], option: str, check=None) -> tuple[str | None, dict[str, str]]:
    """Split repeated ``--option VALUE`` / ``--option FILE=VALUE`` into a default and per-file values."""
    default: str | None = None
    by_file: dict[str, str] = {}
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
        for given in [default, *by_file.values()]:
            if given is not None:
                check(given, option)
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
@click.option(
    "--outlet-role",
    type=click.Choice(ROLES),
    help="Register an --outlet that is not in sources.csv yet, with this role (review adds it there).",
)
@click.option("--outlet-url", default="", metavar="URL", help="With --outlet-role: the new outlet's web address.")
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
def ingest(ctx, files, published, outlets, outlet_role, outlet_url, fmt, out, engine, scheduler):
    """Read news FILES into candidate claims and events for review.

    Finds place mentions, dates, control statements with their side and claimant, denials
    and casualty figures, and writes one candidate per row (CSV) or everything per file
    (JSON). Nothing is added to the data: accept candidates with 'aleppo-map review'.
    A file that cannot be read is reported by name; the others are still ingested.

    A file opening with a header block (title:, outlet:, publication_date:, url: ... then a
    line ---) gives its date, outlet and URL where the options do not. An outlet not yet in
    sources.csv is registered with --outlet NAME --outlet-role ROLE [--outlet-url URL]: it
    travels in the candidates file and review adds it to sources.csv.
    """
    day, day_by_file = _per_file(published, "--published", _check_day)
    name, name_by_file = _per_file(outlets, "--outlet")
    ds = load_dataset(ctx)
    if out:
        # Candidates are unreviewed: they never replace or join the curated data (only review writes there).
        try:
            output.refuse_data_folder(out, ds.root)
        except output.DataFolderError as exc:
            fail(f"{exc}; nothing was written")
    try:
        ing = Ingestor(ds)
    except DataError as exc:
        fail(f"the ingestion tables in {ds.root} have {len(exc.problems)} problem(s):\n{exc}")
    # The gazetteer and the alias index live as long as the command: keep the garbage
    # collector from re-scanning their ~300,000 objects while articles are read.
    gc.collect()
    gc.freeze()
    for missing in ing.lexicon.missing:
        click.echo(f"warning: {ds.root / missing} is missing: ingestion finds places and dates only", err=True)
    unknown = [v for v in [name, *name_by_file.values()] if v is not None and ing.outlet_id(v) is None]
    new_sources: dict[str, NewSource] = {}
    if unknown and outlet_role:
        for v in dict.fromkeys(unknown):
            sid = NewSource.slug(v)
            if not sid or sid in set(ds.sources["id"]):
                raise click.BadParameter(
                    f"{v!r} makes the id {sid!r}, which is empty or already a source; name the outlet differently",
                    param_hint="--outlet",
                )
            new_sources[v] = NewSource(sid, v, outlet_role, outlet_url)
        unknown = []
    elif outlet_url and not outlet_role:
        raise click.BadParameter(
            "--outlet-url registers a new outlet: give --outlet-role too", param_hint="--outlet-url"
        )
    if unknown:
        known = ", ".join(sorted(ds.sources["id"]))
        raise click.BadParameter(
            f"{unknown[0]!r} is not a source in {ds.root / 'sources.csv'} (known: {known}); "
            "register it with --outlet-role ROLE [--outlet-url URL]",
            param_hint="--outlet",
        )
    problems: list[str] = []
    jobs = []
    for path in files:
        when = _for(path, day, day_by_file) or header_day(path)
        if when is None:
            problems.append(
                f"{path}: no publication date: give --published YYYY-MM-DD (all files) or --published {path.name}=YYYY-MM-DD"
            )
            continue
        who = _for(path, name, name_by_file)
        outlet_id = (new_sources[who].id if who in new_sources else ing.outlet_id(who)) if who else ""
        jobs.append((path, when, outlet_id))
    client = None
    if engine == "dask":
        from ..distributed import connect

        try:
            client = connect(scheduler)
        except (OSError, ValueError, TimeoutError) as exc:
            fail(f"cannot reach the Dask scheduler {scheduler!r}: {exc}")
    from tqdm import tqdm

    # A progress bar on stderr, on a terminal and for more than a couple of files.
    bar = tqdm(total=len(jobs), desc="ingesting", unit="file", file=sys.stderr, disable=None if len(jobs) > 2 else True)
    try:
        results = ingest_files(ds.root, jobs, client=client, ingestor=ing, progress=bar.update)
    finally:
        bar.close()
        if client is not None:
            from ..distributed import close

            close(client)
    docs: list[tuple[Path, Document]] = []
    for (path, _when, outlet), (doc, problem) in zip(jobs, results, strict=True):
        if problem:
            problems.append(problem)
            continue
        if not outlet:
            doc.warnings.append("no --outlet: fill in the outlet column before review")
        docs.append((path, doc))
    frame = candidates_frame([d for _, d in docs], list(new_sources.values()))
    # Formula-like cells get a leading quote (OWASP): article text is untrusted; review takes it off again.
    text = output.csv_text(frame) if fmt == "csv" else _json(docs, problems)
    if out and not docs:
        for p in problems:
            click.echo(p, err=True)
        fail(f"no file could be read; {out} left as it was")
    if out:
        try:
            output.write_text(out, text)
        except OSError as exc:
            fail(f"{out}: cannot write: {exc}")
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


@click.command("eval")
@click.argument("corpora", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@click.option("--brief", is_flag=True, help="Figures only, without the per-article misses.")
@click.option("--no-geotext", is_flag=True, help="Leave out the geotext baseline (faster).")
def evaluate(corpora, brief, no_geotext):
    """Score ingestion on annotated corpora (the dev-corpus layout: articles/ and truth/).

    Prints per corpus: mentions found, resolved within tolerance, precision; claims recall
    and precision; then each article's misses. Without CORPORA: the seed articles and
    ../shared/dev-corpus, each skipped with the reason when absent.
    """
    from ..ingest.evaluation import run_corpora

    text, code = run_corpora(list(corpora), details=not brief, geotext=not no_geotext)
    click.echo(text)
    sys.exit(code)


def header_day(path: Path) -> str | None:
    """The publication date of an article file's header block, if it has one (read from its head)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            head = fh.read(8192)
    except OSError:
        return None
    header, _ = split_header(head)
    if header is None or not header.published:
        return None
    day = header.published[:10]
    return day if _DATE.match(day) else None


@click.command("review")
@click.argument("candidates", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--accept", "accept", multiple=True, metavar="ID[,ID...]", help="Candidate ids to accept (repeatable).")
@click.option("--accept-all", is_flag=True, help="Accept every claim and event candidate not rejected.")
@click.option(
    "--set",
    "options",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set or correct a field of the accepted candidates while accepting: claimant, side, date, "
    "place, stance, action, outlet, precision (repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Check and show what would be added; write nothing.")
@click.pass_context
def review(ctx, candidates, accept, accept_all, options, dry_run):
    """Add the accepted candidates of CANDIDATES to claims.csv and events.csv.

    Accepted are the rows whose status the analyst set to 'accepted', those named with
    --accept, or all with --accept-all. Every accepted row is checked like a curated claim
    or event first; with any problem nothing is written. New rows get the next free ids
    (clm-NNNN, evt-NNNN); the candidates file records them (status 'added', added_as), so
    running review again never adds a candidate twice.

    --set FIELD=VALUE corrects the accepted rows on the way in (and in CANDIDATES):
    --set claimant=sohr --set stance=attributed, --set side=sna, --set date=2024-11-29,
    --set place=saraqib. A candidate whose note says a field is missing ('missing:
    claimant ...') is refused, naming the field, until that field has a value. An outlet
    registered while ingesting (a row of kind 'source') is added to sources.csv with the
    first accepted candidate that names it.
    """
    try:
        updates = settings(options)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    ds = load_dataset(ctx)
    wanted = {i.strip() for a in accept for i in a.split(",") if i.strip()}
    try:
        review_candidates(
            ds,
            candidates,
            wanted,
            accept_all=accept_all,
            updates=updates,
            dry_run=dry_run,
            say=lambda message, err=False: click.echo(message, err=err),
        )
    except ReviewError as exc:
        fail(str(exc))
