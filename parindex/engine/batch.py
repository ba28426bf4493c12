"""Scoring a batch of units through the plan: each unit evaluated on the fast path (or, for
anything beyond plain scoring, by the reference evaluator), then group-relative rules resolved
and the aggregation re-run — engine stages over compact results; trees are built on demand."""

from __future__ import annotations

import decimal
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from parindex.core.numbers import EVAL_CONTEXT, ZERO
from parindex.criteria.compiler import CompiledSet
from parindex.engine.aggregate import aggregate_scores, leaf_points, scores_of_tree
from parindex.engine.fast import FastEvaluator, fast_evaluator
from parindex.engine.plan import Plan, plan_of
from parindex.engine.reference import evaluate_unit
from parindex.engine.standing import apply_caps, classify
from parindex.engine.trees import ReferenceTree
from parindex.intake.units import UnitData
from parindex.results.scorecard import Scores, UnitResult


def score_units(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Evaluate every unit, then resolve group-relative rules (`resolve_groups`).

    Only valid units take part: a unit refused for any error (a failed check of severity error,
    a formula error on one of its nodes) sets no group best and is never ranked or counted.
    """
    with _collector_paused():
        results = evaluate_units(criteria, units)
        resolve_groups(criteria, results)
    return results


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Scoring makes many small objects and no reference cycles: the garbage collector would only
    walk them again and again (its pauses grew with the batch)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def evaluate_units(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Evaluate each unit on its own (relative leaves wait for `resolve_groups`). Units are
    independent here, so batches can be evaluated in separate processes and joined."""
    plan = plan_of(criteria)
    evaluator = fast_evaluator(plan)
    with _collector_paused(), decimal.localcontext(EVAL_CONTEXT):
        return [_standing(criteria, unit, evaluate(plan, evaluator, unit)) for unit in units]


def _standing(criteria: CompiledSet, unit: UnitData, result: UnitResult) -> UnitResult:
    """The unit's ranking group and the rating conditions it does not meet (engine.standing),
    decided here, where the unit file's lines are known (a worker process sends results only)."""
    classify(criteria, unit, result)
    return result


def evaluate(plan: Plan, evaluator: FastEvaluator, unit: UnitData) -> UnitResult:
    """One unit: the fast path when it stays plain scoring, else the reference (call inside
    EVAL_CONTEXT)."""
    criteria = plan.criteria
    if evaluator.score is not None and not needs_reference(criteria, unit):
        try:
            status, points, applicable, relative = evaluator.score(unit.values)
        except Exception:  # noqa: BLE001 - anything beyond plain scoring is the reference's to tell
            pass
        else:
            result = UnitResult(unit.unit_id, unit.name, unit.kind, unit.period, unit.path,
                                problems=list(unit.warnings),
                                scores=Scores(plan.layout, status, points, applicable, relative),
                                explanation=ReferenceTree(criteria, unit, fast=True))
            aggregate_scores(plan, evaluator, result)
            return result
    result = evaluate_unit(criteria, unit)
    result.scores = scores_of_tree(plan, result)
    result.explanation = ReferenceTree(criteria, unit, fast=False)
    return result


def needs_reference(criteria: CompiledSet, unit: UnitData) -> bool:
    """Points a person entered, an appraiser's points, survey results, or a set asking for evidence:
    the fast path knows only the figures, the reference evaluator scores these units."""
    return bool(unit.entered or unit.overrides or unit.survey or criteria.evidence_leaves)


def resolve_groups(criteria: CompiledSet, results: list[UnitResult]) -> None:
    """Resolve relative rules within each ranking group (each unit kind, or the set's
    `ranking_groups` of a kind), over the valid units only, and re-aggregate; then apply the
    ratings' conditions (`requires`) to every unit."""
    plan = plan_of(criteria)
    evaluator = fast_evaluator(plan)
    with _collector_paused(), decimal.localcontext(EVAL_CONTEXT):
        for result in results:
            if isinstance(result.explanation, ReferenceTree) and result.explanation.criteria is None:
                result.explanation.criteria = criteria  # read back from a worker process
        for result in results:
            if result.unmet is None and isinstance(result.explanation, ReferenceTree):
                classify(criteria, result.explanation.unit, result)  # evaluated without `evaluate_units`
        valid = [r for r in results if r.is_valid]
        for result in valid:
            if result.scores is None:
                result.scores = scores_of_tree(plan, result)
        for group in dict.fromkeys((r.kind, r.ranking_group) for r in valid):
            resolve_relative(plan, evaluator, [r for r in valid if (r.kind, r.ranking_group) == group])
        for result in results:
            apply_caps(criteria, result)


def resolve_relative(plan: Plan, evaluator: FastEvaluator, group: list[UnitResult]) -> None:
    """Relative leaves get value ÷ best value among the group's units × max.

    Units whose rule could not be read (not applicable, no data, error) take no part in the best
    value. When the best value is 0 or less, nobody achieved anything and every unit gets 0.
    """
    bests: dict[str, Decimal] = {}
    for slot in plan.relative:
        values = [r.scores.relative[slot] for r in group if r.scores is not None and slot in r.scores.relative]
        if values:
            bests[plan.layout.codes[slot]] = max(values)
    if not bests:
        return
    for result in group:
        scores = result.scores
        assert scores is not None
        for slot, value in scores.relative.items():
            best = bests[plan.layout.codes[slot]]
            maximum = plan.maxes[slot]
            scores.points[slot] = leaf_points(value / best * maximum if best > 0 else ZERO, maximum)
        aggregate_scores(plan, evaluator, result, relative_only=True)
        if isinstance(result.explanation, ReferenceTree):
            result.explanation.bests = bests
        result.forget_trees()
