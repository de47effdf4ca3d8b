"""The words around a place name: what they ask for, and where the name itself is."""

import pytest

from aleppo_map.qualifiers import PREFIX_WORDS, SUFFIX_WORDS, extend, may_qualify, parse


@pytest.mark.parametrize(
    ("surface", "base", "unit"),
    [
        ("Latakia province", "Latakia", "governorate"),
        ("the province of Tartus", "Tartus", "governorate"),
        ("Quneitra Governorate", "Quneitra", "governorate"),
        ("Homs countryside", "Homs", "countryside"),
        ("rural Hama", "Hama", "countryside"),
        ("Damascus suburbs", "Damascus", "suburbs"),
        ("the outskirts of Homs", "Homs", "suburbs"),
        ("Jableh district", "Jableh", "district"),
        ("the Afrin region", "Afrin", "region"),
        ("the Manbij area", "Manbij", "area"),
        ("Raqqa city", "Raqqa", "city"),
        ("the town of Binnish", "Binnish", "city"),
        ("Homs city centre", "Homs", "city centre"),
        ("downtown Hama", "Hama", "city centre"),
        ("central Latakia", "Latakia", "city centre"),
        ("the old city of Homs", "Homs", "old city"),
    ],
)
def test_unit_words_ask_for_a_kind_of_unit(surface, base, unit):
    q = parse(surface)
    assert (q.base, q.unit, q.facility) == (base, unit, None)


@pytest.mark.parametrize(
    ("surface", "base", "facility"),
    [
        ("Kweires airport", "Kweires", "airport"),
        ("Latakia International Airport", "Latakia", "airport"),
        ("Mezzeh military airport", "Mezzeh", "airbase"),
        ("the Shayrat air base", "Shayrat", "airbase"),
        ("Tiyas airbase", "Tiyas", "airbase"),
        ("Adra prison", "Adra", "prison"),
        ("the Bab al-Hawa border crossing", "Bab al-Hawa", "crossing"),
        ("Jdaidet Yabous crossing", "Jdaidet Yabous", "crossing"),
        ("Saadallah al-Jabiri Square", "Saadallah al-Jabiri", "square"),
        ("Tishreen Dam", "Tishreen", "dam"),
        ("the Qarah Qawzak bridge", "Qarah Qawzak", "bridge"),
        ("Aleppo University", "Aleppo", "university"),
    ],
)
def test_facility_words_name_the_facility(surface, base, facility):
    q = parse(surface)
    assert (q.base, q.facility) == (base, facility)


def test_compass_words_and_countryside_combine():
    q = parse("the western countryside of Deir ez-Zor")
    assert (q.base, q.unit, q.direction) == ("Deir ez-Zor", "countryside", "west")
    q = parse("Homs's northern countryside")
    assert (q.base, q.unit, q.direction) == ("Homs", "countryside", "north")
    q = parse("north-western Raqqa")
    assert (q.base, q.unit, q.direction) == ("Raqqa", None, "northwest")
    q = parse("north of Homs")
    assert (q.base, q.direction) == ("Homs", "north")


def test_the_wider_unit_wins_when_words_stack():
    q = parse("the southern countryside of the Daraa Governorate")
    assert (q.base, q.unit, q.direction) == ("Daraa", "countryside", "south")
    assert q.words == ("southern", "countryside", "governorate")


def test_french_qualifiers():
    assert (parse("la province d'Idleb").base, parse("la province d'Idleb").unit) == ("Idleb", "governorate")
    q = parse("l'aéroport de Deir ez-Zor")
    assert (q.base, q.facility) == ("Deir ez-Zor", "airport")
    q = parse("la campagne sud d’Alep")
    assert (q.unit, q.direction) == ("countryside", "south")
    assert parse("la banlieue de Damas").unit == "suburbs"


def test_arabic_qualifiers_stand_before_the_name():
    q = parse("ريف حماة الشمالي")
    assert (q.base, q.unit, q.direction) == ("حماة", "countryside", "north")
    assert parse("محافظة درعا").unit == "governorate"
    q = parse("مطار كويرس العسكري")
    assert q.facility == "airport"
    assert parse("سجن عدرا").facility == "prison"


def test_a_bare_name_is_left_alone():
    for name in ("Tal Abyad", "Ras al-Ayn", "Maarat al-Numan", "Deir Hafer", "Qamishli"):
        q = parse(name)
        assert (q.base, q.qualified, q.before, q.after) == (name, False, 0, 0)


def test_the_name_itself_is_never_eaten():
    # A name made only of qualifier words keeps one token as its base.
    assert parse("City").base == "City"
    assert parse("the Citadel").base == "Citadel"


def test_word_counts_and_offsets_locate_the_base():
    surface = "the eastern countryside of Hama"
    q = parse(surface)
    assert (q.before, q.after) == (4, 0)
    assert surface[q.start : q.end] == "Hama"


def test_prefix_and_suffix_words_hold_the_tokens_a_span_may_grow_over():
    assert {"countryside", "province", "of", "the", "northern", "ريف"} <= PREFIX_WORDS
    assert {"countryside", "province", "airport", "crossing", "'s", "southern"} <= SUFFIX_WORDS
    assert "fighters" not in PREFIX_WORDS | SUFFIX_WORDS


def test_extend_grows_a_span_over_qualifiers_only():
    text = "After the fall of Hama, rebels pushed into the countryside of Homs and Tartus province."
    for name, grown in (("Hama", "Hama"), ("Homs", "the countryside of Homs"), ("Tartus", "Tartus province")):
        i = text.index(name)
        s, e = extend(text, i, i + len(name))
        assert text[s:e] == grown
    text = "Shelling hit Hama's western countryside overnight."
    i = text.index("Hama")
    s, e = extend(text, i, i + 4)
    assert text[s:e] == "Hama's western countryside"


def test_extend_reads_french_elision_and_stops_at_punctuation():
    text = "Les combats ont repris dans la province d’Idleb. Hama, the countryside"
    i = text.index("Idleb")
    s, e = extend(text, i, i + 5)
    assert text[s:e] == "la province d’Idleb"
    i = text.index("Hama")
    assert extend(text, i, i + 4) == (i, i + 4)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Heavy fighting took place in Aleppo on Sunday.", "Aleppo"),
        ("Shells fell on a village in Idlib at dawn.", "Idlib"),
        ("Troops gathered at the base of Hama hills.", "Hama"),
        ("Refugees massed along the border of Idlib province.", "Idlib"),
        ("A passage of Raqqa's history was rewritten.", "Raqqa"),
    ],
)
def test_common_words_before_a_name_are_not_qualifiers(sentence, name):
    """'X in Y' is about X; 'place', 'base', 'border' and 'passage' alone are ordinary words."""
    i = sentence.index(name)
    s, e = extend(sentence, i, i + len(name))
    q = parse(sentence[s:e])
    assert q.facility is None and q.unit in (None, "governorate"), sentence[s:e]


@pytest.mark.parametrize(
    ("surface", "base", "facility"),
    [
        ("la place des Omeyyades", "Omeyyades", "square"),
        ("la place Saadallah", "Saadallah", "square"),
        ("the Hmeimim base", "Hmeimim", "base"),
        ("the military base of Kweires", "Kweires", "base"),
        ("the Nassib border", "Nassib", "crossing"),
        ("the border crossing of Jarablus", "Jarablus", "crossing"),
    ],
)
def test_french_words_count_in_a_french_frame_and_base_or_border_right_after_a_name(surface, base, facility):
    q = parse(surface)
    assert (q.base, q.facility) == (base, facility)


def test_a_french_word_in_an_english_frame_is_not_a_qualifier():
    assert parse("place of Aleppo").facility is None
    assert parse("Aleppo place").facility is None
    assert parse("the ville of Hama").unit is None


def test_only_surfaces_with_a_qualifier_word_are_parsed():
    assert may_qualify("the eastern countryside of Aleppo")
    assert may_qualify("l'aéroport de Mezzeh") and may_qualify("Hama's northern countryside")
    assert may_qualify("ريف حلب")
    assert not may_qualify("Maarat al-Numan") and not may_qualify("Deir ez-Zor")
    for surface in ("Idlib province", "la province d'Idleb", "Mezzeh military airport"):
        assert may_qualify(surface) and parse(surface).qualified
