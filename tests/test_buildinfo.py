"""What a site was built from: the inputs' hash, each file's size and hash, the lock and recovery."""

from __future__ import annotations

import shutil

import pytest

from aleppo_map import buildinfo
from aleppo_map.buildinfo import (
    BuildLocked,
    damaged_files,
    file_digests,
    inputs_digest,
    intact_files,
    read_manifest,
    recover,
    site_lock,
    verify_site,
    write_manifest,
)


@pytest.fixture
def built(tmp_path):
    site = tmp_path / "site"
    (site / "maps").mkdir(parents=True)
    (site / "index.html").write_text("<h1>index</h1>", encoding="utf-8")
    (site / "maps" / "latest.html").write_text("<p>map</p>", encoding="utf-8")
    write_manifest(site, {"inputs": "x", "files": file_digests(site)})
    return site


def test_the_inputs_hash_changes_with_the_data_the_options_and_an_extra_file(tinywar, tmp_path):
    before = inputs_digest(tinywar, {"tiles": "none"})
    assert inputs_digest(tinywar, {"tiles": "none"}) == before
    assert inputs_digest(tinywar, {"tiles": "osm"}) != before
    extra = tmp_path / "candidates.csv"
    extra.write_text("id\n", encoding="utf-8")
    assert inputs_digest(tinywar, {"tiles": "none"}, [extra]) != before
    claims = tinywar / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs_digest(tinywar, {"tiles": "none"}) != before


def test_hidden_files_in_the_data_folder_do_not_count(tinywar):
    before = inputs_digest(tinywar)
    (tinywar / ".notes.swp").write_text("editor leftovers", encoding="utf-8")
    assert inputs_digest(tinywar) == before


def test_the_manifest_lists_every_file_but_itself_and_an_intact_site_has_no_damage(built):
    manifest = read_manifest(built)
    assert set(manifest["files"]) == {"index.html", "maps/latest.html"}
    assert manifest["files"]["index.html"][0] == len("<h1>index</h1>")
    assert damaged_files(built, manifest) == {}
    assert verify_site(built, manifest) == []


def test_a_missing_or_edited_file_is_named_and_not_reused(built):
    manifest = read_manifest(built)
    (built / "maps" / "latest.html").unlink()
    (built / "index.html").write_text("<h1>INDEX</h1>", encoding="utf-8")  # same size, other bytes
    assert damaged_files(built, manifest) == {"index.html": "was changed", "maps/latest.html": "is missing"}
    assert intact_files(built, manifest) == {}


def test_a_manifest_without_files_vouches_for_nothing(built):
    assert damaged_files(built, {"inputs": "x"}) is None
    assert verify_site(built, {}) == [f"{buildinfo.MANIFEST} lists no files"]
    assert read_manifest(built.parent / "nowhere") == {}


def test_a_file_hard_linked_from_the_previous_site_is_not_hashed_again(built):
    st = (built / "index.html").stat()
    entry = [99, "reused"]
    digests = file_digests(built, {"index.html": ((st.st_dev, st.st_ino), entry)})
    assert digests["index.html"] == entry
    assert digests["maps/latest.html"] != entry


def test_a_second_build_into_the_same_folder_is_refused_while_the_first_holds_the_lock(tmp_path):
    import threading

    out = tmp_path / "site"
    refused = []
    with site_lock(out) as held:
        assert held == out.resolve()

        def other():
            try:
                with site_lock(out):
                    pass
            except BuildLocked as exc:
                refused.append(str(exc))

        t = threading.Thread(target=other)
        t.start()
        t.join()
        with site_lock(out):  # the same thread may take it again (build_site does)
            pass
    assert len(refused) == 1 and "another build" in refused[0]
    assert not (tmp_path / ".site.lock").exists()
    with site_lock(out):  # released
        pass


def test_recovery_puts_back_a_site_hidden_by_a_killed_swap_and_removes_staging_folders(built):
    hidden = built.parent / ".site.old-1"
    hidden.mkdir()
    shutil.move(built, hidden / "site")
    (built.parent / ".site.build-2").mkdir()
    done = recover(built)
    assert (built / "index.html").is_file()
    assert not hidden.exists() and not (built.parent / ".site.build-2").exists()
    assert any("restored" in line for line in done) and any(".site.build-2" in line for line in done)
    assert recover(built) == []
