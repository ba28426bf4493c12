"""formula (g): points computed by a formula."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

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


class FormulaRule(schema.RuleBase):
    kind: Literal["formula"]
    formula: schema.Formula


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    value = as_number(rule.formulas["formula"].evaluate(ctx.env))
    ctx.set_value(value)
    ctx.set_points(value)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    formula = rule.main.substitute(ctx.shown()) if rule is not None else ""
    return f"{ctx.read}; công thức {formula} = {raw_points(ctx)} điểm{clamp_words(ctx)}"


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    return out.set_points(out.number(rule.main))


KIND = RuleKind("formula", FormulaRule, {"formula": T_NUMBER}, score, explain, emit=emit)
