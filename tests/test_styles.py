"""styles: one table of what each state is called and how it is drawn."""

import re

from aleppo_map.styles import SPECIAL, state_colours, state_labels, state_table


def test_every_state_a_page_can_draw_has_one_label_and_one_colour(dataset):
    table = state_table(dataset.sides)
    ids = [row[0] for row in table]
    assert ids[: len(dataset.sides)] == dataset.sides["id"].tolist()  # sides first, in file order
    assert ids[len(dataset.sides) :] == list(SPECIAL)  # then contested, disputed, unknown
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", colour) for _id, _label, colour, _kind in table)
    assert set(state_colours(dataset.sides)) == set(ids)


def test_tables_use_the_short_word_and_the_legend_the_sentence(dataset):
    short, long = state_labels(dataset.sides), state_labels(dataset.sides, long=True)
    assert short["government"] == long["government"]  # a side's label is its own
    assert short["contested"] != long["contested"] and len(long["contested"]) > len(short["contested"])
