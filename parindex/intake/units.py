"""Load criteria sets and unit files: YAML → pydantic models → checked, located problems.

Every problem carries file:line:col. pydantic's English messages are rewritten in Vietnamese with
a suggestion for misspelt field names.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.document import Document
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
from parindex.criteria.schema import validate
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


_YES = {"true", "có", "co", "yes", "đạt", "dat"}
_NO = {"false", "không", "khong", "no", "không đạt", "khong dat"}


def _indicator_value(name: str, spec: model.Indicator, value: Any) -> Any:
    """Check one declared value; return it converted, or raise ValueError with the message."""
    kind = spec.kind
    if kind == "yes_no":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            return value.strip().lower() in _YES
        raise ValueError(f"'{name}' cần true/false (có/không), nhận '{shorten(value)}'")
    if kind == "choice":
        assert spec.choices is not None
        return choice_code(name, spec.choices, value)
    if kind == "date":
        if not isinstance(value, str):
            raise ValueError(f"'{name}' cần một ngày dạng dd/mm/yyyy, nhận '{shorten(value)}'")
        try:
            return parse_date(value)
        except ValueError as exc:
            raise ValueError(f"'{name}': {exc}") from None
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
            raise ValueError(
                f"'{name}' nhận '{shorten(value)}', khớp với nhiều lựa chọn: "
                f"{_options(choices, close)}; hãy viết đúng mã hoặc nhãn có dấu của một lựa chọn")
    raise ValueError(f"'{name}' nhận '{shorten(value)}', không phải lựa chọn hợp lệ; chọn một trong: "
                     f"{_options(choices, list(choices))}" + did_you_mean(str(value), list(choices)))


def _options(choices: dict[str, str], codes: list[str]) -> str:
    return ", ".join(f"{shorten(code)} ({shorten(choices[code])})" for code in codes)


def _numeric_value(name: str, spec: model.Indicator, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"'{name}' cần một số, nhận giá trị đúng/sai '{str(value).lower()}'")
    if isinstance(value, str) and spec.kind != "percent" and value.strip().endswith("%"):
        raise ValueError(f"'{name}' là {_KIND_WORDS[spec.kind]}, không viết dấu '%'")
    try:
        number = parse_number(value)
    except NumberFormatError as exc:
        raise ValueError(f"'{name}': {exc}") from None
    if spec.kind == "count":
        _check_count(name, number, value)
    if spec.kind == "percent":
        if not _has_percent_sign(value):
            number = fraction_of(number)  # exact: 100.000…01 must stay above 100%, not round to it
        if not ZERO <= number <= 1:
            raise ValueError(f"'{name}' là tỷ lệ phần trăm, phải từ 0 đến 100, nhận "
                             f"{shorten(format_number(percent_of(number)))}")
    if spec.min is not None and number < spec.min:
        raise ValueError(f"'{name}' = {shorten(format_number(number))} nhỏ hơn giá trị tối thiểu "
                         f"{format_number(spec.min)}")
    if spec.max is not None and number > spec.max:
        raise ValueError(f"'{name}' = {shorten(format_number(number))} lớn hơn giá trị tối đa "
                         f"{format_number(spec.max)}")
    return number


def _check_count(name: str, number: Decimal, value: Any) -> None:
    if number != number.to_integral_value(context=decimal.Context(prec=MAX_DIGITS)):
        hint = ""
        if looks_like_thousands(number):
            hint = (f"; nếu ý là {format_number(number * 1000)} thì viết liền không dấu chấm: "
                    f"{int(number * 1000)}")
        raise ValueError(f"'{name}' là số đếm, phải là số nguyên, nhận {shorten(value)}{hint}")
    if number < 0:
        raise ValueError(f"'{name}' là số đếm, không được âm (nhận {shorten(format_number(number))})")


def _has_percent_sign(value: Any) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")


def _percent_slip(name: str, spec: model.Indicator, raw: Any, value: Any) -> str | None:
    """A percent written as a plain number 0 < v ≤ 1: most likely a fraction (0,95 for 95%)."""
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


def load_unit(path: Path, criteria: CompiledSet, **limits: int) -> UnitData:
    """Read a unit file and check it against a criteria set; raise `InputProblems` on errors.
    Warnings (a differing criteria id, a percent that looks like a fraction) are on
    `UnitData.warnings`."""
    doc = load_yaml(path, keep_going=True, **limits)
    try:
        unit = validate(doc, model.UnitFile)
    except InputProblems as exc:
        raise InputProblems([*doc.problems, *exc.problems]) from None
    problems: list[Problem] = [*doc.problems, *_header_problems(doc, unit, criteria)]
    values: dict[str, Any] = {}
    for name, raw in unit.indicators.items():
        spec = criteria.indicators.get(name)
        if spec is None:
            problems.append(doc.problem(("indicators", name), f"chỉ số '{shorten(name)}' không có trong bộ tiêu chí "
                                        f"'{criteria.spec.id}'" + did_you_mean(name, list(criteria.indicators))))
            continue
        if raw is None:
            continue
        try:
            values[name] = _indicator_value(name, spec, raw)
        except ValueError as exc:
            problems.append(doc.problem(("indicators", name), str(exc)))
            continue
        slip = _percent_slip(name, spec, raw, values[name])
        if slip is not None:
            problems.append(doc.problem(("indicators", name), slip, severity=Severity.WARNING))
    problems += _missing_problems(doc, unit, criteria, values)
    if has_errors(problems):
        raise InputProblems(problems)
    return UnitData(str(path), unit.unit_id, unit.unit_name, unit.unit_kind, unit.period, values, doc,
                    warnings=problems)


def _header_problems(doc: Document, unit: model.UnitFile, criteria: CompiledSet) -> list[Problem]:
    problems = []
    if unit.unit_kind not in criteria.spec.unit_kinds:
        wanted = ", ".join(f"'{k}' ({model.UNIT_KINDS.get(k, k)})" for k in criteria.spec.unit_kinds)
        problems.append(doc.problem(
            ("unit_kind",),
            f"đơn vị loại '{shorten(unit.unit_kind)}' không chấm được bằng bộ tiêu chí '{criteria.spec.id}' "
            f"(dành cho {wanted}); hãy chọn đúng bộ tiêu chí" + did_you_mean(unit.unit_kind, criteria.spec.unit_kinds)))
    if unit.criteria is not None and unit.criteria != criteria.spec.id:
        problems.append(doc.problem(
            ("criteria",), f"tệp ghi bộ tiêu chí '{shorten(unit.criteria)}' nhưng đang chấm bằng "
                           f"'{criteria.spec.id}'", severity=Severity.WARNING))
    return problems


def _missing_problems(doc: Document, unit: model.UnitFile, criteria: CompiledSet,
                      values: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, spec in criteria.indicators.items():
        if name in values or spec.missing != "error":
            continue
        if name not in unit.indicators:
            problems.append(doc.problem(("indicators",), f"thiếu chỉ số bắt buộc '{name}' ({spec.label})"))
        elif unit.indicators[name] is None:
            problems.append(doc.problem(("indicators", name), f"chỉ số bắt buộc '{name}' ({spec.label}) "
                                        "để trống; hãy kê khai giá trị"))
    return problems
