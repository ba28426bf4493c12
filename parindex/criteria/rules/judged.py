"""judged: points entered by a person, for what no formula can decide (the quality of leadership,
of legal documents). The unit gives its own points in its self-assessment (`points:`), an appraiser
may change them (round 1, round 2); the leaf takes the points of the latest round that entered
them, within 0–max and an exact multiple of `step` (default 0,25). Nothing entered: chưa kê khai.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Literal

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.numbers import EVAL_CONTEXT, format_number, format_points
from parindex.criteria import schema
from parindex.criteria.rules.kind import (
    CompileContext,
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
)

DEFAULT_STEP = Decimal("0.25")

NOT_ENTERED = ("chưa có điểm chấm (mục này do người chấm cho điểm: đơn vị ghi điểm tự chấm dưới "
               "'points:' trong tệp tự đánh giá)")


class JudgedRule(schema.RuleBase):
    kind: Literal["judged"]
    step: schema.Number = DEFAULT_STEP


def on_step(points: Decimal, step: Decimal) -> bool:
    """Whether `points` is an exact multiple of `step` (step > 0)."""
    with decimal.localcontext(EVAL_CONTEXT):
        return points % step == 0


def points_problem(code: str, points: Decimal, maximum: Decimal, step: Decimal | None) -> tuple[Code, str] | None:
    """What is wrong with `points` entered for leaf `code` (max `maximum`; `step` for a judged leaf,
    None for a leaf of another kind, whose points only have to lie within 0–max): the problem's
    code and its Vietnamese message, or None. Unit files and appraisal files share it."""
    shown = format_number(points)
    if points < 0:
        return (Code.UNIT_POINTS_OUT_OF_RANGE,
                f"mục {code}: điểm {shown} không được âm (từ 0 đến {format_number(maximum)})")
    if points > maximum:
        return (Code.UNIT_POINTS_OUT_OF_RANGE,
                f"mục {code}: điểm {shown} vượt điểm tối đa {format_number(maximum)}")
    if step is not None and not on_step(points, step):
        with decimal.localcontext(EVAL_CONTEXT):
            below = (points / step).to_integral_value(rounding=decimal.ROUND_FLOOR) * step
            above = min(below + step, maximum)
        options = format_number(below) if above == below else f"{format_number(below)} hoặc {format_number(above)}"
        return (Code.UNIT_POINTS_OFF_STEP,
                f"mục {code}: điểm {shown} không phải bội số của bước {format_number(step)}; hãy ghi {options}")
    return None


def compile_judged(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    """`step` above 0 and dividing the leaf's max exactly (0,25 for a 1-point leaf; not 0,3)."""
    step: Decimal = rule.spec.step
    if step <= 0:
        ctx.error((*loc, "step"), f"mục {node.code}: bước chấm 'step' phải lớn hơn 0 (ví dụ 0.25)", Code.SET_BAD_STEP)
    elif node.max > 0 and not on_step(node.max, step):
        ctx.error((*loc, "step"), f"mục {node.code}: bước chấm {format_number(step)} không chia hết điểm tối đa "
                                  f"{format_number(node.max)}; hãy chọn bước sao cho điểm tối đa là bội số của nó "
                                  "(ví dụ 0.25 hoặc 0.5)", Code.SET_BAD_STEP)


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    entered = ctx.entered
    if entered is None:
        ctx.set_unscored(NOT_ENTERED)
        return
    ctx.set_value(entered.points)
    ctx.set_points(entered.points)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    leaf = ctx.leaf
    entered = leaf.entered
    if entered is None:  # pragma: no cover - a judged leaf is scored only from entered points
        return "điểm do người chấm cho"
    who = entered.source + (f" ({entered.by})" if entered.by else "")
    points = format_points(entered.points if leaf.raw is None else leaf.raw, ctx.decimals)
    reason = f" ({entered.reason})" if entered.reason else ""
    return f"điểm do {who} chấm: {points}/{format_points(leaf.max, ctx.decimals)}{reason}"


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    """The fast path scores only units without entered points (a unit with some is scored by the
    reference evaluator: engine.batch.needs_reference): chưa kê khai, as `score` says."""
    return out.set_unscored()


KIND = RuleKind("judged", JudgedRule, {}, score, explain, compile=compile_judged, emit=emit)
