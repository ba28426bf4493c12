"""Load criteria sets and unit files: YAML → pydantic models → checked, located problems.

Every problem carries file:line:col. pydantic's English messages are rewritten in Vietnamese with
a suggestion for misspelt field names.
"""

from __future__ import annotations

import decimal
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pydantic

from parindex import model
from parindex.compiling import CompiledSet, compile_set
from parindex.errors import InputProblems, Problem, Severity, has_errors
from parindex.expressions import did_you_mean, fold_name, parse_date
from parindex.numbers import (
    MAX_MAGNITUDE,
    ZERO,
    NumberFormatError,
    format_number,
    fraction_of,
    looks_like_thousands,
    parse_number,
    percent_of,
)
from parindex.text import shorten
from parindex.yamlio import Document, Path_, load_yaml

MAX_DIGITS = 2 * MAX_MAGNITUDE + 10  # enough for any number a file may hold (10^±100)

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
    previous: object = None
    for part in loc:
        if previous == "rule" and isinstance(current, dict) and current.get("kind") == part:
            previous = part
            continue  # the union tag ('bands'), not the field of the same name
        previous = part
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
    shown_last = shorten(last)
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"thiếu trường bắt buộc '{shown_last}'"
    if kind == "extra_forbidden":
        return _unknown_field(last, tuple(loc))
    if kind == "literal_error":
        return (f"giá trị '{shorten(value)}' không hợp lệ cho '{shown_last}'; chỉ chấp nhận: "
                f"{_choices_words(ctx.get('expected', ''))}")
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        return (f"loại quy tắc '{shorten(tag)}' không có; chỉ chấp nhận: {', '.join(model.RULE_KINDS)}"
                + did_you_mean(tag, list(model.RULE_KINDS)))
    if kind == "union_tag_not_found":
        return f"thiếu 'kind' (loại quy tắc: {', '.join(model.RULE_KINDS)})"
    if kind in ("value_error", "assertion_error"):
        message = str(error["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return f"'{shown_last}': {message}" if last and not isinstance(loc[-1], int) else message
    return _translate_shape(kind, shown_last, ctx, value)


def _translate_shape(kind: str, last: str, ctx: dict[str, Any], value: Any) -> str:
    if kind == "too_short":
        return f"'{last}' cần ít nhất {ctx.get('min_length', 1)} phần tử"
    if kind in ("too_long", "string_too_long"):
        return f"'{last}' quá dài (tối đa {ctx.get('max_length', '?')})"
    if kind == "string_too_short":
        return f"'{last}' không được để trống"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        words = {"greater_than_equal": "không nhỏ hơn", "less_than_equal": "không lớn hơn",
                 "greater_than": "lớn hơn", "less_than": "nhỏ hơn"}[kind]
        return f"'{last}' phải {words} {bound}"
    shown = "rỗng" if value is None else f"'{shorten(value)}'"
    if kind in _TYPE_WORDS:
        return f"'{last}' {_TYPE_WORDS[kind]}, nhận {shown}"
    return f"'{last}' có giá trị không hợp lệ ({shown}); hãy xem định dạng trong docs/criteria-format.md"


def _choices_words(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'" in Vietnamese."""
    return str(expected).replace(" or ", " hoặc ")


_RULE_CLASSES: dict[str, type[pydantic.BaseModel]] = {
    "yes_no": model.YesNoRule, "levels": model.LevelsRule, "bands": model.BandsRule,
    "proportional": model.ProportionalRule, "per_item": model.PerItemRule,
    "deduction": model.DeductionRule, "formula": model.FormulaRule, "relative": model.RelativeRule,
}


def _unknown_field(name: str, loc: tuple[Any, ...]) -> str:
    """An unknown field, with a suggestion that is never the word itself: a field that exists in
    another kind of rule or section is said not to belong here."""
    shown = shorten(name)
    rule_kind = next((str(part) for before, part in itertools.pairwise(loc)
                      if before == "rule" and part in _RULE_CLASSES), None)
    if rule_kind is not None:
        fields = model.field_names(_RULE_CLASSES[rule_kind])
        guess = did_you_mean(name, [f for f in fields if f != name])
        return (f"trường '{shown}' không dùng trong quy tắc loại '{rule_kind}' (các trường của loại này: "
                f"{', '.join(fields)})" + guess)
    if name in _ALL_FIELDS:
        return f"trường '{shown}' không thuộc phần này của định dạng; hãy xóa hoặc chuyển nó đến đúng chỗ"
    return f"trường '{shown}' không có trong định dạng" + did_you_mean(name, _ALL_FIELDS)


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


_LATER_STAGE = ("các công thức, tên chỉ số và tổng điểm chưa được kiểm tra: chúng sẽ được kiểm tra "
                "khi các lỗi trên được sửa; hãy chạy lại 'parindex check'")


def load_criteria(path: Path, **limits: int) -> CompiledSet:
    """Read, validate and compile a criteria set. Raises `InputProblems` listing every error
    (warnings included); on success the warnings are on `CompiledSet.warnings`.

    As much as possible is reported in one run: every duplicate key and refused character of the
    file, every validation error, and, when the set validates, every compilation problem."""
    doc = load_yaml(path, keep_going=True, **limits)
    problems = list(doc.problems)
    try:
        spec = validate(doc, model.CriteriaSet)
    except InputProblems as exc:
        later = Problem(doc.path, doc.last_line, None, _LATER_STAGE, severity=Severity.WARNING)
        raise InputProblems([*problems, *exc.problems, later]) from None
    problems += _set_text_problems(spec, doc)
    compiled, compile_problems = compile_set(spec, doc)
    problems += compile_problems
    if has_errors(problems):
        raise InputProblems(problems)
    return compiled


def _set_text_problems(spec: model.CriteriaSet, doc: Document) -> list[Problem]:
    """Texts a unit file is matched against: unit kinds listed once, choices that stay apart when
    a unit writes them without accents or in another case."""
    problems = []
    first_kind: dict[str, int] = {}
    for index, kind in enumerate(spec.unit_kinds):
        if kind in first_kind:
            line = doc.where(("unit_kinds", first_kind[kind]))[0]
            problems.append(doc.problem(("unit_kinds", index), f"loại đơn vị '{shorten(kind)}' được liệt kê "
                                        f"hai lần (đã có ở dòng {line}); hãy xóa một lần"))
        else:
            first_kind[kind] = index
    for name, indicator in spec.indicators.items():
        if indicator.choices:
            problems += _choice_collisions(doc, name, indicator.choices)
    return problems


def _choice_collisions(doc: Document, name: str, choices: dict[str, str]) -> list[Problem]:
    """Every code and label of a choice indicator must stay distinct when accents and case are
    ignored: otherwise a unit writing it without accents could not be matched safely."""
    problems = []
    owner: dict[str, str] = {}  # folded text -> code of the choice it belongs to
    for code, label in choices.items():
        for text, loc in ((code, ("indicators", name, "choices", code)),
                          (label, ("indicators", name, "choices", code))):
            folded = fold_name(text.strip())
            other = owner.setdefault(folded, code)
            if other == code:
                continue
            same = text in (other, choices[other])
            problems.append(doc.problem(loc, (
                f"lựa chọn '{shorten(code)}' của chỉ số '{name}': "
                + (f"nhãn '{shorten(text)}' trùng với lựa chọn '{shorten(other)}'" if same else
                   f"'{shorten(text)}' trùng với lựa chọn '{shorten(other)}' ({shorten(choices[other])}) "
                   "khi bỏ dấu và không phân biệt chữ hoa/thường")
                + "; đơn vị gõ không dấu sẽ không phân biệt được, hãy đổi mã hoặc nhãn cho khác nhau")))
            break
    return problems


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
