"""Numbers read from files: percents are divided by 100 exactly (a hair above 100 is refused, never
rounded to 100), only ASCII digits are digits, and a percent written as a plain number between 0
and 1 (0.95 meant as 95%) is warned about, per unit, with file:line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parindex.core.numbers import parse_number

from .conftest import CRITERIA, CRITERIA_TEXT, UNIT_TEXT, Workspace, assert_refused, line_of, run

SURVEY = "ty_le_hai_long: 80"
SURVEY_LINE = line_of(UNIT_TEXT, "ty_le_hai_long")


def unit_result(criteria: Path, unit: Path) -> tuple[dict[str, Any], str]:
    result = run("score", "--criteria", criteria, unit, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["units"][0], result.err


def points(data: dict[str, Any], code: str) -> Decimal:
    pending = list(data["areas"])
    while pending:
        item = pending.pop()
        if item["code"] == code:
            return Decimal(item["points"])
        pending.extend(item.get("children") or [])
    raise AssertionError(code)


# -- percents a hair above 100 -------------------------------------------------------------------

HAIR = "100.00000000000000000000000000001"


@pytest.mark.parametrize("written", [HAIR, f'"{HAIR}%"', "100.0000000000000000000000000000000000000000001",
                                     '"100.000000000000000000000000000000000001 %"'])
def test_percent_a_hair_above_100_is_refused(ws: Workspace, written: str) -> None:
    unit = ws.unit("u.yaml", (SURVEY, f"ty_le_hai_long: {written}"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "tỷ lệ phần trăm", "từ 0 đến 100",
                   file=unit, line=SURVEY_LINE)


@pytest.mark.parametrize("written", ["100", '"100%"', "100.000000000000000000000000000000"])
def test_percent_of_exactly_100_scores_full(ws: Workspace, written: str) -> None:
    # 2.1.3 = (ty_le_hai_long - 0.5) * 2 = (1 - 0.5) * 2 = 1 point (its max)
    unit = ws.unit("u.yaml", (SURVEY, f"ty_le_hai_long: {written}"))
    data, _ = unit_result(CRITERIA, unit)
    assert points(data, "2.1.3") == 1


def test_percent_read_exactly_keeps_every_digit(ws: Workspace) -> None:
    # 50.000000000000000000000000000000001 % is 0.50000000000000000000000000000000001; the formula
    # (x - 0.5) * 2 gives 2e-35 points, which is above 0 (the old 28-digit division gave 0)
    assert parse_number("50.000000000000000000000000000000001%") == Decimal("0.50000000000000000000000000000000001")


def test_percent_bound_in_a_set_is_exact(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("ty_le_hai_long:\n    label: Tỷ lệ hài lòng qua điều tra xã hội học\n"
                                      "    kind: percent",
                                      "ty_le_hai_long:\n    label: Tỷ lệ hài lòng qua điều tra xã hội học\n"
                                      "    kind: percent\n    max: 99.99999999999999999999999999999%"))
    assert run("check", criteria).code == 0, run("check", criteria).err
    unit = ws.unit("u.yaml", (SURVEY, "ty_le_hai_long: 100"))
    # 100% is above the bound 99.99999999999999999999999999999% (a 28-digit division made it 1)
    assert_refused(run("score", "--criteria", criteria, unit), "lớn hơn giá trị tối đa", file=unit, line=SURVEY_LINE)


# -- digits other than ASCII ---------------------------------------------------------------------


@pytest.mark.parametrize("digits", ["٧", "۷", "７", "७", "১৯", "๑๙", "1٩"], ids=[
    "arabic-indic", "extended-arabic-indic", "fullwidth", "devanagari", "bengali", "thai", "mixed"])
@pytest.mark.parametrize("indicator", ["chi_tieu_hoan_thanh: 7", "ty_le_hai_long: 80"])
def test_non_ascii_digits_are_not_numbers(ws: Workspace, digits: str, indicator: str) -> None:
    name = indicator.split(":")[0]
    unit = ws.unit("u.yaml", (indicator, f"{name}: {digits}"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), f"'{name}'", "không phải là số",
                   file=unit, line=line_of(UNIT_TEXT, indicator))


def test_fullwidth_digits_in_a_set_are_refused(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("points_each: 0.25", "points_each: \"０.２５\""))
    assert_refused(run("check", criteria), "không phải là số", file=criteria,
                   line=line_of(CRITERIA_TEXT, "points_each: 0.25"))


# -- a percent written as a fraction -------------------------------------------------------------


@pytest.mark.parametrize(("written", "shown", "meant", "hint"), [
    ("0.95", "0,95", "95", "95"),
    ("1", "1", "100", "100"),
    ("0.5", "0,5", "50", "50"),
    ('"0.0035"', "0,0035", "0,35", "0.35"),
])
def test_percent_at_most_1_warns_with_the_line(ws: Workspace, written: str, shown: str, meant: str, hint: str) -> None:
    unit = ws.unit("u.yaml", (SURVEY, f"ty_le_hai_long: {written}"))
    data, err = unit_result(CRITERIA, unit)
    assert f"{unit}:{SURVEY_LINE}" in err
    assert "[warning]" in err
    assert f"= {shown} được hiểu là {shown}%; nếu ý là {meant}% hãy viết {hint}" in err
    # scored as written: 0,95% -> (0.0095 - 0.5) * 2 < 0 -> clamped to 0; 1% likewise
    assert points(data, "2.1.3") == 0


@pytest.mark.parametrize("written", ["0", '"0.95%"', '"1%"', "1.5", "95", '"95%"'])
def test_no_warning_for_zero_sign_or_above_1(ws: Workspace, written: str) -> None:
    unit = ws.unit("u.yaml", (SURVEY, f"ty_le_hai_long: {written}"))
    _, err = unit_result(CRITERIA, unit)
    assert "được hiểu là" not in err


def test_fraction_warning_is_per_unit_in_a_ranking(ws: Workspace) -> None:
    first = ws.unit("a.yaml", (SURVEY, "ty_le_hai_long: 0.9"))
    second = ws.unit("b.yaml", (SURVEY, "ty_le_hai_long: 90"), ("unit_id: so-mau-a", "unit_id: so-mau-b"))
    result = run("rank", "--criteria", CRITERIA, first, second)
    assert result.code == 0, result.err
    assert f"{first}:{SURVEY_LINE}" in result.err
    assert str(second) not in result.err
