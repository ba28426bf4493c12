"""The plan and its generated evaluator: slots in one shared order, generated code with nothing
but what was put in its namespace, and the exact fallback when the generator cannot or must not
score a unit."""

from __future__ import annotations

import gc
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.engine import fast
from parindex.engine.batch import score_units
from parindex.engine.fast import PlanUnsupported, generate
from parindex.engine.plan import build_plan
from parindex.engine.trees import ReferenceTree
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit

from .differential import assert_same

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs" / "examples"


def test_slots_follow_areas_bonus_penalties_parent_first() -> None:
    criteria = load_criteria(DOCS / "all-rules.yaml")
    plan = build_plan(criteria)
    walked = [n.code for block in (criteria.areas, criteria.bonus, criteria.penalties)
              for root in block for n in root.walk()]
    assert list(plan.layout.codes) == walked
    for slot, parent in enumerate(plan.parents):
        assert parent < slot
        if parent >= 0:
            assert slot in plan.children[parent]
    assert [plan.layout.codes[s] for s in plan.areas] == [a.code for a in criteria.areas]
    assert all(plan.nodes[s].rule is not None for s in plan.leaves)


def test_generated_code_reaches_only_its_namespace() -> None:
    evaluator = generate(build_plan(load_criteria(DOCS / "all-rules.yaml")))
    assert evaluator.score is not None
    assert evaluator.score.__globals__["__builtins"+"__"] == {}
    for word in ("import", "open(", "eval(", "exec(", "__class__", "getattr"):
        assert word not in evaluator.source


def test_a_plan_the_generator_cannot_emit_is_scored_by_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise PlanUnsupported("thử")

    monkeypatch.setattr(fast._Generator, "score", refuse)
    criteria = load_criteria(DOCS / "all-rules.yaml")
    assert generate(build_plan(criteria)).score is None
    units = [load_unit(DOCS / "unit-a.yaml", criteria)]
    results = assert_same(criteria, units)
    assert all(isinstance(r.explanation, ReferenceTree) and not r.explanation.fast for r in results)


def test_cases_take_both_paths() -> None:
    """Over the scoring cases' sets, plain units stay on the fast path and units with an error,
    a failed check or a warning go to the reference (test_differential proves both equal)."""
    criteria = load_criteria(DOCS / "all-rules.yaml")
    plain = load_unit(DOCS / "unit-a.yaml", criteria)
    mismatched = replace(plain, unit_id="b", values={**plain.values, "ho_so_tre_han": Decimal(4)})  # 401 ≠ 400
    not_planned = replace(plain, unit_id="c", values={**plain.values, "chi_tieu_ke_hoach": Decimal(0),
                                                      "chi_tieu_hoan_thanh": Decimal(0)})  # 0/0, not applicable
    results = assert_same(criteria, [plain, mismatched, not_planned])
    paths = [isinstance(r.explanation, ReferenceTree) and r.explanation.fast for r in results]
    assert paths == [True, False, True]
    assert results[1].findings and results[1].is_valid


def test_a_batch_is_scored_without_garbage_collector_passes() -> None:
    """Cost linear in units: no collector pass walks the growing results while a batch is scored;
    one young-generation pass may follow when the collector resumes, once per batch."""
    criteria = load_criteria(ROOT / "criteria" / "2025" / "so.yaml")
    units = [load_unit(p, criteria) for p in sorted((ROOT / "sample_units" / "cohort" / "so").glob("*.yaml"))]
    passes: list[str] = []

    def count(phase: str, _: dict[str, int]) -> None:
        if phase == "start":
            passes.append(phase)

    gc.callbacks.append(count)
    try:
        results = score_units(criteria, units * 50)
    finally:
        gc.callbacks.remove(count)
    assert len(results) == 50 * len(units)
    assert len(passes) <= 1
    assert gc.isenabled()
