"""Blank forms as workbooks (XlsxWriter): the unit form (`parindex template --format xlsx`), the
many-units workbook (`--many`), the survey answer sheet (`--survey`) and the pre-filled appraisal
sheet (`parindex appraise --format xlsx`).

Every form has an instructions sheet in Vietnamese, a header block, one row per indicator grouped
by area (label, kind, how to write it, value, evidence, note), data validation on every value
cell (whole numbers ≥ 0 for counts, 0–100 for percents, drop-down lists for choices and có/không,
dates), and its sheets protected without a password: labels and codes are locked, the cells to
fill (yellow) are not. The sheet names and headers are intake.xlsx.layout's, so that the readers
(intake.xlsx) find every value again; a text from a criteria set or a unit file is always written
as a text cell (never a formula), made printable.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from parindex.core.numbers import format_points, percent_of
from parindex.criteria.compiler import CompiledSet
from parindex.intake.appraisal import Appraisal, Explanation, judged_step
from parindex.intake.units import UnitData
from parindex.intake.xlsx import layout
from parindex.reports.form_model import Form, FormIndicator, build_form
from parindex.reports.xlsx.book import CREATED, FONT, FONT_SIZE  # CREATED fixed: the same form gives the same bytes
from parindex.reports.xlsx.book import cell_text as _text  # printable, within Excel's 32 767 characters
from parindex.results.scorecard import STATUS_WORDS, UnitResult

MANY_ROWS = 200  # empty unit rows of a many-units workbook (rows can be inserted: the sheet allows it)
SURVEY_ROWS = 2000
_PROTECTION = {"format_columns": True, "format_rows": True, "select_locked_cells": True,
               "select_unlocked_cells": True}
_FORM_WIDTHS = {layout.CODE: 26, layout.LABEL: 48, layout.KIND: 11, layout.GUIDE: 38, layout.VALUE: 18,
                layout.EVIDENCE: 24, layout.NOTE: 22, layout.USED_BY: 16, layout.MAX: 10, layout.STEP: 10,
                layout.CURRENT: 18, layout.REASON: 36, layout.REQUEST: 12}


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size - 1] + "…"


_LINE = 15.75  # points per line of wrapped text at FONT_SIZE
_CHARS_PER_WIDTH = 1.05  # characters of Vietnamese text in Times New Roman 12 per unit of column width


def _fit(sheet: Worksheet, row: int, cells: Sequence[tuple[float, str]]) -> None:
    """Set a row's height to its tallest wrapped text ((column width, text) pairs): neither Excel nor
    LibreOffice reliably grows rows written by a program."""
    lines = 1
    for width, text in cells:
        per_line = max(1, int(width * _CHARS_PER_WIDTH) - 1)
        needed = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
        lines = max(lines, needed)
    sheet.set_row(row, _LINE * lines + 2)


class _Book:
    """One workbook being written: its formats, and the hidden sheet of drop-down lists."""

    def __init__(self, title: str) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_formulas": False,
                                                      "strings_to_numbers": False, "strings_to_urls": False})
        self.book.set_properties({"title": _cut(_text(title), 250), "author": "parindex", "created": CREATED})
        base = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top"}
        cell = {**base, "border": 1, "text_wrap": True}
        self.formats: dict[str, Format] = {
            "title": self.book.add_format({**base, "bold": True, "font_size": 14, "font_color": "#1F3864"}),
            "subtitle": self.book.add_format({**base, "italic": True}),
            "plain": self.book.add_format({**base, "text_wrap": True}),
            "bold": self.book.add_format({**base, "bold": True, "text_wrap": True}),
            "head": self.book.add_format({**cell, "bold": True, "bg_color": "#DDEBF7", "align": "center",
                                          "valign": "vcenter"}),
            "label": self.book.add_format(cell),
            "code": self.book.add_format({**cell, "font_size": 10, "font_color": "#595959"}),
            "number": self.book.add_format(cell),
            "area": self.book.add_format({**cell, "bold": True, "bg_color": "#BDD7EE"}),
            "criterion": self.book.add_format({**cell, "bold": True, "italic": True, "bg_color": "#EDF3FA"}),
            "input": self.book.add_format({**cell, "locked": False, "bg_color": "#FFF2CC"}),
            "input_date": self.book.add_format({**cell, "locked": False, "bg_color": "#FFF2CC",
                                                "num_format": "dd/mm/yyyy"}),
            "date": self.book.add_format({**cell, "num_format": "dd/mm/yyyy"}),
        }
        self.list_sources: dict[tuple[str, ...], str] = {}

    def format(self, name: str) -> Format:
        return self.formats[name]

    def sheet(self, name: str) -> Worksheet:
        sheet: Worksheet = self.book.add_worksheet(name)
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.fit_to_pages(1, 0)
        return sheet

    def list_source(self, items: Sequence[str]) -> str:
        """The drop-down list of `items`, as a range of the hidden sheet of lists."""
        key = tuple(items)
        found = self.list_sources.get(key)
        if found is not None:
            return found
        letter = xlsxwriter.utility.xl_col_to_name(len(self.list_sources))
        source = f"='{layout.LISTS_SHEET}'!${letter}$1:${letter}${max(len(key), 1)}"
        self.list_sources[key] = source
        return source

    def close(self) -> bytes:
        """The workbook's bytes; the hidden sheet of lists is written last (after the sheets that use it)."""
        if self.list_sources:
            lists = self.book.add_worksheet(layout.LISTS_SHEET)
            for column, items in enumerate(self.list_sources):
                for row, item in enumerate(items):
                    lists.write_string(row, column, _text(item))
            lists.hide()
            lists.protect("", _PROTECTION)
        self.book.close()
        return self.buffer.getvalue()


_GUIDE_WIDTH = 100  # the instructions' one column: a landscape A4 page wide


def _instructions(book: _Book, title: str, lines: Sequence[str]) -> None:
    sheet = book.sheet(layout.INSTRUCTIONS_SHEET)
    sheet.set_landscape()
    sheet.set_column(0, 0, _GUIDE_WIDTH)
    sheet.write_string(0, 0, _text(title), book.format("title"))
    for row, line in enumerate(lines, start=2):
        sheet.write_string(row, 0, _text(line), book.format("bold" if line.isupper() else "plain"))
        _fit(sheet, row, [(_GUIDE_WIDTH, line)])
    sheet.protect("", _PROTECTION)


def _validation(book: _Book, indicator: FormIndicator) -> dict[str, Any]:
    """The data validation of an indicator's value cell, with its input and error messages."""
    kind = indicator.kind
    options: dict[str, Any]
    if kind in ("yes_no", "choice"):
        items = [layout.YES, layout.NO] if kind == "yes_no" else list(indicator.choices.values())
        options = {"validate": "list", "source": book.list_source(items)}
    elif kind == "date":
        options = {"validate": "date", "criteria": "between", "minimum": dt.date(1900, 1, 1),
                   "maximum": dt.date(2100, 12, 31)}
    else:
        low, high = indicator.low, indicator.high
        if kind == "count":
            low = Decimal(0) if low is None or low < 0 else low
        if kind == "percent":
            low = Decimal(0) if low is None else max(low, Decimal(0))
            high = Decimal(100) if high is None else min(high, Decimal(100))
        whole = kind == "count"
        least = (math.ceil(low) if whole else _number(low)) if low is not None else -10**15
        most = (math.floor(high) if whole else _number(high)) if high is not None else 10**15
        options = {"validate": "integer" if whole else "decimal", "criteria": "between", "minimum": least,
                   "maximum": most}
    how = indicator.how_words()
    options.update({
        "input_title": _cut(_text(indicator.kind_words.capitalize()), 32),
        "input_message": _cut(_text(f"{how}. {indicator.empty_words}" if how else indicator.empty_words), 250),
        "error_title": "Giá trị không hợp lệ",
        "error_message": _cut(_text(f"'{indicator.label}': {how or indicator.kind_words}"), 250),
    })
    return options


def _number(value: Decimal) -> int | float:
    """A bound as Excel writes it: a whole number without ".0"."""
    return int(value) if value == value.to_integral_value() else float(value)


def _points_validation(maximum: Decimal, step: Decimal | None) -> dict[str, Any]:
    shown = f"từ 0 đến {format_points(maximum, 4)}" + (f", bước {format_points(step, 4)}" if step else "")
    return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": _number(maximum),
            "input_title": "Điểm", "input_message": _cut(f"Điểm {shown}", 250),
            "error_title": "Điểm không hợp lệ", "error_message": _cut(f"Điểm phải {shown}", 250)}


def _columns(sheet: Worksheet, columns: dict[str, str]) -> None:
    for index, role in enumerate(columns):
        sheet.set_column(index, index, _FORM_WIDTHS.get(role, 16))


def _header_row(book: _Book, sheet: Worksheet, row: int, columns: dict[str, str]) -> None:
    for index, text in enumerate(columns.values()):
        sheet.write_string(row, index, text, book.format("head"))
    sheet.set_row(row, 32)


def _header_block(book: _Book, sheet: Worksheet, start: int, value_column: int, last_column: int,
                  fields: Sequence[tuple[str, Any, bool, str]]) -> int:
    """Rows of label | value (label merged over the columns before the value, value merged to the
    last column); `fields`: (label, value or None, filled by the person, format of the value)."""
    row = start
    for label, value, editable, kind in fields:
        sheet.merge_range(row, 0, row, value_column - 1, label, book.format("bold"))
        name = ("input_date" if kind == "date" else "input") if editable else ("date" if kind == "date" else "label")
        sheet.merge_range(row, value_column, row, last_column, "", book.format(name))
        if isinstance(value, dt.date):
            sheet.write_datetime(row, value_column, value, book.format(name))
        elif isinstance(value, int):
            sheet.write_number(row, value_column, value, book.format(name))
        elif value is not None:
            sheet.write_string(row, value_column, _text(value), book.format(name))
        if kind == "date" and editable:
            sheet.data_validation(row, value_column, row, value_column, {
                "validate": "date", "criteria": "between", "minimum": dt.date(1900, 1, 1),
                "maximum": dt.date(2100, 12, 31), "input_title": "Ngày", "input_message": "Ngày dạng dd/mm/yyyy"})
        row += 1
    return row


# -- the unit form ---------------------------------------------------------------------------------


def form_workbook(form: Form, criteria_file: str | None = None) -> bytes:
    """The unit form of a criteria set: instructions, the sheet "Chỉ số" (header block, one row per
    indicator by area and criterion) and "Điểm tự chấm" (the judged sub-criteria)."""
    book = _Book(f"Mẫu số liệu tự đánh giá — {form.title}")
    _instructions(book, "HƯỚNG DẪN ĐIỀN MẪU SỐ LIỆU TỰ ĐÁNH GIÁ", _form_guide(form, criteria_file))
    sheet = book.sheet(layout.FORM_SHEET)
    columns = layout.FORM_COLUMNS
    last = len(columns) - 1
    value_column = list(columns).index(layout.VALUE)
    _columns(sheet, columns)
    sheet.set_landscape()
    sheet.merge_range(0, 0, 0, last, _text(f"MẪU SỐ LIỆU TỰ ĐÁNH GIÁ — {form.title}"), book.format("title"))
    sheet.merge_range(1, 0, 1, last, _text(f"Bộ tiêu chí {form.set_id}, năm {form.year}. Ghi vào các ô nền vàng; "
                                           "xem trang 'Hướng dẫn'."), book.format("subtitle"))
    labels = {name: label for label, name in layout.UNIT_HEADER.items()}
    start = 3
    row = _header_block(book, sheet, start, value_column, last, [
        (labels["unit_id"], None, True, "text"),
        (labels["unit_name"], None, True, "text"),
        (labels["unit_kind"], form.unit_kind, True, "text"),
        (labels["period"], form.period, True, "text"),
        (labels["criteria"], form.set_id, False, "text"),
        (labels["submitted"], None, True, "date"),
        (labels["note"], None, True, "text"),
    ])
    kind_row = start + 2  # the third field of the header block
    sheet.data_validation(kind_row, value_column, kind_row, value_column, {
        "validate": "list", "source": book.list_source(form.unit_kinds), "input_title": "Loại đơn vị",
        "input_message": _cut(_text(form.kind_words), 250)})
    header = row + 1
    _header_row(book, sheet, header, columns)
    row = header + 1
    for area in form.areas:
        row = _group_row(book, sheet, row, f"{area.code}. {area.title} (tối đa {area.max} điểm)", "area", last)
        for criterion in area.criteria:
            if criterion.code != area.code:
                row = _group_row(book, sheet, row, f"{criterion.code} {criterion.title}", "criterion", last)
            for indicator in criterion.indicators:
                row = _indicator_row(book, sheet, row, indicator)
    if form.other:
        row = _group_row(book, sheet, row, "Chỉ số khác (dùng cho kiểm tra số liệu, nhóm xếp hạng, điều kiện xếp loại)",
                         "area", last)
        for indicator in form.other:
            row = _indicator_row(book, sheet, row, indicator)
    sheet.freeze_panes(header + 1, 2)
    sheet.repeat_rows(header)
    sheet.protect("", _PROTECTION)
    sheet.activate()
    if form.judged:
        _judged_sheet(book, form)
    return book.close()


def _group_row(book: _Book, sheet: Worksheet, row: int, title: str, kind: str, last: int) -> int:
    sheet.write_blank(row, 0, None, book.format(kind))
    sheet.merge_range(row, 1, row, last, _text(title), book.format(kind))
    return row + 1


def _indicator_row(book: _Book, sheet: Worksheet, row: int, indicator: FormIndicator) -> int:
    guide = "; ".join(part for part in (indicator.how_words(), indicator.empty_words) if part)
    if indicator.note:
        guide += f". {indicator.note}"
    texts = {layout.CODE: (indicator.name, "code"), layout.LABEL: (indicator.label, "label"),
             layout.KIND: (indicator.kind_words, "label"), layout.GUIDE: (guide, "label"),
             layout.USED_BY: (indicator.used_words(), "label")}
    for index, role in enumerate(layout.FORM_COLUMNS):
        if role in texts:
            text, name = texts[role]
            sheet.write_string(row, index, _text(text), book.format(name))
        else:
            date = role == layout.VALUE and indicator.kind == "date"
            sheet.write_blank(row, index, None, book.format("input_date" if date else "input"))
    value_column = list(layout.FORM_COLUMNS).index(layout.VALUE)
    sheet.data_validation(row, value_column, row, value_column, _validation(book, indicator))
    _fit(sheet, row, [(_FORM_WIDTHS[role], texts[role][0]) for role in texts])
    return row + 1


def _judged_sheet(book: _Book, form: Form) -> None:
    sheet = book.sheet(layout.JUDGED_SHEET)
    columns = layout.JUDGED_COLUMNS
    last = len(columns) - 1
    _columns(sheet, columns)
    sheet.merge_range(0, 0, 0, last, "ĐIỂM TỰ CHẤM CÁC TIÊU CHÍ CHẤM THEO ĐÁNH GIÁ", book.format("title"))
    sheet.merge_range(1, 0, 1, last, "Đơn vị tự cho điểm các tiêu chí dưới đây (từ 0 đến điểm tối đa, theo bước "
                                     "điểm); ghi tài liệu kiểm chứng nếu bộ tiêu chí yêu cầu.", book.format("subtitle"))
    header = 3
    _header_row(book, sheet, header, columns)
    value_column = list(columns).index(layout.VALUE)
    for row, judged in enumerate(form.judged, start=header + 1):
        asked = {"required": " (bắt buộc có tài liệu kiểm chứng)",
                 "recommended": " (nên có tài liệu kiểm chứng)"}.get(judged.evidence or "", "")
        sheet.write_string(row, 0, _text(judged.code), book.format("code"))
        sheet.write_string(row, 1, _text(judged.title + asked), book.format("label"))
        _fit(sheet, row, [(_FORM_WIDTHS[layout.LABEL], judged.title + asked)])
        sheet.write_number(row, 2, float(judged.max), book.format("number"))
        sheet.write_number(row, 3, float(judged.step), book.format("number"))
        for column in range(value_column, last + 1):
            sheet.write_blank(row, column, None, book.format("input"))
        sheet.data_validation(row, value_column, row, value_column, _points_validation(judged.max, judged.step))
    sheet.freeze_panes(header + 1, 2)
    sheet.protect("", _PROTECTION)


def _form_guide(form: Form, criteria_file: str | None) -> list[str]:
    check = criteria_file or "BỘ_TIÊU_CHÍ.yaml"
    lines = [
        f"{form.title} ({form.set_id}), năm {form.year}",
        "",
        "CÁCH ĐIỀN",
        f"1. Trang '{layout.FORM_SHEET}': ghi thông tin đơn vị ở phần đầu (mã đơn vị, tên đơn vị, loại đơn vị, kỳ "
        "đánh giá, ngày gửi), rồi ghi giá trị của từng chỉ số vào cột 'Giá trị'. Chỉ các ô nền vàng ghi được; các ô "
        "khác đã khóa để không bị sửa nhầm.",
        "2. Mã đơn vị: chữ thường không dấu, không khoảng trắng, ví dụ so-tu-phap; giữ nguyên mã này ở mọi lần nộp.",
        "3. Cách ghi giá trị: số đếm là số nguyên (không âm); tỷ lệ % ghi số từ 0 đến 100 (ghi 95, hoặc 95%); "
        "có/không và lựa chọn: chọn trong danh sách thả xuống của ô; ngày: dd/mm/yyyy. Cột 'Cách ghi' nói giới hạn "
        "của từng chỉ số và ý nghĩa khi để trống; đưa chuột vào ô giá trị để xem nhắc.",
        "4. Cột 'Tài liệu kiểm chứng': số, ký hiệu văn bản (ví dụ 15/BC-STP) hoặc đường liên kết (https://…); cột "
        "'Ghi chú': ghi chú kèm tài liệu.",
    ]
    if form.judged:
        lines.append(f"5. Trang '{layout.JUDGED_SHEET}': điểm đơn vị tự chấm cho các tiêu chí chấm theo đánh giá, "
                     "từ 0 đến điểm tối đa, theo bước điểm.")
    lines += [
        "",
        "LƯU Ý",
        f"- Không đổi tên các trang tính, không xóa cột '{layout.FORM_COLUMNS[layout.CODE]}' và dòng tiêu đề của "
        "bảng; không gộp ô ở cột 'Giá trị'. Có thể đổi độ rộng cột, chiều cao dòng.",
        "- Giá trị ở dòng bị ẩn vẫn được đọc và tính điểm (parindex sẽ cảnh báo).",
        "- Ô có công thức: parindex đọc giá trị Excel đã tính; hãy mở và lưu tệp bằng Excel hoặc LibreOffice trước "
        "khi gửi.",
        "- Số nhập dạng chữ (ô định dạng Text) vẫn được đọc như số, kèm cảnh báo.",
        "- Trang tính được khóa không đặt mật khẩu: muốn sửa cấu trúc, chọn Review → Unprotect Sheet (Xem lại → Bỏ "
        "bảo vệ trang tính).",
        "",
        "KIỂM TRA TỆP ĐÃ ĐIỀN",
        f"parindex score --criteria {check} ten-tep.xlsx",
        "Lỗi được báo theo trang tính và ô, ví dụ: ten-tep.xlsx:Chỉ số!E15: [error] 'ho_so_dung_han' là số đếm, "
        "phải là số nguyên…",
    ]
    return lines


# -- the many-units workbook -----------------------------------------------------------------------


def many_workbook(form: Form, rows: int = MANY_ROWS) -> bytes:
    """One row per unit, one column per indicator (then the judged points, then a note): for the
    Sở's staff collecting figures centrally."""
    book = _Book(f"Bảng số liệu nhiều đơn vị — {form.title}")
    _instructions(book, "HƯỚNG DẪN ĐIỀN BẢNG SỐ LIỆU NHIỀU ĐƠN VỊ", [
        f"{form.title} ({form.set_id}), năm {form.year}",
        "",
        f"1. Trang '{layout.MANY_SHEET}': mỗi dòng một đơn vị, bắt đầu từ dòng ngay dưới dòng mã (dòng chữ nhỏ màu "
        "xám). Cột đầu là mã đơn vị (bắt buộc), rồi tên, loại đơn vị, kỳ đánh giá, mỗi chỉ số một cột.",
        "2. Cách ghi giá trị như mẫu của một đơn vị: số đếm là số nguyên; tỷ lệ % ghi 0–100; có/không và lựa chọn "
        "chọn trong danh sách; ngày dd/mm/yyyy. Để trống: xem ý nghĩa ở dòng chú thích khi chọn ô.",
        "3. Các cột 'điểm …' là điểm tự chấm của các tiêu chí chấm theo đánh giá; các cột 'tài liệu …' là tài liệu "
        "kiểm chứng (số, ký hiệu văn bản hoặc đường liên kết) của tiêu chí bộ tiêu chí yêu cầu.",
        "4. Không sửa dòng mã, không đổi tên trang tính; được chèn thêm dòng đơn vị, để trống dòng ở giữa.",
        "5. Một dòng có số liệu mà chưa có mã đơn vị bị báo lỗi; hai dòng cùng mã đơn vị: dòng sau bị từ chối.",
        "",
        "CHẤM ĐIỂM, XẾP HẠNG",
        "parindex rank --criteria BỘ_TIÊU_CHÍ.yaml bang-so-lieu.xlsx",
        "Lỗi được báo theo trang tính và ô, ví dụ: bang-so-lieu.xlsx:Số liệu các đơn vị!F9: [error] …",
    ])
    sheet = book.sheet(layout.MANY_SHEET)
    sheet.set_landscape()
    indicators = form.indicators
    fields = [("Mã đơn vị", "unit_id", 18), ("Tên đơn vị", "unit_name", 30), ("Loại đơn vị", "unit_kind", 10),
              ("Kỳ đánh giá", "period", 12)]
    code_row, label_row, first = 4, 3, 5
    last = len(fields) + len(indicators) + len(form.judged)
    sheet.write_string(0, 0, _text(f"BẢNG SỐ LIỆU NHIỀU ĐƠN VỊ — {form.title}"), book.format("title"))
    sheet.write_string(1, 0, layout.MANY_CRITERIA, book.format("bold"))
    sheet.write_string(1, 1, _text(form.set_id), book.format("label"))
    for column, (label, code, width) in enumerate(fields):
        sheet.set_column(column, column, width)
        sheet.write_string(label_row, column, label, book.format("head"))
        sheet.write_string(code_row, column, code, book.format("code"))
    sheet.data_validation(first, 2, first + rows - 1, 2, {"validate": "list",
                                                          "source": book.list_source(form.unit_kinds)})
    column = len(fields)
    for area in form.areas:
        span = len(area.indicators)
        if span > 1:
            sheet.merge_range(2, column, 2, column + span - 1, _text(f"{area.code}. {area.title}"), book.format("area"))
        elif span == 1:
            sheet.write_string(2, column, _text(f"{area.code}. {area.title}"), book.format("area"))
        column += span
    for column, indicator in enumerate(indicators, start=len(fields)):
        sheet.set_column(column, column, 16)
        sheet.write_string(label_row, column, _text(f"{indicator.label} ({indicator.kind_words})"), book.format("head"))
        sheet.write_string(code_row, column, _text(indicator.name), book.format("code"))
        sheet.data_validation(first, column, first + rows - 1, column, _validation(book, indicator))
    for column, judged in enumerate(form.judged, start=len(fields) + len(indicators)):
        sheet.set_column(column, column, 14)
        sheet.write_string(label_row, column, _text(f"Điểm tự chấm {judged.code} (tối đa "
                                                    f"{form.points(judged.max)})"), book.format("head"))
        sheet.write_string(code_row, column, _text(layout.POINTS_PREFIX + judged.code), book.format("code"))
        sheet.data_validation(first, column, first + rows - 1, column, _points_validation(judged.max, judged.step))
    for column, (code, title, level) in enumerate(form.evidence, start=last):
        sheet.set_column(column, column, 18)
        asked = "bắt buộc" if level == "required" else "nên có"
        sheet.write_string(label_row, column, _text(f"Tài liệu kiểm chứng {code} ({asked}): {title}"),
                           book.format("head"))
        sheet.write_string(code_row, column, _text(layout.EVIDENCE_PREFIX + code), book.format("code"))
    note = last + len(form.evidence)
    sheet.set_column(note, note, 24)
    sheet.write_string(label_row, note, "Ghi chú", book.format("head"))
    sheet.write_string(code_row, note, layout.NOTE, book.format("code"))
    sheet.set_row(label_row, 90)
    dates = [c for c, i in enumerate(indicators, start=len(fields)) if i.kind == "date"]
    for row in range(first, first + rows):
        for column in range(note + 1):
            sheet.write_blank(row, column, None, book.format("input_date" if column in dates else "input"))
    sheet.freeze_panes(first, 2)
    sheet.repeat_rows(label_row, code_row)
    sheet.protect("", {**_PROTECTION, "insert_rows": True, "delete_rows": True})
    sheet.activate()
    return book.close()


# -- the survey answer sheet -----------------------------------------------------------------------


def survey_workbook(criteria: CompiledSet, units: Sequence[tuple[str, str]] = ()) -> bytes:
    """The answer sheet of a set's survey: one row per answer (respondent, group, unit, question,
    answer) with drop-down lists, and a sheet listing the questions, the scale and the groups."""
    survey = criteria.spec.survey
    assert survey is not None
    book = _Book(f"Phiếu điều tra xã hội học — {criteria.spec.title}")
    _instructions(book, "HƯỚNG DẪN NHẬP PHIẾU ĐIỀU TRA XÃ HỘI HỌC", [
        f"{criteria.spec.title} ({criteria.spec.id})",
        "",
        f"1. Trang '{layout.SURVEY_SHEET}': mỗi dòng một câu trả lời — người trả lời (mã phiếu), nhóm, đơn vị được "
        "đánh giá (mã đơn vị), câu hỏi (mã câu hỏi) và câu trả lời (mức trả lời). Chọn nhóm, câu hỏi, câu trả lời "
        "trong danh sách thả xuống.",
        f"2. Trang '{layout.SURVEY_QUESTIONS_SHEET}': nội dung các câu hỏi, thang trả lời và các nhóm người trả lời.",
        "3. Mỗi người chỉ trả lời mỗi câu hỏi một lần cho mỗi đơn vị; dòng trống ở giữa được bỏ qua.",
        "4. Không đổi tên trang tính và dòng tiêu đề.",
        "",
        "DÙNG PHIẾU",
        "parindex rank --criteria BỘ_TIÊU_CHÍ.yaml --survey phieu-dieu-tra.xlsx THƯ_MỤC_ĐƠN_VỊ",
        "hoặc đặt tệp vào thư mục điều tra (dieu-tra/) của chiến dịch.",
    ])
    sheet = book.sheet(layout.SURVEY_SHEET)
    for column, (header, width) in enumerate(zip(layout.SURVEY_HEADERS, (18, 22, 22, 12, 12), strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, header, book.format("head"))
    last = SURVEY_ROWS
    for row in range(1, last + 1):
        for column in range(len(layout.SURVEY_HEADERS)):
            sheet.write_blank(row, column, None, book.format("input"))
    sheet.data_validation(1, 1, last, 1, {"validate": "list", "source": book.list_source(list(survey.groups))})
    if units:
        sheet.data_validation(1, 2, last, 2, {"validate": "list",
                                              "source": book.list_source([u for u, _ in units])})
    sheet.data_validation(1, 3, last, 3, {"validate": "list", "source": book.list_source(list(survey.questions))})
    sheet.data_validation(1, 4, last, 4, {"validate": "list", "source": book.list_source(list(survey.scale))})
    sheet.freeze_panes(1, 0)
    sheet.protect("", _PROTECTION)
    sheet.activate()
    info = book.sheet(layout.SURVEY_QUESTIONS_SHEET)
    for column, width in enumerate((14, 70, 12, 12)):
        info.set_column(column, column, width)
    row = 0
    tables: list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]] = [
        ("CÂU HỎI", ("Mã câu hỏi", "Nội dung", "Tiêu chí", "Điểm tối đa"),
         [(q, question.text, question.node, question.max) for q, question in survey.questions.items()]),
        ("THANG TRẢ LỜI", ("Mức", "Tỷ lệ điểm được"), [(code, share) for code, share in survey.scale.items()]),
        ("NHÓM NGƯỜI TRẢ LỜI", ("Mã nhóm", "Tên nhóm", "Trọng số"),
         [(g, group.name, group.weight) for g, group in survey.groups.items()]),
    ]
    if units:
        tables.append(("ĐƠN VỊ", ("Mã đơn vị", "Tên đơn vị"), [(u, n) for u, n in units]))
    for title, heads, rows in tables:
        info.write_string(row, 0, title, book.format("bold"))
        row += 1
        for column, text in enumerate(heads):
            if text:
                info.write_string(row, column, text, book.format("head"))
        for values in rows:
            row += 1
            for column, value in enumerate(values):
                if isinstance(value, Decimal):
                    info.write_number(row, column, float(value), book.format("number"))
                elif value != "":
                    info.write_string(row, column, _text(value), book.format("label"))
        row += 2
    info.protect("", _PROTECTION)
    return book.close()


# -- the appraisal sheet ---------------------------------------------------------------------------


def appraisal_workbook(*, campaign_id: str, title: str, set_file: str, criteria: CompiledSet, unit: UnitData,
                       round_number: int, result: UnitResult | None, round1: Appraisal | None = None,
                       explanation: Explanation | None = None) -> bytes:
    """The appraisal sheet of one unit for round `round_number` (the workbook twin of
    reports.sheets.appraisal_sheet): the unit's figures and points as the round starts from, a
    column for the corrected value or points, the reason, evidence and whether the unit is asked
    to explain."""
    base = "tự đánh giá" if round_number == 1 else "sau thẩm định vòng 1"
    book = _Book(f"Phiếu thẩm định vòng {round_number} — {unit.name}")
    _instructions(book, f"HƯỚNG DẪN GHI PHIẾU THẨM ĐỊNH VÒNG {round_number}", [
        f"{title} ({campaign_id}); bộ tiêu chí '{criteria.spec.id}' ({set_file})",
        f"Đơn vị: {unit.name} ({unit.unit_id})",
        "",
        f"1. Trang '{layout.APPRAISAL_SHEET}': ghi người thẩm định và ngày hoàn thành; cột "
        f"'{layout.APPRAISAL_COLUMNS[layout.CURRENT]}' là số liệu {base}. Muốn sửa số liệu của một chỉ số: ghi giá "
        "trị mới vào cột "
        f"'{layout.APPRAISAL_COLUMNS[layout.VALUE]}' và lý do vào cột 'Lý do' (bắt buộc); điểm được tính lại theo quy "
        "tắc của bộ tiêu chí.",
        f"2. Trang '{layout.APPRAISAL_POINTS_SHEET}': điểm hiện tại của từng tiêu chí thành phần; muốn chấm lại điểm "
        f"một tiêu chí: ghi điểm mới vào cột '{layout.APPRAISAL_POINT_COLUMNS[layout.VALUE]}' và lý do.",
        "3. Cột 'Tài liệu kiểm chứng': số, ký hiệu văn bản hoặc đường liên kết; cột 'Yêu cầu giải trình': chọn 'có' "
        "nếu đơn vị phải giải trình thay đổi này.",
        "4. Dòng không ghi gì ở các cột thẩm định là giữ nguyên. Không đổi tên trang tính, không xóa cột mã.",
        "5. Lưu tệp vào thư mục thẩm định của vòng; kiểm tra: parindex campaign status THƯ_MỤC_CHIẾN_DỊCH.",
    ])
    sheet = book.sheet(layout.APPRAISAL_SHEET)
    columns = layout.APPRAISAL_COLUMNS
    last = len(columns) - 1
    value_column = list(columns).index(layout.VALUE)
    _columns(sheet, columns)
    sheet.set_landscape()
    sheet.merge_range(0, 0, 0, last, _text(f"PHIẾU THẨM ĐỊNH VÒNG {round_number} — {title}"), book.format("title"))
    sheet.merge_range(1, 0, 1, last, _text(f"Đơn vị: {unit.name} ({unit.unit_id}); bộ tiêu chí '{criteria.spec.id}'"),
                      book.format("subtitle"))
    labels = {name: label for label, name in layout.APPRAISAL_HEADER.items()}
    row = _header_block(book, sheet, 3, value_column, last, [
        (labels["unit_id"], unit.unit_id, False, "text"),
        (labels["round"], round_number, False, "number"),
        (labels["appraiser"], None, True, "text"),
        (labels["submitted"], None, True, "date"),
    ])
    header = row + 1
    _header_row(book, sheet, header, columns)
    row = header + 1
    form = build_form(criteria, unit.kind)
    yes_no = book.list_source([layout.YES, layout.NO])
    groups = [(f"{a.code}. {a.title}", a.indicators) for a in form.areas]
    if form.other:
        groups.append(("Chỉ số khác", form.other))
    for group, indicators in groups:
        row = _group_row(book, sheet, row, group, "area", last)
        for indicator in indicators:
            current = unit.values.get(indicator.name)
            sheet.write_string(row, 0, _text(indicator.name), book.format("code"))
            label = f"{indicator.label} ({indicator.kind_words})"
            sheet.write_string(row, 1, _text(label), book.format("label"))
            _fit(sheet, row, [(_FORM_WIDTHS[layout.LABEL], label)])
            _write_current(book, sheet, row, 2, criteria, indicator, current)
            date = indicator.kind == "date"
            for column in range(value_column, last + 1):
                sheet.write_blank(row, column, None, book.format("input_date" if date and column == value_column
                                                                 else "input"))
            sheet.data_validation(row, value_column, row, value_column, _validation(book, indicator))
            sheet.data_validation(row, last, row, last, {"validate": "list", "source": yes_no})
            row += 1
    sheet.freeze_panes(header + 1, 2)
    sheet.repeat_rows(header)
    sheet.protect("", _PROTECTION)
    sheet.activate()
    _points_sheet(book, criteria, unit, result, yes_no)
    if round1 is not None:
        _round1_sheet(book, criteria, round1, explanation)
    return book.close()


def _write_current(book: _Book, sheet: Worksheet, row: int, column: int, criteria: CompiledSet,
                   indicator: FormIndicator, value: Any) -> None:
    if value is None:
        sheet.write_string(row, column, "(chưa kê khai)", book.format("label"))
    elif isinstance(value, bool):
        sheet.write_string(row, column, layout.YES if value else layout.NO, book.format("label"))
    elif isinstance(value, Decimal):
        shown = percent_of(value) if criteria.is_percent(indicator.name) else value
        sheet.write_number(row, column, float(shown), book.format("number"))
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, book.format("date"))
    else:
        sheet.write_string(row, column, _text(indicator.choices.get(str(value), value)), book.format("label"))


def _points_sheet(book: _Book, criteria: CompiledSet, unit: UnitData, result: UnitResult | None,
                  yes_no: str) -> None:
    sheet = book.sheet(layout.APPRAISAL_POINTS_SHEET)
    columns = layout.APPRAISAL_POINT_COLUMNS
    last = len(columns) - 1
    value_column = list(columns).index(layout.VALUE)
    _columns(sheet, columns)
    sheet.set_landscape()
    sheet.merge_range(0, 0, 0, last, "ĐIỂM TỪNG TIÊU CHÍ THÀNH PHẦN — chấm lại điểm một tiêu chí ở cột "
                                     f"'{columns[layout.VALUE]}', kèm lý do", book.format("title"))
    header = 2
    _header_row(book, sheet, header, columns)
    scored = {n.code: n for n in result.nodes() if n.is_leaf} if result is not None else {}
    leaves = [leaf for root in (*criteria.areas, *criteria.bonus, *criteria.penalties) for leaf in root.leaves()]
    for row, leaf in enumerate(leaves, start=header + 1):
        node = scored.get(leaf.code)
        step = judged_step(leaf)
        title = leaf.title + (f" (chấm theo đánh giá, bước {format_points(step, criteria.decimals)})" if step else "")
        sheet.write_string(row, 0, _text(leaf.code), book.format("code"))
        sheet.write_string(row, 1, _text(title), book.format("label"))
        _fit(sheet, row, [(_FORM_WIDTHS[layout.LABEL], title)])
        sheet.write_number(row, 2, float(leaf.max), book.format("number"))
        if node is not None:
            sheet.write_number(row, 3, float(node.points), book.format("number"))
            sheet.write_comment(row, 3, _cut(_text(STATUS_WORDS[node.status]), 200))
        elif leaf.code in unit.entered:
            sheet.write_number(row, 3, float(unit.entered[leaf.code].points), book.format("number"))
        else:
            sheet.write_blank(row, 3, None, book.format("label"))
        for column in range(value_column, last + 1):
            sheet.write_blank(row, column, None, book.format("input"))
        sheet.data_validation(row, value_column, row, value_column, _points_validation(leaf.max, step))
        sheet.data_validation(row, last, row, last, {"validate": "list", "source": yes_no})
    sheet.freeze_panes(header + 1, 2)
    sheet.repeat_rows(header)
    sheet.protect("", _PROTECTION)


def _round1_sheet(book: _Book, criteria: CompiledSet, round1: Appraisal, explanation: Explanation | None) -> None:
    sheet = book.sheet(layout.ROUND1_SHEET)
    for column, width in enumerate((20, 40, 50, 14)):
        sheet.set_column(column, column, width)
    sheet.write_string(0, 0, _text(f"THẨM ĐỊNH VÒNG 1 ({round1.appraiser or 'không ghi người thẩm định'})"),
                       book.format("title"))
    for column, text in enumerate(("Mã", "Thay đổi", "Lý do", "Yêu cầu giải trình")):
        sheet.write_string(2, column, text, book.format("head"))
    row = 3
    for change in round1.changes:
        if change.node:
            what = f"điểm: {format_points(change.value, criteria.decimals)}"
        elif isinstance(change.value, Decimal) and criteria.is_percent(change.target):
            what = f"giá trị: {format_points(percent_of(change.value), 4)}%"
        else:
            what = f"giá trị: {change.value}"
        for column, text in enumerate((change.target, what, change.reason or "",
                                       layout.YES if change.explanation_requested else "")):
            sheet.write_string(row, column, _text(text), book.format("label"))
        row += 1
    if not round1.changes:
        sheet.write_string(row, 0, "(vòng 1 không thay đổi gì)", book.format("plain"))
        row += 1
    if explanation is not None:
        row += 1
        sheet.write_string(row, 0, "GIẢI TRÌNH CỦA ĐƠN VỊ", book.format("title"))
        row += 1
        for column, text in enumerate(("Về", "Nội dung giải trình", "Tài liệu", "")):
            if text:
                sheet.write_string(row, column, text, book.format("head"))
        for item in explanation.items:
            row += 1
            evidence = "; ".join(e.label() for e in item.evidence)
            for column, text in enumerate((item.about, item.text, evidence)):
                sheet.write_string(row, column, _text(text), book.format("label"))
    sheet.protect("", _PROTECTION)
