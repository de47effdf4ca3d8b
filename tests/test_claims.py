"""claims: the vocabulary every claim row is checked against."""

from aleppo_map import claims


def test_the_vocabulary_has_what_a_control_claim_needs():
    assert {"holds", "captured", "withdrew"} <= set(claims.ACTIONS)
    assert {"asserted", "attributed", "denied"} <= set(claims.STANCES)
    columns = set(claims.CLAIMS.names)
    assert {"id", "place_id", "side", "action", "stance", "about_date", "outlet", "quote", "origin"} <= columns
    assert claims.CLAIMS.filename == "claims.csv" and claims.CLAIMS.key == "id"


def test_a_quote_is_short_by_rule():
    assert 0 < claims.MAX_QUOTE <= 500  # a short attributed quote, never an article's sentences
