"""Where a unit stands beyond its points: the ranking group it falls in and the rating conditions
it meets (criteria `ranking_groups`, ratings' `requires`; docs/criteria-format.md).

`classify` runs once per unit when it is evaluated (in a worker process for large batches, where
the unit file's lines are still known): it evaluates the `when` formulas of its kind's ranking
groups and of every rating condition over the unit's figures. `apply_caps` runs after the last
aggregation (relative rules resolved): a unit whose index falls in a rating whose conditions it
does not meet gets the next lower rating, with the reason, and again if that one's fail too.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

from parindex.core.codes import Code
from parindex.core.errors import FormulaError, Problem
from parindex.core.numbers import EVAL_CONTEXT, ONE, comparable, format_percent, format_points, format_value
from parindex.criteria.compiler import CompiledRating, CompiledRequirement, CompiledSet
from parindex.criteria.formulas import Formula
from parindex.engine.reference import blocking, figures_of
from parindex.intake.units import UnitData
from parindex.results.scorecard import Absent, Failed, RatingCap, UnitResult, lower_first


def requirement_key(rating: int, requirement: int) -> str:
    """The key of a rating condition in `UnitResult.unmet`: "<rating index>.<condition index>"."""
    return f"{rating}.{requirement}"


class _Undecided(Exception):
    """A condition that cannot be decided for this unit: a figure not declared, or a formula error."""

    def __init__(self, message: str, failed: bool) -> None:
        super().__init__(message)
        self.failed = failed  # a formula error (not just a figure not declared)


class _Figures:
    """The unit's indicators and the derived values the conditions need, computed once."""

    def __init__(self, criteria: CompiledSet, unit: UnitData, formulas: list[Formula]) -> None:
        self.criteria = criteria
        self.unit = unit
        needed: set[str] = set()
        pending = [n for f in formulas for n in f.names]
        while pending:
            name = pending.pop()
            if name not in needed:
                needed.add(name)
                derived = criteria.derived_formula(name)
                pending.extend(derived.names if derived is not None else ())
        self.env = figures_of(criteria, unit, needed)

    def holds(self, formula: Formula) -> bool:
        """Whether a yes/no formula holds; raises _Undecided when it cannot be computed."""
        blocker = blocking(formula, self.env)
        if isinstance(blocker, Failed):
            raise _Undecided(blocker.message, failed=True)
        if blocker is not None:
            label = self.criteria.label_of(blocker.name)
            raise _Undecided(f"chưa kê khai '{blocker.name}' ({label})", failed=False)
        try:
            return bool(formula.evaluate(self.env))
        except FormulaError as exc:
            raise _Undecided(f"{exc} (công thức: {formula.text})", failed=True) from None

    def read(self, formula: Formula) -> str:
        """The figures a formula read, as a sentence shows them: "số vụ vi phạm nghiêm trọng: 1"."""
        return "; ".join(f"{lower_first(self.criteria.label_of(name))}: {self.shown(name)}" for name in formula.names)

    def shown(self, name: str) -> str:
        value = self.env.get(name)
        if isinstance(value, Absent):
            return "chưa kê khai"
        if isinstance(value, Failed):
            return "không tính được"
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, Decimal):
            return format_value(value, self.criteria.decimals, self.criteria.is_percent(name))
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        spec = self.criteria.indicators.get(name)
        if isinstance(value, str) and spec is not None and spec.choices:
            return f"'{spec.choices.get(value, value)}'"
        return f"'{value}'"

    def line(self, formulas: list[Formula]) -> tuple[int | None, str]:
        """The unit-file line (and field) of the first declared figure the formulas read, through
        derived values; else the line of `unit_kind`."""
        pending = [n for f in formulas for n in f.names]
        seen: set[str] = set()
        while pending:
            name = pending.pop(0)
            if name in seen:
                continue
            seen.add(name)
            position = self.unit.doc.positions.get(("indicators", name))
            if position is not None:
                return position[0], f"indicators.{name}"
            derived = self.criteria.derived_formula(name)
            pending.extend(derived.names if derived is not None else ())
        return self.unit.doc.where(("unit_kind",))[0], "unit_kind"


def classify(criteria: CompiledSet, unit: UnitData, result: UnitResult) -> None:
    """Set the unit's ranking group (`result.ranking_group`) and the rating conditions it does not
    meet (`result.unmet`); a unit in no group or in two, or a condition that cannot be computed, is
    an error on the unit (with its file and line), which refuses it."""
    groups = [g for g in criteria.ranking_groups if g.kind == unit.kind]
    conditions = [(requirement_key(i, j), r.when) for i, rating in enumerate(criteria.ratings)
                  for j, r in enumerate(rating.requires) if r.when is not None]
    result.ranking_group = None
    result.unmet = {}
    if not groups and not conditions:
        return
    with decimal.localcontext(EVAL_CONTEXT):
        figures = _Figures(criteria, unit, [*(g.when for g in groups), *(w for _, w in conditions)])
        if groups:
            _place(figures, groups, result)
        for key, when in conditions:
            try:
                if not figures.holds(when):
                    result.unmet[key] = figures.read(when)
            except _Undecided as exc:
                if exc.failed:
                    line, field = figures.line([when])
                    result.problems.append(Problem(
                        unit.path, line, None, f"không tính được điều kiện xếp loại '{when.text}': {exc}",
                        code=Code.SCORE_CONDITION_FAILED, field=field))
                result.unmet[key] = str(exc)


def _place(figures: _Figures, groups: list[Any], result: UnitResult) -> None:
    unit = figures.unit
    holding = []
    for group in groups:
        try:
            if figures.holds(group.when):
                holding.append(group)
        except _Undecided as exc:
            line, field = figures.line([group.when])
            code = Code.SCORE_CONDITION_FAILED if exc.failed else Code.SCORE_NO_RANKING_GROUP
            result.problems.append(Problem(
                unit.path, line, None, f"không xác định được nhóm xếp hạng của đơn vị: điều kiện của nhóm "
                f"'{group.id}' ({group.when.text}): {exc}", code=code, field=field))
            return
    if len(holding) == 1:
        result.ranking_group = holding[0].id
        return
    formulas = [g.when for g in groups]
    line, field = figures.line(formulas)
    read = "; ".join(dict.fromkeys(f"{n} = {figures.shown(n)}" for f in formulas for n in f.names))
    if not holding:
        listed = ", ".join(f"'{g.id}' ({g.name}: {g.when.text})" for g in groups)
        message = (f"đơn vị loại '{unit.kind}' không thuộc nhóm xếp hạng nào ({listed}) với số liệu {read}; "
                   "hãy sửa số liệu, hoặc điều kiện 'when' của các nhóm trong bộ tiêu chí")
        code = Code.SCORE_NO_RANKING_GROUP
    else:
        listed = ", ".join(f"'{g.id}' ({g.name}: {g.when.text})" for g in holding)
        message = (f"đơn vị thuộc cùng lúc {len(holding)} nhóm xếp hạng ({listed}) với số liệu {read}; mỗi đơn "
                   "vị chỉ thuộc một nhóm: hãy sửa điều kiện 'when' của các nhóm trong bộ tiêu chí")
        code = Code.SCORE_SEVERAL_RANKING_GROUPS
    result.problems.append(Problem(unit.path, line, None, message, code=code, field=field))


def apply_caps(criteria: CompiledSet, result: UnitResult) -> None:
    """The unit's rating with its conditions applied (call after the last aggregation; it can be
    called again: it starts from the rating the index falls in)."""
    result.rating_caps = ()
    if result.index is None or not any(r.requires for r in criteria.ratings):
        return
    probe = min(result.index, ONE)
    position = next((i for i, r in enumerate(criteria.ratings) if r.interval.contains(probe)), None)
    by_name = {r.name: i for i, r in reversed(list(enumerate(criteria.ratings)))}
    caps: list[RatingCap] = []
    seen: set[int] = set()
    while position is not None and position not in seen:
        seen.add(position)
        rating = criteria.ratings[position]
        reason = _failure(criteria, position, rating, result)
        lower = by_name.get(rating.lower) if rating.lower is not None else None
        if reason is None or lower is None:
            break
        caps.append(RatingCap(rating.name, criteria.ratings[lower].name, reason))
        position = lower
    if caps:
        result.rating = caps[-1].to
    result.rating_caps = tuple(caps)


def _failure(criteria: CompiledSet, position: int, rating: CompiledRating, result: UnitResult) -> str | None:
    """Why the unit does not meet the rating's conditions (the first that fails), or None."""
    for number, requirement in enumerate(rating.requires):
        reason = _unmet(criteria, requirement_key(position, number), requirement, result)
        if reason is not None:
            return reason
    return None


def _unmet(criteria: CompiledSet, key: str, requirement: CompiledRequirement, result: UnitResult) -> str | None:
    decimals = criteria.decimals
    if requirement.when is not None:
        unmet = result.unmet
        if unmet is not None and key not in unmet:
            return None
        note = "chưa kiểm tra được điều kiện" if unmet is None else unmet[key]
        reason = requirement.reason or f"không thỏa điều kiện {requirement.when.text}"
        return f"{reason} ({note})" if note else reason
    minimum = requirement.min_applicable
    assert minimum is not None
    total = criteria.spec.total_points
    with decimal.localcontext(EVAL_CONTEXT):
        share = result.applicable_max / total
    if comparable(share) >= comparable(minimum):
        return None
    reason = requirement.reason or f"điểm tối đa áp dụng dưới {format_percent(minimum, 0)} tổng điểm"
    return (f"{reason} (điểm tối đa áp dụng {format_points(result.applicable_max, decimals)}/"
            f"{format_points(total, decimals)} = {format_percent(share, decimals)})")
