"""The differential proof of load_unit's fast way: with `units.FAST_PATHS` on and off, every unit
file of the repository and generated unit files (values of every indicator kind, good and bad,
headers good and bad) give the same UnitData (values and their types, warnings) or the same
problems. A few values worked out by hand show what the fast way gives."""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.errors import InputProblems, Problem, Severity
from parindex.criteria import schema as model
from parindex.criteria.compiler import CompiledSet
from parindex.intake import units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit

from .readers import typed

ROOT = Path(__file__).resolve().parent.parent.parent
CRITERIA = {path.stem: load_criteria(path) for path in sorted((ROOT / "criteria").rglob("*.yaml"))
            if "\nareas:" in path.read_text(encoding="utf-8")}  # the sets, not their test cases or mappings
UNIT_FILES = sorted(
    path for folder in ("sample_units", "docs", "tests") for path in (ROOT / folder).rglob("*.yaml")
)


def _bounded(base: CompiledSet) -> CompiledSet:
    """The set with indicators of every kind bounded on both sides (and a date)."""
    extra = {
        "dem": {"label": "Đếm", "kind": "count", "min": 5, "max": 50},
        "ty_le": {"label": "Tỷ lệ", "kind": "percent", "min": "20%", "max": Decimal("0.9")},
        "so_thuc": {"label": "Số", "kind": "number", "min": Decimal("-3.5"), "max": 1000},
        "ngay": {"label": "Ngày", "kind": "date", "missing": "no_data"},
        "muc": {"label": "Mức", "kind": "choice", "choices": {"kip_thoi": "Kịp thời", "tre": "Trễ"}},
    }
    indicators = {**base.indicators, **{name: model.Indicator.model_validate(spec) for name, spec in extra.items()}}
    return dataclasses.replace(base, indicators=indicators)


BOUNDED = _bounded(CRITERIA["so"])


@contextmanager
def fast_paths(enabled: bool) -> Iterator[None]:
    before = units.FAST_PATHS
    units.FAST_PATHS = enabled
    try:
        yield
    finally:
        units.FAST_PATHS = before


def outcome(path: Path, criteria: CompiledSet, fast: bool) -> tuple[Any, ...]:
    with fast_paths(fast):
        try:
            unit = load_unit(path, criteria)
        except InputProblems as exc:
            return ("problems", _listed(exc.problems))
    return ("unit", unit.path, typed(unit.unit_id), typed(unit.name), typed(unit.kind), typed(unit.period),
            typed(unit.values), _listed(unit.warnings))


def _listed(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.file, p.line, p.col, p.message, p.severity, p.code, p.field) for p in problems]


def assert_same(path: Path, criteria: CompiledSet) -> tuple[Any, ...]:
    careful = outcome(path, criteria, fast=False)
    assert outcome(path, criteria, fast=True) == careful, path.read_text(encoding="utf-8", errors="replace")
    return careful


@pytest.mark.parametrize("path", UNIT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_unit_file_of_the_repository(path: Path) -> None:
    for criteria in [*CRITERIA.values(), BOUNDED]:
        assert_same(path, criteria)


# -- generated unit files ----------------------------------------------------------------------

VALUES = [
    "true", "false", "yes", "No", "có", "không", "'đạt'", "khong dat", "~", "null", "''", "\"true\"",
    "0", "1", "2", "-1", "7", "50", "51", "4", "99", "100", "101", "1_000", "007", "+5", "0x1F", "'12'",
    "0.0", "-0.0", "0.5", "1.0", "1.5", "20", "19.99", "90", "90.01", "100.0", "100.01", "80.50", "1e3", "1.5E+2",
    ".nan", ".inf", "-.inf", "'80%'", "80%", "'0,95'", "1.635", "'1.635'", "1e101", "1e-101",
    "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "2025-01-31", "'31/12/2025'", "31/02/2025", "kip_thoi", "tre", "Kịp thời", "KIP_THOI", "kip thoi", "'Trễ'",
    "khong_kip_thoi", "Ban hành kịp thời", "x", "[1, 2]", "{a: 1}", "'  kip_thoi '",
]
HEADER_TEXTS = ["so-a", "'Sở A (hư cấu)'", "2025", "12.5", "''", "\"a\\nb\"", "\"a\\tb\"", "\"a\\u2028b\"", "[x]",
                "~", "true", "Năm 2025"]

any_value = st.one_of(
    st.sampled_from(VALUES),
    st.integers(-10**3, 10**3).map(str),
    st.integers(-10**102, 10**102).map(str),
    st.decimals(min_value=-1000, max_value=1000, places=3).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: str(d).lower()),
)
# Mostly the values each kind expects, so that most files load and their values are compared.
USUAL_VALUES = {
    "count": st.one_of(st.integers(0, 60).map(str), st.integers(0, 10**101).map(str)),
    "number": st.one_of(st.integers(-5, 1001).map(str), st.decimals(-4, 1001, places=2).map(str)),
    "percent": st.one_of(st.integers(0, 101).map(str), st.decimals(0, 101, places=2).map(str),
                         st.sampled_from(["0.0", "-0.0", "1", "1.0", "0.5", "100.0", "'80%'"])),
    "yes_no": st.sampled_from(["true", "false", "true", "có", "'không'", "yes"]),
    "date": st.sampled_from(["'31/12/2025'", "'01/01/2025'", "2025-01-31"]),
}


@st.composite
def unit_files(draw: st.DrawFn, criteria: CompiledSet) -> str:
    lines = []
    for key in ("unit_id", "unit_name", "unit_kind", "period", "criteria", "note", "ghi_chu"):
        usual = draw(st.integers(0, 19)) != 0
        if key in ("criteria", "note", "ghi_chu") and (usual or draw(st.booleans())):
            continue
        if key == "unit_kind":
            shown = "so" if usual else draw(st.sampled_from(["xa", "tinh", "''", "1"]))
        elif key == "criteria":
            shown = draw(st.sampled_from(["so-2025", "khac-2025", "~", "2025"]))
        else:
            shown = "'Sở A'" if usual else draw(st.sampled_from(HEADER_TEXTS))
        if usual or draw(st.booleans()):
            lines.append(f"{key}: {shown}")
    shape = draw(st.integers(0, 19))
    if shape == 0:
        lines.append(draw(st.sampled_from(["indicators: ~", "indicators: [1]", "indicators: {}", "indicators: 5"])))
    elif shape != 1:  # (1: no indicators at all)
        lines.append("indicators:")
        for name, spec in criteria.indicators.items():
            usual = draw(st.integers(0, 49)) != 0
            if not usual and draw(st.booleans()):
                continue  # left out
            if usual and spec.kind == "choice":
                assert spec.choices is not None
                value = draw(st.sampled_from(list(spec.choices)))
            elif usual:
                value = draw(USUAL_VALUES[spec.kind])
            else:
                value = draw(any_value)
            lines.append(f"  {name}: {value}")
        if draw(st.integers(0, 29)) == 0:
            lines.append(draw(st.sampled_from(["  1: 5", "  khong_co: 1", "  Dem: 2"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), bounded=st.booleans())
def test_generated_unit_files(data: st.DataObject, bounded: bool) -> None:
    criteria = BOUNDED if bounded else CRITERIA["so"]
    text = data.draw(unit_files(criteria))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "u.yaml"
        path.write_text(text, encoding="utf-8")
        assert_same(path, criteria)


# -- by hand -----------------------------------------------------------------------------------

HEAD = "unit_id: so-a\nunit_name: Sở A\nunit_kind: so\nperiod: Năm 2025\nindicators:\n"


def _loaded(tmp_path: Path, indicators: str, fast: bool) -> units.UnitData:
    path = tmp_path / "u.yaml"
    path.write_text(HEAD + indicators, encoding="utf-8")
    criteria = dataclasses.replace(BOUNDED, indicators={
        name: spec for name, spec in BOUNDED.indicators.items() if name in ("dem", "ty_le", "so_thuc", "ngay", "muc")
    })
    with fast_paths(fast):
        return load_unit(path, criteria)


@pytest.mark.parametrize("fast", [True, False])
def test_usual_values_by_hand(tmp_path: Path, fast: bool) -> None:
    unit = _loaded(tmp_path, "  dem: 7\n  ty_le: 80\n  so_thuc: -3.5\n  muc: tre\n", fast)
    assert [(name, type(value).__name__, str(value)) for name, value in unit.values.items()] == [
        ("dem", "Decimal", "7"), ("ty_le", "Decimal", "0.80"), ("so_thuc", "Decimal", "-3.5"), ("muc", "str", "tre"),
    ]
    assert unit.warnings == []
    unit = _loaded(tmp_path, "  dem: 50\n  ty_le: 80.50\n  so_thuc: 1000\n  muc: Trễ\n", fast)
    assert [str(value) for value in unit.values.values()] == ["50", "0.8050", "1000", "tre"]


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(("indicators", "line", "message"), [
    ("  dem: 4\n  ty_le: 20\n  so_thuc: 0\n  muc: tre\n", 6, "'dem' = 4 nhỏ hơn giá trị tối thiểu 5"),
    ("  dem: 51\n  ty_le: 20\n  so_thuc: 0\n  muc: tre\n", 6, "'dem' = 51 lớn hơn giá trị tối đa 50"),
    ("  dem: 5\n  ty_le: 19\n  so_thuc: 0\n  muc: tre\n", 7, "'ty_le' = 0,19 nhỏ hơn giá trị tối thiểu 0,2"),
    ("  dem: 5\n  ty_le: 90.5\n  so_thuc: 0\n  muc: tre\n", 7, "'ty_le' = 0,905 lớn hơn giá trị tối đa 0,9"),
    ("  dem: 5\n  ty_le: 20\n  so_thuc: -4\n  muc: tre\n", 8, "'so_thuc' = -4 nhỏ hơn giá trị tối thiểu -3,5"),
    ("  dem: -1\n  ty_le: 20\n  so_thuc: 0\n  muc: tre\n", 6, "'dem' là số đếm, không được âm (nhận -1)"),
])
def test_values_out_of_bounds_by_hand(tmp_path: Path, fast: bool, indicators: str, line: int, message: str) -> None:
    with pytest.raises(InputProblems) as caught:
        _loaded(tmp_path, indicators, fast)
    assert [(p.line, p.col, p.message) for p in caught.value.problems] == [(line, 3, message)]


@pytest.mark.parametrize("fast", [True, False])
def test_a_percent_of_one_is_a_warning_by_hand(tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(HEAD + "  ty_le_x: 1\n", encoding="utf-8")
    criteria = dataclasses.replace(BOUNDED, indicators={
        "ty_le_x": model.Indicator.model_validate({"label": "Tỷ lệ", "kind": "percent"})})
    with fast_paths(fast):
        unit = load_unit(path, criteria)
    assert str(unit.values["ty_le_x"]) == "0.01"
    assert [(p.line, p.severity) for p in unit.warnings] == [(6, Severity.WARNING)]
    assert unit.warnings[0].message.startswith("'ty_le_x' = 1 được hiểu là 1%; nếu ý là 100% hãy viết 100")
