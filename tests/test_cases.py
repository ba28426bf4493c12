"""Runs the YAML scoring cases in tests/cases/*.cases.yaml (tests as data).

A case file names a criteria set and lists cases; each case scores its units as one group and
checks, per unit, any of: points / applicable / status / matched / raw / clamped (per node code),
explain (words expected in the node's sentence), total, applicable_max, index_percent, rating.
A key the runner does not know (a typo such as `ponts:`) stops the run, naming the file, the case
and the key: a misspelt expectation must never pass silently by checking nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import write_unit

from parindex.core.numbers import format_percent
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.sentences import Explainer
from parindex.results.scorecard import NodeResult, UnitResult

CASES = Path(__file__).parent / "cases"

FILE_KEYS = ("criteria", "cases")
CASE_KEYS = ("name", "units")
NODE_EXPECTATIONS = ("points", "applicable", "status", "matched", "raw", "clamped", "explain")
UNIT_EXPECTATIONS = ("total", "applicable_max", "index_percent", "rating")
UNIT_KEYS = ("indicators", "kind", *NODE_EXPECTATIONS, *UNIT_EXPECTATIONS)


class CaseFileError(Exception):
    """A case file the runner cannot trust: a missing or unknown key."""


@dataclass(frozen=True)
class Case:
    file: Path
    criteria: Path
    name: str
    units: list[dict[str, Any]]


def _unknown(where: str, mapping: Any, known: tuple[str, ...], required: tuple[str, ...] = ()) -> None:
    if not isinstance(mapping, dict):
        raise CaseFileError(f"{where}: expected a mapping of keys, got {type(mapping).__name__}")
    for key in mapping:
        if key not in known:
            raise CaseFileError(f"{where}: unknown key {key!r} (known keys: {', '.join(known)})")
    for key in required:
        if key not in mapping:
            raise CaseFileError(f"{where}: missing key {key!r}")


def load_case_file(path: Path) -> list[Case]:
    """The cases of one case file, every key checked against the keys the runner knows."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    _unknown(f"{path}", data, FILE_KEYS, required=FILE_KEYS)
    cases = []
    for number, case in enumerate(data["cases"], start=1):
        name = case.get("name", f"#{number}") if isinstance(case, dict) else f"#{number}"
        where = f"{path}: case {name!r}"
        _unknown(where, case, CASE_KEYS, required=CASE_KEYS)
        for unit_number, unit in enumerate(case["units"], start=1):
            _unknown(f"{where}, unit {unit_number}", unit, UNIT_KEYS, required=("indicators",))
        cases.append(Case(path, path.parent / data["criteria"], name, case["units"]))
    return cases


def _load_cases() -> list[Any]:
    return [pytest.param(case, id=f"{case.file.stem}: {case.name}")
            for path in sorted(CASES.glob("*.cases.yaml")) for case in load_case_file(path)]


def _node(result: UnitResult, code: str) -> NodeResult:
    for node in result.nodes():
        if node.code == code:
            return node
    raise AssertionError(f"no node {code}")


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


@pytest.mark.parametrize("case", _load_cases())
def test_case(case: Case, tmp_path: Path) -> None:
    criteria = load_criteria(case.criteria)
    units = []
    for number, unit in enumerate(case.units, start=1):
        path = write_unit(tmp_path, f"u{number}", unit["indicators"], unit.get("kind", "so"), name=f"Đơn vị {number}")
        units.append(load_unit(path, criteria))
    results = score_units(criteria, units)
    explainer = Explainer(criteria)
    for unit, result in zip(case.units, results, strict=True):
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


# -- the runner refuses case files it cannot trust ------------------------------------------------

GOOD_UNIT = '      - indicators: {bao_cao: true, kinh_phi: true}\n        points: {"1.1": 1}\n'
BROKEN_CASE_FILES = [
    # (what is wrong, file text, words the error must contain)
    ("typo in an expectation",
     'criteria: rules-criteria.yaml\ncases:\n  - name: ok\n    units:\n' + GOOD_UNIT
     + '  - name: yes_no typo\n    units:\n' + GOOD_UNIT
     + '      - indicators: {bao_cao: true}\n        ponts: {"1.1": 0}\n',
     ["case 'yes_no typo', unit 2: unknown key 'ponts'",
      "(known keys: indicators, kind, points, applicable, status, matched, raw, clamped, explain, total, "
      "applicable_max, index_percent, rating)"]),
    ("typo in a case",
     "criteria: rules-criteria.yaml\ncases:\n  - name: levels\n    unit:\n" + GOOD_UNIT,
     ["case 'levels': unknown key 'unit' (known keys: name, units)"]),
    ("typo at the top",
     "criteria: rules-criteria.yaml\ncase:\n  - name: levels\n    units:\n" + GOOD_UNIT,
     ["unknown key 'case' (known keys: criteria, cases)"]),
    ("a case without units",
     "criteria: rules-criteria.yaml\ncases:\n  - name: empty\n",
     ["case 'empty': missing key 'units'"]),
    ("a unit without indicators",
     'criteria: rules-criteria.yaml\ncases:\n  - name: bare\n    units:\n      - total: 0\n',
     ["case 'bare', unit 1: missing key 'indicators'"]),
    ("a case that is not a mapping",
     "criteria: rules-criteria.yaml\ncases:\n  - levels\n",
     ["case '#1': expected a mapping of keys, got str"]),
]


@pytest.mark.parametrize(("text", "words"), [pytest.param(t, w, id=i) for i, t, w in BROKEN_CASE_FILES])
def test_a_broken_case_file_is_refused_by_name(text: str, words: list[str], tmp_path: Path) -> None:
    path = tmp_path / "typo.cases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError) as refused:
        load_case_file(path)
    message = str(refused.value)
    assert message.startswith(f"{path}"), message
    for word in words:
        assert word in message, message


def test_a_sound_case_file_loads_every_case(tmp_path: Path) -> None:
    path = tmp_path / "sound.cases.yaml"
    path.write_text("criteria: rules-criteria.yaml\ncases:\n  - name: one\n    units:\n" + GOOD_UNIT
                    + "  - name: two\n    units:\n" + GOOD_UNIT + GOOD_UNIT, encoding="utf-8")
    cases = load_case_file(path)
    assert [(c.name, len(c.units)) for c in cases] == [("one", 1), ("two", 2)]
    assert all(c.file == path and c.criteria == tmp_path / "rules-criteria.yaml" for c in cases)
    assert cases[1].units[1] == {"indicators": {"bao_cao": True, "kinh_phi": True}, "points": {"1.1": 1}}
