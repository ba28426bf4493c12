"""What a blank form shows, worked out once from a criteria set for every writer of forms (the YAML
form, reports.form_yaml; the workbooks, reports.xlsx.forms): each indicator a unit declares, with
its Vietnamese label, kind, unit of measure, bounds and what an empty value means, and the
sub-criteria that read it; grouped by area and criterion (the first sub-criterion that reads an
indicator places it); the judged sub-criteria whose points the unit enters itself.

Indicators no sub-criterion reads (read by a check, a ranking group or a rating condition only)
come last, under "Chỉ số khác". Indicators the Sở loads from system data (`source: system`) are
not on a unit's form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parindex.core.numbers import format_number, format_points, percent_of
from parindex.criteria import schema
from parindex.criteria.compiler import CompiledNode, CompiledSet
from parindex.intake.appraisal import judged_step

KIND_WORDS = {
    "count": "số đếm",
    "number": "số",
    "percent": "tỷ lệ %",
    "yes_no": "có/không",
    "choice": "lựa chọn",
    "date": "ngày",
}
EMPTY_WORDS = {
    "error": "bắt buộc kê khai (để trống: tệp bị từ chối)",
    "not_applicable": "để trống: không phát sinh (mục dùng chỉ số này không tính điểm tối đa)",
    "no_data": "để trống: chưa kê khai (mục dùng chỉ số này được 0 điểm)",
}


@dataclass(frozen=True)
class FormIndicator:
    name: str
    label: str
    kind: str
    unit: str | None
    low: Decimal | None  # bounds as a person writes them (a percent's from 0 to 100)
    high: Decimal | None
    choices: dict[str, str]
    missing: str
    used_by: tuple[tuple[str, str], ...]  # (code, title) of the sub-criteria that read it
    note: str | None = None

    @property
    def kind_words(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind)

    @property
    def required(self) -> bool:
        return self.missing == "error"

    @property
    def empty_words(self) -> str:
        return EMPTY_WORDS.get(self.missing, self.missing)

    def bounds_words(self) -> str | None:
        """The bounds in words: "từ 0 đến 100", "≥ 0", "tối đa 12"; None without any."""
        low, high = self.low, self.high
        if self.kind == "count" and (low is None or low < 0):
            low = Decimal(0)
        if self.kind == "percent":
            low = Decimal(0) if low is None else max(low, Decimal(0))
            high = Decimal(100) if high is None else min(high, Decimal(100))
        if low is not None and high is not None:
            return f"từ {format_number(low)} đến {format_number(high)}"
        if low is not None:
            return f"≥ {format_number(low)}"
        if high is not None:
            return f"≤ {format_number(high)}"
        return None

    def how_words(self) -> str:
        """How to write the value, in one line."""
        parts: list[str] = []
        if self.kind == "count":
            parts.append("số nguyên")
        elif self.kind == "percent":
            parts.append("số từ 0 đến 100 (95 hoặc 95%)")
        elif self.kind == "yes_no":
            parts.append("có hoặc không")
        elif self.kind == "date":
            parts.append("ngày dd/mm/yyyy")
        elif self.kind == "choice":
            parts.append("một trong: " + "; ".join(self.choices.values()))
        bounds = self.bounds_words()
        narrower = self.kind != "percent" or bool(self.low) or (self.high is not None and self.high != 100)
        if bounds is not None and narrower:
            parts.append(bounds)
        if self.unit:
            parts.append(f"đơn vị tính: {self.unit}")
        return "; ".join(parts)

    def used_words(self) -> str:
        return ", ".join(code for code, _ in self.used_by)


@dataclass
class FormCriterion:
    code: str
    title: str
    indicators: list[FormIndicator] = field(default_factory=list)


@dataclass
class FormArea:
    code: str
    title: str
    max: str
    criteria: list[FormCriterion] = field(default_factory=list)

    @property
    def indicators(self) -> list[FormIndicator]:
        return [i for c in self.criteria for i in c.indicators]


@dataclass(frozen=True)
class FormJudged:
    code: str
    title: str
    max: Decimal
    step: Decimal
    area: str
    evidence: str | None  # "required", "recommended" or None


@dataclass
class Form:
    set_id: str
    title: str
    year: int
    unit_kinds: list[str]
    unit_kind: str | None  # the kind written in the form (the set's only kind, or --unit-kind)
    decimals: int
    areas: list[FormArea]
    other: list[FormIndicator]
    judged: list[FormJudged]
    # The sub-criteria whose points need (or should have) evidence: (code, title, "required" or "recommended").
    evidence: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def indicators(self) -> list[FormIndicator]:
        return [i for a in self.areas for i in a.indicators] + self.other

    def points(self, value: Decimal) -> str:
        return format_points(value, self.decimals)

    @property
    def period(self) -> str:
        return f"Năm {self.year}"

    @property
    def kind_words(self) -> str:
        return ", ".join(f"{k} ({schema.UNIT_KINDS.get(k, k)})" for k in self.unit_kinds)


def build_form(criteria: CompiledSet, unit_kind: str | None = None) -> Form:
    """The form of a criteria set (for `unit_kind`, or the set's only kind)."""
    kind = unit_kind if unit_kind is not None else (
        criteria.spec.unit_kinds[0] if len(criteria.spec.unit_kinds) == 1 else None)
    used: dict[str, list[tuple[str, str]]] = {}
    first: dict[str, tuple[CompiledNode, CompiledNode]] = {}  # indicator → (area, criterion) of its first reader
    roots = [*criteria.areas, *criteria.bonus, *criteria.penalties]
    for root in roots:
        for leaf in root.leaves():
            for name in _indicators_read(criteria, leaf):
                used.setdefault(name, []).append((leaf.code, leaf.title))
                first.setdefault(name, (root, _criterion_of(root, leaf)))
    declared = {name: spec for name, spec in criteria.indicators.items() if getattr(spec, "source", "unit") != "system"}
    areas: list[FormArea] = []
    for root in roots:
        area = FormArea(root.code, root.title, format_points(root.max, criteria.decimals))
        by_criterion: dict[str, FormCriterion] = {}
        for name, spec in declared.items():
            placed = first.get(name)
            if placed is None or placed[0] is not root:
                continue
            node = placed[1]
            group = by_criterion.get(node.code)
            if group is None:
                group = by_criterion[node.code] = FormCriterion(node.code, node.title)
            group.indicators.append(_indicator(name, spec, used.get(name, [])))
        order = {node.code: index for index, node in enumerate(root.walk())}
        area.criteria = sorted(by_criterion.values(), key=lambda c: order.get(c.code, 0))
        for criterion in area.criteria:
            criterion.indicators.sort(key=lambda i: _first_use(i, order))
        if area.criteria:
            areas.append(area)
    other = [_indicator(name, spec, []) for name, spec in declared.items() if name not in first]
    judged = [FormJudged(leaf.code, leaf.title, leaf.max, step, root.title, leaf.evidence)
              for root in roots for leaf in root.leaves() if (step := judged_step(leaf)) is not None]
    evidence = [(leaf.code, leaf.title, leaf.evidence) for root in roots for leaf in root.leaves()
                if leaf.evidence is not None]
    info = criteria.spec
    return Form(info.id, info.title, info.year, list(info.unit_kinds), kind, criteria.decimals, areas, other, judged,
                evidence)


def _first_use(indicator: FormIndicator, order: dict[str, int]) -> int:
    return min((order.get(code, len(order)) for code, _ in indicator.used_by), default=len(order))


def _criterion_of(root: CompiledNode, leaf: CompiledNode) -> CompiledNode:
    """The criterion (a child of the area) a leaf belongs to; the area itself for a leaf area."""
    for child in root.children:
        if leaf in child.walk():
            return child
    return root


def _indicators_read(criteria: CompiledSet, leaf: CompiledNode) -> list[str]:
    """The indicators a leaf reads, directly or through derived values, in the order its formulas name them."""
    rule = leaf.rule
    if rule is None:
        return []
    names = [n for formula in rule.formulas.values() for n in formula.names]
    if rule.not_applicable_when is not None:
        names += rule.not_applicable_when.names
    found: list[str] = []
    pending = list(reversed(names))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in criteria.indicators:
            found.append(name)
            continue
        formula = criteria.derived_formula(name)
        if formula is not None:
            pending.extend(reversed(formula.names))
    return found


def _indicator(name: str, spec: schema.Indicator, used: list[tuple[str, str]]) -> FormIndicator:
    low, high = spec.min, spec.max
    if spec.kind == "percent":
        low = percent_of(low) if low is not None else None
        high = percent_of(high) if high is not None else None
    return FormIndicator(name, spec.label, spec.kind, spec.unit, low, high, dict(spec.choices or {}), spec.missing,
                         tuple(dict.fromkeys(used)), spec.note)
