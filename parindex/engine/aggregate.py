"""One aggregation pass: parents from their children, then the unit's totals, index and rating.

It runs over result trees (`finalize`, for the reference evaluator) or over compact results
(`aggregate_scores`, the plan's generated aggregation); both end in the same `set_totals`. It can
be re-run at any time (after relative rules are resolved, later after appraisal overlays): it
only reads the leaves.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal

from parindex.core.numbers import EVAL_CONTEXT, ONE, ZERO, comparable
from parindex.criteria.compiler import CompiledSet
from parindex.engine.fast import FastEvaluator
from parindex.engine.plan import Plan
from parindex.results.scorecard import STATUS_ORDER, NodeResult, Scores, Status, UnitResult


def set_leaf_points(result: NodeResult, raw: Decimal) -> None:
    """Points kept within [0, max]; the raw value and whether it was clamped are recorded."""
    result.raw = raw
    points = min(max(raw, ZERO), result.max)
    result.clamped = comparable(points) != comparable(raw)
    result.points = points
    result.status = Status.SCORED


def leaf_points(raw: Decimal, maximum: Decimal) -> Decimal:
    """The points `set_leaf_points` keeps, for compact results."""
    return min(max(raw, ZERO), maximum)


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
        for root in (*result.areas, *result.bonus, *result.penalties):
            _total(root)
        set_totals(criteria, result, sum((a.points for a in result.areas), ZERO),
                   sum((a.applicable_max for a in result.areas), ZERO),
                   sum((b.points for b in result.bonus), ZERO), sum((p.points for p in result.penalties), ZERO))


def aggregate_scores(plan: Plan, evaluator: FastEvaluator, result: UnitResult, relative_only: bool = False) -> None:
    """The same pass over the unit's compact results (call inside EVAL_CONTEXT); `relative_only`:
    only the parents above relative leaves, after their points were resolved."""
    scores = result.scores
    assert scores is not None
    run = evaluator.reaggregate if relative_only else evaluator.aggregate
    base, applicable, bonus, penalty = run(scores.status, scores.points, scores.applicable)
    set_totals(plan.criteria, result, base, applicable, bonus, penalty, evaluator.rating)


def set_totals(criteria: CompiledSet, result: UnitResult, base: Decimal, applicable: Decimal,
               bonus: Decimal, penalty: Decimal, rating: Callable[[Decimal], str | None] | None = None) -> None:
    """Total (areas + bonus − penalties, never below 0), index (total ÷ applicable max) and rating
    (`rating`: the plan's generated lookup, the same as the intervals' own)."""
    result.base_points = base
    result.applicable_max = applicable
    result.bonus_points = bonus
    result.penalty_points = penalty
    result.total = max(base + bonus - penalty, ZERO)
    if applicable > 0:
        result.index = result.total / applicable
        probe = min(result.index, ONE)
        if rating is not None:
            result.rating = rating(probe)
        else:
            result.rating = next((r.name for r in criteria.ratings if r.interval.contains(probe)), None)
    else:
        result.index = None
        result.rating = None


def scores_of_tree(plan: Plan, result: UnitResult) -> Scores:
    """Compact results read from a unit's trees (a unit the reference scored)."""
    nodes = result.nodes()
    codes = [STATUS_ORDER.index(n.status) for n in nodes]
    relative = {slot: n.relative_value for slot, n in enumerate(nodes)
                if n.rule_kind == "relative" and n.status is Status.SCORED and n.relative_value is not None}
    return Scores(plan.layout, codes, [n.points for n in nodes], [n.applicable_max for n in nodes], relative)
