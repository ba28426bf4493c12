"""A checked criteria set as an immutable plan: numbered slots, steps in order, parents as index arrays.

Slots: indicators and derived values are numbered in declaration (derived: evaluation) order; nodes
in one shared order — areas, then bonus blocks, then penalties, each walked parent first — which is
also the order of every compact result array (`scorecard.Scores`). Parents are aggregated in
reverse slot order, so children are always done before their parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parindex.criteria.compiler import CompiledNode, CompiledSet
from parindex.results.scorecard import NodeLayout

MAX_REMEMBERED_SETS = 32


@dataclass(frozen=True, slots=True)
class Plan:
    """The shape of one compiled set, as arrays the fast evaluator and the aggregation share."""

    criteria: CompiledSet
    indicators: tuple[str, ...]
    derived: tuple[str, ...]
    nodes: tuple[CompiledNode, ...]
    parents: tuple[int, ...]  # slot of each node's parent, -1 for a root
    children: tuple[tuple[int, ...], ...]
    leaves: tuple[int, ...]  # slots of the nodes carrying a rule, in order
    relative: tuple[int, ...]  # slots of the leaves whose rule is relative to the group
    areas: tuple[int, ...]
    bonus: tuple[int, ...]
    penalties: tuple[int, ...]
    layout: NodeLayout

    @property
    def maxes(self) -> tuple[Decimal, ...]:
        return self.layout.maxes

    def slot_of(self, code: str) -> int:
        return self.layout.codes.index(code)


def build_plan(criteria: CompiledSet) -> Plan:
    nodes: list[CompiledNode] = []
    parents: list[int] = []
    children: list[list[int]] = []

    def visit(node: CompiledNode, parent: int) -> int:
        slot = len(nodes)
        nodes.append(node)
        parents.append(parent)
        children.append([])
        if parent >= 0:
            children[parent].append(slot)
        for child in node.children:
            visit(child, slot)
        return slot

    roots = [tuple(visit(n, -1) for n in block) for block in (criteria.areas, criteria.bonus, criteria.penalties)]
    layout = NodeLayout(tuple(n.code for n in nodes), tuple(n.max for n in nodes), roots[0])
    return Plan(
        criteria, tuple(criteria.indicators), tuple(d.name for d in criteria.derived), tuple(nodes),
        tuple(parents), tuple(tuple(c) for c in children),
        tuple(i for i, n in enumerate(nodes) if n.rule is not None),
        tuple(i for i, n in enumerate(nodes) if n.rule is not None and n.rule.kind == "relative"),
        roots[0], roots[1], roots[2], layout,
    )


_PLANS: dict[int, Plan] = {}
_BY_PATH: dict[str, CompiledSet] = {}


def plan_of(criteria: CompiledSet) -> Plan:
    """The plan of `criteria`, built once per compiled set (the last few sets are remembered)."""
    plan = _PLANS.get(id(criteria))
    if plan is not None and plan.criteria is criteria:
        return plan
    plan = build_plan(criteria)
    if len(_PLANS) >= MAX_REMEMBERED_SETS:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[id(criteria)] = plan
    remember_set(criteria)
    return plan


def remember_set(criteria: CompiledSet) -> CompiledSet:
    _BY_PATH[criteria.path] = criteria
    return criteria


def known_set(path: str) -> CompiledSet | None:
    """The compiled set last planned from `path` in this process (results read back from a worker
    process find their set this way)."""
    return _BY_PATH.get(path)
