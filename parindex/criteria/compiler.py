"""Compile a validated criteria set: every formula parsed once, every name resolved, every
points sum, band set, level map and rating band checked — all problems reported together.

The result, `CompiledSet`, is what evaluation reads; it never touches YAML or pydantic again.
What is particular to a rule kind (its checks, its compiled parameters) is in the kind's module
of `parindex.criteria.rules`, found through `rules.registry`.
"""

from __future__ import annotations

import functools
import itertools
import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_, field_of
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

# What a tie-break key compares, as a ranking note says it ("xếp trên … vì điểm trừ ít hơn").
TIE_BREAK_LABELS = {
    "base_points": "điểm các lĩnh vực",
    "bonus_points": "điểm thưởng",
    "penalty_points": "điểm trừ",
    "total": "tổng điểm",
    "survey_points": "điểm điều tra xã hội học",
    "judged_points": "điểm các tiêu chí chấm trực tiếp",
}


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
    evidence: str | None = None  # a leaf's evidence requirement: "required", "recommended" or None

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
class CompiledRequirement:
    """A condition of a rating: `when` (yes/no formula) or `min_applicable` (a fraction 0–1)."""

    when: Formula | None
    min_applicable: Decimal | None
    reason: str | None
    line: int | None = None


@dataclass
class CompiledRating:
    name: str
    interval: Interval
    requires: list[CompiledRequirement] = field(default_factory=list)
    lower: str | None = None  # the next lower rating: where a unit failing `requires` goes


@dataclass
class CompiledRankingGroup:
    id: str
    name: str
    kind: str
    when: Formula
    line: int | None = None


@dataclass
class CompiledTieBreak:
    """One tie-break key: `by` (schema.TIE_BREAK_KEYS), `node` for by=node, `prefer` higher/lower."""

    by: str
    node: str | None
    prefer: str
    label: str


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
    ranking_groups: list[CompiledRankingGroup] = field(default_factory=list)
    tie_breaks: list[CompiledTieBreak] = field(default_factory=list)
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

    @functools.cached_property
    def nodes_by_code(self) -> dict[str, CompiledNode]:
        """Every node (areas, bonus, penalties) by its code."""
        return {n.code: n for root in (*self.areas, *self.bonus, *self.penalties) for n in root.walk()}

    @functools.cached_property
    def evidence_leaves(self) -> tuple[str, ...]:
        """The codes of the leaves whose points need (or should have) evidence."""
        return tuple(code for code, n in self.nodes_by_code.items() if n.evidence is not None)

    @functools.cached_property
    def survey_scale(self) -> dict[str, Decimal]:
        """The survey's answers and the share each earns, in the set's order ({} without a survey)."""
        return dict(self.spec.survey.scale) if self.spec.survey is not None else {}

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
    def error(self, loc: Path_, message: str, code: Code) -> None:
        self.problems.append(self.doc.problem(loc, message, code=code))

    def warn(self, loc: Path_, message: str, code: Code) -> None:
        self.problems.append(self.doc.problem(loc, message, code=code, severity=Severity.WARNING))

    def formula(self, loc: Path_, text: str, expected: ValueType | None) -> Formula | None:
        if self.broken and self.broken & _names_in(text):
            return None
        try:
            compiled = compile_formula(text, self.types, expected)
        except FormulaInvalid as exc:
            for issue in exc.issues:
                line, col = self.formula_position(loc, text, issue.offset)
                self.problems.append(Problem(self.doc.path, line, col, issue.message, code=issue.code,
                                             field=field_of(loc)))
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
                           f"{', '.join(model.UNIT_KINDS)}" + did_you_mean(kind, list(model.UNIT_KINDS)),
                           Code.SET_UNKNOWN_UNIT_KIND)
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
        ranking_groups = self.compile_ranking_groups()
        by_code = {n.code: n for root in (*areas, *bonus, *penalties) for n in root.walk()}
        tie_breaks = self.compile_tie_breaks(by_code)
        checks = self.compile_checks()
        self.compile_survey(by_code)
        for specs, nodes in ((spec.areas, areas), (spec.bonus, bonus), (spec.penalties, penalties)):
            self.compile_evidence(specs, nodes, None)
        clean = not any(p.severity is Severity.ERROR for p in self.problems)
        for name in spec.indicators if clean else ():
            if name not in self.read:
                self.warn(("indicators", name), f"chỉ số '{name}' không được quy tắc nào đọc", Code.SET_UNUSED_NAME)
        for item in derived if clean else ():
            if item.name not in self.read:
                self.warn(("derived", item.name), f"giá trị dẫn xuất '{item.name}' không được quy tắc nào đọc",
                          Code.SET_UNUSED_NAME)
        return CompiledSet(
            spec, self.doc.path, dict(spec.indicators), derived, areas, bonus, penalties, ratings,
            checks, [p for p in self.problems if p.severity is Severity.WARNING], ranking_groups, tie_breaks,
        )

    def check_name(self, loc: Path_, name: str, what: str) -> None:
        if not model.IDENTIFIER.fullmatch(name):
            folded = "".join(c if c.isalnum() else "_" for c in fold_name(name)).strip("_")
            hint = f"; ví dụ '{folded}'" if folded and model.IDENTIFIER.fullmatch(folded) else ""
            self.error(loc, f"tên {what} '{name}' phải viết thường, không dấu, nối bằng '_' "
                            f"(chữ a–z, số, '_'){hint}", Code.SET_BAD_NAME)

    def compile_derived(self) -> list[CompiledDerived]:
        pending: dict[str, model.Derived] = {}
        for name, item in self.spec.derived.items():
            self.check_name(("derived", name), name, "giá trị dẫn xuất")
            if name in self.spec.indicators:
                self.error(("derived", name), f"'{name}' đã là tên một chỉ số; hãy đặt tên khác",
                           Code.SET_DUPLICATE_NAME)
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
                               f"(qua: {', '.join(sorted(deps[name] - done))})", Code.FORMULA_CYCLE)
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
            self.error((*loc, "code"), f"mã '{node.code}' bị trùng (đã dùng ở dòng {self.codes[node.code]})",
                       Code.SET_DUPLICATE_CODE)
        else:
            self.codes[node.code] = line
        if node.max <= 0:
            self.error((*loc, "max"), f"điểm tối đa của mục {node.code} phải lớn hơn 0", Code.SET_NOT_POSITIVE)
        children: list[CompiledNode] = []
        rule: CompiledRule | None = None
        if node.children is not None:
            for index, child in enumerate(node.children):
                child_loc = (*loc, "children", index)
                if not child.code.startswith(node.code + ".") and role == AREA:
                    self.warn((*child_loc, "code"),
                              f"mã '{child.code}' không bắt đầu bằng mã mục cha '{node.code}.'", Code.SET_CODE_PREFIX)
                children.append(self.node(child_loc, child, depth + 1, role))
            if role == AREA:
                self.check_sum((*loc, "max"), f"tổng điểm các mục con của {node.code}",
                               node.children, node.max, f"điểm tối đa của {node.code}")
            else:
                for index, child in enumerate(node.children):
                    if child.max > node.max:
                        self.error((*loc, "children", index, "max"),
                                   f"điểm tối đa của {child.code} ({format_number(child.max)}) lớn hơn "
                                   f"mức trần của {node.code} ({format_number(node.max)})", Code.SET_CHILD_ABOVE_MAX)
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
            self.error(loc, f"{what} = {shown}, khác {target} ({format_number(expected)})", Code.SET_SUM_MISMATCH)

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
            self.error(loc, f"mẫu giải thích sai: {exc}; dùng {{tên}} để chèn giá trị", Code.SET_EXPLAIN_SYNTAX)
            return
        known = [*self.types, *TEMPLATE_FIELDS]
        for name in fields:
            if name not in known:
                self.error(loc, f"mẫu giải thích dùng '{{{name}}}' chưa khai báo" + did_you_mean(name, known),
                           Code.SET_EXPLAIN_UNKNOWN_NAME)
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
                               f"từ 0% đến 100% (ví dụ '90%'), nhận {format_number(bound)}",
                               Code.SET_RATING_NOT_PERCENT)
            requires = [self.requirement(("ratings", index, "requires", n), item.name, r)
                        for n, r in enumerate(item.requires)]
            ratings.append(CompiledRating(item.name, interval, [r for r in requires if r is not None]))
        if bounds_ok:
            named = [(r.name, r.interval) for r in ratings]
            issues = coverage_issues(named, ZERO, ONE, percent=True)
            for message in issues:
                self.error(("ratings",), f"xếp loại: {message}", message.rating_code)
            if not issues:
                self.link_lower_ratings(ratings)
        return ratings

    def requirement(self, loc: Path_, rating: str, item: model.Requirement) -> CompiledRequirement | None:
        """A condition of a rating (`requires`): its formula checked like any other, a minimum share
        written in percent."""
        line = self.doc.where(loc)[0]
        if item.when is not None:
            when = self.formula((*loc, "when"), item.when, T_BOOL)
            return None if when is None else CompiledRequirement(when, None, item.reason, line)
        share = item.min_applicable
        assert share is not None
        if not ZERO <= share <= ONE:
            self.error((*loc, "min_applicable"), f"'min_applicable' của xếp loại '{rating}' phải viết theo phần "
                       f"trăm từ 0% đến 100% (ví dụ '80%'), nhận {format_number(share)}",
                       Code.SET_REQUIRES_NOT_PERCENT)
            return None
        return CompiledRequirement(None, share, item.reason, line)

    def link_lower_ratings(self, ratings: list[CompiledRating]) -> None:
        """Each rating's next lower one (ratings cover 0–100% without gap: ordered by their lower
        bound); the lowest cannot have `requires`, as there is nothing to cap a unit to."""
        def lower_bound(index: int) -> tuple[bool, Decimal, bool]:
            interval = ratings[index].interval
            return (interval.lower is not None, interval.lower or ZERO, not interval.lower_closed)

        ordered = sorted(range(len(ratings)), key=lower_bound)
        for below, above in itertools.pairwise(ordered):
            ratings[above].lower = ratings[below].name
        lowest = ordered[0]
        if self.spec.ratings[lowest].requires:
            self.error(("ratings", lowest, "requires"),
                       f"xếp loại thấp nhất '{ratings[lowest].name}' không thể có điều kiện 'requires': không có "
                       "xếp loại nào thấp hơn để hạ đơn vị không đạt điều kiện xuống", Code.SET_REQUIRES_ON_LOWEST)

    def compile_ranking_groups(self) -> list[CompiledRankingGroup]:
        """Ranking groups: unique ids, a kind the set scores, a yes/no `when` checked like any formula."""
        result = []
        ids: dict[str, int | None] = {}
        for index, group in enumerate(self.spec.ranking_groups):
            loc: Path_ = ("ranking_groups", index)
            line = self.doc.where(loc)[0]
            if group.id in ids:
                self.error((*loc, "id"), f"mã nhóm xếp hạng '{group.id}' bị trùng (đã dùng ở dòng {ids[group.id]})",
                           Code.SET_DUPLICATE_GROUP_ID)
            else:
                ids[group.id] = line
            kinds = self.spec.unit_kinds
            if group.kind not in kinds:
                self.error((*loc, "kind"), f"nhóm xếp hạng '{group.id}' thuộc loại đơn vị '{group.kind}', không có "
                           f"trong 'unit_kinds' của bộ tiêu chí ({', '.join(kinds)})" + did_you_mean(group.kind, kinds),
                           Code.SET_GROUP_UNKNOWN_KIND)
            when = self.formula((*loc, "when"), group.when, T_BOOL)
            if when is not None:
                result.append(CompiledRankingGroup(group.id, group.name, group.kind, when, line))
        return result

    def compile_tie_breaks(self, nodes: dict[str, CompiledNode]) -> list[CompiledTieBreak]:
        """Tie-break keys: a node that exists (`nodes`: every node by code), each key once; a key
        that can only ever be 0 for this set (no survey leaf, no bonus block…) is warned about."""
        kinds = {n.rule.kind for n in nodes.values() if n.rule is not None}
        empty = {"bonus_points": not self.spec.bonus, "penalty_points": not self.spec.penalties,
                 "survey_points": "survey" not in kinds, "judged_points": "judged" not in kinds}
        result = []
        seen: set[tuple[str, str | None]] = set()
        for index, item in enumerate(self.spec.tie_breaks):
            loc: Path_ = ("tie_breaks", index)
            key = (item.by, item.node)
            shown = f"by: node, node: {item.node}" if item.node is not None else f"by: {item.by}"
            if key in seen:
                self.error(loc, f"tiêu chí phân định hạng '{shown}' bị trùng", Code.SET_DUPLICATE_TIE_BREAK)
                continue
            seen.add(key)
            if item.node is not None and item.node not in nodes:
                self.error((*loc, "node"), f"tiêu chí phân định hạng đọc mục '{item.node}', không có trong bộ "
                           "tiêu chí" + did_you_mean(item.node, list(nodes)), Code.SET_TIE_BREAK_UNKNOWN_NODE)
                continue
            if empty.get(item.by, False):
                self.warn(loc, f"tiêu chí phân định hạng '{shown}' luôn bằng 0 với bộ tiêu chí này "
                          "(không có mục nào tương ứng); nó không phân định được đơn vị nào",
                          Code.SET_TIE_BREAK_UNUSED)
            prefer = item.prefer or ("lower" if item.by == "penalty_points" else "higher")
            label = (f"điểm mục {item.node} ({nodes[item.node].title})" if item.node is not None
                     else TIE_BREAK_LABELS[item.by])
            result.append(CompiledTieBreak(item.by, item.node, prefer, label))
        return result

    def compile_checks(self) -> list[CompiledCheck]:
        result = []
        ids: set[str] = set()
        for index, check in enumerate(self.spec.checks):
            loc: Path_ = ("checks", index)
            if check.id in ids:
                self.error((*loc, "id"), f"mã kiểm tra '{check.id}' bị trùng", Code.SET_DUPLICATE_CHECK_ID)
            ids.add(check.id)
            left = self.formula((*loc, "left"), check.left, T_NUMBER)
            right = self.formula((*loc, "right"), check.right, T_NUMBER)
            if check.tolerance < 0:
                self.error((*loc, "tolerance"), "'tolerance' không được âm", Code.SET_NEGATIVE_TOLERANCE)
            if left is not None and right is not None:
                percent = any(f.is_bare_name and self.is_percent(f.names[0]) for f in (left, right))
                result.append(CompiledCheck(check.id, check.title, left, check.relation, right,
                                            check.tolerance, Severity(check.severity), percent))
        return result


    def compile_survey(self, nodes: dict[str, CompiledNode]) -> None:
        """The survey section: shares within 0–100%, weights above 0, every question feeding a
        survey leaf of `nodes` (each survey leaf's questions add up to its max: the kind's compile hook)."""
        survey = self.spec.survey
        if survey is None:
            return
        for answer, share in survey.scale.items():
            if not ZERO <= share <= ONE:
                self.error(("survey", "scale", answer), f"câu trả lời '{answer}' của thang điều tra được "
                           f"{format_number(share)}; phải từ 0% đến 100% (ví dụ 60%)", Code.SET_SURVEY_SCALE)
        for group_id, group in survey.groups.items():
            if group.weight <= 0:
                self.error(("survey", "groups", group_id, "weight"), f"trọng số của nhóm '{group_id}' "
                           f"({group.name}) phải lớn hơn 0, nhận {format_number(group.weight)}", Code.SET_SURVEY_WEIGHT)
        survey_leaves = [code for code, n in nodes.items() if n.rule is not None and n.rule.kind == "survey"]
        for question_id, question in survey.questions.items():
            node = nodes.get(question.node)
            if node is None:
                self.error(("survey", "questions", question_id, "node"),
                           f"câu hỏi '{question_id}' ghi node: \"{question.node}\", không có mục nào mã này"
                           + did_you_mean(question.node, survey_leaves or list(nodes)), Code.SET_SURVEY_UNKNOWN_NODE)
            elif node.rule is None or node.rule.kind != "survey":
                kind = "có mục con" if node.rule is None else f"chấm theo quy tắc '{node.rule.kind}'"
                self.error(("survey", "questions", question_id, "node"),
                           f"câu hỏi '{question_id}' ghi node: \"{question.node}\", nhưng mục đó {kind}, không phải "
                           "mục chấm theo điều tra (rule: {kind: survey})", Code.SET_SURVEY_UNKNOWN_NODE)
            if question.max <= 0:
                self.error(("survey", "questions", question_id, "max"),
                           f"điểm tối đa của câu hỏi '{question_id}' phải lớn hơn 0", Code.SET_NOT_POSITIVE)

    def compile_evidence(self, specs: list[model.Node], nodes: list[CompiledNode], inherited: str | None) -> None:
        """Each leaf's evidence requirement: its own `evidence`, else its nearest parent's."""
        for spec, node in zip(specs, nodes, strict=True):
            own = spec.evidence if spec.evidence is not None else inherited
            if spec.children is not None:
                self.compile_evidence(spec.children, node.children, own)
            elif own in ("required", "recommended"):
                node.evidence = own


def _names_in(text: str) -> set[str]:
    from parindex.criteria.formulas import names_in

    return names_in(text)


def compile_set(spec: model.CriteriaSet, doc: Document) -> tuple[CompiledSet, list[Problem]]:
    """Compile a validated set; returns the compiled set and every problem (errors and warnings)."""
    compiler = _Compiler(spec, doc)
    compiled = compiler.compile()
    return compiled, compiler.problems
