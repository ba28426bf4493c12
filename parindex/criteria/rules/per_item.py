"""per_item (e): points for each item counted, up to the maximum."""

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
    raw_points,
)


class PerItemRule(schema.RuleBase):
    kind: Literal["per_item"]
    count: schema.Formula
    points_each: schema.Number


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    count = as_number(rule.formulas["count"].evaluate(ctx.env))
    ctx.set_value(count)
    ctx.set_points(count * rule.points_each)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    each = format_points(rule.points_each, ctx.decimals) if rule is not None else "?"
    return (f"{ctx.read}; {format_number(ctx.leaf.value)} × {each} = "
            f"{raw_points(ctx)} điểm{clamp_words(ctx)}")


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    return out.set_points(f"{out.number(rule.main)} * {out.constant(rule.points_each)}")


KIND = RuleKind("per_item", PerItemRule, {"count": T_NUMBER}, score, explain,
                compile=check_points_each, emit=emit)
