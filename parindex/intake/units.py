"""Load criteria sets and unit files: YAML → pydantic models → checked, located problems.

Every problem carries file:line:col. pydantic's English messages are rewritten in Vietnamese with
a suggestion for misspelt field names.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from parindex.core.codes import Code
from parindex.core.document import Document, field_of
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.numbers import (
    MAX_MAGNITUDE,
    ZERO,
    NumberFormatError,
    format_number,
    fraction_of,
    looks_like_thousands,
    parse_number,
    percent_of,
)
from parindex.core.text import did_you_mean, fold_name, shorten
from parindex.criteria import schema as model
from parindex.criteria.compiler import CompiledSet
from parindex.criteria.formulas import parse_date
from parindex.criteria.rules.judged import points_problem
from parindex.criteria.schema import validate
from parindex.intake.entries import EVIDENCE_FIELDS, SELF, Correction, Entered, Evidence, SurveyScore
from parindex.intake.xlsx.layout import is_workbook, old_format
from parindex.intake.yamlfile import load_yaml

MAX_DIGITS = 2 * MAX_MAGNITUDE + 10  # enough for any number a file may hold (10^±100)


# -- unit files ------------------------------------------------------------------------------


@dataclass
class UnitData:
    """A unit's indicator values, checked against a criteria set; None means not declared."""

    path: str
    unit_id: str
    name: str
    kind: str
    period: str
    values: dict[str, Any]
    doc: Document
    warnings: list[Problem] = field(default_factory=list)
    # Over a campaign (intake.entries): points entered for judged leaves, an appraiser's points for
    # any leaf, survey results per survey leaf, evidence by indicator name or leaf code.
    entered: dict[str, Entered] = field(default_factory=dict)
    overrides: dict[str, Entered] = field(default_factory=dict)
    survey: dict[str, SurveyScore] = field(default_factory=dict)
    evidence: dict[str, tuple[Evidence, ...]] = field(default_factory=dict)
    # Indicator values an appraisal round corrected (values above hold the corrected value).
    corrections: dict[str, Correction] = field(default_factory=dict)
    submitted: dt.date | None = None  # the date the unit sent its file (`submitted:`), if it says


class BadValue(ValueError):
    """A unit's value refused: the message, and the code of the kind of problem."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code = code


_YES = {"true", "có", "co", "yes", "đạt", "dat"}
_NO = {"false", "không", "khong", "no", "không đạt", "khong dat"}


def indicator_value(name: str, spec: model.Indicator, value: Any) -> Any:
    """One value of indicator `name` checked and converted as in a unit file (also for the values of
    a system-data file, `intake.system_data`, and an appraisal's corrections, `intake.appraisal`);
    raise `BadValue` with the message and its code."""
    kind = spec.kind
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            return value.strip().lower() in _YES
        raise BadValue(Code.UNIT_VALUE_TYPE, f"'{name}' cần true/false (có/không), nhận '{shorten(value)}'")
    if kind == "choice":
        assert spec.choices is not None
        return choice_code(name, spec.choices, value)
    if kind == "date":
        if not isinstance(value, str):
            raise BadValue(Code.UNIT_VALUE_TYPE, f"'{name}' cần một ngày dạng dd/mm/yyyy, nhận '{shorten(value)}'")
        try:
            return parse_date(value)
        except ValueError as exc:
            raise BadValue(Code.UNIT_BAD_DATE, f"'{name}': {exc}") from None
    return _numeric_value(name, spec, value)


def choice_code(name: str, choices: dict[str, str], value: Any) -> str:
    """The code of the choice a unit wrote: its exact code, else its exact label, else the one
    choice whose code or label it matches ignoring case, else — only when the unit wrote no
    accent at all ("dung tien do") — the one choice it matches ignoring accents. Text written
    with accents is never matched to a label with other accents ("Dừng tiến độ" is not "Đúng tiến
    độ"), and two choices matching are never guessed between: both are refused, with the candidates."""
    if isinstance(value, str):
        if value in choices:
            return value
        by_label = [code for code, label in choices.items() if label == value]
        if len(by_label) == 1:
            return by_label[0]
        written = value.strip()
        # Without any accent written, accents are ignored; with accents, only case is.
        fold = fold_name if fold_name(written) == written.lower() else str.casefold
        key = fold(written)
        close = [code for code, label in choices.items() if key in (fold(code.strip()), fold(label.strip()))]
        if len(close) == 1:
            return close[0]
        if len(close) > 1:
            raise BadValue(Code.UNIT_AMBIGUOUS_CHOICE,
                f"'{name}' nhận '{shorten(value)}', khớp với nhiều lựa chọn: "
                f"{_options(choices, close)}; hãy viết đúng mã hoặc nhãn có dấu của một lựa chọn")
    raise BadValue(Code.UNIT_UNKNOWN_CHOICE,
                   f"'{name}' nhận '{shorten(value)}', không phải lựa chọn hợp lệ; chọn một trong: "
                   f"{_options(choices, list(choices))}" + did_you_mean(str(value), list(choices)))


def _options(choices: dict[str, str], codes: list[str]) -> str:
    return ", ".join(f"{shorten(code)} ({shorten(choices[code])})" for code in codes)


def _numeric_value(name: str, spec: model.Indicator, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise BadValue(Code.UNIT_VALUE_TYPE, f"'{name}' cần một số, nhận giá trị đúng/sai '{str(value).lower()}'")
    if isinstance(value, str) and spec.kind != "percent" and value.strip().endswith("%"):
        raise BadValue(Code.UNIT_PERCENT_SIGN, f"'{name}' là {_KIND_WORDS[spec.kind]}, không viết dấu '%'")
    try:
        number = parse_number(value)
    except NumberFormatError as exc:
        raise BadValue(Code.UNIT_BAD_NUMBER, f"'{name}': {exc}") from None
    if spec.kind == "count":
        _check_count(name, number, value)
    if spec.kind == "percent":
        if not _has_percent_sign(value):
            number = fraction_of(number)  # exact: 100.000…01 must stay above 100%, not round to it
        if not ZERO <= number <= 1:
            raise BadValue(Code.UNIT_OUT_OF_RANGE, f"'{name}' là tỷ lệ phần trăm, phải từ 0 đến 100, nhận "
                                                   f"{shorten(format_number(percent_of(number)))}")
    if spec.min is not None and number < spec.min:
        raise BadValue(Code.UNIT_OUT_OF_RANGE,
                       f"'{name}' = {shorten(format_number(number))} nhỏ hơn giá trị tối thiểu "
                       f"{format_number(spec.min)}")
    if spec.max is not None and number > spec.max:
        raise BadValue(Code.UNIT_OUT_OF_RANGE,
                       f"'{name}' = {shorten(format_number(number))} lớn hơn giá trị tối đa "
                       f"{format_number(spec.max)}")
    return number


def _check_count(name: str, number: Decimal, value: Any) -> None:
    if number != number.to_integral_value(context=decimal.Context(prec=MAX_DIGITS)):
        hint = ""
        if looks_like_thousands(number):
            hint = (f"; nếu ý là {format_number(number * 1000)} thì viết liền không dấu chấm: "
                    f"{int(number * 1000)}")
        raise BadValue(Code.UNIT_NOT_WHOLE, f"'{name}' là số đếm, phải là số nguyên, nhận {shorten(value)}{hint}")
    if number < 0:
        raise BadValue(Code.UNIT_OUT_OF_RANGE,
                       f"'{name}' là số đếm, không được âm (nhận {shorten(format_number(number))})")


def _has_percent_sign(value: Any) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")


def percent_slip(name: str, spec: model.Indicator, raw: Any, value: Any) -> str | None:
    """A percent written as a plain number 0 < v ≤ 1: most likely a fraction (0,95 for 95%); the
    warning, or None (also for an appraisal's corrections, `intake.appraisal`)."""
    if spec.kind != "percent" or _has_percent_sign(raw) or not isinstance(value, Decimal):
        return None
    written = percent_of(value)
    if not ZERO < written <= 1:
        return None
    shown = format_number(written)
    meant = format_number(percent_of(written))
    return (f"'{name}' = {shown} được hiểu là {shown}%; nếu ý là {meant}% hãy viết {_plain(percent_of(written))} "
            f"(tỷ lệ phần trăm viết từ 0 đến 100)")


def _plain(number: Decimal) -> str:
    """A number as it is written in a YAML file (dot for decimals, no grouping)."""
    return format_number(number).replace(".", "").replace(",", ".")


_KIND_WORDS = {"count": "số đếm", "number": "số", "percent": "tỷ lệ"}


# -- the fast way through the usual values ----------------------------------------------------------
# Most values of a unit file are an int count within bounds, an int or decimal percent, a bool or
# a choice's exact code: they are checked here without the function calls of the careful way, to
# the same value; anything else (every error and warning included) takes the careful way.
# The switch is for the differential test, which compares both ways.

FAST_PATHS = True

_WHOLE, _PERCENT, _YES_NO, _CHOICE, _OTHER = range(5)  # _WHOLE: a count or a number
_LARGEST = 10**MAX_MAGNITUDE  # an int up to this has at most MAX_MAGNITUDE + 1 digits: within the limit
# A percent written as a whole number from 0 to 100, as a fraction (1 is left out: it takes a warning).
_WHOLE_PERCENTS = {whole: fraction_of(Decimal(whole)) for whole in range(101) if whole != 1}
_HEADER_LINES = ("unit_id", "unit_name", "unit_kind", "period")
_HEADER_FIELDS = frozenset((*_HEADER_LINES, "criteria", "indicators", "note"))
_LINE_BREAKS = re.compile("[\n\r\t\u2028\u2029]")  # what a one-line field refuses

# Per indicator: its kind, the bounds of an int value (as written: a percent's from 0 to 100), and
# for a percent the bounds of its fraction, for a choice its choices.
_Usual = tuple[int, int, int, Any]


class _Header(NamedTuple):
    """A unit file's header as the model would give it, for a header it would take as it is."""

    unit_id: str
    unit_name: str
    unit_kind: str
    period: str
    criteria: str | None
    indicators: dict[str, Any]


@dataclass(frozen=True)
class _Plan:
    """What the fast way needs of a criteria set's indicators, looked up once per set."""

    indicators: dict[str, _Usual]
    required: list[tuple[str, model.Indicator]]  # missing: error, in the set's order


_plans: dict[int, tuple[CompiledSet, dict[str, model.Indicator], _Plan]] = {}


def _plan_of(criteria: CompiledSet) -> _Plan:
    known = _plans.get(id(criteria))
    if known is not None and known[0] is criteria and known[1] is criteria.indicators:
        return known[2]
    plan = _Plan({name: _usual(spec) for name, spec in criteria.indicators.items() if spec.source != "system"},
                 [(name, spec) for name, spec in criteria.indicators.items() if spec.missing == "error"])
    if len(_plans) >= 64:
        _plans.clear()
    _plans[id(criteria)] = (criteria, criteria.indicators, plan)
    return plan


def _usual(spec: model.Indicator) -> _Usual:
    low, high = spec.min, spec.max
    if (low is not None and not low.is_finite()) or (high is not None and not high.is_finite()):
        return (_OTHER, 0, -1, None)
    if spec.kind == "yes_no":
        return (_YES_NO, 0, -1, None)
    if spec.kind == "choice":
        return (_CHOICE, 0, -1, spec.choices)
    if spec.kind == "percent":
        return (_PERCENT, max(0, math.ceil(percent_of(low))) if low is not None else 0,
                min(100, math.floor(percent_of(high))) if high is not None else 100, (low, high))
    if spec.kind in ("count", "number"):
        least = 0 if spec.kind == "count" else -_LARGEST
        return (_WHOLE, max(least, math.ceil(low)) if low is not None else least,
                min(_LARGEST, math.floor(high)) if high is not None else _LARGEST, None)
    return (_OTHER, 0, -1, None)


def _plain_header(data: Any) -> _Header | None:
    """The header of a unit file whose fields are all plain one-line text (and indicators a table
    with text keys), which the model would take as they are; None for anything else: the model
    checks it, with its messages."""
    if type(data) is not dict or not _HEADER_FIELDS.issuperset(data):
        return None
    for key in _HEADER_LINES:
        if not _one_line_text(data.get(key)):
            return None
    criteria = data.get("criteria")
    if criteria is not None and not _one_line_text(criteria):
        return None
    indicators = data.get("indicators", {})
    note = data.get("note")
    if type(indicators) is not dict or (note is not None and type(note) is not str):
        return None
    for key in indicators:
        if type(key) is not str:
            return None
    return _Header(data["unit_id"], data["unit_name"], data["unit_kind"], data["period"], criteria, dict(indicators))


def _one_line_text(value: Any) -> bool:
    return type(value) is str and value != "" and _LINE_BREAKS.search(value) is None


def _checked_values(indicators: dict[str, Any], plan: _Plan, criteria: CompiledSet, doc: Document,
                    problems: list[Problem]) -> dict[str, Any]:
    """The unit's values, as `_check_value` gives them one by one, the usual ones checked here."""
    values: dict[str, Any] = {}
    usual = plan.indicators
    for name, raw in indicators.items():
        found = usual.get(name)
        if found is not None:
            kind, least, most, extra = found
            shape = type(raw)
            if shape is int and least <= raw <= most:
                if kind == _WHOLE:
                    values[name] = Decimal(raw)
                    continue
                if kind == _PERCENT and raw != 1:
                    values[name] = _WHOLE_PERCENTS[raw]
                    continue
            elif (shape is bool and kind == _YES_NO) or (shape is str and kind == _CHOICE and raw in extra):
                values[name] = raw
                continue
            elif shape is Decimal and kind == _PERCENT:
                value = _usual_percent(raw, extra)
                if value is not None:
                    values[name] = value
                    continue
        _check_value(name, raw, criteria, doc, values, problems)
    return values


def _usual_percent(raw: Decimal, bounds: Any) -> Decimal | None:
    """The fraction of a decimal percent from 0 (or above 1) to 100 within its bounds; None to take
    the careful way (0 < raw ≤ 1 takes a warning)."""
    if not raw.is_finite() or not (raw == 0 or 1 < raw <= 100):
        return None
    number = fraction_of(raw)
    low, high = bounds
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def unit_documents(path: Path, criteria: CompiledSet | None = None,
                   **limits: int) -> list[Document | InputProblems]:
    """The documents of a unit file, by its suffix: a YAML file's; a workbook's (intake.xlsx): one
    for a filled form, one per unit of a many-units workbook (and the problems of a row that is no
    unit). A spreadsheet format parindex does not read (.xls, .ods) is refused by name. Raises
    `InputProblems` when the file cannot be read."""
    if is_workbook(path):
        from parindex.intake.xlsx.forms import unit_documents as workbook_units  # openpyxl, only when needed

        return workbook_units(path, criteria)
    other = old_format(path)
    if other is not None:
        raise InputProblems([Problem(str(path), None, None, f"tệp bảng tính {other} không đọc được; hãy mở bằng Excel "
                                     "hoặc LibreOffice và lưu lại dạng .xlsx", code=Code.XLSX_OLD_FORMAT)])
    return [load_yaml(path, keep_going=True, **limits)]


def load_units(path: Path, criteria: CompiledSet, **limits: int) -> list[UnitData | InputProblems]:
    """Every unit of a unit file (one, or one per row of a many-units workbook), each checked
    against the criteria set: its `UnitData`, or the `InputProblems` that refuse it."""
    try:
        documents = unit_documents(path, criteria, **limits)
    except InputProblems as exc:
        return [exc]
    found: list[UnitData | InputProblems] = []
    for doc in documents:
        if isinstance(doc, InputProblems):
            found.append(doc)
            continue
        try:
            found.append(unit_from_document(doc, criteria))
        except InputProblems as exc:
            found.append(exc)
    return found


def load_unit(path: Path, criteria: CompiledSet, **limits: int) -> UnitData:
    """Read a unit file and check it against a criteria set; raise `InputProblems` on errors.
    Warnings (a differing criteria id, a percent that looks like a fraction) are on
    `UnitData.warnings`. A workbook of several units is refused (`load_units` reads it)."""
    documents = unit_documents(path, criteria, **limits)
    if len(documents) != 1:
        raise InputProblems([Problem(str(path), None, None, f"bảng tính có {len(documents)} đơn vị; ở đây cần tệp "
                                     "của một đơn vị", code=Code.XLSX_NOT_A_FORM)])
    if isinstance(documents[0], InputProblems):
        raise documents[0]
    return unit_from_document(documents[0], criteria)


def unit_from_document(doc: Document, criteria: CompiledSet) -> UnitData:
    """A unit read from a document already in memory (a unit file's, or one made from a test case
    or from last year's file renamed through a mapping), checked as `load_unit` checks a file: every
    problem at the document's places. `doc.path` is the unit's path."""
    unit: model.UnitFile | _Header | None = _plain_header(doc.data) if FAST_PATHS else None
    if unit is None:
        try:
            unit = validate(doc, model.UnitFile)
        except InputProblems as exc:
            raise InputProblems([*doc.problems, *exc.problems]) from None
    problems: list[Problem] = [*doc.problems, *_header_problems(doc, unit, criteria)]
    if FAST_PATHS:
        plan = _plan_of(criteria)
        values = _checked_values(unit.indicators, plan, criteria, doc, problems)
        problems += _missing_problems(doc, unit.indicators, values, plan.required)
    else:
        values = {}
        for name, raw in unit.indicators.items():
            _check_value(name, raw, criteria, doc, values, problems)
        problems += _missing_problems(doc, unit.indicators, values, criteria.indicators.items())
    added = _self_assessment(doc, unit, criteria, problems) if isinstance(unit, model.UnitFile) else None
    if doc.cells:
        problems = _once_per_cell(problems)
    if has_errors(problems):
        raise InputProblems(problems)
    shown = doc.path if doc.part is None else f"{doc.path}:{doc.part}"  # one unit of a many-units workbook
    data = UnitData(shown, unit.unit_id, unit.unit_name, unit.unit_kind, unit.period, values, doc,
                    warnings=problems)
    if added is not None:
        data.entered, data.evidence, data.submitted = added
    return data


def _once_per_cell(problems: list[Problem]) -> list[Problem]:
    """In a workbook, a cell that could not be read (a formula never calculated, a merged cell, an
    Excel error) is reported once, by its own problem, not again as an empty value."""
    unread = {p.cell for p in problems if p.cell is not None and p.code.startswith("xlsx.")
              and p.severity is Severity.ERROR}
    return [p for p in problems if p.cell not in unread or p.code.startswith("xlsx.")]


def _check_value(name: str, raw: Any, criteria: CompiledSet, doc: Document, values: dict[str, Any],
                 problems: list[Problem]) -> None:
    """Check one indicator value of a unit: its converted value into `values`, or its problem
    (and the warning of a percent that looks like a fraction) onto `problems`."""
    spec = criteria.indicators.get(name)
    if spec is None:
        problems.append(doc.problem(("indicators", name), f"chỉ số '{shorten(name)}' không có trong bộ tiêu chí "
                                    f"'{criteria.spec.id}'" + did_you_mean(name, list(criteria.indicators)),
                                    code=Code.UNIT_UNKNOWN_INDICATOR))
        return
    if spec.source == "system":
        problems.append(doc.problem(("indicators", name), f"chỉ số '{name}' ({spec.label}) là số liệu hệ thống: "
                                    "Sở Nội vụ nạp từ tệp số liệu hệ thống (--system-data), đơn vị không tự kê "
                                    "khai; hãy xóa dòng này", code=Code.UNIT_SYSTEM_INDICATOR))
        return
    if raw is None:
        return
    try:
        values[name] = indicator_value(name, spec, raw)
    except ValueError as exc:
        code = exc.code if isinstance(exc, BadValue) else Code.UNIT_VALUE_TYPE
        problems.append(doc.problem(("indicators", name), str(exc), code=code))
        return
    slip = percent_slip(name, spec, raw, values[name])
    if slip is not None:
        problems.append(doc.problem(("indicators", name), slip, code=Code.UNIT_PERCENT_SCALE,
                                    severity=Severity.WARNING))


def _header_problems(doc: Document, unit: model.UnitFile | _Header, criteria: CompiledSet) -> list[Problem]:
    problems = []
    if unit.unit_kind not in criteria.spec.unit_kinds:
        wanted = ", ".join(f"'{k}' ({model.UNIT_KINDS.get(k, k)})" for k in criteria.spec.unit_kinds)
        problems.append(doc.problem(
            ("unit_kind",),
            f"đơn vị loại '{shorten(unit.unit_kind)}' không chấm được bằng bộ tiêu chí '{criteria.spec.id}' "
            f"(dành cho {wanted}); hãy chọn đúng bộ tiêu chí" + did_you_mean(unit.unit_kind, criteria.spec.unit_kinds),
            code=Code.UNIT_WRONG_KIND))
    if unit.criteria is not None and unit.criteria != criteria.spec.id:
        problems.append(doc.problem(
            ("criteria",), f"tệp ghi bộ tiêu chí '{shorten(unit.criteria)}' nhưng đang chấm bằng "
                           f"'{criteria.spec.id}'", code=Code.UNIT_OTHER_CRITERIA, severity=Severity.WARNING))
    return problems


def _missing_problems(doc: Document, declared: dict[str, Any], values: dict[str, Any],
                      indicators: Iterable[tuple[str, model.Indicator]]) -> list[Problem]:
    problems = []
    for name, spec in indicators:
        if name in values or spec.missing != "error":
            continue
        if name not in declared:
            problems.append(doc.problem(("indicators",), f"thiếu chỉ số bắt buộc '{name}' ({spec.label})",
                                        code=Code.UNIT_MISSING_REQUIRED, field=field_of(("indicators", name))))
        elif declared[name] is None:
            problems.append(doc.problem(("indicators", name), f"chỉ số bắt buộc '{name}' ({spec.label}) "
                                        "để trống; hãy kê khai giá trị", code=Code.UNIT_MISSING_REQUIRED))
    return problems


# -- self-assessment: points of judged leaves, evidence, the date sent ----------------------------


def _self_assessment(doc: Document, unit: model.UnitFile, criteria: CompiledSet, problems: list[Problem],
                     ) -> tuple[dict[str, Entered], dict[str, tuple[Evidence, ...]], dt.date | None]:
    """What a unit file adds to its figures: `points` of judged leaves (as entered by the
    self-assessment), `evidence` by indicator name or node code, and the date it was `submitted`."""
    submitted = None
    if unit.submitted is not None:
        try:
            submitted = parse_date(unit.submitted)
        except ValueError as exc:
            problems.append(doc.problem(("submitted",), f"'submitted' (ngày gửi): {exc}", code=Code.UNIT_BAD_DATE))
    evidence = _evidence(doc, unit.evidence, criteria, problems)
    entered: dict[str, Entered] = {}
    for code, raw in unit.points.items():
        points = _points(doc, code, raw, criteria, problems)
        if points is not None:
            entered[code] = Entered(points, SELF, evidence=evidence.get(code, ()), file=doc.path,
                                    line=doc.where(("points", code))[0])
    return entered, evidence, submitted


def _points(doc: Document, code: str, raw: Any, criteria: CompiledSet, problems: list[Problem]) -> Decimal | None:
    """The points a unit gives itself for judged leaf `code`: a number within 0–max, on the step."""
    loc = ("points", code)
    nodes = criteria.nodes_by_code
    judged = [c for c, n in nodes.items() if n.rule is not None and n.rule.kind == "judged"]
    node = nodes.get(code)
    if node is None:
        problems.append(doc.problem(loc, f"mục '{shorten(code)}' không có trong bộ tiêu chí '{criteria.spec.id}'"
                                    + did_you_mean(code, judged or list(nodes)), code=Code.UNIT_UNKNOWN_NODE))
        return None
    if node.rule is None or node.rule.kind != "judged":
        how = "có các mục con" if node.rule is None else f"được tính theo quy tắc '{node.rule.kind}' từ số liệu"
        listed = (f" (trong bộ tiêu chí này: {', '.join(judged)})" if judged
                  else " (bộ tiêu chí này không có mục nào như vậy)")
        problems.append(doc.problem(loc, f"mục {code} ({node.title}) {how}; chỉ ghi điểm tự chấm dưới 'points:' "
                                    f"cho mục chấm theo đánh giá (kind: judged){listed}",
                                    code=Code.UNIT_POINTS_NOT_JUDGED))
        return None
    if raw is None:
        return None
    if isinstance(raw, (bool, dict, list)):
        problems.append(doc.problem(loc, f"điểm của mục {code} cần một số (ví dụ 0.75), nhận "
                                    f"{_written(raw)}", code=Code.UNIT_WRONG_TYPE))
        return None
    try:
        points = parse_number(raw)
    except NumberFormatError as exc:
        problems.append(doc.problem(loc, f"điểm của mục {code}: {exc}", code=Code.UNIT_BAD_NUMBER))
        return None
    found = points_problem(code, points, node.max, node.rule.spec.step)
    if found is not None:
        problems.append(doc.problem(loc, found[1], code=found[0]))
        return None
    return points


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return f"giá trị đúng/sai '{str(value).lower()}'"
    if isinstance(value, dict):
        return "một bảng khóa–giá trị"
    if isinstance(value, list):
        return "một danh sách"
    return f"'{shorten(value)}'"


def _evidence(doc: Document, given: dict[str, Any], criteria: CompiledSet,
              problems: list[Problem]) -> dict[str, tuple[Evidence, ...]]:
    """`evidence:` — under an indicator name, a derived value or a node code, one entry or a list of
    entries {doc, date, file, link, note}, each naming at least a doc, a file or a link."""
    names = [*criteria.indicators, *criteria.derived_by_name, *criteria.nodes_by_code]
    found: dict[str, tuple[Evidence, ...]] = {}
    for name, value in given.items():
        if name not in names:
            problems.append(doc.problem(("evidence", name), f"tài liệu kiểm chứng ghi cho '{shorten(name)}', "
                                        "không phải chỉ số hay mã mục của bộ tiêu chí" + did_you_mean(name, names),
                                        code=Code.UNIT_EVIDENCE_UNKNOWN_NAME))
            continue
        if value is None:
            continue
        entries = value if isinstance(value, list) else [value]
        if not entries:
            problems.append(doc.problem(("evidence", name), f"danh sách tài liệu kiểm chứng của '{name}' rỗng",
                                        code=Code.UNIT_EVIDENCE_EMPTY))
            continue
        items = []
        for index, entry in enumerate(entries):
            loc = ("evidence", name, index) if isinstance(value, list) else ("evidence", name)
            item = _evidence_entry(doc, loc, entry, problems)
            if item is not None:
                items.append(item)
        found[name] = tuple(items)
    return found


def _evidence_entry(doc: Document, loc: tuple[str | int, ...], entry: Any, problems: list[Problem]) -> Evidence | None:
    if not isinstance(entry, dict):
        problems.append(doc.problem(loc, "tài liệu kiểm chứng cần một bảng khóa–giá trị, ví dụ "
                                    f"{{doc: 15/BC-STP, date: 2025-12-15}}; nhận {_written(entry)}",
                                    code=Code.UNIT_WRONG_TYPE))
        return None
    texts: dict[str, str | None] = dict.fromkeys(EVIDENCE_FIELDS)
    ok = True
    for key, raw in entry.items():
        if key not in EVIDENCE_FIELDS:
            problems.append(doc.problem((*loc, key), f"trường '{shorten(key)}' không có trong tài liệu kiểm chứng; "
                                        f"các trường: {', '.join(EVIDENCE_FIELDS)}"
                                        + did_you_mean(str(key), list(EVIDENCE_FIELDS)), code=Code.UNIT_UNKNOWN_FIELD))
            ok = False
            continue
        if raw is None:
            continue
        if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str) or _LINE_BREAKS.search(raw):
            problems.append(doc.problem((*loc, key), f"'{key}' của tài liệu kiểm chứng cần một dòng chữ, nhận "
                                        f"{_written(raw)}", code=Code.UNIT_WRONG_TYPE))
            ok = False
            continue
        texts[key] = raw.strip() or None
    if texts["date"] is not None:
        try:
            texts["date"] = parse_date(texts["date"]).strftime("%d/%m/%Y")
        except ValueError as exc:
            problems.append(doc.problem((*loc, "date"), f"ngày của tài liệu kiểm chứng: {exc}",
                                        code=Code.UNIT_BAD_DATE))
            ok = False
    if ok and not (texts["doc"] or texts["file"] or texts["link"]):
        problems.append(doc.problem(loc, f"tài liệu kiểm chứng của '{shorten(loc[1])}' cần ít nhất một trong: doc "
                                    "(số, ký hiệu văn bản), file (tên tệp), link (đường liên kết)",
                                    code=Code.UNIT_EVIDENCE_EMPTY))
        ok = False
    if not ok:
        return None
    return Evidence(texts["doc"], texts["date"], texts["file"], texts["link"], texts["note"])
