"""Score a cohort of units and rank them: group-relative rules, groups by unit kind, ties.

Relative rules (value ÷ best value in the group × max) need every unit of the group, so they are
resolved here, after each unit has been evaluated, and parents are summed again.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal

from parindex.compiling import CompiledSet
from parindex.evaluation import NodeResult, Status, UnitResult, evaluate_unit, finalize, set_leaf_points
from parindex.loading import UnitData
from parindex.numbers import EVAL_CONTEXT, ZERO, comparable


@dataclass
class Group:
    """The units of one kind, ranked together."""

    kind: str
    units: list[UnitResult]


def score_units(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Evaluate every unit, resolve group-relative rules within each unit kind, finalize.

    Only valid units take part: a unit refused for any error (a failed check of severity error,
    a formula error on one of its nodes) sets no group best and is never ranked or counted.
    """
    results = [evaluate_unit(criteria, unit) for unit in units]
    valid = [r for r in results if r.is_valid]
    for kind in dict.fromkeys(r.kind for r in valid):
        resolve_relative(criteria, [r for r in valid if r.kind == kind])
    return results


def resolve_relative(criteria: CompiledSet, group: list[UnitResult]) -> None:
    """Relative leaves get value ÷ best value among the group's units × max.

    Units whose rule could not be read (not applicable, no data, error) take no part in the best
    value. When the best value is 0 or less, nobody achieved anything and every unit gets 0.
    """
    leaves: dict[str, list[NodeResult]] = {}
    for result in group:
        for node in result.nodes():
            if node.rule_kind == "relative" and node.status is Status.SCORED:
                leaves.setdefault(node.code, []).append(node)
    with decimal.localcontext(EVAL_CONTEXT):
        for nodes in leaves.values():
            best = max((n.relative_value for n in nodes if n.relative_value is not None), default=ZERO)
            for node in nodes:
                node.relative_best = best
                value = node.relative_value if node.relative_value is not None else ZERO
                set_leaf_points(node, value / best * node.max if best > 0 else ZERO)
    if leaves:
        for result in group:
            finalize(criteria, result)


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
