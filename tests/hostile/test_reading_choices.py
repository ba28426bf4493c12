"""Choice matching never guesses: exact code, then exact label, then a match ignoring accents and
case only when exactly one choice fits. A set whose choices collide when accents and case are
ignored, or that lists a unit kind twice, is refused at the line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parindex.intake.units import choice_code

from .conftest import CRITERIA, CRITERIA_TEXT, UNIT_TEXT, Workspace, assert_refused, line_of, run

PROGRESS = {"dung_han": "Đúng tiến độ", "dung_lai": "Dừng tiến độ", "cham": "Chậm tiến độ"}


def points_of(criteria: Path, unit: Path, code: str) -> Decimal:
    result = run("score", "--criteria", criteria, unit, "--format", "json")
    assert result.code == 0, result.err
    pending: list[dict[str, Any]] = list(json.loads(result.out)["units"][0]["areas"])
    while pending:
        item = pending.pop()
        if item["code"] == code:
            return Decimal(item["points"])
        pending.extend(item.get("children") or [])
    raise AssertionError(code)


# -- matching a unit's value ---------------------------------------------------------------------


@pytest.mark.parametrize(("written", "code"), [
    ("Dừng tiến độ", "dung_lai"),   # the exact label: itself, never "Đúng tiến độ"
    ("Đúng tiến độ", "dung_han"),
    ("Chậm tiến độ", "cham"),
    ("dung_lai", "dung_lai"),       # exact code
    ("chậm tiến độ", "cham"),       # case only, one choice fits
    ("Cham tien do", "cham"),       # without accents, one choice fits
])
def test_exact_first_then_one_folded_match(written: str, code: str) -> None:
    assert choice_code("tien_do", PROGRESS, written) == code


@pytest.mark.parametrize("written", ["Dung tien do", "dung tien do", "DUNG TIEN DO"])
def test_folded_match_of_two_choices_is_refused_with_both(written: str) -> None:
    with pytest.raises(ValueError, match="khớp với nhiều lựa chọn") as caught:
        choice_code("tien_do", PROGRESS, written)
    assert "dung_han (Đúng tiến độ)" in str(caught.value)
    assert "dung_lai (Dừng tiến độ)" in str(caught.value)
    assert "cham" not in str(caught.value)


def test_folded_code_of_one_and_label_of_another_is_refused() -> None:
    choices = {"dat": "Hoàn thành", "khac": "Đạt"}  # "dat" is a code, "Đạt" another choice's label
    assert choice_code("x", choices, "Đạt") == "khac"  # exact label
    assert choice_code("x", choices, "dat") == "dat"    # exact code
    with pytest.raises(ValueError, match="khớp với nhiều lựa chọn"):
        choice_code("x", choices, "DAT")


ON_SCHEDULE = {"dung_han": "Đúng tiến độ", "cham": "Chậm tiến độ"}  # no "Dừng tiến độ" in this set


@pytest.mark.parametrize("written", ["Dừng tiến độ", "dừng tiến độ", "Đung tiến độ", "Dúng tiến độ"])
def test_accents_written_are_never_exchanged_for_others(written: str) -> None:
    """The issue's case: the set has "Đúng tiến độ" only and a unit writes "Dừng tiến độ" (stopped).
    Without accents the two are one text, but the unit wrote accents, and they are not the label's:
    refused, never scored as on schedule."""
    with pytest.raises(ValueError, match="không phải lựa chọn hợp lệ"):
        choice_code("tien_do", ON_SCHEDULE, written)


@pytest.mark.parametrize(("written", "code"), [
    ("dung tien do", "dung_han"),     # typed without any accent: the one choice it can be
    ("DUNG TIEN DO", "dung_han"),
    ("đúng tiến độ", "dung_han"),     # the label's own accents, other case
    ("cham tien do", "cham"),
])
def test_case_or_no_accent_at_all_still_matches(written: str, code: str) -> None:
    assert choice_code("tien_do", ON_SCHEDULE, written) == code


@pytest.mark.parametrize(("written", "points"), [
    # levels on 1.1.1: kip_thoi 1, khong_kip_thoi 0,5, khong_ban_hanh 0
    ("Ban hành không kịp thời", "0.5"),
    ("ban hanh khong kip thoi", "0.5"),   # only "Ban hành không kịp thời" folds to this
    ("Không ban hành", "0"),
    ("KHONG BAN HANH", "0"),
    ("Ban hành kịp thời", "1"),
    ("kip_thoi", "1"),
])
def test_unit_choice_scores_exact_points(ws: Workspace, written: str, points: str) -> None:
    unit = ws.unit("u.yaml", ("ke_hoach_cchc: khong_kip_thoi", f"ke_hoach_cchc: {written}"))
    assert points_of(CRITERIA, unit, "1.1.1") == Decimal(points)


def test_unknown_choice_lists_the_candidates(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", ("ke_hoach_cchc: khong_kip_thoi", "ke_hoach_cchc: Ban hành trễ"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "không phải lựa chọn hợp lệ",
                   "kip_thoi (Ban hành kịp thời)", file=unit, line=line_of(UNIT_TEXT, "ke_hoach_cchc"))


# -- the set: choices that collide, unit kinds listed twice ---------------------------------------

LABEL = "      khong_ban_hanh: Không ban hành"


@pytest.mark.parametrize(("added", "words"), [
    ("      dung_lai: Bản hành kịp thời", ["'Bản hành kịp thời' trùng với lựa chọn 'kip_thoi'", "bỏ dấu"]),
    ("      dung_lai: ban hành KỊP THỜI", ["trùng với lựa chọn 'kip_thoi'", "chữ hoa/thường"]),
    ("      dung_lai: Ban hành kịp thời", ["nhãn 'Ban hành kịp thời' trùng với lựa chọn 'kip_thoi'"]),
    ("      dung_lai: Kip_Thoi", ["'Kip_Thoi' trùng với lựa chọn 'kip_thoi'"]),   # a label equal to a code
    ("      KIP_THOI: Ban hành sớm", ["'KIP_THOI' trùng với lựa chọn 'kip_thoi'"]),  # two codes
])
def test_colliding_choices_are_refused_at_the_line(ws: Workspace, added: str, words: list[str]) -> None:
    criteria = ws.criteria("c.yaml", (LABEL, f"{LABEL}\n{added}"))
    line = line_of(CRITERIA_TEXT, LABEL.strip()) + 1
    assert_refused(run("check", criteria), "ke_hoach_cchc", *words, file=criteria, line=line)


def test_dung_and_dung_labels_are_refused_by_check(ws: Workspace) -> None:
    """"Đúng tiến độ" and "Dừng tiến độ" are the same text without accents: a unit typing without
    accents could not be told apart, so the set must give them distinct labels."""
    criteria = ws.criteria(
        "c.yaml",
        ("      kip_thoi: Ban hành kịp thời", "      kip_thoi: Đúng tiến độ"),
        ("      khong_kip_thoi: Ban hành không kịp thời", "      khong_kip_thoi: Dừng tiến độ"),
    )
    assert_refused(run("check", criteria), "'Dừng tiến độ' trùng với lựa chọn 'kip_thoi' (Đúng tiến độ)",
                   file=criteria, line=line_of(CRITERIA_TEXT, "khong_kip_thoi: Ban hành không kịp thời"))


def test_distinct_choices_with_a_shared_word_are_accepted(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", (LABEL, f"{LABEL}\n      dung_lai: Dừng ban hành"),
                           ("khong_ban_hanh: 0}", "khong_ban_hanh: 0, dung_lai: 0}"))
    result = run("check", criteria)
    assert result.code == 0, result.err


@pytest.mark.parametrize("kinds", ["[so, so]", "[so, huyen, so]"])
def test_unit_kind_listed_twice_is_refused(ws: Workspace, kinds: str) -> None:
    criteria = ws.criteria("c.yaml", ("unit_kinds: [so]", f"unit_kinds: {kinds}"))
    assert_refused(run("check", criteria), "'so' được liệt kê hai lần", file=criteria,
                   line=line_of(CRITERIA_TEXT, "unit_kinds"))


def test_unit_kind_listed_twice_in_block_style_names_both_lines(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("unit_kinds: [so]", "unit_kinds:\n  - so\n  - huyen\n  - so"))
    first = line_of(CRITERIA_TEXT, "unit_kinds") + 1
    assert_refused(run("check", criteria), "hai lần", f"dòng {first}", file=criteria, line=first + 2)
