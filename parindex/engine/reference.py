"""Evaluate one unit against a compiled criteria set into a result tree.

Each leaf records its status, points, the inputs it read (with the inputs of derived values),
the band or level matched, the raw value before clamping and any error. Parents are summed by
`finalize`, which runs again after group-relative rules are resolved (see `ranking`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from parindex.core.codes import Code
from parindex.core.errors import FormulaError, Problem, Severity
from parindex.core.numbers import EVAL_CONTEXT, ZERO, comparable, format_threshold, format_value
from parindex.criteria.bands import Interval, format_in_bands
from parindex.criteria.compiler import CompiledCheck, CompiledDerived, CompiledNode, CompiledRule, CompiledSet
from parindex.criteria.formulas import Formula
from parindex.criteria.rules import registry as rule_kinds
from parindex.criteria.rules.kind import as_number
from parindex.engine.aggregate import finalize, set_leaf_points
from parindex.engine.sources import evidence_problem, leaf_source, names_read, override
from parindex.intake.entries import Entered, SurveyScore
from parindex.intake.units import UnitData
from parindex.results.scorecard import (
    Absent,
    CheckFinding,
    Failed,
    NodeResult,
    Reading,
    Status,
    UnitResult,
    describe_finding,
    lower_first,
)

# -- evaluation --------------------------------------------------------------------------------


class _LeafScore:
    """The evaluator's side of a score hook's `ScoreContext`: the outcome goes into the leaf's result."""

    __slots__ = ("_entered", "_survey", "decimals", "env", "result")

    def __init__(self, env: dict[str, Any], decimals: int, result: NodeResult, entered: Entered | None = None,
                 survey: SurveyScore | None = None) -> None:
        self.env = env
        self.decimals = decimals
        self.result = result
        self._entered = entered
        self._survey = survey

    @property
    def entered(self) -> Entered | None:
        """The points entered for the leaf; a hook that reads them scores from them (recorded)."""
        self.result.entered = self._entered
        return self._entered

    @property
    def survey(self) -> SurveyScore | None:
        self.result.survey = self._survey
        return self._survey

    def set_unscored(self, message: str, not_applicable: bool = False) -> None:
        result = self.result
        result.status = Status.NOT_APPLICABLE if not_applicable else Status.NO_DATA
        result.points = ZERO
        if not_applicable:
            result.applicable_max = ZERO
        result.message = message

    def set_value(self, value: Any) -> None:
        self.result.value = value

    def set_matched(self, label: str) -> None:
        self.result.matched = label

    def set_points(self, raw: Decimal) -> None:
        set_leaf_points(self.result, raw)

    def set_relative(self, value: Decimal) -> None:
        self.result.relative_value = value


def figures_of(criteria: CompiledSet, unit: UnitData, needed: Collection[str] | None = None) -> dict[str, Any]:
    """What formulas read for one unit (all of it, or the names `needed`): its indicators (`Absent`
    when not declared), then the set's derived values in order (the `Absent` or `Failed` value their
    formula reads, `Failed` when it cannot be computed). Call in `EVAL_CONTEXT`."""
    env: dict[str, Any] = {}
    for name, spec in criteria.indicators.items():
        if needed is None or name in needed:
            env[name] = unit.values[name] if name in unit.values else Absent(name, spec.missing)
    for derived in criteria.derived:
        if needed is not None and derived.name not in needed:
            continue
        blocker = blocking(derived.formula, env)
        if blocker is not None:
            env[derived.name] = blocker
            continue
        try:
            env[derived.name] = derived.formula.evaluate(env)
        except FormulaError as exc:
            env[derived.name] = Failed(derived.name, f"{exc} khi tính '{derived.name}' = {derived.formula.text}")
    return env


def blocking(formula: Formula, env: dict[str, Any]) -> Absent | Failed | None:
    """The first value the formula reads that is not declared or could not be computed, if any."""
    for name in formula.names:
        value = env[name]
        if isinstance(value, (Absent, Failed)):
            return value
    return None


class _Unit:
    """Evaluates the rules of one set for one unit (values, derived values, leaf rules)."""

    def __init__(self, criteria: CompiledSet, unit: UnitData) -> None:
        self.criteria = criteria
        self.unit = unit
        self.problems: list[Problem] = list(unit.warnings)
        self.env = figures_of(criteria, unit)
        for derived in criteria.derived:
            self.check_range(derived)

    def check_range(self, derived: CompiledDerived) -> None:
        """Warn (the unit is still scored) when a derived value falls outside its declared range:
        25 tasks done of 20 planned is 125%, which a proportional rule would take as full marks."""
        value = self.env[derived.name]
        if not isinstance(value, Decimal) or isinstance(value, bool):
            return
        above = derived.max is not None and comparable(value) > comparable(derived.max)
        below = derived.min is not None and comparable(value) < comparable(derived.min)
        if not (above or below):
            return
        declared = Interval.from_words(derived.min, None, derived.max, None)
        shown = format_in_bands(value, self.criteria.decimals, [declared], percent=derived.is_percent)

        def bound(number: Decimal | None) -> str:
            return "…" if number is None else format_threshold(number, derived.is_percent)

        parts = {n: self.shown(n) for n in derived.formula.names}
        side = "vượt" if above else "dưới"
        message = (f"{lower_first(derived.label)} {derived.formula.substitute(parts)} = {shown} {side} khoảng "
                   f"khai báo {bound(derived.min)}–{bound(derived.max)} của '{derived.name}'; "
                   "đơn vị vẫn được chấm điểm, hãy kiểm tra số liệu")
        self.problems.append(Problem(self.unit.path, self.line_of(derived.formula.names), None, message,
                                     code=Code.SCORE_DERIVED_OUT_OF_RANGE, severity=Severity.WARNING,
                                     field=derived.name))

    def reading(self, name: str) -> Reading:
        derived = self.criteria.derived_formula(name)
        parts = [self.reading(n) for n in derived.names] if derived is not None else []
        return Reading(name, self.env[name], parts)

    def readings(self, formulas: list[Formula]) -> list[Reading]:
        names = dict.fromkeys(n for f in formulas for n in f.names)
        return [self.reading(n) for n in names]

    def node(self, node: CompiledNode) -> NodeResult:
        result = NodeResult(node.code, node.title, node.max, node.depth, applicable_max=node.max)
        if node.rule is None:
            result.children = [self.node(child) for child in node.children]
        else:
            result.rule_kind = node.rule.kind
            self.leaf(node, node.rule, result)
            self.decide(node, result)
        return result

    def decide(self, node: CompiledNode, result: NodeResult) -> None:
        """Who set the leaf's points (its source); an appraiser's points over its rule's; the
        evidence its set asks for points claimed (engine.sources)."""
        result.source = leaf_source(self.unit, result)
        decision = self.unit.overrides.get(node.code)
        if decision is not None:
            override(result, decision)
        if node.evidence is not None:
            line = self.unit.doc.where(("points", node.code))[0] if node.code in self.unit.entered else None
            line = line or self.line_of(names_read(result.readings)) or self.unit.doc.where(("evidence",))[0]
            problem = evidence_problem(node, self.unit, result, self.criteria.decimals, line)
            if problem is not None:
                self.problems.append(problem)

    def leaf(self, node: CompiledNode, rule: CompiledRule, result: NodeResult) -> None:
        """Score one leaf: `not_applicable_when` first, then the inputs the rule reads, then the rule.

        A condition that cannot be computed (0/0, a failed derived value) puts the node in error:
        it is never taken as false. A condition reading an undeclared figure decides by that
        figure's `missing` policy (không phát sinh / chưa kê khai), unless an input of the rule
        itself is undeclared or failed, which then decides as it does without a condition.
        """
        condition = rule.not_applicable_when
        formulas = list(rule.formulas.values())
        try:
            unread = None
            if condition is not None:
                result.readings = self.readings([condition])
                unread = blocking(condition, self.env)
                if unread is None and self.condition_holds(node, condition, result):
                    return
                if isinstance(unread, Failed):
                    self.fail(node, result, f"{unread.message} (điều kiện không phát sinh: {condition.text})")
                    return
            result.readings = self.readings(formulas)
            blocker = next((b for b in (blocking(f, self.env) for f in formulas) if b is not None), unread)
            if blocker is not None:
                self.blocked(node, result, blocker)
                return
            self.score(node, rule, result)
        except FormulaError as exc:
            self.fail(node, result, f"{exc} (công thức: {rule.main.text})")

    def condition_holds(self, node: CompiledNode, condition: Formula, result: NodeResult) -> bool:
        """Evaluate `not_applicable_when` (all its inputs declared); True when it decided the node:
        the condition holds (không phát sinh) or cannot be computed (error)."""
        try:
            holds = condition.evaluate(self.env)
        except FormulaError as exc:
            self.fail(node, result, f"{exc} (điều kiện không phát sinh: {condition.text})")
            return True
        if holds:
            self.not_applicable(result, f"điều kiện: {condition.text}")
            return True
        return False

    def not_applicable(self, result: NodeResult, message: str) -> None:
        result.status = Status.NOT_APPLICABLE
        result.applicable_max = ZERO
        result.message = message

    def blocked(self, node: CompiledNode, result: NodeResult, blocker: Absent | Failed) -> None:
        if isinstance(blocker, Failed):
            self.fail(node, result, blocker.message)
            return
        label = self.criteria.label_of(blocker.name)
        if blocker.policy == "not_applicable":
            self.not_applicable(result, f"chưa kê khai '{blocker.name}' ({label}): coi là không phát sinh")
        else:
            result.status = Status.NO_DATA
            result.message = f"chưa kê khai '{blocker.name}' ({label})"

    def fail(self, node: CompiledNode, result: NodeResult, message: str) -> None:
        result.status = Status.ERROR
        result.points = ZERO
        result.message = message
        line = self.line_of(r.name for r in result.readings)
        decision = self.unit.overrides.get(node.code)
        if decision is not None:  # an appraiser set the points: the unit is still scored
            self.problems.append(Problem(self.unit.path, line, None,
                                         f"mục {node.code} ({node.title}): {message}; điểm của mục do "
                                         f"{decision.source} chấm", code=Code.SCORE_FAILED_OVERRIDDEN,
                                         severity=Severity.WARNING, field=node.code))
            return
        self.problems.append(Problem(self.unit.path, line, None,
                                     f"mục {node.code} ({node.title}): {message}", code=Code.SCORE_FAILED,
                                     field=node.code))

    def line_of(self, names: Iterable[str]) -> int | None:
        """The unit-file line of the first declared figure among `names`, looking through derived
        values to the indicators they are computed from."""
        for name in names:
            position = self.unit.doc.positions.get(("indicators", name))
            if position is not None:
                return position[0]
            derived = self.criteria.derived_formula(name)
            line = self.line_of(derived.names) if derived is not None else None
            if line is not None:
                return line
        return None

    def score(self, node: CompiledNode, rule: CompiledRule, result: NodeResult) -> None:
        """Score a leaf whose inputs are all present, by its kind's hook (parindex.criteria.rules)."""
        kind = rule_kinds.find(rule.kind)
        if kind is None:  # pragma: no cover - the model admits no other kind
            raise FormulaError(f"loại quy tắc '{rule.kind}' không xử lý được")
        context = _LeafScore(self.env, self.criteria.decimals, result, self.unit.entered.get(node.code),
                             self.unit.survey.get(node.code))
        kind.score(context, rule, node.max)

    number = staticmethod(as_number)

    def shown(self, name: str) -> str:
        """A figure as a message shows it: 36,84%, 1.801, có/không, 31/01/2025."""
        value = self.env[name]
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, Decimal):
            return format_value(value, self.criteria.decimals, self.criteria.is_percent(name))
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        return str(value)

    def check(self, check: CompiledCheck) -> CheckFinding | None:
        """A failed consistency check, or None when it holds or its figures are not declared.

        A check that cannot be computed (0/0, a derived value that failed) is an error on the
        unit, never a silent pass.
        """
        env = self.env
        names = (*check.left.names, *check.right.names)
        blockers = [b for b in (blocking(check.left, env), blocking(check.right, env)) if b is not None]
        failed = next((b for b in blockers if isinstance(b, Failed)), None)
        if failed is not None:
            self.check_error(check, failed.message, names)
            return None
        if blockers:
            return None
        try:
            left = self.number(check.left.evaluate(env))
            right = self.number(check.right.evaluate(env))
        except FormulaError as exc:
            self.check_error(check, f"{exc} (công thức: {check.left.text} {check.relation} {check.right.text})", names)
            return None
        if check_holds(check.relation, left, right, check.tolerance):
            return None
        line = self.line_of(names)
        return CheckFinding(
            check.id, check.title, check.severity, check.relation,
            check.left.text, left, check.right.text, right, check.tolerance, line,
            check.percent, self.criteria.decimals,
        )

    def check_error(self, check: CompiledCheck, message: str, names: Iterable[str]) -> None:
        self.problems.append(Problem(self.unit.path, self.line_of(names), None,
                                     f"kiểm tra số liệu '{check.id}' ({check.title}) không tính được: {message}; "
                                     "hãy sửa số liệu đơn vị hoặc công thức kiểm tra", code=Code.CHECK_FAILED,
                                     field=check.id))


def check_holds(relation: str, left: Decimal, right: Decimal, tolerance: Decimal) -> bool:
    """Whether `left relation right` holds within `tolerance`, both sides compared at
    numbers.COMPARE_DIGITS significant digits (a/3 + a/3 + a/3 == a holds)."""
    gap = comparable(comparable(left) - comparable(right))
    tolerance = comparable(tolerance)
    return {
        "==": abs(gap) <= tolerance,
        "<=": gap <= tolerance,
        ">=": gap >= -tolerance,
        "<": gap < tolerance if tolerance else gap < 0,
        ">": gap > -tolerance if tolerance else gap > 0,
    }[relation]


def evaluate_unit(criteria: CompiledSet, unit: UnitData) -> UnitResult:
    """Score one unit. Group-relative leaves stay at 0 until `ranking.resolve_relative`."""
    with decimal.localcontext(EVAL_CONTEXT):
        state = _Unit(criteria, unit)
        areas = [state.node(n) for n in criteria.areas]
        bonus = [state.node(n) for n in criteria.bonus]
        penalties = [state.node(n) for n in criteria.penalties]
        findings = [f for f in (state.check(c) for c in criteria.checks) if f is not None]
    result = UnitResult(unit.unit_id, unit.name, unit.kind, unit.period, unit.path,
                        areas, bonus, penalties, findings, state.problems)
    for finding in findings:
        result.problems.append(Problem(unit.path, finding.line, None, describe_finding(finding),
                                       code=Code.CHECK_MISMATCH, severity=finding.severity, field=finding.id))
    finalize(criteria, result)
    return result


