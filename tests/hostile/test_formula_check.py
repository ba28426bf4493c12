"""What `check` refuses in a formula, and how it says so: choices put in order, choices that can
never be equal, nesting beyond the limit (a derived formula 3 000 minuses deep used to crash with
RecursionError), Python's English syntax errors (translated), `70%` in a formula (a hint), a
suggestion that is the word itself (none), and echoed text (capped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex.core.text import did_you_mean, suggest
from parindex.criteria.formulas import MAX_NESTING, T_NUMBER, FormulaInvalid, ValueType, compile_formula
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit

from .conftest import CRITERIA_TEXT, Run, Workspace, assert_refused, line_of, run

WHEN = "when: xac_dinh_day_du_nhiem_vu and co_bo_tri_kinh_phi"  # 1.1.2 of all-rules.yaml (max 1)
COMPLETION = "formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoach"   # derived ty_le_hoan_thanh
# Two more choice indicators: one sharing ke_hoach_cchc's codes, one with none in common.
MORE_CHOICES = """  ke_hoach_nam_truoc:
    label: Kế hoạch CCHC năm trước
    kind: choice
    missing: no_data
    choices:
      kip_thoi: Ban hành kịp thời
      khong_kip_thoi: Ban hành không kịp thời
      khong_ban_hanh: Không ban hành
  xep_loai:
    label: Xếp loại
    kind: choice
    missing: no_data
    choices: {tot: Tốt, kha: Khá}
  co_bo_tri_kinh_phi:
"""
ADD_CHOICES = ("  co_bo_tri_kinh_phi:\n", MORE_CHOICES)


def _check_when(ws: Workspace, when: str) -> tuple[Run, Path, int]:
    criteria = ws.criteria("criteria.yaml", ADD_CHOICES, (WHEN, f'when: "{when}"'))
    return run("check", criteria), criteria, line_of(CRITERIA_TEXT, WHEN) + MORE_CHOICES.count("\n") - 1


# -- choices have no order ------------------------------------------------------------------------

@pytest.mark.parametrize("when", [
    "ke_hoach_cchc > ke_hoach_nam_truoc",
    "ke_hoach_cchc <= ke_hoach_nam_truoc",
    "ke_hoach_cchc < 'kip_thoi'",
    "'kip_thoi' >= ke_hoach_cchc",
    "ke_hoach_nam_truoc == 'kip_thoi' and ke_hoach_cchc > 'khong_kip_thoi'",
])
def test_ordering_choices_is_refused(ws: Workspace, when: str) -> None:
    result, criteria, line = _check_when(ws, when)
    assert_refused(result, "không so sánh thứ tự", "không có thứ tự", "'levels'", file=criteria, line=line)


@pytest.mark.parametrize("when", ["ke_hoach_cchc == xep_loai", "xep_loai != ke_hoach_nam_truoc"])
def test_equality_of_choices_without_a_common_code_is_refused(ws: Workspace, when: str) -> None:
    result, criteria, line = _check_when(ws, when)
    assert_refused(result, "không có mã lựa chọn chung", "không bao giờ bằng nhau", file=criteria, line=line)


@pytest.mark.parametrize(("last_year", "points"), [
    ("khong_kip_thoi", 1),   # unit A's plan is khong_kip_thoi too: equal
    ("kip_thoi", 0),
])
def test_equality_of_choices_sharing_codes_is_scored(ws: Workspace, last_year: str, points: int) -> None:
    criteria = load_criteria(ws.criteria("criteria.yaml", ADD_CHOICES,
                                         (WHEN, "when: ke_hoach_cchc == ke_hoach_nam_truoc")))
    unit = load_unit(ws.unit("unit.yaml", ("ke_hoach_cchc: khong_kip_thoi",
                                           f"ke_hoach_cchc: khong_kip_thoi\n  ke_hoach_nam_truoc: {last_year}")),
                     criteria)
    [result] = score_units(criteria, [unit])
    assert {n.code: n.points for n in result.nodes()}["1.1.2"] == points


# -- nesting: bounded at check, never a crash -----------------------------------------------------

@pytest.mark.parametrize(("formula", "words"), [
    ("-" * 3_000 + "chi_tieu_hoan_thanh", ["công thức quá dài", "tối đa 2000"]),
    (" + ".join(["chi_tieu_hoan_thanh"] * 30_000), ["công thức quá dài"]),
    ("-" * 1_900 + "chi_tieu_hoan_thanh", ["lồng nhau quá sâu", f"tối đa {MAX_NESTING} cấp"]),
    ("-" * MAX_NESTING + "chi_tieu_hoan_thanh", ["lồng nhau quá sâu", f"tối đa {MAX_NESTING} cấp", "'derived'"]),
    ("abs(" * 60 + "chi_tieu_hoan_thanh" + ")" * 60, ["lồng nhau quá sâu"]),
    ("(" * 300 + "chi_tieu_hoan_thanh" + ")" * 300, ["dấu ngoặc lồng nhau"]),
])
def test_a_too_deep_derived_formula_is_one_line_at_check(ws: Workspace, formula: str, words: list[str]) -> None:
    criteria = ws.criteria("criteria.yaml", (COMPLETION, f'formula: "{formula}"'))
    result = run("check", criteria)
    assert_refused(result, *words, file=criteria, line=line_of(CRITERIA_TEXT, COMPLETION))
    assert len([ln for ln in result.err.splitlines() if "[error]" in ln]) == 1, result.err


def test_a_too_deep_derived_formula_stops_score(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (COMPLETION, f'formula: "{"-" * 3_000}chi_tieu_hoan_thanh"'))
    assert_refused(run("score", "--criteria", criteria, ws.unit("unit.yaml")), "công thức quá dài",
                   file=criteria, line=line_of(CRITERIA_TEXT, COMPLETION))


def test_nesting_at_the_limit_is_accepted_and_scores(ws: Workspace) -> None:
    # 48 minuses around (chi_tieu_hoan_thanh / chi_tieu_ke_hoach): 50 levels; an even count keeps 7/19
    deep = f"formula: {'-' * 48}(chi_tieu_hoan_thanh / chi_tieu_ke_hoach)"
    criteria = ws.criteria("criteria.yaml", (COMPLETION, deep))
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"), "--explain")
    assert result.code == 0, result.err
    assert "5,34" in result.out  # as unit A: 1.1.3 still 7/19 = 36,84% → 0


# -- Python's syntax errors in Vietnamese ---------------------------------------------------------

TYPES = {"x": T_NUMBER, "y": T_NUMBER, "ch": ValueType("lựa chọn", frozenset({"dat", "khong_dat"}))}
ENGLISH = ("invalid", "syntax", "expected", "unterminated", "literal", "never closed", "unmatched", "Perhaps",
           "cannot", "indent", "character", "Did you", "EOF", "assign")


@pytest.mark.parametrize(("formula", "words"), [
    ("(x + 1", "thiếu dấu ngoặc đóng ')'"),
    ("max(x, (y + 1)", "thiếu dấu ngoặc đóng ')'"),
    ("x + 1)", "thừa dấu ngoặc đóng ')'"),
    ("(x + 1]", "không khớp với dấu ngoặc mở '('"),
    ("ch == 'dat", "chuỗi chưa đóng"),
    ("x ≥ 1", "ký tự '≥' (U+2265) không dùng được trong công thức; hãy viết '>='"),
    ("x × 2", "hãy viết '*'"),
    ("x\u00a0+ 1", "ký tự không in được U+00A0"),
    ("x * 0,5", "dấu chấm: 0.5"),
    ("2x", "số viết sai"),
    ("x + 07", "bắt đầu bằng chữ số 0"),
    ("x if y > 1", "thiếu 'else'"),
    ("x y", "không đọc được công thức từ 'y'"),
    ("x +", "kết thúc giữa chừng"),
    ("x if y > 1 else", "kết thúc giữa chừng"),
    ("x => 1", "hãy viết '>='"),
    ("x =< 1", "hãy viết '<='"),
    ("x = 1", "'=='"),
    ("x <> 1", "không đọc được công thức"),
    ("0x1G", "số viết sai"),
    ("x + \\ 1", "dấu '\\' không dùng được"),
])
def test_syntax_errors_are_translated(formula: str, words: str) -> None:
    with pytest.raises(FormulaInvalid) as caught:
        compile_formula(formula, TYPES)
    [issue] = caught.value.issues
    assert words in issue.message, issue.message
    assert not any(word in issue.message for word in ENGLISH), issue.message


@pytest.mark.parametrize(("formula", "words"), [
    ("chi_tieu_hoan_thanh / chi_tieu_ke_hoach >= 70%", "70% hãy viết 0.7 (dấu % là phép chia lấy dư)"),
    ("chi_tieu_hoan_thanh / chi_tieu_ke_hoach > 92.5% and co_bo_tri_kinh_phi", "92.5% hãy viết 0.925"),
    ("(chi_tieu_hoan_thanh >= 100%)", "100% hãy viết 1"),
])
def test_a_percent_sign_in_a_formula_gets_a_hint(ws: Workspace, formula: str, words: str) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, f'when: "{formula}"'))
    assert_refused(run("check", criteria), "sai cú pháp", words, file=criteria, line=line_of(CRITERIA_TEXT, WHEN))


@pytest.mark.parametrize(("formula", "words"), [
    ("xac_dinh_day_du_nhiem_vu and (co_bo_tri_kinh_phi", "thiếu dấu ngoặc đóng"),
    ("xac_dinh_day_du_nhiem_vu and 'Đạt", "chuỗi chưa đóng"),
    ("chi_tieu_hoan_thanh ≤ 3", "hãy viết '<='"),
])
def test_syntax_errors_reach_the_cli_in_vietnamese(ws: Workspace, formula: str, words: str) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, f'when: "{formula}"'))
    result = run("check", criteria)
    assert_refused(result, words, file=criteria, line=line_of(CRITERIA_TEXT, WHEN))
    messages = [line.split("] ", 1)[1] for line in result.err.splitlines() if "[error]" in line]
    assert messages and not any(word in m for m in messages for word in ENGLISH), result.err


# -- suggestions and echoed text ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "candidates", "expected"), [
    ("when", ["when", "value", "kind"], None),          # right already: nothing to suggest
    ("value", ["value"], None),
    ("When", ["when"], "when"),                         # differs in case: suggested
    ("Hoàn_thành", ["hoan_thanh"], "hoan_thanh"),
    ("whn", ["when", "value"], "when"),
])
def test_a_suggestion_is_never_the_word_itself(name: str, candidates: list[str], expected: str | None) -> None:
    assert suggest(name, candidates) == expected
    assert did_you_mean(name, candidates) == ("" if expected is None else f"; có phải là '{expected}'?")


def test_an_unknown_name_of_1500_characters_is_echoed_short(ws: Workspace) -> None:
    name = "ten_rat_dai_" + "x" * 1_500
    criteria = ws.criteria("criteria.yaml", (WHEN, f"when: {name} > 1"))
    result = run("check", criteria)
    assert_refused(result, "chưa được khai báo", "…", "ký tự)", file=criteria, line=line_of(CRITERIA_TEXT, WHEN))
    assert max(len(line) for line in result.err.splitlines()) < 300, result.err


def test_an_unknown_choice_code_of_190_characters_is_echoed_short(ws: Workspace) -> None:
    code = "k" * 190
    criteria = ws.criteria("criteria.yaml", (WHEN, f"when: \"ke_hoach_cchc == '{code}'\""))
    result = run("check", criteria)
    assert_refused(result, "không có trong 'choices'", "…", file=criteria, line=line_of(CRITERIA_TEXT, WHEN))
    assert code not in result.err
