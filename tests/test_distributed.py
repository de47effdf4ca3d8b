"""Beyond one machine: the Dask engine gives the local path's results, on two local workers."""

from pathlib import Path

import pandas as pd
import pytest

from aleppo_map import distributed
from aleppo_map.ingest import Ingestor, candidates_frame
from aleppo_map.states import Resolver

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.distributed")
    c = distributed.connect("local", workers=2)
    assert len(c.scheduler_info()["workers"]) == 2
    yield c
    distributed.close(c)


def test_ingestion_on_the_cluster_gives_the_local_candidates_in_the_same_order(client, dataset, tmp_path):
    files = sorted(FIXTURES.glob("*.txt")) * 3
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    jobs = [(p, pd.Timestamp("2024-11-30").date(), "afp") for p in files] + [
        (tmp_path / "bad.txt", pd.Timestamp("2024-11-30").date(), "")
    ]
    local = distributed.ingest_files(dataset.root, jobs, ingestor=Ingestor(dataset))
    remote = distributed.ingest_files(dataset.root, jobs, client=client, batch=4)
    assert [p for _, p in local] == [p for _, p in remote]
    assert remote[-1][0] is None and "binary" in remote[-1][1]
    a = candidates_frame([d for d, _ in local if d is not None])
    b = candidates_frame([d for d, _ in remote if d is not None])
    assert len(a) > 10
    pd.testing.assert_frame_equal(a, b)


def test_state_resolution_on_the_cluster_gives_the_local_states(client, dataset):
    local = Resolver(dataset)
    remote = distributed.resolve(Resolver(dataset), client, parts=5)
    for day in ("2024-11-26", "2024-11-30", "2024-12-01"):
        pd.testing.assert_frame_equal(
            pd.DataFrame(local.states(day)).drop(columns="geometry"),
            pd.DataFrame(remote.states(day)).drop(columns="geometry"),
        )
    days = pd.date_range("2024-11-20", "2024-12-03")
    pd.testing.assert_frame_equal(local.timeline(days), distributed.timeline(remote, days, client, parts=3))


def test_the_cli_ingests_with_the_dask_engine(cli, tmp_path):
    out_local, out_dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    files = sorted(str(p) for p in FIXTURES.glob("*.txt"))
    assert cli("ingest", *files, "--published", "2024-11-30", "--outlet", "afp", "--out", out_local).exit_code == 0
    result = cli(
        "ingest",
        *files,
        "--published",
        "2024-11-30",
        "--outlet",
        "afp",
        "--out",
        out_dask,
        "--engine",
        "dask",
        "--scheduler",
        "local",
    )
    assert result.exit_code == 0, result.output
    assert out_local.read_bytes() == out_dask.read_bytes()


def test_an_unreachable_scheduler_is_a_clear_error(cli, tmp_path):
    files = [str(next(FIXTURES.glob("*.txt")))]
    result = cli("ingest", *files, "--published", "2024-11-30", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code != 0
    assert "cannot reach the Dask scheduler" in result.output


def test_a_site_rendered_on_the_cluster_is_the_same_bytes_as_the_local_one(client, tinywar, tmp_path):
    from aleppo_map.dataset import Dataset
    from aleppo_map.site import build_site

    from .test_maps import digest

    local = build_site(Resolver(Dataset.load(tinywar)), tmp_path / "local", workers=1)
    remote = build_site(Resolver(Dataset.load(tinywar)), tmp_path / "dask", client=client)
    assert remote.rendered == local.rendered and len(remote.rendered) == 6
    assert digest(tmp_path / "dask") == digest(tmp_path / "local")
