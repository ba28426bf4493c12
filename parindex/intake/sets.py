"""Criteria sets from files: read, validate, compile — every problem at once, with its place."""

from __future__ import annotations

from pathlib import Path

from parindex.core.codes import Code
from parindex.core.document import Document
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.text import fold_name, shorten
from parindex.criteria import schema as model
from parindex.criteria.compiler import CompiledSet, compile_set
from parindex.criteria.schema import validate
from parindex.intake.yamlfile import load_yaml

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
        later = Problem(doc.path, doc.last_line, None, _LATER_STAGE, code=Code.SET_CHECKS_PENDING,
                        severity=Severity.WARNING)
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
                                        f"hai lần (đã có ở dòng {line}); hãy xóa một lần",
                                        code=Code.SET_DUPLICATE_UNIT_KIND))
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
                + "; đơn vị gõ không dấu sẽ không phân biệt được, hãy đổi mã hoặc nhãn cho khác nhau"),
                code=Code.SET_CHOICE_COLLISION))
            break
    return problems
