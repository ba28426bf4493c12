"""Opening a workbook (.xlsx) and reading its cells honestly: the one module that uses openpyxl.

A workbook is read twice from the same bytes: once for the values Excel stored (a formula's cached
result) and once for the formulas themselves, so that a formula never calculated (written by a
program, never opened in Excel) is told apart from an empty cell. A cell's value is what Excel
stored, converted as a person reads the cell:

- a number formatted as a percent (95% is stored 0.95) is read as the text "95%", which the unit
  checks take as 95% (and refuse, naming the sign, for an indicator that is not a percent);
- a number is exact to the 15 significant digits Excel keeps (0.1 + 0.2 is 0.3, not 0.30000000000000004);
- a date is read as dd/mm/yyyy; TRUE/FALSE as true/false; text as it is, stripped;
- a formula: its cached value; none cached is an error (`xlsx.formula-no-value`);
- an Excel error (#DIV/0!, #N/A…) is an error (`xlsx.cell-error`);
- a value cell inside a merged area whose first cell holds a value is an error (`xlsx.merged-cell`):
  the value belongs to the area's first cell, not to this row;
- a value in a hidden row is read like any other, with a warning (`xlsx.hidden-row`), so that no
  figure counts without anyone seeing it.

Every problem carries its sheet and cell (core.errors.Cell).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

from parindex.core.codes import Code
from parindex.core.errors import Cell, InputProblems, Problem, Severity
from parindex.core.text import fold_name, nfc, shorten
from parindex.intake.xlsx.layout import HEADER_SEARCH_ROWS
from parindex.intake.yamlfile import read_bytes

# A workbook file may hold this many bytes, this many once unzipped (a "zip bomb" is refused before
# anything is parsed), and a sheet read this many cells.
MAX_WORKBOOK_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_SHEET_CELLS = 2_000_000

_EXCEL_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                           "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files protected by a password to open
# The parts of a number format that do not scale a number: "quoted text", \x escaped characters, [colours].
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


@dataclass(frozen=True, slots=True)
class Read:
    """One cell as read: its value (None when empty or unusable), its place, and whether the cell
    held text (a number typed as text, a label)."""

    value: Any
    cell: Cell
    text: bool = False


class Sheet:
    """One worksheet: the cells that hold something, its merged areas and hidden rows."""

    def __init__(self, book: Workbook, values: Any, formulas: Any, index: int) -> None:
        self.book = book
        self.name: str = values.title
        self.index = index
        self.visible = values.sheet_state == "visible"
        self.cells: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        self.errors: set[tuple[int, int]] = set()
        self.formulas: dict[tuple[int, int], str] = {}
        self.last_row = 0
        self.last_column = 0
        for row in values.iter_rows():
            for cell in row:
                if cell.value is None or not hasattr(cell, "column"):
                    continue
                key = (cell.row, cell.column)
                self.cells[key] = cell.value
                self.formats[key] = cell.number_format or ""
                if cell.data_type == "e":
                    self.errors.add(key)
                self.last_row = max(self.last_row, cell.row)
                self.last_column = max(self.last_column, cell.column)
        for row in formulas.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    key = (cell.row, cell.column)
                    text = getattr(cell.value, "text", None) or str(cell.value)
                    self.formulas[key] = text if text.startswith("=") else "=" + text
                    self.last_row = max(self.last_row, cell.row)
                    self.last_column = max(self.last_column, cell.column)
        # A cell of a merged area other than its first → the area and its first cell.
        self.merged: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        for area in values.merged_cells.ranges:
            first = (area.min_row, area.min_col)
            for r in range(area.min_row, area.max_row + 1):
                for c in range(area.min_col, area.max_col + 1):
                    if (r, c) != first:
                        self.merged[(r, c)] = (area.coord, first)
        self.hidden_rows = {number for number, dim in values.row_dimensions.items() if dim.hidden}
        self._warned_rows: set[int] = set()

    def place(self, row: int, column: int) -> Cell:
        return Cell(self.name, row, column, self.index)

    def problem(self, row: int, column: int, message: str, code: Code,
                severity: Severity = Severity.ERROR) -> Problem:
        return Problem(self.book.path, None, None, message, code=code, severity=severity,
                       cell=self.place(row, column))

    def text(self, row: int, column: int) -> str | None:
        """A label or a code as shown (a number as its digits, a date dd/mm/yyyy), stripped; None
        when empty. Nothing is reported: labels are the form's own text."""
        value = self.cells.get((row, column))
        if value is None or (row, column) in self.errors:
            return None
        shown = _shown(value, self.formats.get((row, column), ""))
        text = nfc(shown).strip() if isinstance(shown, str) else str(shown)
        return text or None

    def read(self, row: int, column: int) -> Read:
        """A value cell, as parindex reads it (see the module's docstring); its problems go onto
        the workbook's."""
        key = (row, column)
        place = self.place(row, column)
        merged = self.merged.get(key)
        if merged is not None:
            area, first = merged
            if self.cells.get(first) is not None:
                self.book.problems.append(self.problem(
                    row, column, f"ô {place.ref} nằm trong vùng ô gộp {area}, giá trị của vùng ở ô "
                                 f"{self.place(*first).ref}; hãy bỏ gộp ô (Unmerge) và ghi giá trị của "
                                 f"dòng {row} vào ô {place.ref}", Code.XLSX_MERGED_CELL))
            return Read(None, place)
        value = self.cells.get(key)
        formula = self.formulas.get(key)
        if value is None and formula is not None:
            self.book.problems.append(self.problem(
                row, column, f"ô có công thức '{shorten(formula)}' nhưng chưa có giá trị tính sẵn (tệp được ghi bởi "
                             "một chương trình không tính công thức); hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu "
                             "lại, hoặc ghi giá trị thay cho công thức", Code.XLSX_FORMULA_NO_VALUE))
            return Read(None, place)
        if value is None or (isinstance(value, str) and not value.strip()):
            return Read(None, place)
        if key in self.errors or (isinstance(value, str) and value.strip() in _EXCEL_ERRORS):
            made = f" (công thức '{shorten(formula)}')" if formula is not None else ""
            self.book.problems.append(self.problem(
                row, column, f"ô báo lỗi Excel {shorten(value)}{made}; hãy sửa công thức hoặc ghi giá trị",
                Code.XLSX_CELL_ERROR))
            return Read(None, place)
        if row in self.hidden_rows and row not in self._warned_rows:
            self._warned_rows.add(row)
            self.book.problems.append(self.problem(
                row, column, f"dòng {row} của trang '{shorten(self.name)}' đang bị ẩn; giá trị ở ô "
                             f"{place.ref} vẫn được đọc và tính", Code.XLSX_HIDDEN_ROW, Severity.WARNING))
        converted = _value(value, self.formats.get(key, ""))
        return Read(converted, place, isinstance(value, str))

    def find_header(self, headers: dict[str, str], first: str) -> Table | None:
        """The table whose header row holds `headers[first]` (in the first HEADER_SEARCH_ROWS rows),
        with the column of each header found."""
        wanted = {header_key(text): role for role, text in headers.items()}
        for row in range(1, min(self.last_row, HEADER_SEARCH_ROWS) + 1):
            found: dict[str, int] = {}
            for column in range(1, self.last_column + 1):
                text = self.text(row, column)
                role = wanted.get(header_key(text)) if text is not None else None
                if role is not None and role not in found:
                    found[role] = column
            if first in found:
                return Table(self, row, found)
        return None


def header_key(text: str) -> str:
    """A header as compared: without accents, case or extra spaces ("Giá trị " is "gia_tri")."""
    return "_".join(fold_name(text).split())


@dataclass
class Table:
    """A table of a sheet: its header row and the column of each role found there."""

    sheet: Sheet
    header_row: int
    columns: dict[str, int]

    def rows(self) -> Iterator[int]:
        return iter(range(self.header_row + 1, self.sheet.last_row + 1))


class Workbook:
    """An opened workbook: its sheets, and the problems found in its cells so far."""

    def __init__(self, path: str, values: Any, formulas: Any) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.sheets = [Sheet(self, v, f, index) for index, (v, f) in
                       enumerate(zip(values.worksheets, formulas.worksheets, strict=True))]

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of this name (ignoring case, accents and spaces), or None."""
        key = header_key(name)
        return next((s for s in self.sheets if header_key(s.name) == key), None)


def open_workbook(path: Path) -> Workbook:
    """Open a workbook; one problem (InputProblems) when it cannot be: not found, too large, not an
    .xlsx at all, protected by a password, broken."""
    shown = str(path)
    raw = read_bytes(path, MAX_WORKBOOK_BYTES)

    def refuse(message: str, code: Code = Code.XLSX_UNREADABLE) -> InputProblems:
        return InputProblems([Problem(shown, None, None, message, code=code)])

    if raw.startswith(_OLE_MAGIC):
        raise refuse("tệp không mở được như bảng tính .xlsx: đây là tệp Excel 97–2003 (.xls) đổi đuôi, hoặc bảng "
                     "tính được đặt mật khẩu mở tệp; hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx")
    buffer = io.BytesIO(raw)
    if not zipfile.is_zipfile(buffer):
        raise refuse("tệp không phải bảng tính Excel .xlsx (nội dung không phải dạng Office Open XML); hãy mở tệp "
                     "bằng Excel hoặc LibreOffice và lưu lại dạng 'Excel Workbook (.xlsx)'")
    try:
        with zipfile.ZipFile(buffer) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(f"tệp .xlsx bị hỏng ({shorten(exc)}); hãy mở bằng Excel và lưu lại") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise refuse(f"bảng tính quá lớn khi giải nén ({unzipped:,} byte, tối đa {MAX_UNZIPPED_BYTES:,}); "
                     "hãy kiểm tra lại tệp", Code.XLSX_TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (slicers, styles…)
            values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True, keep_links=False)
            formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - a broken file makes openpyxl raise any kind of error
        raise refuse(f"tệp .xlsx bị hỏng, không đọc được ({type(exc).__name__}: {shorten(exc)}); hãy mở bằng "
                     "Excel hoặc LibreOffice và lưu lại") from None
    for sheet in values.worksheets:
        if sheet.max_row * sheet.max_column > MAX_SHEET_CELLS:
            raise refuse(f"trang tính '{shorten(sheet.title)}' quá lớn ({sheet.max_row:,} dòng × "
                         f"{sheet.max_column:,} cột); hãy xóa các dòng, cột không dùng", Code.XLSX_TOO_LARGE)
    return Workbook(shown, values, formulas)


# -- values --------------------------------------------------------------------------------------


def _is_percent(number_format: str) -> bool:
    """Whether a number format shows the number × 100 with a '%' (a quoted "%" does not scale)."""
    return "%" in _LITERALS.sub("", number_format)


def excel_decimal(number: float) -> Decimal:
    """A float as Excel shows it at most: 15 significant digits."""
    return Decimal(format(number, ".15g"))


def plain(number: Decimal) -> str:
    """A decimal written plainly (no exponent, no trailing zeros): 95, 12.5, 0.001."""
    text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def _value(value: Any, number_format: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = Decimal(value) if isinstance(value, int) else excel_decimal(value)
        if _is_percent(number_format):
            return f"{plain(number * 100)}%"
        if number == number.to_integral_value() and abs(number) < 10**15:
            return int(number)
        return number
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    if isinstance(value, str):
        return nfc(value).strip() or None
    return str(value)


def _shown(value: Any, number_format: str) -> Any:
    converted = _value(value, number_format)
    if isinstance(converted, Decimal):
        return plain(converted)
    return converted
