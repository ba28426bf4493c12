"""Rule kinds are one module each, found through the registry: a kind added at run time is checked,
scored and explained by the whole program without any other change, and refused again once removed.

The extra kind here, `constant`, gives fixed points written in the set. Expected outputs are worked
out by hand from the set and unit below.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pytest
from conftest import run, write_unit
from engine.differential import assert_same

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.numbers import format_number
from parindex.criteria import schema
from parindex.criteria.rules import registry
from parindex.criteria.rules.kind import (
    CompileContext,
    CompiledRule,
    EmitHook,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    raw_points,
)
from parindex.engine.fast import generate
from parindex.engine.plan import build_plan
from parindex.engine.reference import evaluate_unit
from parindex.engine.trees import ReferenceTree
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.sentences import Explainer
from parindex.results.scorecard import Status

PACKAGE = Path(__file__).parent.parent / "parindex"
BUILT_IN = ("yes_no", "levels", "bands", "proportional", "per_item", "deduction", "formula", "relative",
            "judged", "survey")


# -- the extra kind ---------------------------------------------------------------------------------


class ConstantRule(schema.RuleBase):
    kind: Literal["constant"]
    points: schema.Number


def compile_constant(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    points: Decimal = rule.spec.points
    if not 0 <= points <= node.max:
        ctx.error((*loc, "points"), f"điểm cố định {format_number(points)} vượt quá điểm tối đa "
                                    f"{format_number(node.max)} của mục {node.code}", Code.SET_POINTS_ABOVE_MAX)


def score_constant(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    ctx.set_value(rule.spec.points)
    ctx.set_points(rule.spec.points)


def explain_constant(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    return f"điểm cố định {raw_points(ctx)} theo bộ tiêu chí"


CONSTANT = RuleKind("constant", ConstantRule, {}, score_constant, explain_constant, compile=compile_constant)


@pytest.fixture
def constant_kind() -> Iterator[RuleKind]:
    registry.register(CONSTANT)
    try:
        yield CONSTANT
    finally:
        registry.unregister("constant")


CRITERIA = """\
id: thu-constant
title: Bộ thử loại quy tắc constant
year: 2025
unit_kinds: [so]
total_points: 10
ratings:
  - {name: Tốt, from: 80%}
  - {name: Chưa tốt, below: 80%}
indicators:
  co_ke_hoach: {label: Có kế hoạch CCHC, kind: yes_no}
areas:
  - code: "1"
    title: Công tác chỉ đạo
    max: 10
    children:
      - code: "1.1"
        title: Điểm nền
        max: 4
        rule: {kind: constant, points: POINTS}
      - code: "1.2"
        title: Ban hành kế hoạch
        max: 6
        rule: {kind: yes_no, when: co_ke_hoach}
"""
RULE_LINE = CRITERIA.splitlines().index("        rule: {kind: constant, points: POINTS}") + 1


def criteria(tmp_path: Path, points: str = "3") -> Path:
    path = tmp_path / "thu.yaml"
    path.write_text(CRITERIA.replace("POINTS", points), encoding="utf-8")
    return path


# -- the built-in kinds -----------------------------------------------------------------------------


def test_built_in_kinds_are_registered_in_the_documented_order() -> None:
    assert registry.names() == BUILT_IN
    assert schema.RULE_KINDS == BUILT_IN
    assert [k.name for k in registry.kinds()] == list(BUILT_IN)


@pytest.mark.parametrize("name", BUILT_IN)
def test_each_built_in_kind_is_one_module(name: str) -> None:
    kind = registry.get(name)
    module = f"parindex.criteria.rules.{name}"
    assert kind.model.__module__ == module
    assert kind.score.__module__ == module
    assert kind.explain.__module__ == module
    assert kind.compile is None or kind.compile.__module__ in (module, "parindex.criteria.rules.kind")
    assert kind.emit is None or kind.emit.__module__ == module  # None: the reference scores its sets
    assert set(kind.formulas) <= set(kind.model.model_fields)


@pytest.mark.parametrize("name", ("yes_no", "levels", "bands", "proportional", "per_item", "deduction", "formula",
                                  "relative"))
def test_the_scoring_kinds_emit_fast_code(name: str) -> None:
    """Sets using only these kinds stay on the fast path (tests/engine proves it equal to the reference)."""
    assert registry.get(name).emit is not None


def test_rule_modules_import_only_core_and_criteria() -> None:
    for path in (PACKAGE / "criteria" / "rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("parindex"):
                assert node.module.split(".")[1] in ("core", "criteria"), f"{path.name} imports {node.module}"


def test_an_unknown_name_is_not_found() -> None:
    assert registry.find("constant") is None
    assert registry.find(None) is None
    with pytest.raises(LookupError, match="'constant' chưa được đăng ký"):
        registry.get("constant")


# -- registering a kind -----------------------------------------------------------------------------


def test_a_registered_kind_is_checked_scored_and_explained(constant_kind: RuleKind, tmp_path: Path) -> None:
    assert registry.names() == (*BUILT_IN, "constant")
    assert (*BUILT_IN, "constant") == schema.RULE_KINDS
    path = criteria(tmp_path)
    code, _, err = run("check", path)
    assert code == 0, err
    compiled = load_criteria(path)
    explainer = Explainer(compiled)

    # 1.1 constant: 3 of 4; 1.2 yes_no not met: 0 of 6 ⇒ 3/10 = 30,00%, below 80% ⇒ Chưa tốt.
    result = evaluate_unit(compiled, load_unit(write_unit(tmp_path, "so-a", {"co_ke_hoach": False}), compiled))
    leaf = result.areas[0].children[0]
    assert (leaf.rule_kind, leaf.status, leaf.points, leaf.value) == ("constant", Status.SCORED, 3, 3)
    assert (result.total, explainer.index(result), result.rating) == (3, "30,00%", "Chưa tốt")
    assert explainer.losses(result.areas) == [
        "1.1 Điểm nền: 3/4 điểm — điểm cố định 3 theo bộ tiêu chí.",
        "1.2 Ban hành kế hoạch: 0/6 điểm — không đạt điều kiện 'co_ke_hoach' (có kế hoạch CCHC: không).",
    ]

    # with the plan met: 3 + 6 = 9/10 = 90,00% ⇒ Tốt; the constant leaf still lost a point.
    result = evaluate_unit(compiled, load_unit(write_unit(tmp_path, "so-b", {"co_ke_hoach": True}), compiled))
    assert (result.total, explainer.index(result), result.rating) == (9, "90,00%", "Tốt")
    assert explainer.losses(result.areas) == ["1.1 Điểm nền: 3/4 điểm — điểm cố định 3 theo bộ tiêu chí."]


def test_a_registered_kind_ranks_through_the_command_line(constant_kind: RuleKind, tmp_path: Path) -> None:
    """The fast evaluator generates no code for the new kind: the set is scored by the reference."""
    path = criteria(tmp_path)
    units = [write_unit(tmp_path, "so-a", {"co_ke_hoach": False}), write_unit(tmp_path, "so-b", {"co_ke_hoach": True})]
    code, out, err = run("rank", "--criteria", path, *units, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(out.splitlines()))[1:-1]  # the last row is the provenance (`Nguồn`)
    # so-b: 3 + 6 = 9 of 10 (90,00%, Tốt) ranks first; so-a: 3 of 10 (30,00%, Chưa tốt)
    # (the index in percent, machine-readable)
    assert [(r[1], r[2], r[-2], r[-1]) for r in rows] == [("1", "so-b", "90.00", "Tốt"),
                                                         ("2", "so-a", "30.00", "Chưa tốt")]


def emit_constant(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    return [f"{out.points} = {out.constant(out.kept(rule.spec.points))}"]


def test_a_registered_kind_with_emit_is_scored_by_the_fast_evaluator(tmp_path: Path) -> None:
    """With an emit hook the set stays on the fast path, and gives what the reference gives."""
    registry.register(replace(CONSTANT, emit=emit_constant))
    try:
        compiled = load_criteria(criteria(tmp_path))
        evaluator = generate(build_plan(compiled))
        assert evaluator.score is not None
        assert re.search(r"^ +P\[1\] = K\d+$", evaluator.source, re.MULTILINE)  # 1.1, as emit_constant wrote it
        units = [load_unit(write_unit(tmp_path, f"so-{i}", {"co_ke_hoach": held}), compiled)
                 for i, held in enumerate((False, True))]
        results = assert_same(compiled, units)
    finally:
        registry.unregister("constant")
    assert all(isinstance(r.explanation, ReferenceTree) and r.explanation.fast for r in results)
    assert [(r.total, r.rating) for r in results] == [(3, "Chưa tốt"), (9, "Tốt")]


@pytest.mark.parametrize("emit", [None, lambda out, rule, maximum: None], ids=["no emit", "emit gives None"])
def test_a_kind_that_emits_nothing_is_scored_by_the_reference(emit: EmitHook | None, tmp_path: Path) -> None:
    registry.register(replace(CONSTANT, emit=emit))
    try:
        compiled = load_criteria(criteria(tmp_path))
        assert generate(build_plan(compiled)).score is None
        results = assert_same(compiled, [load_unit(write_unit(tmp_path, "so-a", {"co_ke_hoach": True}), compiled)])
    finally:
        registry.unregister("constant")
    assert isinstance(results[0].explanation, ReferenceTree) and not results[0].explanation.fast
    assert results[0].total == 9


def test_a_registered_kind_reports_its_own_compile_errors(constant_kind: RuleKind, tmp_path: Path) -> None:
    path = criteria(tmp_path, points="5")
    code, _, err = run("check", path)
    assert code == 1
    assert f"thu.yaml:{RULE_LINE}:" in err
    assert "điểm cố định 5 vượt quá điểm tối đa 4 của mục 1.1" in err


def test_a_registered_kinds_fields_are_checked_by_the_schema(constant_kind: RuleKind, tmp_path: Path) -> None:
    path = criteria(tmp_path, points="3, each: 1")
    code, _, err = run("check", path)
    assert code == 1
    assert "trường 'each' không dùng trong quy tắc loại 'constant' (các trường của loại này: " \
           "not_applicable_when, explain, kind, points)" in err


def test_an_unregistered_kind_is_refused_again(tmp_path: Path) -> None:
    registry.register(CONSTANT)
    registry.unregister("constant")
    assert schema.RULE_KINDS == BUILT_IN
    code, _, err = run("check", criteria(tmp_path))
    assert code == 1
    assert f"thu.yaml:{RULE_LINE}:" in err
    assert ("loại quy tắc 'constant' không có; chỉ chấp nhận: yes_no, levels, bands, proportional, "
            "per_item, deduction, formula, relative") in err


def test_a_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="'yes_no' đã được đăng ký"):
        registry.register(RuleKind("yes_no", ConstantRule, {}, score_constant, explain_constant))
    assert registry.names() == BUILT_IN


def test_a_model_must_carry_its_kind_name() -> None:
    with pytest.raises(ValueError, match="ConstantRule"):
        registry.register(RuleKind("fixed", ConstantRule, {}, score_constant, explain_constant))
    assert registry.names() == BUILT_IN
    assert schema.RULE_KINDS == BUILT_IN


def test_formula_fields_must_be_fields_of_the_model() -> None:
    with pytest.raises(ValueError, match="trường công thức value"):
        registry.register(RuleKind("constant", ConstantRule, {"value": None}, score_constant, explain_constant))
    assert registry.names() == BUILT_IN
