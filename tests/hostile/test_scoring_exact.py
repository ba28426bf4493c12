"""Computed numbers are compared at 30 significant digits (bands, ratings, checks, ranks), and
display rounding works for any figure within the documented 10^±100: no crash in --explain,
JSON or rank.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext

from parindex.core.numbers import EVAL_CONTEXT, format_number, format_percent, format_points, format_value
from parindex.criteria.bands import Interval
from parindex.engine.reference import check_holds
from parindex.results.ranking import rank_group
from parindex.results.scorecard import UnitResult

from .conftest import Workspace, run

CHECK_LEFT = "    left: ho_so_truoc_han + ho_so_dung_han + ho_so_tre_han\n"
CHECK_RIGHT = "    right: ho_so_da_giai_quyet\n"
BANDS_1_1_3 = ("              value: ty_le_hoan_thanh\n              bands:\n"
               "                - {above: 90%, points: 2}\n                - {from: 70%, to: 90%, points: 1}\n"
               "                - {below: 70%, points: 0}\n")


def _thirds() -> Decimal:
    """1/3 + 1/3 + 1/3 as formulas compute it (40 significant digits)."""
    with localcontext(EVAL_CONTEXT):
        return Decimal(1) / 3 + Decimal(1) / 3 + Decimal(1) / 3


def _quotient(numerator: int, *divisors: int) -> Decimal:
    with localcontext(EVAL_CONTEXT):
        value = Decimal(numerator)
        for divisor in divisors:
            value = value / divisor
        return value


# -- consistency checks --------------------------------------------------------------------------


def test_check_a_third_three_times_equals_the_whole(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        CHECK_LEFT,
        "    left: ho_so_da_giai_quyet / 3 + ho_so_da_giai_quyet / 3 + ho_so_da_giai_quyet / 3\n"),
        ("severity: warning", "severity: error"))
    # 400/3 + 400/3 + 400/3 == 400 holds: before, "400,00 ≠ 400" refused a consistent unit
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"))
    assert result.code == 0, result.err
    assert "không khớp" not in result.err


def test_check_constant_thirds_equal_one(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (CHECK_LEFT, "    left: ho_so_tre_han / ho_so_tre_han / 3 * 3\n"),
                           (CHECK_RIGHT, "    right: ho_so_tre_han / ho_so_tre_han\n"),
                           ("severity: warning", "severity: error"))
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"))
    assert result.code == 0, result.err


def test_check_still_catches_a_real_difference(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        CHECK_LEFT,
        "    left: ho_so_da_giai_quyet / 3 + ho_so_da_giai_quyet / 3 + ho_so_da_giai_quyet / 3 + 0.000001\n"))
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"))
    assert result.code == 0  # severity warning: scored, reported
    assert "[warning] số liệu không khớp" in result.err


def test_check_relations_at_thirty_digits() -> None:
    third_sum = _thirds()
    assert third_sum != 1  # 40 digits of 9s: the raw comparison is wrong
    assert check_holds("==", third_sum, Decimal(1), Decimal(0))
    assert check_holds("<=", third_sum, Decimal(1), Decimal(0))
    assert check_holds(">=", third_sum, Decimal(1), Decimal(0))
    assert not check_holds("<", third_sum, Decimal(1), Decimal(0))
    assert not check_holds(">", Decimal(1), third_sum, Decimal(0))
    assert not check_holds("==", Decimal("1.000000001"), Decimal(1), Decimal(0))


# -- bands and ratings --------------------------------------------------------------------------


def test_band_bound_reached_through_a_rounded_quotient(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (BANDS_1_1_3, (
        "              value: chi_tieu_hoan_thanh / chi_tieu_ke_hoach * chi_tieu_ke_hoach\n"
        "              bands:\n"
        "                - {from: 1, points: 2}\n"
        "                - {below: 1, points: 0}\n")))
    # 1 / 3 × 3 is exactly 1: "từ 1" earns 2 (before: 0,99…9 at 40 digits fell in "dưới 1")
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 3"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 1"))
    result = run("score", "--criteria", criteria, unit, "--format", "json")
    assert result.code == 0, result.err
    unit = json.loads(result.out)["units"][0]
    node = unit["areas"][0]["children"][0]["children"][2]
    assert node["code"] == "1.1.3" and node["points"] == "2"
    # 5,3425 of the documented example + 2 = 7,3425 of 9 → 81,58%: Tốt
    assert unit["total"] == "7.3425" and unit["rating"] == "Tốt"


def test_interval_contains_compares_at_thirty_digits() -> None:
    from_90 = Interval.from_words(Decimal("0.9"), None, None, None)
    below_90 = Interval.from_words(None, None, None, Decimal("0.9"))
    with localcontext(EVAL_CONTEXT):
        nine_tenths = _thirds() * Decimal("0.9")  # 0,8999…991 at 40 digits
    assert from_90.contains(nine_tenths) and not below_90.contains(nine_tenths)
    assert below_90.contains(Decimal("0.8999999999"))
    assert not from_90.contains(Decimal("0.8999999999"))


# -- ranks ----------------------------------------------------------------------------------------


def _unit(unit_id: str, index: Decimal) -> UnitResult:
    return UnitResult(unit_id, unit_id, "so", "2025", f"{unit_id}.yaml", [], [], [], index=index)


def test_equal_indexes_reached_by_different_sums_share_a_rank() -> None:
    a = _unit("a", _quotient(120, 91, 5))
    b = _unit("b", _quotient(240, 91, 10))
    c = _unit("c", Decimal("0.1"))
    ordered = rank_group([c, b, a])
    assert [(r.unit_id, r.rank) for r in ordered] == [("a", 1), ("b", 1), ("c", 3)]


def test_huge_indexes_rank_without_crashing() -> None:
    big = _unit("big", Decimal("11111111111.64916666666666666666666666666667"))
    bigger = _unit("bigger", Decimal("22222222222.2"))
    ordered = rank_group([big, bigger], ties="dense")
    assert [(r.unit_id, r.rank) for r in ordered] == [("bigger", 1), ("big", 2)]


def test_bonus_cap_of_ten_to_the_eleven_ranks(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "  - code: T\n    title: Điểm thưởng\n    max: 1\n",
        "  - code: T\n    title: Điểm thưởng\n    max: 100000000000\n"),
        ("        max: 1\n        rule: {kind: per_item, count: sang_kien_duoc_cong_nhan, points_each: 0.5}",
         "        max: 100000000000\n        rule: {kind: per_item, count: sang_kien_duoc_cong_nhan, points_each: 1}"))
    first = ws.unit("a.yaml", ("sang_kien_duoc_cong_nhan: 1", "sang_kien_duoc_cong_nhan: 100000000000"))
    second = ws.unit("b.yaml", ("id: so-mau-a", "id: so-mau-b"),
                     ("sang_kien_duoc_cong_nhan: 1", "sang_kien_duoc_cong_nhan: 99999999999"))
    result = run("rank", "--criteria", criteria, first, second, "--format", "json")
    assert result.code == 0, result.err
    [group] = json.loads(result.out)["groups"]
    # a: 4,8425 + bonus 10^11 = 100.000.000.004,8425 of 9; b: 4,8425 + 99.999.999.999
    assert [(u["unit_id"], u["rank"], u["total"]) for u in group["units"]] == [
        ("so-mau-a", 1, "100000000004.8425"), ("so-mau-b", 2, "100000000003.8425")]
    # 100.000.000.004,8425 / 9 × 100 = 1.111.111.111.164,916…%
    assert group["units"][0]["index_percent"] == "1.111.111.111.164,92%"
    table = run("rank", "--criteria", criteria, first, second)
    assert table.code == 0 and "1.111.111.111.164,92%" in table.out


# -- display of figures within the documented limits ------------------------------------------------

COUNT_27 = 123456789012345678901234567


def test_27_digit_count_explained(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("ho_so_tre_han: 3", f"ho_so_tre_han: {COUNT_27}"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--explain")
    assert result.code == 0, result.err
    assert "lỗi nội bộ" not in result.err
    # 2.1.2: 1 − 123456789012345678901234567 × 0,25 < 0 → 0; 123456789012345678901234567 × 0,25 =
    # 30864197253086419725308641,75
    assert ("- 2.1.2 Hồ sơ giải quyết trễ hạn: 0/1 điểm — số hồ sơ giải quyết trễ hạn: "
            "123.456.789.012.345.678.901.234.567; trừ 123.456.789.012.345.678.901.234.567 × 0,25 = "
            "30.864.197.253.086.419.725.308.641,75 điểm, giữ trong khoảng 0–1 điểm.") in result.out
    # the check warning shows both sides exactly: 300 + 97 + 123456789012345678901234567
    assert "ho_so_tre_han = 123.456.789.012.345.678.901.234.964 ≠ ho_so_da_giai_quyet = 400" in result.err


def test_27_digit_count_in_json(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("ho_so_tre_han: 3", f"ho_so_tre_han: {COUNT_27}"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--format", "json")
    assert result.code == 0, result.err
    payload = json.loads(result.out)
    [unit_data] = payload["units"]
    late = unit_data["areas"][1]["children"][0]["children"][1]
    assert late["code"] == "2.1.2" and late["points"] == "0" and late["value"] == str(COUNT_27)
    # 4,8425 − 0,25 (2.1.2 drops from 0,25 to 0) + 1 (2.2) − … : 1.1.1 0,5 + 1.1.2 1 + 2.1.1 0,9925
    # + 2.1.3 0,6 + 2.2 1 + 3.1 0,5 = 4,5925; bonus 0,5 → 5,0925 of 9 = 56,58%
    assert unit_data["total"] == "5.0925" and unit_data["index_percent"] == "56,58%"


def test_hundred_digit_count_explained(ws: Workspace) -> None:
    huge = "1" + "0" * 100
    unit = ws.unit("unit.yaml", ("ho_so_tre_han: 3", f"ho_so_tre_han: {huge}"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--explain", "--format", "json")
    assert result.code == 0, result.err
    assert "lỗi nội bộ" not in result.err
    thousands = "10" + ".000" * 33  # 10^100 with thousands dots: 101 digits = 2 + 33 × 3
    assert thousands.replace(".", "") == huge
    # 10^100 × 0,25 = 2,5 × 10^99: 100 digits = 1 + 33 × 3
    assert f"trừ {thousands} × 0,25 = 2.500{'.000' * 32} điểm, giữ trong khoảng 0–1 điểm" in result.out


def test_format_functions_are_exact_for_any_size() -> None:
    count = Decimal(COUNT_27)
    assert format_number(count, 2) == "123.456.789.012.345.678.901.234.567,00"
    assert format_points(count / 4, 2) == "30.864.197.253.086.419.725.308.641,75"
    assert format_value(count, 2) == "123.456.789.012.345.678.901.234.567"
    assert format_percent(count, 2) == "12.345.678.901.234.567.890.123.456.700,00%"
    assert format_number(Decimal("1e-100")) == "0," + "0" * 99 + "1"
    assert format_points(Decimal("1e100"), 2) == "10" + ".000" * 33
    assert format_number(Decimal("123456789012345678901234567890.5")) == "123.456.789.012.345.678.901.234.567.890,5"
