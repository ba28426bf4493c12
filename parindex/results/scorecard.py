"""Result trees of scored units: what each node earned, why, and the unit's totals.

These are data only; the engine fills them, reports render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol, overload

from parindex.core.errors import Problem, Severity
from parindex.core.numbers import ZERO, decode_decimals, encode_decimals, format_threshold, format_value
from parindex.intake.entries import Entered, SurveyScore


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
    # Leaves: who set the final points and why ("tính theo quy tắc (số liệu tự đánh giá)",
    # "thẩm định vòng 1 chấm: <lý do>", "điều tra xã hội học"); the points a person entered that
    # the leaf took (a judged leaf; an override); the survey answers it was scored from; and for an
    # overridden leaf, the leaf as its own rule scored it.
    source: str | None = None
    entered: Entered | None = None
    survey: SurveyScore | None = None
    rule_result: NodeResult | None = None

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



@dataclass(frozen=True, slots=True)
class TieNote:
    """How a unit was placed among units of the same index (results.ranking): `by` is the tie-break
    key that separated it from `versus` (None: equal on every key, so the `ties` policy decided);
    `place` is "above", "below" or "shared"; `text` says it in Vietnamese."""

    by: str | None
    node: str | None
    label: str | None
    versus: str
    place: str
    value: Decimal | None
    versus_value: Decimal | None
    text: str


@dataclass(frozen=True, slots=True)
class RatingCap:
    """A rating the unit's index reached but one of its `requires` failed: the unit got `to`."""

    from_: str
    to: str
    reason: str


class CappedRating:
    """The first cap of a rating and the reasons of all, read from `rating_caps` alike by a scored
    unit, a stored one and a report's row."""

    __slots__ = ()
    rating_caps: tuple[RatingCap, ...]

    @property
    def rating_capped_from(self) -> str | None:
        """The rating the index reached, when a condition of it failed (else None)."""
        return self.rating_caps[0].from_ if self.rating_caps else None

    @property
    def rating_cap_reason(self) -> str | None:
        """Why: "có vi phạm nghiêm trọng trong năm", or for two caps "…; không đạt Tốt vì …"."""
        return cap_reason(self.rating_caps)


STATUS_ORDER = (Status.SCORED, Status.NOT_APPLICABLE, Status.NO_DATA, Status.ERROR)
"""Compact status codes: a node's status is STATUS_ORDER[code]."""


@dataclass(frozen=True, slots=True)
class NodeLayout:
    """The nodes of a criteria set in one shared order (areas, bonus, penalties, each pre-order):
    what compact results need to be read without the tree."""

    codes: tuple[str, ...]
    maxes: tuple[Decimal, ...]
    area_slots: tuple[int, ...]


@dataclass(slots=True)
class Scores:
    """One unit's results as arrays in `layout` order: status codes (see STATUS_ORDER), points and
    applicable max of every node, and the value of each relative leaf that was read."""

    layout: NodeLayout
    status: list[int]
    points: list[Decimal]
    applicable: list[Decimal]
    relative: dict[int, Decimal]

    def __getstate__(self) -> tuple[NodeLayout, bytes, str, str, tuple[int, ...], str]:
        """Sent between processes as a few texts (a tenth of the size and time of pickling each
        Decimal); read back exactly, equal points sharing one object."""
        return (self.layout, bytes(self.status), encode_decimals(self.points), encode_decimals(self.applicable),
                tuple(self.relative), encode_decimals(list(self.relative.values())))

    def __setstate__(self, state: tuple[NodeLayout, bytes, str, str, tuple[int, ...], str]) -> None:
        layout, status, points, applicable, slots, relative = state
        self.layout = layout
        self.status = list(status)
        self.points = decode_decimals(points)
        self.applicable = decode_decimals(applicable)
        self.relative = dict(zip(slots, decode_decimals(relative), strict=True))


class TreeSource(Protocol):
    """Builds a unit's result trees on demand (the engine provides one per unit)."""

    def build(self) -> tuple[list[NodeResult], list[NodeResult], list[NodeResult]]:
        """The unit's areas, bonus and penalty trees."""
        ...


class _Tree:
    """A tree field of UnitResult (areas, bonus or penalties): given, or built on first read from
    the result's `explanation`."""

    def __init__(self, position: int) -> None:
        self.position = position
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> None: ...

    @overload
    def __get__(self, obj: UnitResult, owner: type | None = None) -> list[NodeResult]: ...

    def __get__(self, obj: UnitResult | None, owner: type | None = None) -> list[NodeResult] | None:
        if obj is None:
            return None  # the dataclass default: not given
        value: list[NodeResult] | None = obj.__dict__.get(self.slot)
        if value is None:
            if obj.explanation is None:
                return []
            trees = obj.explanation.build()
            obj.__dict__.update(_areas=trees[0], _bonus=trees[1], _penalties=trees[2])
            return trees[self.position]
        return value

    def __set__(self, obj: UnitResult, value: list[NodeResult] | None) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class UnitResult(CappedRating):
    """A scored unit: totals, index, rating, rank, findings and problems. The trees of areas, bonus
    and penalties (with everything each rule read) are built on first read when `explanation` is
    set; `scores` holds the same results as compact arrays in the plan's node order."""

    unit_id: str
    name: str
    kind: str
    period: str
    source: str
    areas: _Tree = _Tree(0)
    bonus: _Tree = _Tree(1)
    penalties: _Tree = _Tree(2)
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
    # Ranking groups, tie-breaks and rating conditions (issue 9): the ranking group the unit falls
    # in (engine.standing), the rating requirements it does not meet (key "rating.requirement" →
    # what was read; None until checked), the caps applied to its rating, its place among equals.
    ranking_group: str | None = None
    unmet: dict[str, str] | None = field(default=None, repr=False)
    rating_caps: tuple[RatingCap, ...] = ()
    tie_break: TieNote | None = None
    scores: Scores | None = field(default=None, repr=False, compare=False)
    explanation: TreeSource | None = field(default=None, repr=False, compare=False)

    @property
    def has_trees(self) -> bool:
        """Whether the trees are built already (reading `areas` builds them)."""
        return self.__dict__.get("_areas") is not None

    def forget_trees(self) -> None:
        """Drop built trees that no longer match the scores (relative rules resolved since); they
        are built again on the next read."""
        if self.explanation is not None:
            self.__dict__.update(_areas=None, _bonus=None, _penalties=None)

    @property
    def is_valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def area_summaries(self) -> list[NodeSummary]:
        """Points, applicable max and status of each area, for ranking tables (no tree needed)."""
        scores = self.scores
        if scores is not None:
            layout = scores.layout
            codes, maxes, points, applicable, status = \
                layout.codes, layout.maxes, scores.points, scores.applicable, scores.status
            return [NodeSummary(codes[i], maxes[i], points[i], applicable[i], STATUS_ORDER[status[i]])
                    for i in layout.area_slots]
        return [NodeSummary(a.code, a.max, a.points, a.applicable_max, a.status) for a in self.areas]

    def nodes(self) -> list[NodeResult]:
        return [n for root in (*self.areas, *self.bonus, *self.penalties) for n in root.walk()]



def cap_reason(caps: tuple[RatingCap, ...]) -> str | None:
    """The reason of the first cap, then "không đạt <rating> vì <reason>" for each further one."""
    if not caps:
        return None
    return "; ".join([caps[0].reason, *(f"không đạt {c.from_} vì {c.reason}" for c in caps[1:])])


def rating_words(rating: str | None, caps: tuple[RatingCap, ...]) -> str:
    """"Tốt (không đạt Xuất sắc vì có vi phạm nghiêm trọng trong năm)", or the rating alone."""
    shown = rating or "—"
    return f"{shown} (không đạt {caps[0].from_} vì {cap_reason(caps)})" if caps else shown


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
