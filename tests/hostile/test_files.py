"""Paths that are wrong: missing, empty folders, unreadable files, impossible output paths, bad usage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import CRITERIA, UNIT_A, Workspace, assert_refused, run


def test_missing_unit_path(ws: Workspace) -> None:
    missing = ws.folder / "khong-co.yaml"
    assert_refused(run("score", "--criteria", CRITERIA, missing), "không tìm thấy", "kiểm tra đường dẫn",
                   file=missing)


def test_missing_criteria_path(ws: Workspace) -> None:
    missing = ws.folder / "bo-tieu-chi.yaml"
    assert_refused(run("rank", "--criteria", missing, UNIT_A), "không tìm thấy tệp", file=missing)


def test_every_missing_path_is_listed(ws: Workspace) -> None:
    first, second = ws.folder / "a.yaml", ws.folder / "b.yaml"
    result = run("rank", "--criteria", CRITERIA, first, UNIT_A, second)
    assert_refused(result, str(second), "không tìm thấy", file=first)


def test_folder_without_unit_files(ws: Workspace) -> None:
    folder = ws.folder / "don-vi"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("không phải YAML", encoding="utf-8")
    assert_refused(run("rank", "--criteria", CRITERIA, folder), "thư mục không có tệp số liệu .yaml", file=folder)


def test_criteria_path_is_a_folder(ws: Workspace) -> None:
    assert_refused(run("check", ws.folder), "đây là một thư mục", "cần một tệp", file=ws.folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file anyway")
def test_unreadable_file(ws: Workspace) -> None:
    unit = ws.unit("khoa.yaml")
    unit.chmod(0)
    try:
        assert_refused(run("score", "--criteria", CRITERIA, unit), "không có quyền đọc tệp", file=unit)
    finally:
        unit.chmod(0o644)


def test_unreadable_file_simulated(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same refusal when running as root: opening the unit file raises PermissionError."""
    unit = ws.unit("khoa.yaml")
    real_open = os.open

    def guarded_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(str(path)) == unit:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)  # files are opened with os.open (O_NONBLOCK)
    assert_refused(run("score", "--criteria", CRITERIA, unit), "không có quyền đọc tệp", file=unit)


def test_output_in_a_folder_that_does_not_exist(ws: Workspace) -> None:
    target = ws.folder / "chua-tao" / "ket-qua.csv"
    result = run("rank", "--criteria", CRITERIA, UNIT_A, "--output", target, "--format", "csv")
    assert_refused(result, "không tồn tại", "hãy tạo thư mục trước", file=target)
    assert not target.parent.exists()


def test_output_path_is_a_folder(ws: Workspace) -> None:
    result = run("rank", "--criteria", CRITERIA, UNIT_A, "--output", ws.folder)
    assert_refused(result, "đường dẫn kết quả là một thư mục", "hãy ghi tên tệp", file=ws.folder)


@pytest.mark.parametrize(("argv", "words"), [
    (["rank", str(UNIT_A)], ["--criteria"]),
    (["score", "--criteria", str(CRITERIA)], ["thiếu đối số bắt buộc: ĐƠN_VỊ"]),
    (["rank", "--criteria", str(CRITERIA), str(UNIT_A), "--format", "xml"], ["--format", "xml"]),
    (["xep-hang"], ["xep-hang"]),
    ([], ["thiếu đối số bắt buộc: LỆNH"]),
    (["check", str(CRITERIA), "--explain"], ["--explain"]),
], ids=["no-criteria", "no-units", "bad-format", "bad-command", "nothing", "unknown-option"])
def test_wrong_usage_exits_2(argv: list[str], words: list[str]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert "lỗi cách dùng" in result.err and "cách dùng: parindex" in result.err and "usage" not in result.err
    for word in words:
        assert word in result.err
    assert "Traceback" not in result.err and result.out == ""
