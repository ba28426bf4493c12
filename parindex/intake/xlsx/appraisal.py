"""An appraisal sheet in a workbook (`parindex appraise --format xlsx`), read into the document an
appraisal YAML file gives: unit_id, round, appraiser, submitted and `changes`, one change for each
row where the appraiser wrote a corrected value (sheet "Phiếu thẩm định") or corrected points
(sheet "Điểm tiêu chí"), with its reason, evidence and whether an explanation is requested.

intake.appraisal then checks it exactly as a YAML appraisal file: a row with a reason but no new
value, a change without a reason, a value out of bounds… each at its cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parindex.core.document import Document, Path_
from parindex.core.errors import Cell, InputProblems
from parindex.intake.xlsx import layout
from parindex.intake.xlsx.forms import evidence_entry, not_a_form, number_text, text_value
from parindex.intake.xlsx.workbook import Table, Workbook, header_key, open_workbook

_ANSWERS = {layout.YES: True, layout.NO: False, "co": True, "khong": False}


def appraisal_document(path: Path) -> Document:
    """The appraisal sheet as a document; raises InputProblems when the workbook is not one."""
    book = open_workbook(path)
    first = book.sheet(layout.APPRAISAL_SHEET)
    table = first.find_header(layout.APPRAISAL_COLUMNS, layout.CODE) if first is not None else None
    if table is None or layout.VALUE not in table.columns:
        raise InputProblems([not_a_form(book, "một phiếu thẩm định (trang tính 'Phiếu thẩm định' có dòng tiêu đề "
                                              "'Mã chỉ số')")])
    sheet = table.sheet
    data: dict[str, Any] = {}
    cells: dict[Path_, Cell] = {(): sheet.place(1, 1)}
    labels = {header_key(text): name for text, name in layout.APPRAISAL_HEADER.items()}
    for row in range(1, table.header_row):
        label = sheet.text(row, table.columns[layout.CODE])
        name = labels.get(header_key(label)) if label is not None else None
        if name is None or name in data:
            continue
        read = sheet.read(row, table.columns[layout.VALUE])
        data[name] = read.value if name == "round" else text_value(read.value)
        cells[(name,)] = read.cell
    changes: list[dict[str, Any]] = []
    cells[("changes",)] = sheet.place(table.header_row, table.columns[layout.VALUE])
    _changes(book, table, "indicator", "value", changes, cells)
    points_sheet = book.sheet(layout.APPRAISAL_POINTS_SHEET)
    points = points_sheet.find_header(layout.APPRAISAL_POINT_COLUMNS, layout.CODE) if points_sheet else None
    if points is not None and layout.VALUE in points.columns:
        _changes(book, points, "node", "points", changes, cells)
    data["changes"] = changes
    return Document(book.path, data, problems=book.problems, cells=cells)


def _changes(book: Workbook, table: Table, target: str, amount: str, changes: list[dict[str, Any]],
             cells: dict[Path_, Cell]) -> None:
    sheet = table.sheet
    columns = table.columns
    for row in table.rows():
        code = sheet.text(row, columns[layout.CODE])
        if code is None:
            continue
        reads = {role: sheet.read(row, columns[role]) for role in (layout.VALUE, layout.REASON, layout.EVIDENCE,
                                                                     layout.REQUEST) if role in columns}
        if all(read.value is None for read in reads.values()):
            continue
        loc: Path_ = ("changes", len(changes))
        change: dict[str, Any] = {target: code}
        cells[loc] = reads[layout.VALUE].cell
        cells[(*loc, target)] = sheet.place(row, columns[layout.CODE])
        value = reads[layout.VALUE]
        if value.value is not None:
            change[amount] = number_text(book, value, target == "node")
            cells[(*loc, amount)] = value.cell
        reason = reads.get(layout.REASON)
        if reason is not None and reason.value is not None:
            change["reason"] = str(text_value(reason.value))
            cells[(*loc, "reason")] = reason.cell
        evidence = reads.get(layout.EVIDENCE)
        if evidence is not None and evidence.value is not None:
            change["evidence"] = evidence_entry(str(text_value(evidence.value)), None)
            cells[(*loc, "evidence")] = evidence.cell
        request = reads.get(layout.REQUEST)
        if request is not None and request.value is not None:
            answer = request.value
            if isinstance(answer, str):
                answer = _ANSWERS.get(answer.strip().lower(), answer)
            change["explanation_requested"] = answer
            cells[(*loc, "explanation_requested")] = request.cell
        changes.append(change)
