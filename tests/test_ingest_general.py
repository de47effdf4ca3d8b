"""Rules that hold for any report: the Islamic State as a side, datelines, places that only
locate another, denials in the next sentence, transliterated names.

Every sentence here is written for these tests.
"""

import pytest

from aleppo_map.ingest import Ingestor


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


def claims(ingestor, text: str, day: str = "2017-06-30") -> list[tuple[str, str, str, str]]:
    doc = ingestor.ingest(text, day)
    return [
        (c.fields["place_id"], c.fields["side"], c.fields["action"], c.fields["stance"])
        for c in doc.candidates
        if c.kind == "claim"
    ]


# -- the Islamic State -----------------------------------------------------------------------
def test_the_islamic_state_is_a_side_of_its_own_with_a_colour_apart(dataset):
    sides = dataset.sides.set_index("id")
    assert sides.loc["isis", "label"] == "Islamic State (IS)"
    colours = set(sides.drop(index="isis")["colour"].str.lower())
    assert sides.loc["isis", "colour"].lower() not in colours
    assert sides.loc["isis", "source"], "the row says where it comes from and why the colour"


@pytest.mark.parametrize(
    "actor",
    [
        "Islamic State fighters",
        "IS militants",
        "ISIS fighters",
        "ISIL militants",
        "Daesh",
        "The jihadists of the Islamic State",
    ],
)
def test_the_islamic_states_names_take_ground_for_the_isis_side(ingestor, actor):
    (claim,) = claims(ingestor, f"{actor} captured Palmyra on Thursday.")
    assert claim[1:3] == ("isis", "captured")


def test_the_verb_is_is_never_the_islamic_state(ingestor):
    found = claims(ingestor, "The army captured Palmyra, which is the largest town of the desert, on Thursday.")
    assert [c[1] for c in found] == ["government"]


def test_an_acronym_counts_as_written_and_never_inside_shouted_capitals():
    from aleppo_map.ingest.mentions import _as_written

    assert _as_written(["held", "by", "IS"], 2, 3, "IS")
    assert _as_written(["IS", "fighters"], 0, 2, "IS fighters")
    assert not _as_written(["is", "fighters"], 0, 2, "IS fighters")
    assert not _as_written(["THE", "ROAD", "IS", "OPEN"], 2, 3, "IS")
    assert _as_written(["the", "SDF", "and", "HTS"], 1, 2, "SDF")
