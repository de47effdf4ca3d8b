"""dataset: every file of a data folder read and checked at once."""

import pytest

from aleppo_map.dataset import DataError, Dataset


def test_a_data_folder_loads_with_its_claims_and_the_gazetteer(tinywar):
    ds = Dataset.load(tinywar)
    assert len(ds.claims) > 0 and len(ds.places) > 0
    assert set(ds.claims["place_id"]) <= set(ds.places["id"])


def test_every_problem_is_reported_at_once_with_file_line_and_field(tinywar):
    with open(tinywar / "claims.csv", "a", encoding="utf-8") as fh:
        fh.write("t90,zenda,purple,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,q,invented,\n")
        fh.write("t91,atlantis,blue,holds,asserted,,,2020-02-10,day,,2020-02-11,gazette,,q,invented,\n")
    with pytest.raises(DataError) as caught:
        Dataset.load(tinywar)
    text = str(caught.value)
    assert "claims.csv:" in text and "side:" in text and "place_id:" in text
