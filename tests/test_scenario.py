"""The benchmark scenario: deterministic, a valid dataset every command reads, never over real data."""

from __future__ import annotations

import pandas as pd
import pytest

from aleppo_map.dataset import Dataset
from aleppo_map.files import DataFolderError
from aleppo_map.scenario import MARKER, scenario, write_scenario


@pytest.fixture
def base(tinywar) -> Dataset:
    return Dataset.load(tinywar)


def test_the_same_seed_gives_the_same_scenario_and_another_seed_another(base):
    a = scenario(base, days=30, claims=1000, events=50, seed=1, start="2020-01-01")
    again = scenario(base, days=30, claims=1000, events=50, seed=1, start="2020-01-01")
    other = scenario(base, days=30, claims=1000, events=50, seed=2, start="2020-01-01")
    assert a.claims.equals(again.claims)
    assert not a.claims.equals(other.claims)


def test_claims_lie_in_the_span_at_the_localities_only(base):
    s = scenario(base, days=30, claims=1000, events=50, seed=3, start="2020-01-01")
    days = pd.to_datetime(s.claims["about_date"])
    assert days.min() >= pd.Timestamp("2020-01-01")
    assert days.max() <= pd.Timestamp("2020-01-31")
    localities = set(base.places.loc[base.places["kind"].isin(["city", "town", "village"]), "id"])
    assert set(s.claims["place_id"]) <= localities
    assert len(s.claims) >= 500


def test_a_written_scenario_is_a_dataset_that_loads_without_a_problem(base, tmp_path):
    folder = write_scenario(scenario(base, days=10, claims=1000, events=20, seed=4), tmp_path / "scen")
    assert (folder / MARKER).is_file()
    loaded = Dataset.load(folder)  # raises DataError listing every problem otherwise
    assert len(loaded.claims) > 0 and set(loaded.places["id"]) == set(base.places["id"])


def test_a_scenario_is_never_written_over_the_data_it_is_made_from_and_is_not_made_then(base):
    made = []

    def make() -> Dataset:
        made.append(1)
        return scenario(base, days=10, claims=1000, events=0)

    with pytest.raises(DataFolderError):
        write_scenario(make, base.root / "bench", base_root=base.root)
    assert made == []
