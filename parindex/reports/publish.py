"""What the documents people publish show, whatever their format: the ranking table of an annex
(area names as headers, one row per unit), the notes under it, and a unit's explanations (every
point lost, taken or not counted, in Vietnamese). The Word writer (reports.docx) and the HTML
writer (reports.html) lay these out; nothing here knows a file format.

Every text a file wrote (a unit's name, a title) is made printable here: a control character or a
bidi override is shown as a visible escape (\\x1b, \\u202e), never acted on, and can always be
written into XML.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parindex.core.text import printable
from parindex.criteria.schema import UNIT_KINDS
from parindex.reports.model import Block, Report, ReportGroup, ReportUnit
from parindex.results.scorecard import (
    STATUS_WORDS,
    NodeResult,
    NodeSummary,
    Status,
    UnitResult,
    describe_finding,
    rating_words,
)

INDEX_HEADER = "Chỉ số (%)"


def text(value: object) -> str:
    """A value as printable text (None as empty)."""
    return "" if value is None else printable(str(value))


def area_heading(block: Block) -> str:
    """'1. Công tác chỉ đạo, điều hành CCHC'."""
    return f"{text(block.code)}. {text(block.title)}"


def kind_label(report: Report, group: ReportGroup) -> str:
    """The group's unit kind (and ranking group) in words; for a score report, the units' kind."""
    if group.kind_label:
        return text(group.title)
    kinds = {u.kind for u in group.units}
    return text(UNIT_KINDS.get(kinds.pop(), "")) if len(kinds) == 1 else ""


def rank_title(report: Report) -> str:
    """'KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025'."""
    return f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {report.criteria.year}"


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the ranking table: its header, and whether it holds a number (sorted as one)."""

    header: str
    numeric: bool = True


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell as shown ("19,5", "86,62%", "—") and its exact value for sorting (None: text)."""

    shown: str
    value: Decimal | None = None


def columns(report: Report) -> list[Column]:
    """Hạng, Đơn vị, one column per area (its name and maximum), bonus, penalties, total, the
    applicable maximum (when some unit's differs from the set's total), index and rating."""
    c = report.criteria
    found = [Column("Hạng"), Column("Đơn vị", numeric=False)]
    found += [Column(f"{area_heading(a)} ({report.points(a.max)} điểm)") for a in c.areas]
    if c.bonus:
        found.append(Column(f"Điểm thưởng (tối đa {report.points(sum((b.max for b in c.bonus), Decimal(0)))} điểm)"))
    if c.penalties:
        found.append(Column("Điểm trừ"))
    found.append(Column("Tổng điểm"))
    if shows_applicable(report):
        found.append(Column("Điểm tối đa áp dụng"))
    found += [Column(INDEX_HEADER), Column("Xếp loại", numeric=False)]
    return found


def shows_applicable(report: Report) -> bool:
    """Whether some unit's applicable maximum differs from the set's total points (items that did
    not arise), so that the index needs the column to be checked by hand."""
    return any(u.applicable_max != report.criteria.total_points for u in report.units)


def row(report: Report, unit: ReportUnit) -> list[Cell]:
    """One unit's cells, in the order of `columns`."""
    cells = [Cell(str(unit.rank), Decimal(unit.rank)) if unit.rank is not None else Cell("—"),
             Cell(text(unit.name))]
    cells += [area_cell(report, a) for a in unit.areas]
    if report.criteria.bonus:
        cells.append(Cell(report.points(unit.bonus_points), unit.bonus_points))
    if report.criteria.penalties:
        cells.append(Cell(report.points(unit.penalty_points), unit.penalty_points))
    cells.append(Cell(unit.total_shown, unit.total))
    if shows_applicable(report):
        cells.append(Cell(report.points(unit.applicable_max), unit.applicable_max))
    cells.append(Cell(unit.index_shown, unit.index) if unit.index_shown is not None else Cell("—"))
    cells.append(Cell(text(unit.rating or "—")))
    return cells


def area_cell(report: Report, area: NodeSummary) -> Cell:
    if area.status is Status.NOT_APPLICABLE:
        return Cell("—")
    return Cell(report.points(area.points), area.points)


def notes(group: ReportGroup) -> list[str]:
    """What the table cannot say in a cell: a rating not reached for a failed condition, a place
    decided by a tie-break."""
    found = []
    for unit in group.units:
        if unit.rating_caps:
            found.append(f"{text(unit.name)}: xếp loại {text(unit.rating or '—')}, không đạt "
                         f"{text(unit.rating_capped_from)} vì {text(unit.rating_cap_reason)}.")
        if unit.tie_break is not None:
            found.append(f"{text(unit.name)}: {text(unit.tie_break.text)}.")
    return found


def refused(report: Report) -> list[str]:
    """The units left out of the ranking, each as the line a terminal shows."""
    return [text(problem.text) for problem in report.refused]


def footer(report: Report) -> str | None:
    """The provenance line (`Nguồn: parindex 0.1.0 · bộ tiêu chí … · 12 tệp đầu vào…`)."""
    return text(report.provenance.footer()) if report.provenance is not None else None


# -- a unit's explanations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Explained:
    """A unit's sentences: points lost, points taken (penalties), items that did not arise (not
    counted in the maximum), and warnings on its figures."""

    lost: list[str]
    taken: list[str]
    not_applicable: list[str]
    findings: list[str]
    summary: str

    @property
    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, sentences) of each non-empty part, in reading order."""
        parts = [("Điểm bị mất", self.lost), ("Điểm bị trừ", self.taken),
                 ("Không phát sinh (không tính vào điểm tối đa)", self.not_applicable),
                 ("Cảnh báo số liệu", self.findings)]
        return [(heading, lines) for heading, lines in parts if lines]


def node_points(report: Report, node: NodeResult) -> str:
    """A node's points in a unit's tree ("—" where nothing applies)."""
    return "—" if node.status is Status.NOT_APPLICABLE else report.points(node.points)


def node_note(node: NodeResult) -> str:
    """The note beside a node in a unit's tree: its status when it was not scored; who set the
    points when a person did."""
    if node.status is not Status.SCORED:
        return STATUS_WORDS[node.status]
    if node.is_leaf and node.entered is not None:
        return text(f"{node.entered.source} chấm")
    return ""


def tree(unit: ReportUnit) -> UnitResult:
    if unit.result is None:
        raise ValueError(f"unit {unit.unit_id} has no result tree in this report")
    return unit.result


def explained(report: Report, unit: ReportUnit) -> Explained:
    """Every point the unit lost, explained (reports.sentences.Explainer)."""
    explainer = report.explainer
    if explainer is None:
        raise ValueError("a report without its criteria set has no explanations")
    result = tree(unit)
    return Explained([text(s) for s in explainer.losses(result.areas)],
                     [text(s) for s in explainer.losses(result.penalties, penalty=True)],
                     [text(s) for s in explainer.not_applicable(result.areas)],
                     [text(describe_finding(f)) for f in result.findings],
                     summary(report, unit))


def summary(report: Report, unit: ReportUnit) -> str:
    """'Tổng điểm: 5,34/9 (điểm tối đa áp dụng); chỉ số: 59,36%; xếp loại: Trung bình' with the
    parts when the set has bonus or penalty points."""
    line = (f"Tổng điểm: {unit.total_shown}/{report.points(unit.applicable_max)} (điểm tối đa áp dụng); "
            f"chỉ số: {unit.index_shown or '—'}; xếp loại: {text(rating_words(unit.rating, unit.rating_caps))}")
    if report.criteria.bonus or report.criteria.penalties:
        line += (f" (các lĩnh vực {report.points(unit.base_points)}, thưởng {report.points(unit.bonus_points)}, "
                 f"trừ {report.points(unit.penalty_points)})")
    return line + "."
