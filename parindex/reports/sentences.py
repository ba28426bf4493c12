"""Vietnamese sentences from result trees: one for every sub-criterion that lost points.

Example: "1.1.4 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch
7 / 19 = 36,84%, thuộc mức 'dưới 70%'."
"""

from __future__ import annotations

import datetime as dt
import decimal
import string
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.core.numbers import (
    EVAL_CONTEXT,
    ONE,
    comparable,
    format_percent,
    format_points,
)
from parindex.criteria.bands import Interval, format_in_bands
from parindex.criteria.compiler import CompiledNode, CompiledSet
from parindex.criteria.rules import registry as rule_kinds
from parindex.engine.sources import BY_RULE, SELF_FIGURES
from parindex.intake.entries import Entered
from parindex.results.scorecard import Absent, Failed, NodeResult, Reading, Status, UnitResult, lower_first


class Explainer:
    """Writes sentences for one criteria set (labels, percent formats, rule parameters)."""

    def __init__(self, criteria: CompiledSet) -> None:
        self.criteria = criteria
        self.decimals = criteria.decimals
        self.nodes: dict[str, CompiledNode] = {
            n.code: n for root in (*criteria.areas, *criteria.bonus, *criteria.penalties) for n in root.walk()
        }

    # -- values ----------------------------------------------------------------------------
    def value(self, name: str, value: Any) -> str:
        if isinstance(value, Absent):
            return "chưa kê khai"
        if isinstance(value, Failed):
            return "không tính được"
        if isinstance(value, bool):
            return "có" if value else "không"
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, str):
            spec = self.criteria.indicators.get(name)
            if spec is not None and spec.choices:
                return spec.choices.get(value, value)
            return value
        if isinstance(value, Decimal):
            if self.criteria.is_percent(name):
                return format_percent(value, self.decimals)
            return format_points(value, self.decimals)
        return str(value)

    def banded(self, node: NodeResult, name: str, value: Any) -> str:
        """The value a bands rule matched, with enough decimals that it visibly lies in the band
        named beside it (69,996% next to 'dưới 70%', never 70,00%); other values as `value`."""
        compiled = self.nodes.get(node.code)
        rule = compiled.rule if compiled is not None else None
        if (rule is None or rule.kind != "bands" or not rule.main.is_bare_name or rule.main.names[0] != name
                or not isinstance(value, Decimal) or isinstance(value, bool)):
            return self.value(name, value)
        intervals = [band.interval for band in rule.bands]
        return format_in_bands(value, self.decimals, intervals, percent=self.criteria.is_percent(name))

    def index(self, result: UnitResult) -> str:
        """The index as a percentage that never contradicts the rating beside it: 0,89996 rated
        'Tốt' (80% to below 90%) is shown 89,996%, not 90,00%."""
        if result.index is None:
            return "—"
        intervals = [rating.interval for rating in self.criteria.ratings]
        return format_in_bands(result.index, self.decimals, intervals, percent=True, ceiling=ONE)

    def total(self, result: UnitResult) -> str:
        """The total points, shown so that total ÷ applicable max never reads as another rating:
        8,9996 of 10 rated 'Tốt' (below 90%) is shown 8,9996, not 9."""
        maximum = result.applicable_max
        if result.index is None or maximum <= 0:
            return format_points(result.total, self.decimals)
        with decimal.localcontext(EVAL_CONTEXT):
            intervals = [Interval(None if r.interval.lower is None else r.interval.lower * maximum,
                                  r.interval.lower_closed,
                                  None if r.interval.upper is None else r.interval.upper * maximum,
                                  r.interval.upper_closed) for r in self.criteria.ratings]
        return format_in_bands(result.total, self.decimals, intervals, ceiling=maximum)

    def reading(self, reading: Reading, node: NodeResult | None = None) -> str:
        """'tỷ lệ hoàn thành 7 / 19 = 36,84%' for a derived value, 'số hồ sơ trễ hạn: 3' otherwise."""
        label = lower_first(self.criteria.label_of(reading.name))
        shown = self.value(reading.name, reading.value) if node is None else \
            self.banded(node, reading.name, reading.value)
        formula = self.criteria.derived_formula(reading.name)
        if formula is not None and reading.parts and not isinstance(reading.value, (Absent, Failed)):
            substituted = formula.substitute({p.name: self.value(p.name, p.value) for p in reading.parts})
            return f"{label} {substituted} = {shown}"
        return f"{label}: {shown}"

    def readings(self, node: NodeResult) -> str:
        return "; ".join(self.reading(r, node) for r in node.readings)

    # -- sentences -------------------------------------------------------------------------
    def head(self, node: NodeResult) -> str:
        points = format_points(node.points, self.decimals)
        return f"{node.code} {node.title}: {points}/{format_points(node.max, self.decimals)} điểm"

    def sentence(self, node: NodeResult, penalty: bool = False) -> str:
        """The sentence for one leaf, whatever its status."""
        if node.status is Status.NOT_APPLICABLE:
            message = node.message or ""
            read = f"{self.readings(node)} " if node.readings and message.startswith("điều kiện") else ""
            return f"{node.code} {node.title}: không phát sinh — {read}({message})."
        if node.status is Status.NO_DATA:
            return f"{self.head(node)} — {node.message}, không được tính điểm."
        if node.status is Status.ERROR:
            return f"{self.head(node)} — lỗi: {node.message}."
        if node.rule_result is not None and node.entered is not None:
            reason = self.overridden(node, node.entered, node.rule_result)
        else:
            compiled = self.nodes.get(node.code)
            rule = compiled.rule if compiled is not None else None
            reason = self.template(rule.explain, node) if rule is not None and rule.explain else self.reason(node)
            if node.source and node.source != SELF_FIGURES and node.source.startswith(BY_RULE):
                reason += f"; {node.source}"  # figures an appraisal round corrected
        if penalty:
            return f"{node.code} {node.title}: bị trừ {format_points(node.points, self.decimals)} điểm — {reason}."
        return f"{self.head(node)} — {reason}."

    def overridden(self, node: NodeResult, entered: Entered, own: NodeResult) -> str:
        """'thẩm định vòng 1 chấm 0,25 vì <lý do>; quy tắc cho 0,5 (<why the rule gave it>)'."""
        who = entered.source + (f" ({entered.by})" if entered.by else "")
        text = f"{who} chấm {format_points(node.points, self.decimals)}"
        if entered.reason:
            text += f" vì {entered.reason}"
        if own.status is Status.SCORED and own.rule_kind == "relative":  # its value set no best of the group
            return f"{text}; không chấm theo tỷ lệ so với đơn vị cao nhất trong nhóm ({self.readings(own)})"
        if own.status is Status.SCORED:
            compiled = self.nodes.get(own.code)
            rule = compiled.rule if compiled is not None else None
            why = self.template(rule.explain, own) if rule is not None and rule.explain else self.reason(own)
            return f"{text}; quy tắc cho {format_points(own.points, self.decimals)} ({why})"
        if own.status is Status.NOT_APPLICABLE:
            return f"{text}; theo quy tắc mục này không phát sinh ({own.message})"
        words = "lỗi: " if own.status is Status.ERROR else ""
        return f"{text}; quy tắc không cho điểm ({words}{own.message})"

    def reason(self, node: NodeResult) -> str:
        """Why a scored leaf has its points, by its kind's explain hook (parindex.criteria.rules)."""
        compiled = self.nodes.get(node.code)
        rule = compiled.rule if compiled is not None else None
        read = self.readings(node)
        kind = rule_kinds.find(node.rule_kind)
        if kind is None:
            return read
        return kind.explain(_Reason(self, node, read), rule)

    def shown(self, node: NodeResult) -> dict[str, str]:
        return {r.name: self.banded(node, r.name, r.value) for r in node.readings}

    def template(self, text: str, node: NodeResult) -> str:
        values: dict[str, str] = {
            "points": format_points(node.points, self.decimals),
            "max": format_points(node.max, self.decimals),
            "matched": node.matched or "",
            "value": self.banded(node, node.readings[0].name, node.value) if node.readings else str(node.value),
        }
        values.update(self.shown(node))

        def walk(readings: list[Reading]) -> None:
            for r in readings:
                values.setdefault(r.name, self.value(r.name, r.value))
                walk(r.parts)

        walk(node.readings)
        formatter = string.Formatter()
        return "".join(
            literal + (values.get(field, "?") if field is not None else "")
            for literal, field, _, _ in formatter.parse(text)
        )

    def losses(self, roots: list[NodeResult], penalty: bool = False) -> list[str]:
        """Sentences for every leaf that lost points (or, in a penalty block, took points)."""
        sentences = []
        for root in roots:
            for node in root.walk():
                if not node.is_leaf:
                    continue
                if penalty:
                    if comparable(node.points) > 0 or node.status in (Status.ERROR, Status.NO_DATA):
                        sentences.append(self.sentence(node, penalty=node.status is Status.SCORED))
                elif node.status in (Status.NO_DATA, Status.ERROR) or (
                    node.status is Status.SCORED and comparable(node.points) < node.max
                ):
                    sentences.append(self.sentence(node))
        return sentences

    def not_applicable(self, roots: list[NodeResult]) -> list[str]:
        return [self.sentence(n) for root in roots for n in root.walk()
                if n.is_leaf and n.status is Status.NOT_APPLICABLE]


@dataclass(frozen=True, slots=True)
class _Reason:
    """The explainer's side of an explain hook's `ExplainContext`, for one leaf."""

    explainer: Explainer
    leaf: NodeResult
    read: str

    @property
    def decimals(self) -> int:
        return self.explainer.decimals

    def shown(self) -> dict[str, str]:
        return self.explainer.shown(self.leaf)
