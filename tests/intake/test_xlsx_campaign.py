"""A campaign in Excel: the pre-filled appraisal sheet (`appraise --format xlsx`), filled by the
appraiser and read back in the round's folder; survey answers in a workbook (`template --survey`);
a filled form and a many-units workbook in the self-assessment folder. Each gives what its YAML or
CSV twin gives, and each problem is reported at its cell."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import run

from .xlsx_helpers import MANY, ROOT, comparable, row_of, template

EXAMPLE = ROOT / "examples" / "chien-dich-2025"
APPRAISAL = "Phiếu thẩm định"
POINTS = "Điểm tiêu chí"
SURVEY = "Phiếu điều tra"


@pytest.fixture
def campaign(tmp_path: Path) -> Path:
    """The example campaign without phuong-an-hoa's round 1, explanation and round 2 (to be redone)."""
    folder = tmp_path / "chien-dich"
    shutil.copytree(EXAMPLE, folder)
    for stage in ("tham-dinh-1", "giai-trinh", "tham-dinh-2"):
        (folder / stage / "phuong-an-hoa.yaml").unlink()
    return folder


def _fill_appraisal(path: Path, header: dict[str, Any], rows: dict[str, dict[str, Any]],
                    points: dict[str, dict[str, Any]] | None = None) -> None:
    """Columns by their header: the value or points after appraisal (D/E), reason, evidence, request."""
    book = openpyxl.load_workbook(path)
    for sheet_name, changes in ((APPRAISAL, rows), (POINTS, points or {})):
        sheet = book[sheet_name]
        head = row_of(sheet, "Mã chỉ số" if sheet_name == APPRAISAL else "Mã mục")
        columns = {sheet.cell(head, c).value: c for c in range(1, sheet.max_column + 1)}
        value = "Giá trị sau thẩm định" if sheet_name == APPRAISAL else "Điểm sau thẩm định"
        for code, change in changes.items():
            row = row_of(sheet, code)
            for key, text in change.items():
                column = {"value": value, "reason": "Lý do", "evidence": "Tài liệu kiểm chứng",
                          "request": "Yêu cầu giải trình"}[key]
                sheet.cell(row, columns[column]).value = text
    sheet = book[APPRAISAL]
    for label, text in header.items():
        sheet.cell(row_of(sheet, label), 4).value = text
    book.save(path)


def test_an_appraisal_sheet_in_excel_gives_what_the_yaml_sheet_gives(campaign: Path, tmp_path: Path) -> None:
    result = run("appraise", campaign, "--round", "1", "--unit", "phuong-an-hoa", "--format", "xlsx")
    assert result.code == 0, result.err
    sheet = campaign / "tham-dinh-1" / "phuong-an-hoa.xlsx"
    assert "tham-dinh-1/phuong-an-hoa.xlsx" in result.out
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames[:3] == ["Hướng dẫn", APPRAISAL, POINTS]
    prefilled = book[APPRAISAL]
    assert prefilled.cell(row_of(prefilled, "ho_so_dung_han"), 3).value == 196  # the self-assessment's figure
    assert prefilled.cell(row_of(prefilled, "ke_hoach_kip_thoi"), 3).value == "có"
    assert prefilled.protection.sheet  # protected (no password): labels locked, the cells to fill not
    # The example's round 1 for this unit, made in Excel: ho_so_dung_han 196 → 180, an explanation asked.
    _fill_appraisal(sheet, {"Người thẩm định": "Tổ thẩm định số 1 (HƯ CẤU)", "Ngày hoàn thành": dt.date(2026, 2, 6)},
                    {"ho_so_dung_han": {"value": 180, "reason": "Hệ thống một cửa điện tử ghi 180 hồ sơ đúng hạn, "
                                        "không phải 196", "evidence": "05/TX-MC", "request": "có"}})
    twin = tmp_path / "twin"
    shutil.copytree(EXAMPLE, twin)
    for stage in ("giai-trinh", "tham-dinh-2"):
        (twin / stage / "phuong-an-hoa.yaml").unlink()
    from_excel = run("rank", "--campaign", campaign, "--round", "1", "--format", "json")
    from_yaml = run("rank", "--campaign", twin, "--round", "1", "--format", "json")
    assert from_excel.code == 0, from_excel.err
    assert comparable(from_excel.out) == comparable(from_yaml.out)
    delta = run("delta", campaign, "--unit", "phuong-an-hoa")
    assert "sửa số liệu 'ho_so_dung_han' từ 196 thành 180" in delta.out
    assert "có yêu cầu giải trình" in delta.out


def test_an_appraisal_sheet_problems_are_at_their_cells(campaign: Path) -> None:
    assert run("appraise", campaign, "--round", "1", "--unit", "phuong-an-hoa", "--format", "xlsx").code == 0
    sheet = campaign / "tham-dinh-1" / "phuong-an-hoa.xlsx"
    _fill_appraisal(sheet, {}, {"ho_so_dung_han": {"value": 180}, "ho_so_tiep_nhan": {"value": -5, "reason": "x"}},
                    {"1.2": {"value": 3, "reason": "vượt điểm tối đa"}})
    result = run("rank", "--campaign", campaign)
    assert result.code == 1
    book = openpyxl.load_workbook(sheet)
    values, points = book[APPRAISAL], book[POINTS]
    # D: the value after appraisal; E on the points sheet: the points after appraisal.
    assert (f"{sheet}:{APPRAISAL}!D{row_of(values, 'ho_so_dung_han')}: [error] thay đổi của indicator "
            "'ho_so_dung_han' chưa có lý do") in result.err
    assert f"{sheet}:{APPRAISAL}!D{row_of(values, 'ho_so_tiep_nhan')}: [error] 'ho_so_tiep_nhan'" in result.err
    assert f"{sheet}:{POINTS}!E{row_of(points, '1.2')}: [error]" in result.err


def test_an_existing_sheet_of_either_format_is_not_overwritten(campaign: Path) -> None:
    assert run("appraise", campaign, "--round", "1", "--unit", "phuong-an-hoa", "--format", "xlsx").code == 0
    again = run("appraise", campaign, "--round", "1", "--unit", "phuong-an-hoa")
    assert again.code == 1
    assert "đã có phiếu thẩm định vòng 1 của đơn vị 'phuong-an-hoa'" in again.err


def _survey_workbook(tmp_path: Path, rows: list[list[str]]) -> Path:
    blank = template(EXAMPLE / "bo-tieu-chi.yaml", tmp_path / "mau-dieu-tra.xlsx", "--survey")
    book = openpyxl.load_workbook(blank)
    sheet = book[SURVEY]
    assert [c.value for c in sheet[1]] == ["Người trả lời", "Nhóm", "Đơn vị", "Câu hỏi", "Trả lời"]
    for number, row in enumerate(rows, start=2):
        for column, text in enumerate(row, start=1):
            sheet.cell(number, column).value = text or None
    target = tmp_path / "phieu.xlsx"
    book.save(target)
    return target


def _csv_rows() -> list[list[str]]:
    rows: list[list[str]] = []
    for path in sorted((EXAMPLE / "dieu-tra").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows += [*list(csv.reader(stream))[1:], []]  # an empty row after each sheet's answers
    return rows


def test_survey_answers_in_a_workbook_count_as_the_csv_sheets(campaign: Path, tmp_path: Path) -> None:
    workbook = _survey_workbook(tmp_path, _csv_rows())
    twin = tmp_path / "twin"
    shutil.copytree(campaign, twin)
    for sheet in (campaign / "dieu-tra").glob("*.csv"):
        sheet.unlink()
    shutil.copy(workbook, campaign / "dieu-tra" / "phieu.xlsx")
    from_excel = run("rank", "--campaign", campaign, "--format", "json")
    from_csv = run("rank", "--campaign", twin, "--format", "json")
    assert from_excel.code == 0, from_excel.err
    assert comparable(from_excel.out) == comparable(from_csv.out)
    # …and with --survey outside a campaign
    units = EXAMPLE / "tu-danh-gia"
    criteria = EXAMPLE / "bo-tieu-chi.yaml"
    with_excel = run("rank", "--criteria", criteria, units, "--survey", workbook, "--format", "json")
    with_csv = run("rank", "--criteria", criteria, units, *[a for s in sorted((EXAMPLE / "dieu-tra").glob("*.csv"))
                                                         for a in ("--survey", s)], "--format", "json")
    assert with_excel.code == 0, with_excel.err
    assert comparable(with_excel.out) == comparable(with_csv.out)


def test_a_survey_workbook_names_the_cell_of_an_unknown_unit_and_answer(tmp_path: Path) -> None:
    rows = _csv_rows()
    rows[0][2] = "phuong-khong-co"  # row 2, column C
    workbook = _survey_workbook(tmp_path, rows)
    criteria = EXAMPLE / "bo-tieu-chi.yaml"
    result = run("rank", "--criteria", criteria, EXAMPLE / "tu-danh-gia", "--survey", workbook)
    assert result.code == 1
    assert (f"{workbook}:{SURVEY}!C2: [error] đơn vị 'phuong-khong-co' của phiếu điều tra không có trong các tệp số "
            "liệu đang chấm") in result.err
    rows[0][2] = "phuong-an-hoa"
    rows[1][4] = "Z"  # row 3, column E
    result = run("rank", "--criteria", criteria, EXAMPLE / "tu-danh-gia", "--survey",
                 _survey_workbook(tmp_path, rows))
    assert f"{SURVEY}!E3: [error] câu trả lời 'Z' không có trong thang trả lời (A, B, C, D)" in result.err


def test_the_self_assessment_folder_takes_a_form_and_a_many_units_workbook(campaign: Path, tmp_path: Path) -> None:
    self_folder = campaign / "tu-danh-gia"
    blank = template(EXAMPLE / "bo-tieu-chi.yaml", tmp_path / "mau.xlsx", "--many")
    book = openpyxl.load_workbook(blank)
    sheet = book[MANY]
    code_row = row_of(sheet, "unit_id")
    columns = {sheet.cell(code_row, c).value: c for c in range(1, sheet.max_column + 1)}
    moved = ["phuong-binh-minh", "xa-hoa-lac"]
    for offset, unit_id in enumerate(moved, start=1):
        unit = yaml.safe_load((self_folder / f"{unit_id}.yaml").read_text(encoding="utf-8"))
        for field in ("unit_id", "unit_name", "unit_kind", "period"):
            sheet.cell(code_row + offset, columns[field]).value = unit[field]
        for name, value in unit["indicators"].items():
            sheet.cell(code_row + offset, columns[name]).value = value
        for code, points in unit.get("points", {}).items():
            sheet.cell(code_row + offset, columns[f"điểm {code}"]).value = points
        for code, entries in unit.get("evidence", {}).items():
            if f"tài liệu {code}" in columns:
                first = entries[0] if isinstance(entries, list) else entries
                sheet.cell(code_row + offset, columns[f"tài liệu {code}"]).value = first.get("doc") or first["file"]
        (self_folder / f"{unit_id}.yaml").unlink()
    book.save(self_folder / "so-lieu-chung.xlsx")
    result = run("campaign", "status", campaign, "--today", "2026-03-10")
    assert result.code == 0, result.err
    for unit_id in moved:
        assert unit_id in result.out
    ranked = run("rank", "--campaign", campaign, "--round", "self")
    assert ranked.code == 0, ranked.err
    assert "Phường Bình Minh (HƯ CẤU)" in ranked.out and "Xã Hòa Lạc (HƯ CẤU)" in ranked.out


def test_a_workbook_in_the_explanation_folder_is_named_not_skipped(campaign: Path, tmp_path: Path) -> None:
    stray = campaign / "giai-trinh" / "phuong-binh-minh.xlsx"
    shutil.copy(template(EXAMPLE / "bo-tieu-chi.yaml", tmp_path / "mau.xlsx"), stray)
    result = run("rank", "--campaign", campaign)
    assert result.code == 1
    assert f"{stray}: [error] tệp giải trình là tệp YAML" in result.err


def test_files_of_a_campaign_folder_that_are_not_read_are_named(campaign: Path) -> None:
    (campaign / "tu-danh-gia" / "phuong-an-hoa.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (campaign / "tham-dinh-1" / "~$xa-hoa-lac.xlsx").write_bytes(b"\0" * 165)
    (campaign / "dieu-tra" / "ghi-chu.txt").write_text("phiếu giấy còn ở văn phòng", encoding="utf-8")
    result = run("campaign", "status", campaign, "--today", "2026-03-10")
    assert result.code == 0, result.err  # warnings: the campaign is read as before
    for line in (f"{campaign / 'tu-danh-gia' / 'phuong-an-hoa.xls'}: [warning] tệp 'phuong-an-hoa.xls' không phải "
                 "tệp .yaml hay .xlsx; bỏ qua",
                 f"{campaign / 'tham-dinh-1' / '~$xa-hoa-lac.xlsx'}: [warning] tệp '~$xa-hoa-lac.xlsx' là tệp khóa "
                 "Excel tạo khi bảng tính đang mở; bỏ qua",
                 f"{campaign / 'dieu-tra' / 'ghi-chu.txt'}: [warning] tệp 'ghi-chu.txt' không phải phiếu điều tra "
                 ".csv hay .xlsx; bỏ qua"):
        assert line in result.err.splitlines(), result.err
