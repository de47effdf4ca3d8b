"""snapshot: a date resolved once and handed to everything that shows it."""

from aleppo_map.snapshot import MapModel, map_states, shorten_ids


def test_a_map_lists_the_first_and_latest_claims_and_keeps_the_count():
    ids = ";".join(f"c{n}" for n in range(10))
    assert shorten_ids(ids, 6) == "c0;c1;c2;c7;c8;c9"
    assert shorten_ids("c0;c1", 6) == "c0;c1"


def test_a_shortened_list_keeps_the_first_and_latest_ids_whatever_the_limit_and_length():
    for limit in range(1, 9):
        head, tail = max(1, limit // 2), max(1, limit - limit // 2)
        for n in range(1, 13):
            ids = [f"c{k}" for k in range(n)]
            kept = ids if n <= head + tail else ids[:head] + ids[-tail:]
            assert shorten_ids(";".join(ids), limit) == ";".join(kept), (limit, n)


def test_the_map_states_are_derived_from_the_full_ones_not_resolved_again(resolver):
    full = resolver.states("2024-12-01")
    shown = map_states(full, 2)
    assert (shown["state"] == full["state"]).all() and (shown["n_claims"] == full["n_claims"]).all()
    assert all(len([c for c in ids.split(";") if c]) <= 2 for ids in shown["claims"])


def test_iterating_the_model_gives_each_date_with_its_changes_since_the_previous(resolver):
    model = MapModel(resolver)
    snaps = list(model)
    assert [s.label for s in snaps] == [d.strftime("%Y-%m-%d") for d in model.dates]
    assert snaps[0].previous is None and snaps[1].previous == model.dates[0]
    saraqib = snaps[[s.label for s in snaps].index("2024-11-30")].changes
    assert "saraqib" in set(saraqib["place_id"])
