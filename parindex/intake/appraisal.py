"""Appraisal files (phiếu thẩm định, rounds 1 and 2) and explanation files (giải trình) of a campaign.

An appraisal file corrects indicator values (the rules then recompute the points) or sets a leaf's
points directly, each change with a reason; an explanation file answers round 1's requests:

```yaml
unit_id: so-tu-phap
round: 1
appraiser: Tổ thẩm định số 1 (Nguyễn Văn A)
submitted: 2026-02-08
changes:
  - indicator: ho_so_dung_han
    value: 410
    reason: Báo cáo 15/BC-STP ghi 410 hồ sơ đúng hạn, không phải 432
    evidence: [{doc: 15/BC-STP, date: 2025-12-15}]
    explanation_requested: true
  - node: "1.3.1"
    points: 0.5
    reason: Kế hoạch ban hành chậm so với yêu cầu
```

`read_appraisal` / `read_explanation` check a file's shape; `check_appraisal` checks its changes
against the unit's criteria set (indicator values exactly as in unit files, points within the
leaf's maximum and on a judged leaf's step). Every problem has its file:line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import InputProblems, Problem, Severity
from parindex.core.text import did_you_mean, shorten
from parindex.criteria.compiler import CompiledNode, CompiledSet
from parindex.criteria.rules.judged import DEFAULT_STEP, points_problem
from parindex.intake.entries import Evidence
from parindex.intake.fields import Reader
from parindex.intake.units import indicator_value, percent_slip
from parindex.intake.xlsx.layout import is_workbook
from parindex.intake.yamlfile import load_yaml

_APPRAISAL_FIELDS = ("unit_id", "round", "appraiser", "submitted", "changes", "note")
_CHANGE_FIELDS = ("indicator", "value", "node", "points", "reason", "evidence", "explanation_requested")
_EXPLANATION_FIELDS = ("unit_id", "submitted", "items", "note")
_ITEM_FIELDS = ("about", "text", "evidence")
# The problems of points shared with unit files (criteria.rules.judged), under appraisal codes.
_POINTS_CODES = {Code.UNIT_POINTS_OUT_OF_RANGE: Code.APPRAISAL_POINTS_OUT_OF_RANGE,
                 Code.UNIT_POINTS_OFF_STEP: Code.APPRAISAL_POINTS_OFF_STEP}


@dataclass(frozen=True, slots=True)
class Change:
    """One change of an appraisal: an indicator's corrected value (`node` False) or a leaf's points
    (`node` True). `value` is the value as written until `check_appraisal` converts it (the checked
    indicator value, or the points as an exact Decimal)."""

    target: str  # indicator name or node code
    node: bool
    value: Any
    reason: str | None
    evidence: tuple[Evidence, ...]
    explanation_requested: bool
    line: int | None
    loc: Path_

    @property
    def what(self) -> str:
        return f"mục {self.target}" if self.node else f"chỉ số '{self.target}'"


@dataclass(frozen=True)
class Appraisal:
    """One appraisal file: a unit's round-1 or round-2 changes."""

    path: str
    unit_id: str
    round: int
    appraiser: str | None
    submitted: dt.date | None
    changes: tuple[Change, ...]
    doc: Document

    @property
    def requests(self) -> tuple[str, ...]:
        """What the unit is asked to explain (indicator names and node codes), in file order."""
        return tuple(dict.fromkeys(c.target for c in self.changes if c.explanation_requested))

    def line_of(self, loc: Path_) -> int | None:
        return self.doc.where(loc)[0]


@dataclass(frozen=True, slots=True)
class ExplanationItem:
    about: str
    text: str
    evidence: tuple[Evidence, ...]
    line: int | None


@dataclass(frozen=True)
class Explanation:
    """One explanation file: a unit's answers to round 1's requests."""

    path: str
    unit_id: str
    submitted: dt.date | None
    items: tuple[ExplanationItem, ...]
    doc: Document

    def line_of(self, loc: Path_) -> int | None:
        return self.doc.where(loc)[0]


def read_appraisal(path: Path, expected_round: int) -> tuple[Appraisal | None, list[Problem]]:
    """An appraisal file's shape checked (None when it cannot be used at all), with its problems. A
    workbook (`appraise --format xlsx`) is read into the same document (intake.xlsx.appraisal)."""
    if is_workbook(path):
        from parindex.intake.xlsx.appraisal import appraisal_document  # openpyxl, only when needed

        try:
            doc = appraisal_document(path)
        except InputProblems as exc:
            return None, exc.problems
    else:
        doc = load_yaml(path, keep_going=True)
    problems: list[Problem] = list(doc.problems)
    read = Reader(doc, problems)
    data = read.mapping((), doc.data, _APPRAISAL_FIELDS, required=("unit_id", "round"),
                        what="phiếu thẩm định")
    if data is None:
        return None, problems
    unit_id = read.text(("unit_id",), data.get("unit_id"), "unit_id", required=True)
    number = _round_number(read, data, expected_round)
    changes: list[Change] = []
    seen: dict[tuple[bool, str], int | None] = {}
    for index, entry in enumerate(read.listing(("changes",), data.get("changes"), "changes")):
        change = _change(read, ("changes", index), entry)
        if change is None:
            continue
        key = (change.node, change.target)
        if key in seen:
            read.error(change.loc[:-1], f"{change.what} đã được thay đổi ở dòng {seen[key]} của phiếu này; mỗi chỉ số "
                                   "hoặc mục chỉ thay đổi một lần trong một vòng", Code.APPRAISAL_DUPLICATE_CHANGE)
            continue
        seen[key] = change.line
        changes.append(change)
    if unit_id is None or number is None:
        return None, problems
    appraiser = read.text(("appraiser",), data.get("appraiser"), "appraiser")
    submitted = read.date(("submitted",), data.get("submitted"), "submitted")
    return Appraisal(str(path), unit_id, number, appraiser, submitted, tuple(changes), doc), problems


def _round_number(read: Reader, data: dict[str, Any], expected: int) -> int | None:
    if data.get("round") is None:
        if "round" in data:
            read.error(("round",), "'round' không được để trống; ghi 1 hoặc 2", Code.CAMPAIGN_MISSING_FIELD)
        return None
    number = read.integer(("round",), data["round"], "round")
    if number is None:
        return None
    if number != expected:
        read.error(("round",), f"phiếu ghi vòng {number} nhưng nằm trong thư mục của vòng thẩm định {expected}; "
                               f"hãy sửa 'round: {expected}' hoặc chuyển tệp sang đúng thư mục",
                   Code.APPRAISAL_WRONG_ROUND)
        return None
    return number


def _change(read: Reader, loc: Path_, entry: Any) -> Change | None:
    fields = read.mapping(loc, entry, _CHANGE_FIELDS, what="thay đổi")
    if fields is None:
        return None
    indicator, node = fields.get("indicator"), fields.get("node")
    line = read.line(loc)
    if (indicator is None) == (node is None):
        read.error(loc, "mỗi thay đổi cần đúng một trong hai: 'indicator' (sửa số liệu của một chỉ số, kèm "
                        "'value') hoặc 'node' (chấm lại điểm của một tiêu chí thành phần, kèm 'points')",
                   Code.APPRAISAL_CHANGE_TARGET)
        return None
    is_node = node is not None
    name, amount, other = ("node", "points", "value") if is_node else ("indicator", "value", "points")
    target = read.text((*loc, name), fields[name], name, required=True)
    if other in fields:
        read.error((*loc, other), f"thay đổi theo '{name}' ghi '{amount}', không ghi '{other}'",
                   Code.APPRAISAL_CHANGE_TARGET)
        return None
    if fields.get(amount) is None:
        read.error(loc, f"thay đổi của {name} '{shorten(target)}' thiếu '{amount}' (giá trị mới)",
                   Code.CAMPAIGN_MISSING_FIELD)
        return None
    written = fields.get("reason")
    if written is None or (isinstance(written, str) and not written.strip()):
        read.error((*loc, "reason") if "reason" in fields else loc,
                   f"thay đổi của {name} '{shorten(target)}' chưa có lý do; mỗi thay đổi phải ghi 'reason'",
                   Code.APPRAISAL_NO_REASON)
        return None
    reason = read.text((*loc, "reason"), written, "reason", one_line=False)
    evidence = read.evidence((*loc, "evidence"), fields.get("evidence"))
    requested = read.boolean((*loc, "explanation_requested"), fields.get("explanation_requested"),
                             "explanation_requested")
    if target is None or reason is None:
        return None
    return Change(target, is_node, fields[amount], reason, evidence, requested, line, (*loc, amount))


def read_explanation(path: Path) -> tuple[Explanation | None, list[Problem]]:
    """An explanation file's shape checked (None when it cannot be used at all), with its problems."""
    if is_workbook(path):
        return None, [Problem(str(path), None, None, "tệp giải trình là tệp YAML (unit_id, items: about, text, "
                              "evidence), không đọc từ bảng tính; hãy ghi giải trình theo docs/campaign.md",
                              code=Code.XLSX_NOT_A_FORM)]
    doc = load_yaml(path, keep_going=True)
    problems: list[Problem] = list(doc.problems)
    read = Reader(doc, problems)
    data = read.mapping((), doc.data, _EXPLANATION_FIELDS, required=("unit_id",), what="tệp giải trình")
    if data is None:
        return None, problems
    unit_id = read.text(("unit_id",), data.get("unit_id"), "unit_id", required=True)
    items: list[ExplanationItem] = []
    for index, entry in enumerate(read.listing(("items",), data.get("items"), "items")):
        loc = ("items", index)
        fields = read.mapping(loc, entry, _ITEM_FIELDS, required=("about", "text"), what="mục giải trình")
        if fields is None:
            continue
        about = read.text((*loc, "about"), fields.get("about"), "about", required="about" in fields)
        text = read.text((*loc, "text"), fields.get("text"), "text", required="text" in fields, one_line=False)
        evidence = read.evidence((*loc, "evidence"), fields.get("evidence"))
        if about is not None and text is not None:
            items.append(ExplanationItem(about, text, evidence, read.line(loc)))
    if unit_id is None:
        return None, problems
    submitted = read.date(("submitted",), data.get("submitted"), "submitted")
    return Explanation(str(path), unit_id, submitted, tuple(items), doc), problems


# -- against the unit's criteria set ------------------------------------------------------------


def judged_step(node: CompiledNode) -> Decimal | None:
    """The step of a judged leaf's points (None: not a judged leaf)."""
    rule = node.rule
    if rule is None or rule.kind != "judged":
        return None
    step = getattr(rule.spec, "step", None)
    return step if isinstance(step, Decimal) and step > 0 else DEFAULT_STEP


def check_appraisal(appraisal: Appraisal, criteria: CompiledSet) -> tuple[Appraisal, list[Problem]]:
    """The appraisal with its values converted (indicator values checked as in unit files, points as
    exact numbers), and the problems of its changes against the unit's set."""
    problems: list[Problem] = []
    nodes = criteria.nodes_by_code
    checked: list[Change] = []
    for change in appraisal.changes:
        value = (_points(appraisal, change, nodes, criteria, problems) if change.node
                 else _value(appraisal, change, criteria, problems))
        if value is not None:
            checked.append(replace(change, value=value))
    return replace(appraisal, changes=tuple(checked)), problems


def _problem(appraisal: Appraisal, loc: Path_, message: str, code: Code,
             severity: Severity = Severity.ERROR, field: str | None = None) -> Problem:
    return appraisal.doc.problem(loc, message, code=code, severity=severity, field=field)


def _value(appraisal: Appraisal, change: Change, criteria: CompiledSet, problems: list[Problem]) -> Any:
    name = change.target
    spec = criteria.indicators.get(name)
    if spec is None:
        problems.append(_problem(appraisal, (*change.loc[:-1], "indicator"),
                                 f"chỉ số '{shorten(name)}' không có trong bộ tiêu chí '{criteria.spec.id}'"
                                 + did_you_mean(name, list(criteria.indicators)), Code.APPRAISAL_UNKNOWN_INDICATOR))
        return None
    try:
        value = indicator_value(name, spec, change.value)
    except ValueError as exc:
        problems.append(_problem(appraisal, change.loc, str(exc), Code.APPRAISAL_BAD_VALUE, field=name))
        return None
    slip = percent_slip(name, spec, change.value, value)
    if slip is not None:
        problems.append(_problem(appraisal, change.loc, slip, Code.UNIT_PERCENT_SCALE, Severity.WARNING, name))
    return value


def _points(appraisal: Appraisal, change: Change, nodes: dict[str, CompiledNode], criteria: CompiledSet,
            problems: list[Problem]) -> Decimal | None:
    code = change.target
    node = nodes.get(code)
    where = (*change.loc[:-1], "node")
    if node is None:
        message = f"mục '{shorten(code)}' không có trong bộ tiêu chí '{criteria.spec.id}'"
        problems.append(_problem(appraisal, where, message + did_you_mean(code, list(nodes)),
                                 Code.APPRAISAL_UNKNOWN_NODE))
        return None
    if node.rule is None:
        leaves = ", ".join(leaf.code for leaf in node.leaves())
        problems.append(_problem(appraisal, where, f"mục {code} ({node.title}) có các mục con ({leaves}); chỉ chấm "
                                 "lại điểm của tiêu chí thành phần (mục không có mục con)", Code.APPRAISAL_NOT_A_LEAF,
                                 field=code))
        return None
    reader = Reader(appraisal.doc, problems)
    points = reader.number(change.loc, change.value, "points")
    if points is None:
        return None
    found = points_problem(code, points, node.max, judged_step(node))
    if found is not None:
        kind, message = found
        problems.append(_problem(appraisal, change.loc, f"{message} ({node.title})", _POINTS_CODES.get(kind, kind),
                                 field=code))
        return None
    return points


def check_explanation(explanation: Explanation, round1: Appraisal | None, names: set[str]) -> list[Problem]:
    """Warnings for items about something round 1 did not ask to explain; `names` are the set's
    indicator names and node codes (for a suggestion when `about` is misspelt)."""
    asked = round1.requests if round1 is not None else ()
    problems: list[Problem] = []
    for index, item in enumerate(explanation.items):
        if item.about in asked:
            continue
        if round1 is None:
            why = "chưa có phiếu thẩm định vòng 1 của đơn vị này"
        elif asked:
            why = f"vòng 1 chỉ yêu cầu giải trình: {', '.join(asked)}"
        else:
            why = "vòng 1 không yêu cầu giải trình mục nào"
        hint = did_you_mean(item.about, sorted(set(asked) or names))
        problems.append(explanation.doc.problem(("items", index, "about"),
                                                f"giải trình về '{shorten(item.about)}' không được yêu cầu ({why})"
                                                + hint, code=Code.EXPLANATION_NOT_REQUESTED,
                                                severity=Severity.WARNING))
    return problems
