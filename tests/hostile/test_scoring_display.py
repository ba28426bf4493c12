"""Display rounding never contradicts the rating or band shown beside it: an exact 89,996% rated
"Tốt" (80% to below 90%) is shown 89,996%, never 90,00%.

Points are worked out by hand from docs/examples/all-rules.yaml (ratings: Xuất sắc from 90%, Tốt
80% to below 90%, Khá 70% to below 80%).
"""

from __future__ import annotations

import json
from decimal import Decimal

from parindex.criteria.bands import Interval, format_in_bands

from .conftest import Workspace, run

# Every node full except 1.1.2 (0 of 1) and 2.1.3: (99,98% − 50%) × 2 = 0,9996 of 1.
# 1.1.1 1 + 1.1.2 0 + 1.1.3 (19/19 > 90%) 2 + 2.1.1 (300 + 100)/400 × 1 = 1 + 2.1.2 1 − 0 = 1 + 2.1.3 0,9996
# + 2.2 1 + 3.1 2 × 0,5 = 1 + 3.2 1/1 × 1 = 1 → 8,9996 of 10 = 89,996%: Tốt
ALMOST_90 = (
    ("ke_hoach_cchc: khong_kip_thoi", "ke_hoach_cchc: kip_thoi"),
    ("xac_dinh_day_du_nhiem_vu: true", "xac_dinh_day_du_nhiem_vu: false"),
    ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 19"),
    ("ho_so_dung_han: 97", "ho_so_dung_han: 100"),
    ("ho_so_tre_han: 3", "ho_so_tre_han: 0"),
    ("ty_le_hai_long: 80", "ty_le_hai_long: 99.98"),
    ("quy_che_ban_hanh: 1", "quy_che_ban_hanh: 2"),
    ("van_ban_qppl_phai_ban_hanh: 0", "van_ban_qppl_phai_ban_hanh: 1"),
    ("van_ban_qppl_da_ban_hanh: 0", "van_ban_qppl_da_ban_hanh: 1"),
    ("sang_kien_duoc_cong_nhan: 1", "sang_kien_duoc_cong_nhan: 0"),
)
RATINGS = [
    Interval.from_words(Decimal("0.9"), None, None, None),
    Interval.from_words(Decimal("0.8"), None, None, Decimal("0.9")),
    Interval.from_words(Decimal("0.7"), None, None, Decimal("0.8")),
    Interval.from_words(None, None, None, Decimal("0.7")),
]


def test_index_just_below_a_rating_bound_in_the_score_table(ws: Workspace) -> None:
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), ws.unit("unit.yaml", *ALMOST_90))
    assert result.code == 0, result.err
    assert "Chỉ số: 89,996%; Xếp loại: Tốt" in result.out  # before: "Chỉ số: 90,00%; Xếp loại: Tốt"
    # nor does the total: 8,9996 of 10 shown "9/10" would read as 90%
    assert "Tổng điểm: 8,9996/10 " in result.out  # before: "Tổng điểm: 9/10"


def test_index_just_below_a_rating_bound_in_the_ranking_and_json(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml")
    unit = ws.unit("unit.yaml", *ALMOST_90)
    table = run("rank", "--criteria", criteria, unit, "--format", "markdown")
    assert table.code == 0, table.err
    assert "89,996%" in table.out and "Tốt" in table.out and "90,00%" not in table.out
    assert "| 8,9996 " in table.out  # the total, not 9
    data = json.loads(run("rank", "--criteria", criteria, unit, "--format", "json").out)
    [unit_data] = data["groups"][0]["units"]
    assert unit_data["index"] == "0.89996" and unit_data["index_percent"] == "89,996%"
    assert unit_data["rating"] == "Tốt"


def test_index_exactly_on_a_bound_keeps_the_set_decimals(ws: Workspace) -> None:
    # 99,98% → 100%: 2.1.3 (1 − 0,5) × 2 = 1; 9 of 10 = 90% exactly: Xuất sắc
    unit = ws.unit("unit.yaml", *[r if r[0] != "ty_le_hai_long: 80" else ("ty_le_hai_long: 80", "ty_le_hai_long: 100")
                                  for r in ALMOST_90])
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit)
    assert result.code == 0, result.err
    assert "Chỉ số: 90,00%; Xếp loại: Xuất sắc" in result.out


def test_index_away_from_bounds_keeps_the_set_decimals(ws: Workspace) -> None:
    # 3.1 loses 1: 7,9996 of 10 = 79,996% → rounds to 80,00%, in "Tốt" while the exact value is "Khá"
    unit = ws.unit("unit.yaml", *[r if r[0] != "quy_che_ban_hanh: 1" else ("quy_che_ban_hanh: 1", "quy_che_ban_hanh: 0")
                                  for r in ALMOST_90])
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit)
    assert "Chỉ số: 79,996%; Xếp loại: Khá" in result.out
    # the documented example: 5,3425 / 9 = 59,36% (Trung bình 55–70%): no extra decimals
    plain = run("score", "--criteria", ws.criteria("criteria.yaml"), ws.unit("plain.yaml"))
    assert "Chỉ số: 59,36%; Xếp loại: Trung bình" in plain.out


def test_band_explanation_below_a_bound(ws: Workspace) -> None:
    # 17.499 / 25.000 = 69,996%: "dưới 70%", 0 of 2 points; before: "= 70,00%, thuộc mức 'dưới 70%'"
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 25000"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 17499"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--explain")
    assert result.code == 0, result.err
    assert ("- 1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch 17.499 / 25.000 = "
            "69,996%, thuộc mức 'dưới 70%'.") in result.out


def test_band_explanation_below_a_from_bound(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", ("{above: 90%, points: 2}", "{from: 90%, points: 2}"),
                           ("{from: 70%, to: 90%, points: 1}", "{from: 70%, below: 90%, points: 1}"))
    # 22.499 / 25.000 = 89,996%: "từ 70% đến dưới 90%", 1 of 2 points
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 25000"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 22499"))
    result = run("score", "--criteria", criteria, unit, "--explain")
    assert result.code == 0, result.err
    assert ("- 1.1.3 Mức độ thực hiện kế hoạch CCHC: 1/2 điểm — tỷ lệ hoàn thành kế hoạch 22.499 / 25.000 = "
            "89,996%, thuộc mức 'từ 70% đến dưới 90%'.") in result.out


def test_band_explanation_away_from_bounds_is_unchanged(ws: Workspace) -> None:
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), ws.unit("unit.yaml"), "--explain")
    assert ("- 1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch 7 / 19 = 36,84%, "
            "thuộc mức 'dưới 70%'.") in result.out


def test_format_in_bands_adds_decimals_then_a_marker() -> None:
    def shown(text: str) -> str:
        return format_in_bands(Decimal(text), 2, RATINGS, percent=True, ceiling=Decimal(1))

    assert shown("0.89996") == "89,996%"
    assert shown("0.899999") == "89,9999%"
    assert shown("0.9") == "90,00%"
    assert shown("0.90004") == "90,00%"  # "từ 90%" holds 90,00%: no contradiction
    assert shown("0.85456") == "85,46%"
    assert shown("0.79999") == "79,999%"
    assert shown("1.05") == "105,00%"  # above 100% is rated as 100%
    # 89,999 999 999 999 99…%: still 90,0000000000% at 10 decimals → a marker on the right side
    assert shown("0.8999999999999999") == "< 90%"
    open_above = [Interval.from_words(None, Decimal("0.9"), None, None),
                  Interval.from_words(None, None, Decimal("0.9"), None)]
    assert format_in_bands(Decimal("0.90004"), 2, open_above, percent=True) == "90,004%"  # "trên 90%"
    assert format_in_bands(Decimal("0.9000000000000001"), 2, open_above, percent=True) == "> 90%"


def test_format_in_bands_for_plain_numbers() -> None:
    from_3 = [Interval.from_words(Decimal(3), None, None, None), Interval.from_words(None, None, None, Decimal(3))]
    assert format_in_bands(Decimal("2.996"), 2, from_3) == "2,996"
    assert format_in_bands(Decimal("2.5"), 2, from_3) == "2,5"
    assert format_in_bands(Decimal("3"), 2, from_3) == "3"
