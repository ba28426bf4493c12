"""A plain Python scorer generated from a checked criteria set: the yardstick of the benchmark.

It is what a programmer would write by hand for one set — straight-line Decimal arithmetic, one
`if` per band, no explanation data, no per-node objects — and so it is the speed parindex's own
evaluator is measured against (benchmarks/pipeline.py prints the ratio). It reads the formula
trees that `parindex check` accepted; it is not part of the package and is never used to score.

Scope: what the yardstick needs to be comparable, not the whole engine: leaves, not_applicable_when,
missing indicators (policy `not_applicable` or `no_data`), formula errors (0 points), parents
capped at their max, bonus, penalties, total, index, and relative rules resolved over the group.
Consistency checks and explanations are left out.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from parindex.core.numbers import EVAL_CONTEXT
from parindex.criteria.compiler import CompiledNode, CompiledRule, CompiledSet
from parindex.criteria.formulas import parse_date

LeafPoints = list[Decimal | None]  # None: không phát sinh
Scorer = Callable[[dict[str, Any]], tuple[LeafPoints, dict[str, Decimal]]]
Totals = Callable[[LeafPoints], tuple[Decimal, Decimal]]

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%", ast.Pow: "**"}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
            ast.In: "in", ast.NotIn: "not in"}


class _Missing(Exception):
    """An indicator the unit did not declare; carries the set's policy for it."""

    def __init__(self, policy: str) -> None:
        self.policy = policy


class _Source:
    def __init__(self, criteria: CompiledSet) -> None:
        self.criteria = criteria
        self.constants: dict[str, Any] = {}
        self.lines: list[str] = []

    def constant(self, value: Any) -> str:
        name = f"K{len(self.constants)}"
        self.constants[name] = value
        return name

    def expr(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str | bool) or node.value is None:
                return repr(node.value)
            return self.constant(Decimal(node.value) if isinstance(node.value, int) else node.value)
        if isinstance(node, ast.Name):
            if node.id in ("True", "False"):
                return node.id
            return f"v_{node.id}"
        if isinstance(node, ast.BinOp):
            return f"({self.expr(node.left)} {_BINARY[type(node.op)]} {self.expr(node.right)})"
        if isinstance(node, ast.UnaryOp):
            op = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not "}[type(node.op)]
            return f"({op}{self.expr(node.operand)})"
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + joiner.join(self.expr(v) for v in node.values) + ")"
        if isinstance(node, ast.Compare):
            parts = [self.expr(node.left)]
            for op, right in zip(node.ops, node.comparators, strict=True):
                parts += [_COMPARE[type(op)], self.expr(right)]
            return "(" + " ".join(parts) + ")"
        if isinstance(node, ast.IfExp):
            return f"({self.expr(node.body)} if {self.expr(node.test)} else {self.expr(node.orelse)})"
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            return self.constant(frozenset(items))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [self.expr(a) for a in node.args]
            if node.func.id == "ngay":
                first = node.args[0]
                assert isinstance(first, ast.Constant)
                return self.constant(parse_date(str(first.value)))
            return f"{node.func.id}({', '.join(args)})"
        raise ValueError(f"plain scorer: unsupported formula node {type(node).__name__}")

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("    " * depth + line)

    def names_of(self, tree: ast.AST) -> list[str]:
        return list(dict.fromkeys(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                                  and n.id not in ("True", "False") and n.id not in _FUNCTIONS))

    def leaf(self, node: CompiledNode, rule: CompiledRule, index: int) -> None:
        out = f"p[{index}]"
        self.emit("try:")
        if rule.not_applicable_when is not None:
            self.emit(f"if {self.expr(rule.not_applicable_when.tree.body)}:", 2)
            self.emit(f"{out} = None", 3)
            self.emit("else:", 2)
            depth = 3
        else:
            depth = 2
        maximum = self.constant(node.max)
        main = self.expr(rule.main.tree.body)
        kind = rule.kind
        if kind == "yes_no":
            self.emit(f"{out} = {maximum} if {main} else ZERO", depth)
        elif kind == "levels":
            self.emit(f"{out} = {self.constant(dict(rule.levels))}[{main}]", depth)
        elif kind == "bands":
            self.emit(f"x = {main}", depth)
            for number, band in enumerate(rule.bands):
                test = []
                interval = band.interval
                if interval.lower is not None:
                    test.append(f"x {'>=' if interval.lower_closed else '>'} {self.constant(interval.lower)}")
                if interval.upper is not None:
                    test.append(f"x {'<=' if interval.upper_closed else '<'} {self.constant(interval.upper)}")
                keyword = "if" if number == 0 else "elif"
                self.emit(f"{keyword} {' and '.join(test) or 'True'}:", depth)
                self.emit(f"{out} = {self.constant(band.points)}", depth + 1)
            self.emit("else:", depth)
            self.emit(f"{out} = ZERO", depth + 1)
        elif kind == "proportional":
            self.emit(f"{out} = clamp({main} * {maximum}, {maximum})", depth)
        elif kind == "per_item":
            self.emit(f"{out} = clamp({main} * {self.constant(rule.points_each)}, {maximum})", depth)
        elif kind == "deduction":
            self.emit(f"{out} = clamp({maximum} - {main} * {self.constant(rule.points_each)}, {maximum})",
                      depth)
        elif kind == "formula":
            self.emit(f"{out} = clamp({main}, {maximum})", depth)
        elif kind == "relative":
            self.emit(f"rel[{node.code!r}] = {main}", depth)
            self.emit(f"{out} = ZERO", depth)
        else:
            raise ValueError(f"plain scorer: unknown rule kind {kind}")
        self.emit("except Missing as missing:")
        self.emit(f"{out} = None if missing.policy == 'not_applicable' else ZERO", 2)
        self.emit("except ArithmeticError:")
        self.emit(f"{out} = ZERO", 2)


_FUNCTIONS = ("min", "max", "abs", "ngay")


def _walk(nodes: Iterable[CompiledNode]) -> list[CompiledNode]:
    return [n for root in nodes for n in root.walk()]


def build(criteria: CompiledSet) -> tuple[Scorer, Totals]:
    """A function scoring one unit's values: the points of every leaf (relative leaves 0 until
    `score_group` resolves them) and the values of its relative leaves by code."""
    source = _Source(criteria)
    leaves = [n for n in _walk((*criteria.areas, *criteria.bonus, *criteria.penalties)) if n.rule is not None]
    source.emit("def score(values):", 0)
    source.emit("p = [None] * LEAVES")
    source.emit("rel = {}")
    for name, spec in criteria.indicators.items():
        source.emit(f"v_{name} = values.get({name!r}, MISSING_{spec.missing})")
    for derived in criteria.derived:
        source.emit("try:")
        source.emit(f"v_{derived.name} = {source.expr(derived.formula.tree.body)}", 2)
        source.emit("except Missing as missing:")
        source.emit(f"v_{derived.name} = ABSENT[missing.policy]", 2)
        source.emit("except ArithmeticError:")
        source.emit(f"v_{derived.name} = FAILED", 2)
    for index, leaf in enumerate(leaves):
        assert leaf.rule is not None
        source.leaf(leaf, leaf.rule, index)
    source.emit("return p, rel")
    _emit_totals(source, criteria, {n.code: i for i, n in enumerate(leaves)})
    namespace: dict[str, Any] = {
        "ZERO": Decimal(0), "LEAVES": len(leaves), "Missing": _Missing, "clamp": _clamp,
        "MISSING_not_applicable": _Absent("not_applicable"), "MISSING_no_data": _Absent("no_data"),
        "MISSING_error": _Absent("no_data"), "FAILED": _Failed(), **source.constants,
        "ABSENT": {"not_applicable": _Absent("not_applicable"), "no_data": _Absent("no_data")},
    }
    exec(compile("\n".join(source.lines), f"<plain scorer for {criteria.path}>", "exec"), namespace)
    return namespace["score"], namespace["totals"]


def _clamp(value: Decimal, maximum: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), maximum)


class _Absent:
    """Stands for a missing indicator: any use in arithmetic or a comparison raises `_Missing`."""

    def __init__(self, policy: str) -> None:
        self.policy = policy

    def _raise(self, *_: Any) -> Any:
        raise _Missing(self.policy)

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _raise
    __truediv__ = __rtruediv__ = __mod__ = __rmod__ = __pow__ = __neg__ = __pos__ = _raise
    __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __hash__ = _raise  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        raise _Missing(self.policy)


class _Failed(_Absent):
    """A derived value whose formula failed: any use is an arithmetic error (0 points)."""

    def __init__(self) -> None:
        super().__init__("error")

    def _raise(self, *_: Any) -> Any:
        raise ArithmeticError

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _raise
    __truediv__ = __rtruediv__ = __mod__ = __rmod__ = __pow__ = __neg__ = __pos__ = _raise
    __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __hash__ = _raise  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        raise ArithmeticError


def _emit_totals(source: _Source, criteria: CompiledSet, position: dict[str, int]) -> None:
    """`totals(p)`: parents summed from their applicable children and capped at their max, then
    the total (areas + bonus − penalties, never below 0) and the applicable max — straight-line code."""
    source.emit("def totals(p):", 0)
    counter = [0]

    def node(n: CompiledNode) -> tuple[str, str]:
        if n.rule is not None:
            points = f"p[{position[n.code]}]"
            return points, f"(None if {points} is None else {source.constant(n.max)})"
        parts = [node(child) for child in n.children]
        counter[0] += 1
        pts, mx = f"s{counter[0]}", f"m{counter[0]}"
        source.emit(f"{pts} = {mx} = None")
        for child_points, child_max in parts:
            source.emit(f"if {child_points} is not None:")
            source.emit(f"{pts} = {child_points} if {pts} is None else {pts} + {child_points}", 2)
            source.emit(f"{mx} = {child_max} if {mx} is None else {mx} + {child_max}", 2)
        limit = source.constant(n.max)
        source.emit(f"if {pts} is not None:")
        source.emit(f"{pts} = min({pts}, {limit}); {mx} = min({mx}, {limit})", 2)
        return pts, mx

    def block(roots: list[CompiledNode], with_max: bool) -> tuple[str, str]:
        parts = [node(n) for n in roots]
        points = " + ".join(f"({p} or ZERO)" for p, _ in parts) or "ZERO"
        maxima = " + ".join(f"({m} or ZERO)" for _, m in parts) if with_max and parts else "ZERO"
        return points, maxima

    base, applicable = block(criteria.areas, True)
    bonus, _ = block(criteria.bonus, False)
    penalty, _ = block(criteria.penalties, False)
    source.emit(f"return max({base} + {bonus} - {penalty}, ZERO), {applicable}")


def score_group(criteria: CompiledSet, scorer: Scorer, totals: Totals,
                units: list[dict[str, Any]]) -> list[tuple[Decimal, Decimal | None]]:
    """(total, index) of each unit; relative leaves resolved against the group's best value."""
    leaves = [n for n in _walk((*criteria.areas, *criteria.bonus, *criteria.penalties)) if n.rule is not None]
    position = {n.code: i for i, n in enumerate(leaves)}
    with decimal.localcontext(EVAL_CONTEXT):
        scored = [scorer(values) for values in units]
        best: dict[str, Decimal] = {}
        for _, relative in scored:
            for code, value in relative.items():
                best[code] = max(best.get(code, Decimal(0)), value)
        results = []
        for points, relative in scored:
            for code, value in relative.items():
                leaf = leaves[position[code]]
                points[position[code]] = _clamp(value / best[code] * leaf.max, leaf.max) if best[code] > 0 \
                    else Decimal(0)
            total, applicable = totals(points)
            results.append((total, total / applicable if applicable else None))
    return results
