"""relative (i): points in proportion to the best value of the unit's group (same kind of unit).

The leaf keeps its value here; the group stage (engine) gives the points once every unit of the
group is scored."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.numbers import format_value
from parindex.criteria import schema
from parindex.criteria.formulas import T_NUMBER
from parindex.criteria.rules.kind import (
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    as_number,
    raw_points,
)


class RelativeRule(schema.RuleBase):
    kind: Literal["relative"]
    value: schema.Formula


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    value = as_number(rule.formulas["value"].evaluate(ctx.env))
    ctx.set_value(value)
    ctx.set_relative(value)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    best = ctx.leaf.relative_best
    percent = rule is not None and rule.value_is_percent
    best_text = format_value(best, ctx.decimals, percent) if best is not None else "?"
    return (f"{ctx.read}; giá trị cao nhất trong nhóm là {best_text}, "
            f"được {raw_points(ctx)} điểm theo tỷ lệ so với đơn vị cao nhất")


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    return [f"{out.relative} = {out.number(rule.main)}"]


KIND = RuleKind("relative", RelativeRule, {"value": T_NUMBER}, score, explain, emit=emit)
