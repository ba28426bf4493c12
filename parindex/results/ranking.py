"""Ranking scored units: one group per unit kind, ordered by index, ties shared or dense."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parindex.core.numbers import comparable
from parindex.criteria.compiler import CompiledSet
from parindex.results.scorecard import UnitResult


@dataclass
class Group:
    """The units of one kind, ranked together."""

    kind: str
    units: list[UnitResult]


def rank_key(index: Decimal) -> Decimal:
    """Indexes are compared at numbers.COMPARE_DIGITS significant digits: points from ratios carry
    40, so two mathematically equal indexes reached by different sums (120/91 ÷ 5 and 240/91 ÷ 10)
    may differ in the last digits; rounded to 30 they are equal, whatever their size."""
    return comparable(index)


def _order_key(result: UnitResult) -> tuple[bool, Decimal, str]:
    index = rank_key(result.index) if result.index is not None else Decimal(-1)
    return (result.index is None, -index, result.unit_id)


def rank_group(results: list[UnitResult], ties: str = "shared") -> list[UnitResult]:
    """Order by index, highest first; equal exact index ⇒ equal rank, listed by unit id.

    ties="shared" gives 1, 2, 2, 4; ties="dense" gives 1, 2, 2, 3. Units without an index
    (nothing applicable) are listed last, unranked.
    """
    ordered = sorted(results, key=_order_key)
    previous: Decimal | None = None
    rank = 0
    for position, result in enumerate(ordered, start=1):
        if result.index is None:
            result.rank = None
            continue
        key = rank_key(result.index)
        if key != previous:
            rank = position if ties == "shared" else rank + 1
            previous = key
        result.rank = rank
    return ordered


def rank(criteria: CompiledSet, results: list[UnitResult]) -> list[Group]:
    """One ranked group per unit kind, in the order the criteria set lists its kinds; refused
    units (any error) are left out: they take no rank and are not counted."""
    groups = []
    for kind in criteria.spec.unit_kinds:
        members = [r for r in results if r.kind == kind and r.is_valid]
        if members:
            groups.append(Group(kind, rank_group(members, criteria.spec.ties)))
    return groups
