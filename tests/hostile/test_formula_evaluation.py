"""Formulas `check` accepts must evaluate, exactly: membership in a list of codes, constants read
from their digits, comparisons on values rounded to 30 significant digits, and every run-time
failure a one-line Vietnamese FormulaError (never an escaping exception, never simpleeval's English)."""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.core.errors import FormulaError
from parindex.core.numbers import EVAL_CONTEXT
from parindex.criteria.formulas import T_BOOL, T_DATE, T_NUMBER, FormulaInvalid, ValueType, compile_formula
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.results.scorecard import NodeResult, Status

from .conftest import CRITERIA_TEXT, Workspace, assert_refused, line_of, run

WHEN = "when: xac_dinh_day_du_nhiem_vu and co_bo_tri_kinh_phi"  # 1.1.2 of all-rules.yaml (max 1)
ENGLISH = ("not available", "Sorry", "Tuple", "invalid", "syntax", "Error", "object", "unsupported")


def _points(ws: Workspace, criteria_replacements: list[tuple[str, str]],
            unit_replacements: list[tuple[str, str]] | None = None) -> dict[str, NodeResult]:
    criteria = load_criteria(ws.criteria("criteria.yaml", *criteria_replacements))
    unit = load_unit(ws.unit("unit.yaml", *(unit_replacements or [])), criteria)
    [result] = score_units(criteria, [unit])
    return {node.code: node for node in result.nodes()}


# -- membership: `x in ('a', 'b')` is documented and must score --------------------------------

@pytest.mark.parametrize(("when", "plan", "points"), [
    # unit A's plan is khong_kip_thoi
    ("ke_hoach_cchc in ('kip_thoi', 'khong_kip_thoi')", "khong_kip_thoi", 1),
    ("ke_hoach_cchc in ('kip_thoi', 'khong_kip_thoi')", "khong_ban_hanh", 0),
    ("ke_hoach_cchc not in ('khong_ban_hanh',)", "khong_kip_thoi", 1),
    ("ke_hoach_cchc not in ['khong_ban_hanh', 'khong_kip_thoi']", "khong_kip_thoi", 0),
    ("ke_hoach_cchc in ('kip_thoi',) or co_bo_tri_kinh_phi", "khong_ban_hanh", 1),   # false or true
    ("ke_hoach_cchc in ('kip_thoi',) and co_bo_tri_kinh_phi", "kip_thoi", 1),
    ("ke_hoach_cchc in ('kip_thoi',)", "Ban hành kịp thời", 1),                      # the label reads as its code
])
def test_membership_in_a_list_of_codes_scores(ws: Workspace, when: str, plan: str, points: int) -> None:
    nodes = _points(ws, [(WHEN, f'when: "{when}"')], [("ke_hoach_cchc: khong_kip_thoi", f"ke_hoach_cchc: {plan}")])
    assert nodes["1.1.2"].status is Status.SCORED, nodes["1.1.2"].message
    assert nodes["1.1.2"].points == points


def test_membership_through_the_cli_scores_every_unit(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, "when: \"ke_hoach_cchc in ('kip_thoi', 'khong_kip_thoi')\""))
    assert run("check", criteria).code == 0
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"), "--explain")
    assert result.code == 0, result.err
    assert "Tuple" not in result.err + result.out
    # unit A scores 5,34 with 1.1.2 held; the new condition holds too (khong_kip_thoi is listed)
    assert "5,34" in result.out


# -- exact constants and comparisons -------------------------------------------------------------

COMPLETION = "formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoach"  # derived ty_le_hoan_thanh


@pytest.mark.parametrize(("when", "points"), [
    ("chi_tieu_hoan_thanh < 7.00000000000000000001", 1),   # 7 < 7,00000000000000000001 (a float says 7 == 7)
    ("chi_tieu_hoan_thanh == 7.00000000000000000001", 0),
    ("chi_tieu_hoan_thanh * 0.1 == 0.7", 1),                # 7 × 0,1 = 0,7 exactly
    ("chi_tieu_hoan_thanh / 3 * 3 == chi_tieu_hoan_thanh", 1),   # 7/3 × 3 = 6,99…9 (40 digits) = 7 at 30 digits
    ("1/3 + 1/3 + 1/3 == 1", 1),
    ("1/3 + 1/3 + 1/3 >= 1 >= 1/3 * 3", 1),                 # a chain compares each pair rounded
    ("chi_tieu_hoan_thanh / chi_tieu_ke_hoach * 19 != 7", 0),    # 7/19 × 19 = 7 at 30 digits
    ("1.5e-99 > 0", 1),
])
def test_comparisons_are_exact(ws: Workspace, when: str, points: int) -> None:
    nodes = _points(ws, [(WHEN, f"when: {when}")])
    assert nodes["1.1.2"].status is Status.SCORED, nodes["1.1.2"].message
    assert nodes["1.1.2"].points == points


@pytest.mark.parametrize("constant", ["1e-400", "1e400", "1e101", "1e-101", "1" + "0" * 101, "0." + "0" * 100 + "1"])
def test_constants_beyond_the_magnitude_limit_are_refused_at_check(ws: Workspace, constant: str) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, f"when: chi_tieu_hoan_thanh > {constant}"))
    assert_refused(run("check", criteria), "hằng số", "quá lớn hoặc quá nhỏ", "10^±100",
                   file=criteria, line=line_of(CRITERIA_TEXT, WHEN))


@pytest.mark.parametrize("constant", ["1e100", "1e-100", "1" + "0" * 40, "123456789.123456789123456789"])
def test_constants_within_the_limit_are_accepted(ws: Workspace, constant: str) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, f"when: chi_tieu_hoan_thanh < {constant}"))
    assert run("check", criteria).code == 0


# -- run-time failures ---------------------------------------------------------------------------

TYPES: dict[str, ValueType] = {
    "n": T_NUMBER, "m": T_NUMBER, "z": T_NUMBER, "b": T_BOOL, "d": T_DATE,
    "ch": ValueType("lựa chọn", frozenset({"tot", "kha"})),
}


def _evaluate(text: str, values: dict[str, Any]) -> Any:
    formula = compile_formula(text, TYPES)
    with decimal.localcontext(EVAL_CONTEXT):
        return formula.evaluate(values)


@pytest.mark.parametrize(("text", "values", "words"), [
    ("n / z", {"n": Decimal(5), "z": Decimal(0)}, "phép chia cho 0"),
    ("z / z", {"z": Decimal(0)}, "phép chia cho 0"),
    ("n % z", {"n": Decimal(5), "z": Decimal(0)}, "chia lấy dư '%' cho 0"),
    ("n % 3", {"n": Decimal(10) ** 60}, "thương quá lớn"),
    ("(n - 10) ** 0.5", {"n": Decimal(1)}, "không xác định"),
    ("z ** -1", {"z": Decimal(0)}, "phép chia cho 0"),
    ("(n ** 100) ** 100", {"n": Decimal(10) ** 90}, "kết quả quá lớn"),
    ("n + m", {"n": Decimal(1)}, "chưa có giá trị của 'm'"),
    ("n + m", {"n": Decimal(1), "m": "ba"}, "không cùng kiểu"),
    ("d < ngay('01/01/2025')", {"d": Decimal(3)}, "không cùng kiểu"),
])
def test_run_time_failures_are_vietnamese_formula_errors(text: str, values: dict[str, Any], words: str) -> None:
    with pytest.raises(FormulaError) as caught:
        _evaluate(text, values)
    message = str(caught.value)
    assert words in message
    assert not any(word in message for word in ENGLISH), message


def test_recursion_at_run_time_becomes_a_formula_error() -> None:
    formula = compile_formula("-" * 45 + "n", TYPES)  # accepted: 46 levels
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 40)  # far less room than 46 levels need
    try:
        with pytest.raises(FormulaError) as caught, decimal.localcontext(EVAL_CONTEXT):
            formula.evaluate({"n": Decimal(1)})
    finally:
        sys.setrecursionlimit(limit)
    assert "quá phức tạp" in str(caught.value)
    with decimal.localcontext(EVAL_CONTEXT):
        assert formula.evaluate({"n": Decimal(2)}) == -2  # 45 minuses: −2 with room to recurse


def test_a_long_chain_of_terms_is_checked_and_evaluated_without_recursion() -> None:
    text = "+".join(["n"] * 999)  # 1 997 characters, one level of nesting
    assert _evaluate(text, {"n": Decimal(3)}) == 2997  # 999 × 3
    text = "-".join(["n"] * 999)
    assert _evaluate(text, {"n": Decimal(3)}) == -2991  # 3 − 998 × 3


def test_division_by_zero_in_a_derived_value_refuses_the_unit_in_vietnamese(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (COMPLETION, "formula: chi_tieu_hoan_thanh % (chi_tieu_ke_hoach - 19)"))
    unit = ws.unit("unit.yaml")
    result = run("score", "--criteria", criteria, unit)
    assert_refused(result, "chia lấy dư '%' cho 0", file=unit)


# -- property: whatever check accepts evaluates to its type or fails as a FormulaError ------------

_NUMBER_LEAVES = st.sampled_from(["n", "m", "z", "0", "1", "2.5", "1e-3", "7.00000000000000000001", "10 ** 2"])
_BOOL_LEAVES = st.sampled_from(["b", "True", "False"])


def _numbers(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(children, children)
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "%"]), children)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"(-{c})"),
        st.tuples(children, st.sampled_from(["2", "-1", "0.5", "100"])).map(lambda t: f"({t[0]}) ** {t[1]}"),
        st.tuples(st.sampled_from(["min", "max"]), pair).map(lambda t: f"{t[0]}({t[1][0]}, {t[1][1]})"),
        children.map(lambda c: f"abs({c})"),
        st.tuples(children, _conditions(children), children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )


def _conditions(numbers: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        _BOOL_LEAVES,
        st.tuples(numbers, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(numbers, numbers, numbers).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})"),
        st.sampled_from(["ch in ('tot', 'kha')", "ch not in ('kha',)", "ch == 'tot'", "d <= ngay('31/01/2025')",
                         "(not b)", "(b and b)", "(b or not b)", "b == True"]),
    )


NUMBER_FORMULAS = st.recursive(_NUMBER_LEAVES, _numbers, max_leaves=14)
FORMULAS = st.one_of(NUMBER_FORMULAS, _conditions(NUMBER_FORMULAS))
SAMPLE_NUMBERS = st.one_of(
    st.sampled_from([Decimal(0), Decimal(1), Decimal(-1), Decimal("0.5"), Decimal(10) ** 90, Decimal("1e-90")]),
    st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
)
SAMPLE_VALUES = st.fixed_dictionaries({
    "n": SAMPLE_NUMBERS, "m": SAMPLE_NUMBERS, "z": st.just(Decimal(0)), "b": st.booleans(),
    "ch": st.sampled_from(["tot", "kha"]),
    "d": st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 1, 1)),
})
_PYTHON_TYPES = {T_NUMBER.name: Decimal, T_BOOL.name: bool, T_DATE.name: dt.date}


@settings(max_examples=400, deadline=None)
@given(FORMULAS, SAMPLE_VALUES)
def test_anything_check_accepts_evaluates_or_fails_cleanly(text: str, values: dict[str, Any]) -> None:
    try:
        formula = compile_formula(text, TYPES)
    except FormulaInvalid:
        return
    with decimal.localcontext(EVAL_CONTEXT):
        try:
            result = formula.evaluate(values)
        except FormulaError as exc:
            assert not any(word in str(exc) for word in ENGLISH), str(exc)
            return
    assert isinstance(result, _PYTHON_TYPES[formula.result_type.name]), (text, result)


@pytest.mark.parametrize("text", [
    "n + m - z * 2 / 4 % 3", "n ** 2", "n ** -2", "0 < n <= m", "n if b else m", "ch in ('tot', 'kha')",
    "ch not in ('kha',)", "min(n, m, 1)", "max(n, m)", "abs(-n)", "d <= ngay('31/01/2025')", "not b or b",
    "-(n)", "(n + m) * 2",
])
def test_every_documented_construct_is_accepted_and_evaluates(text: str) -> None:
    values = {"n": Decimal(2), "m": Decimal(3), "z": Decimal(1), "b": True, "ch": "tot", "d": dt.date(2025, 1, 1)}
    result = _evaluate(text, values)
    assert result is not None

