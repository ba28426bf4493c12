"""The fast evaluator: Python code generated from a plan's checked formula trees.

For one unit's values, the generated `score` computes every leaf's status, points and applicable
max, and the values of relative leaves, exactly as `engine.reference` does on its happy path; the
generated `aggregate` then sums parents and blocks (`engine.aggregate`). Whatever goes beyond plain
scoring — a formula or derived value that fails, a level or band not found, a consistency check
that does not hold, a derived value outside its declared range — raises, and the caller scores
that unit with the reference evaluator instead: the fast path never has to reproduce an error
message, a finding or a warning.

Each leaf's scoring is emitted by its rule kind (`RuleKind.emit`, in the kind's module) through
`_LeafEmitter`; a set with a kind that emits nothing is scored by the reference evaluator alone.
Only what the formula checker accepted is emitted: constants come from the checked trees
(exact decimals, frozensets of choice codes), names are numbered slots, operators that need
care (comparisons at 30 significant digits, bounded power, remainder) are the formula language's
own functions, and the namespace holds no builtins besides the ones put there.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.core import numbers
from parindex.core.numbers import EVAL_CONTEXT, ZERO, comparable
from parindex.criteria import formulas
from parindex.criteria.bands import Interval
from parindex.criteria.compiler import CompiledCheck, CompiledDerived, CompiledNode, CompiledRule
from parindex.criteria.formulas import Formula
from parindex.criteria.rules import registry
from parindex.engine.expressions import COMPARED, HOLDS_EXACTLY, PlanUnsupported, Source
from parindex.engine.plan import Plan

SCORED, NOT_APPLICABLE, NO_DATA, ERROR = 0, 1, 2, 3  # status codes, as scorecard.STATUS_ORDER

LeafArrays = tuple[list[int], list[Decimal], list[Decimal], dict[int, Decimal]]
BlockSums = tuple[Decimal, Decimal, Decimal, Decimal]


class LeaveFastPath(Exception):
    """This unit needs the reference evaluator (a check that does not hold, a value out of range)."""


class Absent:
    """An undeclared indicator in generated code (`not_applicable`: its missing policy's verdict),
    or, with `failed`, a derived value that could not be computed; a derived value read from one
    of them is that same object, as in the reference."""

    __slots__ = ("failed", "not_applicable")

    def __init__(self, policy: str, failed: bool = False) -> None:
        self.not_applicable = policy == "not_applicable"
        self.failed = failed


FAILED = Absent("error", failed=True)


@dataclass(frozen=True, slots=True)
class FastEvaluator:
    """`score(values)` → status codes, points, applicable max (leaves filled) and relative values;
    `aggregate(status, points, applicable)` fills the parents and returns the block sums
    (areas' points, areas' applicable max, bonus, penalties); `rating(index)` names the rating.
    `score` is None for a plan holding
    something the generator does not know: the reference then scores every unit."""

    score: Callable[[Mapping[str, Any]], LeafArrays] | None
    aggregate: Callable[[list[int], list[Decimal], list[Decimal]], BlockSums]
    reaggregate: Callable[[list[int], list[Decimal], list[Decimal]], BlockSums]
    rating: Callable[[Decimal], str | None]
    source: str


def number(value: Any) -> Decimal:
    """A rule's numeric result, as the reference requires it (not a yes/no, finite)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise LeaveFastPath
    result = Decimal(value)
    if not result.is_finite():
        raise LeaveFastPath
    return result


def band_test(source: Source, interval: Interval, value: str) -> str:
    """Interval.contains as a test of `value`, a name holding a comparable number."""
    tests = []
    if interval.lower is not None:
        lower = source.constant(comparable(interval.lower))
        tests.append(f"{value} {'>=' if interval.lower_closed else '>'} {lower}")
    if interval.upper is not None:
        upper = source.constant(comparable(interval.upper))
        tests.append(f"{value} {'<=' if interval.upper_closed else '<'} {upper}")
    return " and ".join(tests) or "True"


class _LeafEmitter:
    """`criteria.rules.kind.Emitter` for one leaf of the generated `score`: its points go to
    `P[slot]`, its relative value to `R[slot]`; `r` is this leaf's scratch name."""

    __slots__ = ("maximum", "points", "relative", "slot", "source")

    leave = "raise LEAVE"

    def __init__(self, source: Source, slot: int, maximum: Decimal) -> None:
        self.source = source
        self.maximum = maximum
        self.slot = slot
        self.points = f"P[{slot}]"
        self.relative = f"R[{slot}]"

    def formula(self, formula: Formula) -> str:
        return self.source.formula(formula)

    def number(self, formula: Formula) -> str:
        return self.source.number(formula)

    def constant(self, value: Any) -> str:
        return self.source.constant(value)

    def local(self) -> str:
        return self.source.temporary()

    def comparable(self, expression: str) -> str:
        return f"COMPARABLE({expression})"

    def contains(self, interval: Interval, value: str) -> str:
        return band_test(self.source, interval, value)

    def kept(self, raw: Decimal) -> Decimal:
        return min(max(raw, ZERO), self.maximum)  # aggregate.leaf_points

    def set_points(self, raw: str) -> list[str]:
        """`min(max(raw, ZERO), maximum)` (aggregate.set_leaf_points), as comparisons."""
        maximum = self.constant(self.maximum)
        return [f"r = {raw}", "if ZERO > r: r = ZERO", f"{self.points} = {maximum} if {maximum} < r else r"]

    def set_unscored(self, not_applicable: bool = False) -> list[str]:
        if not_applicable:
            return [f"S[{self.slot}] = {NOT_APPLICABLE}; M[{self.slot}] = ZERO"]
        return [f"S[{self.slot}] = {NO_DATA}"]


class _Generator:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        criteria = plan.criteria
        slots = {name: f"x{i}" for i, name in enumerate(plan.indicators)}
        slots.update({name: f"d{i}" for i, name in enumerate(plan.derived)})
        self.source = Source(slots)
        self.criteria = criteria

    def emit(self, line: str, depth: int = 1) -> None:
        self.source.emit(line, depth)

    def constant(self, value: Any) -> str:
        return self.source.constant(value)

    def scorer(self) -> str:
        plan, source = self.plan, self.source
        self.emit("def score(values):", 0)
        self.emit(f"S = [0] * {len(plan.nodes)}")
        self.emit("P = [ZERO] * len(S)")
        self.emit("M = list(MAXES)")
        self.emit("R = {}")
        for i, name in enumerate(plan.indicators):
            policy = self.criteria.indicators[name].missing
            self.emit(f"x{i} = values.get({self.constant(name)}, {self.constant(Absent(policy))})")
        for derived in self.criteria.derived:
            local = source.slots[derived.name]
            self.emit(f"b = {source.blocker(derived.formula.names)}")
            self.emit("try:")
            self.emit(f"{local} = b if b is not None else {source.formula(derived.formula)}", 2)
            self.emit("except Exception:")
            self.emit(f"{local} = FAILED", 2)
            if derived.min is not None or derived.max is not None:
                self.range_guard(local, derived)
        for slot in plan.leaves:
            node = plan.nodes[slot]
            assert node.rule is not None
            self.leaf(slot, node, node.rule)
        for check in self.criteria.checks:
            self.check(check)
        self.emit("return S, P, M, R")
        return self.text()

    def text(self) -> str:
        return "\n".join(self.source.lines) + "\n"

    def range_guard(self, local: str, derived: CompiledDerived) -> None:
        """A derived value outside its declared range is warned about: the reference tells it."""
        tests = []
        if derived.max is not None:
            tests.append(f"g > {self.constant(comparable(derived.max))}")
        if derived.min is not None:
            tests.append(f"g < {self.constant(comparable(derived.min))}")
        self.emit(f"if type({local}) is DECIMAL:")
        self.emit(f"g = COMPARABLE({local})", 2)
        self.emit(f"if {' or '.join(tests)}: raise LEAVE", 2)

    def leaf(self, slot: int, node: CompiledNode, rule: CompiledRule) -> None:
        """engine.reference `_Unit.leaf`: the condition (when all its inputs are declared), then the
        inputs of the rule (an undeclared one decides by its policy, else the condition's), then
        the rule."""
        source = self.source
        condition = rule.not_applicable_when
        names = [n for f in rule.formulas.values() for n in f.names]
        depth = 1
        if condition is not None:
            self.emit(f"u = {source.blocker(condition.names)}")
            self.emit(f"if u is None and ({source.formula(condition)}):")
            self.emit(f"S[{slot}] = {NOT_APPLICABLE}; M[{slot}] = ZERO", 2)
            self.emit("else:")
            depth = 2
            self.emit("if u is not None and u.failed: raise LEAVE", depth)
            self.emit(f"b = {source.blocker(names)}", depth)
            self.emit("if b is None: b = u", depth)
        else:
            self.emit(f"b = {source.blocker(names)}", depth)
        self.emit("if b is not None:", depth)
        self.emit("if b.failed: raise LEAVE", depth + 1)
        self.emit(f"if b.not_applicable: S[{slot}] = {NOT_APPLICABLE}; M[{slot}] = ZERO", depth + 1)
        self.emit(f"else: S[{slot}] = {NO_DATA}", depth + 1)
        self.emit("else:", depth)
        self.score(slot, node, rule, depth + 1)

    def score(self, slot: int, node: CompiledNode, rule: CompiledRule, depth: int) -> None:
        """The leaf's scoring, emitted by its kind; a kind that emits nothing (no `emit` hook, or
        None from it) sends the whole set to the reference."""
        hook = registry.get(rule.kind).emit
        lines = hook(_LeafEmitter(self.source, slot, node.max), rule, node.max) if hook is not None else None
        if lines is None:
            raise PlanUnsupported(f"loại quy tắc '{rule.kind}' không được sinh mã")
        for line in lines:
            self.emit(line, depth)

    def check(self, check: CompiledCheck) -> None:
        """Checks whose figures are all declared are evaluated; one that fails (or cannot be
        computed) sends the unit to the reference, which reports it."""
        source = self.source
        self.emit(f"b = {source.blocker(check.left.names)}")
        self.emit(f"u = {source.blocker(check.right.names)}")
        self.emit("if b is None and u is None:")
        self.emit(f"cl = {source.number(check.left)}; cr = {source.number(check.right)}", 2)
        shortcut = HOLDS_EXACTLY.get(check.relation)
        depth = 2
        if shortcut is not None:  # rounding keeps order: holding exactly, it holds once rounded
            self.emit(f"if not (cl {shortcut} cr):", 2)
            depth = 3
        self.emit("g = COMPARABLE(COMPARABLE(cl) - COMPARABLE(cr))", depth)
        self.emit(f"if not ({self.holds(check)}): raise LEAVE", depth)
        self.emit("elif (b is not None and b.failed) or (u is not None and u.failed): raise LEAVE")

    def rating(self) -> str:
        """`rating(probe)`: the first rating whose interval holds the probe (Interval.contains)."""
        self.emit("def rating(probe):", 0)
        self.emit("c = COMPARABLE(probe)")
        for item in self.criteria.ratings:
            self.emit(f"if {band_test(self.source, item.interval, 'c')}: return {self.constant(item.name)}")
        self.emit("return None")
        return self.text()

    def holds(self, check: CompiledCheck) -> str:
        """`holds` for this check's relation and tolerance, as a test of the gap `g`."""
        with decimal.localcontext(EVAL_CONTEXT):
            tolerance = comparable(check.tolerance)
            below = -tolerance
        bound, lower = self.constant(tolerance), self.constant(below)
        return {
            "==": f"ABS(g) <= {bound}",
            "<=": f"g <= {bound}",
            ">=": f"g >= {lower}",
            "<": f"g < {bound}" if tolerance else "g < ZERO",
            ">": f"g > {lower}" if tolerance else "g > ZERO",
        }[check.relation]

    def aggregation(self) -> str:
        """`aggregate`: every parent; `reaggregate`: only the parents above relative leaves (all
        that resolving them changes); both then return the block sums."""
        plan = self.plan
        self.emit("def aggregate(S, P, M):", 0)
        parents = [slot for slot in reversed(range(len(plan.nodes))) if plan.children[slot]]
        for slot in parents:
            self.parent(slot)
        self.block_sums()
        above: set[int] = set()
        for slot in plan.leaves:
            rule = plan.nodes[slot].rule
            parent = plan.parents[slot]
            while rule is not None and rule.kind == "relative" and parent >= 0:
                above.add(parent)
                parent = plan.parents[parent]
        self.emit("def reaggregate(S, P, M):", 0)
        for slot in parents:
            if slot in above:
                self.parent(slot)
        self.block_sums()
        return self.text()

    def parent(self, slot: int) -> None:
        """engine.aggregate._total for one parent: its applicable children summed (as `sum(…, ZERO)`
        adds them), capped at its max; worst status. All children scored is the common case:
        then a parent of leaves has its full applicable max, computed here once."""
        plan = self.plan
        children = plan.children[slot]
        limit = self.constant(plan.maxes[slot])
        self.emit("if " + " and ".join(f"S[{c}] == {SCORED}" for c in children) + ":")
        self.emit("r = ZERO" + "".join(f" + P[{c}]" for c in children), 2)
        self.emit(f"P[{slot}] = {limit} if {limit} < r else r; S[{slot}] = {SCORED}", 2)
        if all(plan.nodes[c].rule is not None for c in children):
            full = ZERO
            for child in children:
                full = full + plan.maxes[child]
            self.emit(f"M[{slot}] = {self.constant(min(full, plan.maxes[slot]))}", 2)
        else:
            self.emit("a = ZERO" + "".join(f" + M[{c}]" for c in children), 2)
            self.emit(f"M[{slot}] = {limit} if {limit} < a else a", 2)
        self.emit("else:")
        self.emit("n = False; r = ZERO; a = ZERO; s = 0", 2)
        for child in children:
            self.emit(f"if S[{child}] != {NOT_APPLICABLE}:", 2)
            self.emit(f"n = True; r = r + P[{child}]; a = a + M[{child}]", 3)
            self.emit(f"if S[{child}] > s: s = S[{child}]", 3)
        self.emit(f"if n: P[{slot}] = {limit} if {limit} < r else r; M[{slot}] = {limit} if {limit} < a else a; "
                  f"S[{slot}] = s", 2)
        self.emit(f"else: S[{slot}] = {NOT_APPLICABLE}; P[{slot}] = ZERO; M[{slot}] = ZERO", 2)

    def block_sums(self) -> None:
        plan = self.plan

        def total(array: str, slots: tuple[int, ...]) -> str:
            return "ZERO" + "".join(f" + {array}[{s}]" for s in slots)

        self.emit(f"return ({total('P', plan.areas)}), ({total('M', plan.areas)}), "
                  f"({total('P', plan.bonus)}), ({total('P', plan.penalties)})")


def _namespace() -> dict[str, Any]:
    operators = formulas._OPERATORS
    return {
        "__builtins__": {},
        "ZERO": ZERO, "ABSENT": Absent, "FAILED": FAILED, "DECIMAL": Decimal, "LEAVE": LeaveFastPath, "NUM": number,
        "Exception": Exception, "type": type, "ABS": abs, "list": list, "len": len,
        "COMPARABLE": numbers._COMPARE_CONTEXT.plus,  # what numbers.comparable calls, without its frame
        "POW": operators[ast.Pow], "MOD": operators[ast.Mod],
        **{name: operators[op] for op, name in COMPARED.items()},
        **{f"FN_{name}": spec[0] for name, spec in formulas.FUNCTIONS.items()},
    }


def generate(plan: Plan) -> FastEvaluator:
    """Generate and compile the evaluator of `plan`. The aggregation only follows the plan's
    shape and is always generated; the scorer is left out (None) when the plan holds a node,
    operator or rule kind the generator does not know."""
    generator = _Generator(plan)
    try:
        generator.scorer()
    except PlanUnsupported:
        generator = _Generator(plan)
    generator.aggregation()
    text = generator.rating()
    namespace = _namespace()
    namespace["MAXES"] = plan.maxes
    namespace.update(generator.source.constants)
    exec(compile(text, f"<parindex plan {plan.criteria.path}>", "exec"), namespace)  # generated from checked trees only
    return FastEvaluator(namespace.get("score"), namespace["aggregate"], namespace["reaggregate"],
                         namespace["rating"], text)


_EVALUATORS: dict[int, tuple[Plan, FastEvaluator]] = {}


def fast_evaluator(plan: Plan) -> FastEvaluator:
    """The evaluator of `plan`, generated once per plan (the last few are remembered)."""
    known = _EVALUATORS.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    evaluator = generate(plan)
    if len(_EVALUATORS) >= 32:
        _EVALUATORS.pop(next(iter(_EVALUATORS)))
    _EVALUATORS[id(plan)] = (plan, evaluator)
    return evaluator
