"""Compile a validated criteria set: every formula parsed once, every name resolved, every
points sum, band set, level map and rating band checked — all problems reported together.

The result, `CompiledSet`, is what evaluation reads; it never touches YAML or pydantic again.
What is particular to a rule kind (its checks, its compiled parameters) is in the kind's module
of `parindex.criteria.rules`, found through `rules.registry`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.core.document import Document, Path_
from parindex.core.errors import Problem, Severity
from parindex.core.numbers import ONE, ZERO, format_number
from parindex.core.text import did_you_mean, fold_name
from parindex.criteria import schema as model
from parindex.criteria.bands import Interval, coverage_issues
from parindex.criteria.formulas import T_BOOL, T_DATE, T_NUMBER, Formula, FormulaInvalid, ValueType, compile_formula
from parindex.criteria.rules import registry as rule_kinds
from parindex.criteria.rules.kind import CompiledBand as CompiledBand  # re-exported: evaluators read them here
from parindex.criteria.rules.kind import CompiledRule as CompiledRule

BONUS = "bonus"
PENALTY = "penalty"
AREA = "area"

TEMPLATE_FIELDS = ("points", "max", "matched", "value")


@dataclass
class CompiledNode:
    code: str
    title: str
    max: Decimal
    depth: int
    children: list[CompiledNode]
    rule: CompiledRule | None
    line: int | None
    basis: str | None = None

    def leaves(self) -> list[CompiledNode]:
        if self.rule is not None:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def walk(self) -> list[CompiledNode]:
        return [self, *(n for child in self.children for n in child.walk())]


@dataclass
class CompiledDerived:
    name: str
    label: str
    formula: Formula
    is_percent: bool
    min: Decimal | None = None  # declared range: a unit's value outside it is warned about
    max: Decimal | None = None


@dataclass
class CompiledRating:
    name: str
    interval: Interval


@dataclass
class CompiledCheck:
    id: str
    title: str
    left: Formula
    relation: str
    right: Formula
    tolerance: Decimal
    severity: Severity
    percent: bool = False  # a side is a percentage: show values and tolerance as percents


@dataclass
class CompiledSet:
    spec: model.CriteriaSet
    path: str
    indicators: dict[str, model.Indicator]
    derived: list[CompiledDerived]
    areas: list[CompiledNode]
    bonus: list[CompiledNode]
    penalties: list[CompiledNode]
    ratings: list[CompiledRating]
    checks: list[CompiledCheck]
    warnings: list[Problem]
    derived_by_name: dict[str, CompiledDerived] = field(init=False)

    def __post_init__(self) -> None:
        self.derived_by_name = {d.name: d for d in self.derived}

    @property
    def decimals(self) -> int:
        return self.spec.decimals

    def label_of(self, name: str) -> str:
        if name in self.indicators:
            return self.indicators[name].label
        derived = self.derived_by_name.get(name)
        return derived.label if derived is not None else name

    def is_percent(self, name: str) -> bool:
        if name in self.indicators:
            return self.indicators[name].kind == "percent"
        derived = self.derived_by_name.get(name)
        return derived is not None and derived.is_percent

    def derived_formula(self, name: str) -> Formula | None:
        derived = self.derived_by_name.get(name)
        return derived.formula if derived is not None else None

    def summary(self) -> dict[str, int]:
        nodes = [n for area in self.areas for n in area.walk()]
        by_depth: dict[int, int] = {}
        for node in nodes:
            by_depth[node.depth] = by_depth.get(node.depth, 0) + 1
        return {
            "areas": len(self.areas),
            "criteria": by_depth.get(2, 0),
            "sub_criteria": sum(v for d, v in by_depth.items() if d >= 3),
            "leaves": sum(len(a.leaves()) for a in self.areas),
        }


def indicator_type(spec: model.Indicator) -> ValueType:
    if spec.kind == "yes_no":
        return T_BOOL
    if spec.kind == "date":
        return T_DATE
    if spec.kind == "choice":
        assert spec.choices is not None
        return ValueType("lựa chọn", frozenset(spec.choices))
    return T_NUMBER


class _Compiler:
    def __init__(self, spec: model.CriteriaSet, doc: Document) -> None:
        self.spec = spec
        self.doc = doc
        self.problems: list[Problem] = []
        self.types: dict[str, ValueType] = {}
        self.read: set[str] = set()
        self.codes: dict[str, int | None] = {}
        self.broken: set[str] = set()  # derived values that failed: rules reading them are not re-reported

    # -- helpers ---------------------------------------------------------------------------
    def error(self, loc: Path_, message: str) -> None:
        self.problems.append(self.doc.problem(loc, message))

    def warn(self, loc: Path_, message: str) -> None:
        self.problems.append(self.doc.problem(loc, message, severity=Severity.WARNING))

    def formula(self, loc: Path_, text: str, expected: ValueType | None) -> Formula | None:
        if self.broken and self.broken & _names_in(text):
            return None
        try:
            compiled = compile_formula(text, self.types, expected)
        except FormulaInvalid as exc:
            for issue in exc.issues:
                line, col = self.formula_position(loc, text, issue.offset)
                self.problems.append(Problem(self.doc.path, line, col, issue.message))
            return None
        self.read.update(compiled.names)
        return compiled

    def formula_position(self, loc: Path_, text: str, offset: int) -> tuple[int | None, int | None]:
        """The file line and column of character `offset` of a formula: exact for a formula written
        on its line (plain or quoted); for a block (`|`) the line inside it; else the formula's line."""
        scalar = self.doc.scalars.get(loc)
        if scalar is None:
            return self.doc.where(loc)
        line, col, style = scalar
        before = text[:offset]
        if "\n" not in text and style in (None, "'", '"'):
            return line, col + (0 if style is None else 1) + offset
        if style == "|":
            return line + 1 + before.count("\n"), None
        return line, None

    # -- stages ----------------------------------------------------------------------------
    def compile(self) -> CompiledSet:
        spec = self.spec
        for index, kind in enumerate(spec.unit_kinds):
            if kind not in model.UNIT_KINDS:
                self.error(("unit_kinds", index), f"loại đơn vị '{kind}' không có; dùng một trong: "
                           f"{', '.join(model.UNIT_KINDS)}" + did_you_mean(kind, list(model.UNIT_KINDS)))
        for name, indicator in spec.indicators.items():
            self.check_name(("indicators", name), name, "chỉ số")
            self.types[name] = indicator_type(indicator)
        derived = self.compile_derived()
        areas = [self.node(("areas", i), n, 1, AREA) for i, n in enumerate(spec.areas)]
        self.check_sum(("total_points",), "tổng điểm các lĩnh vực", spec.areas, spec.total_points,
                       "'total_points'")
        bonus = [self.block(("bonus", i), n, BONUS) for i, n in enumerate(spec.bonus)]
        penalties = [self.block(("penalties", i), n, PENALTY) for i, n in enumerate(spec.penalties)]
        ratings = self.compile_ratings()
        checks = self.compile_checks()
        clean = not any(p.severity is Severity.ERROR for p in self.problems)
        for name in spec.indicators if clean else ():
            if name not in self.read:
                self.warn(("indicators", name), f"chỉ số '{name}' không được quy tắc nào đọc")
        for item in derived if clean else ():
            if item.name not in self.read:
                self.warn(("derived", item.name), f"giá trị dẫn xuất '{item.name}' không được quy tắc nào đọc")
        return CompiledSet(
            spec, self.doc.path, dict(spec.indicators), derived, areas, bonus, penalties, ratings,
            checks, [p for p in self.problems if p.severity is Severity.WARNING],
        )

    def check_name(self, loc: Path_, name: str, what: str) -> None:
        if not model.IDENTIFIER.fullmatch(name):
            folded = "".join(c if c.isalnum() else "_" for c in fold_name(name)).strip("_")
            hint = f"; ví dụ '{folded}'" if folded and model.IDENTIFIER.fullmatch(folded) else ""
            self.error(loc, f"tên {what} '{name}' phải viết thường, không dấu, nối bằng '_' "
                            f"(chữ a–z, số, '_'){hint}")

    def compile_derived(self) -> list[CompiledDerived]:
        pending: dict[str, model.Derived] = {}
        for name, item in self.spec.derived.items():
            self.check_name(("derived", name), name, "giá trị dẫn xuất")
            if name in self.spec.indicators:
                self.error(("derived", name), f"'{name}' đã là tên một chỉ số; hãy đặt tên khác")
                continue
            pending[name] = item
        deps: dict[str, set[str]] = {}
        for name, item in pending.items():
            deps[name] = _names_in(item.formula) & set(pending)
        result: list[CompiledDerived] = []
        done: set[str] = set()
        while pending:
            ready = [n for n in pending if deps[n] <= done]
            if not ready:
                for name in pending:
                    self.broken.add(name)
                    self.error(("derived", name, "formula"),
                               f"giá trị dẫn xuất '{name}' phụ thuộc vòng tròn vào chính nó "
                               f"(qua: {', '.join(sorted(deps[name] - done))})")
                break
            for name in ready:
                item = pending.pop(name)
                done.add(name)
                formula = self.formula(("derived", name, "formula"), item.formula, None)
                if formula is None:
                    self.broken.add(name)
                    continue
                self.types[name] = formula.result_type
                result.append(CompiledDerived(name, item.label, formula, item.format == "percent",
                                              item.min, item.max))
        return result

    def node(self, loc: Path_, node: model.Node, depth: int, role: str) -> CompiledNode:
        line = self.doc.where(loc)[0]
        if node.code in self.codes:
            self.error((*loc, "code"), f"mã '{node.code}' bị trùng (đã dùng ở dòng {self.codes[node.code]})")
        else:
            self.codes[node.code] = line
        if node.max <= 0:
            self.error((*loc, "max"), f"điểm tối đa của mục {node.code} phải lớn hơn 0")
        children: list[CompiledNode] = []
        rule: CompiledRule | None = None
        if node.children is not None:
            for index, child in enumerate(node.children):
                child_loc = (*loc, "children", index)
                if not child.code.startswith(node.code + ".") and role == AREA:
                    self.warn((*child_loc, "code"),
                              f"mã '{child.code}' không bắt đầu bằng mã mục cha '{node.code}.'")
                children.append(self.node(child_loc, child, depth + 1, role))
            if role == AREA:
                self.check_sum((*loc, "max"), f"tổng điểm các mục con của {node.code}",
                               node.children, node.max, f"điểm tối đa của {node.code}")
            else:
                for index, child in enumerate(node.children):
                    if child.max > node.max:
                        self.error((*loc, "children", index, "max"),
                                   f"điểm tối đa của {child.code} ({format_number(child.max)}) lớn hơn "
                                   f"mức trần của {node.code} ({format_number(node.max)})")
        else:
            assert node.rule is not None
            rule = self.rule((*loc, "rule"), node.rule, node)
        return CompiledNode(node.code, node.title, node.max, depth, children, rule, line, node.basis)

    def block(self, loc: Path_, node: model.Node, role: str) -> CompiledNode:
        return self.node(loc, node, 1, role)

    def check_sum(self, loc: Path_, what: str, nodes: list[model.Node], expected: Decimal, target: str) -> None:
        total = sum((n.max for n in nodes), ZERO)
        if total != expected:
            parts = " + ".join(format_number(n.max) for n in nodes)
            shown = f"{parts} = {format_number(total)}" if len(nodes) > 1 else parts
            self.error(loc, f"{what} = {shown}, khác {target} ({format_number(expected)})")

    def rule(self, loc: Path_, spec: Any, node: model.Node) -> CompiledRule | None:
        """The generic part of a rule (its formulas, `not_applicable_when`, `explain`); the rest is
        its kind's compile hook (see parindex.criteria.rules)."""
        kind = rule_kinds.get(spec.kind)
        formulas: dict[str, Formula] = {}
        ok = True
        for key, expected in kind.formulas.items():
            text = getattr(spec, key, None)
            if text is None:
                continue
            compiled = self.formula((*loc, key), text, expected)
            if compiled is None:
                ok = False
            else:
                formulas[key] = compiled
        na = None
        if spec.not_applicable_when is not None:
            na = self.formula((*loc, "not_applicable_when"), spec.not_applicable_when, T_BOOL)
            ok = ok and na is not None
        if not ok:
            return None
        rule = CompiledRule(spec.kind, spec, formulas, na, explain=spec.explain)
        if formulas:
            main = rule.main
            if main.is_bare_name:
                name = main.names[0]
                rule.value_label = self.label(name)
                rule.value_is_percent = self.is_percent(name)
            else:
                rule.value_label = main.text
        if kind.compile is not None:
            kind.compile(self, loc, node, rule)
        if spec.explain is not None:
            self.template((*loc, "explain"), spec.explain)
        return rule

    def label(self, name: str) -> str:
        if name in self.spec.indicators:
            return self.spec.indicators[name].label
        return self.spec.derived[name].label if name in self.spec.derived else name

    def is_percent(self, name: str) -> bool:
        if name in self.spec.indicators:
            return self.spec.indicators[name].kind == "percent"
        return name in self.spec.derived and self.spec.derived[name].format == "percent"

    def value_range(self, formula: Formula) -> tuple[Decimal | None, Decimal | None, bool]:
        """The range band coverage is checked over: declared bounds of a bare name, else all numbers."""
        if not formula.is_bare_name:
            return (None, None, False)
        name = formula.names[0]
        indicator = self.spec.indicators.get(name)
        if indicator is not None:
            defaults = {"count": (ZERO, None), "percent": (ZERO, ONE)}.get(indicator.kind, (None, None))
            low = indicator.min if indicator.min is not None else defaults[0]
            high = indicator.max if indicator.max is not None else defaults[1]
            return (low, high, indicator.kind == "count")
        derived = self.spec.derived.get(name)
        if derived is not None:
            return (derived.min, derived.max, False)
        return (None, None, False)

    def template(self, loc: Path_, text: str) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            self.error(loc, f"mẫu giải thích sai: {exc}; dùng {{tên}} để chèn giá trị")
            return
        known = [*self.types, *TEMPLATE_FIELDS]
        for name in fields:
            if name not in known:
                self.error(loc, f"mẫu giải thích dùng '{{{name}}}' chưa khai báo" + did_you_mean(name, known))
            else:
                self.read.add(name)

    def compile_ratings(self) -> list[CompiledRating]:
        ratings = []
        bounds_ok = True
        for index, item in enumerate(self.spec.ratings):
            interval = Interval.from_words(item.from_, item.above, item.to, item.below)
            for bound in (interval.lower, interval.upper):
                if bound is not None and not ZERO <= bound <= ONE:
                    bounds_ok = False
                    self.error(("ratings", index), f"ngưỡng xếp loại '{item.name}' phải viết theo phần trăm "
                               f"từ 0% đến 100% (ví dụ '90%'), nhận {format_number(bound)}")
            ratings.append(CompiledRating(item.name, interval))
        if bounds_ok:
            named = [(r.name, r.interval) for r in ratings]
            for message in coverage_issues(named, ZERO, ONE, percent=True):
                self.error(("ratings",), f"xếp loại: {message}")
        return ratings

    def compile_checks(self) -> list[CompiledCheck]:
        result = []
        ids: set[str] = set()
        for index, check in enumerate(self.spec.checks):
            loc: Path_ = ("checks", index)
            if check.id in ids:
                self.error((*loc, "id"), f"mã kiểm tra '{check.id}' bị trùng")
            ids.add(check.id)
            left = self.formula((*loc, "left"), check.left, T_NUMBER)
            right = self.formula((*loc, "right"), check.right, T_NUMBER)
            if check.tolerance < 0:
                self.error((*loc, "tolerance"), "'tolerance' không được âm")
            if left is not None and right is not None:
                percent = any(f.is_bare_name and self.is_percent(f.names[0]) for f in (left, right))
                result.append(CompiledCheck(check.id, check.title, left, check.relation, right,
                                            check.tolerance, Severity(check.severity), percent))
        return result


def _names_in(text: str) -> set[str]:
    from parindex.criteria.formulas import names_in

    return names_in(text)


def compile_set(spec: model.CriteriaSet, doc: Document) -> tuple[CompiledSet, list[Problem]]:
    """Compile a validated set; returns the compiled set and every problem (errors and warnings)."""
    compiler = _Compiler(spec, doc)
    compiled = compiler.compile()
    return compiled, compiler.problems
