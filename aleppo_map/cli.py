"""The ``aleppo-map`` command: a thin shell over the Python API that notebooks use too."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import pandas as pd

from .dataset import Dataset, default_data_dir, validate
from .states import Resolver, _date
from .tables import DataError

STATE_COLUMNS = ["place_id", "name", "kind", "lat", "lon", "state", "since", "confidence", "stale", "claims"]


def _fail(message: str, code: int = 1):
    click.echo(message, err=True)
    sys.exit(code)


def _load(ctx, gazetteer_only: bool = False) -> Dataset:
    try:
        return Dataset.load(ctx.obj["data"], gazetteer_only=gazetteer_only)
    except DataError as exc:
        _fail(
            f"the data in {ctx.obj['data']} has {len(exc.problems)} problem(s):\n{exc}\nrun 'aleppo-map validate' after fixing them"
        )


def _day(value: str, name: str):
    try:
        return _date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from None


def _resolver(ctx, stale_after: int, include: Path | None = None) -> Resolver:
    ds = _load(ctx)
    extra = None
    if include is not None:
        from .ingest import load_candidates

        try:
            extra = load_candidates(include, ds)
        except DataError as exc:
            _fail(f"{include} has {len(exc.problems)} problem(s):\n{exc}")
        # Rows already added to claims.csv or rejected by the reviewer are not previewed again.
        extra = extra[extra["status"].isin(["candidate", "accepted"])]
        click.echo(f"including {len(extra)} unreviewed candidate claim(s) from {include}: marked as such", err=True)
    return Resolver(ds, stale_after=stale_after, extra_claims=extra)


_include = click.option(
    "--include",
    "include",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Preview unreviewed candidate claims from an 'ingest' CSV, marked as such.",
)


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "(none)"
    return frame.to_string(index=False, max_colwidth=60)


def _csv(frame: pd.DataFrame) -> str:
    """CSV for standard output, neutralised for spreadsheets like every CSV we write."""
    from .files import csv_text

    return csv_text(frame)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Dataset folder (default: the shipped geodata/, or $ALEPPO_MAP_DATA).",
)
@click.version_option(package_name="aleppo-map")
@click.pass_context
def main(ctx, data):
    """Map who holds what in a war, from the reports that say so."""
    ctx.ensure_object(dict)
    ctx.obj["data"] = data or default_data_dir()


@main.command()
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
    g = _load(ctx, gazetteer_only=True).gazetteer
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
        click.echo(_csv(frame), nl=False)
    else:
        frame["query"] = frame["query"].str.slice(0, 40)
        click.echo(_table(frame[["query", "place_id", "name", "kind", "lat", "lon", "precision", "score", "reason"]]))


@main.command("validate")
@click.pass_context
def validate_cmd(ctx):
    """Check every file of the dataset; list every problem with file:line: field."""
    problems = validate(ctx.obj["data"])
    if not any(p.line == 0 and p.field == "" and "data folder" in p.message for p in problems):
        from .ingest import Lexicon

        try:
            Lexicon.load(Dataset.read(ctx.obj["data"]))
        except DataError as exc:  # actors.csv, claimants.csv, cues.csv: ingestion's lexicons
            problems = sorted(set(problems) | set(exc.problems))
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        _fail(f"{len(problems)} problem(s) in {ctx.obj['data']}")
    ds = Dataset.load(ctx.obj["data"])
    click.echo(
        f"{ctx.obj['data']}: ok: {len(ds.places)} places, {len(ds.aliases)} aliases, {len(ds.sides)} sides, "
        f"{len(ds.sources)} sources, {len(ds.claims)} claims, {len(ds.events)} events"
    )


_stale = click.option(
    "--stale-after",
    default=45,
    show_default=True,
    type=click.IntRange(1),
    help="Days without a confirming claim after which a state is stale.",
)


@main.command()
@click.option("--date", "date", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "geojson"]), default="table", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Table: also list places in state 'unknown'.")
@_stale
@_include
@click.pass_context
def states(ctx, date, fmt, show_all, stale_after, include):
    """Every place's state on DATE: side, contested, disputed or unknown, with its claims."""
    day = _day(date, "--date")
    gdf = _resolver(ctx, stale_after, include).states(day)
    if fmt == "geojson":
        cols = [*STATE_COLUMNS, "precision", "approximate", "contradicting", "explanation", "geometry"]
        click.echo(gdf[cols].to_json(drop_id=True, ensure_ascii=False))
    elif fmt == "csv":
        cols = [*STATE_COLUMNS, "precision", "approximate", "contradicting", "explanation"]
        click.echo(_csv(pd.DataFrame(gdf[cols])), nl=False)
    else:
        frame = pd.DataFrame(gdf)
        if not show_all:
            frame = frame[frame["state"] != "unknown"]
        click.echo(_table(frame[["place_id", "name", "state", "since", "confidence", "stale", "claims"]]))
        counts = gdf["state"].value_counts()
        click.echo("\n" + ", ".join(f"{k}: {v}" for k, v in counts.items()))


@main.command()
@click.option("--from", "start", required=True, help="YYYY-MM-DD")
@click.option("--to", "end", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@_stale
@_include
@click.pass_context
def changes(ctx, start, end, fmt, stale_after, include):
    """Places whose state changed between two dates, old and new."""
    a, b = _day(start, "--from"), _day(end, "--to")
    if b < a:
        raise click.BadParameter("must not be before --from", param_hint="--to")
    frame = _resolver(ctx, stale_after, include).changes(a, b)
    if fmt == "csv":
        click.echo(_csv(frame), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(frame.to_dict("records"), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(frame[["place_id", "name", "old_state", "new_state", "since"]]))
        click.echo(f"\n{len(frame)} place(s) changed between {a:%Y-%m-%d} and {b:%Y-%m-%d}")


@main.command("explain")
@click.argument("place")
@click.option("--date", "date", required=True, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_stale
@_include
@click.pass_context
def explain_cmd(ctx, place, date, fmt, stale_after, include):
    """The chain of claims behind PLACE's state on DATE (PLACE: an id or a name)."""
    day = _day(date, "--date")
    resolver = _resolver(ctx, stale_after, include)
    g = resolver.gazetteer
    if place not in g:
        match = g.resolve(place)
        if match.place is None:
            hints = ", ".join(c.place_id for c in match.candidates) or ", ".join(g.suggest(place))
            shown = place if len(place) <= 60 else place[:60] + "..."
            _fail(f"unknown place {shown!r}: {match.reason}" + (f"; candidates: {hints}" if hints else ""))
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


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Site folder; replaced whole only when the build succeeds.",
)
@click.option(
    "--tiles",
    type=click.Choice(["none", "osm"]),
    default="none",
    show_default=True,
    help="'osm' adds OpenStreetMap tiles (loaded over the network); 'none' keeps pages offline.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Processes rendering dates at once [default: the cores this process may use]; same files either way.",
)
@click.option("--quiet", is_flag=True, help="No progress bar (there is none either when stderr is not a terminal).")
@_stale
@_include
@click.pass_context
def build(ctx, out, tiles, workers, quiet, stale_after, include):
    """Build the site into OUT: dated maps, latest, timeline, index, sources page and downloads.

    Only the dates whose inputs changed are rendered again; with nothing changed at all the
    command stops before loading the data.
    """
    from .buildinfo import BuildLocked, damaged_files, inputs_digest, read_manifest, recover, site_lock
    from .files import DataFolderError

    options = {"tiles": tiles, "stale_after": stale_after}
    try:
        # The lock is held from the "up to date" check to the swap, and leftovers of killed
        # builds are recovered or removed even when there is nothing to rebuild.
        with site_lock(out, ctx.obj["data"]):
            for line in recover(out):
                click.echo(line, err=True)
            try:
                digest = inputs_digest(ctx.obj["data"], options, [include] if include else None)
            except OSError as exc:
                _fail(f"cannot read {exc.filename}: {exc.strerror}; {out} left as it was")
            manifest = read_manifest(out)
            damage = None
            if manifest.get("inputs") == digest:
                damage = damaged_files(out, manifest)
                if damage == {}:
                    click.echo(f"{out} is up to date: no input changed since it was built, and every file is as built")
                    return
                why = [f"{rel} {how}" for rel, how in damage.items()] if damage else ["its manifest lists no files"]
                click.echo(f"{out}: no input changed, but {'; '.join(why[:5])}: repairing", err=True)
            _build_locked(ctx, out, tiles, stale_after, include, digest, damage, workers, quiet)
    except (DataFolderError, BuildLocked) as exc:
        _fail(str(exc))


def _build_locked(ctx, out, tiles, stale_after, include, digest, damage, workers=None, quiet=False) -> None:
    """The build proper, once the lock is held and the site found out of date."""
    from tqdm import tqdm

    from .site import build_site
    from .snapshot import MapModel

    resolver = _resolver(ctx, stale_after, include)
    model = MapModel(resolver)
    # On stderr, and only on a terminal (tqdm's disable=None) unless --quiet.
    bar = tqdm(
        total=len(model) + 1,
        desc=f"building {len(model)} dated map(s)",
        unit="date",
        file=sys.stderr,
        disable=True if quiet else None,
    )
    with bar:
        try:
            result = build_site(
                resolver,
                out,
                tiles=None if tiles == "none" else tiles,
                progress=lambda _: bar.update(1),
                model=model,
                inputs=digest,
                damage=damage,
                workers=workers,
            )
        except (OSError, ValueError) as exc:
            _fail(f"build failed, {out} left as it was: {exc}")
    if result.repaired:
        shown = ", ".join(result.repaired[:10]) + (
            f" and {len(result.repaired) - 10} more" if len(result.repaired) > 10 else ""
        )
        click.echo(f"repaired {len(result.repaired)} file(s) missing or changed since the last build: {shown}")
    click.echo(
        f"wrote {len(result.pages)} pages to {result.out}: rendered {len(result.rendered)} date(s), "
        f"reused {len(result.reused)} unchanged: " + ", ".join(result.pages)
    )


@main.command()
@click.option("--date", "date", required=True, help="YYYY-MM-DD, or 'all' for every map date in one file.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv", "kml"]), required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_stale
@click.pass_context
def export(ctx, date, fmt, out, stale_after):
    """Write a date's states (and, in a GeoPackage, places, claims, events, areas) to OUT."""
    from .export import export_date, export_timeline
    from .files import DataFolderError, refuse_data_folder

    try:
        refuse_data_folder(out, ctx.obj["data"])
    except DataFolderError as exc:
        _fail(str(exc))
    resolver = _resolver(ctx, stale_after)
    try:
        if date == "all":
            path = export_timeline(resolver, resolver.change_dates(), fmt, out)
        else:
            path = export_date(resolver, _day(date, "--date"), fmt, out)
    except OSError as exc:
        _fail(f"cannot write {out}: {exc}")
    except ValueError as exc:
        _fail(str(exc))
    click.echo(f"wrote {path}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("site"))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--bind", default="127.0.0.1", show_default=True, help="Address to listen on (this machine only by default)."
)
def serve(directory, port, bind):
    """Preview a built site (default: site/) on http://localhost:PORT/."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    try:
        server = quiet_server(http.server.ThreadingHTTPServer)((bind, port), handler)
    except OSError as exc:
        _fail(f"cannot listen on {bind}:{port}: {exc}")
    click.echo(f"serving {directory} on http://{bind}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def quiet_server(base: type) -> type:
    """``base`` (a socketserver class) that says nothing when a browser hangs up mid-answer.

    Browsers drop connections all the time (a reload, a closed tab, a cancelled image):
    that is not an error of the server, so no traceback; any other error still prints one.
    """

    class Quiet(base):
        def handle_error(self, request, client_address):
            if isinstance(sys.exc_info()[1], DISCONNECTS):
                return
            super().handle_error(request, client_address)

    return Quiet


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--days", default=365, show_default=True, type=click.IntRange(2, 3660))
@click.option("--claims", "n_claims", default=1_000_000, show_default=True, type=click.IntRange(1000))
@click.option("--events", "n_events", default=100_000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2024, show_default=True, type=int)
@click.pass_context
def scenario(ctx, out, days, n_claims, n_events, seed):
    """Write a deterministic Syria-wide benchmark scenario (every locality, moving fronts) to OUT."""
    from .files import DataFolderError
    from .scenario import scenario as make
    from .scenario import write_scenario

    try:
        # The folder is checked before the base data is loaded or a claim made.
        folder = write_scenario(
            lambda: make(_load(ctx), days=days, claims=n_claims, events=n_events, seed=seed),
            out,
            base_root=ctx.obj["data"],
        )
    except DataFolderError as exc:
        _fail(f"{exc} (a scenario is a new dataset: give it an empty or new folder, or one 'scenario' wrote)")
    except (ValueError, OSError) as exc:
        _fail(f"cannot make a scenario from {ctx.obj['data']}: {exc}")
    click.echo(f"wrote a scenario to {folder}: try aleppo-map --data {folder} states --date 2024-06-30")


@main.command()
@_stale
@click.option("--quiet", is_flag=True, help="No progress bar (there is none either when stderr is not a terminal).")
@click.pass_context
def plan(ctx, stale_after, quiet):
    """Validate the data and print what a map build will contain, date by date."""
    import numpy as np
    from tqdm import tqdm

    click.echo(f"data: {ctx.obj['data']}")
    if not quiet:
        click.echo("reading the data and resolving every claim ...", err=True)
    resolver = _resolver(ctx, stale_after)
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


from .ingest.cli import evaluate, ingest  # noqa: E402  (the ingestion commands live in their own package)
from .ingest.review import review  # noqa: E402

main.add_command(ingest)
main.add_command(review)
main.add_command(evaluate)

if __name__ == "__main__":
    main()
