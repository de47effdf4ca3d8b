"""Place mentions as new writers write them: what is a place name in running text, what only
looks like one (a first name, an agency, a month), and which place a name means.

Every sentence here is written for these tests.
"""

import pytest

from aleppo_map.ingest import Ingestor


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


def found(ingestor, text: str, day: str = "2024-12-01") -> list[tuple[str, str]]:
    """(surface, place id) of every resolved place mention."""
    return [(m.text, m.place_id) for m in ingestor.ingest(text, day).mentions]


def surfaces(ingestor, text: str, day: str = "2024-12-01") -> list[str]:
    return [t for t, _ in found(ingestor, text, day)]


# -- first names, agencies, months: not villages -------------------------------------------
def test_a_first_name_that_is_also_a_village_is_a_person_without_place_words(ingestor):
    text = "Smoke rose over the hills, photo by AFP/Omar Haddad. Khaled, a teacher, fled with his family."
    assert surfaces(ingestor, text) == []


def test_the_same_name_is_a_place_after_a_preposition_or_a_place_noun(ingestor):
    assert surfaces(ingestor, "Shells fell on the village of Omar overnight.") == ["Omar"]
    assert surfaces(ingestor, "Families fled from Omar on Monday.") == ["Omar"]


def test_a_first_name_listed_with_other_places_is_a_place(ingestor):
    assert "Khaled" in surfaces(ingestor, "The army shelled Afrin, Khaled and Jandairis.")


def test_a_news_agency_is_not_the_village_spelled_like_it(ingestor):
    text = "The state news agency Sana said the road was open. The army entered the town, SANA said."
    assert surfaces(ingestor, text) == []


def test_month_abbreviations_and_cut_off_words_are_not_places(ingestor):
    assert surfaces(ingestor, "On Nov. 27, fighters moved north of Hama and Id") == ["Hama"]


def test_a_city_in_capitals_in_a_dateline_is_still_the_city(ingestor):
    assert found(ingestor, "HOMS (Reuters) - Traffic resumed on the main road.") == [("HOMS", "homs")]


# -- names nested in a unit's or a road's name -------------------------------------------
def test_a_town_inside_a_military_council_or_brigade_name_is_not_a_mention(ingestor):
    text = "Fighters of the Azaz Military Council and the Hama Brigade moved north."
    assert surfaces(ingestor, text) == []


def test_towns_joined_in_a_road_name_are_not_mentions(ingestor):
    text = "Trucks used the Homs-Hama highway and later the Aleppo Highway."
    doc = ingestor.ingest(text, "2024-12-01")
    assert [m.text for m in doc.mentions] == []
    assert [m.text for m in doc.unresolved] == []


def test_a_town_before_a_lower_case_road_word_or_after_road_to_is_still_a_place(ingestor):
    assert surfaces(ingestor, "The convoy stopped at the Saraqib highway junction.") == ["Saraqib"]
    assert surfaces(ingestor, "The road to Aleppo was cut.") == ["Aleppo"]


# -- homonyms: the namesake where the article's other places lie --------------------------
def test_an_ambiguous_village_is_the_namesake_in_the_governorate_the_article_names(ingestor, gazetteer):
    assert ingestor.resolve("Nasib").place is None  # two villages of that name, 400 km apart
    (nasib, _daraa) = found(ingestor, "Rebels took Nasib, south of Daraa.")
    assert nasib[0] == "Nasib" and "sy-daraa" in gazetteer.ancestors(nasib[1])


def test_a_far_village_gives_way_to_a_namesake_among_the_articles_places(ingestor, gazetteer):
    alone = ingestor.resolve("Kafr Zeit")
    assert alone.place["kind"] == "village" and "sy-hama" not in gazetteer.ancestors(alone.place_id)
    text = "Jets struck Kafr Nabudah, al-Lataminah and Kafr Zeit, north of Hama."
    got = dict(found(ingestor, text))
    assert "sy-hama" in gazetteer.ancestors(got["Kafr Zeit"])
    assert ingestor.kind(got["Kafr Zeit"]) == "town"  # the town, not the sub-district named after it


def test_one_other_place_is_not_enough_to_overturn_an_answer(ingestor):
    alone = ingestor.resolve("Kafr Zeit").place_id
    assert dict(found(ingestor, "Shells fell on Kafr Zeit and on Hama."))["Kafr Zeit"] == alone


def test_a_two_word_variant_beats_a_one_word_exact_name_inside_it(ingestor, gazetteer):
    got = found(ingestor, "The SDF still holds Tal Tamr, Hasakah and Qamishli.")
    assert got[0][0] == "Tal Tamr"
    assert "sy-al-hasakah" in gazetteer.ancestors(got[0][1])


# -- places outside Syria, French elision ---------------------------------------------------
def test_a_dateline_city_in_capitals_is_a_foreign_mention_with_a_point(ingestor):
    doc = ingestor.ingest("CAIRO, June 3 (Reuters) - Rebels said they took Saraqeb.", "2024-12-01")
    (cairo,) = [m for m in doc.unresolved if m.text == "CAIRO"]
    assert cairo.kind == "foreign capital" and cairo.place_id.startswith("geonames:")
    assert "30.0" in cairo.reason and "(EG;" in cairo.reason  # Cairo's point, Egypt
    assert all(c.fields["place_id"] != cairo.place_id for c in doc.candidates)


def test_a_city_after_a_slash_in_a_dateline_is_found_too(ingestor):
    doc = ingestor.ingest("BAGHDAD/ISTANBUL (Reuters) - Fighting went on in Saraqeb.", "2024-12-01")
    assert {m.text: m.kind for m in doc.unresolved} == {"BAGHDAD": "foreign capital", "ISTANBUL": "foreign city"}


def test_capitals_named_as_governments_are_foreign_mentions_and_never_claims(ingestor):
    doc = ingestor.ingest("Tehran and Riyadh said the army captured Saraqeb.", "2024-12-01")
    assert {m.text for m in doc.unresolved} == {"Tehran", "Riyadh"}
    assert {c.fields["place_id"] for c in doc.candidates if c.kind == "claim"} <= {"saraqib"}


def test_a_shouted_word_that_is_also_a_foreign_town_is_not_a_dateline_mid_sentence(ingestor):
    doc = ingestor.ingest("Rebels said the fighting was VAN and grim in Saraqeb.", "2024-12-01")
    assert [m.text for m in doc.unresolved] == []


def test_a_french_elided_article_does_not_hide_the_name(ingestor):
    assert surfaces(ingestor, "Les rebelles sont entrés dans la ville d'Alep et d’Idleb.") == ["Alep", "Idleb"]


# -- rivers ----------------------------------------------------------------------------
def test_a_river_with_or_without_its_head_word_is_a_mention_but_never_a_claim(ingestor):
    text = "IS fighters were pushed back along the Euphrates valley. The army crossed the River Orontes."
    doc = ingestor.ingest(text, "2017-06-30")
    rivers = {m.text: m.kind for m in doc.unresolved if m.place_id.startswith("feature:")}
    assert rivers == {"Euphrates valley": "river", "River Orontes": "river"}
    assert all(not c.fields.get("place_id", "").startswith("feature:") for c in doc.candidates)


def test_a_river_name_that_is_also_a_camp_needs_its_head_word(ingestor):
    doc = ingestor.ingest("Shelling hit Yarmouk, south of Damascus, and the Yarmouk Basin.", "2018-07-01")
    assert [m.text for m in doc.mentions if m.text.startswith("Yarmouk")] == ["Yarmouk"]
    assert [m.text for m in doc.unresolved if m.kind == "river"] == ["Yarmouk Basin"]


def test_rivers_and_foreign_places_do_not_become_rows_to_review(ingestor):
    from aleppo_map.ingest import candidate_rows

    doc = ingestor.ingest("ANKARA (Reuters) - Turkish troops crossed the Euphrates near Jarablus.", "2016-08-24")
    assert {m.kind for m in doc.unresolved} >= {"foreign capital", "river"}
    (rows,) = candidate_rows([doc])
    assert not {r["place_text"] for r in rows if r["kind"] == "unresolved"} & {"ANKARA", "Euphrates"}


# -- vowel variants and a place noun after the name ------------------------------------
def test_a_place_noun_after_an_unknown_spelling_makes_it_a_place_near_the_articles_places(ingestor, gazetteer):
    found_ = found(ingestor, "Fighters seized Tilmannas village, south of Saraqib.")
    assert ("Tilmannas", "wof-1343341825") in found_  # GeoNames writes Tallmannis


def test_an_unknown_spelling_without_place_words_is_not_read_by_its_consonants(ingestor):
    assert "Tilmannas" not in surfaces(ingestor, "Tilmannas said the road was open near Saraqib.")


# -- typo tolerance that stays precise ---------------------------------------------------
def test_a_two_letter_typo_in_a_place_position_is_found_at_the_gazetteers_fuzzy_threshold(ingestor):
    assert ingestor.resolve("Khan Sheykhan").score < 0.8  # two letters off: a loose match
    assert found(ingestor, "Jets struck the town of Khan Sheykhan at dawn.") == [("Khan Sheykhan", "khan-shaykhun")]


def test_the_same_loose_match_outside_a_place_position_is_not_a_place(ingestor):
    assert surfaces(ingestor, "Khan Sheykhan told reporters the talks had failed.") == []
