"""The report model: what every writer renders, built once from scored units (or from a stored run).

A report holds the criteria set's identity and blocks, the units in order (one group per unit kind
when ranked), each with its exact figures, the figures as displayed (a total and an index that
never contradict the rating) and, when scored in this run, its full result tree; and the refused
units. Writers (reports/writers/) turn it into one format each.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from parindex import __version__
from parindex.core.errors import Problem
from parindex.core.numbers import format_points
from parindex.criteria.compiler import CompiledNode, CompiledSet
from parindex.criteria.schema import UNIT_KINDS
from parindex.reports.sentences import Explainer
from parindex.results.provenance import Provenance
from parindex.results.provenance import file_sha256 as read_sha256
from parindex.results.ranking import Group
from parindex.results.scorecard import CappedRating, NodeSummary, RatingCap, Status, TieNote, UnitResult
from parindex.results.store import StoredBlock, StoredCriteria, StoredProblem, StoredRun, StoredUnit, stored_problem

# The set's identity and blocks are the same in a report made now and in a stored run.
Block = StoredBlock
CriteriaInfo = StoredCriteria


@dataclass(frozen=True, slots=True)
class ReportUnit(CappedRating):
    unit_id: str
    name: str
    kind: str
    period: str
    file: str
    rank: int | None
    base_points: Decimal
    bonus_points: Decimal
    penalty_points: Decimal
    total: Decimal
    applicable_max: Decimal
    index: Decimal | None
    rating: str | None
    total_shown: str
    index_shown: str | None  # None when nothing applies
    areas: tuple[NodeSummary, ...]
    result: UnitResult | None = None  # the full tree, when scored in this run
    ranking_group: str | None = None
    rating_caps: tuple[RatingCap, ...] = ()  # the ratings not reached for a failed condition, and why
    tie_break: TieNote | None = None  # how the unit was placed among units of the same index


@dataclass(frozen=True, slots=True)
class ReportGroup:
    kind: str
    kind_label: str
    units: tuple[ReportUnit, ...]
    group: str | None = None  # a ranking group of the kind (criteria `ranking_groups`): id and name
    name: str | None = None

    @property
    def title(self) -> str:
        """"UBND cấp xã, phường", or with a ranking group "UBND cấp xã, phường — Phường"."""
        return f"{self.kind_label} — {self.name}" if self.name else self.kind_label


@dataclass(frozen=True)
class Report:
    """`command` is "score" (one group, the units as given) or "rank" (one group per kind)."""

    command: str
    criteria: CriteriaInfo
    groups: tuple[ReportGroup, ...]
    refused: tuple[StoredProblem, ...] = ()  # the problems that refused units (`text`: the line shown)
    explain: bool = False
    explainer: Explainer | None = None  # sentences and values, when the criteria set is at hand
    version: str = __version__
    provenance: Provenance | None = None  # the engine and the sha256 of every file read (a footer)

    @property
    def units(self) -> list[ReportUnit]:
        return [unit for group in self.groups for unit in group.units]

    @cached_property
    def has_caps(self) -> bool:
        """Whether any unit's rating was capped (the ranking table then has a column saying why)."""
        return any(u.rating_caps for g in self.groups for u in g.units)

    @cached_property
    def has_ties(self) -> bool:
        """Whether any unit was placed by a tie-break (the ranking table then has a column for it)."""
        return any(u.tie_break is not None for g in self.groups for u in g.units)

    def points(self, value: Decimal) -> str:
        return format_points(value, self.criteria.decimals)


# -- building ----------------------------------------------------------------------------------


def score_report(criteria: CompiledSet, results: list[UnitResult], explain: bool,
                 provenance: Provenance | None = None) -> Report:
    explainer = Explainer(criteria)
    shown = _Shown(explainer)
    units = tuple(_unit(r, shown) for r in results)
    return Report("score", criteria_info(criteria), (ReportGroup("", "", units),), explain=explain,
                  explainer=explainer, provenance=provenance)


def rank_report(criteria: CompiledSet, groups: list[Group], refused: list[Problem],
                provenance: Provenance | None = None) -> Report:
    explainer = Explainer(criteria)
    shown = _Shown(explainer)
    built = tuple(ReportGroup(g.kind, UNIT_KINDS.get(g.kind, g.kind), tuple(_unit(r, shown) for r in g.units),
                              g.group, g.name)
                  for g in groups)
    return Report("rank", criteria_info(criteria), built, tuple(stored_problem(p) for p in refused),
                  explainer=explainer, provenance=provenance)


def stored_report(run: StoredRun) -> Report:
    """A report of a stored run: everything the ranking and summary tables show, without trees
    (formats that write trees need the run scored again)."""
    groups = tuple(ReportGroup(g.kind, g.kind_label, tuple(_stored_unit(u) for u in g.units), g.group, g.name)
                   for g in run.groups)
    return Report(run.command, run.criteria, groups, run.refused, provenance=run.provenance)


def criteria_info(criteria: CompiledSet) -> CriteriaInfo:
    spec = criteria.spec

    def blocks(nodes: list[CompiledNode]) -> tuple[Block, ...]:
        return tuple(Block(n.code, n.title, n.max) for n in nodes)

    return CriteriaInfo(spec.id, spec.title, spec.year, criteria.path, file_sha256(criteria.path),
                        spec.total_points, spec.decimals, blocks(criteria.areas), blocks(criteria.bonus),
                        blocks(criteria.penalties))


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a criteria file as read now (None when it cannot be read)."""
    try:
        return read_sha256(path)
    except OSError:
        return None


class _Shown:
    """The total and index as displayed (`Explainer.total`, `Explainer.index`), worked out once per
    distinct figures of a report: they depend on the values of total, applicable max and index
    only (equal decimals show alike; the sign of a zero total is kept in the key all the same)."""

    def __init__(self, explainer: Explainer) -> None:
        self.explainer = explainer
        self.known: dict[tuple[Decimal, bool, Decimal, Decimal | None], tuple[str, str | None]] = {}

    def figures(self, r: UnitResult) -> tuple[str, str | None]:
        key = (r.total, r.total.is_signed(), r.applicable_max, r.index)
        figures = self.known.get(key)
        if figures is None:
            figures = self.known[key] = (self.explainer.total(r),
                                         self.explainer.index(r) if r.index is not None else None)
        return figures


def _unit(r: UnitResult, shown: _Shown) -> ReportUnit:
    total_shown, index_shown = shown.figures(r)
    return ReportUnit(r.unit_id, r.name, r.kind, r.period, r.source, r.rank, r.base_points, r.bonus_points,
                      r.penalty_points, r.total, r.applicable_max, r.index, r.rating, total_shown, index_shown,
                      tuple(r.area_summaries()), r, r.ranking_group, r.rating_caps, r.tie_break)


def _stored_unit(u: StoredUnit) -> ReportUnit:
    areas = tuple(NodeSummary(a.code, a.max, a.points, a.applicable_max, a.status) for a in u.areas)
    return ReportUnit(u.unit_id, u.name, u.kind, u.period, u.file, u.rank, u.base_points, u.bonus_points,
                      u.penalty_points, u.total, u.applicable_max, u.index, u.rating, u.total_shown,
                      u.index_percent, areas, None, u.ranking_group, u.rating_caps, u.tie_break)


# -- the ranking table, shared by the table, Markdown and CSV writers ----------------------------


def ranking_headers(report: Report) -> list[str]:
    c = report.criteria
    headers = ["Hạng", "Mã đơn vị", "Đơn vị", *(f"LV {a.code}" for a in c.areas)]
    if c.bonus:
        headers.append("Thưởng")
    if c.penalties:
        headers.append("Trừ")
    headers += ["Tổng điểm", "Tối đa áp dụng", "Chỉ số", "Xếp loại"]
    if report.has_caps:
        headers.append("Hạ xếp loại")
    if report.has_ties:
        headers.append("Phân định hạng")
    return headers


def ranking_row(report: Report, unit: ReportUnit, area_cell: Any) -> list[Any]:
    """One unit's row; `area_cell(report, summary)` shows an area (points/max, or points only)."""
    row: list[Any] = [unit.rank if unit.rank is not None else "—", unit.unit_id, unit.name]
    row += [area_cell(report, a) for a in unit.areas]
    if report.criteria.bonus:
        row.append(report.points(unit.bonus_points))
    if report.criteria.penalties:
        row.append(report.points(unit.penalty_points))
    row += [unit.total_shown, report.points(unit.applicable_max), unit.index_shown or "—", unit.rating or "—"]
    return row + standing_cells(report, unit)


def standing_cells(report: Report, unit: ReportUnit) -> list[str]:
    """The last cells of a unit's ranking row, when the report has those columns: why its rating
    was capped ("Hạ xếp loại") and how a tie-break placed it ("Phân định hạng"); empty for others."""
    cells = []
    if report.has_caps:
        cells.append(f"không đạt {unit.rating_capped_from} vì {unit.rating_cap_reason}" if unit.rating_caps else "")
    if report.has_ties:
        cells.append(unit.tie_break.text if unit.tie_break is not None else "")
    return cells


def footer(report: Report) -> str | None:
    """The provenance line under a table (`Nguồn: parindex 0.1.0 · bộ tiêu chí … · 12 tệp đầu vào…`)."""
    return report.provenance.footer() if report.provenance is not None else None


def node_points(report: Report, node: NodeSummary | Any) -> str:
    """'points/applicable max', or '—/max' when not applicable."""
    if node.status is Status.NOT_APPLICABLE:
        return f"—/{report.points(node.max)}"
    return f"{report.points(node.points)}/{report.points(node.applicable_max)}"
