"""Ranking scored units: one group per unit kind, or per ranking group of a kind where the set
declares them (`ranking_groups`, in declaration order); ordered by index, then by the set's
tie-break keys in turn (`tie_breaks`), then ties shared or dense (`ties`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.numbers import ZERO, comparable, format_points
from parindex.criteria.compiler import CompiledNode, CompiledSet, CompiledTieBreak
from parindex.results.scorecard import TieNote, UnitResult


@dataclass
class Group:
    """The units ranked together: one unit kind, or one ranking group of a kind (`group`, its id,
    and `name`, as the set declares them)."""

    kind: str
    units: list[UnitResult]
    group: str | None = None
    name: str | None = None


def rank_key(index: Decimal) -> Decimal:
    """Indexes are compared at numbers.COMPARE_DIGITS significant digits: points from ratios carry
    40, so two mathematically equal indexes reached by different sums (120/91 ÷ 5 and 240/91 ÷ 10)
    may differ in the last digits; rounded to 30 they are equal, whatever their size."""
    return comparable(index)


class TieBreaker:
    """The values of a set's tie-break keys for a unit (points of a node, of the survey leaves…)."""

    def __init__(self, criteria: CompiledSet) -> None:
        self.keys = criteria.tie_breaks
        self.decimals = criteria.decimals
        roots: list[CompiledNode] = [*criteria.areas, *criteria.bonus, *criteria.penalties]
        nodes = [n for root in roots for n in root.walk()]
        self.survey = {n.code for n in nodes if n.rule is not None and n.rule.kind == "survey"}
        self.judged = {n.code for n in nodes if n.rule is not None and n.rule.kind == "judged"}
        self.fields: dict[str, Callable[[UnitResult], Decimal]] = {
            "base_points": lambda r: r.base_points, "bonus_points": lambda r: r.bonus_points,
            "penalty_points": lambda r: r.penalty_points, "total": lambda r: r.total,
            "survey_points": lambda r: self.points_of(r, self.survey),
            "judged_points": lambda r: self.points_of(r, self.judged),
        }

    def value(self, key: CompiledTieBreak, result: UnitResult) -> Decimal:
        if key.node is not None:
            return self.points_of(result, {key.node})
        return self.fields[key.by](result)

    @staticmethod
    def points_of(result: UnitResult, codes: set[str]) -> Decimal:
        """The sum of the points of the nodes `codes` (from the compact results, else the trees)."""
        if not codes:
            return ZERO
        scores = result.scores
        if scores is not None:
            return sum((p for code, p in zip(scores.layout.codes, scores.points, strict=True) if code in codes), ZERO)
        return sum((n.points for n in result.nodes() if n.code in codes), ZERO)

    def values(self, result: UnitResult) -> tuple[Decimal, ...]:
        return tuple(comparable(self.value(key, result)) for key in self.keys)

    def order(self, values: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
        """Sort keys: a key preferring higher values sorts them first."""
        return tuple(-v if key.prefer == "higher" else v for key, v in zip(self.keys, values, strict=True))

    def note(self, unit: UnitResult, other: UnitResult, mine: tuple[Decimal, ...],
             theirs: tuple[Decimal, ...]) -> TieNote:
        """How `unit` was placed against `other` (same index): by the first key that differs, or
        sharing the rank when none does."""
        versus = other.unit_id
        for number, key in enumerate(self.keys):
            if mine[number] != theirs[number]:
                value, other_value = self.value(key, unit), self.value(key, other)
                better = (value > other_value) == (key.prefer == "higher")
                more = "cao hơn" if value > other_value else "thấp hơn"
                if key.by in ("penalty_points", "bonus_points"):
                    more = "nhiều hơn" if value > other_value else "ít hơn"
                place = "above" if better else "below"
                text = (f"xếp {'trên' if better else 'sau'} {versus} (cùng chỉ số) vì {key.label} {more}: "
                        f"{format_points(value, self.decimals)} so với {format_points(other_value, self.decimals)}")
                return TieNote(key.by, key.node, key.label, versus, place, value, other_value, text)
        text = f"đồng hạng với {versus}: cùng chỉ số và bằng nhau ở mọi tiêu chí phân định hạng"
        return TieNote(None, None, None, versus, "shared", None, None, text)


def rank_group(results: list[UnitResult], ties: str = "shared", breaker: TieBreaker | None = None) -> list[UnitResult]:
    """Order by index, highest first; equal index ⇒ ordered by the tie-break keys in turn (with
    `breaker`); equal on all of them ⇒ equal rank, listed by unit id.

    ties="shared" gives 1, 2, 2, 4; ties="dense" gives 1, 2, 2, 3. Units without an index
    (nothing applicable) are listed last, unranked. With tie-break keys, each unit that shares its
    index with another gets a `tie_break` note: how it was placed against the unit listed before
    it (the first of equals: against the one after it).
    """
    keys = breaker is not None and bool(breaker.keys)
    values = {id(r): breaker.values(r) if breaker is not None and keys and r.index is not None else ()
              for r in results}

    def order(result: UnitResult) -> tuple[bool, Decimal, tuple[Decimal, ...], str]:
        index = rank_key(result.index) if result.index is not None else Decimal(-1)
        extra = breaker.order(values[id(result)]) if breaker is not None and keys else ()
        return (result.index is None, -index, extra, result.unit_id)

    ordered = sorted(results, key=order)
    previous: tuple[Decimal, tuple[Decimal, ...]] | None = None
    rank = 0
    for position, result in enumerate(ordered, start=1):
        result.tie_break = None
        if result.index is None:
            result.rank = None
            continue
        key = (rank_key(result.index), values[id(result)])
        if key != previous:
            rank = position if ties == "shared" else rank + 1
            previous = key
        result.rank = rank
    if breaker is not None and keys:
        _tie_notes(ordered, breaker, values)
    return ordered


def _tie_notes(ordered: list[UnitResult], breaker: TieBreaker, values: dict[int, tuple[Decimal, ...]]) -> None:
    for position, result in enumerate(ordered):
        if result.index is None:
            continue
        index = rank_key(result.index)
        before = ordered[position - 1] if position > 0 else None
        after = ordered[position + 1] if position + 1 < len(ordered) else None
        if before is not None and before.index is not None and rank_key(before.index) == index:
            result.tie_break = breaker.note(result, before, values[id(result)], values[id(before)])
        elif after is not None and after.index is not None and rank_key(after.index) == index:
            result.tie_break = breaker.note(result, after, values[id(result)], values[id(after)])


def rank(criteria: CompiledSet, results: list[UnitResult]) -> list[Group]:
    """One ranked group per unit kind, in the order the criteria set lists its kinds, or for a kind
    with ranking groups, one per group in the order the set declares them; refused units (any
    error) are left out: they take no rank and are not counted."""
    breaker = TieBreaker(criteria)
    groups = []
    for kind in criteria.spec.unit_kinds:
        members = [r for r in results if r.kind == kind and r.is_valid]
        declared = [g for g in criteria.ranking_groups if g.kind == kind]
        if not declared:
            if members:
                groups.append(Group(kind, rank_group(members, criteria.spec.ties, breaker)))
            continue
        for group in declared:
            inside = [r for r in members if r.ranking_group == group.id]
            if inside:
                groups.append(Group(kind, rank_group(inside, criteria.spec.ties, breaker), group.id, group.name))
    return groups
