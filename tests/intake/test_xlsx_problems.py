"""Every kind of Excel problem is reported at its sheet and cell (`don-vi.xlsx:Chỉ số!E12: …`), with
the same Vietnamese messages and checks as YAML, all at once, and nothing is skipped silently."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import run

from parindex.core.codes import Code
from parindex.core.document import Document
from parindex.core.errors import Cell, Problem, Severity

from .xlsx_helpers import EXAMPLE_SET, FORM, JUDGED, MANY, SYNTAX_SET, VALUE, fill_form, row_of, template

GOOD = {"a": 6, "b": 12, "c": 3, "p": 40, "ok": True, "ok2": False, "ch": "Tốt", "ngay_nop": dt.date(2025, 1, 15)}
HEAD = {"unit_id": "so-a", "unit_name": "Sở A"}


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    return fill_form(template(SYNTAX_SET, tmp_path / "mau.xlsx"), tmp_path / "don-vi.xlsx", HEAD, GOOD)


def _change(path: Path, edit: Callable[[Any], None]) -> Path:
    book = openpyxl.load_workbook(path)
    edit(book[FORM])
    book.save(path)
    return path


def _where(path: Path, name: str) -> str:
    sheet = openpyxl.load_workbook(path)[FORM]
    return f"{path}:{FORM}!E{row_of(sheet, name)}"


def test_a_good_form_scores_without_a_word(filled: Path) -> None:
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 0, result.err
    assert result.err == ""


def test_the_cell_is_rendered_after_the_file() -> None:
    problem = Problem("don-vi.xlsx", None, None, "x", code=Code.XLSX_MERGED_CELL, cell=Cell("Chỉ số", 12, 5))
    assert problem.render() == "don-vi.xlsx:Chỉ số!E12: [error] x"
    assert Cell("A", 3, 27).ref == "AA3"
    yaml_problem = Problem("don-vi.yaml", 4, 3, "x", code=Code.UNIT_BAD_NUMBER)
    assert yaml_problem.render() == "don-vi.yaml:4:3: [error] x"  # YAML as before


def test_a_document_finds_the_cell_of_a_value_or_of_its_parent() -> None:
    cells = {("indicators",): Cell("Chỉ số", 11, 5), ("indicators", "a"): Cell("Chỉ số", 14, 5)}
    doc = Document("a.xlsx", {}, cells=cells)
    assert str(doc.cell(("indicators", "a"))) == "Chỉ số!E14"
    assert str(doc.cell(("indicators", "b"))) == "Chỉ số!E11"  # its parent's
    assert doc.cell(("unit_id",)) is None
    assert doc.problem(("indicators", "b"), "x", code=Code.UNIT_BAD_NUMBER).render() == "a.xlsx:Chỉ số!E11: [error] x"


CASES: list[tuple[str, str, Any, str, list[str]]] = [
    # (case, indicator, what the cell gets, "error" or "warning", words of the message)
    ("percent typed 0,4 in a plain cell", "p", 0.4, "warning", ["'p' = 0,4 được hiểu là 0,4%", "hãy viết 40"]),
    ("number typed as text", "a", "'6", "warning", ["số được nhập dạng chữ", "đã đọc như số"]),
    ("a formula never calculated", "a", "=2*3", "error", ["công thức '=2*3'", "chưa có giá trị tính sẵn"]),
    ("an Excel error", "b", "#DIV/0!", "error", ["ô báo lỗi Excel #DIV/0!"]),
    ("a choice that is not one", "ch", "Trung bình", "error", ["'ch' nhận 'Trung bình', không phải lựa chọn hợp lệ",
                                                                "tot (Tốt), kha (Khá), kem (Kém)"]),
    ("a count that is not whole", "c", 2.5, "error", ["'c' là số đếm, phải là số nguyên, nhận 2.5"]),
    ("a date that is not one", "ngay_nop", "32/01/2025", "error", ["'ngay_nop'", "không phải ngày hợp lệ"]),
    ("a count formatted as a percent", "a", (0.06, "0%"), "error", ["'a' là số đếm, không viết dấu '%'"]),
    ("yes/no written otherwise", "ok", "chắc chắn", "error", ["'ok' cần true/false (có/không)"]),
]


@pytest.mark.parametrize(("case", "name", "value", "severity", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_reported_at_its_cell(filled: Path, case: str, name: str, value: Any, severity: str,
                                               words: list[str]) -> None:
    def edit(sheet: Any) -> None:
        cell = sheet.cell(row_of(sheet, name), VALUE)
        if isinstance(value, tuple):
            cell.value, cell.number_format = value
        elif isinstance(value, str) and value.startswith("'"):
            cell.value, cell.data_type = value[1:], "s"  # a number typed with a leading ': stored as text
        else:
            cell.value = value

    _change(filled, edit)
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == (1 if severity == "error" else 0), result.err
    lines = [line for line in result.err.splitlines() if line.startswith(f"{_where(filled, name)}: [{severity}]")]
    assert lines, result.err
    for word in words:
        assert any(word in line for line in lines), (word, result.err)
    assert "Traceback" not in result.err and "lỗi nội bộ" not in result.err


def test_a_formula_without_a_value_is_reported_once(filled: Path) -> None:
    """The required value of a formula never calculated is missing too: said once, by the cell's own problem."""
    _change(filled, lambda sheet: setattr(sheet.cell(row_of(sheet, "a"), VALUE), "value", "=B1+1"))
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 1
    at_cell = [line for line in result.err.splitlines() if line.startswith(_where(filled, "a"))]
    assert len(at_cell) == 1 and "chưa có giá trị tính sẵn" in at_cell[0], result.err


def test_a_merged_value_cell_is_refused(filled: Path) -> None:
    # Merging E(a):E(b) keeps a's value in the first cell; b's value is gone, so b's cell is the problem.
    def edit(sheet: Any) -> None:
        first, second = row_of(sheet, "a"), row_of(sheet, "b")
        sheet.merge_cells(start_row=first, start_column=VALUE, end_row=second, end_column=VALUE)

    _change(filled, edit)
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 1
    where = _where(filled, "b")
    row = where.rsplit("E", 1)[1]
    assert f"{where}: [error] ô E{row} nằm trong vùng ô gộp E{int(row) - 1}:E{row}" in result.err, result.err
    assert "hãy bỏ gộp ô" in result.err


def test_a_hidden_row_is_read_with_a_warning(filled: Path) -> None:
    _change(filled, lambda sheet: setattr(sheet.row_dimensions[row_of(sheet, "c")], "hidden", True))
    result = run("score", "--criteria", SYNTAX_SET, filled, "--format", "json")
    assert result.code == 0, result.err
    where = _where(filled, "c")
    assert f"{where}: [warning] dòng {where.rsplit('E', 1)[1]} của trang 'Chỉ số' đang bị ẩn" in result.err
    assert '"total": "' in result.out  # …and the unit is scored with the hidden value (c = 3)


def test_an_empty_row_in_the_middle_and_a_value_without_a_code(filled: Path) -> None:
    last = row_of(openpyxl.load_workbook(filled)[FORM], "ngay_nop")  # the table's last row

    def edit(sheet: Any) -> None:  # the last indicator moved two rows down: two rows between
        for column in range(1, 9):
            sheet.cell(last + 2, column).value = sheet.cell(last, column).value
            sheet.cell(last, column).value = None
        sheet.cell(last + 1, VALUE).value = 99  # …one with a value but no code: named, not read

    _change(filled, edit)
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 0, result.err
    assert result.err.splitlines() == [f"{filled}:{FORM}!E{last + 1}: [warning] dòng có giá trị nhưng không có mã ở "
                                       "cột mã; giá trị này không được đọc — hãy ghi giá trị vào dòng của chỉ số "
                                       "(mục), không xóa mã"]


def test_two_rows_of_one_indicator(filled: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(row_of(sheet, "b"), 1).value = "a"

    _change(filled, edit)
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 1
    sheet = openpyxl.load_workbook(filled)[FORM]
    second = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "a"][1]
    assert f"{filled}:{FORM}!A{second}: [error] 'a' đã có ở dòng {second - 1}" in result.err
    assert "thiếu chỉ số bắt buộc 'b'" in result.err  # b's row now says a: b is missing, said once


def test_every_problem_of_a_form_is_listed_at_once(filled: Path) -> None:
    def edit(sheet: Any) -> None:
        sheet.cell(row_of(sheet, "ngay_nop"), VALUE).value = "mai"
        sheet.cell(row_of(sheet, "ch"), VALUE).value = "Xuất sắc"
        sheet.cell(row_of(sheet, "a"), VALUE).value = -1

    _change(filled, edit)
    result = run("score", "--criteria", SYNTAX_SET, filled)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "[error]" in line]
    sheet = openpyxl.load_workbook(filled)[FORM]
    assert [line.split(": [")[0] for line in errors] == [_where(filled, name) for name in ("a", "ch", "ngay_nop")]

    _change(filled, lambda sheet: setattr(sheet.cell(row_of(sheet, "Mã đơn vị"), VALUE), "value", None))
    result = run("score", "--criteria", SYNTAX_SET, filled)  # as in YAML, a header error is told first, alone
    assert f"{filled}:{FORM}!E{row_of(sheet, 'Mã đơn vị')}: [error] 'unit_id'" in result.err


def test_judged_points_typed_with_a_decimal_comma_as_text(tmp_path: Path) -> None:
    blank = template(EXAMPLE_SET, tmp_path / "mau.xlsx")
    values = {"loai_don_vi": "Xã", "vi_pham_nghiem_trong": 0, "ke_hoach_kip_thoi": "có", "ho_so_tiep_nhan": 10,
              "ho_so_dung_han": 10, "ty_le_truc_tuyen": 50}
    form = fill_form(blank, tmp_path / "xa.xlsx", {"unit_id": "xa-a", "unit_name": "Xã A"}, values,
                     {"1.2": "1,75"}, {"1.2": "12/BC-UBND"})
    result = run("score", "--criteria", EXAMPLE_SET, form)
    assert result.code == 0, result.err
    sheet = openpyxl.load_workbook(form)[JUDGED]
    assert f"{form}:{JUDGED}!E{row_of(sheet, '1.2')}: [warning] ô chứa số được nhập dạng chữ ('1,75')" in result.err
    assert "1,75/2" in result.out  # read as 1.75 points of 2


def test_points_off_the_step_at_their_cell(tmp_path: Path) -> None:
    blank = template(EXAMPLE_SET, tmp_path / "mau.xlsx")
    values = {"loai_don_vi": "Xã", "vi_pham_nghiem_trong": 0, "ke_hoach_kip_thoi": "có", "ho_so_tiep_nhan": 10,
              "ho_so_dung_han": 10, "ty_le_truc_tuyen": 50}
    form = fill_form(blank, tmp_path / "xa.xlsx", {"unit_id": "xa-a", "unit_name": "Xã A"}, values, {"1.2": 1.8})
    result = run("score", "--criteria", EXAMPLE_SET, form)
    assert result.code == 1
    sheet = openpyxl.load_workbook(form)[JUDGED]
    assert f"{form}:{JUDGED}!E{row_of(sheet, '1.2')}: [error]" in result.err
    assert "bước" in result.err


# -- files that are not forms ---------------------------------------------------------------------


def test_a_broken_workbook_is_one_clear_line(tmp_path: Path) -> None:
    broken = tmp_path / "don-vi.xlsx"
    broken.write_bytes(b"unit_id: so-a\n")  # a YAML file saved under the wrong name
    result = run("score", "--criteria", SYNTAX_SET, broken)
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith(f"{broken}: [error] tệp không phải bảng tính Excel .xlsx")
    assert "UTF-8" not in result.err  # an .xlsx is never read as YAML any more
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(template(SYNTAX_SET, tmp_path / "mau.xlsx").read_bytes()[:3000])
    result = run("score", "--criteria", SYNTAX_SET, truncated)
    assert result.code == 1 and f"{truncated}: [error]" in result.err and "lỗi nội bộ" not in result.err


def test_an_old_excel_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "don-vi.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    result = run("score", "--criteria", SYNTAX_SET, old)
    assert result.code == 1
    assert f"{old}: [error] tệp bảng tính Excel 97–2003 (.xls) không đọc được" in result.err
    renamed = tmp_path / "doi-ten.xlsx"
    renamed.write_bytes(old.read_bytes())
    assert "Excel 97–2003 (.xls) đổi đuôi" in run("score", "--criteria", SYNTAX_SET, renamed).err


def test_a_workbook_that_is_not_a_form(tmp_path: Path) -> None:
    other = tmp_path / "bang-luong.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Lương"
    book.active["A1"] = "Họ tên"
    book.save(other)
    result = run("score", "--criteria", SYNTAX_SET, other)
    assert result.code == 1
    assert f"{other}: [error] bảng tính không phải mẫu số liệu đơn vị" in result.err
    assert "'Lương'" in result.err


def test_a_units_folder_names_every_workbook_it_cannot_read(tmp_path: Path, filled: Path) -> None:
    folder = tmp_path / "don-vi"
    folder.mkdir()
    (folder / "so-a.xlsx").write_bytes(filled.read_bytes())
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04")
    (folder / "~$so-a.xlsx").write_bytes(b"\0" * 165)  # Excel's lock file while so-a.xlsx is open
    result = run("rank", "--criteria", SYNTAX_SET, folder, "--skip-invalid")
    assert result.code == 1
    assert f"{folder / 'hong.xlsx'}: [error]" in result.err
    assert f"{folder / '~$so-a.xlsx'}: [warning] tệp '~$so-a.xlsx' là tệp khóa Excel" in result.err
    assert "so-a" in result.out  # the good workbook is ranked


# -- many units -------------------------------------------------------------------------------------


def _many(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    blank = template(SYNTAX_SET, tmp_path / "mau.xlsx", "--many")
    book = openpyxl.load_workbook(blank)
    sheet = book[MANY]
    code_row = row_of(sheet, "unit_id")
    columns = {sheet.cell(code_row, c).value: c for c in range(1, sheet.max_column + 1)}
    for offset, values in enumerate(rows, start=1):
        for name, value in values.items():
            sheet.cell(code_row + offset, columns[name]).value = value
    target = tmp_path / "bang.xlsx"
    book.save(target)
    return target


def test_many_units_rows_without_a_unit_and_twice_the_same_unit(tmp_path: Path) -> None:
    unit = {"unit_kind": "so", "period": "2025", "a": 6, "b": 12, "c": 3, "p": 40, "ok": "có", "ok2": "không",
            "ch": "Tốt", "ngay_nop": dt.date(2025, 1, 15)}
    workbook = _many(tmp_path, [{**unit, "unit_id": "so-a", "unit_name": "Sở A"}, {},
                                {**unit, "unit_name": "Không mã"},
                                {**unit, "unit_id": "so-a", "unit_name": "Sở A lần hai"},
                                {**unit, "unit_id": "so-b", "unit_name": "Sở B", "a": "sáu"}])
    result = run("rank", "--criteria", SYNTAX_SET, workbook, "--skip-invalid")
    assert result.code == 1
    # rows: 6 so-a, 7 empty (skipped), 8 no id, 9 so-a again, 10 so-b with a bad value
    assert f"{workbook}:{MANY}!A8: [error] dòng 8 có số liệu nhưng chưa có mã đơn vị" in result.err
    assert f"{workbook}:{MANY}!A9: [error] mã đơn vị 'so-a' trùng với tệp {workbook}:{MANY}!A6" in result.err
    sheet = openpyxl.load_workbook(workbook)[MANY]
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(5, c).value == "a")
    letter = openpyxl.utils.get_column_letter(column)
    assert f"{workbook}:{MANY}!{letter}10: [error] 'a': 'sáu' không phải là số" in result.err
    assert "Sở A" in result.out and "Sở B" not in result.out


def test_a_workbook_of_several_units_is_not_one_unit(tmp_path: Path) -> None:
    from parindex.core.errors import InputProblems
    from parindex.intake.sets import load_criteria
    from parindex.intake.units import load_unit

    unit = {"unit_kind": "so", "period": "2025", "a": 6, "b": 12, "c": 3, "p": 40, "ok": "có", "ok2": "không",
            "ch": "Tốt", "ngay_nop": dt.date(2025, 1, 15)}
    workbook = _many(tmp_path, [{**unit, "unit_id": "so-a", "unit_name": "A"}, {**unit, "unit_id": "so-b",
                                                                               "unit_name": "B"}])
    with pytest.raises(InputProblems) as caught:
        load_unit(workbook, load_criteria(SYNTAX_SET))
    assert "bảng tính có 2 đơn vị" in caught.value.problems[0].message
    assert caught.value.problems[0].severity is Severity.ERROR


def test_the_json_result_gives_the_cell_of_each_problem_and_reads_it_back(tmp_path: Path, filled: Path) -> None:
    from parindex.results.store import load_result

    _change(filled, lambda sheet: setattr(sheet.cell(row_of(sheet, "ch"), VALUE), "value", "Xuất sắc"))
    good = tmp_path / "so-b.yaml"
    good.write_text("unit_id: so-b\nunit_name: Sở B\nunit_kind: so\nperiod: '2025'\nindicators: {a: 6, b: 12, "
                    "c: 3, p: 40, ok: true, ok2: false, ch: tot, ngay_nop: 15/01/2025}\n", encoding="utf-8")
    output = tmp_path / "ket-qua.json"
    result = run("rank", "--criteria", SYNTAX_SET, filled, good, "--skip-invalid", "--output", output)
    assert result.code == 1
    refused = json.loads(output.read_text(encoding="utf-8"))["refused"]
    row = row_of(openpyxl.load_workbook(filled)[FORM], "ch")
    assert [(p["file"], p["line"], p["col"], p["cell"], p["code"], p["field"]) for p in refused] == [
        (str(filled), None, None, f"{FORM}!E{row}", "unit.unknown-choice", "indicators.ch")]
    assert refused[0]["text"].startswith(f"{filled}:{FORM}!E{row}: [error] 'ch' nhận 'Xuất sắc'")
    assert load_result(output).refused[0].cell == f"{FORM}!E{row}"
