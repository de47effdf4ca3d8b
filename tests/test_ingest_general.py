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


# -- datelines -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "dateline",
    [
        "HOMS: ",
        "HOMS, Syria: ",
        "Homs – ",
        "Homs - ",
        "Homs: ",
        "Deir ez-Zor — ",
        "HOMS (Reuters) - ",
        "Homs, Syria (dpa) - ",
    ],
)
def test_every_common_dateline_shape_stays_out_of_the_quote_and_is_no_place_of_the_claim(ingestor, dateline):
    text = dateline + "Rebels captured Saraqib on Friday, the Syrian Observatory for Human Rights said.\n"
    doc = ingestor.ingest(text, "2024-11-30")
    found = [c.fields for c in doc.candidates if c.kind == "claim"]
    assert [(f["place_id"], f["side"]) for f in found] == [("saraqib", "opposition")]
    assert found[0]["quote"].startswith("Rebels captured Saraqib")


@pytest.mark.parametrize(
    "line",
    [
        "Saraqib - the town on the highway - fell on Friday.",
        "Rebels said: We hold the town.",
        "The army - backed by Russian jets - advanced.",
    ],
)
def test_a_dash_or_colon_inside_a_sentence_is_no_dateline(line):
    from aleppo_map.ingest.text import match_dateline

    assert match_dateline(line) is None


def test_a_dateline_opening_a_later_paragraph_is_cut_too(ingestor):
    text = "Fighting went on in the north.\nHAMA: Government forces recaptured Saraqib on Friday.\n"
    found = [c.fields for c in ingestor.ingest(text, "2024-11-30").candidates if c.kind == "claim"]
    assert [(f["place_id"], f["side"]) for f in found] == [("saraqib", "government")]
    assert found[0]["quote"].startswith("Government forces")


# -- denials ---------------------------------------------------------------------------------
def test_a_denial_in_the_next_sentence_denies_the_claim_before_it_not_what_the_denier_says_next(ingestor):
    text = (
        "Rebels captured Tal Rifaat on Friday, a commander said. A military source cited by state media "
        "denied that, saying the army had repelled an attack on the town.\n"
    )
    found = claims(ingestor, text, "2024-11-30")
    assert ("tal-rifaat", "opposition", "captured", "denied") in found
    assert not [c for c in found if c[3] == "denied" and c[1] == "government"]


def test_a_denial_after_a_quoted_paragraph_still_reaches_the_statement(ingestor):
    text = (
        "Rebels said on Thursday they had recaptured Tal Rifaat.\n\n"
        "“Tal Rifaat has been liberated completely,” said a rebel spokesman.\n\n"
        "State media denied that, saying the attack had failed.\n"
    )
    assert ("tal-rifaat", "opposition", "captured", "denied") in claims(ingestor, text, "2024-11-30")


def test_a_denier_who_is_no_known_claimant_still_denies_and_review_must_name_them(ingestor):
    text = "Government forces captured Tal Rifaat on Friday, state media said. The rebels denied this.\n"
    doc = ingestor.ingest(text, "2024-11-30")
    (denial,) = [c.fields for c in doc.candidates if c.kind == "claim" and c.fields["stance"] == "denied"]
    assert (denial["place_id"], denial["side"], denial["claimant"]) == ("tal-rifaat", "government", "")
    assert "missing: claimant" in denial["note"]


def test_a_claim_inside_the_denied_report_is_nobodys_assertion(ingestor):
    found = claims(
        ingestor, "The defence ministry denied reports that rebels had entered the city of Tal Rifaat.\n", "2024-11-30"
    )
    assert found == [("tal-rifaat", "opposition", "entered", "denied")]


# -- transliterated names --------------------------------------------------------------------
@pytest.mark.parametrize("verb", ["captured", "seized", "entered"])
def test_a_transliteration_variant_right_after_a_control_verb_is_the_place_taken(ingestor, verb):
    found = claims(ingestor, f"Rebels {verb} Kfar Nabl on Friday.", "2024-11-30")
    spelt = claims(ingestor, f"Rebels {verb} Kafr Nabl on Friday.", "2024-11-30")
    assert found and [c[0] for c in found] == [c[0] for c in spelt]


def test_a_capitalised_word_after_a_verb_that_takes_no_place_is_not_read_through_variants(ingestor):
    doc = ingestor.ingest("Rebels thanked Kfar for the help on Friday.", "2024-11-30")
    assert not [m for m in doc.mentions if m.text == "Kfar"]


def test_denied_this_in_the_same_sentence_denies_what_came_before_the_cue(ingestor):
    text = "The Observatory said the army had pulled out of Tal Rifaat, although the army denied this.\n"
    found = claims(ingestor, text, "2024-11-30")
    assert ("tal-rifaat", "government", "withdrew", "denied") in found


# -- a place that only locates another -------------------------------------------------------
@pytest.mark.parametrize(
    "where", ["Kafr Nabl in Idlib province", "Kafr Nabl, in Idlib province,", "Kafr Nabl, Idlib governorate,"]
)
def test_a_province_that_locates_the_town_gets_no_claim_of_its_own(ingestor, where):
    found = claims(ingestor, f"Rebels captured {where} on Friday.", "2024-11-30")
    assert [c[0] for c in found] == ["wof-890449847"]


def test_a_list_of_towns_still_gives_each_its_claim(ingestor):
    found = claims(ingestor, "Rebels captured Kafr Nabl, Saraqeb and Maarat al-Numan on Friday.", "2024-11-30")
    assert [c[0] for c in found] == ["wof-890449847", "saraqib", "maarat-al-numan"]


# -- held-adjectives -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "place", "side"),
    [
        ("the Kurdish-held district of Sheikh Maqsoud", "sheikh-maqsoud", "sdf"),
        ("rebel-held Saraqib", "saraqib", "opposition"),
        ("government-held Hama", "hama", "government"),
        ("the IS-held northern town of Manbij", "manbij", "isis"),
    ],
)
def test_a_held_adjective_says_that_side_holds_the_place(ingestor, phrase, place, side):
    assert claims(ingestor, f"Jets struck {phrase} on Friday.", "2024-11-30") == [(place, side, "holds", "asserted")]


def test_a_held_adjective_in_an_attributed_sentence_is_attributed(ingestor):
    doc = ingestor.ingest("State media said jets struck rebel-held Saraqib on Friday.", "2024-11-30")
    (claim,) = [c.fields for c in doc.candidates if c.kind == "claim"]
    assert (claim["place_id"], claim["side"], claim["stance"]) == ("saraqib", "opposition", "attributed")
    assert claim["claimant"]


def test_a_place_held_by_a_side_in_an_apposition_is_held_by_it(ingestor):
    found = claims(ingestor, "Drones struck Manbij, held by the SDF, on Friday.", "2024-11-30")
    assert found == [("manbij", "sdf", "holds", "asserted")]


@pytest.mark.parametrize("where", ["areas outside the city of Aleppo", "positions near Aleppo"])
def test_a_held_adjective_says_nothing_of_a_place_outside_its_noun_phrase(ingestor, where):
    found = claims(ingestor, f"Buses left for rebel-held {where} on Friday.", "2024-11-30")
    assert not [c for c in found if c[2] == "holds"]


# -- denials without 'denied' ----------------------------------------------------------------
@pytest.mark.parametrize("verb", ["dismissed", "refuted", "rejected"])
def test_dismissing_or_refuting_claims_of_a_capture_denies_it(ingestor, verb):
    text = (
        "The army captured Tal Rifaat on Friday, SANA said. "
        f"The rebels {verb} claims that the army had captured Tal Rifaat.\n"
    )
    assert ("tal-rifaat", "government", "captured", "denied") in claims(ingestor, text, "2024-11-30")


def test_dismissing_a_person_denies_nothing(ingestor):
    text = "The army captured Tal Rifaat on Friday, SANA said. The minister dismissed the commander of the town.\n"
    assert not [c for c in claims(ingestor, text, "2024-11-30") if c[3] == "denied"]


@pytest.mark.parametrize("still", ["its forces still held Tal Rifaat", "its forces remained in control of the town"])
def test_a_party_saying_its_forces_still_hold_a_place_denies_its_reported_capture(ingestor, still):
    text = f"Rebels captured Tal Rifaat on Friday, a commander said. The Syrian army said {still}.\n"
    doc = ingestor.ingest(text, "2024-11-30")
    found = {
        (f["place_id"], f["side"], f["action"], f["stance"], f["claimant"])
        for c in doc.candidates
        if c.kind == "claim"
        for f in [c.fields]
    }
    assert ("tal-rifaat", "opposition", "captured", "denied", "syrian-army") in found
    assert ("tal-rifaat", "government", "holds", "attributed", "syrian-army") in found


# -- 'the town' after a sentence that names one ----------------------------------------------
def test_the_town_right_after_a_sentence_naming_one_town_is_that_town(ingestor):
    text = (
        "Rebels attacked Saraqib on Monday. Saraqib was shelled.\n"
        "Rebels reached Binnish on Thursday. They captured the town on Friday.\n"
    )
    found = [c for c in claims(ingestor, text, "2024-11-30") if c[2] == "captured"]
    assert [c[0] for c in found] == ["wof-890449869"], "Binnish, not the article's main place Saraqib"
