"""The per-unit workbook (`parindex score … --format xlsx`): a summary sheet linking to one sheet per
unit; each unit's sheet lists every area, criterion and sub-criterion (code, title, maximum, points,
applicable maximum, status) with the Vietnamese explanation of every point lost, the bonus and
penalty blocks, the data warnings and the provenance.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from parindex.reports.model import Report, ReportUnit, footer
from parindex.reports.sentences import Explainer
from parindex.reports.xlsx.book import Book, cell_text, number_format, shown_decimals
from parindex.results.scorecard import (
    STATUS_WORDS,
    NodeResult,
    Status,
    describe_finding,
    rating_words,
)

TABLE_ROW = 8  # the header row of a unit's table (title, set, unit, then the figures)
HEADERS = ["Mã", "Lĩnh vực / tiêu chí / tiêu chí thành phần", "Điểm tối đa", "Điểm đạt", "Tối đa áp dụng",
           "Trạng thái", "Giải thích"]
WIDTHS = [9, 52, 10, 10, 10, 14, 70]


def score_workbook(report: Report) -> bytes:
    explainer = report.explainer
    if explainer is None:
        raise ValueError("a report without its criteria set has no explanations")
    book = Book(f"Phiếu chấm điểm — {report.criteria.title}")
    summary = book.sheet("Tổng hợp")
    names = [unit_sheet(book, report, explainer, unit).get_name() for unit in report.units]
    _summary(book, summary, report, names)
    book.provenance_sheet(report.provenance)
    return book.close()


def _summary(book: Book, sheet: Worksheet, report: Report, names: list[str]) -> None:
    c = report.criteria
    d = c.decimals
    book.text(sheet, 0, 0, "Kết quả chấm điểm", book.title)
    book.text(sheet, 1, 0, f"{c.title} — năm {c.year} — {len(report.units)} đơn vị", book.subtitle)
    headers = ["Mã đơn vị", "Đơn vị (bấm để xem phiếu)", "Kỳ đánh giá", "Tổng điểm", "Tối đa áp dụng", "Chỉ số",
               "Xếp loại"]
    book.row(sheet, 3, headers, book.header)
    for col, width in enumerate((16, 40, 12, 10, 10, 10, 40)):
        sheet.set_column(col, col, width)
    link = book.format(border=1, font_color="#0563C1", underline=1, text_wrap=True)
    for row, (unit, name) in enumerate(zip(report.units, names, strict=True), start=4):
        book.text(sheet, row, 0, unit.unit_id, book.text_format())
        quoted = name.replace("'", "''")
        sheet.write_url(row, 1, f"internal:'{quoted}'!A1", link, cell_text(unit.name))
        book.text(sheet, row, 2, unit.period, book.text_format())
        book.number(sheet, row, 3, unit.total, book.number_format(shown_decimals(unit.total_shown, d)))
        book.number(sheet, row, 4, unit.applicable_max, book.number_format(d))
        book.number(sheet, row, 5, unit.index, book.number_format(shown_decimals(unit.index_shown, d), percent=True))
        book.text(sheet, row, 6, rating_words(unit.rating, unit.rating_caps), book.text_format(wrap=True))
        book.fit_row(sheet, row, [(unit.name, 40), (rating_words(unit.rating, unit.rating_caps), 40)])
    row = 5 + len(report.units)
    source = footer(report)
    if source is not None:
        book.text(sheet, row, 0, source, book.small)
    sheet.freeze_panes(4, 0)
    book.printable_page(sheet, 3, source)


def unit_sheet(book: Book, report: Report, explainer: Explainer, unit: ReportUnit) -> Worksheet:
    if unit.result is None:
        raise ValueError(f"unit {unit.unit_id} has no result tree in this report")
    result = unit.result
    c = report.criteria
    d = c.decimals
    sheet = book.sheet(unit.name)
    book.text(sheet, 0, 0, f"Phiếu chấm điểm — {unit.name}", book.title)
    book.text(sheet, 1, 0, f"{c.title} — năm {c.year}", book.subtitle)
    book.text(sheet, 2, 0, f"Mã đơn vị: {unit.unit_id} · Kỳ đánh giá: {unit.period} · Tệp số liệu: {unit.file}",
              book.small)
    for row, name in enumerate(("Tổng điểm", "Tối đa áp dụng", "Chỉ số", "Xếp loại"), start=3):
        book.text(sheet, row, 1, name, book.format(bold=True, align="right"))
    book.number(sheet, 3, 2, unit.total, book.format(num_format=number_format(shown_decimals(unit.total_shown, d))))
    book.number(sheet, 4, 2, unit.applicable_max, book.format(num_format=number_format(d)))
    book.number(sheet, 5, 2, unit.index,
                book.format(num_format=number_format(shown_decimals(unit.index_shown, d), percent=True)))
    book.text(sheet, 6, 2, rating_words(unit.rating, unit.rating_caps), book.format(bold=True))
    if result.bonus or result.penalties:
        book.text(sheet, 7, 1, f"Các lĩnh vực {report.points(unit.base_points)} + thưởng "
                               f"{report.points(unit.bonus_points)} − trừ {report.points(unit.penalty_points)}",
                  book.small)
    book.row(sheet, TABLE_ROW, HEADERS, book.header)
    sheet.set_row(TABLE_ROW, 36)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    row = TABLE_ROW + 1
    for roots, penalty, heading in ((result.areas, False, None), (result.bonus, False, "Điểm thưởng"),
                                    (result.penalties, True, "Điểm trừ")):
        if not roots:
            continue
        if heading is not None:
            book.text(sheet, row, 0, "", book.text_format(bold=True))
            book.text(sheet, row, 1, heading, book.text_format(bold=True))
            for col in range(2, len(HEADERS)):
                book.text(sheet, row, col, "", book.text_format())
            row += 1
        for root in roots:
            for node in root.walk():
                _node_row(book, sheet, row, node, explainer, d, penalty)
                row += 1
    row += 1
    for finding in result.findings:
        book.text(sheet, row, 0, f"Cảnh báo số liệu: {describe_finding(finding)}", book.format(font_color="#C00000"))
        row += 1
    source = footer(report)
    if source is not None:
        book.text(sheet, row + 1, 0, source, book.small)
    sheet.freeze_panes(TABLE_ROW + 1, 2)
    book.printable_page(sheet, TABLE_ROW, source)
    return sheet


def _node_row(book: Book, sheet: Worksheet, row: int, node: NodeResult, explainer: Explainer, decimals: int,
              penalty: bool) -> None:
    parent = not node.is_leaf
    bold = node.depth == 1
    book.text(sheet, row, 0, node.code, book.text_format(bold=bold))
    book.text(sheet, row, 1, node.title, book.text_format(wrap=True, bold=bold, indent=max(node.depth - 1, 0)))
    points = book.number_format(decimals, bold=bold)
    book.number(sheet, row, 2, node.max, points)
    if node.status is Status.NOT_APPLICABLE:
        book.text(sheet, row, 3, "—", book.text_format(align="center"))
        book.text(sheet, row, 4, "—", book.text_format(align="center"))
    else:
        book.number(sheet, row, 3, node.points, points)
        book.number(sheet, row, 4, node.applicable_max, points)
    book.text(sheet, row, 5, STATUS_WORDS[node.status], book.text_format())
    reason = "" if parent else explanation(explainer, node, penalty)
    book.text(sheet, row, 6, reason, book.text_format(wrap=True))
    book.fit_row(sheet, row, [(node.title, WIDTHS[1] - 3 * max(node.depth - 1, 0)), (reason, WIDTHS[6])])


def explanation(explainer: Explainer, node: NodeResult, penalty: bool = False) -> str:
    """Why a leaf has its points, for the leaves a unit must read about: every point lost (or no
    data, or an error), every point taken by a penalty, every item where nothing applies and every
    bonus not reached — without the code and title the row already shows."""
    if penalty:
        if node.points > 0 or node.status in (Status.ERROR, Status.NO_DATA):
            return _reason(node, explainer.sentence(node, penalty=node.status is Status.SCORED))
        return ""
    lost = node.status in (Status.NO_DATA, Status.ERROR, Status.NOT_APPLICABLE) or node.points < node.max
    return _reason(node, explainer.sentence(node)) if lost else ""


def _reason(node: NodeResult, sentence: str) -> str:
    return sentence.removeprefix(f"{node.code} {node.title}: ")

