"""Control claims that survive new writers: coalitions, backers, metonyms, the scope of a
claim, denials across sentences.

Every sentence here is written for these tests; none comes from an article of a corpus.
"""

import pytest

from aleppo_map.ingest import Ingestor


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


def claims(ingestor, text: str, day: str = "2021-05-14") -> list[tuple[str, str, str, str]]:
    doc = ingestor.ingest(text, day)
    return [
        (c.fields["place_id"], c.fields["side"], c.fields["action"], c.fields["stance"])
        for c in doc.candidates
        if c.kind == "claim"
    ]


# -- coalitions ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "subject",
    ["HTS and Turkish-backed factions", "HTS and other Turkish-backed factions", "Rebels and Turkish-backed forces"],
)
def test_a_joint_offensive_takes_ground_for_the_party_named_first(ingestor, subject):
    found = claims(ingestor, f"On Monday {subject} captured Saraqib after a night of shelling.")
    assert [c[1:3] for c in found] == [("opposition", "captured")]


def test_a_pronoun_for_a_joint_offensive_stands_for_the_party_named_first(ingestor):
    found = claims(
        ingestor,
        "HTS and Turkish-backed factions advanced overnight. By dawn they had captured Saraqib.",
    )
    assert [c[1] for c in found] == ["opposition"]


def test_a_party_named_alone_keeps_its_own_side(ingestor):
    found = claims(ingestor, "On Monday Turkish-backed factions captured Saraqib after a night of shelling.")
    assert [c[1] for c in found] == ["sna"]


def test_two_parties_on_opposite_sides_of_a_verb_are_no_coalition(ingestor):
    found = claims(ingestor, "The army fought rebels for a week, and Turkish-backed factions captured Saraqib.")
    assert ("saraqib", "sna", "captured", "asserted") in found


def test_a_party_named_first_with_its_acronym_in_brackets_still_leads(ingestor):
    found = claims(
        ingestor, "Hayat Tahrir al-Sham (HTS) and Turkish-backed factions captured Saraqib, their commanders said."
    )
    assert [c[1] for c in found] == ["opposition"]


def test_an_actor_ending_the_clause_before_a_comma_does_not_lead_the_next(ingestor):
    found = claims(ingestor, "Airstrikes hit the army, and Turkish-backed factions captured Saraqib.")
    assert [c[1] for c in found] == ["sna"]


# -- part of a place -------------------------------------------------------------------------
def test_seizing_areas_in_a_city_is_partial_control_of_the_city(ingestor):
    found = claims(ingestor, "Rebels seized several areas in Hama city on Monday.")
    assert [c[:3] for c in found] == [("hama", "opposition", "controls-part")]


def test_a_share_of_a_city_retaken_is_partial_control(ingestor):
    found = claims(ingestor, "The army said about 80 percent of Homs had been retaken from rebels.")
    assert [c[2] for c in found] == ["controls-part"]


def test_leaving_some_suburbs_of_a_city_is_no_withdrawal_from_the_city_or_its_province(ingestor):
    found = claims(ingestor, "Government forces withdrew from several suburbs of Homs on Sunday.")
    assert found == []


# -- backers ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("subject", "day", "side"),
    [
        ("Turkish-backed rebels", "2018-03-01", "sna"),
        ("Turkey-backed Syrian rebels", "2019-10-20", "sna"),
        ("Syrian rebels backed by Turkey", "2017-02-01", "sna"),
        ("Turkish-backed rebels", "2015-05-01", "opposition"),
        ("US-backed fighters", "2017-06-01", "sdf"),
        ("U.S.-backed Arab fighters", "2019-03-10", "sdf"),
        ("Fighters backed by the United States", "2016-08-01", "sdf"),
        ("Iranian-backed militias", "2017-06-01", "government"),
    ],
)
def test_a_group_named_by_its_backer_fights_for_the_backers_side_of_its_period(ingestor, subject, day, side):
    found = claims(ingestor, f"{subject} captured Manbij on Tuesday.", day)
    assert [c[1] for c in found] == [side]


def test_a_backer_does_not_change_the_side_of_an_actor_after_a_comma(ingestor):
    found = claims(ingestor, "Backed by Moscow, the army captured Saraqib.", "2020-02-06")
    assert [c[1] for c in found] == ["government"]


def test_a_backers_word_before_no_word_for_fighters_names_no_party(ingestor):
    text = "Rebels advanced all week. The US-backed coalition then captured Manbij."
    assert [c[1] for c in claims(ingestor, text, "2017-06-01")] == ["opposition"]


# -- metonyms --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Kurdish-led fighters said they liberated their town from the Damascus government.",
        "Rebels said they seized control from the Damascus authorities on Monday.",
        "The SDF captured, Damascus said, a large area east of the river.",
    ],
)
def test_a_capital_standing_for_its_government_gets_no_claim(ingestor, text):
    assert [c for c in claims(ingestor, text, "2024-12-07") if c[0] == "damascus"] == []


def test_a_capital_named_as_ground_still_gets_its_claim(ingestor):
    found = claims(ingestor, "Rebels captured Damascus on Sunday, the observatory said.", "2024-12-08")
    assert ("damascus", "opposition", "captured", "attributed") in found


# -- aims and reports ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The army launched an operation on Monday to take back Saraqib.",
        "The offensive is a renewed effort by the president and his allies to take control of Saraqib.",
        "Rebels have been fighting since March to capture Saraqib.",
    ],
)
def test_a_control_verb_after_an_infinitive_to_is_an_aim_not_a_report(ingestor, text):
    assert [c for c in claims(ingestor, text, "2020-02-20") if c[2] != "fighting"] == []


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("The army was able to take control of Saraqib on Monday.", "government"),
        ("Rebels managed to take control of Saraqib on Monday.", "opposition"),
    ],
)
def test_a_verb_saying_it_was_done_keeps_the_report(ingestor, text, side):
    assert [c[1:3] for c in claims(ingestor, text, "2020-02-20")] == [(side, "captured")]


def test_a_causative_with_its_object_before_the_infinitive_reports_it_done(ingestor):
    text = "The assault allowed rebels and their allies to take control of Saraqib on Monday."
    assert [c[1:3] for c in claims(ingestor, text, "2020-02-20")] == [("opposition", "captured")]


# -- denials and who speaks ------------------------------------------------------------------
def test_a_denial_of_reports_is_the_deniers_and_the_reports_are_nobodys(ingestor):
    found = claims(ingestor, "The army denied reports that rebels had entered Hama.", "2024-12-04")
    assert found == [("hama", "opposition", "entered", "denied")]


def test_a_denied_claim_whose_author_is_named_stays_that_authors_claim(ingestor):
    doc = ingestor.ingest(
        "Kurdish forces denied on Saturday claims by the Turkish defence ministry that it had captured Ras al-Ain.",
        "2019-10-12",
    )
    found = {(c.fields["side"], c.fields["stance"], c.fields["claimant"]) for c in doc.candidates if c.kind == "claim"}
    assert ("sna", "attributed", "turkey-mod") in found
    assert ("sna", "denied", "") in found


def test_it_after_a_party_that_reports_is_that_party(ingestor):
    text = "Kurdish fighters held the town until Friday, the Turkish defence ministry said it captured Ras al-Ain."
    found = claims(ingestor, text, "2019-10-12")
    assert [c[1] for c in found if c[2] == "captured"] == ["sna"]


def test_they_after_a_monitor_that_reports_is_still_the_fighters(ingestor):
    found = claims(ingestor, "Rebels advanced on Monday. The Observatory said they captured Saraqib.", "2020-02-27")
    assert [c[1:4] for c in found] == [("opposition", "captured", "attributed")]


# -- the perfect of take ---------------------------------------------------------------------
def test_the_perfect_of_take_with_a_place_as_object_is_a_capture(ingestor):
    found = claims(ingestor, "Rebels have taken Hama and are now advancing south.", "2024-12-06")
    assert [c[:3] for c in found] == [("hama", "opposition", "captured")]


def test_a_list_after_had_already_taken_is_background_for_each_place(ingestor):
    found = claims(ingestor, "The rebels had already taken the city of Hama and the town of Saraqib.", "2024-12-06")
    assert sorted(c[:3] for c in found) == [("hama", "opposition", "holds"), ("saraqib", "opposition", "holds")]


def test_taken_without_a_place_is_no_claim(ingestor):
    assert claims(ingestor, "Rebels have taken dozens of soldiers prisoner, the army said.", "2024-12-06") == []


# -- the scope of a claim --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The army regains control over Kafr Zubdawiyya in Hama governorate.",
        "The army captured the village of Umm Zurqat in Idlib province on Monday.",
    ],
)
def test_a_place_the_gazetteer_lacks_is_the_object_and_its_province_gets_no_claim(ingestor, text):
    assert claims(ingestor, text, "2019-05-27") == []


def test_a_known_place_located_in_its_province_gets_the_claim_not_the_province(ingestor):
    found = claims(ingestor, "The army regains control over Saraqib in Idlib governorate.", "2020-03-02")
    assert [c[:3] for c in found] == [("saraqib", "government", "captured")]


# -- fighting inside a place -----------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Fighting is ongoing inside the city of Hama, the Observatory said.",
        "Clashes continued in Hama on Thursday, the Observatory said.",
        "Rebel columns reached Hama, where fighting continues, the Observatory said.",
        "Street fighting in Hama went on all night, the Observatory said.",
    ],
)
def test_fighting_going_on_inside_a_place_is_a_fighting_claim(ingestor, sentence):
    text = f"Rebels launched an offensive against the army on Monday.\n\n{sentence}"
    found = claims(ingestor, text, "2024-12-05")
    assert ("hama", "opposition", "fighting", "attributed") in found


# -- adjectives that say who holds a place ---------------------------------------------------
def test_pro_party_villages_are_held_by_that_partys_side(ingestor):
    found = claims(ingestor, "Buses left the pro-government villages of Nubl and Zahraa on Monday.", "2016-12-22")
    assert sorted(c[:3] for c in found) == [("nubl", "government", "holds"), ("zahraa", "government", "holds")]


@pytest.mark.parametrize(
    "text", ["Pro-government media said rebels had fled Saraqib.", "A pro-regime newspaper in Saraqib said so."]
)
def test_a_pro_party_adjective_before_no_place_noun_holds_nothing(ingestor, text):
    assert [c for c in claims(ingestor, text, "2016-12-22") if c[2] == "holds"] == []


def test_a_held_adjective_after_a_places_possessive_holds_part_of_the_place(ingestor):
    found = claims(ingestor, "Thousands left Aleppo's last rebel-held pocket on Thursday.", "2016-12-22")
    assert found == [("aleppo", "opposition", "controls-part", "asserted")]


# -- the region rule -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The army seized about 40 villages in southern Idlib, the Observatory said.",
        "Rebels captured parts of the eastern countryside of Hama on Monday.",
    ],
)
def test_part_of_a_compass_part_of_a_province_gives_the_province_no_claim(ingestor, text):
    assert [c for c in claims(ingestor, text, "2020-02-27") if c[0].startswith("sy-")] == []


def test_part_of_a_province_itself_is_still_partial_control_of_it(ingestor):
    found = claims(ingestor, "Rebels seized several towns and villages in Hama province on Monday.", "2024-12-02")
    assert [c[:3] for c in found] == [("sy-hama", "opposition", "controls-part")]


# -- a small French and Arabic cue set -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jeudi soir, les rebelles ont pris le contrôle de Hama, selon l'OSDH.",
            ("hama", "opposition", "captured", "attributed"),
        ),
        (
            "L'armée syrienne s'est emparée de Saraqib après trois jours de combats.",
            ("saraqib", "government", "captured", "asserted"),
        ),
        (
            "Des combats à Hama opposent depuis lundi les rebelles à l'armée.",
            ("hama", "opposition", "fighting", "asserted"),
        ),
        ("سيطرت هيئة تحرير الشام على مدينة حماة يوم الخميس", ("hama", "opposition", "captured", "asserted")),
        ("قال المرصد إن الفصائل المسلحة دخلت حماة", ("hama", "opposition", "entered", "attributed")),
    ],
)
def test_french_and_arabic_control_cues_give_claims(ingestor, text, expected):
    assert expected in claims(ingestor, text, "2024-12-05")


def test_a_non_english_text_still_warns_and_says_which_cues_read_it(ingestor, dataset):
    doc = ingestor.ingest(
        "Jeudi soir, les rebelles ont pris le contrôle de Hama, selon l'OSDH, après des combats.", "2024-12-05"
    )
    (warning,) = [w for w in doc.warnings if "not English" in w]
    assert "French" in warning and "cues of that language" in warning
    assert ingestor.lexicon.languages["fr"] >= 10 and ingestor.lexicon.languages["ar"] >= 5


def test_the_language_column_documents_every_non_english_cue(dataset):
    import csv

    with open(dataset.root / "cues.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    from aleppo_map.names import has_arabic

    assert all(r["language"] == "ar" for r in rows if has_arabic(r["phrase"]))
    assert {r["language"] for r in rows} == {"", "fr", "ar"}


def test_the_perfect_of_a_longer_take_phrase_keeps_its_own_reading(ingestor):
    found = claims(ingestor, "By Friday the rebels had taken full control of Saraqib.", "2024-12-01")
    assert [c[:3] for c in found] == [("saraqib", "opposition", "captured")]


def test_a_perfect_infinitive_reports_a_claim_of_a_capture(ingestor):
    found = claims(ingestor, "Opposition forces claim to have taken control of Hama.", "2024-12-05")
    assert [c[:3] for c in found] == [("hama", "opposition", "captured")]


def test_fighters_somewhere_in_a_province_contest_none_of_it(ingestor):
    found = claims(ingestor, "Rebels in Hama province shelled the road on Monday.", "2024-12-02")
    assert [c for c in found if c[0] == "sy-hama"] == []


def test_fighters_in_a_city_are_still_present_there(ingestor):
    found = claims(ingestor, "Rebels in Hama shelled the airport on Monday.", "2024-12-02")
    assert ("hama", "opposition", "entered", "asserted") in found
