"""What a rule kind is, and the small interfaces its hooks are handed.

A kind is one module of this package holding everything about it: its model (the fields a
criteria file writes), which of those fields are formulas and of what type, and its hooks:

- `compile(ctx, loc, node, rule)`: checks that need the whole set (level maps, band coverage) and
  fills the kind's part of the `CompiledRule`; reports through `CompileContext`.
- `score(ctx, rule, maximum)`: scores one leaf of one unit from `ctx.env`, writing its outcome
  through `ScoreContext`; raises `FormulaError` when the figures give no score.
- `explain(ctx, rule)`: the Vietnamese reason after the leaf's points, from `ExplainContext`.
- `emit(emitter, rule, maximum)` (optional): the same scoring as Python source for the fast
  evaluator (engine.fast), built through `Emitter`; without it (or when it returns None) a set using
  the kind is scored by the reference evaluator alone.

The compiler, the reference evaluator and the explainer implement the contexts; this package never
imports the engine or the reports.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.errors import FormulaError
from parindex.core.numbers import EVAL_CONTEXT, ZERO, format_number, format_points
from parindex.criteria import schema
from parindex.criteria.bands import Interval
from parindex.criteria.formulas import Formula, ValueType


@dataclass
class CompiledBand:
    interval: Interval
    points: Decimal
    label: str


@dataclass
class CompiledRule:
    kind: str
    spec: Any
    formulas: dict[str, Formula]
    not_applicable_when: Formula | None
    bands: list[CompiledBand] = field(default_factory=list)
    levels: dict[str, Decimal] = field(default_factory=dict)
    level_labels: dict[str, str] = field(default_factory=dict)
    points_each: Decimal = ZERO
    value_label: str = ""
    value_is_percent: bool = False
    explain: str | None = None

    @property
    def main(self) -> Formula:
        """The first formula field, the value the rule is about (a kind without formulas has none)."""
        for formula in self.formulas.values():
            return formula
        raise LookupError(f"quy tắc loại '{self.kind}' không có công thức")


# -- what the hooks are handed ------------------------------------------------------------------


class CompileContext(Protocol):
    """The compiler, as a compile hook sees it."""

    @property
    def spec(self) -> schema.CriteriaSet: ...

    def error(self, loc: Path_, message: str, code: Code) -> None:
        """An error at the place of `loc` in the criteria file; `code` says its kind (core.codes)."""

    def warn(self, loc: Path_, message: str, code: Code) -> None:
        """A warning, as `error`."""

    def value_range(self, formula: Formula) -> tuple[Decimal | None, Decimal | None, bool]:
        """The declared range of a bare name (low, high, whole numbers only); else unbounded."""
        ...


class EnteredPoints(Protocol):
    """Points a person entered for one leaf (intake.entries.Entered), as the hooks read them."""

    @property
    def points(self) -> Decimal: ...

    @property
    def source(self) -> str:
        """Who entered them: "tự đánh giá", "thẩm định vòng 1"…"""
        ...

    @property
    def reason(self) -> str | None: ...

    @property
    def by(self) -> str | None: ...


class SurveyQuestionResult(Protocol):
    """One survey question's answers for one unit (intake.entries.SurveyQuestionScore)."""

    @property
    def question(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def max(self) -> Decimal: ...

    @property
    def share(self) -> Decimal:
        """Σ wᵢ·sᵢ / Σ wᵢ over the respondents who answered (0..1, exact)."""
        ...

    @property
    def respondents(self) -> int: ...

    @property
    def answers(self) -> tuple[tuple[str, int], ...]:
        """(answer, count) in the scale's order."""
        ...


class SurveyResult(Protocol):
    """A unit's aggregated survey answers for one survey leaf (intake.entries.SurveyScore)."""

    @property
    def questions(self) -> tuple[SurveyQuestionResult, ...]: ...


class ScoreContext(Protocol):
    """One leaf of one unit, as a score hook sees it: the unit's figures and derived values (an
    input that is undeclared or failed never reaches the hook), and where the outcome goes; for
    the kinds a person or a survey decides, what was entered for the leaf."""

    @property
    def env(self) -> Mapping[str, Any]: ...

    @property
    def entered(self) -> EnteredPoints | None:
        """The points a person entered for this leaf (the latest round that entered them), or None."""
        ...

    @property
    def survey(self) -> SurveyResult | None:
        """The unit's aggregated survey answers for this leaf, or None when there are none."""
        ...

    @property
    def decimals(self) -> int:
        """Decimals the set shows, for values quoted in error messages."""
        ...

    def set_value(self, value: Any) -> None:
        """The figure the rule scored (shown in explanations and JSON)."""

    def set_matched(self, label: str) -> None:
        """The level or band the figure fell in."""

    def set_points(self, raw: Decimal) -> None:
        """The points earned before clamping; the evaluator keeps them within 0–max."""

    def set_relative(self, value: Decimal) -> None:
        """A value scored later against the best of the unit's group (the leaf stays at 0 until then)."""

    def set_unscored(self, message: str, not_applicable: bool = False) -> None:
        """Nothing to score: chưa kê khai (no data, 0 points) because `message`; with
        `not_applicable`, không phát sinh (the leaf's max leaves the unit's denominator)."""


class ScoredLeaf(Protocol):
    """What an explain hook reads of a scored leaf (a `NodeResult`)."""

    @property
    def value(self) -> Any: ...

    @property
    def matched(self) -> str | None: ...

    @property
    def max(self) -> Decimal: ...

    @property
    def raw(self) -> Decimal | None: ...

    @property
    def clamped(self) -> bool: ...

    @property
    def relative_best(self) -> Decimal | None: ...

    @property
    def entered(self) -> EnteredPoints | None:
        """The points a person entered that the leaf took (judged leaves), or None."""
        ...

    @property
    def survey(self) -> SurveyResult | None:
        """The survey answers the leaf was scored from (survey leaves), or None."""
        ...


class ExplainContext(Protocol):
    """A scored leaf with the explainer's formatting: `read` is the inputs the leaf read as a phrase
    ('tỷ lệ hoàn thành 7 / 19 = 36,84%'), `shown()` each input's value as displayed, by name."""

    @property
    def leaf(self) -> ScoredLeaf: ...

    @property
    def decimals(self) -> int: ...

    @property
    def read(self) -> str: ...

    def shown(self) -> dict[str, str]: ...


class Emitter(Protocol):
    """The fast evaluator's code generator (engine.fast), as an emit hook sees it. The hook returns
    the statements scoring one leaf as lines of Python indented from column 0, written only with
    what the emitter hands out, operators and `if`/`elif`/`else`. When they run, every input of the
    rule is declared and computed (as for `score`) and the leaf counts as scored unless they leave
    the fast path; whatever `score` would report (a level or band not found) must leave it."""

    @property
    def points(self) -> str:
        """The leaf's points, to assign (`{points} = …`) a value already within 0–max (see `kept`)."""
        ...

    @property
    def relative(self) -> str:
        """The leaf's value scored later against the best of its group (`set_relative`), to assign."""
        ...

    @property
    def leave(self) -> str:
        """A statement leaving the fast path: the reference evaluator scores the unit."""
        ...

    def formula(self, formula: Formula) -> str:
        """An expression computing a checked formula of the rule, as `Formula.evaluate` does."""
        ...

    def number(self, formula: Formula) -> str:
        """The same as a finite number (`as_number`); any other result leaves the fast path."""
        ...

    def constant(self, value: Any) -> str:
        """A name bound to `value` (an exact Decimal, text, a frozenset or dict of them) in the
        generated module: values are never written into the source."""
        ...

    def local(self) -> str:
        """A fresh local name, for a value computed once and then tested."""
        ...

    def comparable(self, expression: str) -> str:
        """A number at 30 significant digits, as comparisons see it (`numbers.comparable`)."""
        ...

    def contains(self, interval: Interval, value: str) -> str:
        """A test that `value`, a name holding a comparable number, lies in `interval` (`contains`)."""
        ...

    def kept(self, raw: Decimal) -> Decimal:
        """Fixed points kept within the leaf's 0–max now, as the evaluator keeps them."""
        ...

    def set_points(self, raw: str) -> list[str]:
        """Statements setting the leaf's points to the number `raw` kept within 0–max."""
        ...

    def set_unscored(self, not_applicable: bool = False) -> list[str]:
        """Statements marking the leaf chưa kê khai (no data, 0 points) or, with `not_applicable`,
        không phát sinh (its max leaves the denominator), as `ScoreContext.set_unscored` does."""
        ...


CompileHook = Callable[[CompileContext, Path_, schema.Node, CompiledRule], None]
ScoreHook = Callable[[ScoreContext, CompiledRule, Decimal], None]
ExplainHook = Callable[[ExplainContext, CompiledRule | None], str]
EmitHook = Callable[[Emitter, CompiledRule, Decimal], list[str] | None]


@dataclass(frozen=True)
class RuleKind:
    """One rule kind. `name` is what a criteria file writes as `kind:`; `model` is its pydantic
    model (a `schema.RuleBase` with `kind: Literal[name]`); `formulas` maps each formula field, in
    order (the first is the rule's main formula), to the type it must have — None when the compile
    hook checks it (a `levels` value must be a choice). The explain hook is given no compiled rule
    when the explainer's set does not know the leaf (a result read against another set)."""

    name: str
    model: type[schema.RuleBase]
    formulas: Mapping[str, ValueType | None]
    score: ScoreHook
    explain: ExplainHook
    compile: CompileHook | None = None
    # Code generation for the fast evaluator; None: sets using the kind are scored by the reference.
    emit: EmitHook | None = None


# -- helpers shared by kinds --------------------------------------------------------------------


def as_number(value: Any) -> Decimal:
    """A formula's result as a finite number, or the `FormulaError` a unit's message shows."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise FormulaError(f"kết quả '{value}' không phải là số")
    number = Decimal(value)
    if not number.is_finite():
        raise FormulaError("kết quả không hữu hạn")
    return number


def best_below_max(ctx: CompileContext, loc: Path_, node: schema.Node, points: Iterable[Decimal], what: str) -> None:
    """Warn when no level or band can earn the node's full points (usually a typing slip).
    Penalties are left alone: a penalty whose worst level takes less than its cap is common."""
    best = max(points, default=None)
    if best is not None and best < node.max and loc[0] != "penalties":
        ctx.warn(loc, f"mục {node.code}: {what} cao nhất chỉ được {format_number(best)} điểm, thấp hơn "
                      f"điểm tối đa {format_number(node.max)}; không đơn vị nào đạt đủ điểm — "
                      "hãy kiểm tra điểm của các mức", Code.SET_MAX_UNREACHABLE)


def check_points_each(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    """Compile hook of per_item and deduction: `points_each` must be above 0; copied to the rule."""
    amount: Decimal = rule.spec.points_each
    if amount <= 0:
        ctx.error((*loc, "points_each"), "'points_each' phải lớn hơn 0", Code.SET_NOT_POSITIVE)
    rule.points_each = amount


def raw_points(ctx: ExplainContext) -> str:
    """The points before clamping, as shown ('' when the leaf has none)."""
    raw = ctx.leaf.raw
    return format_points(raw, ctx.decimals) if raw is not None else ""


def clamp_words(ctx: ExplainContext) -> str:
    """', giữ trong khoảng 0–2 điểm' when the points were clamped, else ''."""
    leaf = ctx.leaf
    if leaf.clamped and leaf.raw is not None:
        return f", giữ trong khoảng 0–{format_points(leaf.max, ctx.decimals)} điểm"
    return ""


def product(count: Decimal, each: Decimal) -> Decimal:
    """count × each, exactly as the evaluator computes it."""
    with decimal.localcontext(EVAL_CONTEXT):
        return count * each
