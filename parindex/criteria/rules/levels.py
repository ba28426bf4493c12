"""levels (b): points (or shares of the maximum) for each choice of a `choice` indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.errors import FormulaError
from parindex.core.numbers import ONE, ZERO, format_number
from parindex.core.text import did_you_mean
from parindex.criteria import schema
from parindex.criteria.rules.kind import (
    CompileContext,
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    best_below_max,
)


class LevelsRule(schema.RuleBase):
    kind: Literal["levels"]
    value: schema.Formula
    points: dict[str, schema.Number] | None = None
    shares: dict[str, schema.Number] | None = None

    @schema.model_validator(mode="after")
    def _one_mapping(self) -> LevelsRule:
        if (self.points is None) == (self.shares is None):
            raise ValueError("quy tắc 'levels' cần đúng một trong hai: 'points' hoặc 'shares'")
        return self


def compile_levels(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    spec: LevelsRule = rule.spec
    kind = rule.main.result_type
    if kind.choices is None:
        ctx.error((*loc, "value"), f"quy tắc 'levels' cần một chỉ số loại 'choice', "
                                   f"nhưng '{spec.value}' có kiểu {kind.name}", Code.SET_LEVELS_NOT_CHOICE)
        return
    mapping = spec.points if spec.points is not None else spec.shares
    key_name = "points" if spec.points is not None else "shares"
    assert mapping is not None
    for choice, amount in mapping.items():
        where = (*loc, key_name, choice)
        if choice not in kind.choices:
            ctx.error(where, f"lựa chọn '{choice}' không có trong 'choices' của '{spec.value}'"
                             + did_you_mean(choice, sorted(kind.choices)), Code.SET_UNKNOWN_CHOICE)
            continue
        points = amount if spec.points is not None else amount * node.max
        if spec.shares is not None and not ZERO <= amount <= ONE:
            ctx.error(where, f"tỷ lệ điểm phải từ 0% đến 100%, nhận {format_number(amount * 100)}%",
                      Code.SET_SHARE_OUT_OF_RANGE)
        elif not ZERO <= points <= node.max:
            ctx.error(where, f"điểm {format_number(points)} vượt quá điểm tối đa "
                             f"{format_number(node.max)} của mục {node.code}", Code.SET_POINTS_ABOVE_MAX)
        rule.levels[choice] = points
    for choice in sorted(kind.choices - set(mapping)):
        ctx.error((*loc, key_name), f"lựa chọn '{choice}' chưa được gán điểm trong '{key_name}'",
                  Code.SET_CHOICE_WITHOUT_POINTS)
    if rule.main.is_bare_name:
        indicator = ctx.spec.indicators.get(rule.main.names[0])
        if indicator is not None and indicator.choices:
            rule.level_labels = dict(indicator.choices)
    best_below_max(ctx, (*loc, key_name), node, rule.levels.values(), "mức")


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    choice = rule.formulas["value"].evaluate(ctx.env)
    ctx.set_value(choice)
    ctx.set_matched(rule.level_labels.get(choice, str(choice)))
    if choice not in rule.levels:
        raise FormulaError(f"lựa chọn '{choice}' không có điểm")
    ctx.set_points(rule.levels[choice])


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    return ctx.read


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    """A choice without points is not in the mapping: the lookup fails and the reference tells it."""
    points = out.constant({choice: out.kept(amount) for choice, amount in rule.levels.items()})
    return [f"{out.points} = {points}[{out.formula(rule.main)}]"]


# The value is a choice, checked by `compile_levels` (no expected type for the formula).
KIND = RuleKind("levels", LevelsRule, {"value": None}, score, explain, compile=compile_levels, emit=emit)
