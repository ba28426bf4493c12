"""Nothing lost: --output is written atomically, and one bad unit never silently disappears."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest

import parindex.cli

from .conftest import CRITERIA, UNIT_TEXT, Workspace, assert_refused, line_of, run

EARLIER = "kết quả của lần chạy trước\n".encode()


def _folder_with_output(ws: Workspace) -> tuple[Path, Path]:
    out_dir = ws.folder / "ket-qua"
    out_dir.mkdir()
    target = out_dir / "xep-hang.json"
    target.write_bytes(EARLIER)
    return out_dir, target


def test_failed_run_leaves_the_earlier_output_untouched(ws: Workspace) -> None:
    out_dir, target = _folder_with_output(ws)
    bad = ws.unit("bad.yaml", ("ty_le_hai_long: 80", "ty_le_hai_long: 150"))
    result = run("rank", "--criteria", CRITERIA, bad, "--output", target, "--format", "json")
    assert_refused(result, "từ 0 đến 100", "không có kết quả nào được ghi", file=bad,
                   line=line_of(UNIT_TEXT, "ty_le_hai_long"))
    assert target.read_bytes() == EARLIER
    assert os.listdir(out_dir) == ["xep-hang.json"]


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.EXDEV, "Invalid cross-device link")],
                         ids=["interrupted", "os-error"])
def test_interrupted_replace_leaves_the_earlier_output_untouched(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    out_dir, target = _folder_with_output(ws)
    unit = ws.unit("unit.yaml")

    def failing_replace(source: object, destination: object) -> None:
        raise failure

    monkeypatch.setattr(parindex.cli.os, "replace", failing_replace)
    result = run("rank", "--criteria", CRITERIA, unit, "--output", target, "--format", "json")
    assert result.code == 1 and "Traceback" not in result.err and "lỗi nội bộ" not in result.err
    if isinstance(failure, KeyboardInterrupt):
        assert "đã dừng" in result.err and "không ghi tệp kết quả nào" in result.err
    else:
        assert f"không ghi được tệp kết quả {target}" in result.err
    assert target.read_bytes() == EARLIER
    assert os.listdir(out_dir) == ["xep-hang.json"]  # the temporary file was removed


def test_disk_full_while_writing_leaves_the_earlier_output_untouched(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir, target = _folder_with_output(ws)

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(parindex.cli.os, "fsync", full)
    result = run("rank", "--criteria", CRITERIA, ws.unit("unit.yaml"), "--output", target)
    assert result.code == 1
    assert f"không ghi được tệp kết quả {target}: No space left on device" in result.err
    assert target.read_bytes() == EARLIER
    assert os.listdir(out_dir) == ["xep-hang.json"]


def test_folder_that_cannot_take_a_temporary_file(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir, target = _folder_with_output(ws)

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run("rank", "--criteria", CRITERIA, ws.unit("unit.yaml"), "--output", target)
    assert result.code == 1 and "lỗi nội bộ" not in result.err and "Traceback" not in result.err
    assert f"không ghi được tệp kết quả {target}: Permission denied" in result.err
    assert target.read_bytes() == EARLIER
    assert os.listdir(out_dir) == ["xep-hang.json"]


def test_successful_write_replaces_the_file_and_leaves_no_temporary(ws: Workspace) -> None:
    out_dir, target = _folder_with_output(ws)
    result = run("rank", "--criteria", CRITERIA, ws.unit("unit.yaml"), "--output", target, "--format", "json")
    assert result.code == 0, result.err
    assert result.out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["groups"][0]["units"][0]["unit_id"] == "so-mau-a"
    assert os.listdir(out_dir) == ["xep-hang.json"]


def _cohort(ws: Workspace) -> tuple[Path, list[Path]]:
    """Three good units (2.2 relative: 10, 20, 30 online services) and two bad ones."""
    folder = ws.folder / "don-vi"
    folder.mkdir()
    for number in (1, 2, 3):
        (folder / f"so-{number}.yaml").write_text(UNIT_TEXT.replace("so-mau-a", f"so-{number}").replace(
            "dvc_toan_trinh: 30", f"dvc_toan_trinh: {10 * number}"), encoding="utf-8")
    bad_percent = folder / "so-x-phan-tram.yaml"
    bad_percent.write_text(UNIT_TEXT.replace("so-mau-a", "so-x").replace("ty_le_hai_long: 80", "ty_le_hai_long: 150"),
                           encoding="utf-8")
    bad_count = folder / "so-y-dem.yaml"
    bad_count.write_text(UNIT_TEXT.replace("so-mau-a", "so-y").replace("ho_so_da_giai_quyet: 400",
                                                                       "ho_so_da_giai_quyet: 1.635"), encoding="utf-8")
    return folder, [bad_percent, bad_count]


def test_one_bad_unit_among_many_stops_the_ranking(ws: Workspace) -> None:
    folder, (bad_percent, bad_count) = _cohort(ws)
    target = ws.folder / "xep-hang.csv"
    result = run("rank", "--criteria", CRITERIA, folder, "--output", target, "--format", "csv")
    assert_refused(result, "2 lỗi trong số liệu đơn vị", "--skip-invalid", file=bad_percent,
                   line=line_of(UNIT_TEXT, "ty_le_hai_long"))
    assert f"{bad_count}:{line_of(UNIT_TEXT, 'ho_so_da_giai_quyet')}:3: [error]" in result.err  # every problem
    assert "1635" in result.err
    assert not target.exists()
    assert sorted(os.listdir(ws.folder)) == ["don-vi"]


def test_skip_invalid_ranks_the_rest_and_lists_the_refused(ws: Workspace) -> None:
    folder, (bad_percent, bad_count) = _cohort(ws)
    target = ws.folder / "xep-hang.json"
    result = run("rank", "--criteria", CRITERIA, folder, "--skip-invalid", "--output", target, "--format", "json")
    assert result.code == 1  # designed: the run had refused units, though it wrote the ranking
    assert "Traceback" not in result.err
    data = json.loads(target.read_text(encoding="utf-8"))
    ranked = [(u["unit_id"], u["rank"]) for g in data["groups"] for u in g["units"]]
    # 2.2 relative: 10/30, 20/30 and 30/30 of 1 point; everything else equal, so so-3 leads
    assert ranked == [("so-3", 1), ("so-2", 2), ("so-1", 3)]
    refused = [r["text"] for r in data["refused"]]  # each problem as shown: 'file:line:col: [error] message'
    assert len(refused) == 2
    assert [r["code"] for r in data["refused"]] == ["unit.out-of-range", "unit.not-whole"]
    percent_line, count_line = line_of(UNIT_TEXT, "ty_le_hai_long"), line_of(UNIT_TEXT, "ho_so_da_giai_quyet")
    assert any(r.startswith(f"{bad_percent}:{percent_line}:") and "từ 0 đến 100" in r for r in refused)
    assert any(r.startswith(f"{bad_count}:{count_line}:") and "1635" in r for r in refused)


def test_skip_invalid_table_lists_refused_units_with_reasons(ws: Workspace) -> None:
    folder, (bad_percent, bad_count) = _cohort(ws)
    result = run("rank", "--criteria", CRITERIA, folder, "--skip-invalid")
    assert result.code == 1
    assert "so-1" in result.out and "so-2" in result.out and "so-3" in result.out
    assert "Đơn vị bị loại khỏi xếp hạng" in result.out
    assert f"{bad_percent}:{line_of(UNIT_TEXT, 'ty_le_hai_long')}" in result.out
    assert str(bad_count) in result.out
