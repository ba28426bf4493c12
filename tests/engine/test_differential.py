"""The plan's fast evaluator against the reference evaluator: every scoring case, every shipped set
with its cohort and the seeds, the documented example, and generated units (hypothesis) must give
identical points, statuses, applicable max, totals, index, rating, ranks, findings, problems and
explanation sentences."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.document import Document
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import evaluate_units, resolve_groups, score_units
from parindex.engine.trees import ReferenceTree
from parindex.intake.cases import load_case_file
from parindex.intake.sets import load_criteria
from parindex.intake.system_data import read_rows, system_values
from parindex.intake.units import UnitData, load_unit
from parindex.results.scorecard import UnitResult

from .differential import assert_same, assert_scores_match_tree, reference_scores

ROOT = Path(__file__).resolve().parent.parent.parent
CASES = ROOT / "tests" / "cases"
KINDS = ("so", "huyen", "xa")


def _case_params() -> list[Any]:
    """Every case of tests/cases, read by the runner of `parindex test` (intake.cases)."""
    params = []
    for path in sorted(CASES.glob("*.cases.yaml")):
        loaded = load_case_file(path)
        for case in loaded.cases:
            units = [u.unit for u in case.units if u.unit is not None]
            params.append(pytest.param(loaded.criteria, units, id=f"{path.stem}: {case.name}"))
    return params


@pytest.mark.parametrize(("criteria", "units"), _case_params())
def test_every_scoring_case(criteria: CompiledSet, units: list[UnitData]) -> None:
    assert_same(criteria, units)


@pytest.mark.parametrize("kind", KINDS)
def test_every_shipped_set_with_its_cohort_and_seeds(kind: str) -> None:
    criteria = load_criteria(ROOT / "criteria" / ("2024" if kind == "huyen" else "2025") / f"{kind}.yaml")
    files = sorted((ROOT / "sample_units" / "cohort" / kind).glob("*.yaml"))
    files += [p for p in sorted((ROOT / "sample_units" / "seeds").glob("*.yaml"))
              if f"unit_kind: {kind}\n" in p.read_text(encoding="utf-8")]
    units = [load_unit(p, criteria) for p in files]
    results = assert_same(criteria, units)
    # the cohort is plain scoring: it must stay on the fast path, not pass by falling back
    fast = [r for r in results if isinstance(r.explanation, ReferenceTree) and r.explanation.fast]
    assert len(fast) >= len(files) // 2


@pytest.mark.parametrize("kind", ("so", "xa"))
def test_the_2026_sets_with_their_cohorts_and_system_data(kind: str) -> None:
    """A province after the 2025 reorganisation: ranking groups (xa), system data merged into the
    units' figures, judged leaves without points; both paths must agree, and stay on the fast one."""
    criteria = load_criteria(ROOT / "criteria" / "2026" / f"{kind}.yaml")
    folder = ROOT / "sample_units" / "cohort-2026"
    system = system_values(read_rows([folder / f"he-thong-{kind}.csv"]), lambda _unit: criteria)
    units = [load_unit(p, criteria) for p in sorted((folder / kind).glob("*.yaml"))]
    for unit in units:
        unit.values.update(system.of(unit.unit_id))
    results = assert_same(criteria, units)
    assert any(r.ranking_group for r in results) is (kind == "xa")
    fast = [r for r in results if isinstance(r.explanation, ReferenceTree) and r.explanation.fast]
    assert len(fast) >= len(units) // 2


def test_the_documented_example() -> None:
    criteria = load_criteria(ROOT / "docs" / "examples" / "all-rules.yaml")
    assert_same(criteria, [load_unit(ROOT / "docs" / "examples" / "unit-a.yaml", criteria)])


def test_trees_are_built_only_when_read_and_summaries_need_none() -> None:
    criteria = load_criteria(ROOT / "criteria" / "2025" / "so.yaml")
    units = [load_unit(p, criteria) for p in sorted((ROOT / "sample_units" / "cohort" / "so").glob("*.yaml"))]
    results = score_units(criteria, units)
    fast = [r for r in results if isinstance(r.explanation, ReferenceTree) and r.explanation.fast]
    assert fast
    for result in fast:
        result.area_summaries()
        assert not result.has_trees
    assert fast[0].areas and fast[0].has_trees


def test_results_cross_processes_by_pickle_and_join() -> None:
    """Two halves evaluated apart, pickled (as worker processes return them), joined and resolved:
    the same as one batch, trees built after the journey included."""
    criteria = load_criteria(ROOT / "criteria" / "2025" / "so.yaml")
    units = [load_unit(p, criteria) for p in sorted((ROOT / "sample_units" / "cohort" / "so").glob("*.yaml"))]
    half = len(units) // 2
    joined: list[UnitResult] = []
    for part in (units[:half], units[half:]):
        joined += pickle.loads(pickle.dumps(evaluate_units(criteria, part)))
    resolve_groups(criteria, joined)
    oracle = reference_scores(criteria, units)
    for mine, theirs in zip(joined, oracle, strict=True):
        assert (mine.total, mine.index, mine.rating) == (theirs.total, theirs.index, theirs.rating)
        assert [(n.code, n.status, n.points, n.relative_best) for n in mine.nodes()] == \
            [(n.code, n.status, n.points, n.relative_best) for n in theirs.nodes()]
        assert_scores_match_tree(mine)


# -- generated units ---------------------------------------------------------------------------

GENERATED_SETS = {
    "rules": CASES / "rules-criteria.yaml",
    "syntax": CASES / "documented-syntax.yaml",
    "docs": ROOT / "docs" / "examples" / "all-rules.yaml",
    "so": ROOT / "criteria" / "2025" / "so.yaml",
    "xa": ROOT / "criteria" / "2025" / "xa.yaml",
}
_LOADED: dict[str, CompiledSet] = {}


def _criteria(name: str) -> CompiledSet:
    if name not in _LOADED:
        _LOADED[name] = load_criteria(GENERATED_SETS[name])
    return _LOADED[name]


_SMALL = st.sampled_from([Decimal(0), Decimal(1), Decimal(2), Decimal(3), Decimal(10), Decimal(19), Decimal(100)])


def _value(draw: st.DrawFn, spec: Any) -> Any:
    """A value `load_unit` could hand over for this indicator (None: not declared), zeros often."""
    if draw(st.integers(0, 9)) == 0:
        return None
    if spec.kind == "yes_no":
        return draw(st.booleans())
    if spec.kind == "choice":
        return draw(st.sampled_from(sorted(spec.choices)))
    if spec.kind == "date":
        return draw(st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)))
    low = spec.min if spec.min is not None else (Decimal(0) if spec.kind in ("count", "percent") else Decimal(-50))
    high = spec.max if spec.max is not None else (Decimal(1) if spec.kind == "percent" else Decimal(500))
    if spec.kind == "count":
        number = draw(st.one_of(_SMALL, st.integers(int(low), int(high)).map(Decimal)))
    elif spec.kind == "percent":
        number = draw(st.one_of(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.7"), Decimal(1)]),
                                st.decimals(0, 1, places=4)))
    else:
        number = draw(st.one_of(_SMALL, st.decimals(low, high, places=3)))
    return min(max(number, low), high)


@st.composite
def _batches(draw: st.DrawFn) -> tuple[CompiledSet, list[UnitData]]:
    criteria = _criteria(draw(st.sampled_from(sorted(GENERATED_SETS))))
    units = []
    for number in range(draw(st.integers(1, 4))):
        values = {}
        for name, spec in criteria.indicators.items():
            value = _value(draw, spec)
            if value is not None:
                values[name] = value
        kind = draw(st.sampled_from(criteria.spec.unit_kinds))
        path = f"u{number}.yaml"
        units.append(UnitData(path, f"u{number}", f"Đơn vị {number}", kind, "2025", values, Document(path, {})))
    return criteria, units


@settings(max_examples=300, deadline=None)
@given(_batches())
def test_generated_units(batch: tuple[CompiledSet, list[UnitData]]) -> None:
    criteria, units = batch
    assert_same(criteria, units)
