"""Positions in a formula count characters: `ast` counts UTF-8 bytes, so after an accented letter
('đạt' is 3 characters, 6 bytes) values were spliced into the wrong place in explanations and
columns of problems pointed too far right."""

from __future__ import annotations

import re

import pytest

from parindex.criteria.formulas import T_NUMBER, FormulaInvalid, ValueType, compile_formula

from .conftest import CRITERIA_TEXT, Workspace, line_of, run

TYPES = {
    "x": T_NUMBER, "y": T_NUMBER,
    "ket_qua": ValueType("lựa chọn", frozenset({"đạt", "chưa_đạt", "Xuất_sắc"})),
}


@pytest.mark.parametrize(("formula", "expected"), [
    ("x / y if ket_qua == 'đạt' else y / x", "7 / 19 if ket_qua == 'đạt' else 19 / 7"),
    ("y / x if ket_qua in ('chưa_đạt', 'Xuất_sắc') else x", "19 / 7 if ket_qua in ('chưa_đạt', 'Xuất_sắc') else 7"),
    # a formula written on several lines is one expression: each line break reads as one space
    ("(x +\n y) / 2", "(7 +  19) / 2"),
    ("x if ket_qua == 'đạt' else (\n  y if ket_qua == 'chưa_đạt' else x)",
     "7 if ket_qua == 'đạt' else (   19 if ket_qua == 'chưa_đạt' else 7)"),
    ("x /\ny", "7 / 19"),                                                  # outside brackets too
])
def test_substitute_splices_values_at_character_positions(formula: str, expected: str) -> None:
    compiled = compile_formula(formula, TYPES)
    assert compiled.substitute({"x": "7", "y": "19"}) == expected


def test_substitute_with_every_name_shown() -> None:
    compiled = compile_formula("x if ket_qua == 'đạt' else y", TYPES)
    assert compiled.substitute({"x": "7", "y": "19", "ket_qua": "Đạt"}) == "7 if Đạt == 'đạt' else 19"


@pytest.mark.parametrize(("formula", "offsets"), [
    ("ket_qua == 'đạt' and zz > 1", [21]),                    # 'zz' is the 22nd character
    ("ket_qua == 'Xuất_sắc' or ket_qua == 'Tốt'", [36]),       # the unknown code 'Tốt'
    ("aa + ket_qua == 'đạt' + bb", [0, 24]),
    ("  zz + 1", [2]),                                        # leading spaces count
    ("(x +\n  ket_qua == 'đạt' + zz)", [26]),                  # the second line starts at 5
])
def test_issue_offsets_count_characters(formula: str, offsets: list[int]) -> None:
    with pytest.raises(FormulaInvalid) as caught:
        compile_formula(formula, TYPES)
    found = [issue.offset for issue in caught.value.issues if "'zz'" in issue.message or "'aa'" in issue.message
             or "'bb'" in issue.message or "'Tốt'" in issue.message]
    assert found == offsets, caught.value.issues


@pytest.mark.parametrize(("formula", "offset"), [
    ("ket_qua == 'đạt' and (x > 1", 21),                       # the unclosed '('
    ("ket_qua == 'đạt' and x ≥ 1", 23),                        # the '≥'
    ("ket_qua == 'đạt' and x > 70%", 25),                      # the '70%'
])
def test_syntax_error_offsets_count_characters(formula: str, offset: int) -> None:
    with pytest.raises(FormulaInvalid) as caught:
        compile_formula(formula, TYPES)
    assert [i.offset for i in caught.value.issues] == [offset]


WHEN = "when: xac_dinh_day_du_nhiem_vu and co_bo_tri_kinh_phi"  # 1.1.2 of all-rules.yaml
ACCENTED_CODE = [
    ("      khong_ban_hanh: Không ban hành\n", "      khong_ban_hanh: Không ban hành\n      đạt: Đạt chuẩn\n"),
    ("points: {kip_thoi: 1, khong_kip_thoi: 0.5, khong_ban_hanh: 0}",
     "points: {kip_thoi: 1, khong_kip_thoi: 0.5, khong_ban_hanh: 0, đạt: 1}"),
]


def _columns(err: str, path: str, line: int) -> list[int]:
    return [int(m) for m in re.findall(rf"{re.escape(path)}:{line}:(\d+): \[error\]", err)]


@pytest.mark.parametrize(("when", "distance"), [
    ("aa or ke_hoach_cchc == 'đạt' or bb", 32),               # from 'aa' to 'bb': 32 characters (35 bytes)
    ("aa or ke_hoach_cchc in ('đạt', 'kip_thoi') or bb", 46),
    ("aa or ke_hoach_cchc == 'đạt' or ke_hoach_cchc == 'đạt' or bb", 58),
])
def test_columns_of_problems_after_accents_are_right(ws: Workspace, when: str, distance: int) -> None:
    criteria = ws.criteria("criteria.yaml", *ACCENTED_CODE, (WHEN, f'when: "{when}"'))
    result = run("check", criteria)
    assert result.code == 1, result.err
    line = line_of(CRITERIA_TEXT, WHEN) + 1  # one choice line added above
    columns = _columns(result.err, str(criteria), line)
    # "              when: \"" — the formula's first character is column 22 of its line
    assert columns == [22, 22 + distance], result.err


@pytest.mark.parametrize(("written", "columns"), [
    # plain: the value at 21; "aa and co_bo_tri_kinh_phi and " is 30 characters
    ("when: aa and co_bo_tri_kinh_phi and bb", [21, 51]),
    ("when: 'aa and có_bo_tri_kinh_phi'", [22, 29]),               # quoted: one further
    ("when:   zz  and   co_bo_tri_kinh_phi", [23, None]),         # spaces before the value
])
def test_columns_are_the_file_columns(ws: Workspace, written: str, columns: list[int | None]) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, written))
    result = run("check", criteria)
    assert result.code == 1, result.err
    found = _columns(result.err, str(criteria), line_of(CRITERIA_TEXT, WHEN))
    assert found == [c for c in columns if c is not None], result.err


def test_formula_in_a_block_points_at_its_line(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (WHEN, "when: |\n                xac_dinh_day_du_nhiem_vu\n"
                                                  "                and zz"))
    result = run("check", criteria)
    assert result.code == 1, result.err
    assert f"{criteria}:{line_of(CRITERIA_TEXT, WHEN) + 2}: [error] tên 'zz'" in result.err


def test_explanation_after_an_accented_code_is_not_garbled(ws: Workspace) -> None:
    criteria = ws.criteria(
        "criteria.yaml", *ACCENTED_CODE,
        ("formula: (ty_le_hai_long - 0.5) * 2",
         "formula: \"0 if ke_hoach_cchc == 'đạt' else (ty_le_hai_long - 0.5) * 2\""),
        ('              explain: "tỷ lệ hài lòng {ty_le_hai_long}; mỗi điểm phần trăm trên 50% được 0,02 điểm"\n', ""),
    )
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"), "--explain")
    assert result.code == 0, result.err
    # unit A: plan khong_kip_thoi (not 'đạt'), survey 80%: (0,8 − 0,5) × 2 = 0,6 points
    assert ("công thức 0 if Ban hành không kịp thời == 'đạt' else (80,00% - 0.5) * 2 = 0,6 điểm"
            in result.out), result.out
