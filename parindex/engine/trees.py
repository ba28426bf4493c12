"""Result trees built on demand: the reference evaluator run again for one unit, with the best
values of its group injected into its relative leaves, so the tree matches the compact results.

A `ReferenceTree` pickles without code: the compiled set travels as its path (found again in the
receiving process, or loaded from that path), the unit as its values without file positions.
"""

from __future__ import annotations

import decimal
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
        unit = self.unit
        state: dict[str, Any] = {"path": self.path, "fast": self.fast, "bests": self.bests,
                                 "unit": (unit.path, unit.unit_id, unit.name, unit.kind, unit.period)}
        added = (unit.entered, unit.overrides, unit.survey, unit.evidence, unit.corrections)
        if any(added):  # what a campaign adds to the figures (points entered, survey, evidence)
            state["added"] = added
        text = _encode_values(unit.values)
        if text is None:
            state["values"] = unit.values
        else:
            state["names"], state["text"] = _interned_names(tuple(unit.values)), text
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """The set is found when a tree is first built (or given back by `resolve_groups`); the
        values are read back then too."""
        self.criteria = None
        self.path = state["path"]
        self.fast = state["fast"]
        self.bests = state["bests"]
        self._sent = state

    def __getattr__(self, name: str) -> Any:
        """`unit`, read back on first use from what was sent."""
        if name != "unit" or "_sent" not in self.__dict__:
            raise AttributeError(name)
        sent = self.__dict__.pop("_sent")
        values = sent["values"] if "values" in sent else _decode_values(sent["names"], sent["text"])
        path, unit_id, unit_name, kind, period = sent["unit"]
        self.unit = UnitData(path, unit_id, unit_name, kind, period, values, Document(path, None))
        if "added" in sent:
            (self.unit.entered, self.unit.overrides, self.unit.survey, self.unit.evidence,
             self.unit.corrections) = sent["added"]
        return self.unit


# A unit's values travel as one text: names once per batch, each value a tag and its spelling.
_SEPARATOR = "\x1f"
_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _interned_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """One tuple object per list of names, so that a batch sends it once."""
    if len(_NAMES) > 1_000:
        _NAMES.clear()
    return _NAMES.setdefault(names, names)


def _encode_values(values: dict[str, Any]) -> str | None:
    """Numbers, yes/no, choices and missing values as one text (None: a value of another type)."""
    parts: list[str] = []
    for value in values.values():
        if value is None:
            parts.append("N")
        elif value is True or value is False:
            parts.append("T" if value else "F")
        elif type(value) is Decimal:
            parts.append("d" + str(value))
        elif type(value) is str and _SEPARATOR not in value:
            parts.append("s" + value)
        else:
            return None
    return _SEPARATOR.join(parts)


_CONSTANTS: dict[str, Any] = {"N": None, "T": True, "F": False}


def _decode_values(names: tuple[str, ...], text: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, part in zip(names, text.split(_SEPARATOR) if names else (), strict=True):
        tag = part[:1]
        values[name] = Decimal(part[1:]) if tag == "d" else part[1:] if tag == "s" else _CONSTANTS[part]
    return values


def resolve_tree(criteria: CompiledSet, result: UnitResult, bests: dict[str, Decimal]) -> None:
    """Relative leaves read get value ÷ best × max (0 when the best is 0 or less), then the tree
    is aggregated again."""
    with decimal.localcontext(EVAL_CONTEXT):
        for node in result.nodes():
            if (node.rule_kind == "relative" and node.status is Status.SCORED and node.code in bests
                    and node.rule_result is None):  # not when an appraiser set the points
                best = bests[node.code]
                node.relative_best = best
                value = node.relative_value if node.relative_value is not None else ZERO
                set_leaf_points(node, value / best * node.max if best > 0 else ZERO)
    finalize(criteria, result)
