"""Hostile formulas in a criteria set: refused by `check` before any data is read, with the line."""

from __future__ import annotations

import decimal

import pytest

from parindex.criteria.formulas import MAX_EXPONENT, MAX_FORMULA_LENGTH
from parindex.engine.reference import evaluate_unit
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.results.scorecard import Status

from .conftest import CRITERIA_TEXT, UNIT_TEXT, Workspace, assert_refused, line_of, run

SURVEY = "formula: (ty_le_hai_long - 0.5) * 2"  # rule 2.1.3 of all-rules.yaml

# (formula written in place of 2.1.3's, words the message must contain)
FORMULA_CASES = [
    ('"ty_le_hai_long.__class__"', ["không được truy cập thuộc tính"]),
    ('"ty_le_hai_long.real * 2"', ["không được truy cập thuộc tính"]),
    ("__builtins__", ["tên '__builtins__'", "'_' không được phép"]),
    ("\"__import__('os').system('id')\"", ["không được"]),
    ('"(lambda: 1)()"', ["không hỗ trợ lambda"]),
    ('"[x for x in (1, 2)]"', ["comprehension"]),
    ('"max(1, (x for x in (1, 2)))"', ["comprehension"]),
    ('"9**9**9"', ["số mũ", f"không quá {MAX_EXPONENT}"]),
    ('"ty_le_hai_long ** ty_le_hai_long"', ["số mũ", "hằng số"]),
    ("\"'a' * 10**9\"", ["chỉ dùng cho số", "chuỗi"]),
    ("\"open('/etc/passwd')\"", ["hàm 'open' không được phép", "min, max, abs, ngay"]),
    ("\"__import__('os')\"", ["hàm '__import__' không được phép"]),
    ('"eval(\'1\')"', ["hàm 'eval' không được phép"]),
    ('"ty_le_hai_long = 1"', ["dấu '=' là phép gán", "'=='"]),
    ('"ty_le_hai_long > 0.5"', ["kiểu đúng/sai", "cần kiểu số"]),
    ("\"'tốt'\"", ["kiểu chuỗi", "cần kiểu số"]),
    ('"(ty_le_hai_long - 0.5"', ["sai cú pháp", "thiếu dấu ngoặc đóng"]),
    ('"ty_le_hai_long * 0,5"', ["dấu chấm: 0.5"]),
    ('"ty_le_hai_lon * 2"', ["chưa được khai báo", "có phải là 'ty_le_hai_long'?"]),
    ('"' + "(" * 300 + "ty_le_hai_long" + ")" * 300 + '"', ["dấu ngoặc lồng nhau"]),
    ('"' + "-" * 1_900 + "ty_le_hai_long" + '"', ["lồng nhau quá sâu"]),
    ('"' + " + ".join(["ty_le_hai_long"] * 200) + '"', ["công thức quá dài", f"tối đa {MAX_FORMULA_LENGTH}"]),
    ('"10 ** 40 * ty_le_hai_long"', []),  # 10**40 is a constant power: allowed, exponent ≤ 100
]


@pytest.mark.parametrize(("formula", "words"), FORMULA_CASES, ids=[f"f{i}" for i in range(len(FORMULA_CASES))])
def test_hostile_formula_is_refused_by_check(ws: Workspace, formula: str, words: list[str]) -> None:
    criteria = ws.criteria("criteria.yaml", (SURVEY, f"formula: {formula}"))
    result = run("check", criteria)
    if not words:  # the control case: a big but harmless constant is accepted
        assert result.code == 0, result.err
        return
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "lỗi nội bộ" not in result.err
    line = line_of(CRITERIA_TEXT, SURVEY)
    errors = [ln for ln in result.err.splitlines() if "[error]" in ln]
    assert errors and all(f"{criteria}:{line}:" in ln for ln in errors), result.err
    for word in words:
        assert word in result.err, f"{word!r} not in {result.err!r}"
    assert "1 lỗi" in result.err or "2 lỗi" in result.err


def test_hostile_formula_also_stops_score(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (SURVEY, "formula: \"open('/etc/passwd')\""))
    unit = ws.unit("unit.yaml")
    assert_refused(run("score", "--criteria", criteria, unit), "hàm 'open' không được phép",
                   file=criteria, line=line_of(CRITERIA_TEXT, SURVEY))


# 2.1.3 divides by (ty_le_hai_long − 0.8): unit A reports 80%, so the divisor is 0 at run time.
DIVIDING = "formula: (ty_le_hai_long - 0.5) * 2 / (ty_le_hai_long - 0.8)"


def test_division_by_zero_at_run_time_names_the_sub_criterion(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (SURVEY, DIVIDING))
    unit = ws.unit("unit.yaml")
    assert run("check", criteria).code == 0  # nothing is wrong before the data is known
    result = run("score", "--criteria", criteria, unit)
    assert_refused(result, "mục 2.1.3", "phép chia cho 0", "(ty_le_hai_long - 0.8)",
                   file=unit, line=line_of(UNIT_TEXT, "ty_le_hai_long"))


def test_division_by_zero_leaves_the_other_sub_criteria_scored(ws: Workspace) -> None:
    criteria = load_criteria(ws.criteria("criteria.yaml", (SURVEY, DIVIDING)))
    result = evaluate_unit(criteria, load_unit(ws.unit("unit.yaml"), criteria))
    nodes = {n.code: n for n in result.nodes()}
    assert nodes["2.1.3"].status is Status.ERROR and nodes["2.1.3"].points == 0
    assert nodes["2.1"].status is Status.ERROR  # the error shows on the parents
    # the rest is scored as for unit A: 1.1.1 'khong_kip_thoi' = 0,5; 2.1.2 = 1 − 3 × 0,25 = 0,25
    assert nodes["1.1.1"].status is Status.SCORED and nodes["1.1.1"].points == decimal.Decimal("0.5")
    assert nodes["2.1.2"].points == decimal.Decimal("0.25")
    assert not result.is_valid


def test_not_applicable_guard_prevents_division_by_zero(ws: Workspace) -> None:
    # chi_tieu_ke_hoach = 0 would make ty_le_hoan_thanh = 7 / 0, but 1.1.3 is 'không phát sinh' first
    unit = ws.unit("unit.yaml", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach: 0"),
                   ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 0"))
    result = run("score", "--criteria", ws.criteria("criteria.yaml"), unit, "--explain")
    assert result.code == 0, result.err
    assert "1.1.3 Mức độ thực hiện kế hoạch CCHC: không phát sinh" in result.out


EXPLAIN = 'explain: "tỷ lệ hài lòng {ty_le_hai_long}; mỗi điểm phần trăm trên 50% được 0,02 điểm"'


@pytest.mark.parametrize("template", ["{ty_le_hai_long.__class__.__init__.__globals__}", "{0}", "{max[0]}"])
def test_explain_template_cannot_reach_python_objects(ws: Workspace, template: str) -> None:
    criteria = ws.criteria("criteria.yaml", (EXPLAIN, f'explain: "{template}"'))
    assert_refused(run("check", criteria), "mẫu giải thích dùng", f"'{template}' chưa khai báo",
                   file=criteria, line=line_of(CRITERIA_TEXT, EXPLAIN))


def test_explain_template_format_spec_cannot_blow_up_the_output(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (EXPLAIN, 'explain: "{points:>99999999}"'))
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"), "--explain")
    assert result.code == 0, result.err
    assert len(result.out) < 20_000  # the format spec is ignored, not a 100 MB padding
    # 2.1.3 of unit A: (80% − 0,5) × 2 = 0,6 points
    assert "2.1.3 Mức độ hài lòng của người dân (ĐTXHH): 0,6/1 điểm — 0,6." in result.out
