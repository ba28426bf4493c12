"""What crosses between worker processes: compact scores and unit values come back exactly (the
same digits and exponents, the same value types), and trees built after the journey match."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parindex.core.document import Document
from parindex.engine.batch import evaluate_units
from parindex.engine.trees import ReferenceTree
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData, load_unit
from parindex.results.scorecard import NodeLayout, Scores

ROOT = Path(__file__).resolve().parent.parent.parent
SO = ROOT / "criteria" / "2025" / "so.yaml"

LAYOUT = NodeLayout(("1", "1.1", "1.2"), (Decimal(10), Decimal(4), Decimal(6)), (0,))

SCORES = [
    Scores(LAYOUT, [0, 0, 0], [Decimal("2.50"), Decimal("0"), Decimal("2.5")],
           [Decimal("10"), Decimal("4.000"), Decimal("6")], {}),
    Scores(LAYOUT, [3, 1, 2], [Decimal("-0"), Decimal("1E+2"), Decimal("0.3333333333333333333333333333333333333333")],
           [Decimal("0E-7"), Decimal("12345678901234567890.123"), Decimal("1E-100")],
           {1: Decimal("7.10"), 2: Decimal("-0.5")}),
]


@pytest.mark.parametrize("scores", SCORES)
def test_scores_come_back_with_the_same_digits(scores: Scores) -> None:
    back = pickle.loads(pickle.dumps(scores))
    assert back.layout == scores.layout
    assert back.status == scores.status
    assert [str(p) for p in back.points] == [str(p) for p in scores.points]
    assert [str(a) for a in back.applicable] == [str(a) for a in scores.applicable]
    assert {k: str(v) for k, v in back.relative.items()} == {k: str(v) for k, v in scores.relative.items()}
    back.points[0] = Decimal(1)  # the lists are the result's own again
    assert scores.points[0] != Decimal(1)


VALUES: list[dict[str, Any]] = [
    {},
    {"a": Decimal("12.50"), "b": True, "c": False, "d": None, "e": "dung_han", "f": "", "g": Decimal("-0")},
    {"text with separator": "x\x1fy", "n": Decimal(3)},  # sent as it is
    {"ngay": dt.date(2024, 12, 5), "n": Decimal("1E+3")},  # sent as it is
    {"d": "dT", "e": "N", "f": "s"},  # texts that look like the tags
]


@pytest.mark.parametrize("values", VALUES)
def test_unit_values_come_back_with_their_types(values: dict[str, Any]) -> None:
    criteria = load_criteria(SO)
    unit = UnitData("/tmp/u.yaml", "u-1", "Đơn vị", "so", "2025", values, Document("/tmp/u.yaml", None))
    back = pickle.loads(pickle.dumps(ReferenceTree(criteria, unit, fast=True)))
    assert back.criteria is None and back.path == criteria.path and back.fast
    assert back.unit.values == values
    assert [type(v) for v in back.unit.values.values()] == [type(v) for v in values.values()]
    assert [str(v) for v in back.unit.values.values()] == [str(v) for v in values.values()]
    assert list(back.unit.values) == list(values)
    assert (back.unit.path, back.unit.unit_id, back.unit.name, back.unit.kind, back.unit.period) == \
        ("/tmp/u.yaml", "u-1", "Đơn vị", "so", "2025")
    with pytest.raises(AttributeError):
        back.missing  # noqa: B018 - only `unit` is read back on demand


def test_results_travel_small_and_trees_match() -> None:
    criteria = load_criteria(SO)
    files = sorted((ROOT / "sample_units" / "cohort" / "so").glob("*.yaml"))
    units = [load_unit(p, criteria) for p in files]
    results = evaluate_units(criteria, units)
    data = pickle.dumps(results)
    assert len(data) / len(results) < 4_000  # about 7 KB a unit when each Decimal was pickled
    back = pickle.loads(data)
    for mine, theirs in zip(back, results, strict=True):
        assert mine.explanation.unit.values == theirs.explanation.unit.values
        mine.explanation.criteria = criteria
        assert [(n.code, n.status, n.points, n.applicable_max) for n in mine.nodes()] == \
            [(n.code, n.status, n.points, n.applicable_max) for n in theirs.nodes()]
