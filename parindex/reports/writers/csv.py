"""CSV (`--format csv`): one row per node (score) or per unit (rank), exact decimals. A text cell
that a spreadsheet would run as a formula gets a leading "'"."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from parindex.core.text import BIDI_CONTROLS, printable
from parindex.reports.model import Report, footer, ranking_headers, ranking_row
from parindex.reports.writers.json import exact
from parindex.results.scorecard import NodeSummary, Status

# A CSV cell starting with one of these is a live formula in Excel or LibreOffice (=1+1, @SUM(…),
# -2+3, a tab or carriage return before any of them): such a text cell gets a leading "'".
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_text(text: str) -> str:
    """Printable, and a text that a spreadsheet would run as a formula prefixed with "'". Plain
    numbers written by parindex itself (-1.5) are left as they are."""
    shown = text if text.isprintable() and BIDI_CONTROLS.isdisjoint(text) else printable(text)
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + shown
    return shown


class CsvWriter:
    name = "csv"
    order = 30
    binary = False

    def write(self, report: Report) -> str:
        if report.command == "score":
            headers = ["unit_id", "code", "title", "depth", "points", "max", "applicable_max", "status"]
            rows = []
            for unit in report.units:
                if unit.result is None:
                    raise ValueError(f"unit {unit.unit_id} has no result tree in this report")
                rows += [[unit.unit_id, n.code, n.title, n.depth, exact(n.points), exact(n.max),
                          exact(n.applicable_max), n.status.value] for n in unit.result.nodes()]
            return self.table(headers, _with_source(report, rows, len(headers)))
        headers = ["Loại đơn vị", *ranking_headers(report)]
        if any(group.group is not None for group in report.groups):  # ranking groups within a kind
            headers.insert(1, "Nhóm xếp hạng")
            rows = [[group.kind, group.name or "", *ranking_row(report, unit, _area_cell)]
                    for group in report.groups for unit in group.units]
        else:
            rows = [[group.kind, *ranking_row(report, unit, _area_cell)]
                    for group in report.groups for unit in group.units]
        return self.table(headers, _with_source(report, rows, len(headers)))

    @staticmethod
    def table(headers: list[str], rows: list[list[Any]]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([csv_text("" if value is None else str(value)) for value in row] for row in rows)
        return buffer.getvalue()


def _with_source(report: Report, rows: list[list[Any]], width: int) -> list[list[Any]]:
    """The rows, then the provenance as a last row whose first cell is `Nguồn` (as wide as the
    others, so that every row of the file has the same number of cells)."""
    source = footer(report)
    if source is None:
        return rows
    return [*rows, ["Nguồn", source.removeprefix("Nguồn: "), *[""] * max(width - 2, 0)]]


def _area_cell(report: Report, node: NodeSummary) -> str:
    return "" if node.status is Status.NOT_APPLICABLE else report.points(node.points)


WRITER = CsvWriter()
