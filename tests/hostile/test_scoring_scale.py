"""Scale slips an author or an officer makes every day are warned about (exit code stays 0):
band bounds outside the value's declared range, a best level below the node's max, and derived
values outside their declared range in a unit.
"""

from __future__ import annotations

import json

from .conftest import CRITERIA_TEXT, UNIT_TEXT, Workspace, line_of, run

BANDS_AS_NUMBERS = (("{above: 90%, points: 2}", "{above: 90, points: 2}"),
                    ("{from: 70%, to: 90%, points: 1}", "{from: 70, to: 90, points: 1}"),
                    ("{below: 70%, points: 0}", "{below: 70, points: 0}"))


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "[warning]" in line]


# -- band bounds outside the value's range --------------------------------------------------------


def test_bands_written_as_whole_numbers_on_a_ratio_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", *BANDS_AS_NUMBERS)
    result = run("check", criteria)
    assert result.code == 0  # a warning, not an error
    warnings = _warnings(result.err)
    line = line_of(CRITERIA_TEXT, "{above: 90%, points: 2}")
    assert (f"{criteria}:{line}:20: [warning] mục 1.1.3: ngưỡng 'above: 90' (tức 9.000%) nằm ngoài khoảng giá trị "
            "khai báo của 'ty_le_hoan_thanh' (0%–100%), nên không giá trị nào chạm tới ngưỡng này; "
            "có phải ý là 90%? Hãy viết '90%'") in warnings
    assert any(f"{criteria}:{line + 1}:" in w and "'from: 70'" in w and "có phải ý là 70%?" in w for w in warnings)
    assert any("'below: 70'" in w for w in warnings)
    assert "4 cảnh báo" in result.out  # before: "0 cảnh báo"


def test_bands_on_a_percent_indicator_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "              kind: formula\n              formula: (ty_le_hai_long - 0.5) * 2\n",
        "              kind: bands\n              value: ty_le_hai_long\n"
        "              bands: [{from: 95, points: 1}, {below: 95, points: 0}]\n"))
    result = run("check", criteria)
    assert result.code == 0, result.err
    line = line_of(CRITERIA_TEXT, "formula: (ty_le_hai_long - 0.5) * 2")
    warnings = [w for w in _warnings(result.err) if f"{criteria}:{line + 1}:" in w]
    assert len(warnings) == 2
    assert all("'ty_le_hai_long' (0%–100%)" in w and "có phải ý là 95%? Hãy viết '95%'" in w for w in warnings)


def test_band_bounds_below_a_declared_minimum_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "  quy_che_ban_hanh:\n    label: Số nội quy, quy chế được ban hành\n    kind: count\n",
        "  quy_che_ban_hanh:\n    label: Số nội quy, quy chế được ban hành\n    kind: count\n    min: 1\n"),
        ("          kind: per_item\n          count: quy_che_ban_hanh\n          points_each: 0.5\n",
         "          kind: bands\n          value: quy_che_ban_hanh\n"
         "          bands: [{from: 0, to: 1, points: 0}, {above: 1, points: 1}]\n"))
    result = run("check", criteria)
    assert result.code == 0, result.err
    [warning] = _warnings(result.err)
    assert "ngưỡng 'from: 0' nằm ngoài khoảng giá trị khai báo của 'quy_che_ban_hanh' (1–…)" in warning
    assert "có phải ý là" not in warning  # no percent hint on a count


def test_percent_bands_within_the_range_give_no_warning(ws: Workspace) -> None:
    result = run("check", ws.criteria("criteria.yaml", ("{above: 90%, points: 2}", "{above: 100%, points: 2}"),
                                      ("{from: 70%, to: 90%, points: 1}", "{from: 70%, to: 100%, points: 1}")))
    assert result.code == 0, result.err
    assert "0 cảnh báo" in result.out


# -- a best level or band below the node's max ------------------------------------------------------


def test_levels_whose_best_is_below_max_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "points: {kip_thoi: 1, khong_kip_thoi: 0.5, khong_ban_hanh: 0}",
        "points: {kip_thoi: 0.75, khong_kip_thoi: 0.5, khong_ban_hanh: 0}"))
    result = run("check", criteria)
    assert result.code == 0
    line = line_of(CRITERIA_TEXT, "points: {kip_thoi: 1")
    assert (f"{criteria}:{line}:15: [warning] mục 1.1.1: mức cao nhất chỉ được 0,75 điểm, thấp hơn điểm tối đa 1; "
            "không đơn vị nào đạt đủ điểm — hãy kiểm tra điểm của các mức") in result.err


def test_level_shares_whose_best_is_below_max_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "points: {kip_thoi: 1, khong_kip_thoi: 0.5, khong_ban_hanh: 0}",
        "shares: {kip_thoi: 80%, khong_kip_thoi: 50%, khong_ban_hanh: 0%}"))
    result = run("check", criteria)
    assert result.code == 0
    # 80% × 1 = 0,8
    assert "mục 1.1.1: mức cao nhất chỉ được 0,8 điểm, thấp hơn điểm tối đa 1" in result.err


def test_bands_whose_best_is_below_max_are_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", ("{above: 90%, points: 2}", "{above: 90%, points: 1.5}"))
    result = run("check", criteria)
    assert result.code == 0
    assert "mục 1.1.3: mức cao nhất chỉ được 1,5 điểm, thấp hơn điểm tối đa 2" in result.err


# -- derived values outside their declared range in a unit -------------------------------------------


def test_completion_above_100_percent_is_warned_and_scored(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 20"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 25"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit)
    assert result.code == 0, result.err
    # 25 / 20 = 125%
    assert (f"{unit}:{line_of(UNIT_TEXT, 'chi_tieu_hoan_thanh')}: [warning] tỷ lệ hoàn thành kế hoạch 25 / 20 = "
            "125,00% vượt khoảng khai báo 0%–100% của 'ty_le_hoan_thanh'; đơn vị vẫn được chấm điểm, "
            "hãy kiểm tra số liệu") in result.err
    # still scored: 1.1.3 "trên 90%" = 2; 5,3425 + 2 = 7,3425 of 9 → 81,58%
    assert "Tổng điểm: 7,34/9" in result.out and "81,58%" in result.out


def test_on_time_share_above_100_percent_is_warned(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("ho_so_dung_han: 97", "ho_so_dung_han: 150"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--format", "json")
    assert result.code == 0, result.err
    # (300 + 150) / 400 = 112,5%
    assert "tỷ lệ hồ sơ giải quyết trước và đúng hạn (300 + 150) / 400 = 112,50% vượt khoảng khai báo 0%–100%" \
        in result.err
    problems = json.loads(result.out)["units"][0]["problems"]
    assert any("112,50% vượt khoảng khai báo" in p["text"] and "[warning]" in p["text"] for p in problems)
    assert ("score.derived-out-of-range", "warning") in [(p["code"], p["severity"]) for p in problems]


def test_derived_value_below_its_minimum_is_warned(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoach\n    format: percent\n    min: 0\n",
        "    formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoach\n    format: percent\n    min: 50%\n"))
    unit = ws.unit("unit.yaml")
    result = run("score", "--criteria", criteria, unit)
    assert result.code == 0, result.err
    # 7 / 19 = 36,84% < 50%
    assert "tỷ lệ hoàn thành kế hoạch 7 / 19 = 36,84% dưới khoảng khai báo 50%–100%" in result.err


def test_derived_value_at_its_bound_gives_no_warning(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 19"))  # 19 / 19 = 100%
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit)
    assert result.code == 0 and "[warning]" not in result.err, result.err


def test_value_just_above_the_bound_is_shown_with_the_digits_that_matter(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 100000"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 100001"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit)
    assert result.code == 0, result.err
    # 100.001 / 100.000 = 100,001%: "100,00%" would not be above 100%
    assert "100.001 / 100.000 = 100,001% vượt khoảng khai báo 0%–100%" in result.err
