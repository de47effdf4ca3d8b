"""A deterministic Syria-wide scenario for benchmarks: every locality, a year of claims.

Fronts move: territory starts as blobs around a few centres, and each day some places on a
front line see fighting reported inside them and, a few days later, a capture by the
neighbouring side. Most claims are routine confirmations by several outlets; a share are a
party's claims in its own favour, denials, and admissions. Some places are never confirmed
again and go stale. Used by ``make bench`` only, never by the default maps.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from .claims import CLAIMS, EVENTS
from .dataset import Dataset

__all__ = ["MARKER", "scenario", "scenario_folder", "synthetic_dataset", "write_scenario"]

# Written into every folder ``write_scenario`` fills: such a folder is a dataset, but one
# that ``scenario --out`` wrote and may write again (the README's command run twice).
MARKER = ".aleppo-map-scenario"


def _neighbours(lat: np.ndarray, lon: np.ndarray, k: int = 6) -> np.ndarray:
    """The k nearest places of each place, in chunks of a distance matrix."""
    k = min(k, len(lat) - 1)
    if k < 1:
        raise ValueError("a scenario needs at least two localities")
    out = np.empty((len(lat), k), dtype=np.int64)
    for start in range(0, len(lat), 1000):
        d = (lat[start : start + 1000, None] - lat[None, :]) ** 2 + (
            lon[start : start + 1000, None] - lon[None, :]
        ) ** 2
        d[np.arange(d.shape[0]), np.arange(start, start + d.shape[0])] = np.inf
        out[start : start + 1000] = np.argpartition(d, k, axis=1)[:, :k]
    return out


def scenario(
    base: Dataset | None = None,
    days: int = 365,
    claims: int = 1_000_000,
    events: int = 100_000,
    seed: int = 2024,
    start: str | None = None,
) -> Dataset:
    """An in-memory dataset over ``base``'s localities (the shipped gazetteer by default).

    Parameters
    ----------
    days, claims, events : int
        The span and the (approximate) number of claims and events.
    seed : int
        Same seed, same scenario.
    """
    base = base or Dataset.load()
    rng = np.random.default_rng(seed)
    kinds = base.places["kind"]
    places = base.places[kinds.isin(["city", "town", "village"])].reset_index(drop=True)
    n = len(places)
    lat = places["lat"].astype(float).to_numpy()
    lon = places["lon"].astype(float).to_numpy()
    sides = base.sides["id"].to_numpy()
    centres = rng.uniform([32.5, 35.8], [37.2, 42.0], size=(10, 2))
    owner = np.argmin(
        (lat[:, None] - centres[None, :, 0]) ** 2 + (lon[:, None] - centres[None, :, 1]) ** 2, axis=1
    ) % len(sides)
    near = _neighbours(lat, lon)
    # 2024 by default; earlier when the span would otherwise reach into the future.
    latest_start = pd.Timestamp.today().normalize() - pd.Timedelta(days=days)
    day0 = pd.Timestamp(start) if start else min(pd.Timestamp("2024-01-01"), latest_start)

    rows_place, rows_side, rows_action, rows_stance, rows_day, rows_src = [], [], [], [], [], []
    # Baseline: every place held by its side on day 0.
    rows_place.append(np.arange(n))
    rows_side.append(owner.copy())
    rows_action.append(np.zeros(n, dtype=np.int8))
    rows_stance.append(np.zeros(n, dtype=np.int8))
    rows_day.append(np.zeros(n, dtype=np.int32))
    rows_src.append(rng.integers(0, 6, n))
    per_day = max(1, (claims - n) // days)
    quiet = rng.random(n) < 0.08  # never confirmed again: they go stale
    for d in range(1, days):
        # Fronts: places with a neighbour of another side.
        enemy = owner[near] != owner[:, None]
        front = np.flatnonzero(enemy.any(axis=1))
        attacked = rng.choice(front, size=min(len(front), max(1, per_day // 200)), replace=False)
        attacker = owner[near[attacked, rng.integers(0, near.shape[1], len(attacked))]]
        moving = attacker != owner[attacked]
        attacked, attacker = attacked[moving], attacker[moving]
        # Fighting reported inside today, capture a few days later (reported as of that day).
        lag = rng.integers(1, 4, len(attacked))
        rows_place += [attacked, attacked]
        rows_side += [attacker, attacker]
        rows_action += [np.full(len(attacked), 3, np.int8), np.full(len(attacked), 1, np.int8)]
        rows_stance += [np.zeros(len(attacked), np.int8)] * 2
        rows_day += [np.full(len(attacked), d, np.int32), np.minimum(d + lag, days - 1).astype(np.int32)]
        rows_src += [rng.integers(0, 6, len(attacked)), rng.integers(0, 6, len(attacked))]
        owner[attacked] = attacker
        # Routine confirmations of who holds what, by several outlets.
        k = per_day - 2 * len(attacked)
        routine = rng.choice(np.flatnonzero(~quiet), size=max(0, k), replace=True)
        rows_place.append(routine)
        rows_side.append(owner[routine])
        rows_action.append(np.zeros(len(routine), np.int8))
        stance = (rng.random(len(routine)) < 0.01).astype(np.int8) * 2  # 1% denials
        rows_stance.append(stance)
        rows_day.append(np.full(len(routine), d, np.int32))
        rows_src.append(rng.integers(0, 8, len(routine)))
    place = np.concatenate(rows_place)
    side = np.concatenate(rows_side)
    action = np.concatenate(rows_action)
    stance = np.concatenate(rows_stance)
    day = np.concatenate(rows_day)
    src = np.concatenate(rows_src)
    order = np.lexsort((place, day))
    place, side, action, stance = place[order], side[order], action[order], stance[order]
    day, src = day[order], src[order]
    total = len(place)
    actions = np.array(["holds", "captured", "entered", "fighting"])
    sources = _sources(sides)
    who = np.array(sources["id"])
    dates = (day0 + pd.to_timedelta(day, unit="D")).strftime("%Y-%m-%d").to_numpy()
    claimant = np.where(src >= 6, who[np.minimum(6 + side % 2, len(who) - 1)], who[src % 6])
    stance_name = np.where(stance == 2, "denied", np.where(src < 2, "asserted", "attributed"))
    claims_df = pd.DataFrame(
        {
            "id": pd.Series(np.arange(total)).map("sc-{:07d}".format),
            "place_id": places["id"].to_numpy()[place],
            "side": sides[side],
            "action": actions[action],
            "stance": stance_name,
            "scope": "",
            "except": "",
            "about_date": dates,
            "about_precision": "day",
            "held_since": "",
            "published": dates,
            "outlet": who[src % 2],
            "claimant": np.where(stance_name == "asserted", "", claimant),
            "quote": "",
            "origin": "scenario",
            "note": "",
            "line": np.arange(total) + 2,
        }
    )
    ev = min(events, total)
    pick = rng.choice(total, size=ev, replace=False)
    events_df = pd.DataFrame(
        {
            "id": pd.Series(np.arange(ev)).map("se-{:06d}".format),
            "place_id": claims_df["place_id"].to_numpy()[pick],
            "date": dates[pick],
            "date_precision": "day",
            "type": rng.choice(["airstrike", "shelling", "clashes"], ev),
            "figure": "killed",
            "group": "all",
            "low": "",
            "best": rng.integers(0, 20, ev).astype(str),
            "high": "",
            "published": dates[pick],
            "outlet": who[0],
            "claimant": who[2],
            "quote": "",
            "origin": "scenario",
            "note": "",
            "line": np.arange(ev) + 2,
        }
    )
    return Dataset(
        root=base.root,
        places=base.places,
        aliases=base.aliases,
        sides=base.sides,
        sources=sources,
        claims=claims_df.astype({c: "str" for c in claims_df.columns if c != "line"}),
        events=events_df.astype({c: "str" for c in events_df.columns if c != "line"}),
    )


def _sources(sides: np.ndarray) -> pd.DataFrame:
    rows = [
        ("wire-a", "Wire A", "wire", ""),
        ("wire-b", "Wire B", "wire", ""),
        ("monitor-a", "Monitor A", "monitor", ""),
        ("monitor-b", "Monitor B", "monitor", ""),
        ("analyst-a", "Analyst A", "analyst", ""),
        ("outlet-a", "Outlet A", "outlet", ""),
    ]
    rows += [(f"party-{s}", f"Command of {s}", "party", s) for s in sides[:2]]
    frame = pd.DataFrame(rows, columns=["id", "name", "role", "side"]).assign(description="", url="")
    frame["line"] = np.arange(len(frame)) + 2
    return frame


def scenario_folder(folder: Path | str, base_root: Path | str) -> Path:
    """Check that a scenario may be written into ``folder``; the folder.

    A scenario is a new dataset: never over an existing one, the one it is made from
    included. The exception is a folder an earlier ``write_scenario`` filled (it holds
    :data:`MARKER`), outside any other dataset: writing it again replaces one benchmark
    scenario by another.

    Raises
    ------
    DataFolderError
        ``folder`` lies inside a data folder that is not a scenario's.
    """
    from .files import data_folder_of, refuse_data_folder

    folder = Path(folder)
    target = folder.expanduser().resolve()
    rewritable = (
        (target / MARKER).is_file()
        and target != Path(base_root).expanduser().resolve()
        and data_folder_of(target.parent, base_root) is None
    )
    if not rewritable:
        refuse_data_folder(folder, base_root)
    return folder


def write_scenario(
    dataset: Dataset | Callable[[], Dataset], folder: Path | str, base_root: Path | str | None = None
) -> Path:
    """Write a scenario as a dataset folder (CSV files) that every command can read.

    Parameters
    ----------
    dataset : Dataset or callable
        The scenario, or a function making it: the folder is checked first, so a refused
        ``--out`` costs no minute of generating a million claims.
    folder : path
        A new or empty folder, or one an earlier scenario was written to
        (:func:`scenario_folder`).
    base_root : path, optional
        The dataset the scenario is made from (default: ``dataset.root``); needed with a
        callable.
    """
    import shutil

    from .files import write_bytes, write_csv

    if base_root is None:
        if callable(dataset):
            raise TypeError("write_scenario needs base_root when given a function")
        base_root = dataset.root
    folder = scenario_folder(folder, base_root)
    if callable(dataset):
        dataset = dataset()
    folder.mkdir(parents=True, exist_ok=True)
    # Marked first: a run killed half-way leaves a folder the next run may write again.
    write_bytes(folder / MARKER, b"written by 'aleppo-map scenario': the next 'scenario --out' here replaces it\n")
    # bounds.csv too: a dataset outside Syria declares its own (a scenario of it must load).
    for name in ("places.csv", "aliases.csv", "sides.csv", "places_curated.csv", "aliases_curated.csv", "bounds.csv"):
        if (dataset.root / name).exists():
            shutil.copyfile(dataset.root / name, folder / name)
    if (dataset.root / "boundaries").is_dir():
        shutil.copytree(dataset.root / "boundaries", folder / "boundaries", dirs_exist_ok=True)
    # Data, not a spreadsheet download: cells are written as they are, each file whole.
    write_csv(folder / "sources.csv", dataset.sources.drop(columns="line"), spreadsheet_safe=False)
    write_csv(folder / "claims.csv", dataset.claims[[c.name for c in CLAIMS.columns]], spreadsheet_safe=False)
    write_csv(folder / "events.csv", dataset.events[[c.name for c in EVENTS.columns]], spreadsheet_safe=False)
    return folder


def synthetic_dataset(folder: Path, n_places: int = 10_000, seed: int = 7) -> Path:
    """A dataset of ``n_places`` real Syrian localities, each with a claim, in ``folder``.

    Sides, a few sources and one claim per place (5% fighting, 3% old enough to be stale),
    deterministic for a seed. Used by the benchmarks and the page tests.
    """
    import shutil

    import pandas as pd

    src = Dataset.load(gazetteer_only=True)
    rng = random.Random(seed)
    places = src.places[src.places["precision"] != "3"].sort_values("id").head(n_places)
    places = places.drop(columns=["line", "file"]).assign(parent_id="")
    folder.mkdir(parents=True, exist_ok=True)
    places.to_csv(folder / "places.csv", index=False)
    pd.DataFrame(columns=["place_id", "alias", "lang", "source"]).to_csv(folder / "aliases.csv", index=False)
    shutil.copyfile(src.root / "sides.csv", folder / "sides.csv")
    pd.DataFrame(
        [
            {"id": "wire", "name": "A wire service", "role": "wire", "side": "", "description": "", "url": ""},
            {"id": "monitor", "name": "A monitor", "role": "monitor", "side": "", "description": "", "url": ""},
        ]
    ).to_csv(folder / "sources.csv", index=False)
    sides = pd.read_csv(folder / "sides.csv")["id"].tolist()
    # Territory in blobs, as fronts make it: each place takes the side of the nearest of a few
    # centres, with 5% of places flipped.
    centres = [(rng.uniform(32.5, 37.2), rng.uniform(35.8, 42.0), sides[k % len(sides)]) for k in range(12)]
    lat, lon = places["lat"].astype(float).tolist(), places["lon"].astype(float).tolist()
    rows = []
    for n, pid in enumerate(places["id"]):
        side = min(centres, key=lambda c: (c[0] - lat[n]) ** 2 + (c[1] - lon[n]) ** 2)[2]
        if rng.random() < 0.05:
            side = rng.choice(sides)
        action = "fighting" if rng.random() < 0.05 else rng.choice(["holds", "captured", "entered"])
        day = "2024-06-01" if rng.random() < 0.03 else f"2024-11-{rng.randint(20, 30):02d}"
        rows.append(
            {
                "id": f"syn-{n:06d}",
                "place_id": pid,
                "side": side,
                "action": action,
                "stance": "attributed",
                "scope": "",
                "except": "",
                "about_date": day,
                "about_precision": "day",
                "held_since": "",
                "published": "2024-11-30",
                "outlet": "wire",
                "claimant": "monitor",
                "quote": f"reported {action} ({n})",
                "origin": f"https://example.org/report/{n % 500}",
                "note": "",
            }
        )
    pd.DataFrame(rows).to_csv(folder / "claims.csv", index=False)
    pd.DataFrame(columns=[c.name for c in EVENTS.columns]).to_csv(folder / "events.csv", index=False)
    return folder
