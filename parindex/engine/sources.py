"""Who set each leaf's final points, and why (`NodeResult.source`), for the reference evaluator.

A leaf's points come from its rule over the unit's figures (as an appraisal round may have
corrected them), from a person (a judged leaf: the latest round that entered points), from the
survey, or from an appraiser who set them directly (an override, on a leaf of any kind: the
rule's own result is kept beside it for the explanation). Here too: the evidence a set requires
(or recommends) for points a unit claims in its self-assessment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from parindex.core.codes import Code
from parindex.core.errors import Problem, Severity
from parindex.core.numbers import format_points
from parindex.criteria.compiler import CompiledNode
from parindex.engine.aggregate import set_leaf_points
from parindex.intake.entries import ROUNDS, SELF, Entered
from parindex.intake.units import UnitData
from parindex.results.scorecard import NodeResult, Reading, Status

BY_RULE = "tính theo quy tắc"
SELF_FIGURES = f"{BY_RULE} (số liệu tự đánh giá)"
SURVEY = "điều tra xã hội học"
NOT_ENTERED = "chưa có điểm chấm"


def names_read(readings: Iterable[Reading]) -> list[str]:
    """Every indicator and derived value a leaf read, those a derived value was made from included."""
    found: dict[str, None] = {}

    def walk(items: Iterable[Reading]) -> None:
        for reading in items:
            found.setdefault(reading.name)
            walk(reading.parts)

    walk(readings)
    return list(found)


def entered_source(entered: Entered) -> str:
    """'thẩm định vòng 1 chấm: <lý do>' (the reason when there is one)."""
    return f"{entered.source} chấm" + (f": {entered.reason}" if entered.reason else "")


def rule_source(unit: UnitData, result: NodeResult) -> str:
    """'tính theo quy tắc (số liệu tự đánh giá)', or, when an appraisal round corrected a figure the
    rule read, 'tính theo quy tắc (số liệu thẩm định vòng 1: <lý do>)' (latest round first)."""
    corrections = [unit.corrections[name] for name in names_read(result.readings) if name in unit.corrections]
    if not corrections:
        return SELF_FIGURES
    corrections.sort(key=lambda c: ROUNDS.index(c.round) if c.round in ROUNDS else len(ROUNDS), reverse=True)
    parts = dict.fromkeys(f"{c.source}: {c.reason}" if c.reason else c.source for c in corrections)
    return f"{BY_RULE} (số liệu {'; '.join(parts)})"


def leaf_source(unit: UnitData, result: NodeResult) -> str:
    if result.rule_kind == "survey":
        return SURVEY
    if result.entered is not None:
        return entered_source(result.entered)
    if result.rule_kind == "judged":
        return NOT_ENTERED
    return rule_source(unit, result)


def override(result: NodeResult, entered: Entered) -> None:
    """The leaf takes the points an appraiser set, status scored, whatever its rule gave; the rule's
    own result is kept on `rule_result`. A relative leaf so decided takes no part in its group's
    best value (the appraiser did not take the unit's figure)."""
    result.rule_result = replace(result, children=[])
    set_leaf_points(result, entered.points)
    result.applicable_max = result.max
    result.message = None
    result.relative_value = None
    result.entered = entered
    result.source = entered_source(entered)


def evidence_problem(node: CompiledNode, unit: UnitData, result: NodeResult, decimals: int,
                     line: int | None) -> Problem | None:
    """Points claimed in the self-assessment without evidence, on a leaf whose set requires it (an
    error: the unit is refused) or recommends it (a warning). Met by any evidence listed under the
    leaf's code, under an indicator or derived value its rule read, or given with its points."""
    requirement = node.evidence
    if requirement is None or result.status is not Status.SCORED or result.points <= 0:
        return None
    if result.rule_result is not None or (result.entered is not None and result.entered.round != SELF):
        return None  # an appraiser decided these points
    if result.entered is not None and result.entered.evidence:
        return None
    names = [node.code, *names_read(result.readings)]
    if any(unit.evidence.get(name) for name in names):
        return None
    required = requirement == "required"
    read = names[1:]
    under = f"\"{node.code}\"" + (f" hoặc dưới một chỉ số mục này đọc ({', '.join(read)})" if read else "")
    message = (f"mục {node.code} ({node.title}) được {format_points(result.points, decimals)} điểm nhưng không có "
               f"tài liệu kiểm chứng; bộ tiêu chí {'yêu cầu' if required else 'khuyến nghị'} có tài liệu kiểm chứng "
               f"cho mục này — hãy ghi dưới 'evidence:' theo mã {under}")
    return Problem(unit.path, line, None, message,
                   code=Code.SCORE_EVIDENCE_REQUIRED if required else Code.SCORE_EVIDENCE_RECOMMENDED,
                   severity=Severity.ERROR if required else Severity.WARNING, field=node.code)
