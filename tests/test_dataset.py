"""dataset: every file of a data folder read and checked at once."""

import pandas as pd
import pytest

from aleppo_map.dataset import DataError, Dataset


def test_a_data_folder_loads_with_its_claims_and_the_gazetteer(tinywar):
    ds = Dataset.load(tinywar)
    assert len(ds.claims) > 0 and len(ds.places) > 0
    assert set(ds.claims["place_id"]) <= set(ds.places["id"])


def test_loaded_claims_hold_repeated_columns_as_categories_that_read_as_their_text(tinywar):
    ds = Dataset.load(tinywar)
    text = Dataset.read(tinywar).claims  # as checked: plain text
    for column in ("place_id", "side", "action", "about_date", "outlet", "claimant"):
        assert isinstance(ds.claims[column].dtype, pd.CategoricalDtype), column
        assert ds.claims[column].astype("str").tolist() == text[column].tolist()
    # Ids and free text stay text: each is different, or written by a person.
    for column in ("id", "except", "quote", "note"):
        assert ds.claims[column].dtype == "str", column
    assert (ds.claims["side"] == text["side"].iloc[0]).sum() == (text["side"] == text["side"].iloc[0]).sum()


def test_every_problem_is_reported_at_once_with_file_line_and_field(tinywar):
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("t90,zenda,purple,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,q,invented,\n")
        fh.write("t91,atlantis,blue,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,q,invented,\n")
    with pytest.raises(DataError) as caught:
        Dataset.load(tinywar)
    text = str(caught.value)
    assert "claims.csv:" in text and "side:" in text and "place_id:" in text


def test_many_claims_with_a_few_bad_ones_report_exactly_those(tinywar):
    """The cross-file checks run column by column: only the bad rows are named, in row order."""
    good = "x{i:05d},strelsau,red,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,,invented,\n"
    rows = [good.format(i=i) for i in range(20_000)]
    rows[10] = rows[10].replace("strelsau,red", "atlantis,red")
    rows[500] = rows[500].replace(",gazette,", ",nobody,")
    rows[9_000] = rows[9_000].replace("2020-02-10,day", "2020-02-12,day")
    rows[19_999] = rows[19_999].replace("asserted,,,", "attributed,,,")
    claims = tinywar / "claims.csv"
    before = len(claims.read_text(encoding="utf-8").splitlines())
    with open(claims, "a", encoding="utf-8") as fh:
        fh.writelines(rows)
    problems = Dataset.read(tinywar).problems
    line = before + 1  # the first appended row's line
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("claims.csv", line + 10, "place_id"),
        ("claims.csv", line + 500, "outlet"),
        ("claims.csv", line + 9_000, "about_date"),
        ("claims.csv", line + 19_999, "claimant"),
    ]
    assert problems[2].message == "2020-02-12 is after the publication date 2020-02-11"
