"""A filled unit form, or a many-units workbook, read into the documents a YAML unit file gives.

The form (`parindex template --format xlsx`): the sheet "Chỉ số" with the header block (unit id,
name, kind, period…) above a table of one row per indicator (code, value, evidence, note), and the
sheet "Điểm tự chấm" with one row per judged leaf. The many-units workbook (`--many`): the sheet
"Số liệu các đơn vị", a row of codes (unit_id, unit_name, unit_kind, period, one column per
indicator, "điểm <code>" per judged leaf, "tài liệu <code>" per sub-criterion asking for evidence,
note) and one row per unit.

Each unit becomes a `Document` whose data is what the same unit's YAML file holds (unit_id, …,
indicators, points, evidence, note) and whose `cells` say where each value was read; intake.units
then checks it exactly as it checks a YAML file. Problems of the cells themselves (a formula never
calculated, a merged cell, a hidden row…) are on `Document.problems`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import Cell, InputProblems, Problem, Severity
from parindex.core.numbers import NumberFormatError, parse_number
from parindex.core.text import shorten
from parindex.criteria.compiler import CompiledSet
from parindex.intake.xlsx import layout
from parindex.intake.xlsx.workbook import Read, Sheet, Table, Workbook, header_key, open_workbook, plain

_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+%?")
_NUMERIC_KINDS = ("count", "number", "percent")


def unit_documents(path: Path, criteria: CompiledSet | None = None) -> list[Document | InputProblems]:
    """The units of a workbook: one for a filled form, one per unit row of a many-units workbook
    (and the problems of a row that is no unit: values without a unit id). `criteria` (optional)
    tells which indicators are numbers, for the warning about numbers typed as text. Raises
    InputProblems when the workbook is not one of these."""
    book = open_workbook(path)
    kinds = _kinds(criteria)
    form = _form_table(book)
    if form is not None:
        return [_FormReader(book, kinds).read(form)]
    many = _many_sheet(book)
    if many is not None:
        return _many_documents(book, many[0], many[1], kinds)
    raise InputProblems([not_a_form(book, "mẫu số liệu đơn vị (trang tính 'Chỉ số' có dòng tiêu đề 'Mã chỉ số', "
                                          "hoặc trang 'Số liệu các đơn vị' có dòng mã bắt đầu bằng 'unit_id')")])


def not_a_form(book: Workbook, wanted: str) -> Problem:
    """The problem of a workbook that is not the kind expected, naming what it looks like."""
    names = ", ".join(f"'{shorten(s.name)}'" for s in book.sheets)
    kinds = {header_key(layout.APPRAISAL_SHEET): "một phiếu thẩm định",
             header_key(layout.SURVEY_SHEET): "một phiếu điều tra xã hội học",
             header_key(layout.FORM_SHEET): "một mẫu số liệu đơn vị",
             header_key(layout.MANY_SHEET): "một bảng số liệu nhiều đơn vị"}
    seen = next((kinds[header_key(s.name)] for s in book.sheets if header_key(s.name) in kinds), None)
    looks = f"; tệp này có vẻ là {seen}" if seen is not None else ""
    return Problem(book.path, None, None, f"bảng tính không phải {wanted} (các trang tính: {names}){looks}; hãy "
                   "lập mẫu bằng 'parindex template' (hoặc 'parindex appraise --format xlsx') rồi điền, không đổi tên "
                   "trang tính và dòng tiêu đề", code=Code.XLSX_NOT_A_FORM)


def _kinds(criteria: CompiledSet | None) -> dict[str, str]:
    """The kind of each indicator of the set (none known without a set)."""
    return {} if criteria is None else {name: spec.kind for name, spec in criteria.indicators.items()}


def indicator_value(book: Workbook, read: Read, kind: str | None) -> Any:
    """A value cell of an indicator of `kind` (None: unknown): a number typed as text in a number's
    cell is read as the number (`number_text`); a choice's code typed as a number (1) is its text."""
    if kind == "choice" and isinstance(read.value, (int, Decimal)) and not isinstance(read.value, bool):
        return text_value(read.value)
    return number_text(book, read, kind in _NUMERIC_KINDS)


def _form_table(book: Workbook) -> Table | None:
    first = book.sheet(layout.FORM_SHEET)
    for sheet in ([first] if first is not None else []) + [s for s in book.sheets if s is not first]:
        table = sheet.find_header(layout.FORM_COLUMNS, layout.CODE)
        if table is not None and layout.VALUE in table.columns:
            return table
    return None


def number_text(book: Workbook, read: Read, numeric: bool) -> Any:
    """A number typed as text in a value cell ('95, "95,5" in a Text cell): read as the number it
    writes (a decimal comma, as Vietnamese Excel writes it, is a decimal point), with a warning.
    Any other value is returned as it is."""
    value = read.value
    if not (numeric and read.text and isinstance(value, str)):
        return value
    text = value.replace(",", ".") if _DECIMAL_COMMA.fullmatch(value) else value
    try:
        parse_number(text)
    except NumberFormatError:
        return value  # not a number: the unit checks say what is wrong with it
    book.problems.append(Problem(book.path, None, None, f"ô chứa số được nhập dạng chữ ('{shorten(value)}'); đã đọc "
                                 "như số — nên định dạng ô là số (Number) rồi nhập lại", code=Code.XLSX_TEXT_NUMBER,
                                 severity=Severity.WARNING, cell=read.cell))
    return text


def text_value(value: Any) -> Any:
    """A header field (unit id, period…): a number typed in it is its text (Excel has no other way
    to type 2025 than as a number)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return plain(value)
    return value


def evidence_entry(text: str, note: str | None) -> dict[str, str]:
    """What an evidence cell names: a link (http…) or a document's number and sign (15/BC-STP)."""
    entry = {"link" if text.lower().startswith(("http://", "https://")) else "doc": text}
    if note:
        entry["note"] = note
    return entry


class _FormReader:
    """One filled form: the header block, the indicators' table and the judged leaves' table."""

    def __init__(self, book: Workbook, kinds: dict[str, str]) -> None:
        self.book = book
        self.kinds = kinds
        self.data: dict[str, Any] = {}
        self.cells: dict[Path_, Cell] = {}

    def read(self, table: Table) -> Document:
        sheet = table.sheet
        self.cells[()] = sheet.place(1, 1)
        value_column = table.columns[layout.VALUE]
        header = _header_block(self.book, sheet, table.header_row, table.columns[layout.CODE], value_column,
                               layout.UNIT_HEADER)
        for name, (value, cell) in header.items():
            self.data[name] = value
            self.cells[(name,)] = cell
        indicators: dict[str, Any] = {}
        self.cells[("indicators",)] = sheet.place(table.header_row, value_column)
        evidence: dict[str, Any] = {}
        self.rows(table, "indicators", indicators, evidence, self.kinds.get)
        self.data["indicators"] = indicators
        judged = self.book.sheet(layout.JUDGED_SHEET)
        points_table = judged.find_header(layout.JUDGED_COLUMNS, layout.CODE) if judged is not None else None
        if points_table is not None and layout.VALUE in points_table.columns:
            points: dict[str, Any] = {}
            self.cells[("points",)] = points_table.sheet.place(points_table.header_row,
                                                               points_table.columns[layout.VALUE])
            self.rows(points_table, "points", points, evidence, lambda _: "number")
            if any(value is not None for value in points.values()):
                self.data["points"] = points
        if evidence:
            self.data["evidence"] = evidence
        return Document(self.book.path, self.data, problems=self.book.problems, cells=self.cells)

    def rows(self, table: Table, key: str, into: dict[str, Any], evidence: dict[str, Any],
             kind_of: Callable[[str], str | None]) -> None:
        sheet = table.sheet
        code_column, value_column = table.columns[layout.CODE], table.columns[layout.VALUE]
        evidence_column = table.columns.get(layout.EVIDENCE)
        note_column = table.columns.get(layout.NOTE)
        seen: dict[str, int] = {}
        for row in table.rows():
            code = sheet.text(row, code_column)
            if code is None:
                _value_without_code(self.book, sheet, row, value_column, table.header_row)
                continue
            if code in seen:
                self.book.problems.append(sheet.problem(row, code_column, f"'{shorten(code)}' đã có ở dòng "
                                                        f"{seen[code]}; mỗi mã chỉ ghi ở một dòng",
                                                        Code.XLSX_DUPLICATE_ROW))
                continue
            seen[code] = row
            read = sheet.read(row, value_column)
            into[code] = indicator_value(self.book, read, kind_of(code))
            self.cells[(key, code)] = read.cell
            if evidence_column is None:
                continue
            shown = sheet.read(row, evidence_column)
            if shown.value is None:
                continue
            note = sheet.read(row, note_column).value if note_column is not None else None
            evidence[code] = evidence_entry(str(text_value(shown.value)),
                                            str(text_value(note)) if note is not None else None)
            self.cells[("evidence", code)] = shown.cell
            if note_column is not None:
                self.cells[("evidence", code, "note")] = sheet.place(row, note_column)


def _value_without_code(book: Workbook, sheet: Sheet, row: int, value_column: int, header_row: int) -> None:
    read = sheet.cells.get((row, value_column))
    if read is None or row <= header_row:
        return
    book.problems.append(sheet.problem(row, value_column, "dòng có giá trị nhưng không có mã ở cột mã; giá trị này "
                                       "không được đọc — hãy ghi giá trị vào dòng của chỉ số (mục), không xóa mã",
                                       Code.XLSX_VALUE_WITHOUT_CODE, Severity.WARNING))


def _header_block(book: Workbook, sheet: Sheet, header_row: int, label_column: int, value_column: int,
                  labels: dict[str, str]) -> dict[str, tuple[Any, Cell]]:
    """The header block above a table: a label in the label column, its value in the value column."""
    fields = {header_key(label): name for label, name in labels.items()}
    found: dict[str, tuple[Any, Cell]] = {}
    rows: dict[str, int] = {}
    for row in range(1, header_row):
        label = sheet.text(row, label_column)
        name = fields.get(header_key(label)) if label is not None else None
        if name is None:
            continue
        if name in rows:
            book.problems.append(sheet.problem(row, label_column, f"'{shorten(label)}' đã có ở dòng {rows[name]}",
                                               Code.XLSX_DUPLICATE_ROW))
            continue
        rows[name] = row
        read = sheet.read(row, value_column)
        found[name] = (text_value(read.value), read.cell)
    return found


# -- many units ----------------------------------------------------------------------------------


def _many_sheet(book: Workbook) -> tuple[Sheet, int] | None:
    """The sheet of a many-units workbook and its row of codes (the row whose first cell is unit_id)."""
    first = book.sheet(layout.MANY_SHEET)
    for sheet in ([first] if first is not None else []) + [s for s in book.sheets if s is not first]:
        for row in range(1, min(sheet.last_row, layout.HEADER_SEARCH_ROWS) + 1):
            if sheet.text(row, 1) == layout.MANY_FIELDS[0]:
                return sheet, row
    return None


def _many_documents(book: Workbook, sheet: Sheet, code_row: int,
                    kinds: dict[str, str]) -> list[Document | InputProblems]:
    columns: dict[int, tuple[str, str]] = {}  # column → (key in the document, name)
    seen: dict[tuple[str, str], int] = {}
    for column in range(1, sheet.last_column + 1):
        code = sheet.text(code_row, column)
        if code is None:
            continue
        if code in layout.MANY_FIELDS or code == layout.NOTE:
            target = ("", code)
        elif code.startswith(layout.POINTS_PREFIX):
            target = ("points", code.removeprefix(layout.POINTS_PREFIX).strip())
        elif code.startswith(layout.EVIDENCE_PREFIX):
            target = ("evidence", code.removeprefix(layout.EVIDENCE_PREFIX).strip())
        else:
            target = ("indicators", code)
        if target in seen:
            book.problems.append(sheet.problem(code_row, column, f"mã '{shorten(code)}' đã có ở cột "
                                               f"{sheet.place(code_row, seen[target]).ref}; mỗi mã chỉ một cột",
                                               Code.XLSX_DUPLICATE_ROW))
            continue
        seen[target] = column
        columns[column] = target
    if book.problems:
        raise InputProblems(book.problems)
    criteria = None
    for row in range(1, code_row):
        if header_key(sheet.text(row, 1) or "") == header_key(layout.MANY_CRITERIA):
            criteria = sheet.text(row, 2)
    documents: list[Document | InputProblems] = []
    id_column = next(c for c, target in columns.items() if target == ("", "unit_id"))
    for row in range(code_row + 1, sheet.last_row + 1):
        used = [c for c in columns if (row, c) in sheet.cells or (row, c) in sheet.formulas]
        if not used:
            continue  # an empty row in the middle
        start = len(book.problems)
        document = _unit_row(book, sheet, row, columns, id_column, kinds, criteria)
        if document is None:  # values without a unit id: that row's problems, no unit
            documents.append(InputProblems(book.problems[start:]))
            continue
        document.problems = book.problems[start:]
        documents.append(document)
    if not documents:
        raise InputProblems([Problem(book.path, None, None, "bảng số liệu chưa có đơn vị nào (không có dòng nào dưới "
                                     f"dòng mã, dòng {code_row})", code=Code.XLSX_ROW_WITHOUT_UNIT,
                                     cell=sheet.place(code_row + 1, id_column))])
    return documents


def _unit_row(book: Workbook, sheet: Sheet, row: int, columns: dict[int, tuple[str, str]], id_column: int,
              kinds: dict[str, str], criteria: str | None) -> Document | None:
    unit_id = sheet.read(row, id_column)
    if unit_id.value is None:
        book.problems.append(sheet.problem(row, id_column, f"dòng {row} có số liệu nhưng chưa có mã đơn vị; hãy ghi "
                                           "mã đơn vị hoặc xóa dòng", Code.XLSX_ROW_WITHOUT_UNIT))
        return None
    data: dict[str, Any] = {}
    cells: dict[Path_, Cell] = {(): unit_id.cell, ("indicators",): unit_id.cell}
    indicators: dict[str, Any] = {}
    points: dict[str, Any] = {}
    evidence: dict[str, Any] = {}
    for column, (key, name) in columns.items():
        read = sheet.read(row, column)
        if key == "":
            data[name] = text_value(read.value)
            cells[(name,)] = read.cell
        elif key == "indicators":
            indicators[name] = indicator_value(book, read, kinds.get(name))
            cells[("indicators", name)] = read.cell
        elif read.value is not None and key == "points":
            points[name] = number_text(book, read, True)
            cells[("points", name)] = read.cell
        elif read.value is not None:
            evidence[name] = evidence_entry(str(text_value(read.value)), None)
            cells[("evidence", name)] = read.cell
    if criteria is not None:
        data["criteria"] = criteria
    if data.get(layout.NOTE) is None:
        data.pop(layout.NOTE, None)
    data["indicators"] = indicators
    if points:
        data["points"] = points
    if evidence:
        data["evidence"] = evidence
    return Document(book.path, data, cells=cells, part=str(unit_id.cell))
