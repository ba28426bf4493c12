"""One aggregation pass: parents from their children, then the unit's totals, index and rating."""

from __future__ import annotations

import decimal
from decimal import Decimal

from parindex.core.numbers import EVAL_CONTEXT, ONE, ZERO, comparable
from parindex.criteria.compiler import CompiledSet
from parindex.results.scorecard import NodeResult, Status, UnitResult


def set_leaf_points(result: NodeResult, raw: Decimal) -> None:
    """Points kept within [0, max]; the raw value and whether it was clamped are recorded."""
    result.raw = raw
    points = min(max(raw, ZERO), result.max)
    result.clamped = comparable(points) != comparable(raw)
    result.points = points
    result.status = Status.SCORED



def _total(node: NodeResult) -> None:
    if node.is_leaf:
        return
    for child in node.children:
        _total(child)
    applicable = [c for c in node.children if c.status is not Status.NOT_APPLICABLE]
    if not applicable:
        node.status = Status.NOT_APPLICABLE
        node.points = ZERO
        node.applicable_max = ZERO
        node.raw = None
        return
    raw = sum((c.points for c in applicable), ZERO)
    node.raw = raw
    node.points = min(raw, node.max)
    node.clamped = node.points != raw
    node.applicable_max = min(sum((c.applicable_max for c in applicable), ZERO), node.max)
    statuses = {c.status for c in applicable}
    node.status = (Status.ERROR if Status.ERROR in statuses
                   else Status.NO_DATA if Status.NO_DATA in statuses else Status.SCORED)



def finalize(criteria: CompiledSet, result: UnitResult) -> None:
    """Sum parents from their children, then the unit's totals, index and rating."""
    with decimal.localcontext(EVAL_CONTEXT):
        _finalize(criteria, result)



def _finalize(criteria: CompiledSet, result: UnitResult) -> None:
    for root in (*result.areas, *result.bonus, *result.penalties):
        _total(root)
    result.base_points = sum((a.points for a in result.areas), ZERO)
    result.applicable_max = sum((a.applicable_max for a in result.areas), ZERO)
    result.bonus_points = sum((b.points for b in result.bonus), ZERO)
    result.penalty_points = sum((p.points for p in result.penalties), ZERO)
    result.total = max(result.base_points + result.bonus_points - result.penalty_points, ZERO)
    if result.applicable_max > 0:
        result.index = result.total / result.applicable_max
        probe = min(result.index, ONE)
        result.rating = next((r.name for r in criteria.ratings if r.interval.contains(probe)), None)
    else:
        result.index = None
        result.rating = None
