"""Wrong values in unit files: each refused at its line with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CRITERIA, UNIT_TEXT, Workspace, assert_refused, line_of, run


def score(unit: Path, criteria: Path = CRITERIA, *extra: str):  # type: ignore[no-untyped-def]
    return run("score", "--criteria", criteria, unit, *extra)


# (indicator line in unit-a.yaml, new value, words the message must contain)
VALUE_CASES = [
    # decimal comma: the documented choice is to refuse it and show the dotted number
    ("ty_le_hai_long: 80", "12,5", ["dấu phẩy thập phân", "dấu chấm: 12.5"]),
    ("ty_le_hai_long: 80", '"12,5"', ["dấu phẩy thập phân", "dấu chấm: 12.5"]),
    ("ty_le_hai_long: 80", '"80,5%"', ["dấu phẩy thập phân", "80.5%"]),
    ("chi_tieu_hoan_thanh: 7", ".nan", ["không phải là một số hữu hạn"]),
    ("ty_le_hai_long: 80", ".inf", ["không phải là một số hữu hạn"]),
    ("ty_le_hai_long: 80", "-.inf", ["không phải là một số hữu hạn"]),
    ("ty_le_hai_long: 80", "1e309", ["quá lớn hoặc quá nhỏ"]),
    ("ty_le_hai_long: 80", "1.0e+309", ["quá lớn hoặc quá nhỏ"]),
    ("chi_tieu_hoan_thanh: 7", "1.0e+99999999", ["quá lớn hoặc quá nhỏ"]),
    ("ty_le_hai_long: 80", "1.0e-99999999", ["quá lớn hoặc quá nhỏ"]),
    ("chi_tieu_hoan_thanh: 7", "1" + "0" * 5_000, ["quá lớn hoặc quá nhỏ", "(5001 ký tự)"]),
    ("chi_tieu_hoan_thanh: 7", "-3", ["số đếm", "không được âm"]),
    ("ty_le_hai_long: 80", "150", ["tỷ lệ phần trăm", "từ 0 đến 100", "nhận 150"]),
    ("ty_le_hai_long: 80", '"150%"', ["tỷ lệ phần trăm", "từ 0 đến 100"]),
    ("ty_le_hai_long: 80", "-5", ["từ 0 đến 100"]),
    ("chi_tieu_hoan_thanh: 7", "true", ["cần một số", "đúng/sai"]),
    ("chi_tieu_hoan_thanh: 7", "có", ["không phải là số"]),
    ("chi_tieu_hoan_thanh: 7", '"7%"', ["số đếm", "không viết dấu '%'"]),
    ("chi_tieu_hoan_thanh: 7", "2.5", ["số đếm", "số nguyên"]),
    # Vietnamese thousands dot: 1.635 means one thousand six hundred thirty-five
    ("ho_so_da_giai_quyet: 400", "1.635", ["số đếm", "số nguyên", "viết liền không dấu chấm: 1635"]),
    ("ho_so_da_giai_quyet: 400", "0x1F", ["không phải là số"]),
    ("ho_so_da_giai_quyet: 400", "{a: 1}", ["cần một số", "bảng khóa–giá trị"]),
    ("ho_so_da_giai_quyet: 400", "[1, 2]", ["cần một số", "danh sách"]),
    ("co_bo_tri_kinh_phi: true", "1", ["true/false", "có/không"]),
    ("ke_hoach_cchc: khong_kip_thoi", "kip_thoii", ["không phải lựa chọn hợp lệ", "có phải là 'kip_thoi'?"]),
]


@pytest.mark.parametrize(("line_text", "value", "words"), VALUE_CASES,
                         ids=[f"{c[0].split(':')[0]}={c[1][:16]}" for c in VALUE_CASES])
def test_bad_value_is_refused_at_its_line(ws: Workspace, line_text: str, value: str, words: list[str]) -> None:
    name = line_text.split(":")[0]
    unit = ws.unit("unit.yaml", (line_text, f"{name}: {value}"))
    result = score(unit)
    assert_refused(result, f"'{name}'", *words, file=unit, line=line_of(UNIT_TEXT, name))
    problem_lines = [ln for ln in result.err.splitlines() if "[error]" in ln]
    assert len(problem_lines) == 1 and len(problem_lines[0]) < 400  # one short line, even for 5 000 digits


def test_required_value_left_empty(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh:"))
    assert_refused(score(unit), "'chi_tieu_hoan_thanh'", "để trống", "hãy kê khai",
                   file=unit, line=line_of(UNIT_TEXT, "chi_tieu_hoan_thanh"))


# A criteria set with a date indicator (the example set has none): same set plus `ngay_ban_hanh`.
DATE_INDICATOR = """  ngay_ban_hanh:
    label: Ngày ban hành kế hoạch CCHC
    kind: date
    missing: no_data
  vi_pham_ky_luat:"""


@pytest.mark.parametrize("value", ["2025-13-45", "31/02/2025", "15.01.2025", "15/1/25", "20250115", "2025/01/15"])
def test_dates_in_the_wrong_form(ws: Workspace, value: str) -> None:
    criteria = ws.criteria("dates.yaml", ("  vi_pham_ky_luat:", DATE_INDICATOR))
    unit = ws.unit("unit.yaml", ("vi_pham_ky_luat: 0", f"vi_pham_ky_luat: 0\n  ngay_ban_hanh: {value}"))
    line = line_of(UNIT_TEXT, "vi_pham_ky_luat") + 1
    assert_refused(score(unit, criteria), "'ngay_ban_hanh'", "dd/mm/yyyy", file=unit, line=line)


@pytest.mark.parametrize("value", ["15/01/2025", "'15/01/2025'", "2025-01-15"])
def test_dates_in_an_accepted_form(ws: Workspace, value: str) -> None:
    criteria = ws.criteria("dates.yaml", ("  vi_pham_ky_luat:", DATE_INDICATOR))
    unit = ws.unit("unit.yaml", ("vi_pham_ky_luat: 0", f"vi_pham_ky_luat: 0\n  ngay_ban_hanh: {value}"))
    result = score(unit, criteria)
    assert result.code == 0, result.err


# A part larger than its whole: 500 dossiers settled early out of 400 settled in all.
PART_CHECK = """checks:
  - id: truoc_han_trong_tong
    title: Hồ sơ trước hạn không vượt tổng số hồ sơ đã giải quyết
    left: ho_so_truoc_han
    relation: "<="
    right: ho_so_da_giai_quyet
    severity: {severity}
"""


def test_part_larger_than_whole_with_error_severity_refuses_the_unit(ws: Workspace) -> None:
    criteria = ws.criteria("checks.yaml", ("checks:\n", PART_CHECK.format(severity="error")))
    unit = ws.unit("unit.yaml", ("ho_so_truoc_han: 300", "ho_so_truoc_han: 500"))
    result = score(unit, criteria)
    assert_refused(result, "[error] số liệu không khớp", "ho_so_truoc_han = 500 > ho_so_da_giai_quyet = 400",
                   "không có kết quả nào được ghi", file=unit, line=line_of(UNIT_TEXT, "ho_so_truoc_han"))


def test_part_larger_than_whole_with_warning_severity_scores_and_reports(ws: Workspace) -> None:
    criteria = ws.criteria("checks.yaml", ("checks:\n", PART_CHECK.format(severity="warning")))
    unit = ws.unit("unit.yaml", ("ho_so_truoc_han: 300", "ho_so_truoc_han: 500"))
    result = score(unit, criteria)
    assert result.code == 0, result.err
    line = line_of(UNIT_TEXT, "ho_so_truoc_han")
    assert f"{unit}:{line}: [warning] số liệu không khớp" in result.err
    assert "ho_so_truoc_han = 500 > ho_so_da_giai_quyet = 400" in result.out
    # scored anyway: 2.1.1 = (500 + 97) / 400 = 149,25% → clamped to 1 point (was 0,9925), so the
    # total is 5,3425 − 0,9925 + 1 = 5,35 of 9 applicable points
    assert "Tổng điểm: 5,35/9" in result.out
    assert "Traceback" not in result.err
