"""The criteria set and unit file formats, as pydantic models.

These models check shape and types only. Everything that needs the whole set (names, points,
bands) is checked in `compiling`. The format is documented in docs/criteria-format.md.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from parindex.numbers import parse_number

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
