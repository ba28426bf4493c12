"""Broken YAML: syntax, tabs, duplicate keys, alias bombs, deep nesting, size, encodings, tags."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

import parindex.intake.yamlfile
from parindex.core.errors import InputProblems
from parindex.intake.yamlfile import load_yaml

from .conftest import CRITERIA, CRITERIA_TEXT, FILES, UNIT_A, UNIT_TEXT, Workspace, assert_refused, line_of, run


def score(unit: Path, criteria: Path = CRITERIA, *extra: str):  # type: ignore[no-untyped-def]
    return run("score", "--criteria", criteria, unit, *extra)


def test_unclosed_bracket_names_the_line(ws: Workspace) -> None:
    path = FILES / "unclosed-bracket.yaml"
    # the flow mapping opened on line 5 is still open when the file ends (line 6)
    assert_refused(score(path), "lỗi cú pháp YAML", file=path, line=6)


def test_bad_indentation(ws: Workspace) -> None:
    unit = ws.unit("indent.yaml", ("  vi_pham_ky_luat: 0", " vi_pham_ky_luat: 0"))
    assert_refused(score(unit), "lỗi cú pháp YAML", "thụt lề", file=unit, line=line_of(UNIT_TEXT, "vi_pham_ky_luat"))


def test_colon_in_value_hints_at_quotes(ws: Workspace) -> None:
    unit = ws.unit("colon.yaml", ("period: Năm 2025", "period: Năm: 2025"))
    assert_refused(score(unit), "dấu ':' không đúng chỗ", "dấu nháy", file=unit, line=line_of(UNIT_TEXT, "period"))


def test_tab_indentation(ws: Workspace) -> None:
    unit = ws.unit("tab.yaml", ("  vi_pham_ky_luat: 0", "\tvi_pham_ky_luat: 0"))
    assert_refused(score(unit), "tab", "dấu cách", file=unit, line=line_of(UNIT_TEXT, "vi_pham_ky_luat"))


def test_duplicate_indicator_in_unit_names_both_lines(ws: Workspace) -> None:
    unit = ws.unit("dup.yaml", ("  vi_pham_ky_luat: 0", "  vi_pham_ky_luat: 0\n  vi_pham_ky_luat: 2"))
    first = line_of(UNIT_TEXT, "vi_pham_ky_luat")
    result = score(unit)
    assert_refused(result, "'vi_pham_ky_luat' bị lặp", f"dòng {first}", "xóa", file=unit, line=first + 1)


def test_duplicate_key_in_criteria(ws: Workspace) -> None:
    criteria = ws.criteria("dup-criteria.yaml", ("total_points: 11", "total_points: 11\ntotal_points: 12"))
    line = line_of(CRITERIA_TEXT, "total_points") + 1
    assert_refused(run("check", criteria), "'total_points' bị lặp", file=criteria, line=line)


def test_billion_laughs_is_refused_quickly() -> None:
    path = FILES / "billion-laughs.yaml"
    started = time.monotonic()
    result = score(path)
    assert time.monotonic() - started < 20  # expanded, the file would hold 9**9 values
    assert_refused(result, "quá nhiều giá trị", "bí danh", file=path)


@pytest.mark.parametrize("levels", [100, 5_000])
def test_deep_flow_nesting(ws: Workspace, levels: int) -> None:
    unit = ws.unit("deep.yaml", text="unit_id: " + "[" * levels + "]" * levels + "\n")
    limit = parindex.intake.yamlfile.MAX_DEPTH
    assert_refused(score(unit), "lồng nhau quá sâu", f"tối đa {limit} cấp", file=unit, line=1)


def test_deep_block_nesting(ws: Workspace) -> None:
    # "thousands of levels": 1 500 nested mappings, one space of indentation per level (1,1 MB)
    text = "".join(" " * i + f"k{i}:\n" for i in range(1_500)) + " " * 1_500 + "lá\n"
    unit = ws.unit("deep-block.yaml", text=text)
    # line n holds the n-th nested mapping; the key k63 on line 64 (column 64) is inside 64 mappings,
    # so it is the first value at level 65, one more than MAX_DEPTH = 64 allows
    depth = parindex.intake.yamlfile.MAX_DEPTH
    assert_refused(score(unit), "lồng nhau quá sâu", file=unit, line=depth)
    assert f"{unit}:{depth}:{depth}:" in score(unit).err


def test_size_limit_argument(ws: Workspace) -> None:
    size = UNIT_A.stat().st_size
    with pytest.raises(InputProblems) as caught:
        load_yaml(UNIT_A, max_bytes=size - 1)
    (problem,) = caught.value.problems
    assert problem.file == str(UNIT_A)
    assert "tệp quá lớn" in problem.message and f"{size:,}" in problem.message
    assert load_yaml(UNIT_A, max_bytes=size).data["unit_id"] == "so-mau-a"  # exactly at the limit is fine


def test_size_limit_through_the_cli(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    limit = CRITERIA.stat().st_size + 100  # the criteria set still fits
    padding = "#" * (limit + 50) + "\n"
    unit = ws.unit("big.yaml", ("unit_id: so-mau-a", padding + "unit_id: so-mau-a"))
    monkeypatch.setattr(parindex.intake.yamlfile, "MAX_FILE_BYTES", limit)
    assert_refused(score(unit), "tệp quá lớn", f"tối đa {limit:,} byte", file=unit)


def test_size_limit_is_checked_before_reading_a_device() -> None:
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    started = time.monotonic()
    result = run("check", zero)  # endless bytes: a device is refused before any read
    assert time.monotonic() - started < 20
    assert_refused(result, "không phải là một tệp thông thường", "thiết bị", file=zero)


@pytest.mark.parametrize("text", ["", "# chỉ có chú thích\n", "\n\n   \n"], ids=["empty", "comment", "blank"])
def test_empty_file(ws: Workspace, text: str) -> None:
    unit = ws.unit("empty.yaml", text=text)
    assert_refused(score(unit), "tệp rỗng", file=unit)


def test_list_instead_of_mapping() -> None:
    path = FILES / "list-not-mapping.yaml"
    assert_refused(score(path), "bảng khóa–giá trị", "danh sách", file=path, line=2)


def test_single_value_instead_of_mapping(ws: Workspace) -> None:
    unit = ws.unit("scalar.yaml", text="chỉ một dòng chữ\n")
    assert_refused(score(unit), "bảng khóa–giá trị", "giá trị đơn", file=unit, line=1)


def test_criteria_file_that_is_a_list(ws: Workspace) -> None:
    path = ws.unit("criteria-list.yaml", text="- id: a\n- id: b\n")
    assert_refused(run("check", path), "bảng khóa–giá trị", file=path, line=1)


def test_windows_1258_bytes_are_refused_with_the_line(ws: Workspace) -> None:
    # Windows-1258 encodes 'ư' as byte 0xFD, which is not valid UTF-8.
    text = UNIT_TEXT.replace("Sở Mẫu A (hư cấu)", "Tư pháp")
    unit = ws.raw("cp1258.yaml", text.encode("cp1258"))
    line = line_of(text, "unit_name")
    assert_refused(score(unit), "không phải mã UTF-8", "0xFD", "Windows-1258", "UTF-8", file=unit, line=line)


def _score_json(unit: Path) -> dict[str, object]:
    result = score(unit, CRITERIA, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    (scored,) = data["units"]
    scored.pop("file")
    return scored  # type: ignore[no-any-return]


def test_utf8_bom_is_accepted(ws: Workspace) -> None:
    unit = ws.raw("bom.yaml", b"\xef\xbb\xbf" + UNIT_TEXT.encode("utf-8"))
    scored = _score_json(unit)
    assert scored == _score_json(UNIT_A)
    assert scored["total"] == "5.3425"  # the documented total of unit A: 4,8425 + 0,5 bonus


def test_crlf_line_endings_are_accepted(ws: Workspace) -> None:
    unit = ws.raw("crlf.yaml", UNIT_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert _score_json(unit) == _score_json(UNIT_A)


def test_crlf_errors_keep_line_numbers(ws: Workspace) -> None:
    text = UNIT_TEXT.replace("ty_le_hai_long: 80", "ty_le_hai_long: 150")
    unit = ws.raw("crlf-bad.yaml", text.replace("\n", "\r\n").encode("utf-8"))
    assert_refused(score(unit), "từ 0 đến 100", file=unit, line=line_of(text, "ty_le_hai_long"))


def test_python_object_tag_is_refused_and_never_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    path = FILES / "python-object.yaml"
    assert_refused(score(path), "thẻ YAML", "python/object/apply:os.system", "không được phép", file=path, line=5)
    assert not (tmp_path / "parindex-pwned").exists()


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:subprocess.check_output [['id']]",
    "!!python/name:os.system",
    "!!python/object/new:dict {}",
    "!!binary aGVsbG8=",
    "!ThuVienRieng {}",
])
def test_other_tags_are_refused(ws: Workspace, tag: str) -> None:
    unit = ws.unit("tag.yaml", ("period: Năm 2025", f"period: {tag}"))
    assert_refused(score(unit), "thẻ YAML", "không được phép", file=unit, line=line_of(UNIT_TEXT, "period"))


def test_merge_key_is_refused(ws: Workspace) -> None:
    text = UNIT_TEXT + "mac_dinh: &md {vi_pham_ky_luat: 0}\nthem:\n  <<: *md\n"
    unit = ws.unit("merge.yaml", text=text)
    assert_refused(score(unit), "khóa gộp '<<'", file=unit, line=text.count("\n"))


def test_control_character_is_refused(ws: Workspace) -> None:
    text = UNIT_TEXT.replace("Năm 2025", "Năm\x002025")
    unit = ws.raw("nul.yaml", text.encode("utf-8"))
    assert_refused(score(unit), "ký tự điều khiển", "U+0000", file=unit, line=line_of(UNIT_TEXT, "period"))


def test_two_documents_in_one_file(ws: Workspace) -> None:
    unit = ws.unit("two.yaml", text=UNIT_TEXT + "---\n" + UNIT_TEXT)
    assert_refused(score(unit), "nhiều tài liệu YAML", file=unit, line=UNIT_TEXT.count("\n") + 1)
