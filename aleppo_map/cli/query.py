"""Commands that ask the data: geocode, validate, states, changes, explain, plan.

Each is a shell over the Python API that notebooks use too (:mod:`aleppo_map.gazetteer`,
:mod:`aleppo_map.dataset`, :mod:`aleppo_map.states`); nothing here decides anything.
"""

from __future__ import annotations

import json
import sys

import click
import pandas as pd

from ..dataset import Dataset, validate
from ..files import csv_text
from ..tables import DataError
from ._common import fail, include_option, load_dataset, make_resolver, parse_day, stale_option, table

__all__ = ["STATE_COLUMNS", "changes", "explain_cmd", "geocode", "plan", "states", "validate_cmd"]

STATE_COLUMNS = ["place_id", "name", "kind", "lat", "lon", "state", "since", "confidence", "stale", "claims"]


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--context", help="Region the places lie in or near (a place id or name), e.g. Aleppo.")
@click.pass_context
def geocode(ctx, names, fmt, context):
    """Resolve place NAMES offline; '-' reads names from standard input, one a line.

    Every query gets an answer in query order; an unresolved one has no place_id and a reason.
    """
    queries: list[str] = []
    for name in names:
        if name == "-":
            queries += [line.rstrip("\r\n") for line in sys.stdin]
        else:
            queries.append(name)
    g = load_dataset(ctx, gazetteer_only=True).gazetteer
    records = [m.as_record() for m in g.resolve_many(queries, context=context)]
    if not records and fmt != "json":
        return
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for r in records:
        r["candidates"] = ";".join(c["place_id"] for c in r["candidates"])
    frame = pd.DataFrame(records)
    if fmt == "csv":
        click.echo(csv_text(frame), nl=False)
    else:
        frame["query"] = frame["query"].str.slice(0, 40)
        click.echo(table(frame[["query", "place_id", "name", "kind", "lat", "lon", "precision", "score", "reason"]]))


@click.command("validate")
@click.pass_context
def validate_cmd(ctx):
    """Check every file of the dataset; list every problem with file:line: field."""
    problems = validate(ctx.obj["data"])
    if not any(p.line == 0 and p.field == "" and "data folder" in p.message for p in problems):
        from ..ingest import Lexicon

        try:
            Lexicon.load(Dataset.read(ctx.obj["data"]))
        except DataError as exc:  # actors.csv, claimants.csv, cues.csv: ingestion's lexicons
            problems = sorted(set(problems) | set(exc.problems))
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        fail(f"{len(problems)} problem(s) in {ctx.obj['data']}")
    ds = Dataset.load(ctx.obj["data"])
    click.echo(
        f"{ctx.obj['data']}: ok: {len(ds.places)} places, {len(ds.aliases)} aliases, {len(ds.sides)} sides, "
        f"{len(ds.sources)} sources, {len(ds.claims)} claims, {len(ds.events)} events"
    )


@click.command()
@click.option("--date", "date", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "geojson"]), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Table: also list places in state 'unknown'.")
@stale_option
@include_option
@click.pass_context
def states(ctx, date, fmt, show_all, stale_after, include):
    """Every place's state on DATE: side, contested, disputed or unknown, with its claims."""
    day = parse_day(date, "--date")
    gdf = make_resolver(ctx, stale_after, include).states(day)
    if fmt == "geojson":
        cols = [*STATE_COLUMNS, "precision", "approximate", "contradicting", "explanation", "geometry"]
        click.echo(gdf[cols].to_json(drop_id=True, ensure_ascii=False))
    elif fmt == "csv":
        cols = [*STATE_COLUMNS, "precision", "approximate", "contradicting", "explanation"]
        click.echo(csv_text(pd.DataFrame(gdf[cols])), nl=False)
    else:
        frame = pd.DataFrame(gdf)
        if not show_all:
            frame = frame[frame["state"] != "unknown"]
        click.echo(table(frame[["place_id", "name", "state", "since", "confidence", "stale", "claims"]]))
        counts = gdf["state"].value_counts()
        click.echo("\n" + ", ".join(f"{k}: {v}" for k, v in counts.items()))


@click.command()
@click.option("--from", "start", required=True, help="YYYY-MM-DD")
@click.option("--to", "end", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@stale_option
@include_option
@click.pass_context
def changes(ctx, start, end, fmt, stale_after, include):
    """Places whose state changed between two dates, old and new."""
    a, b = parse_day(start, "--from"), parse_day(end, "--to")
    if b < a:
        raise click.BadParameter("must not be before --from", param_hint="--to")
    frame = make_resolver(ctx, stale_after, include).changes(a, b)
    if fmt == "csv":
        click.echo(csv_text(frame), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=2))
    else:
        click.echo(table(frame[["place_id", "name", "old_state", "new_state", "since"]]))
        click.echo(f"\n{len(frame)} place(s) changed between {a:%Y-%m-%d} and {b:%Y-%m-%d}")


@click.command("explain")
@click.argument("place")
@click.option("--date", "date", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@stale_option
@include_option
@click.pass_context
def explain_cmd(ctx, place, date, fmt, stale_after, include):
    """The chain of claims behind PLACE's state on DATE (PLACE: an id or a name)."""
    day = parse_day(date, "--date")
    resolver = make_resolver(ctx, stale_after, include)
    g = resolver.gazetteer
    if place not in g:
        match = g.resolve(place)
        if match.place is None:
            hints = ", ".join(c.place_id for c in match.candidates) or ", ".join(g.suggest(place))
            shown = place if len(place) <= 60 else place[:60] + "..."
            fail(f"unknown place {shown!r}: {match.reason}" + (f"; candidates: {hints}" if hints else ""))
        place = match.place["id"]
    info = resolver.explain(place, day)
    if fmt == "json":
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    click.echo(f"{info['name']} ({info['place_id']}) on {info['date']}: {info['state'].upper()}")
    click.echo(
        f"  since {info['since'] or '-'}, confidence {info['confidence']:.2f}"
        + (", STALE" if info["stale"] else "")
        + (", location approximate" if info["approximate"] else "")
    )
    click.echo(f"  {info['explanation']}")
    if not info["claims"]:
        click.echo("  no claims about this place up to this date")
    for c in info["claims"]:
        via = f" via {c['outlet']}" if c["outlet"] != c["claimant"] else ""
        extra = []
        if c["inherited_from"]:
            extra.append(f"decided for all of {c['inherited_from']}")
        if c["disputed_by"]:
            extra.append(f"disputed by {c['disputed_by']}")
        if c.get("status"):
            extra.append(f"{c['status'].upper()}: not reviewed")
        if c["trust"] != "normal":
            extra.append(
                {
                    "weak": "party's claim in its own favour: weak alone",
                    "strong": "admission against the claimant's interest: strong",
                }[c["trust"]]
            )
        click.echo(
            f"\n  [{c['role']}] {c['claim_id']} {c['date']} {c['stance']}: {c['side']} {c['action']} — {c['claimant']}{via} (published {c['published']})"
        )
        if c["quote"]:
            click.echo(f"    \u201c{c['quote']}\u201d")
        click.echo(f"    source: {c['origin']}" + (f"; {'; '.join(extra)}" if extra else ""))
        if c["note"]:
            click.echo(f"    note: {c['note']}")


@click.command()
@stale_option
@click.option("--quiet", is_flag=True, help="No progress bar (there is none either when stderr is not a terminal).")
@click.pass_context
def plan(ctx, stale_after, quiet):
    """Validate the data and print what a map build will contain, date by date."""
    import numpy as np
    from tqdm import tqdm

    click.echo(f"data: {ctx.obj['data']}")
    if not quiet:
        click.echo("reading the data and resolving every claim ...", err=True)
    resolver = make_resolver(ctx, stale_after)
    dates = resolver.change_dates()
    click.echo(f"{len(dates)} dated snapshot(s) on which a state changes:")
    previous = None
    # One walk through the transitions gives every date's states (not a resolution per date).
    # A progress bar on stderr when it is a terminal (tqdm's disable=None); the plan on stdout.
    bar = tqdm(
        total=len(dates), desc="dates", unit="date", file=sys.stderr, disable=True if quiet else None, leave=False
    )
    lines = []
    with bar:
        for day, state in resolver.walk(dates):
            known = state[state != "unknown"]
            names, counts = np.unique(known.astype(str), return_counts=True)
            listed = ", ".join(f"{k} {v}" for k, v in zip(names, counts, strict=True))
            changed = "" if previous is None else f"; {int((previous != state).sum())} changed"
            lines.append(f"  {day:%Y-%m-%d}: {len(known)} places with a state ({listed}){changed}")
            previous = state
            bar.update(1)
    click.echo("\n".join(lines))
