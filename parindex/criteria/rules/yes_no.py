"""yes_no (a): full points when a condition holds, else 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.numbers import ZERO
from parindex.criteria import schema
from parindex.criteria.formulas import T_BOOL
from parindex.criteria.rules.kind import CompiledRule, Emitter, ExplainContext, RuleKind, ScoreContext


class YesNoRule(schema.RuleBase):
    kind: Literal["yes_no"]
    when: schema.Formula


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    held = bool(rule.formulas["when"].evaluate(ctx.env))
    ctx.set_value(held)
    ctx.set_matched("đạt" if held else "không đạt")
    ctx.set_points(maximum if held else ZERO)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    if ctx.leaf.value:
        return f"đạt ({ctx.read})"
    condition = rule.main.text if rule is not None else ""
    return f"không đạt điều kiện '{condition}' ({ctx.read})"


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    full, none = out.constant(out.kept(maximum)), out.constant(out.kept(ZERO))
    return [f"{out.points} = {full} if {out.formula(rule.main)} else {none}"]


KIND = RuleKind("yes_no", YesNoRule, {"when": T_BOOL}, score, explain, emit=emit)
