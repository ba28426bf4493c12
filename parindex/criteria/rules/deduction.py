"""deduction (f): the maximum less points for each item counted, down to 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.numbers import format_number, format_points
from parindex.criteria import schema
from parindex.criteria.formulas import T_NUMBER
from parindex.criteria.rules.kind import (
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    as_number,
    check_points_each,
    clamp_words,
    product,
)


class DeductionRule(schema.RuleBase):
    kind: Literal["deduction"]
    count: schema.Formula
    points_each: schema.Number


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    count = as_number(rule.formulas["count"].evaluate(ctx.env))
    ctx.set_value(count)
    ctx.set_points(maximum - count * rule.points_each)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    d = ctx.decimals
    each = format_points(rule.points_each, d) if rule is not None else "?"
    lost = format_points(product(ctx.leaf.value, rule.points_each), d) if rule is not None else "?"
    return f"{ctx.read}; trừ {format_number(ctx.leaf.value)} × {each} = {lost} điểm{clamp_words(ctx)}"


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    count, each = out.number(rule.main), out.constant(rule.points_each)
    return out.set_points(f"{out.constant(maximum)} - {count} * {each}")


KIND = RuleKind("deduction", DeductionRule, {"count": T_NUMBER}, score, explain,
                compile=check_points_each, emit=emit)
