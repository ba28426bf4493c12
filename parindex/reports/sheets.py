"""Pre-filled appraisal sheets (phiếu thẩm định, `parindex appraise`): a YAML file per unit whose
header is filled in, and whose `changes:` lists, as comments ready to be copied, each indicator's
value and each judged leaf's points as the round starts from, with every leaf's points for
reference (and, for round 2, round 1's changes and the unit's explanation).

The sheet as written is a valid appraisal file with no change; every text a file wrote is written
as a quoted YAML string (a JSON string is a valid YAML double-quoted scalar), so a unit's name or a
figure cannot become YAML structure.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from parindex.core.numbers import format_points, percent_of
from parindex.core.text import printable
from parindex.criteria.compiler import CompiledSet
from parindex.intake.appraisal import Appraisal, Explanation, judged_step
from parindex.intake.units import UnitData
from parindex.reports.writers.json import exact
from parindex.results.scorecard import STATUS_WORDS, UnitResult


def quoted(text: str) -> str:
    """A YAML double-quoted string of `text`."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    """Text safe inside a comment: printable, on one line."""
    return printable(text).replace("\n", " ")


def yaml_value(criteria: CompiledSet, name: str, value: Any) -> str:
    """A checked indicator value as a unit file writes it (a percent from 0 to 100)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        shown = percent_of(value) if criteria.is_percent(name) else value
        return exact(shown) or "0"
    if isinstance(value, dt.date):
        return quoted(value.strftime("%d/%m/%Y"))
    return quoted(str(value))


def appraisal_sheet(*, campaign_id: str, title: str, set_file: str, criteria: CompiledSet, unit: UnitData,
                    round_number: int, result: UnitResult | None, round1: Appraisal | None = None,
                    explanation: Explanation | None = None) -> str:
    """The sheet of one unit for round `round_number`, from `unit` (its input as the round starts
    from) and `result` (that input scored)."""
    base = "tự đánh giá" if round_number == 1 else "sau thẩm định vòng 1"
    lines = [
        f"# PHIẾU THẨM ĐỊNH VÒNG {round_number} — {_comment(title)} ({_comment(campaign_id)})",
        f"# Đơn vị: {_comment(unit.name)} ({_comment(unit.unit_id)}); bộ tiêu chí '{_comment(criteria.spec.id)}' "
        f"({_comment(set_file)})",
        "# Cách ghi: mỗi thay đổi là một mục của 'changes:' — bỏ dấu '#' ở đầu các dòng của mục cần sửa:",
        "#   - sửa số liệu: 'indicator' và 'value' mới (điểm được tính lại theo quy tắc);",
        "#   - chấm lại điểm một tiêu chí thành phần: 'node' và 'points';",
        "#   mỗi thay đổi bắt buộc có 'reason' (lý do); có thể thêm 'evidence' (tài liệu kiểm chứng, ví dụ",
        "#   [{doc: 15/BC-STP, date: 2025-12-15}]) và 'explanation_requested: true' (yêu cầu giải trình).",
        "# Hướng dẫn đầy đủ: docs/campaign.md.",
        f"unit_id: {quoted(unit.unit_id)}",
        f"round: {round_number}",
        "appraiser:   # tổ thẩm định, người thẩm định",
        "submitted:   # ngày hoàn thành phiếu, ví dụ 2026-02-08",
        "changes:",
    ]
    if round1 is not None:
        lines += _round1_lines(criteria, round1, explanation)
    lines.append(f"# ---- Số liệu ({base}) ----")
    for name, spec in criteria.indicators.items():
        value = unit.values.get(name)
        written = yaml_value(criteria, name, value) if value is not None else ""
        declared = "" if value is not None else " (chưa kê khai)"
        lines += [f"#  - indicator: {name}   # {_comment(spec.label)}{declared}",
                  f"#    value: {written}",
                  "#    reason: "]
    judged = [leaf for root in criteria.areas + criteria.bonus + criteria.penalties for leaf in root.leaves()
              if judged_step(leaf) is not None]
    if judged:
        lines.append(f"# ---- Điểm chấm trực tiếp ({base}) ----")
        for leaf in judged:
            entered = unit.entered.get(leaf.code)
            step = judged_step(leaf)
            assert step is not None
            points = exact(entered.points) if entered is not None else ""
            lines += [f"#  - node: {quoted(leaf.code)}   # {_comment(leaf.title)} (tối đa "
                      f"{format_points(leaf.max, criteria.decimals)}, bước {format_points(step, criteria.decimals)})"
                      + ("" if entered is not None else " — chưa chấm"),
                      f"#    points: {points}",
                      "#    reason: "]
    if result is not None:
        lines.append(f"# ---- Điểm từng tiêu chí thành phần ({base}); chấm lại bằng 'node' và 'points' ----")
        for scored in (n for n in result.nodes() if n.is_leaf):
            lines.append(f"#  {scored.code} {_comment(scored.title)}: "
                         f"{format_points(scored.points, criteria.decimals)}/"
                         f"{format_points(scored.max, criteria.decimals)} ({STATUS_WORDS[scored.status]})")
    return "\n".join(lines) + "\n"


def _round1_lines(criteria: CompiledSet, round1: Appraisal, explanation: Explanation | None) -> list[str]:
    lines = [f"# ---- Thẩm định vòng 1 ({_comment(round1.appraiser or 'không ghi người thẩm định')}) ----"]
    if not round1.changes:
        lines.append("#  (vòng 1 không thay đổi gì)")
    for change in round1.changes:
        what = (f"mục {change.target}: {exact(change.value)} điểm" if change.node
                else f"'{change.target}' = {yaml_value(criteria, change.target, change.value)}")
        asked = "; yêu cầu giải trình" if change.explanation_requested else ""
        lines.append(f"#  {_comment(what)} — {_comment(change.reason or '')}{asked}")
    if explanation is not None:
        lines.append("# ---- Giải trình của đơn vị ----")
        for item in explanation.items:
            evidence = "; ".join(e.label() for e in item.evidence)
            lines.append(f"#  về {_comment(item.about)}: {_comment(item.text)}"
                         + (f" (tài liệu: {_comment(evidence)})" if evidence else ""))
    return lines
