"""features: rivers are named in reports, but no claim is ever about one."""

from aleppo_map.features import features


def test_rivers_come_from_the_curated_file_with_their_source(dataset):
    table = features(str(dataset.root))
    feature, bare_enough = table["euphrates"]
    assert feature.kind == "river" and feature.place_id == "feature:" + feature.id
    assert feature.source  # every row says where it was checked
    assert "not a place a claim is about" in feature.describe()
    assert isinstance(bare_enough, bool)


def test_a_data_folder_without_the_file_has_no_features(tinywar):
    assert features(str(tinywar)) == {}
