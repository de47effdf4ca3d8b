"""Run ingestion and state resolution on a Dask cluster, with the same functions as locally.

For teams that outgrow one machine: an archive of hundreds of thousands of articles, or a
war's worth of claims. Nothing here has logic of its own: ingestion maps
:meth:`aleppo_map.ingest.Ingestor.ingest` over batches of files, and resolution maps
:func:`aleppo_map.states.transitions` over groups of places (it works place by place, so any
split by place gives the same rows). The results are the local path's, in the same order.

``scheduler`` is ``"local"`` (a cluster of two worker processes on this machine) or the
address of a running scheduler (``tcp://10.0.0.5:8786``). Workers must see the data folder
and the article files at the same paths as the client (a shared file system), and have this
package installed at the same version. docs/scale.md says how a team runs it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from .states import Resolver, timeline_of, transitions

__all__ = ["close", "connect", "ingest_files", "resolve", "timeline"]

_INGESTORS: dict[str, object] = {}


def connect(scheduler: str = "local", workers: int = 2):
    """A ``dask.distributed.Client``: a local cluster of ``workers`` processes, or a scheduler's."""
    from dask.distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster)
        _STARTED_HERE.add(client)
        return client
    return Client(scheduler, timeout="20s")


# Clients whose local cluster :func:`connect` started (kept here, not as an attribute on
# dask's object; dropped when the client is).
_STARTED_HERE: weakref.WeakSet = weakref.WeakSet()


def close(client) -> None:
    """Close a client; shut the cluster down only if :func:`connect` started it here."""
    if client in _STARTED_HERE:
        _STARTED_HERE.discard(client)
        cluster = client.cluster
        client.close()
        cluster.close()
    else:
        client.close()


def _ingestor(data_dir: str):
    """One Ingestor per worker process and version of the data folder (building one takes
    seconds; a folder edited since, by a review say, gets a new one)."""
    folder = Path(data_dir)
    key = data_dir + "|" + "|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(folder.glob("*.csv")))
    if key not in _INGESTORS:
        from .dataset import Dataset
        from .ingest import Ingestor

        _INGESTORS.clear()
        _INGESTORS[key] = Ingestor(Dataset.load(data_dir))
    return _INGESTORS[key]


def ingest_one(ing, path: Path, when, outlet: str):
    """Ingest one file: ``(Document, None)``, or ``(None, problem)`` naming the file."""
    from .ingest import read_article

    text, why = read_article(Path(path))
    if why:
        return None, f"{path}: {why}"
    try:
        return ing.ingest(text, when, origin=Path(path).name, outlet=outlet or ""), None
    except Exception as exc:  # one article never costs the others their results
        return None, f"{path}: could not be ingested: {type(exc).__name__}: {exc}"


def _ingest_batch(data_dir: str, jobs: list[tuple[str, object, str]]):
    ing = _ingestor(data_dir)
    return [ingest_one(ing, Path(path), when, outlet) for path, when, outlet in jobs]


def ingest_files(
    data_dir: Path | str,
    jobs: Sequence[tuple[Path, object, str]],
    client=None,
    batch: int = 200,
    ingestor=None,
    progress=None,
) -> list[tuple]:
    """Ingest ``(path, publication date, outlet id)`` jobs; results in the jobs' order.

    Without a client the local ingestor (or one built here) reads them one by one.
    ``progress(n)``, when given, is called with the number of files just finished.
    """
    # Absolute paths: workers elsewhere see the shared storage, not the client's working folder.
    jobs = [(str(Path(p).resolve()), when, outlet) for p, when, outlet in jobs]
    data_dir = Path(data_dir).resolve()
    if client is None:
        ing = ingestor or _ingestor(str(data_dir))
        done = []
        for p, when, outlet in jobs:
            done.append(ingest_one(ing, Path(p), when, outlet))
            if progress:
                progress(1)
        return done
    batches = [jobs[i : i + batch] for i in range(0, len(jobs), batch)]
    futures = client.map(_ingest_batch, [str(data_dir)] * len(batches), batches, pure=False)
    out: list[tuple] = []
    for future in futures:
        part = future.result()
        out.extend(part)
        if progress:
            progress(len(part))
    return out


def _split(claims: pd.DataFrame, parts: int) -> list[pd.DataFrame]:
    groups = claims["pidx"].to_numpy() % parts
    return [claims[groups == k] for k in range(parts) if (groups == k).any()]


def resolve(resolver: Resolver, client, parts: int | None = None) -> Resolver:
    """Compute the resolver's transitions on the cluster, place group by place group."""
    n = parts or 4 * max(1, len(client.scheduler_info().get("workers", {})))
    pieces = _split(resolver.claims, n)
    if not pieces:
        _ = resolver.transitions  # nothing to spread: the local path handles an empty dataset
        return resolver
    futures = client.map(transitions, client.scatter(pieces), pure=False)
    results = client.gather(futures)
    offset, ts, supports = 0, [], []
    for t, support in results:
        ts.append(t.assign(run=t["run"] + offset))
        offset += int(t["run"].max()) if len(t) else 0
        supports.append(support)
    t = pd.concat(ts, ignore_index=True).sort_values(["pidx", "eff"], kind="stable").reset_index(drop=True)
    support = pd.concat(supports, ignore_index=True).sort_values(["pidx", "eff"], kind="stable").reset_index(drop=True)
    resolver.use_transitions(t, support)
    return resolver


def timeline(resolver: Resolver, dates: Iterable, client, parts: int | None = None) -> pd.DataFrame:
    """:meth:`Resolver.timeline` computed on the cluster: the same frame, row for row."""
    n = parts or 4 * max(1, len(client.scheduler_info().get("workers", {})))
    t = resolver.transitions
    groups = t["pidx"].to_numpy() % n
    pieces = [t[groups == k] for k in range(n) if (groups == k).any()]
    dates = list(dates)
    if not pieces:
        return resolver.timeline(dates)
    futures = client.map(
        timeline_of,
        client.scatter(pieces),
        dates=dates,
        stale_after=resolver.stale_after,
        ids=resolver.gazetteer.ids,
        pure=False,
    )
    frames = client.gather(futures)
    return pd.concat(frames, ignore_index=True).sort_values(["date", "place_id"]).reset_index(drop=True)
