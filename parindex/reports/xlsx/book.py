"""The workbook every Excel report is written in (XlsxWriter): cell formats, safe sheet names, text
and numbers written as what they are, printable pages and the provenance.

- A text a file wrote (a unit's name, a reason) is always written as a string cell, never as a
  formula: `=HYPERLINK(…)` in a unit name stays those characters; control characters and bidi
  overrides are shown escaped (core.text.printable), as in every other format.
- Numbers are numbers (Excel can sum and sort them) with a number format that shows the set's
  decimals; the reader's Excel locale decides the decimal mark (0,75 on a Vietnamese Windows).
- Sheet names obey Excel: at most 31 characters, none of []:*?/\\, unique ignoring case.
- The same report gives the same bytes: the document's creation date is fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.chart import Chart
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from parindex.core.text import printable
from parindex.results.provenance import Provenance

# Excel's limits: characters in a cell, in a sheet name; characters a sheet name cannot have.
MAX_CELL = 32_767
MAX_SHEET_NAME = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
# The creation date written in every workbook: fixed, so that the same report gives the same bytes.
CREATED = dt.datetime(2025, 1, 1)

HEADER_COLOUR = "#DDEBF7"
TITLE_COLOUR = "#1F3864"
BAR_COLOUR = "#4472C4"
DATA_BAR_COLOUR = "#BDD7EE"
FONT = "Times New Roman"
FONT_SIZE = 12
LINE_HEIGHT = 14.5  # points per line of text at FONT_SIZE
CHARS_PER_WIDTH = 1.2  # Vietnamese text in Times New Roman: characters per unit of column width


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name made from `text`: forbidden characters become "-", at most 31
    characters, no leading or trailing apostrophe, and " (2)", " (3)"… when the name is taken
    (Excel compares names ignoring case). "History" is reserved by Excel."""
    base = _SHEET_FORBIDDEN.sub("-", printable(text)).strip().strip("'").strip() or "Trang"
    if base.casefold() == "history":
        base += "-"
    candidate = base[:MAX_SHEET_NAME].rstrip()
    number = 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def cell_text(value: object) -> str:
    """What a text cell shows: printable (a newline a file wrote is shown as \\n, as in every
    format), at most Excel's 32 767 characters. A list or tuple is shown one item a line."""
    if isinstance(value, (list, tuple)):
        text = "\n".join(printable(str(item)) for item in value)
    else:
        text = printable("" if value is None else str(value))
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def number_format(decimals: int, percent: bool = False) -> str:
    """'#,##0.00' (points with 2 decimals), '0.00%' (an index): the decimal and thousands marks
    are the reader's locale's (Excel shows 1.234,50 and 97,86% in Vietnamese)."""
    places = "." + "0" * decimals if decimals > 0 else ""
    return f"0{places}%" if percent else f"#,##0{places}"


def shown_decimals(shown: str | None, default: int) -> int:
    """The decimals of a figure as the text formats show it ("89,996%" → 3, "99,5" → 1): an index
    or total shown with more decimals than the set's, so that it never reads as another rating,
    gets a cell format with as many."""
    if not shown or "," not in shown:
        return default
    digits = len(shown.rstrip("%").rsplit(",", 1)[1])
    return max(default, digits)


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines a text takes in a wrapped cell `width` characters wide (words wrapped
    greedily, as Excel and LibreOffice do)."""
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            while used > per_line:  # a word longer than a line breaks inside
                lines += 1
                used -= per_line
    return lines


def footer_text(text: str) -> str:
    """A text for a printed page's footer: "&" written "&&" (Excel's codes start with "&"), at most
    the 255 characters Excel allows with its codes."""
    escaped = cell_text(text).replace("&", "&&")
    return escaped[:200]


class Book:
    """One workbook being written: its formats, its sheet names, its bytes when closed."""

    def __init__(self, title: str) -> None:
        self.stream = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self.stream, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}, "default_row_height": 21})
        self.workbook.set_properties({"title": cell_text(title)[:250], "creator": "parindex", "created": CREATED})
        self.taken: set[str] = set()
        self.known: dict[tuple[tuple[str, Any], ...], Format] = {}

    # -- formats ---------------------------------------------------------------------------------
    def format(self, **properties: Any) -> Format:
        """A cell format, made once per distinct properties (Times New Roman 12, top-aligned)."""
        merged = {"font_name": FONT, "font_size": FONT_SIZE, "valign": "top", **properties}
        key = tuple(sorted(merged.items()))
        known = self.known.get(key)
        if known is None:
            known = self.known[key] = self.workbook.add_format(merged)
        return known

    @property
    def title(self) -> Format:
        return self.format(bold=True, font_size=15, font_color=TITLE_COLOUR)

    @property
    def subtitle(self) -> Format:
        return self.format(italic=True, font_size=12)

    @property
    def heading(self) -> Format:
        return self.format(bold=True, font_size=13, font_color=TITLE_COLOUR)

    @property
    def header(self) -> Format:
        return self.format(bold=True, text_wrap=True, align="center", valign="vcenter", border=1,
                           bg_color=HEADER_COLOUR)

    @property
    def small(self) -> Format:
        return self.format(italic=True, font_size=10, font_color="#595959")

    def text_format(self, wrap: bool = False, bold: bool = False, indent: int = 0, align: str | None = None) -> Format:
        properties: dict[str, Any] = {"border": 1, "text_wrap": wrap, "bold": bold}
        if indent:
            properties["indent"] = indent
        if align:
            properties["align"] = align
        return self.format(**properties)

    def number_format(self, decimals: int, percent: bool = False, bold: bool = False) -> Format:
        return self.format(border=1, bold=bold, num_format=number_format(decimals, percent))

    # -- sheets and cells -----------------------------------------------------------------------
    def sheet(self, name: str) -> Worksheet:
        worksheet = self.workbook.add_worksheet(sheet_name(name, self.taken))
        worksheet.hide_gridlines(2)
        return worksheet

    @staticmethod
    def text(sheet: Worksheet, row: int, col: int, value: object, fmt: Format | None = None) -> None:
        """A text cell, written as a string whatever it looks like (never a formula or a number)."""
        text = cell_text(value)
        if text:
            sheet.write_string(row, col, text, fmt)
        else:
            sheet.write_blank(row, col, None, fmt)

    @staticmethod
    def number(sheet: Worksheet, row: int, col: int, value: Decimal | int | None, fmt: Format | None = None,
               missing: str = "—") -> None:
        """A number cell; `missing` (a text) when there is no number."""
        if value is None:
            sheet.write_string(row, col, missing, fmt)
        else:
            sheet.write_number(row, col, float(value), fmt)

    def row(self, sheet: Worksheet, row: int, values: Sequence[object], fmt: Format | None = None) -> None:
        for col, value in enumerate(values):
            self.text(sheet, row, col, value, fmt)

    @staticmethod
    def fit_row(sheet: Worksheet, row: int, cells: Sequence[tuple[object, float]], size: int = FONT_SIZE) -> None:
        """Make a row tall enough for its wrapped texts (Excel and LibreOffice keep the height a
        file gives): `cells` are (text, column width) pairs."""
        lines = max((wrapped_lines(cell_text(text), width) for text, width in cells), default=1)
        if lines > 1:
            sheet.set_row(row, lines * LINE_HEIGHT * size / FONT_SIZE + 3)

    def chart(self, kind: str) -> Chart:
        chart = self.workbook.add_chart({"type": kind})
        assert chart is not None
        return chart

    # -- pages ----------------------------------------------------------------------------------
    def printable_page(self, sheet: Worksheet, header_row: int | None, footer: str | None,
                       landscape: bool = True) -> None:
        """A4, landscape, as wide as one page, the header row repeated on every page, the page
        number and the provenance in the page footer."""
        if landscape:
            sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        sheet.fit_to_pages(1, 0)
        if header_row is not None:
            sheet.repeat_rows(header_row)
        pages = "&RTrang &P/&N"
        left = f"&L&8{footer_text(footer)}" if footer else ""
        sheet.set_footer(left + pages)

    def provenance_sheet(self, provenance: Provenance | None) -> None:
        """A sheet listing what the report was made from: the engine, every criteria and input
        file with its whole SHA-256, and the combined hash of the inputs (docs/json-output.md)."""
        if provenance is None:
            return
        sheet = self.sheet("Nguồn dữ liệu")
        self.text(sheet, 0, 0, "Nguồn dữ liệu của báo cáo", self.title)
        self.text(sheet, 1, 0, provenance.footer(), self.subtitle)
        self.text(sheet, 3, 0, "Phần mềm", self.text_format(bold=True))
        self.text(sheet, 3, 1, provenance.engine, self.text_format())
        self.text(sheet, 4, 0, "SHA-256 tổng hợp các tệp đầu vào", self.text_format(bold=True))
        self.text(sheet, 4, 1, provenance.combined, self.text_format())
        self.row(sheet, 6, ["Loại tệp", "Tệp", "SHA-256"], self.header)
        row = 7
        body = self.text_format()
        for label, files in (("Bộ tiêu chí", provenance.criteria), ("Đầu vào", provenance.inputs)):
            for file in files:
                self.row(sheet, row, [label, file.path, file.sha256], body)
                row += 1
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 48)
        sheet.set_column(2, 2, 70)
        sheet.freeze_panes(7, 0)
        self.printable_page(sheet, 6, None)

    def close(self) -> bytes:
        self.workbook.close()
        return self.stream.getvalue()
