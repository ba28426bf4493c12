"""Formula trees as Python source for the fast evaluator: only the node types, operators and
functions the formula checker accepts; anything else raises `PlanUnsupported`.

Names become numbered slots (local variables), constants go to the generated module's namespace
(exact decimals, text, frozensets of choice codes) and are never written as literals, and every
operator that needs care is a call to the formula language's own function: comparisons at 30
significant digits (numbers.comparable), bounded power, remainder. A number compared with a
written constant is rounded at run time, the constant once here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from parindex.core.numbers import comparable
from parindex.criteria import formulas
from parindex.criteria.formulas import Formula


class PlanUnsupported(Exception):
    """The plan holds something the generator does not emit (the reference scores every unit)."""


_ARITHMETIC = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CALLED = {ast.Pow: "POW", ast.Mod: "MOD"}
COMPARED = {ast.Eq: "EQ", ast.NotEq: "NE", ast.Lt: "LT", ast.LtE: "LE", ast.Gt: "GT", ast.GtE: "GE"}
_SYMBOLS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_MEMBERSHIP = {ast.In: "in", ast.NotIn: "not in"}
# Relations that hold whenever they hold between the exact values (any tolerance is ≥ 0).
HOLDS_EXACTLY = {"==": "==", "<=": "<=", ">=": ">="}


def _decimal_constant(node: ast.AST) -> Decimal | None:
    """A number written in the formula (checked: the other side of a comparison with it is a
    number too, so a decimal at run time)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, Decimal):
        return node.value
    return None
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not "}


class Source:
    """Source text and constants of the generated module."""

    def __init__(self, slots: Mapping[str, str]) -> None:
        self.slots = slots
        self.constants: dict[str, Any] = {}
        self.lines: list[str] = []
        self.temporaries = 0

    def constant(self, value: Any) -> str:
        name = f"K{len(self.constants)}"
        self.constants[name] = value
        return name

    def emit(self, line: str, depth: int) -> None:
        self.lines.append("    " * depth + line)

    def temporary(self) -> str:
        self.temporaries += 1
        return f"t{self.temporaries}"

    # -- expressions: only the node types the formula checker accepts --------------------------
    def expr(self, node: ast.AST) -> str:
        if isinstance(node, ast.Constant):
            return self.literal(node.value)
        if isinstance(node, ast.Name):
            if node.id not in self.slots:
                raise PlanUnsupported(f"tên '{node.id}' không có chỗ trong kế hoạch")
            return self.slots[node.id]
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return f"({_UNARY[type(node.op)]}{self.expr(node.operand)})"
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + joiner.join(self.expr(v) for v in node.values) + ")"
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.IfExp):
            return f"({self.expr(node.body)} if {self.expr(node.test)} else {self.expr(node.orelse)})"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in formulas.FUNCTIONS \
                and not node.keywords:
            return f"FN_{node.func.id}({', '.join(self.expr(a) for a in node.args)})"
        raise PlanUnsupported(f"cú pháp '{type(node).__name__}' không được sinh mã")

    def literal(self, value: Any) -> str:
        if isinstance(value, bool):
            return "True" if value else "False"
        if isinstance(value, (Decimal, str, frozenset)):
            return self.constant(value)
        raise PlanUnsupported(f"hằng số kiểu {type(value).__name__} không được sinh mã")

    def binary(self, node: ast.BinOp) -> str:
        """A chain `a + b - c …` from its leftmost operand, as formulas._eval_chain evaluates it."""
        chain = [node]
        while isinstance(chain[-1].left, ast.BinOp):
            chain.append(chain[-1].left)
        text = self.expr(chain[-1].left)
        for item in reversed(chain):
            right = self.expr(item.right)
            op = type(item.op)
            if op in _ARITHMETIC:
                text = f"({text} {_ARITHMETIC[op]} {right})"
            elif op in _CALLED:
                text = f"{_CALLED[op]}({text}, {right})"
            else:
                raise PlanUnsupported(f"toán tử '{op.__name__}' không được sinh mã")
        return text

    def compare(self, node: ast.Compare) -> str:
        """`a < b < c` as simpleeval evaluates it: left to right, stopping at the first false."""
        parts = []
        left = self.expr(node.left)
        last = len(node.ops) - 1
        for position, (op, comparator) in enumerate(zip(node.ops, node.comparators, strict=True)):
            right = self.expr(comparator)
            if position < last:
                name = self.temporary()
                right, following = f"({name} := {right})", name
            else:
                following = right
            kind = type(op)
            constant = _decimal_constant(comparator)
            if kind in COMPARED and constant is not None and position == last:
                # a number compared with a constant: only the number needs rounding at run time
                bound = self.constant(comparable(constant))
                parts.append(f"(COMPARABLE({left}) {_SYMBOLS[kind]} {bound})")
            elif kind in COMPARED:
                parts.append(f"{COMPARED[kind]}({left}, {right})")
            elif kind in _MEMBERSHIP:
                parts.append(f"({left} {_MEMBERSHIP[kind]} {right})")
            else:
                raise PlanUnsupported(f"phép so sánh '{kind.__name__}' không được sinh mã")
            left = following
        return parts[0] if len(parts) == 1 else "(" + " and ".join(parts) + ")"

    def formula(self, formula: Formula) -> str:
        return self.expr(formula.tree.body)

    def number(self, formula: Formula) -> str:
        """The formula's value as `number` requires it, without a call for a finite decimal."""
        name = self.temporary()
        return f"({name} if type({name} := {self.formula(formula)}) is DECIMAL and {name}.is_finite() else NUM({name}))"

    def blocker(self, names: Iterable[str]) -> str:
        """The first undeclared value among `names` (in the order the reference looks), or None."""
        seen = list(dict.fromkeys(names))
        text = "None"
        for name in reversed(seen):
            slot = self.slots[name]
            text = f"{slot} if type({slot}) is ABSENT else {text}"
        return text
