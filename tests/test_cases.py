"""Runs the YAML scoring cases in tests/cases/*.cases.yaml (tests as data).

A case file names a criteria set and lists cases; each case scores its units as one group and
checks, per unit, any of: points / applicable / status / matched / raw / clamped (per node code),
explain (words expected in the node's sentence), total, applicable_max, index_percent, rating.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from parindex.core.numbers import format_percent
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.sentences import Explainer
from parindex.results.scorecard import NodeResult, UnitResult

CASES = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.cases.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(path.parent / data["criteria"], case, id=f"{path.stem}: {case['name']}"))
    return params


def _node(result: UnitResult, code: str) -> NodeResult:
    for node in result.nodes():
        if node.code == code:
            return node
    raise AssertionError(f"no node {code}")


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


@pytest.mark.parametrize(("criteria_path", "case"), _load_cases())
def test_case(criteria_path: Path, case: dict[str, Any], tmp_path: Path) -> None:
    criteria = load_criteria(criteria_path)
    units = []
    for number, unit in enumerate(case["units"], start=1):
        path = tmp_path / f"u{number}.yaml"
        path.write_text(yaml.safe_dump({
            "unit_id": f"u{number}", "unit_name": f"Đơn vị {number}", "unit_kind": unit.get("kind", "so"),
            "period": "2025", "indicators": unit["indicators"],
        }, allow_unicode=True), encoding="utf-8")
        units.append(load_unit(path, criteria))
    results = score_units(criteria, units)
    explainer = Explainer(criteria)
    for unit, result in zip(case["units"], results, strict=True):
        for code, expected in unit.get("points", {}).items():
            assert _node(result, code).points == _dec(expected), f"{result.unit_id} {code} points"
        for code, expected in unit.get("applicable", {}).items():
            assert _node(result, code).applicable_max == _dec(expected), f"{result.unit_id} {code} applicable"
        for code, expected in unit.get("status", {}).items():
            assert _node(result, code).status.value == expected, f"{result.unit_id} {code} status"
        for code, expected in unit.get("matched", {}).items():
            assert _node(result, code).matched == expected, f"{result.unit_id} {code} matched"
        for code, expected in unit.get("raw", {}).items():
            assert _node(result, code).raw == _dec(expected), f"{result.unit_id} {code} raw"
        for code, expected in unit.get("clamped", {}).items():
            assert _node(result, code).clamped is expected, f"{result.unit_id} {code} clamped"
        for code, words in unit.get("explain", {}).items():
            sentence = explainer.sentence(_node(result, code))
            assert words in sentence, sentence
        if "total" in unit:
            assert result.total == _dec(unit["total"])
        if "applicable_max" in unit:
            assert result.applicable_max == _dec(unit["applicable_max"])
        if "index_percent" in unit:
            assert result.index is not None
            assert format_percent(result.index, criteria.decimals) == unit["index_percent"]
        if "rating" in unit:
            assert result.rating == unit["rating"]
