"""The plain-text table (`--format table`), and the layout the Markdown writer shares: a heading
and a table per unit (score) or per unit kind (rank). The only importer of tabulate.

What a file wrote (a unit's name, id, period, a title) appears as its own printable text: a
control character, an ANSI escape or a bidi override cannot act on the terminal or forge a line.
"""

from __future__ import annotations

from typing import Any

from tabulate import tabulate

from parindex.core.text import printable
from parindex.reports.model import Report, ReportUnit, footer, node_points, ranking_headers, ranking_row
from parindex.results.scorecard import STATUS_WORDS, UnitResult, describe_finding, rating_words


class TableWriter:
    name = "table"
    order = 10
    binary = False
    style = "simple"  # tabulate's table format
    heading = ""  # before each unit's or kind's heading

    def cell(self, value: Any) -> str:
        """A value escaped for a cell (or a heading) of this format."""
        return printable("" if value is None else str(value))

    def line(self, text: str) -> str:
        """A free line (a summary, an explanation): printable."""
        return printable(text)

    def table(self, headers: list[str], rows: list[list[Any]]) -> str:
        cells = [[self.cell(value) for value in row] for row in rows]
        return tabulate(cells, headers=headers, tablefmt=self.style, disable_numparse=True)

    def write(self, report: Report) -> str:
        if report.command == "score":
            text = "\n".join(self.unit_text(report, unit) for unit in report.units)
        else:
            text = self.ranking(report)
        source = footer(report)
        return text if source is None else f"{text}\n{self.line(source)}\n"

    # -- score -------------------------------------------------------------------------------
    def unit_text(self, report: Report, unit: ReportUnit) -> str:
        result = _tree(unit)
        heading = f"{self.cell(unit.name)} ({self.cell(unit.unit_id)}) — {self.cell(unit.period)}"
        lines = [self.heading + heading, ""]
        rows = []
        for area in result.areas:
            for node in area.walk():
                if node.depth <= 2:
                    indent = "" if node.depth == 1 else "  "
                    rows.append([node.code, indent + node.title, node_points(report, node), STATUS_WORDS[node.status]])
        for label, blocks in (("Điểm thưởng", result.bonus), ("Điểm trừ", result.penalties)):
            for block in blocks:
                rows.append([block.code, f"{label}: {block.title}", node_points(report, block),
                             STATUS_WORDS[block.status]])
        lines.append(self.table(["Mã", "Lĩnh vực / tiêu chí", "Điểm", "Trạng thái"], rows))
        lines.append("")
        summary = (f"Tổng điểm: {unit.total_shown}/{report.points(unit.applicable_max)} "
                   f"(điểm tối đa áp dụng); Chỉ số: {unit.index_shown or '—'}; "
                   f"Xếp loại: {self.line(rating_words(unit.rating, unit.rating_caps))}")
        if result.bonus or result.penalties:
            summary += (f" [các lĩnh vực {report.points(unit.base_points)}, thưởng "
                        f"{report.points(unit.bonus_points)}, trừ {report.points(unit.penalty_points)}]")
        lines.append(summary)
        for finding in result.findings:
            lines.append(self.line(f"Cảnh báo số liệu: {describe_finding(finding)}"))
        if report.explain:
            lines.extend(self.explanations(report, result))
        lines.append("")
        return "\n".join(lines)

    def explanations(self, report: Report, result: UnitResult) -> list[str]:
        explainer = report.explainer
        if explainer is None:
            raise ValueError("a report without its criteria set has no explanations")
        lost = explainer.losses(result.areas)
        taken = explainer.losses(result.penalties, penalty=True)
        na = explainer.not_applicable(result.areas)
        lines = ["", "Điểm bị mất:" if lost else "Không mất điểm nào."]
        lines.extend(f"- {self.line(s)}" for s in lost)
        if taken:
            lines.append("Điểm bị trừ:")
            lines.extend(f"- {self.line(s)}" for s in taken)
        if na:
            lines.append("Không phát sinh (không tính vào điểm tối đa):")
            lines.extend(f"- {self.line(s)}" for s in na)
        return lines

    # -- rank --------------------------------------------------------------------------------
    def ranking(self, report: Report) -> str:
        headers = ranking_headers(report)
        parts = []
        for group in report.groups:
            rows = [ranking_row(report, unit, node_points) for unit in group.units]
            title = f"{self.cell(group.title)} — {len(group.units)} đơn vị"
            parts.append(f"{self.heading}{title}\n\n{self.table(headers, rows)}\n")
        if report.refused:
            listed = "\n".join(f"- {self.cell(problem.text)}" for problem in report.refused)
            parts.append(f"Đơn vị bị loại khỏi xếp hạng:\n{listed}\n")
        return "\n".join(parts)


def _tree(unit: ReportUnit) -> UnitResult:
    if unit.result is None:
        raise ValueError(f"unit {unit.unit_id} has no result tree in this report")
    return unit.result


WRITER = TableWriter()
