"""The ranking as an annex of a decision ("Phụ lục … (Kèm theo Quyết định số …)"): landscape A4,
the title with the set's year and unit kind, one table per unit kind or ranking group — rank, unit,
each area's points under the area's name, bonus, penalties, total, applicable maximum, index,
rating — the notes a cell cannot hold, the units left out, and the provenance line."""

from __future__ import annotations

from docx.document import Document

from parindex.reports import publish
from parindex.reports.docx import word
from parindex.reports.model import Report, ReportGroup

DECISION = "(Kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của …)"
USABLE_MM = 262  # 297 mm less 20 mm left and 15 mm right
_RANK_MM, _NAME_MM, _RATING_MM, _NUMBER_MM, _INDEX_MM = 12, 38, 21, 15, 18
BODY = word.Style(size=11)  # a table of 15 columns: 11 points, its header 10
HEAD = word.Style(bold=True, shade=True, size=10)
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def annex(report: Report) -> bytes:
    title = publish.rank_title(report)
    doc = word.document(landscape=True, title=title)
    word.paragraph(doc, "Phụ lục", bold=True, align=word.CENTER, after=0)
    word.paragraph(doc, title, bold=True, align=word.CENTER, after=0)
    single = len(report.groups) == 1
    if single and report.groups[0].units:
        word.paragraph(doc, publish.kind_label(report, report.groups[0]).upper(), bold=True, align=word.CENTER,
                       after=0)
    word.paragraph(doc, DECISION, italic=True, align=word.CENTER, after=0)
    word.rule(doc)
    word.paragraph(doc, f"Theo {publish.text(report.criteria.title)}", italic=True, align=word.CENTER, after=12)
    widths = column_widths(report)
    headers = [c.header for c in publish.columns(report)]
    for number, group in enumerate(report.groups, start=1):
        if not single:
            heading = f"{roman(number)}. {publish.kind_label(report, group).upper()} ({len(group.units)} đơn vị)"
            word.paragraph(doc, heading, bold=True, after=6)
        _group_table(doc, report, group, widths, headers)
    refused = publish.refused(report)
    if refused:
        word.paragraph(doc, "Đơn vị chưa được xếp hạng (hồ sơ có lỗi):", italic=True, size=word.TABLE_SIZE, after=0)
        for line in refused:
            word.paragraph(doc, f"- {line}", size=word.TABLE_SIZE, after=0)
    word.paragraph(doc, after=0)
    word.provenance(doc, publish.footer(report))
    return word.saved(doc)


def _group_table(doc: Document, report: Report, group: ReportGroup, widths: list[float],
                 headers: list[str]) -> None:
    grid = word.table(doc, widths, headers, HEAD)
    aligns = [word.CENTER, word.LEFT, *[word.CENTER] * (len(headers) - 2)]
    for unit in group.units:
        word.add_row(grid, widths, [cell.shown for cell in publish.row(report, unit)], BODY, aligns)
    notes = publish.notes(group)
    word.paragraph(doc, after=0)
    if notes:
        word.paragraph(doc, "Ghi chú:", italic=True, size=word.TABLE_SIZE, after=0)
        for note in notes:
            word.paragraph(doc, f"- {note}", size=word.TABLE_SIZE, after=0)
        word.paragraph(doc, after=0)


def column_widths(report: Report) -> list[float]:
    """Millimetres of each column: rank, name, index and rating fixed, the other numbers 15 mm, the
    areas sharing what is left (at least 12 mm each; the name column gives way first)."""
    columns = publish.columns(report)
    areas = len(report.criteria.areas)
    others = len(columns) - 4 - areas  # besides rank, name, index, rating and the areas
    fixed = _RANK_MM + _INDEX_MM + _RATING_MM + others * _NUMBER_MM
    name = _NAME_MM
    if areas and (USABLE_MM - fixed - name) / areas < 12:
        name = max(28, USABLE_MM - fixed - 12 * areas)
    area = round((USABLE_MM - fixed - name) / areas, 1) if areas else 0.0
    return [_RANK_MM, name, *[area] * areas, *[_NUMBER_MM] * others, _INDEX_MM, _RATING_MM]


def roman(number: int) -> str:
    """1 → I, 4 → IV, 14 → XIV (group headings; a ranking has far fewer than 40 groups)."""
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)
