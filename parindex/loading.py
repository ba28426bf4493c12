"""Load criteria sets and unit files: YAML → pydantic models → checked, located problems.

Every problem carries file:line:col. pydantic's English messages are rewritten in Vietnamese with
a suggestion for misspelt field names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic

from parindex import model
from parindex.compiling import CompiledSet, compile_set
from parindex.errors import InputProblems, Problem, Severity, has_errors
from parindex.expressions import did_you_mean, fold_name, parse_date
from parindex.numbers import HUNDRED, ZERO, NumberFormatError, format_number, looks_like_thousands, parse_number
from parindex.yamlio import Document, Path_, load_yaml

_ALL_FIELDS = sorted({
    name
    for cls in (model.CriteriaSet, model.Indicator, model.Derived, model.Node, model.Band,
                model.LegalBasis, model.Rating, model.Check, model.UnitFile, model.YesNoRule,
                model.LevelsRule, model.BandsRule, model.ProportionalRule, model.PerItemRule,
                model.DeductionRule, model.FormulaRule, model.RelativeRule)
    for name in model.field_names(cls)
})

_TYPE_WORDS = {
    "string_type": "cần một chuỗi chữ",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "bool_type": "cần true hoặc false",
    "dict_type": "cần một bảng khóa–giá trị",
    "list_type": "cần một danh sách (mỗi phần tử bắt đầu bằng '- ')",
    "decimal_type": "cần một số",
    "model_type": "cần một bảng khóa–giá trị",
    "model_attributes_type": "cần một bảng khóa–giá trị",
}


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Path_, Any]:
    """Follow pydantic's `loc` through the data, skipping its artefacts (union tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict):
            key = "from" if part == "from_" else part
            if isinstance(key, str) and key in current:
                current = current[key]
                path.append(key)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
    return tuple(path), current


def _translate(error: Any, value: Any) -> str:
    kind = error["type"]
    loc = error["loc"]
    last = str(loc[-1]) if loc else ""
    if last == "from_":
        last = "from"
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"thiếu trường bắt buộc '{last}'"
    if kind == "extra_forbidden":
        return f"trường '{last}' không có trong định dạng" + did_you_mean(last, _ALL_FIELDS)
    if kind == "literal_error":
        return f"giá trị '{value}' không hợp lệ cho '{last}'; chỉ chấp nhận: {ctx.get('expected', '')}"
    if kind == "union_tag_invalid":
        return (f"loại quy tắc '{ctx.get('tag')}' không có; chỉ chấp nhận: {ctx.get('expected_tags')}"
                + did_you_mean(str(ctx.get("tag")), list(model.RULE_KINDS)))
    if kind == "union_tag_not_found":
        return f"thiếu 'kind' (loại quy tắc: {', '.join(model.RULE_KINDS)})"
    if kind in ("value_error", "assertion_error"):
        message = str(error["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return f"'{last}': {message}" if last and not isinstance(loc[-1], int) else message
    if kind == "too_short":
        return f"'{last}' cần ít nhất {ctx.get('min_length', 1)} phần tử"
    if kind == "too_long":
        return f"'{last}' quá dài"
    if kind == "string_too_short":
        return f"'{last}' không được để trống"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        words = {"greater_than_equal": "không nhỏ hơn", "less_than_equal": "không lớn hơn",
                 "greater_than": "lớn hơn", "less_than": "nhỏ hơn"}[kind]
        return f"'{last}' phải {words} {bound}"
    if kind in _TYPE_WORDS:
        shown = "rỗng" if value is None else f"'{value}'"
        return f"'{last}' {_TYPE_WORDS[kind]}, nhận {shown}"
    return f"'{last}': {error['msg']}"


def validate(doc: Document, cls: type[pydantic.BaseModel]) -> Any:
    """Validate a document against a model; raise `InputProblems` with every located error."""
    if not isinstance(doc.data, dict):
        kind = "một danh sách" if isinstance(doc.data, list) else "một giá trị đơn"
        raise InputProblems([doc.problem((), f"tệp phải là một bảng khóa–giá trị (tên: giá trị), "
                                             f"nhưng đang là {kind}")])
    try:
        return cls.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        problems = []
        seen = set()
        for error in exc.errors(include_url=False):
            path, value = _data_path(doc.data, tuple(error["loc"]))
            message = _translate(error, value)
            key = (path, message)
            if key not in seen:
                seen.add(key)
                problems.append(doc.problem(path, message))
        raise InputProblems(problems) from None


def load_criteria(path: Path, **limits: int) -> CompiledSet:
    """Read, validate and compile a criteria set. Raises `InputProblems` listing every error
    (warnings included); on success the warnings are on `CompiledSet.warnings`."""
    doc = load_yaml(path, **limits)
    spec = validate(doc, model.CriteriaSet)
    compiled, problems = compile_set(spec, doc)
    if has_errors(problems):
        raise InputProblems(problems)
    return compiled


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
        raise ValueError(f"'{name}' cần true/false (có/không), nhận '{value}'")
    if kind == "choice":
        assert spec.choices is not None
        if isinstance(value, str):
            if value in spec.choices:
                return value
            for code, label in spec.choices.items():
                if fold_name(label) == fold_name(value):
                    return code
        options = ", ".join(f"{code} ({label})" for code, label in spec.choices.items())
        raise ValueError(f"'{name}' nhận '{value}', không phải lựa chọn hợp lệ; chọn một trong: {options}"
                         + did_you_mean(str(value), list(spec.choices)))
    if kind == "date":
        if not isinstance(value, str):
            raise ValueError(f"'{name}' cần một ngày dạng dd/mm/yyyy, nhận '{value}'")
        try:
            return parse_date(value)
        except ValueError as exc:
            raise ValueError(f"'{name}': {exc}") from None
    return _numeric_value(name, spec, value)


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
        if number != number.to_integral_value():
            hint = ""
            if looks_like_thousands(number):
                hint = (f"; nếu ý là {format_number(number * 1000)} thì viết liền không dấu chấm: "
                        f"{int(number * 1000)}")
            raise ValueError(f"'{name}' là số đếm, phải là số nguyên, nhận {value}{hint}")
        if number < 0:
            raise ValueError(f"'{name}' là số đếm, không được âm (nhận {number})")
    if spec.kind == "percent":
        if not (isinstance(value, str) and value.strip().endswith("%")):
            number = number / HUNDRED
        if not ZERO <= number <= 1:
            raise ValueError(f"'{name}' là tỷ lệ phần trăm, phải từ 0 đến 100, nhận {format_number(number * 100)}")
    if spec.min is not None and number < spec.min:
        raise ValueError(f"'{name}' = {format_number(number)} nhỏ hơn giá trị tối thiểu {format_number(spec.min)}")
    if spec.max is not None and number > spec.max:
        raise ValueError(f"'{name}' = {format_number(number)} lớn hơn giá trị tối đa {format_number(spec.max)}")
    return number


_KIND_WORDS = {"count": "số đếm", "number": "số", "percent": "tỷ lệ"}


def load_unit(path: Path, criteria: CompiledSet, **limits: int) -> UnitData:
    """Read a unit file and check it against a criteria set; raise `InputProblems` on errors."""
    doc = load_yaml(path, **limits)
    unit = validate(doc, model.UnitFile)
    problems: list[Problem] = []
    if unit.unit_kind not in criteria.spec.unit_kinds:
        wanted = ", ".join(f"'{k}' ({model.UNIT_KINDS.get(k, k)})" for k in criteria.spec.unit_kinds)
        problems.append(doc.problem(
            ("unit_kind",),
            f"đơn vị loại '{unit.unit_kind}' không chấm được bằng bộ tiêu chí '{criteria.spec.id}' "
            f"(dành cho {wanted}); hãy chọn đúng bộ tiêu chí" + did_you_mean(unit.unit_kind, criteria.spec.unit_kinds)))
    if unit.criteria is not None and unit.criteria != criteria.spec.id:
        problems.append(doc.problem(
            ("criteria",), f"tệp ghi bộ tiêu chí '{unit.criteria}' nhưng đang chấm bằng "
                           f"'{criteria.spec.id}'", severity=Severity.WARNING))
    values: dict[str, Any] = {}
    for name, raw in unit.indicators.items():
        spec = criteria.indicators.get(name)
        if spec is None:
            problems.append(doc.problem(("indicators", name), f"chỉ số '{name}' không có trong bộ tiêu chí "
                                        f"'{criteria.spec.id}'" + did_you_mean(name, list(criteria.indicators))))
            continue
        if raw is None:
            continue
        try:
            values[name] = _indicator_value(name, spec, raw)
        except ValueError as exc:
            problems.append(doc.problem(("indicators", name), str(exc)))
    for name, spec in criteria.indicators.items():
        if name not in values and spec.missing == "error" and name not in unit.indicators:
            problems.append(doc.problem(("indicators",), f"thiếu chỉ số bắt buộc '{name}' ({spec.label})"))
        elif name not in values and spec.missing == "error" and unit.indicators.get(name, 0) is None:
            problems.append(doc.problem(("indicators", name), f"chỉ số bắt buộc '{name}' ({spec.label}) "
                                        "để trống; hãy kê khai giá trị"))
    if has_errors(problems):
        raise InputProblems(problems)
    return UnitData(str(path), unit.unit_id, unit.unit_name, unit.unit_kind, unit.period, values, doc,
                    warnings=problems)
