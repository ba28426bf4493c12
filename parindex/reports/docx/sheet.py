"""A unit's score sheet, "phiếu chấm điểm": portrait A4, every area, criterion and sub-criterion
with its maximum and the points reached, the total, index and rating, then every point lost (or
taken, or not counted) explained in Vietnamese — ready to attach to a letter and send to the unit.
One sheet per unit, each on its own pages."""

from __future__ import annotations

from docx.document import Document
from docx.table import Table

from parindex.reports import publish
from parindex.reports.docx import word
from parindex.reports.model import Report, ReportUnit
from parindex.results.scorecard import NodeResult

WIDTHS = (16.0, 91.0, 18.0, 18.0, 22.0)  # 165 mm: 210 mm less 30 mm left and 15 mm right
HEADERS = ("Mã", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Điểm đạt", "Ghi chú")
_ALIGNS = (word.CENTER, word.LEFT, word.CENTER, word.CENTER, word.CENTER)
_AREA = word.Style(bold=True, shade=True)
_CRITERION = word.Style(bold=True)
_TOTAL = word.Style(bold=True, shade=True)


def title(report: Report) -> str:
    return f"PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {report.criteria.year}"


def sheets(report: Report) -> bytes:
    doc = word.document(landscape=False, title=title(report))
    for position, unit in enumerate(report.units):
        if position:
            word.new_pages(doc)
        _sheet(doc, report, unit)
    return word.saved(doc)


def _sheet(doc: Document, report: Report, unit: ReportUnit) -> None:
    result = publish.tree(unit)
    explained = publish.explained(report, unit)
    word.paragraph(doc, title(report), bold=True, align=word.CENTER, after=0)
    word.paragraph(doc, publish.text(report.criteria.title), italic=True, align=word.CENTER, after=0)
    word.rule(doc)
    para = word.paragraph(doc, "Đơn vị: ", after=0)
    word.run(para, publish.text(unit.name), bold=True)
    kind = publish.kind_label(report, next(g for g in report.groups if unit in g.units))
    details = [f"Mã đơn vị: {publish.text(unit.unit_id)}"]
    if kind:
        details.append(f"loại đơn vị: {kind}")
    details.append(f"kỳ đánh giá: {publish.text(unit.period)}")
    if unit.rank is not None:
        details.append(f"xếp hạng: {unit.rank}")
    word.paragraph(doc, "; ".join(details) + ".", after=6)

    grid = word.table(doc, WIDTHS, HEADERS)
    for area in result.areas:
        _rows(grid, report, area)
    for label, blocks in (("Điểm thưởng", result.bonus), ("Điểm trừ", result.penalties)):
        for block in blocks:
            _rows(grid, report, block, prefix=f"{label}: " if block.title != label else "")
    word.add_row(grid, WIDTHS, ["", "Tổng điểm (trên điểm tối đa áp dụng)", report.points(unit.applicable_max),
                                unit.total_shown, ""], _TOTAL, _ALIGNS)
    word.paragraph(doc, after=0)
    word.paragraph(doc, explained.summary, after=6)

    word.paragraph(doc, "GIẢI THÍCH ĐIỂM CHẤM", bold=True, after=3)
    if not explained.lost and not explained.taken:
        word.paragraph(doc, "Đơn vị không bị mất điểm nào.", after=3)
    for heading, lines in explained.sections:
        word.paragraph(doc, f"{heading}:", italic=True, after=0)
        for line in lines:
            word.paragraph(doc, f"- {line}", after=2)  # left: a long name in a sentence would stretch it
    word.paragraph(doc, after=0)
    word.provenance(doc, publish.footer(report))


def _rows(grid: Table, report: Report, root: NodeResult, prefix: str = "") -> None:
    for node in root.walk():
        style = _AREA if node.depth == 1 else _CRITERION if node.depth == 2 else word.PLAIN
        label = (prefix if node is root else "") + publish.text(node.title)
        word.add_row(grid, WIDTHS, [publish.text(node.code), label, report.points(node.max),
                                    publish.node_points(report, node), publish.node_note(node)],
                     style, _ALIGNS, indent_mm=3 * (node.depth - 1))
