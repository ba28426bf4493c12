"""Scoring a batch of units: each unit evaluated, then group-relative rules resolved."""

from __future__ import annotations

import decimal

from parindex.core.numbers import EVAL_CONTEXT, ZERO
from parindex.criteria.compiler import CompiledSet
from parindex.engine.aggregate import finalize, set_leaf_points
from parindex.engine.reference import evaluate_unit
from parindex.intake.units import UnitData
from parindex.results.scorecard import NodeResult, Status, UnitResult


def score_units(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Evaluate every unit, then resolve group-relative rules (`resolve_groups`).

    Only valid units take part: a unit refused for any error (a failed check of severity error,
    a formula error on one of its nodes) sets no group best and is never ranked or counted.
    """
    results = evaluate_units(criteria, units)
    resolve_groups(criteria, results)
    return results


def evaluate_units(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Evaluate each unit on its own (relative leaves wait for `resolve_groups`). Units are
    independent here, so batches can be evaluated in separate processes and joined."""
    return [evaluate_unit(criteria, unit) for unit in units]


def resolve_groups(criteria: CompiledSet, results: list[UnitResult]) -> None:
    """Resolve relative rules within each unit kind, over the valid units only, and re-aggregate."""
    valid = [r for r in results if r.is_valid]
    for kind in dict.fromkeys(r.kind for r in valid):
        resolve_relative(criteria, [r for r in valid if r.kind == kind])


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
