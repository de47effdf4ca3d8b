"""Commands that make files: build (the site), export, scenario, and serve (a preview of a site).

Shells over :mod:`aleppo_map.site`, :mod:`aleppo_map.export` and :mod:`aleppo_map.scenario`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import fail, include_option, load_dataset, make_resolver, parse_day, stale_option

__all__ = ["DISCONNECTS", "build", "export", "quiet_server", "scenario", "serve"]


@click.command()
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
@stale_option
@include_option
@click.pass_context
def build(ctx, out, tiles, workers, quiet, stale_after, include):
    """Build the site into OUT: dated maps, latest, timeline, index, sources page and downloads.

    Only the dates whose inputs changed are rendered again; with nothing changed at all the
    command stops before loading the data.
    """
    from ..buildinfo import BuildLocked, damaged_files, inputs_digest, read_manifest, recover, site_lock
    from ..files import DataFolderError

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
                fail(f"cannot read {exc.filename}: {exc.strerror}; {out} left as it was")
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
        fail(str(exc))


def _build_locked(ctx, out, tiles, stale_after, include, digest, damage, workers=None, quiet=False) -> None:
    """The build proper, once the lock is held and the site found out of date."""
    from tqdm import tqdm

    from ..memory import release_unused
    from ..site import build_site
    from ..snapshot import MapModel

    resolver = make_resolver(ctx, stale_after, include)
    release_unused()  # what reading and preparing freed, before the transitions add their peak
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
            fail(f"build failed, {out} left as it was: {exc}")
    if result.repaired:
        shown = ", ".join(result.repaired[:10]) + (
            f" and {len(result.repaired) - 10} more" if len(result.repaired) > 10 else ""
        )
        click.echo(f"repaired {len(result.repaired)} file(s) missing or changed since the last build: {shown}")
    click.echo(
        f"wrote {len(result.pages)} pages to {result.out}: rendered {len(result.rendered)} date(s), "
        + (f"rewrote the downloads of {len(result.refreshed)}, " if result.refreshed else "")
        + f"reused {len(result.reused)} unchanged: "
        + ", ".join(result.pages)
    )


@click.command()
@click.option("--date", "date", required=True, help="YYYY-MM-DD, or 'all' for every map date in one file.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv", "kml", "kmz"]), required=True)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write; a name ending in .zip writes it zipped.",
)
@stale_option
@click.pass_context
def export(ctx, date, fmt, out, stale_after):
    """Write a date's states (and, in a GeoPackage, places, claims, events, areas) to OUT."""
    from ..export import export_date, export_timeline
    from ..files import DataFolderError, refuse_data_folder

    try:
        refuse_data_folder(out, ctx.obj["data"])
    except DataFolderError as exc:
        fail(str(exc))
    resolver = make_resolver(ctx, stale_after)
    try:
        if date == "all":
            path = export_timeline(resolver, resolver.change_dates(), fmt, out)
        else:
            path = export_date(resolver, parse_day(date, "--date"), fmt, out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc}")
    except ValueError as exc:
        fail(str(exc))
    click.echo(f"wrote {path}")


@click.command()
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
        fail(f"cannot listen on {bind}:{port}: {exc}")
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


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--days", default=365, show_default=True, type=click.IntRange(2, 3660))
@click.option("--claims", "n_claims", default=1_000_000, show_default=True, type=click.IntRange(1000))
@click.option("--events", "n_events", default=100_000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=2024, show_default=True, type=int)
@click.pass_context
def scenario(ctx, out, days, n_claims, n_events, seed):
    """Write a deterministic Syria-wide benchmark scenario (every locality, moving fronts) to OUT."""
    from ..files import DataFolderError
    from ..scenario import scenario as make
    from ..scenario import write_scenario

    try:
        # The folder is checked before the base data is loaded or a claim made.
        folder = write_scenario(
            lambda: make(load_dataset(ctx), days=days, claims=n_claims, events=n_events, seed=seed),
            out,
            base_root=ctx.obj["data"],
        )
    except DataFolderError as exc:
        fail(f"{exc} (a scenario is a new dataset: give it an empty or new folder, or one 'scenario' wrote)")
    except (ValueError, OSError) as exc:
        fail(f"cannot make a scenario from {ctx.obj['data']}: {exc}")
    click.echo(f"wrote a scenario to {folder}: try aleppo-map --data {folder} states --date 2024-06-30")
