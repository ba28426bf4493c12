"""Result trees of scored units: what each node earned, why, and the unit's totals.

These are data only; the engine fills them, reports render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from parindex.core.errors import Problem, Severity
from parindex.core.numbers import ZERO, format_threshold, format_value


class Status(StrEnum):
    SCORED = "scored"
    NOT_APPLICABLE = "not_applicable"
    NO_DATA = "no_data"
    ERROR = "error"



STATUS_WORDS = {
    Status.SCORED: "đã chấm",
    Status.NOT_APPLICABLE: "không phát sinh",
    Status.NO_DATA: "chưa kê khai",
    Status.ERROR: "lỗi",
}



@dataclass(frozen=True, slots=True)
class Absent:
    """An indicator the unit did not declare, with the set's policy for it."""

    name: str
    policy: str



@dataclass(frozen=True, slots=True)
class Failed:
    """A derived value that could not be computed for this unit."""

    name: str
    message: str



@dataclass
class Reading:
    """One input a rule read: its value and, for a derived value, the inputs it was made from."""

    name: str
    value: Any
    parts: list[Reading] = field(default_factory=list)



@dataclass(frozen=True, slots=True)
class NodeSummary:
    """What a ranking table shows of one node."""

    code: str
    max: Decimal
    points: Decimal
    applicable_max: Decimal
    status: Status


@dataclass
class NodeResult:
    code: str
    title: str
    max: Decimal
    depth: int
    children: list[NodeResult] = field(default_factory=list)
    rule_kind: str | None = None
    status: Status = Status.SCORED
    points: Decimal = ZERO
    applicable_max: Decimal = ZERO
    readings: list[Reading] = field(default_factory=list)
    value: Any = None
    matched: str | None = None
    raw: Decimal | None = None
    clamped: bool = False
    message: str | None = None
    relative_value: Decimal | None = None
    relative_best: Decimal | None = None

    @property
    def is_leaf(self) -> bool:
        return self.rule_kind is not None

    @property
    def lost(self) -> Decimal:
        return self.applicable_max - self.points

    def walk(self) -> list[NodeResult]:
        return [self, *(n for child in self.children for n in child.walk())]



@dataclass
class CheckFinding:
    id: str
    title: str
    severity: Severity
    relation: str
    left_text: str
    left_value: Decimal
    right_text: str
    right_value: Decimal
    tolerance: Decimal
    line: int | None
    percent: bool = False
    decimals: int = 2



@dataclass
class UnitResult:
    unit_id: str
    name: str
    kind: str
    period: str
    source: str
    areas: list[NodeResult]
    bonus: list[NodeResult]
    penalties: list[NodeResult]
    findings: list[CheckFinding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    base_points: Decimal = ZERO
    bonus_points: Decimal = ZERO
    penalty_points: Decimal = ZERO
    total: Decimal = ZERO
    applicable_max: Decimal = ZERO
    index: Decimal | None = None
    rating: str | None = None
    rank: int | None = None

    @property
    def is_valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def area_summaries(self) -> list[NodeSummary]:
        """Points, applicable max and status of each area, for ranking tables (no tree needed)."""
        return [NodeSummary(a.code, a.max, a.points, a.applicable_max, a.status) for a in self.areas]

    def nodes(self) -> list[NodeResult]:
        return [n for root in (*self.areas, *self.bonus, *self.penalties) for n in root.walk()]



_RELATION_BROKEN = {"==": "≠", "<=": ">", ">=": "<", "<": "≥", ">": "≤"}



def describe_finding(finding: CheckFinding) -> str:
    sign = _RELATION_BROKEN[finding.relation]

    def show(value: Decimal) -> str:
        return format_value(value, finding.decimals, finding.percent)

    tolerance = ""
    if finding.tolerance:
        allowed = format_threshold(finding.tolerance, finding.percent)
        tolerance = f" (sai lệch cho phép {allowed})"
    return (f"số liệu không khớp — {finding.title}: {finding.left_text} = {show(finding.left_value)} "
            f"{sign} {finding.right_text} = {show(finding.right_value)}{tolerance}")



def lower_first(text: str) -> str:
    """Lower the first letter of a label used mid-sentence, but not of an acronym (UBND, CCHC)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
