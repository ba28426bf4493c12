"""The criteria set and unit file formats, as pydantic models.

These models check shape and types only. Everything that needs the whole set (names, points,
bands) is checked in `compiling`. The format is documented in docs/criteria-format.md.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from parindex.core.document import Document, Path_
from parindex.core.errors import InputProblems
from parindex.core.numbers import parse_number
from parindex.core.text import did_you_mean, shorten

Number = Annotated[Decimal, BeforeValidator(parse_number)]

UNIT_KINDS: dict[str, str] = {
    "so": "Sở, ban, ngành",
    "huyen": "UBND cấp huyện",
    "xa": "UBND cấp xã, phường",
    "tw": "Cơ quan Trung ương đóng trên địa bàn",
}

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


def _code_text(value: object) -> object:
    """Codes may be written unquoted (1.1 is read as a number): keep the text as written."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


def _text(value: object) -> object:
    """Plain text fields accept numbers written without quotes (id: 2025)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


_BREAKS = {"\n": "xuống dòng", "\r": "xuống dòng", "\t": "tab", "\u2028": "xuống dòng", "\u2029": "xuống dòng"}


def _one_line(value: str) -> str:
    """Names, codes, titles and labels appear in table cells and one-line messages: no line
    breaks or tabs (other control characters are already refused when the file is read)."""
    found = [f"U+{ord(c):04X} ({_BREAKS[c]})" for c in dict.fromkeys(value) if c in _BREAKS]
    if found:
        raise ValueError(f"có ký tự {', '.join(found)}; hãy viết trên một dòng, không dùng tab")
    return value


Code = Annotated[str, BeforeValidator(_code_text), Field(min_length=1, max_length=40), AfterValidator(_one_line)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Line = Annotated[str, BeforeValidator(_text), Field(min_length=1), AfterValidator(_one_line)]
Formula = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


IndicatorKind = Literal["count", "number", "percent", "yes_no", "choice", "date"]
MissingPolicy = Literal["error", "not_applicable", "no_data"]


class Indicator(Strict):
    label: Line
    kind: IndicatorKind
    unit: Annotated[str, AfterValidator(_one_line)] | None = None
    min: Number | None = None
    max: Number | None = None
    choices: dict[str, Line] | None = None
    missing: MissingPolicy = "error"
    note: str | None = None

    @model_validator(mode="after")
    def _choices_match_kind(self) -> Indicator:
        if self.kind == "choice" and not self.choices:
            raise ValueError("chỉ số loại 'choice' phải khai báo 'choices' (mã: nhãn)")
        if self.kind != "choice" and self.choices is not None:
            raise ValueError("chỉ chỉ số loại 'choice' mới có 'choices'")
        if self.kind in ("yes_no", "choice", "date") and (self.min is not None or self.max is not None):
            raise ValueError(f"chỉ số loại '{self.kind}' không có 'min'/'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' lớn hơn 'max'")
        return self


class Derived(Strict):
    label: Line
    formula: Formula
    format: Literal["number", "percent"] = "number"
    min: Number | None = None
    max: Number | None = None


class RuleBase(Strict):
    not_applicable_when: Formula | None = None
    explain: str | None = None


class YesNoRule(RuleBase):
    kind: Literal["yes_no"]
    when: Formula


class LevelsRule(RuleBase):
    kind: Literal["levels"]
    value: Formula
    points: dict[str, Number] | None = None
    shares: dict[str, Number] | None = None

    @model_validator(mode="after")
    def _one_mapping(self) -> LevelsRule:
        if (self.points is None) == (self.shares is None):
            raise ValueError("quy tắc 'levels' cần đúng một trong hai: 'points' hoặc 'shares'")
        return self


class Band(Strict):
    from_: Number | None = Field(default=None, alias="from")
    above: Number | None = None
    to: Number | None = None
    below: Number | None = None
    points: Number | None = None
    share: Number | None = None
    label: Annotated[str, AfterValidator(_one_line)] | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Band:
        if self.from_ is not None and self.above is not None:
            raise ValueError("một mức chỉ có một cận dưới: 'from' (từ, gồm) hoặc 'above' (trên)")
        if self.to is not None and self.below is not None:
            raise ValueError("một mức chỉ có một cận trên: 'to' (đến, gồm) hoặc 'below' (dưới)")
        if (self.points is None) == (self.share is None):
            raise ValueError("mỗi mức cần đúng một trong hai: 'points' hoặc 'share'")
        return self


class BandsRule(RuleBase):
    kind: Literal["bands"]
    value: Formula
    bands: list[Band] = Field(min_length=1)


class ProportionalRule(RuleBase):
    kind: Literal["proportional"]
    value: Formula


class PerItemRule(RuleBase):
    kind: Literal["per_item"]
    count: Formula
    points_each: Number


class DeductionRule(RuleBase):
    kind: Literal["deduction"]
    count: Formula
    points_each: Number


class FormulaRule(RuleBase):
    kind: Literal["formula"]
    formula: Formula


class RelativeRule(RuleBase):
    kind: Literal["relative"]
    value: Formula


Rule = Annotated[
    YesNoRule | LevelsRule | BandsRule | ProportionalRule | PerItemRule | DeductionRule
    | FormulaRule | RelativeRule,
    Field(discriminator="kind"),
]
RULE_KINDS = ("yes_no", "levels", "bands", "proportional", "per_item", "deduction", "formula", "relative")


class Node(Strict):
    code: Code
    title: Line
    max: Number
    children: list[Node] | None = None
    rule: Rule | None = None
    basis: str | None = None
    method: Literal["self_assessment", "survey", "appraisal", "system"] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _leaf_or_parent(self) -> Node:
        if (self.children is None) == (self.rule is None):
            raise ValueError("mỗi mục cần đúng một trong hai: 'children' (các mục con) hoặc 'rule' (cách chấm)")
        if self.children is not None and not self.children:
            raise ValueError("'children' rỗng; hãy thêm mục con hoặc dùng 'rule'")
        return self


class LegalBasis(Strict):
    number: Line
    date: Line
    title: str | None = None


class Rating(Strict):
    name: Line
    from_: Number | None = Field(default=None, alias="from")
    above: Number | None = None
    to: Number | None = None
    below: Number | None = None


class Check(Strict):
    id: Line
    title: Line
    left: Formula
    relation: Literal["==", "<=", ">=", "<", ">"] = "=="
    right: Formula
    tolerance: Number = Decimal(0)
    severity: Literal["warning", "error"] = "warning"


class CriteriaSet(Strict):
    id: Line
    title: Line
    year: int
    unit_kinds: list[Line] = Field(min_length=1)
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    total_points: Number
    decimals: int = Field(default=2, ge=0, le=4)
    ratings: list[Rating] = Field(min_length=1)
    ties: Literal["shared", "dense"] = "shared"
    indicators: dict[str, Indicator]
    derived: dict[str, Derived] = Field(default_factory=dict)
    areas: list[Node] = Field(min_length=1)
    bonus: list[Node] = Field(default_factory=list)
    penalties: list[Node] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    note: str | None = None


class UnitFile(Strict):
    unit_id: Line
    unit_name: Line
    unit_kind: Line
    period: Line
    criteria: Line | None = None
    indicators: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a YAML author writes for a model's fields (aliases where there are some)."""
    return [info.alias or name for name, info in model.model_fields.items()]


_ALL_FIELDS = sorted({
    name
    for cls in (CriteriaSet, Indicator, Derived, Node, Band,
                LegalBasis, Rating, Check, UnitFile, YesNoRule,
                LevelsRule, BandsRule, ProportionalRule, PerItemRule,
                DeductionRule, FormulaRule, RelativeRule)
    for name in field_names(cls)
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
        return (f"loại quy tắc '{shorten(tag)}' không có; chỉ chấp nhận: {', '.join(RULE_KINDS)}"
                + did_you_mean(tag, list(RULE_KINDS)))
    if kind == "union_tag_not_found":
        return f"thiếu 'kind' (loại quy tắc: {', '.join(RULE_KINDS)})"
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
    "yes_no": YesNoRule, "levels": LevelsRule, "bands": BandsRule,
    "proportional": ProportionalRule, "per_item": PerItemRule,
    "deduction": DeductionRule, "formula": FormulaRule, "relative": RelativeRule,
}



def _unknown_field(name: str, loc: tuple[Any, ...]) -> str:
    """An unknown field, with a suggestion that is never the word itself: a field that exists in
    another kind of rule or section is said not to belong here."""
    shown = shorten(name)
    rule_kind = next((str(part) for before, part in itertools.pairwise(loc)
                      if before == "rule" and part in _RULE_CLASSES), None)
    if rule_kind is not None:
        fields = field_names(_RULE_CLASSES[rule_kind])
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
