"""The oracle side of the differential tests: the reference evaluator with relative rules resolved
on its trees as parindex always did, and a comparison of everything a result shows."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from parindex.core.numbers import EVAL_CONTEXT, ZERO
from parindex.criteria.compiler import CompiledSet
from parindex.engine.aggregate import finalize, set_leaf_points
from parindex.engine.batch import score_units
from parindex.engine.reference import evaluate_unit
from parindex.engine.standing import apply_caps, classify
from parindex.intake.units import UnitData
from parindex.reports.sentences import Explainer
from parindex.results.ranking import rank
from parindex.results.scorecard import STATUS_ORDER, NodeResult, NodeSummary, Status, UnitResult


def reference_scores(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Every unit through `reference.evaluate_unit`, then the relative leaves of the valid units of
    each kind resolved on the trees (the engine before the plan)."""
    results = [evaluate_unit(criteria, unit) for unit in units]
    for unit, result in zip(units, results, strict=True):
        classify(criteria, unit, result)  # ranking group and rating conditions (engine.standing)
    valid = [r for r in results if r.is_valid]
    for key in dict.fromkeys((r.kind, r.ranking_group) for r in valid):
        group = [r for r in valid if (r.kind, r.ranking_group) == key]
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
    for result in results:
        apply_caps(criteria, result)
    return results


def _exact(value: Any) -> Any:
    """Decimals compared with their digits and exponent (what a display would show), not only
    their value."""
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    return value


def _node_facts(node: NodeResult, explainer: Explainer) -> dict[str, Any]:
    return {
        "code": node.code, "status": node.status, "points": _exact(node.points),
        "applicable": _exact(node.applicable_max), "raw": _exact(node.raw), "clamped": node.clamped,
        "matched": node.matched, "value": _exact(node.value), "message": node.message,
        "relative": _exact(node.relative_value), "best": _exact(node.relative_best),
        "readings": repr(node.readings), "rule": node.rule_kind,
        "sentence": explainer.sentence(node), "penalty sentence": explainer.sentence(node, penalty=True),
    }


def _unit_facts(result: UnitResult) -> dict[str, Any]:
    return {
        "id": result.unit_id, "name": result.name, "kind": result.kind, "period": result.period,
        "source": result.source, "base": _exact(result.base_points), "bonus": _exact(result.bonus_points),
        "penalty": _exact(result.penalty_points), "total": _exact(result.total),
        "applicable": _exact(result.applicable_max), "index": _exact(result.index), "rating": result.rating,
        "rank": result.rank, "valid": result.is_valid, "findings": result.findings,
        "group": result.ranking_group, "caps": result.rating_caps, "tie": result.tie_break,
        "problems": [(p.file, p.line, p.col, p.message, p.severity) for p in result.problems],
    }


def assert_same(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """Score `units` through the plan and through the reference; every figure, status, finding,
    problem, rank and sentence must be the same. Returns the plan's results."""
    fast = score_units(criteria, units)
    oracle = reference_scores(criteria, units)
    fast_ranks = [(g.kind, [(r.unit_id, r.rank) for r in g.units]) for g in rank(criteria, fast)]
    oracle_ranks = [(g.kind, [(r.unit_id, r.rank) for r in g.units]) for g in rank(criteria, oracle)]
    assert fast_ranks == oracle_ranks
    explainer = Explainer(criteria)
    for mine, theirs in zip(fast, oracle, strict=True):
        summaries = mine.area_summaries()  # from the compact results, before any tree is built
        assert _unit_facts(mine) == _unit_facts(theirs), mine.unit_id
        assert explainer.total(mine) == explainer.total(theirs)
        assert explainer.index(mine) == explainer.index(theirs)
        mine_nodes, their_nodes = mine.nodes(), theirs.nodes()
        assert [_node_facts(n, explainer) for n in mine_nodes] == [_node_facts(n, explainer) for n in their_nodes]
        assert explainer.losses(mine.areas) == explainer.losses(theirs.areas)
        assert explainer.losses(mine.penalties, penalty=True) == explainer.losses(theirs.penalties, penalty=True)
        assert explainer.not_applicable(mine.areas) == explainer.not_applicable(theirs.areas)
        assert summaries == [NodeSummary(a.code, a.max, a.points, a.applicable_max, a.status) for a in theirs.areas]
        assert_scores_match_tree(mine)
    return fast


def assert_scores_match_tree(result: UnitResult) -> None:
    """The compact arrays say what the tree says, node by node."""
    scores = result.scores
    assert scores is not None
    nodes = result.nodes()
    assert [STATUS_ORDER[s] for s in scores.status] == [n.status for n in nodes]
    assert [_exact(p) for p in scores.points] == [_exact(n.points) for n in nodes]
    assert [_exact(a) for a in scores.applicable] == [_exact(n.applicable_max) for n in nodes]
