"""Result trees built on demand: the reference evaluator run again for one unit, with the best
values of its group injected into its relative leaves, so the tree matches the compact results.

A `ReferenceTree` pickles without code: the compiled set travels as its path (found again in the
receiving process, or loaded from that path), the unit as its values without file positions.
"""

from __future__ import annotations

import decimal
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.document import Document
from parindex.core.numbers import EVAL_CONTEXT, ZERO
from parindex.criteria.compiler import CompiledSet
from parindex.engine.aggregate import finalize, set_leaf_points
from parindex.engine.plan import known_set, remember_set
from parindex.engine.reference import evaluate_unit
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData
from parindex.results.scorecard import NodeResult, Status, UnitResult


class ReferenceTree:
    """How to build one unit's trees again: its set, its values and its group's best values."""

    def __init__(self, criteria: CompiledSet, unit: UnitData, fast: bool) -> None:
        self.criteria: CompiledSet | None = criteria
        self.path = criteria.path
        self.unit = unit
        self.fast = fast  # scored on the fast path (False: the reference scored it)
        self.bests: dict[str, Decimal] | None = None

    def build(self) -> tuple[list[NodeResult], list[NodeResult], list[NodeResult]]:
        criteria = self.criteria
        if criteria is None:
            criteria = self.criteria = known_set(self.path) or remember_set(load_criteria(Path(self.path)))
        result = evaluate_unit(criteria, self.unit)
        if self.bests:
            resolve_tree(criteria, result, self.bests)
        return result.areas, result.bonus, result.penalties

    def __getstate__(self) -> dict[str, Any]:
        unit = replace(self.unit, doc=Document(self.unit.path, None), warnings=[])
        return {"path": self.path, "unit": unit, "fast": self.fast, "bests": self.bests}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """The set is found when a tree is first built (or given back by `resolve_groups`)."""
        self.criteria = None
        self.path = state["path"]
        self.unit = state["unit"]
        self.fast = state["fast"]
        self.bests = state["bests"]


def resolve_tree(criteria: CompiledSet, result: UnitResult, bests: dict[str, Decimal]) -> None:
    """Relative leaves read get value ÷ best × max (0 when the best is 0 or less), then the tree
    is aggregated again."""
    with decimal.localcontext(EVAL_CONTEXT):
        for node in result.nodes():
            if node.rule_kind == "relative" and node.status is Status.SCORED and node.code in bests:
                best = bests[node.code]
                node.relative_best = best
                value = node.relative_value if node.relative_value is not None else ZERO
                set_leaf_points(node, value / best * node.max if best > 0 else ZERO)
    finalize(criteria, result)
