"""Wrong names: unknown indicators, repeated ones, a unit of the wrong kind, one unit id twice."""

from __future__ import annotations

from .conftest import CRITERIA, UNIT_A, UNIT_TEXT, Workspace, assert_refused, line_of, run


def test_unknown_indicator_suggests_the_closest(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("  vi_pham_ky_luat: 0", "  vi_pham_ky_luat: 0\n  ty_le_hai_lon: 80"))
    line = line_of(UNIT_TEXT, "vi_pham_ky_luat") + 1
    assert_refused(run("score", "--criteria", CRITERIA, unit), "chỉ số 'ty_le_hai_lon' không có trong bộ tiêu chí",
                   "có phải là 'ty_le_hai_long'?", file=unit, line=line)


def test_unknown_indicator_written_with_accents_suggests_the_name(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("  vi_pham_ky_luat: 0", "  vi_phạm_kỷ_luật: 0"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "'vi_phạm_kỷ_luật'", "có phải là 'vi_pham_ky_luat'?",
                   file=unit, line=line_of(UNIT_TEXT, "vi_pham_ky_luat"))


def test_same_indicator_twice(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("  ho_so_tre_han: 3", "  ho_so_tre_han: 3\n  ho_so_tre_han: 30"))
    first = line_of(UNIT_TEXT, "ho_so_tre_han")
    assert_refused(run("score", "--criteria", CRITERIA, unit), "'ho_so_tre_han' bị lặp", f"dòng {first}",
                   file=unit, line=first + 1)


def test_missing_required_indicator(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("  dvc_toan_trinh: 30\n", ""))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "thiếu chỉ số bắt buộc 'dvc_toan_trinh'",
                   file=unit, line=line_of(UNIT_TEXT, "indicators:"))


def test_misspelt_field_suggests_the_right_one(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("unit_name:", "unit_nam:"))
    result = run("score", "--criteria", CRITERIA, unit)
    assert_refused(result, "trường 'unit_nam' không có trong định dạng", "có phải là 'unit_name'?",
                   file=unit, line=line_of(UNIT_TEXT, "unit_name"))
    assert "thiếu trường bắt buộc 'unit_name'" in result.err


def test_unit_of_the_wrong_kind(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("unit_kind: so", "unit_kind: huyen"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "đơn vị loại 'huyen'", "'so' (Sở, ban, ngành)",
                   "hãy chọn đúng bộ tiêu chí", file=unit, line=line_of(UNIT_TEXT, "unit_kind"))


def test_two_files_with_the_same_unit_id(ws: Workspace) -> None:
    copy = ws.unit("b-copy.yaml")
    result = run("rank", "--criteria", CRITERIA, UNIT_A, copy)
    # files are taken in the order given: unit-a.yaml first, so the copy is the duplicate
    assert_refused(result, "mã đơn vị 'so-mau-a' trùng với tệp", str(UNIT_A), "mỗi đơn vị chỉ có một tệp",
                   file=copy, line=line_of(UNIT_TEXT, "unit_id"))
