"""The ranking workbook (`parindex rank … --format xlsx`): one sheet per unit kind or ranking group,
a summary sheet with native Excel charts, and the provenance.

A ranking sheet: the set's title, year and unit kind; one row per unit in rank order with the
area points under the areas' names, bonus, penalties, total, applicable maximum, index and rating
as numbers (the set's decimals; an index or total that needs more decimals to agree with its
rating gets them, as in the text formats), and the capped ratings and tie-breaks in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from parindex.core.numbers import format_points
from parindex.reports.model import Report, ReportGroup, ReportUnit, footer, standing_cells
from parindex.reports.summary import GroupSummary, summarize
from parindex.reports.xlsx.book import BAR_COLOUR, DATA_BAR_COLOUR, MAX_SHEET_NAME, Book, shown_decimals
from parindex.results.scorecard import Status

HEADER_ROW = 3  # title, subtitle, a campaign's heading (or nothing), then the column headers
NOT_APPLICABLE = "—"


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    wrap: bool = False


def columns(report: Report) -> list[Column]:
    """The ranking's columns: the areas by their names (with their maximum), not "LV 1"."""
    c = report.criteria
    found = [Column("Hạng", 6), Column("Mã đơn vị", 14), Column("Đơn vị", 30, wrap=True)]
    found += [Column(f"{a.code}. {a.title} ({format_points(a.max, c.decimals)} điểm)", 14) for a in c.areas]
    if c.bonus:
        found.append(Column("Điểm thưởng", 10))
    if c.penalties:
        found.append(Column("Điểm trừ", 10))
    found += [Column("Tổng điểm", 10), Column("Tối đa áp dụng", 10), Column("Chỉ số", 10), Column("Xếp loại", 13)]
    if report.has_caps:
        found.append(Column("Hạ xếp loại", 40, wrap=True))
    if report.has_ties:
        found.append(Column("Phân định hạng", 40, wrap=True))
    return found


def ranking_workbook(reports: Sequence[Report], heading: str | None = None,
                     more: Callable[[Book], None] | None = None) -> bytes:
    """The workbook of one or more rankings (a campaign has one per criteria set); `more` adds
    sheets before the provenance (a campaign's per-unit sheets)."""
    book = Book(heading or (reports[0].criteria.title if reports else "Xếp hạng"))
    for report in reports:
        for group in report.groups:
            ranking_sheet(book, report, group, heading)
    summary_sheet(book, reports, heading)
    if more is not None:
        more(book)
    book.provenance_sheet(reports[0].provenance if reports else None)
    return book.close()


def title_lines(report: Report, group: ReportGroup) -> tuple[str, str]:
    c = report.criteria
    return c.title, f"Bảng xếp hạng năm {c.year} — {group.title} — {len(group.units)} đơn vị"


def ranking_sheet(book: Book, report: Report, group: ReportGroup, heading: str | None) -> Worksheet:
    label = group.title or "Xếp hạng"
    sheet = book.sheet(label if len(label) <= MAX_SHEET_NAME else group.name or label)  # "Xã và đặc khu"
    cols = columns(report)
    title, subtitle = title_lines(report, group)
    book.text(sheet, 0, 0, title, book.title)
    book.text(sheet, 1, 0, subtitle, book.subtitle)
    if heading:
        book.text(sheet, 2, 0, heading, book.small)
    for col, column in enumerate(cols):
        book.text(sheet, HEADER_ROW, col, column.header, book.header)
        sheet.set_column(col, col, column.width)
    sheet.set_row(HEADER_ROW, 84)
    row = HEADER_ROW + 1
    for unit in group.units:
        _unit_row(book, sheet, report, unit, row, cols)
        row += 1
    last = row - 1
    if group.units:
        index_col = next(i for i, c in enumerate(cols) if c.header == "Chỉ số")
        sheet.conditional_format(HEADER_ROW + 1, index_col, last, index_col,
                                 {"type": "data_bar", "bar_color": DATA_BAR_COLOUR, "bar_solid": True,
                                  "min_type": "num", "min_value": 0, "max_type": "num", "max_value": 1})
        sheet.autofilter(HEADER_ROW, 0, last, len(cols) - 1)
    row += 1
    if any(_partial(report, unit) for unit in group.units):
        book.text(sheet, row, 0, "Ô có tam giác đỏ: lĩnh vực có mục không phát sinh; rê chuột lên ô để xem điểm "
                                 "tối đa áp dụng. \"—\": lĩnh vực không phát sinh.", book.small)
        row += 1
    source = footer(report)
    if source is not None:
        book.text(sheet, row, 0, source, book.small)
    sheet.freeze_panes(HEADER_ROW + 1, 3)
    book.printable_page(sheet, HEADER_ROW, source)
    return sheet


def _partial(report: Report, unit: ReportUnit) -> bool:
    return any(a.status is not Status.NOT_APPLICABLE and a.applicable_max != a.max for a in unit.areas)


def _unit_row(book: Book, sheet: Worksheet, report: Report, unit: ReportUnit, row: int, cols: list[Column]) -> None:
    d = report.criteria.decimals
    points = book.number_format(d)
    plain = book.text_format()
    wrapped = book.text_format(wrap=True)
    centred = book.text_format(align="center")
    book.number(sheet, row, 0, unit.rank, book.format(border=1, align="center"))
    book.text(sheet, row, 1, unit.unit_id, plain)
    book.text(sheet, row, 2, unit.name, wrapped)
    col = 3
    for area in unit.areas:
        if area.status is Status.NOT_APPLICABLE:
            book.text(sheet, row, col, NOT_APPLICABLE, centred)
        else:
            book.number(sheet, row, col, area.points, points)
            if area.applicable_max != area.max:
                sheet.write_comment(row, col, f"Tối đa áp dụng của lĩnh vực {area.code}: "
                                              f"{format_points(area.applicable_max, d)} điểm (có mục không phát sinh)")
        col += 1
    if report.criteria.bonus:
        book.number(sheet, row, col, unit.bonus_points, points)
        col += 1
    if report.criteria.penalties:
        book.number(sheet, row, col, unit.penalty_points, points)
        col += 1
    book.number(sheet, row, col, unit.total, book.number_format(shown_decimals(unit.total_shown, d)))
    book.number(sheet, row, col + 1, unit.applicable_max, points)
    book.number(sheet, row, col + 2, unit.index, book.number_format(shown_decimals(unit.index_shown, d), percent=True))
    book.text(sheet, row, col + 3, unit.rating or "—", plain)
    col += 4
    tall: list[tuple[object, float]] = [(unit.name, cols[2].width)]
    for cell in standing_cells(report, unit):
        book.text(sheet, row, col, cell, wrapped)
        tall.append((cell, cols[col].width))
        col += 1
    book.fit_row(sheet, row, tall)


# -- the summary sheet ---------------------------------------------------------------------------------

FIRST_WIDTH = 50
CHART_ROWS = 16  # rows a chart covers (288 pixels at 21 pixels a row, and a margin)


def summary_sheet(book: Book, reports: Sequence[Report], heading: str | None) -> Worksheet:
    sheet = book.sheet("Tổng hợp")
    book.text(sheet, 0, 0, "Tổng hợp kết quả xếp hạng", book.title)
    row = 1
    if heading:
        book.text(sheet, row, 0, heading, book.subtitle)
        row += 1
    for width, col in ((FIRST_WIDTH, 0), (12, 1), (12, 2), (14, 3), (14, 4)):
        sheet.set_column(col, col, width)
    row += 1
    for report in reports:
        book.text(sheet, row, 0, f"{report.criteria.title} — năm {report.criteria.year}", book.heading)
        row += 2
        for group in report.groups:
            row = _group_block(book, sheet, report, summarize(report, group), row)
        if report.refused:
            book.text(sheet, row, 0, f"Đơn vị bị loại khỏi xếp hạng ({len(report.refused)} lỗi):", book.heading)
            row += 1
            for problem in report.refused:
                book.text(sheet, row, 0, problem.text)
                row += 1
            row += 1
    source = footer(reports[0]) if reports else None
    if source is not None:
        book.text(sheet, row, 0, source, book.small)
    book.printable_page(sheet, None, source)
    return sheet


def _group_block(book: Book, sheet: Worksheet, report: Report, summary: GroupSummary, top: int) -> int:
    """A group's tables (units per rating, index per area, the spread of the index) and its two
    charts to their right; the row after the block."""
    d = report.criteria.decimals
    group = summary.group
    name = sheet.get_name()
    book.text(sheet, top, 0, f"{group.title or 'Các đơn vị'} — {len(group.units)} đơn vị", book.heading)
    row = top + 1
    book.row(sheet, row, ["Xếp loại", "Số đơn vị", "Tỷ lệ"], book.header)
    row += 1
    for count in summary.ratings:
        book.text(sheet, row, 0, count.rating, book.text_format())
        book.number(sheet, row, 1, count.units, book.number_format(0))
        book.number(sheet, row, 2, count.share, book.number_format(2, percent=True))
        row += 1
    row += 1
    book.row(sheet, row, ["Lĩnh vực", "Điểm tối đa", "Số đơn vị tính", "Chỉ số bình quân", "Chỉ số trung vị"],
             book.header)
    sheet.set_row(row, 36)
    row += 1
    first_area = row
    percent = book.number_format(d, percent=True)
    for figures in summary.areas:
        _figures_row(book, sheet, row, f"{figures.code}. {figures.title}", figures.max, figures.units,
                     figures.average, figures.median, d, percent, False)
        row += 1
    last_area = row - 1
    whole = summary.index
    _figures_row(book, sheet, row, whole.title, whole.max, whole.units, whole.average, whole.median, d,
                 book.number_format(d, percent=True, bold=True), True)
    row += 2
    book.row(sheet, row, ["Khoảng chỉ số", "Số đơn vị"], book.header)
    row += 1
    first_band = row
    for band in summary.bands:
        book.text(sheet, row, 0, band.label, book.text_format())
        book.number(sheet, row, 1, band.units, book.number_format(0))
        row += 1
    last_band = row - 1

    label = group.title or "các đơn vị"
    spread = book.chart("column")
    spread.add_series({"name": "Số đơn vị", "categories": [name, first_band, 0, last_band, 0],
                       "values": [name, first_band, 1, last_band, 1], "fill": {"color": BAR_COLOUR},
                       "data_labels": {"value": True}})
    spread.set_title({"name": f"Phân bố chỉ số — {label}", "name_font": {"size": 12}})
    spread.set_y_axis({"name": "Số đơn vị", "min": 0, "major_gridlines": {"visible": True}})
    spread.set_legend({"none": True})
    sheet.insert_chart(top, 6, spread, {"x_offset": 10, "y_offset": 5})
    if summary.areas:
        areas = book.chart("bar")
        areas.add_series({"name": "Chỉ số bình quân", "categories": [name, first_area, 0, last_area, 0],
                          "values": [name, first_area, 3, last_area, 3], "fill": {"color": BAR_COLOUR},
                          "data_labels": {"value": True, "num_format": "0%"}})
        areas.set_title({"name": f"Chỉ số bình quân theo lĩnh vực — {label}", "name_font": {"size": 12}})
        areas.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        areas.set_y_axis({"reverse": True})
        areas.set_legend({"none": True})
        areas.set_size({"width": 620, "height": 360})
        sheet.insert_chart(top + CHART_ROWS, 6, areas, {"x_offset": 10, "y_offset": 5})
    end = top + 2 * CHART_ROWS + 2 if summary.areas else top + CHART_ROWS + 1
    return max(row, end) + 1


def _figures_row(book: Book, sheet: Worksheet, row: int, title: str, maximum: Decimal, units: int,
                 average: Decimal | None, median: Decimal | None, decimals: int, percent_format: Format,
                 bold: bool) -> None:
    book.text(sheet, row, 0, title, book.text_format(wrap=True, bold=bold))
    book.fit_row(sheet, row, [(title, FIRST_WIDTH)])
    book.number(sheet, row, 1, maximum, book.number_format(decimals, bold=bold))
    book.number(sheet, row, 2, units, book.number_format(0, bold=bold))
    book.number(sheet, row, 3, average, percent_format)
    book.number(sheet, row, 4, median, percent_format)
