"""Articles as collected, the review loop without hand-editing, and the evaluation of any corpus.

Every text here is written for these tests.
"""

import csv
import shutil
from pathlib import Path

import pytest

from aleppo_map.ingest import Ingestor
from aleppo_map.ingest.corpus import load_corpus
from aleppo_map.ingest.evaluation import score_corpus
from aleppo_map.ingest.text import language_of, split_header

from .pages import page_data, places

HEADER = """title: Rebels seize a town in Idlib
outlet: The Example Gazette
publication_date: 2024-11-30
url: https://example.org/news/rebels-town
---
"""
BODY = (
    "Rebels captured Saraqeb on Friday, the Syrian Observatory for Human Rights said.\n"
    "A local commander told reporters that fighters had entered Maarat al-Numan.\n"
)


@pytest.fixture(scope="module")
def ingestor(dataset) -> Ingestor:
    return Ingestor(dataset)


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- the header block -------------------------------------------------------------------------
def test_a_header_block_is_metadata_and_its_lines_are_blanked_so_offsets_still_point_into_the_file():
    header, text = split_header(HEADER + BODY)
    assert header.published == "2024-11-30"
    assert header.outlet == "The Example Gazette"
    assert header.url == "https://example.org/news/rebels-town"
    assert len(text) == len(HEADER + BODY)
    assert "Rebels seize" not in text and text.endswith(BODY)


def test_text_without_a_header_block_is_left_as_it_is():
    plain = "Damascus: the army said on Monday it held the airport.\n---\nmore"
    assert split_header(plain) == (None, plain)
    assert split_header(BODY) == (None, BODY)


def test_the_headline_of_a_header_does_not_repeat_the_articles_claim(ingestor):
    text = "title: Rebels capture Saraqeb\noutlet: afp\npublication_date: 2024-11-30\n---\n" + BODY
    doc = ingestor.ingest(text)
    saraqib = [c for c in doc.candidates if c.kind == "claim" and c.fields["place_id"] == "saraqib"]
    assert len(saraqib) == 1, "one statement in the body, none from the headline"
    assert doc.published == "2024-11-30" and doc.outlet == "afp"
    assert saraqib[0].start > text.index("---")


def test_the_headers_url_is_the_origin_and_an_unknown_outlet_is_a_warning(ingestor):
    doc = ingestor.ingest(HEADER + BODY)
    assert doc.origin == "https://example.org/news/rebels-town"
    assert doc.outlet == ""
    assert any("The Example Gazette" in w and "not in sources.csv" in w for w in doc.warnings)


def test_an_article_without_any_publication_date_is_refused_saying_what_to_give(ingestor):
    with pytest.raises(ValueError, match="--published"):
        ingestor.ingest(BODY)


# -- languages -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, language",
    [
        ("Les combattants sont entrés dans la ville de Alep et ont pris le contrôle des quartiers du nord.", "fr"),
        ("Los combatientes entraron en la ciudad de Alepo y tomaron el control de los barrios del norte.", "es"),
        ("دخل المقاتلون مدينة حلب وسيطروا على الأحياء الشمالية بعد معارك عنيفة مع قوات الجيش اليوم", "ar"),
        ("The fighters entered the city of Aleppo and took control of the northern districts on Friday.", "en"),
    ],
)
def test_the_language_of_a_text_is_told_from_its_function_words_or_its_script(text, language):
    assert language_of(text) == language


def test_a_french_article_warns_that_claims_are_read_in_english_only_but_finds_its_places(ingestor):
    text = "Les combattants sont entrés dans Alep vendredi et ont pris le contrôle des quartiers du nord de la ville."
    doc = ingestor.ingest(text, "2024-11-30")
    assert any("French" in w and "English only" in w for w in doc.warnings)
    assert "aleppo" in {m.place_id for m in doc.mentions}


def test_an_english_article_gets_no_language_warning(ingestor):
    doc = ingestor.ingest(BODY, "2024-11-30")
    assert not [w for w in doc.warnings if "English" in w]


# -- long articles ---------------------------------------------------------------------------
def test_a_long_article_reads_as_its_paragraphs_do_one_by_one(ingestor):
    paragraph = (
        "On Friday, rebels captured Saraqeb, the Syrian Observatory for Human Rights said. "
        '"We hold the town," a commander told AFP.\n\n'
    )
    one = [c.fields["place_id"] for c in ingestor.ingest(paragraph, "2024-11-30").candidates]
    many = [c.fields["place_id"] for c in ingestor.ingest(paragraph * 300, "2024-11-30").candidates]
    assert one and many == one * 300


# -- the review loop -------------------------------------------------------------------------
def test_ingest_review_and_build_without_editing_a_file(cli, dataset, tmp_path):
    """An outlet registered while ingesting, a claimant set while accepting, the map built."""
    data = tmp_path / "geodata"
    shutil.copytree(dataset.root, data)
    before = (data / "sources.csv").read_bytes()
    article = tmp_path / "report.txt"
    article.write_text(HEADER + BODY, encoding="utf-8")
    sheet = tmp_path / "candidates.csv"

    result = cli(
        "--data", data, "ingest", article, "--outlet", "The Example Gazette", "--outlet-role", "outlet",
        "--outlet-url", "https://example.org", "--out", sheet,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (data / "sources.csv").read_bytes() == before, "ingest never writes the data folder"
    cands = rows(sheet)
    (source,) = [r for r in cands if r["kind"] == "source"]
    assert source["outlet"] == "the-example-gazette" and source["place_text"] == "The Example Gazette"
    entered = next(r for r in cands if r["place_id"] == "maarat-al-numan")
    assert entered["outlet"] == "the-example-gazette"
    assert entered["origin"] == "https://example.org/news/rebels-town"
    assert "missing: claimant" in entered["note"]

    refused = cli("--data", data, "review", sheet, "--accept", entered["id"])
    assert refused.exit_code != 0
    assert f"{entered['id']}: claimant: its note says it is missing" in refused.output
    assert (data / "sources.csv").read_bytes() == before, "a refused review writes nothing"

    accepted = cli("--data", data, "review", sheet, "--accept", entered["id"], "--set", "claimant=sohr")
    assert accepted.exit_code == 0, accepted.output
    added = rows(data / "claims.csv")[-1]
    assert (added["place_id"], added["claimant"], added["stance"]) == ("maarat-al-numan", "sohr", "attributed")
    assert added["outlet"] == "the-example-gazette"
    assert "missing: claimant" not in added["note"]
    new_source = rows(data / "sources.csv")[-1]
    assert (new_source["id"], new_source["role"], new_source["url"]) == (
        "the-example-gazette",
        "outlet",
        "https://example.org",
    )
    assert cli("--data", data, "validate").exit_code == 0

    out = tmp_path / "site"
    built = cli("--data", data, "build", "--out", out)
    assert built.exit_code == 0, built.output
    drawn = places(page_data(out / "maps" / "latest.html"))
    assert added["id"] in drawn["maarat-al-numan"]["claims"]


def test_review_set_rejects_a_field_it_cannot_set(cli, dataset, tmp_path):
    data = tmp_path / "geodata"
    shutil.copytree(dataset.root, data)
    article = tmp_path / "a.txt"
    article.write_text(BODY, encoding="utf-8")
    sheet = tmp_path / "c.csv"
    assert (
        cli("--data", data, "ingest", article, "--published", "2024-11-30", "--outlet", "afp", "--out", sheet).exit_code
        == 0
    )
    result = cli("--data", data, "review", sheet, "--accept-all", "--set", "colour=red")
    assert result.exit_code != 0 and "colour=red" in result.output


def test_an_unknown_outlet_without_a_role_is_refused_naming_the_way_to_register_it(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(BODY, encoding="utf-8")
    result = cli("ingest", article, "--published", "2024-11-30", "--outlet", "The Example Gazette")
    assert result.exit_code != 0 and "--outlet-role" in result.output


# -- evaluation of any annotated corpus ------------------------------------------------------
def write_corpus(root: Path, mentions: list[list[str]], places: list[list[str]]) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "truth").mkdir()
    (root / "articles" / "01_report.txt").write_text(HEADER.replace("The Example Gazette", "afp") + BODY, "utf-8")
    with open(root / "truth" / "article_mentions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["article_file", "surface", "canonical_place", "claim_side", "claim_status", "attributed_to", "quote"]
        )
        w.writerows(mentions)
    with open(root / "truth" / "places.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["canonical_place", "lat", "lon", "tolerance_km", "basis"])
        w.writerows(places)
    return root


def test_an_annotated_corpus_in_the_dev_layout_is_scored_for_mentions_and_claims(ingestor, tmp_path):
    corpus = write_corpus(
        tmp_path / "c",
        [
            ["01_report.txt", "Saraqeb", "Saraqib", "opposition", "attributed", "SOHR", "Rebels captured Saraqeb"],
            ["01_report.txt", "Maarat al-Numan", "Maarat", "government", "asserted", "", "fighters had entered"],
        ],
        [["Saraqib", "35.8625", "36.8056", "5", "test"], ["Maarat", "35.6433", "36.6733", "5", "test"]],
    )
    score = score_corpus(load_corpus(corpus), ingestor, geotext=False)
    assert (score.found, score.surfaces) == (2, 2)
    assert (score.resolved, score.located) == (2, 2)
    assert score.gold_claims == 2 and score.recalled == 1, "Saraqeb right; Maarat annotated for the other side"
    assert any("claim missed: Maarat government" in m for m in score.misses["01_report.txt"])
    assert "claims recall" in "\n".join(score.lines())


def test_a_corpus_with_bad_truth_is_refused_naming_file_line_and_field(tmp_path):
    corpus = write_corpus(
        tmp_path / "c",
        [["01_report.txt", "Nowhere Town", "Saraqib", "opposition", "claimed", "", ""]],
        [["Saraqib", "north", "36.8", "5", "test"]],
    )
    with pytest.raises(Exception) as info:
        load_corpus(corpus)
    message = str(info.value)
    assert "places.csv:2: lat/lon/tolerance_km" in message
    assert "article_mentions.csv:2: canonical_place" in message


def test_eval_command_skips_a_missing_default_corpus_with_the_reason(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("ALEPPO_MAP_SEEDS", str(tmp_path / "no-seeds"))
    monkeypatch.setenv("ALEPPO_MAP_DEV_CORPUS", str(tmp_path / "no-corpus"))
    result = cli("eval", "--no-geotext")
    assert result.exit_code == 0
    assert "seeds: skipped" in result.output and "dev-corpus: skipped" in result.output


# -- names in a place position ---------------------------------------------------------------
def resolved_names(ingestor, text: str) -> dict[str, str]:
    doc = ingestor.ingest(text, "2024-11-30")
    return {m.text: ingestor.gazetteer.record(m.place_id)["name"] for m in doc.mentions if m.place_id}


def test_a_misspelt_name_in_a_list_of_places_is_still_a_place(ingestor):
    found = resolved_names(ingestor, "The army shelled Saraqib, Sarmiin and Taftanaz on Monday.")
    assert found["Sarmiin"].lower().startswith("sarm")


def test_a_misspelt_name_after_the_outskirts_of_or_south_of_is_a_place(ingestor):
    for text in (
        "Fighters reached the outskirts of Khan Shaykhounn on Monday.",
        "Fighters advanced to the south of Khan Sheihkhoun on Monday.",
    ):
        (name,) = resolved_names(ingestor, text).values()
        assert name.lower().startswith("khan sh"), text


def test_a_misspelt_name_after_from_nearby_is_a_place(ingestor):
    (name,) = resolved_names(ingestor, "Residents fled from nearby Kafr Nubbl after the strikes.").values()
    assert name.lower().startswith("kafr n")


def test_a_name_with_its_qualifier_words_goes_whole_to_the_gazetteer(dataset, monkeypatch):
    ing = Ingestor(dataset)
    asked: list[str] = []
    real = ing.resolve

    def spy(name, kinds=None, context=None):
        asked.append(name)
        return real(name, kinds, context)

    monkeypatch.setattr(ing, "resolve", spy)
    doc = ing.ingest("Government forces withdrew from the Damascus suburbs on Sunday.", "2024-12-08")
    assert any("Damascus suburbs" in q for q in asked), "the whole surface first"
    assert [m.text for m in doc.mentions] == ["Damascus"], "the mention stays the name; a bare-name fallback"


# -- claims that survive new writers -----------------------------------------------------------
def claims(ingestor, text: str, day: str = "2024-11-30") -> list[tuple[str, str, str]]:
    doc = ingestor.ingest(text, day)
    return [(c.fields["place_id"], c.fields["side"], c.fields["action"]) for c in doc.candidates if c.kind == "claim"]


@pytest.mark.parametrize(
    "actor",
    [
        "The Turkish army",
        "The Turkish military",
        "Turkish forces",
        "Turkish troops",
        "Turkish soldiers",
        "Turkey-backed factions",
        "Turkish-backed fighters",
        "Turkish-backed forces",
    ],
)
def test_turkeys_forces_and_the_factions_it_backs_take_ground_for_the_sna(ingestor, actor):
    assert claims(ingestor, f"{actor} captured Saraqib on Friday.") == [("saraqib", "sna", "captured")]


@pytest.mark.parametrize("actor", ["SDF fighters", "YPG fighters", "Kurdish-led forces", "The Military Council"])
def test_the_sdfs_fighters_and_councils_are_the_sdf_not_the_opposition(ingestor, actor):
    assert claims(ingestor, f"{actor} captured Saraqib on Friday.") == [("saraqib", "sdf", "captured")]


@pytest.mark.parametrize("name", ["Free Syrian Army", "FSA"])
def test_the_free_syrian_army_is_the_opposition_in_2016_and_the_turkish_backed_side_from_2017(ingestor, name):
    text = f"Units of the {name} seized Saraqib on Sunday."
    assert claims(ingestor, text, "2016-10-01") == [("saraqib", "opposition", "captured")]
    assert claims(ingestor, text, "2018-03-18") == [("saraqib", "sna", "captured")]


def test_a_group_named_first_with_and_other_is_the_subject(ingestor):
    text = "HTS and other Turkish-backed factions continued their offensive on Friday, seizing Saraqib."
    assert claims(ingestor, text) == [("saraqib", "opposition", "captured")]


def test_under_an_actors_occupation_is_held_by_that_actor(ingestor):
    text = "Saraqib had been under PKK/YPG occupation for years."
    assert claims(ingestor, text) == [("saraqib", "sdf", "holds")]
    assert claims(ingestor, "The occupation of Saraqib was a disaster, residents said.") == []


@pytest.mark.parametrize(
    "cue, action",
    [
        ("seized control over", "captured"),
        ("took control over", "captured"),
        ("had taken control over", "captured"),
        ("gained control over", "captured"),
        ("gained full control over", "captured"),
        ("gained full control of", "captured"),
        ("took full control of", "captured"),
        ("had taken full control of", "captured"),
        ("regained control over", "captured"),
        ("secured control over", "captured"),
        ("secured control of", "captured"),
        ("secured full control of", "captured"),
        ("retook", "captured"),
        ("have retaken", "captured"),
        ("were forced to retreat from", "withdrew"),
    ],
)
def test_control_verbs_read_as_their_action(ingestor, cue, action):
    assert claims(ingestor, f"The rebels {cue} Saraqib on Friday.") == [("saraqib", "opposition", action)]


def test_the_recapture_and_the_liberation_of_a_town_are_captures(ingestor):
    assert ("saraqib", "government", "captured") in claims(ingestor, "The army announced the recapture of Saraqib.")
    said = claims(ingestor, "The army announced the liberation of Saraqib on Friday.")
    assert ("saraqib", "government", "captured") in said


def test_an_actor_given_twice_without_a_period_or_with_a_backward_period_is_refused(dataset, tmp_path):
    from aleppo_map.dataset import Dataset
    from aleppo_map.ingest import Lexicon
    from aleppo_map.tables import DataError

    data = tmp_path / "geodata"
    shutil.copytree(dataset.root, data)
    with open(data / "actors.csv", "a", encoding="utf-8") as fh:
        fh.write("rebels,sna,,,,test\nNew Front,sna,2020-01-01,2019-01-01,,test\n")
    with pytest.raises(DataError) as info:
        Lexicon.load(Dataset.load(data))
    message = str(info.value)
    assert "'rebels' is given twice without a period" in message
    assert "until: 2019-01-01 is before from" in message


@pytest.mark.parametrize(
    "dateline",
    ["IDLIB, Syria (Reuters) - ", "BEIRUT (AFP) – ", "HAMA — ", "Aleppo, Syria (AP) — ", "TEHRAN, Jan. 9 (IRNA) – "],
)
def test_a_dateline_stays_out_of_the_quote_and_is_no_place_of_the_claim(ingestor, dateline):
    text = dateline + "Rebels captured Saraqib on Friday, the Syrian Observatory for Human Rights said.\n"
    doc = ingestor.ingest(text, "2024-11-30")
    found = [c.fields for c in doc.candidates if c.kind == "claim"]
    assert [(f["place_id"], f["side"]) for f in found] == [("saraqib", "opposition")]
    assert found[0]["quote"].startswith("Rebels captured Saraqib")


def test_a_long_sentence_is_quoted_up_to_a_word_boundary(ingestor):
    words = " ".join(["heavy"] * 200)
    doc = ingestor.ingest(f"Rebels captured Saraqib on Friday after {words} fighting.\n", "2024-11-30")
    quotes = {c.fields["quote"] for c in doc.candidates if c.kind == "claim"}
    assert quotes
    for quote in quotes:
        assert quote.endswith("heavy…") and len(quote) <= 300, "cut after a whole word, marked with an ellipsis"


def test_every_place_of_a_list_after_including_shares_the_sentences_claim(ingestor):
    text = "Rebels said they had secured control over more than five districts, including Saraqib, Sarmin and Binnish."
    found = claims(ingestor, text)
    assert len(found) == 3 and {(side, action) for _, side, action in found} == {("opposition", "captured")}


def test_a_list_goes_on_past_a_member_the_gazetteer_cannot_place_and_past_numbers(ingestor):
    text = "Rebels said they had captured Saraqib, Qwertabad, Sector 4 and 5, Binnish and Sarmin on Friday."
    found = {place for place, side, action in claims(ingestor, text) if (side, action) == ("opposition", "captured")}
    assert "saraqib" in found and len(found) == 3, found


@pytest.mark.parametrize(
    "prospect", ["effort to", "efforts to", "bid to", "attempt to", "attempts to", "seeking to", "sought to"]
)
def test_an_effort_to_take_a_town_is_no_capture(ingestor, prospect):
    text = f"The offensive is part of a renewed {prospect} capture Saraqib, the army said."
    assert claims(ingestor, text) == []


def test_withdrawing_from_a_number_of_suburbs_is_not_leaving_the_region(ingestor):
    assert claims(ingestor, "Government forces withdrew from a number of Idlib suburbs on Sunday.") == []


def test_fighting_in_the_north_is_not_fighting_in_the_articles_main_town(ingestor):
    text = "Rebels entered Saraqib on Friday. Saraqib is quiet now. HTS is fighting in the north."
    assert ("saraqib", "opposition", "fighting") not in claims(ingestor, text)


def test_a_pro_damascus_source_is_no_place_that_the_town_stands_for(ingestor):
    text = "Rebels shelled Saraqib. A pro-Damascus source said the town was under army control."
    found = claims(ingestor, text)
    assert ("damascus", "government", "holds") not in found
    assert ("saraqib", "government", "holds") in found


def test_the_syrian_revolutionary_forces_are_the_opposition(ingestor):
    assert claims(ingestor, "The Syrian Revolutionary Forces captured Saraqib.") == [
        ("saraqib", "opposition", "captured")
    ]


def test_a_sheet_with_a_registered_outlet_can_be_previewed_before_review(cli, tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(HEADER + BODY, encoding="utf-8")
    sheet = tmp_path / "candidates.csv"
    made = cli("ingest", article, "--outlet", "The Example Gazette", "--outlet-role", "outlet", "--out", sheet)
    assert made.exit_code == 0, made.output
    preview = cli("states", "--date", "2024-11-30", "--format", "csv", "--include", sheet)
    assert preview.exit_code == 0, preview.output
    row = next(line for line in preview.output.splitlines() if line.startswith("saraqib,"))
    assert "cand-rebels-town-" in row


def test_in_an_actors_hands_is_held_by_that_actor_and_shaking_hands_is_nothing(ingestor):
    assert claims(ingestor, "Saraqib, a town in rebel hands since 2015, was shelled.") == [
        ("saraqib", "opposition", "holds")
    ]
    assert claims(ingestor, "The envoy shook hands with officials in Saraqib.") == []


@pytest.mark.parametrize(
    "cue",
    [
        "managed to regain total control of",
        "regained total control of",
        "managed to regain full control of",
        "regained full control of",
        "took total control of",
        "had taken total control of",
    ],
)
def test_total_and_full_control_read_as_a_capture(ingestor, cue):
    found = claims(ingestor, f"The army {cue} Saraqib.")
    assert found and {(p, s) for p, s, _ in found} == {("saraqib", "government")}


def test_wire_copy_relayed_by_an_outlet_is_the_wires_claim(ingestor):
    text = "BEIRUT (AFP) - Rebels captured Saraqib on Friday.\n"
    relayed = [c.fields for c in ingestor.ingest(text, "2024-11-30", outlet="cnn").candidates if c.kind == "claim"]
    assert [(f["claimant"], f["stance"], f["outlet"]) for f in relayed] == [("afp", "attributed", "cnn")]
    own = [c.fields for c in ingestor.ingest(text, "2024-11-30", outlet="afp").candidates if c.kind == "claim"]
    assert [(f["claimant"], f["stance"]) for f in own] == [("", "asserted")], "the wire's own site speaks for itself"


def test_reuters_is_a_wire_whose_relayed_copy_it_claims(ingestor):
    text = "IDLIB, Syria (Reuters) - Rebels captured Saraqib on Friday.\n"
    relayed = [c.fields for c in ingestor.ingest(text, "2024-11-30", outlet="cnn").candidates if c.kind == "claim"]
    assert [(f["claimant"], f["stance"]) for f in relayed] == [("reuters", "attributed")]
