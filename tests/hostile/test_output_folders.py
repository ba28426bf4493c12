"""A units folder never loses a unit without a word: a *.yaml entry that is not a regular file is
refused by name, other files are named in a warning, sub-folders are walked without recursion, at
most cli.MAX_FOLDER_DEPTH levels deep, and a symbolic link back up the tree is entered only once."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from parindex.cli import MAX_FOLDER_DEPTH

from .conftest import CRITERIA, UNIT_TEXT, Workspace, assert_refused, run


def _units_folder(ws: Workspace) -> Path:
    folder = ws.folder / "don-vi"
    folder.mkdir()
    (folder / "a.yaml").write_text(UNIT_TEXT, encoding="utf-8")
    return folder


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.parent / "da-xoa.yaml")
    return path


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()
    return path


@pytest.mark.parametrize(("make", "name", "what"), [
    (_fifo, "b.yaml", "FIFO (ống dẫn có tên)"),
    (_dangling, "b.yaml", "liên kết tượng trưng trỏ tới tệp không tồn tại"),
    (_socket, "b.yml", "socket"),
    (_fifo, "B.YAML", "FIFO (ống dẫn có tên)"),
], ids=["fifo", "dangling-link", "socket", "upper-case-fifo"])
def test_special_entry_named_yaml_is_refused_by_name(ws: Workspace, make: object, name: str, what: str) -> None:
    folder = _units_folder(ws)
    entry = make(folder / name)  # type: ignore[operator]
    result = run("rank", "--criteria", CRITERIA, folder)
    assert_refused(result, f"'{name}' không phải tệp số liệu thường ({what})", "đơn vị này không được chấm",
                   "không có kết quả nào được ghi", file=entry)
    skipped = run("rank", "--criteria", CRITERIA, folder, "--skip-invalid")
    assert skipped.code == 1
    assert "Sở, ban, ngành — 1 đơn vị" in skipped.out  # the readable unit is ranked…
    assert f"- {entry}: [error] '{name}' không phải tệp số liệu thường" in skipped.out  # …the other listed


def test_special_entries_in_a_sub_folder_are_refused_too(ws: Workspace) -> None:
    folder = _units_folder(ws)
    (folder / "huyen").mkdir()
    fifo = _fifo(folder / "huyen" / "c.yaml")
    link = _dangling(folder / "huyen" / "d.yaml")
    result = run("rank", "--criteria", CRITERIA, folder)
    assert_refused(result, "FIFO", file=fifo)
    assert f"{link}: [error]" in result.err
    assert "2 lỗi trong số liệu đơn vị" in result.err


@pytest.mark.parametrize("names", [["bang-tinh.xls"], ["ghi-chu.txt", "Thumbs.db"], ["a.yaml.bak", "b.json"]])
def test_files_that_are_not_yaml_are_named_in_a_warning(ws: Workspace, names: list[str]) -> None:
    folder = _units_folder(ws)
    for name in names:
        (folder / name).write_bytes(b"PK\x03\x04")
    result = run("rank", "--criteria", CRITERIA, folder)
    assert result.code == 0, result.err  # a warning does not change the exit code
    assert "Sở, ban, ngành — 1 đơn vị" in result.out
    for name in names:
        assert (f"{folder / name}: [warning] tệp '{name}' không phải tệp số liệu .yaml hay .xlsx; bỏ qua"
                in result.err.splitlines())
    assert len(result.err.splitlines()) == len(names)


def test_folder_of_only_other_files_is_still_refused(ws: Workspace) -> None:
    folder = ws.folder / "don-vi"
    folder.mkdir()
    (folder / "bang-tinh.ods").write_bytes(b"PK")
    result = run("rank", "--criteria", CRITERIA, folder)
    assert_refused(result, "thư mục không có tệp số liệu .yaml hay .xlsx nào", file=folder)
    assert "'bang-tinh.ods' không phải tệp số liệu .yaml hay .xlsx" in result.err


def _nest(root: Path, levels: int) -> Path:
    deepest = root
    for _ in range(levels):  # Path.mkdir(parents=True) and os.makedirs recurse
        deepest = deepest / "d"
        deepest.mkdir()
    return deepest


def _remove_nested(root: Path, levels: int) -> None:
    """shutil.rmtree recurses; a 1,100-level tree is removed from the bottom up instead."""
    for level in range(levels, 0, -1):
        folder = root.joinpath(*(["d"] * level))
        for entry in folder.iterdir():
            if not entry.is_dir():
                entry.unlink()
        folder.rmdir()


@pytest.mark.parametrize("levels", [MAX_FOLDER_DEPTH + 1, 200, 1_100])
def test_folder_nested_too_deep_is_refused(ws: Workspace, levels: int) -> None:
    folder = _units_folder(ws)
    (_nest(folder, levels) / "sau.yaml").write_text(UNIT_TEXT, encoding="utf-8")
    try:
        result = run("rank", "--criteria", CRITERIA, folder)
    finally:
        _remove_nested(folder, levels)
    assert_refused(result, f"nằm sâu hơn {MAX_FOLDER_DEPTH} cấp",
                   f"hãy đặt các tệp số liệu trong tối đa {MAX_FOLDER_DEPTH} cấp thư mục con", file=folder)
    assert len(result.err.splitlines()) == 1


def test_folder_nested_to_the_limit_is_read(ws: Workspace) -> None:
    folder = ws.folder / "don-vi"
    folder.mkdir()
    (_nest(folder, MAX_FOLDER_DEPTH) / "sau.yaml").write_text(UNIT_TEXT, encoding="utf-8")
    result = run("rank", "--criteria", CRITERIA, folder)
    assert result.code == 0, result.err
    assert "Sở, ban, ngành — 1 đơn vị" in result.out


@pytest.mark.parametrize("link", ["vong", "huyen/vong", "huyen/xa/vong"])
def test_link_back_up_the_tree_is_entered_once(ws: Workspace, link: str) -> None:
    folder = _units_folder(ws)
    (folder / "huyen" / "xa").mkdir(parents=True)
    (folder / link).symlink_to(folder, target_is_directory=True)
    result = run("rank", "--criteria", CRITERIA, folder)
    assert result.code == 0, result.err
    assert "Sở, ban, ngành — 1 đơn vị" in result.out  # a.yaml read once, not once per way to reach it


def test_linked_folder_elsewhere_is_followed(ws: Workspace) -> None:
    folder = _units_folder(ws)
    other = ws.folder / "noi-khac"
    other.mkdir()
    (other / "b.yaml").write_text(UNIT_TEXT.replace("unit_id: so-mau-a", "unit_id: so-mau-b"), encoding="utf-8")
    (folder / "lien-ket").symlink_to(other, target_is_directory=True)
    result = run("rank", "--criteria", CRITERIA, folder)
    assert result.code == 0, result.err
    assert "Sở, ban, ngành — 2 đơn vị" in result.out
