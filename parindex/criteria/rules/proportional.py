"""proportional (d): a fraction (0–1) of the maximum."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.numbers import format_percent, format_points
from parindex.criteria import schema
from parindex.criteria.formulas import T_NUMBER
from parindex.criteria.rules.kind import (
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    as_number,
    clamp_words,
    raw_points,
)


class ProportionalRule(schema.RuleBase):
    kind: Literal["proportional"]
    value: schema.Formula


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    value = as_number(rule.formulas["value"].evaluate(ctx.env))
    ctx.set_value(value)
    ctx.set_points(value * maximum)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    value = ctx.leaf.value
    fraction = format_percent(value, ctx.decimals) if isinstance(value, Decimal) else str(value)
    return (f"{ctx.read}; {fraction} × {format_points(ctx.leaf.max, ctx.decimals)} = "
            f"{raw_points(ctx)} điểm{clamp_words(ctx)}")


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    return out.set_points(f"{out.number(rule.main)} * {out.constant(maximum)}")


KIND = RuleKind("proportional", ProportionalRule, {"value": T_NUMBER}, score, explain, emit=emit)
