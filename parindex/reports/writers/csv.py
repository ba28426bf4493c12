"""CSV (`--format csv`): one row per node (score) or per unit (rank). UTF-8 with a byte order mark
(BOM), so that Excel opens it with the Vietnamese letters right; numbers machine-readable: a dot
before the decimals, no thousands separator, no % sign (`score`: exact decimals; `rank`: the figures
of the ranking table — the index in percent, column `Chỉ số (%)`). A text cell that a spreadsheet
would run as a formula gets a leading "'"."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from parindex.core.numbers import round_half_up
from parindex.core.text import BIDI_CONTROLS, printable
from parindex.reports.model import Report, ReportUnit, footer, ranking_headers, standing_cells
from parindex.reports.writers.json import exact
from parindex.results.scorecard import Status

BOM = "\ufeff"  # first character of every CSV parindex writes (Excel reads the file as UTF-8)
INDEX_HEADER = "Chỉ số (%)"

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
        headers = ["Loại đơn vị", *(INDEX_HEADER if h == "Chỉ số" else h for h in ranking_headers(report))]
        if any(group.group is not None for group in report.groups):  # ranking groups within a kind
            headers.insert(1, "Nhóm xếp hạng")
            ranked: Iterable[list[Any]] = ([group.kind, group.name or "", *ranking_cells(report, unit)]
                                           for group in report.groups for unit in group.units)
        else:
            ranked = ([group.kind, *ranking_cells(report, unit)] for group in report.groups for unit in group.units)
        # rows made one at a time as they are written: a ranking of 10,000 units holds no table of cells
        return self.table(headers, _with_source(report, ranked, len(headers)))

    @staticmethod
    def table(headers: list[str], rows: Iterable[list[Any]]) -> str:
        """The CSV text, starting with the BOM."""
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([csv_text("" if value is None else str(value)) for value in row] for row in rows)
        return buffer.getvalue()


def _with_source(report: Report, rows: Iterable[list[Any]], width: int) -> Iterable[list[Any]]:
    """The rows, then the provenance as a last row whose first cell is `Nguồn` (as wide as the
    others, so that every row of the file has the same number of cells)."""
    source = footer(report)
    if source is None:
        return rows
    return itertools.chain(rows, [["Nguồn", source.removeprefix("Nguồn: "), *[""] * max(width - 2, 0)]])


def machine(shown: str | None) -> str:
    """A figure as the tables show it, machine-readable: '1.801,5' → '1801.5', '97,86%' → '97.86',
    '—' or None → ''."""
    if shown is None or shown == "—":
        return ""
    return shown.replace(".", "").replace(",", ".").removesuffix("%")


def ranking_cells(report: Report, unit: ReportUnit) -> list[Any]:
    """A unit's row of the ranking, the cells of `model.ranking_headers`: points rounded to the
    set's decimals, the total and index as the table shows them (never reading as another
    rating), all machine-readable; an area where nothing applies is empty."""
    d = report.criteria.decimals

    def points(value: Decimal) -> str:
        return exact(round_half_up(value, d)) or "0"

    row: list[Any] = [unit.rank if unit.rank is not None else "", unit.unit_id, unit.name]
    row += ["" if a.status is Status.NOT_APPLICABLE else points(a.points) for a in unit.areas]
    if report.criteria.bonus:
        row.append(points(unit.bonus_points))
    if report.criteria.penalties:
        row.append(points(unit.penalty_points))
    row += [machine(unit.total_shown), points(unit.applicable_max), machine(unit.index_shown), unit.rating or ""]
    return row + standing_cells(report, unit)


WRITER = CsvWriter()
