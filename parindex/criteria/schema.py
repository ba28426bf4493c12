"""The criteria set and unit file formats, as pydantic models.

These models check shape and types only. Everything that needs the whole set (names, points,
bands) is checked in `compiling`. The format is documented in docs/criteria-format.md.
Each rule kind's model lives with the kind in `parindex.criteria.rules`; the rules registry
installs them here (`install_rule_kinds`), and a node's `rule` accepts exactly those.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args

import pydantic
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, GetCoreSchemaHandler
from pydantic import Field as Field  # re-exported for the rule models (parindex.criteria.rules)
from pydantic import model_validator as model_validator
from pydantic.errors import PydanticUndefinedAnnotation
from pydantic_core import CoreSchema

from parindex.core import codes
from parindex.core.document import Document, Path_, field_of
from parindex.core.errors import InputProblems
from parindex.core.numbers import NumberFormatError, parse_number
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


class _LineBreakError(ValueError):
    """A one-line text with a line break or a tab (its own code: set.line-break, unit.line-break)."""


def _one_line(value: str) -> str:
    """Names, codes, titles and labels appear in table cells and one-line messages: no line
    breaks or tabs (other control characters are already refused when the file is read)."""
    found = [f"U+{ord(c):04X} ({_BREAKS[c]})" for c in dict.fromkeys(value) if c in _BREAKS]
    if found:
        raise _LineBreakError(f"có ký tự {', '.join(found)}; hãy viết trên một dòng, không dùng tab")
    return value


Code = Annotated[str, BeforeValidator(_code_text), Field(min_length=1, max_length=40), AfterValidator(_one_line)]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Line = Annotated[str, BeforeValidator(_text), Field(min_length=1), AfterValidator(_one_line)]
Formula = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
OneLine = Annotated[str, AfterValidator(_one_line)]  # optional labels: may be empty, never two lines


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
    # `system`: a figure the Sở exports from a national system (766 score, SIPAS, DTI), fed from a
    # system-data file (intake.system_data); a unit file may not declare it.
    source: Literal["unit", "system"] = "unit"
    note: str | None = None

    @model_validator(mode="after")
    def _choices_match_kind(self) -> Indicator:
        if self.source == "system" and self.missing == "error":
            raise ValueError("chỉ số lấy từ số liệu hệ thống ('source: system') cần 'missing: no_data' hoặc "
                             "'missing: not_applicable' (khi tệp số liệu hệ thống không có giá trị của đơn vị)")
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
    """The fields every rule has. Each kind's model, in its module of `parindex.criteria.rules`,
    adds `kind: Literal["<name>"]` and its own fields."""

    not_applicable_when: Formula | None = None
    explain: str | None = None


class _InstalledRuleKinds:
    """The schema of a node's `rule`: one of the installed rule models, told apart by `kind`.

    The models live with their kinds in `parindex.criteria.rules` (one module per kind), which
    imports this module; its registry hands them over through `install_rule_kinds`. The schema is
    generated again each time the installed kinds change."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        models = tuple(_RULE_CLASSES.values())
        if not models:
            raise PydanticUndefinedAnnotation("Rule", "chưa có loại quy tắc nào: hãy nhập "
                                                      "parindex.criteria.rules.registry")
        if len(models) == 1:
            return handler.generate_schema(models[0])
        return handler.generate_schema(Annotated[Union[models], Field(discriminator="kind")])  # noqa: UP007


Rule = Annotated[RuleBase, _InstalledRuleKinds()]
# The installed rule kinds, in the order messages list them; filled by `install_rule_kinds`.
_RULE_CLASSES: dict[str, type[RuleBase]] = {}
RULE_KINDS: tuple[str, ...] = ()


class Node(Strict):
    code: Code
    title: Line
    max: Number
    children: list[Node] | None = None
    rule: Rule | None = None
    basis: str | None = None
    method: Literal["self_assessment", "survey", "appraisal", "system"] | None = None
    # Evidence (tài liệu kiểm chứng) for points claimed: on a leaf, or on a parent for the leaves
    # below it (a leaf's own setting wins; `none` lifts a parent's).
    evidence: Literal["required", "recommended", "none"] | None = None
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


class Requirement(Strict):
    """A condition of a rating (`requires`): a yes/no formula over the unit's figures, or a minimum
    share of the total points that applies to the unit; `reason` is what a capped unit is told."""

    when: Formula | None = None
    min_applicable: Number | None = None
    reason: Line | None = None

    @model_validator(mode="after")
    def _one_condition(self) -> Requirement:
        if (self.when is None) == (self.min_applicable is None):
            raise ValueError("mỗi điều kiện cần đúng một trong hai: 'when' (công thức có/không) hoặc "
                             "'min_applicable' (tỷ lệ điểm áp dụng tối thiểu, ví dụ 80%)")
        return self


class Rating(Strict):
    name: Line
    from_: Number | None = Field(default=None, alias="from")
    above: Number | None = None
    to: Number | None = None
    below: Number | None = None
    requires: list[Requirement] = Field(default_factory=list)


class RankingGroup(Strict):
    """A ranking group within a unit kind (phường / xã và đặc khu): `when` says who belongs."""

    id: Line
    name: Line
    kind: Line
    when: Formula


TIE_BREAK_KEYS = ("node", "base_points", "bonus_points", "penalty_points", "total", "survey_points",
                  "judged_points")


class TieBreak(Strict):
    """One key that orders units of equal index (`tie_breaks`, in turn)."""

    by: Literal["node", "base_points", "bonus_points", "penalty_points", "total", "survey_points",
                "judged_points"]
    node: Code | None = None
    prefer: Literal["higher", "lower"] | None = None

    @model_validator(mode="after")
    def _node_with_node(self) -> TieBreak:
        if self.by == "node" and self.node is None:
            raise ValueError("'by: node' cần 'node' (mã mục, ví dụ node: \"5\")")
        if self.by != "node" and self.node is not None:
            raise ValueError(f"'node' chỉ dùng với 'by: node', không dùng với 'by: {self.by}'")
        return self


# The default answer scale of a survey: the share of a question's points each answer earns.
DEFAULT_SURVEY_SCALE: dict[str, Decimal] = {"A": Decimal(1), "B": Decimal("0.6"), "C": Decimal("0.2"), "D": Decimal(0)}


class SurveyGroup(Strict):
    """A group of respondents (người dân, công chức…) and the weight of each of its answers."""

    name: Line
    weight: Number = Decimal(1)


class SurveyQuestion(Strict):
    """A survey question: the survey leaf (`node`) it feeds and the points it is worth there."""

    text: Line
    node: Code
    max: Number


class Survey(Strict):
    """The sociological survey (điều tra xã hội học): answer scale, respondent groups, questions."""

    scale: dict[Code, Number] = Field(default_factory=lambda: dict(DEFAULT_SURVEY_SCALE), min_length=1)
    groups: dict[Code, SurveyGroup] = Field(min_length=1)
    questions: dict[Code, SurveyQuestion] = Field(min_length=1)


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
    tie_breaks: list[TieBreak] = Field(default_factory=list)
    ranking_groups: list[RankingGroup] = Field(default_factory=list)
    indicators: dict[str, Indicator]
    derived: dict[str, Derived] = Field(default_factory=dict)
    areas: list[Node] = Field(min_length=1)
    bonus: list[Node] = Field(default_factory=list)
    penalties: list[Node] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    survey: Survey | None = None
    note: str | None = None


class UnitFile(Strict):
    unit_id: Line
    unit_name: Line
    unit_kind: Line
    period: Line
    criteria: Line | None = None
    submitted: Line | None = None  # the date the unit sent the file (checked by intake.units)
    indicators: dict[str, Any] = Field(default_factory=dict)
    points: dict[Code, Any] = Field(default_factory=dict)  # self-given points of judged leaves
    evidence: dict[Code, Any] = Field(default_factory=dict)  # by indicator name or leaf code
    note: str | None = None


def field_names(model: type[BaseModel]) -> list[str]:
    """The names a YAML author writes for a model's fields (aliases where there are some)."""
    return [info.alias or name for name, info in model.model_fields.items()]


_FIXED_MODELS: tuple[type[BaseModel], ...] = (
    CriteriaSet, Indicator, Derived, Node, LegalBasis, Rating, Requirement, RankingGroup, TieBreak, Check,
    UnitFile, Survey, SurveyGroup, SurveyQuestion,
)


def _models_within(cls: type[BaseModel]) -> list[type[BaseModel]]:
    """A model and the models its fields hold (a bands rule's `Band`), for field-name suggestions."""
    found: list[type[BaseModel]] = [cls]
    pending = [info.annotation for info in cls.model_fields.values()]
    while pending:
        annotation = pending.pop()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                pending.extend(info.annotation for info in annotation.model_fields.values())
        else:
            pending.extend(get_args(annotation))
    return found


def _all_fields() -> list[str]:
    """Every field name a YAML author may write anywhere, with the installed rule kinds."""
    rule_models = [m for cls in _RULE_CLASSES.values() for m in _models_within(cls)]
    return sorted({name for cls in (*_FIXED_MODELS, *rule_models) for name in field_names(cls)})


_ALL_FIELDS = _all_fields()


def install_rule_kinds(models: Mapping[str, type[RuleBase]]) -> None:
    """Make `models` (kind name → model, in the order messages list them) the rule kinds a node's
    `rule` accepts. Called by `parindex.criteria.rules.registry`, which owns the list."""
    global RULE_KINDS, _ALL_FIELDS
    for name, cls in models.items():
        written = get_args(cls.model_fields["kind"].annotation)
        if written != (name,):
            raise ValueError(f"mô hình {cls.__name__} khai báo kind {written}, không phải '{name}'")
    _RULE_CLASSES.clear()
    _RULE_CLASSES.update(models)
    RULE_KINDS = tuple(models)
    _ALL_FIELDS = _all_fields()
    Node.model_rebuild(force=True)
    CriteriaSet.model_rebuild(force=True)


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
    """Validate a document against a model; raise `InputProblems` with every located error (with
    the `unit.` codes for a unit file, else the `set.` codes)."""
    unit = issubclass(cls, UnitFile)
    if not isinstance(doc.data, dict):
        kind = "một danh sách" if isinstance(doc.data, list) else "một giá trị đơn"
        raise InputProblems([doc.problem((), f"tệp phải là một bảng khóa–giá trị (tên: giá trị), "
                                             f"nhưng đang là {kind}",
                                         code=codes.Code.UNIT_NOT_A_MAPPING if unit else codes.Code.SET_NOT_A_MAPPING)])
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
                problems.append(doc.problem(path, message, code=_code(error, unit), field=_missing(error, path)))
        raise InputProblems(problems) from None


_Pair = tuple[codes.Code, codes.Code]  # (in a criteria set, in a unit file)
_FIELD_CONFLICT: _Pair = (codes.Code.SET_FIELD_CONFLICT, codes.Code.UNIT_INVALID_VALUE)
_CODES: dict[str, _Pair] = {
    "missing": (codes.Code.SET_MISSING_FIELD, codes.Code.UNIT_MISSING_FIELD),
    "union_tag_not_found": (codes.Code.SET_MISSING_FIELD, codes.Code.UNIT_MISSING_FIELD),
    "extra_forbidden": (codes.Code.SET_UNKNOWN_FIELD, codes.Code.UNIT_UNKNOWN_FIELD),
    "literal_error": (codes.Code.SET_UNKNOWN_OPTION, codes.Code.UNIT_INVALID_VALUE),
    "union_tag_invalid": (codes.Code.SET_UNKNOWN_RULE_KIND, codes.Code.UNIT_INVALID_VALUE),
    "too_short": (codes.Code.SET_EMPTY_FIELD, codes.Code.UNIT_EMPTY_FIELD),
    "string_too_short": (codes.Code.SET_EMPTY_FIELD, codes.Code.UNIT_EMPTY_FIELD),
    "too_long": (codes.Code.SET_TOO_LONG, codes.Code.UNIT_INVALID_VALUE),
    "string_too_long": (codes.Code.SET_TOO_LONG, codes.Code.UNIT_INVALID_VALUE),
    **dict.fromkeys(("greater_than_equal", "less_than_equal", "greater_than", "less_than"),
                    (codes.Code.SET_OUT_OF_RANGE, codes.Code.UNIT_INVALID_VALUE)),
    **dict.fromkeys(_TYPE_WORDS, (codes.Code.SET_WRONG_TYPE, codes.Code.UNIT_WRONG_TYPE)),
    "value_error": _FIELD_CONFLICT,
    "assertion_error": _FIELD_CONFLICT,
}


def _missing(error: Any, path: Path_) -> str | None:
    """The field of a missing field: its own path (the problem is placed at its parent's); None for
    any other error (the path it is placed at)."""
    if error["type"] == "union_tag_not_found":
        return field_of((*path, "kind"))
    last = error["loc"][-1] if error["loc"] else None
    if error["type"] == "missing" and isinstance(last, str):
        return field_of((*path, "from" if last == "from_" else last))
    return None


def _code(error: Any, unit: bool) -> codes.Code:
    """The code of one pydantic error: by its type; a `value_error` by the exception behind it (a
    number written wrong, a line break, else fields that do not go together)."""
    pair = _CODES.get(error["type"], (codes.Code.SET_INVALID_VALUE, codes.Code.UNIT_INVALID_VALUE))
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, NumberFormatError):
        pair = (codes.Code.SET_BAD_NUMBER, codes.Code.UNIT_INVALID_VALUE)
    elif isinstance(cause, _LineBreakError):
        pair = (codes.Code.SET_LINE_BREAK, codes.Code.UNIT_LINE_BREAK)
    return pair[1] if unit else pair[0]
