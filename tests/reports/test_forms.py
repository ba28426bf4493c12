"""The blank forms of `parindex template`: the YAML form (every indicator, explained in comments),
the Excel form (instructions, header block, one row per indicator by area, data validation on every
value cell, protected labels), the many-units workbook and the survey sheet; the command's usage
errors; and the forms as LibreOffice opens them (converted to PDF; a formula recalculated)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from conftest import ROOT, run

from parindex.intake.sets import load_criteria

EXAMPLE_SET = ROOT / "examples" / "chien-dich-2025" / "bo-tieu-chi.yaml"
SO_SET = ROOT / "criteria" / "2025" / "so.yaml"
SYNTAX_SET = ROOT / "tests" / "cases" / "documented-syntax.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _form(tmp_path: Path, criteria: Path = SYNTAX_SET, *options: str) -> Path:
    target = tmp_path / "mau.xlsx"
    result = run("template", "--criteria", criteria, "--output", target, *options)
    assert result.code == 0, result.err
    assert result.out == ""
    return target


# -- the YAML form ------------------------------------------------------------------------------------


def test_the_yaml_form_lists_every_indicator_once_with_what_it_is() -> None:
    result = run("template", "--criteria", EXAMPLE_SET)
    assert result.code == 0, result.err
    text = result.out
    data = yaml.safe_load(text)
    criteria = load_criteria(EXAMPLE_SET)
    assert list(data["indicators"]) == ["ke_hoach_kip_thoi", "ho_so_tiep_nhan", "ho_so_dung_han", "ty_le_truc_tuyen",
                                        "loai_don_vi", "vi_pham_nghiem_trong"]  # by area, then the others
    assert set(data["indicators"]) == set(criteria.indicators)
    assert all(value is None for value in data["indicators"].values())
    assert data["points"] == {"1.2": None}
    assert data["unit_kind"] == "xa" and data["criteria"] == "vd-xa-2025" and data["period"] == "Năm 2025"
    assert data["unit_id"] is None and "evidence" not in data  # the evidence block is an example, commented
    assert "  # ═══ 2. Cải cách thủ tục hành chính (tối đa 8 điểm) ═══" in text
    assert "  # ── 2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn ──" in text
    assert ("  # Số hồ sơ TTHC đã tiếp nhận — số đếm\n  #   số nguyên; ≥ 1\n  #   bắt buộc kê khai (để trống: tệp "
            "bị từ chối)\n  #   dùng cho: 2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn\n  ho_so_tiep_nhan:\n") in text
    assert "#   một trong: phuong (Phường); xa (Xã)" in text
    assert '# 1.2 Chất lượng lãnh đạo, chỉ đạo công tác CCHC — tối đa 2, bước 0,25; bắt buộc có tài liệu' in text
    assert "# evidence:\n#   ke_hoach_kip_thoi: {doc: 01/KH-UBND" in text


def test_the_yaml_form_says_what_an_empty_value_means() -> None:
    text = run("template", "--criteria", SO_SET).out
    assert "để trống: chưa kê khai (mục dùng chỉ số này được 0 điểm)" in text
    several = ROOT / "tests" / "cases" / "rules-criteria.yaml"  # a set for two kinds of unit
    assert "\nunit_kind:   # loại đơn vị, một trong: so (Sở, ban, ngành), huyen (UBND cấp huyện)\n" in run(
        "template", "--criteria", several).out
    assert '\nunit_kind: "huyen"   # loại đơn vị: UBND cấp huyện\n' in run(
        "template", "--criteria", several, "--unit-kind", "huyen").out


# -- the Excel form ---------------------------------------------------------------------------------


def _validations(sheet: Any) -> dict[str, Any]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for column in range(cells.min_col, cells.max_col + 1):
                    found[f"{openpyxl.utils.get_column_letter(column)}{row}"] = validation
    return found


def test_the_excel_form_has_a_row_per_indicator_with_its_validation(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_form(tmp_path))
    assert book.sheetnames == ["Hướng dẫn", "Chỉ số", "Danh mục"]  # no judged leaf in this set
    assert book["Danh mục"].sheet_state == "hidden"
    sheet = book["Chỉ số"]
    header = next(r for r in range(1, 40) if sheet.cell(r, 1).value == "Mã chỉ số")
    assert [sheet.cell(header, c).value for c in range(1, 9)] == [
        "Mã chỉ số", "Nội dung chỉ số", "Loại", "Cách ghi", "Giá trị", "Tài liệu kiểm chứng", "Ghi chú",
        "Dùng cho tiêu chí"]
    rows = {sheet.cell(r, 1).value: r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 1).value}
    assert set(rows) == {"a", "b", "c", "p", "ok", "ok2", "ch", "ngay_nop"}
    checks = _validations(sheet)
    expected = {  # indicator → (validation type, operator, formula1, formula2)
        "a": ("whole", "between", "0", "1000000000000000"), "p": ("decimal", "between", "0", "100"),
        "ok": ("list", None, "'Danh mục'!$B$1:$B$2", None), "ch": ("list", None, "'Danh mục'!$C$1:$C$3", None),
        "ngay_nop": ("date", "between", None, None)}
    for name, (kind, operator, first, second) in expected.items():
        validation = checks[f"E{rows[name]}"]
        assert validation.type == kind, name
        assert validation.operator in (operator, None), name
        if first is not None:
            assert validation.formula1 == first, name
        if second is not None:
            assert validation.formula2 == second, name
        assert validation.showErrorMessage and validation.errorTitle == "Giá trị không hợp lệ"
    lists = book["Danh mục"]  # the unit kinds (of the header block), có/không, then the choices of ch
    assert lists.cell(1, 1).value == "so"
    assert [lists.cell(r, 2).value for r in (1, 2)] == ["có", "không"]
    assert [lists.cell(r, 3).value for r in (1, 2, 3)] == ["Tốt", "Khá", "Kém"]
    assert sheet.cell(rows["ngay_nop"], 5).number_format == "dd/mm/yyyy"
    # Protected without a password: codes and labels locked, value / evidence / note cells not.
    assert sheet.protection.sheet and not sheet.protection.password
    row = rows["a"]
    assert sheet.cell(row, 1).protection.locked and sheet.cell(row, 2).protection.locked
    assert not any(sheet.cell(row, c).protection.locked for c in (5, 6, 7))
    unit_id = next(r for r in range(1, header) if sheet.cell(r, 1).value == "Mã đơn vị")
    assert not sheet.cell(unit_id, 5).protection.locked
    criteria = next(r for r in range(1, header) if sheet.cell(r, 1).value == "Bộ tiêu chí")
    assert sheet.cell(criteria, 5).value == "test-documented-syntax" and sheet.cell(criteria, 5).protection.locked


def test_the_excel_form_groups_by_area_and_has_the_judged_sheet(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_form(tmp_path, EXAMPLE_SET))
    assert book.sheetnames == ["Hướng dẫn", "Chỉ số", "Điểm tự chấm", "Danh mục"]
    sheet = book["Chỉ số"]
    texts = [sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)]
    area = texts.index("2. Cải cách thủ tục hành chính (tối đa 8 điểm)")
    assert texts[area + 1] == "2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn"
    assert texts[area + 2] == "Số hồ sơ TTHC đã tiếp nhận"
    judged = book["Điểm tự chấm"]
    assert [judged.cell(5, c).value for c in (1, 3, 4)] == ["1.2", 2, 0.25]
    validation = _validations(judged)["E5"]
    assert (validation.type, validation.formula1, validation.formula2) == ("decimal", "0", "2")
    guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "parindex score --criteria" in guide and "Chỉ số!E15" in guide


def test_the_many_units_workbook_has_a_column_per_indicator(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_form(tmp_path, EXAMPLE_SET, "--many"))
    sheet = book["Số liệu các đơn vị"]
    codes = [sheet.cell(5, c).value for c in range(1, sheet.max_column + 1)]
    assert codes == ["unit_id", "unit_name", "unit_kind", "period", "ke_hoach_kip_thoi", "ho_so_tiep_nhan",
                     "ho_so_dung_han", "ty_le_truc_tuyen", "loai_don_vi", "vi_pham_nghiem_trong", "điểm 1.2",
                     "tài liệu 1.2", "tài liệu 2.1", "note"]
    assert sheet.cell(2, 1).value == "Bộ tiêu chí" and sheet.cell(2, 2).value == "vd-xa-2025"
    checks = _validations(sheet)
    assert checks["H6"].type == "decimal" and checks["H205"].formula2 == "100"  # ty_le_truc_tuyen, 200 rows
    assert checks["K6"].formula2 == "2"  # the judged points, up to 2
    assert sheet.protection.sheet and sheet.protection.insertRows is False  # False: inserting rows allowed
    assert not sheet.cell(6, 1).protection.locked and sheet.cell(5, 1).protection.locked


def test_the_survey_sheet_and_its_csv_header(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_form(tmp_path, EXAMPLE_SET, "--survey"))
    assert book.sheetnames == ["Hướng dẫn", "Phiếu điều tra", "Câu hỏi", "Danh mục"]
    checks = _validations(book["Phiếu điều tra"])
    assert checks["D2"].type == "list" and checks["E2001"].type == "list"
    questions = book["Câu hỏi"]
    assert questions["A3"].value == "Q1"
    csv = run("template", "--criteria", EXAMPLE_SET, "--survey", "--format", "csv")
    assert csv.code == 0
    assert csv.out == "\ufeffnguoi_tra_loi,nhom,don_vi,cau_hoi,tra_loi\n"


def test_the_appraisal_and_every_form_are_the_same_bytes_each_time(tmp_path: Path) -> None:
    first = _form(tmp_path, EXAMPLE_SET).read_bytes()
    assert _form(tmp_path, EXAMPLE_SET).read_bytes() == first


# -- usage --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "code", "words"), [
    (["--many", "--format", "yaml"], 1, "--many (bảng nhiều đơn vị) chỉ có dạng Excel"),
    (["--format", "csv"], 1, "--format csv chỉ dùng cho phiếu điều tra"),
    (["--unit-kind", "huyen"], 1, "--unit-kind 'huyen': bộ tiêu chí 'vd-xa-2025' dành cho xa"),
    (["--survey", "--format", "yaml"], 1, "phiếu điều tra (--survey) là xlsx hoặc csv"),
    (["--format", "yaml", "--output", "mau.xlsx"], 2, "--format yaml không khớp với tệp kết quả 'mau.xlsx'"),
    (["--output", "mau.xls"], 2, "parindex không ghi tệp .xls"),
])
def test_usage_errors(tmp_path: Path, options: list[str], code: int, words: str) -> None:
    options = [str(tmp_path / o) if o.startswith("mau.") else o for o in options]
    result = run("template", "--criteria", EXAMPLE_SET, *options)
    assert result.code == code, result.err
    assert words in result.err, result.err
    assert not list(tmp_path.iterdir())  # nothing written


def test_a_set_without_a_survey_has_no_survey_sheet(tmp_path: Path) -> None:
    result = run("template", "--criteria", SYNTAX_SET, "--survey", "--output", tmp_path / "x.xlsx")
    assert result.code == 1
    assert "không khai báo điều tra xã hội học" in result.err


def test_the_format_follows_the_output_suffix(tmp_path: Path) -> None:
    assert run("template", "--criteria", EXAMPLE_SET, "--output", tmp_path / "mau.yaml").code == 0
    assert (tmp_path / "mau.yaml").read_text(encoding="utf-8").startswith("# MẪU KÊ KHAI SỐ LIỆU")
    assert run("template", "--criteria", EXAMPLE_SET, "--output", tmp_path / "mau.xlsx").code == 0
    assert (tmp_path / "mau.xlsx").read_bytes().startswith(b"PK")


# -- in LibreOffice ------------------------------------------------------------------------------------


def _soffice(tmp_path: Path, source: Path, to: str, outdir: Path) -> Path:
    assert SOFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: other LibreOffice runs do not interfere
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to, "--outdir",
                    str(outdir), str(source)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(tmp_path)})
    return outdir / f"{source.stem}.{to.split(':')[0]}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_form_and_converts_it_to_pdf(tmp_path: Path) -> None:
    pdf = _soffice(tmp_path, _form(tmp_path, SO_SET), "pdf", tmp_path).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 3  # instructions, the indicators (several pages)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_formula_recalculated_by_libreoffice_is_read_by_its_value(tmp_path: Path) -> None:
    form = _form(tmp_path)
    book = openpyxl.load_workbook(form)
    sheet = book["Chỉ số"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for label, value in (("Mã đơn vị", "so-a"), ("Tên đơn vị", "Sở A")):
        sheet.cell(rows[label], 5).value = value
    values = {"a": "=2*3", "b": 12, "c": 3, "p": 40, "ok": "có", "ok2": "không", "ch": "Tốt", "ngay_nop": "15/01/2025"}
    for name, value in values.items():
        sheet.cell(rows[name], 5).value = value
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    before = run("score", "--criteria", SYNTAX_SET, filled)
    assert before.code == 1 and "chưa có giá trị tính sẵn" in before.err  # openpyxl stores no result
    outdir = tmp_path / "saved"
    saved = _soffice(tmp_path, filled, "xlsx:Calc MS Excel 2007 XML", outdir)
    after = run("score", "--criteria", SYNTAX_SET, saved)
    assert after.code == 0, after.err
    lines = {line.split()[0]: line for line in after.out.splitlines() if line[:1].isdigit()}
    assert "15/100" in lines["1.1"]  # a + b − c = 6 + 12 − 3: the formula's value 6 was read
