"""Output files: whole or not at all, with the umask's mode, never inside a data folder."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from aleppo_map import files


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), files.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("killed half-way")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_write_replaces_the_file_whole_and_creates_its_folder(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    files.write_text(target, "line 1\r\nline 2\n")
    assert target.read_bytes() == b"line 1\r\nline 2\n"  # newlines as given


def test_a_written_file_has_the_mode_a_plain_open_would_give(tmp_path):
    old = os.umask(0o027)
    try:
        path = files.write_bytes(tmp_path / "x.bin", b"x")
        assert path.stat().st_mode & 0o777 == 0o640
        assert files.file_mode() == 0o640 and files.dir_mode() == 0o750
    finally:
        os.umask(old)


def test_a_path_inside_a_data_folder_is_refused_naming_the_option(tinywar):
    with pytest.raises(files.DataFolderError, match=r"--into .* lies inside the data folder"):
        files.refuse_data_folder(tinywar / "site" / "index.html", option="--into")
    assert files.data_folder_of(tinywar / "deep" / "er") == tinywar.resolve()


def test_the_data_folder_named_counts_even_while_empty(tmp_path):
    empty = tmp_path / "data"
    empty.mkdir()
    assert files.data_folder_of(tmp_path / "elsewhere") is None
    with pytest.raises(files.DataFolderError):
        files.refuse_data_folder(empty / "out.csv", data_dir=empty)


def test_a_link_into_a_data_folder_is_refused_too(tinywar, tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(tinywar, target_is_directory=True)
    with pytest.raises(files.DataFolderError):
        files.refuse_data_folder(link / "out.csv")


def test_csv_text_neutralises_formulas_only_when_asked(tmp_path):
    frame = pd.DataFrame({"quote": ["=1+1", "plain"], "n": [-1, 2]})
    assert files.csv_text(frame).splitlines() == ["quote,n", "'=1+1,-1", "plain,2"]
    assert files.csv_text(frame, spreadsheet_safe=False).splitlines()[1] == "=1+1,-1"
    path = files.write_csv(tmp_path / "f.csv", frame)
    assert pd.read_csv(path)["quote"].tolist() == ["'=1+1", "plain"]
