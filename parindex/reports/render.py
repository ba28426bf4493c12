"""Render results as tables (tabulate), Markdown, CSV or JSON. The only importer of tabulate.

The JSON shape is documented in docs/json-output.md: exact decimals are strings ("0.75"),
display values are rounded half up to the set's declared decimals.

What a file wrote (a unit's name, id, period, a title) can only ever appear as its own text in its
own cell: every cell and every line is escaped for its format (see `Renderer.cell`), so a `|`, a
newline, an ANSI escape, a bidi override or a leading `=` cannot forge cells, rows or formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

from tabulate import tabulate

from parindex import __version__
from parindex.core.errors import Problem
from parindex.core.numbers import EVAL_CONTEXT, format_points
from parindex.core.text import BIDI_CONTROLS, printable
from parindex.criteria.compiler import CompiledSet
from parindex.criteria.schema import UNIT_KINDS
from parindex.reports.sentences import Explainer
from parindex.results.ranking import Group
from parindex.results.scorecard import (
    STATUS_WORDS,
    NodeResult,
    NodeSummary,
    Reading,
    Status,
    UnitResult,
    describe_finding,
)

FORMATS = ("table", "markdown", "csv", "json")
_TABLE_STYLE = {"table": "simple", "markdown": "github"}

# A CSV cell starting with one of these is a live formula in Excel or LibreOffice (=1+1, @SUM(…),
# -2+3, a tab or carriage return before any of them): such a text cell gets a leading "'".
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_MARKDOWN_SPECIAL = re.compile(r"([\\|])")
# Raw in json.dumps(ensure_ascii=False) output, only ever inside strings: DEL, C1 controls, lone
# surrogates and bidi controls (json.dumps itself escapes the C0 controls).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")


def markdown_text(text: str) -> str:
    """Printable, with the backslash and the cell separator "|" escaped (a newline is already
    the two characters \\n, whose backslash is escaped in turn)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))


def csv_text(text: str) -> str:
    """Printable, and a text that a spreadsheet would run as a formula prefixed with "'". Plain
    numbers written by parindex itself (-1.5) are left as they are."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + printable(text)
    return printable(text)


def json_text(payload: Any) -> str:
    """JSON with every character a terminal would act on (DEL, C1 controls, bidi controls, lone
    surrogates) written as a \\uXXXX escape: the same data, and it can always be written as UTF-8."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def exact(value: Decimal | None) -> str | None:
    """An exact decimal as a JSON string, without exponent or useless trailing zeros."""
    if value is None:
        return None
    normal = value.normalize(EVAL_CONTEXT)
    if normal == normal.to_integral_value():
        return str(int(normal))
    return f"{normal:f}"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, (bool, str, int)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "policy"):
        return None  # an absent indicator
    return str(value)


class Renderer:
    def __init__(self, criteria: CompiledSet, fmt: str = "table") -> None:
        self.criteria = criteria
        self.fmt = fmt
        self.decimals = criteria.decimals
        self.explainer = Explainer(criteria)

    def points(self, value: Decimal) -> str:
        return format_points(value, self.decimals)

    def index(self, result: UnitResult) -> str:
        return self.explainer.index(result)

    def cell(self, value: Any) -> str:
        """A value escaped for a cell (or a heading) of the current format."""
        text = "" if value is None else str(value)
        if self.fmt == "markdown":
            return markdown_text(text)
        if self.fmt == "csv":
            return csv_text(text)
        return printable(text)

    def line(self, text: str) -> str:
        """A free line of the table or Markdown output (a summary, an explanation): printable."""
        return printable(text)

    def table(self, headers: list[str], rows: list[list[Any]]) -> str:
        rows = [[self.cell(value) for value in row] for row in rows]
        if self.fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(headers)
            writer.writerows(rows)
            return buffer.getvalue()
        return tabulate(rows, headers=headers, tablefmt=_TABLE_STYLE[self.fmt], disable_numparse=True)

    # -- score -----------------------------------------------------------------------------
    def score(self, results: list[UnitResult], explain: bool) -> str:
        if self.fmt == "json":
            payload = {
                "parindex": __version__,
                "criteria": self.criteria_info(),
                "units": [self.unit_dict(r, explain=True) for r in results],
            }
            return json_text(payload)
        if self.fmt == "csv":
            headers = ["unit_id", "code", "title", "depth", "points", "max", "applicable_max", "status"]
            rows = [
                [r.unit_id, n.code, n.title, n.depth, exact(n.points), exact(n.max),
                 exact(n.applicable_max), n.status.value]
                for r in results for n in r.nodes()
            ]
            return self.table(headers, rows)
        return "\n".join(self.unit_text(r, explain) for r in results)

    def unit_text(self, result: UnitResult, explain: bool) -> str:
        heading = f"{self.cell(result.name)} ({self.cell(result.unit_id)}) — {self.cell(result.period)}"
        lines = [("## " if self.fmt == "markdown" else "") + heading, ""]
        rows = []
        for area in result.areas:
            for node in area.walk():
                if node.depth <= 2:
                    indent = "" if node.depth == 1 else "  "
                    rows.append([node.code, indent + node.title, self.node_points(node), STATUS_WORDS[node.status]])
        for label, blocks in (("Điểm thưởng", result.bonus), ("Điểm trừ", result.penalties)):
            for block in blocks:
                rows.append([block.code, f"{label}: {block.title}", self.node_points(block),
                             STATUS_WORDS[block.status]])
        lines.append(self.table(["Mã", "Lĩnh vực / tiêu chí", "Điểm", "Trạng thái"], rows))
        lines.append("")
        summary = (f"Tổng điểm: {self.explainer.total(result)}/{self.points(result.applicable_max)} "
                   f"(điểm tối đa áp dụng); Chỉ số: {self.index(result)}; "
                   f"Xếp loại: {result.rating or '—'}")
        if result.bonus or result.penalties:
            summary += (f" [các lĩnh vực {self.points(result.base_points)}, thưởng "
                        f"{self.points(result.bonus_points)}, trừ {self.points(result.penalty_points)}]")
        lines.append(summary)
        for finding in result.findings:
            lines.append(self.line(f"Cảnh báo số liệu: {describe_finding(finding)}"))
        if explain:
            lost = self.explainer.losses(result.areas)
            taken = self.explainer.losses(result.penalties, penalty=True)
            na = self.explainer.not_applicable(result.areas)
            lines.append("")
            lines.append("Điểm bị mất:" if lost else "Không mất điểm nào.")
            lines.extend(f"- {self.line(s)}" for s in lost)
            if taken:
                lines.append("Điểm bị trừ:")
                lines.extend(f"- {self.line(s)}" for s in taken)
            if na:
                lines.append("Không phát sinh (không tính vào điểm tối đa):")
                lines.extend(f"- {self.line(s)}" for s in na)
        lines.append("")
        return "\n".join(lines)

    def node_points(self, node: NodeResult | NodeSummary) -> str:
        if node.status is Status.NOT_APPLICABLE:
            return f"—/{self.points(node.max)}"
        return f"{self.points(node.points)}/{self.points(node.applicable_max)}"

    # -- rank ------------------------------------------------------------------------------
    def rank(self, groups: list[Group], refused: list[Problem]) -> str:
        if self.fmt == "json":
            payload = {
                "parindex": __version__,
                "criteria": self.criteria_info(),
                "groups": [
                    {"kind": g.kind, "kind_label": UNIT_KINDS.get(g.kind, g.kind),
                     "units": [self.unit_dict(r, explain=False) for r in g.units]}
                    for g in groups
                ],
                "refused": [p.render() for p in refused],
            }
            return json_text(payload)
        area_codes = [a.code for a in self.criteria.areas]
        headers = ["Hạng", "Mã đơn vị", "Đơn vị", *(f"LV {c}" for c in area_codes)]
        if self.criteria.bonus:
            headers.append("Thưởng")
        if self.criteria.penalties:
            headers.append("Trừ")
        headers += ["Tổng điểm", "Tối đa áp dụng", "Chỉ số", "Xếp loại"]
        if self.fmt == "csv":
            csv_rows = [[g.kind, *self.rank_row(r)] for g in groups for r in g.units]
            return self.table(["Loại đơn vị", *headers], csv_rows)
        parts = []
        for group in groups:
            rows = [self.rank_row(r) for r in group.units]
            title = f"{self.cell(UNIT_KINDS.get(group.kind, group.kind))} — {len(group.units)} đơn vị"
            prefix = "## " if self.fmt == "markdown" else ""
            parts.append(f"{prefix}{title}\n\n{self.table(headers, rows)}\n")
        if refused:
            listed = "\n".join(f"- {self.cell(p.render())}" for p in refused)
            parts.append(f"Đơn vị bị loại khỏi xếp hạng:\n{listed}\n")
        return "\n".join(parts)

    def rank_row(self, r: UnitResult) -> list[Any]:
        row: list[Any] = [r.rank if r.rank is not None else "—", r.unit_id, r.name]
        row += [self.area_cell(a) if self.fmt == "csv" else self.node_points(a) for a in r.area_summaries()]
        if self.criteria.bonus:
            row.append(self.points(r.bonus_points))
        if self.criteria.penalties:
            row.append(self.points(r.penalty_points))
        row += [self.explainer.total(r), self.points(r.applicable_max), self.index(r), r.rating or "—"]
        return row

    def area_cell(self, node: NodeResult | NodeSummary) -> str:
        return "" if node.status is Status.NOT_APPLICABLE else self.points(node.points)

    # -- JSON ------------------------------------------------------------------------------
    def criteria_info(self) -> dict[str, Any]:
        spec = self.criteria.spec
        return {"id": spec.id, "title": spec.title, "year": spec.year, "file": self.criteria.path,
                "total_points": exact(spec.total_points), "decimals": spec.decimals}

    def unit_dict(self, r: UnitResult, explain: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "unit_id": r.unit_id, "name": r.name, "kind": r.kind, "period": r.period, "file": r.source,
            "rank": r.rank, "total": exact(r.total), "applicable_max": exact(r.applicable_max),
            "base_points": exact(r.base_points), "bonus_points": exact(r.bonus_points),
            "penalty_points": exact(r.penalty_points),
            "index": exact(r.index), "index_percent": self.index(r) if r.index is not None else None,
            "rating": r.rating,
            "areas": [self.node_dict(a, explain) for a in r.areas],
            "bonus": [self.node_dict(b, explain) for b in r.bonus],
            "penalties": [self.node_dict(p, explain, penalty=True) for p in r.penalties],
            "findings": [
                {"id": f.id, "title": f.title, "severity": f.severity.value, "relation": f.relation,
                 "left": f.left_text, "left_value": exact(f.left_value), "right": f.right_text,
                 "right_value": exact(f.right_value), "line": f.line, "message": describe_finding(f)}
                for f in r.findings
            ],
            "problems": [p.render() for p in r.problems],
        }
        return data

    def node_dict(self, node: NodeResult, explain: bool, penalty: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": node.code, "title": node.title, "points": exact(node.points), "max": exact(node.max),
            "applicable_max": exact(node.applicable_max), "status": node.status.value,
        }
        if node.is_leaf:
            data.update({
                "rule": node.rule_kind, "value": _plain(node.value), "matched": node.matched,
                "raw": exact(node.raw), "clamped": node.clamped, "message": node.message,
                "inputs": [self.reading_dict(r) for r in node.readings],
            })
            if node.rule_kind == "relative":
                data["group_best"] = exact(node.relative_best)
            lost = node.status in (Status.NO_DATA, Status.ERROR, Status.NOT_APPLICABLE) or (
                node.points < node.max if not penalty else node.points > 0)
            data["explanation"] = self.explainer.sentence(node, penalty=penalty and node.status is Status.SCORED) \
                if explain and lost else None
        else:
            data["children"] = [self.node_dict(c, explain, penalty) for c in node.children]
        return data

    def reading_dict(self, reading: Reading) -> dict[str, Any]:
        return {
            "name": reading.name, "label": self.criteria.label_of(reading.name),
            "value": _plain(reading.value), "shown": self.explainer.value(reading.name, reading.value),
            "inputs": [self.reading_dict(p) for p in reading.parts],
        }
