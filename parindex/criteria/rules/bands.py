"""bands (c): points (or shares of the maximum) by the band a number falls in."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.errors import FormulaError
from parindex.core.numbers import ONE, ZERO, format_number, format_threshold
from parindex.criteria import schema
from parindex.criteria.bands import Interval, coverage_issues, format_in_bands
from parindex.criteria.formulas import T_NUMBER
from parindex.criteria.rules.kind import (
    CompileContext,
    CompiledBand,
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    as_number,
    best_below_max,
)


class Band(schema.Strict):
    from_: schema.Number | None = schema.Field(default=None, alias="from")
    above: schema.Number | None = None
    to: schema.Number | None = None
    below: schema.Number | None = None
    points: schema.Number | None = None
    share: schema.Number | None = None
    label: schema.OneLine | None = None

    @schema.model_validator(mode="after")
    def _bounds(self) -> Band:
        if self.from_ is not None and self.above is not None:
            raise ValueError("một mức chỉ có một cận dưới: 'from' (từ, gồm) hoặc 'above' (trên)")
        if self.to is not None and self.below is not None:
            raise ValueError("một mức chỉ có một cận trên: 'to' (đến, gồm) hoặc 'below' (dưới)")
        if (self.points is None) == (self.share is None):
            raise ValueError("mỗi mức cần đúng một trong hai: 'points' hoặc 'share'")
        return self


class BandsRule(schema.RuleBase):
    kind: Literal["bands"]
    value: schema.Formula
    bands: list[Band] = schema.Field(min_length=1)


def compile_bands(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    spec: BandsRule = rule.spec
    named: list[tuple[str, Interval]] = []
    for index, band in enumerate(spec.bands):
        interval = Interval.from_words(band.from_, band.above, band.to, band.below)
        label = band.label or interval.words(rule.value_is_percent)
        if band.points is not None:
            points = band.points
        else:
            assert band.share is not None
            points = band.share * node.max
            if not ZERO <= band.share <= ONE:
                ctx.error((*loc, "bands", index, "share"), "tỷ lệ điểm phải từ 0% đến 100%",
                          Code.SET_SHARE_OUT_OF_RANGE)
        if not ZERO <= points <= node.max:
            ctx.error((*loc, "bands", index), f"điểm {format_number(points)} của mức '{label}' "
                      f"vượt quá điểm tối đa {format_number(node.max)} của mục {node.code}", Code.SET_POINTS_ABOVE_MAX)
        rule.bands.append(CompiledBand(interval, points, label))
        named.append((label, interval))
    best_below_max(ctx, (*loc, "bands"), node, (b.points for b in rule.bands), "mức")
    low, high, integers = ctx.value_range(rule.main)
    for message in coverage_issues(named, low, high, integers_only=integers, percent=rule.value_is_percent):
        ctx.error((*loc, "bands"), f"mục {node.code}: {message}", message.band_code)
    for index, band in enumerate(spec.bands):
        _bounds_in_range(ctx, (*loc, "bands", index), node, band, rule, (low, high))


def _bounds_in_range(ctx: CompileContext, loc: Path_, node: schema.Node, band: Band, rule: CompiledRule,
                     value_range: tuple[Decimal | None, Decimal | None]) -> None:
    """Warn on a band bound outside the declared range of the value it is compared with
    (`from: 95` on a ratio of 0–1 means 9500%, and every unit then falls in another band)."""
    low, high = value_range
    name = rule.main.names[0] if rule.main.is_bare_name else rule.main.text
    shown_range = f"{_show_bound(low, rule)}–{_show_bound(high, rule)}"
    for key, bound in (("from", band.from_), ("above", band.above), ("to", band.to), ("below", band.below)):
        if bound is None or not ((low is not None and bound < low) or (high is not None and bound > high)):
            continue
        hint = ""
        if high == ONE and ONE < bound <= 100:
            hint = f"; có phải ý là {format_number(bound)}%? Hãy viết '{bound}%'"
        meaning = f" (tức {format_threshold(bound, True)})" if rule.value_is_percent else ""
        ctx.warn((*loc, key), f"mục {node.code}: ngưỡng '{key}: {bound}'{meaning} nằm ngoài khoảng "
                              f"giá trị khai báo của '{name}' ({shown_range}), nên không giá trị nào "
                              f"chạm tới ngưỡng này{hint}", Code.SET_BAND_BOUND_UNREACHABLE)


def _show_bound(bound: Decimal | None, rule: CompiledRule) -> str:
    if bound is None:
        return "…"
    return format_threshold(bound, rule.value_is_percent)


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    value = as_number(rule.formulas["value"].evaluate(ctx.env))
    ctx.set_value(value)
    for band in rule.bands:
        if band.interval.contains(value):
            ctx.set_matched(band.label)
            ctx.set_points(band.points)
            return
    shown = format_in_bands(value, ctx.decimals, [b.interval for b in rule.bands], percent=rule.value_is_percent)
    raise FormulaError(f"giá trị {shown} không thuộc mức nào")


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    return f"{ctx.read}, thuộc mức '{ctx.leaf.matched}'"


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    """The first band holding the value; none: the reference reports it."""
    value = out.local()
    lines = [f"{value} = {out.comparable(out.number(rule.main))}"]
    for number, band in enumerate(rule.bands):
        lines.append(f"{'if' if number == 0 else 'elif'} {out.contains(band.interval, value)}:")
        lines.append(f"    {out.points} = {out.constant(out.kept(band.points))}")
    return [*lines, "else:", f"    {out.leave}"]


KIND = RuleKind("bands", BandsRule, {"value": T_NUMBER}, score, explain, compile=compile_bands, emit=emit)
