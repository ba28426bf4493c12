"""Reading text: every value and key is read as Unicode NFC, and characters that could act on a
terminal, a table or a spreadsheet (control characters, lone surrogates, bidi controls) are refused
at reading with file:line and the code point."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from .conftest import CRITERIA, CRITERIA_TEXT, UNIT_TEXT, Workspace, assert_refused, line_of, run


def nfd(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text or text.isascii()
    return decomposed


def scored(criteria: Path, *units: Path) -> dict[str, Any]:
    result = run("score", "--criteria", criteria, *units, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def node(unit: dict[str, Any], code: str) -> dict[str, Any]:
    pending: list[dict[str, Any]] = [*unit["areas"], *unit.get("bonus", []), *unit.get("penalties", [])]
    while pending:
        item = pending.pop()
        if item["code"] == code:
            return item
        pending.extend(item.get("children") or [])
    raise AssertionError(f"no node {code}")


# -- NFC ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["có", "Có", "có "])
def test_nfd_co_for_yes_no_scores_full_points(ws: Workspace, written: str) -> None:
    # 1.1.2 (max 1) holds when xac_dinh_day_du_nhiem_vu and co_bo_tri_kinh_phi: both yes -> 1 point.
    unit = ws.unit("u.yaml", ("co_bo_tri_kinh_phi: true", f'co_bo_tri_kinh_phi: "{nfd(written)}"'))
    data = scored(CRITERIA, unit)["units"][0]
    assert Decimal(node(data, "1.1.2")["points"]) == 1
    # total of the documented unit (5,3425) is unchanged: 1.1.2 already scored 1 with `true`
    assert Decimal(data["total"]) == Decimal("5.3425")


def test_nfd_khong_for_yes_no_scores_zero(ws: Workspace) -> None:
    # "không" (NFD) is no: 1.1.2 = 0 and the total drops by its 1 point: 5,3425 - 1 = 4,3425.
    unit = ws.unit("u.yaml", ("co_bo_tri_kinh_phi: true", f"co_bo_tri_kinh_phi: {nfd('không')}"))
    data = scored(CRITERIA, unit)["units"][0]
    assert Decimal(node(data, "1.1.2")["points"]) == 0
    assert Decimal(data["total"]) == Decimal("4.3425")


@pytest.mark.parametrize(("label", "points"), [
    ("Ban hành kịp thời", "1"),           # kip_thoi: 1 point
    ("Ban hành không kịp thời", "0.5"),   # khong_kip_thoi: 0,5
    ("Không ban hành", "0"),              # khong_ban_hanh: 0
])
def test_nfd_choice_label_is_its_choice(ws: Workspace, label: str, points: str) -> None:
    unit = ws.unit("u.yaml", ("ke_hoach_cchc: khong_kip_thoi", f"ke_hoach_cchc: {nfd(label)}"))
    data = scored(CRITERIA, unit)["units"][0]
    assert Decimal(node(data, "1.1.1")["points"]) == Decimal(points)


def test_nfd_choice_code_and_nfd_key_in_levels_points(ws: Workspace) -> None:
    """A choice code with accents typed NFC in `choices`, NFD in the levels' `points` key and NFD
    in the unit: all three are the same code."""
    criteria = ws.criteria(
        "c.yaml",
        ("      kip_thoi: Ban hành kịp thời", "      đạt: Ban hành kịp thời"),
        ("points: {kip_thoi: 1,", f"points: {{{nfd('đạt')}: 1,"),
    )
    assert run("check", criteria).code == 0
    unit = ws.unit("u.yaml", ("ke_hoach_cchc: khong_kip_thoi", f"ke_hoach_cchc: {nfd('đạt')}"))
    data = scored(criteria, unit)["units"][0]
    # 1.1.1 goes from 0,5 (khong_kip_thoi) to 1 (đạt): 5,3425 + 0,5 = 5,8425
    assert Decimal(node(data, "1.1.1")["points"]) == 1
    assert Decimal(data["total"]) == Decimal("5.8425")


def test_nfd_names_are_shown_nfc(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", ("unit_name: Sở Mẫu A (hư cấu)", f"unit_name: {nfd('Sở Mẫu A (hư cấu)')}"),
                   ("period: Năm 2025", f"period: {nfd('Năm 2025')}"))
    data = scored(CRITERIA, unit)["units"][0]
    assert data["name"] == "Sở Mẫu A (hư cấu)"
    assert data["period"] == "Năm 2025"


def test_unit_ids_equal_after_nfc_are_one_id(ws: Workspace) -> None:
    first = ws.unit("a.yaml", ("unit_id: so-mau-a", "unit_id: sở-mẫu"))
    second = ws.unit("b.yaml", ("unit_id: so-mau-a", f"unit_id: {nfd('sở-mẫu')}"))
    result = run("rank", "--criteria", CRITERIA, first, second)
    assert_refused(result, "sở-mẫu", file=second)


def test_nfd_and_nfc_key_are_a_duplicate_key(ws: Workspace) -> None:
    # choice codes are keys that may carry accents: "đạt" typed NFC then NFD is the same key twice
    criteria_text = CRITERIA_TEXT.replace(
        "      khong_ban_hanh: Không ban hành",
        "      khong_ban_hanh: Không ban hành\n      đạt: Đạt yêu cầu\n      " + nfd("đạt") + ": Đạt",
    )
    criteria = ws.folder / "c.yaml"
    criteria.write_text(criteria_text, encoding="utf-8")
    line = line_of(criteria_text, "Đạt yêu cầu")
    assert_refused(run("check", criteria), "'đạt' bị lặp", f"dòng {line}", file=criteria, line=line + 1)


def test_nfd_unit_kind_is_the_declared_kind(ws: Workspace) -> None:
    """Unit kinds are ASCII codes; a kind typed with accents is refused with the ASCII code named,
    whether typed NFC or NFD (the same message, the same line)."""
    line = line_of(UNIT_TEXT, "unit_kind")
    for index, written in enumerate(("sở", nfd("sở"))):
        unit = ws.unit(f"k{index}.yaml", ("unit_kind: so", f"unit_kind: {written}"))
        assert_refused(run("score", "--criteria", CRITERIA, unit), "loại 'sở'", "có phải là 'so'",
                       file=unit, line=line)


# -- refused characters --------------------------------------------------------------------------


@pytest.mark.parametrize(("escape", "code"), [
    ("\\0", "U+0000"),         # YAML NUL escape
    ("\\a", "U+0007"),         # bell
    ("\\e[31m", "U+001B"),     # ANSI colour
    ("\\x7f", "U+007F"),       # DEL
    ("\\x9b", "U+009B"),       # C1 control (CSI)
    ("\\N", "U+0085"),         # next line (C1)
    ("\\ud800", "U+D800"),     # lone surrogate
    ("\\u202e", "U+202E"),     # right-to-left override
    ("\\u2066", "U+2066"),     # left-to-right isolate
])
def test_unsafe_escapes_in_a_value_are_refused(ws: Workspace, escape: str, code: str) -> None:
    unit = ws.unit("u.yaml", ("unit_name: Sở Mẫu A (hư cấu)", f'unit_name: "Sở Mẫu {escape}A"'))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "ký tự không được phép", code,
                   file=unit, line=line_of(UNIT_TEXT, "unit_name"))


@pytest.mark.parametrize("char", ["\u202e", "\u200f", "\u2068"])
def test_raw_bidi_controls_are_refused(ws: Workspace, char: str) -> None:
    unit = ws.unit("u.yaml", ("period: Năm 2025", f"period: Năm {char}2025"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), f"U+{ord(char):04X}", "đổi chiều",
                   file=unit, line=line_of(UNIT_TEXT, "period"))


def test_unsafe_character_in_a_key_is_refused(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", ("  vi_pham_ky_luat: 0", '  "vi_pham_ky_luat\\e[0m": 0'))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "tên khóa", "U+001B",
                   file=unit, line=line_of(UNIT_TEXT, "vi_pham_ky_luat"))


def test_unsafe_character_in_the_criteria_set_is_refused(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("label: Số hồ sơ giải quyết trễ hạn", 'label: "Số hồ sơ \\0trễ hạn"'))
    assert_refused(run("check", criteria), "U+0000", file=criteria,
                   line=line_of(CRITERIA_TEXT, "label: Số hồ sơ giải quyết trễ hạn"))


def test_every_refused_character_of_a_file_is_listed_at_once(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", ("unit_name: Sở Mẫu A (hư cấu)", 'unit_name: "Sở \\e[31mA"'),
                   ("period: Năm 2025", 'period: "Năm \\u202e2025"'))
    result = run("score", "--criteria", CRITERIA, unit)
    assert_refused(result, "U+001B", file=unit, line=line_of(UNIT_TEXT, "unit_name"))
    assert f"{unit}:{line_of(UNIT_TEXT, 'period')}" in result.err
    assert "U+202E" in result.err


@pytest.mark.parametrize(("field", "old"), [
    ("unit_id", "unit_id: so-mau-a"),
    ("unit_name", "unit_name: Sở Mẫu A (hư cấu)"),
    ("period", "period: Năm 2025"),
])
@pytest.mark.parametrize("escape", ["\\n", "\\r", "\\t", "\\u2028"])
def test_line_breaks_in_single_line_fields_are_refused(ws: Workspace, field: str, old: str, escape: str) -> None:
    unit = ws.unit("u.yaml", (old, f'{field}: "Sở{escape}A"'))
    assert_refused(run("score", "--criteria", CRITERIA, unit), f"'{field}'", "một dòng",
                   file=unit, line=line_of(UNIT_TEXT, field))


@pytest.mark.parametrize(("old", "new"), [
    ("title: Ban hành kế hoạch CCHC năm\n", 'title: "Ban hành\\nkế hoạch"\n'),
    ("      kip_thoi: Ban hành kịp thời", '      kip_thoi: "Ban hành\\tkịp thời"'),
    ("  - {name: Khá, from: 70%, below: 80%}", '  - {name: "Khá\\r", from: 70%, below: 80%}'),
])
def test_line_breaks_in_single_line_fields_of_a_set_are_refused(ws: Workspace, old: str, new: str) -> None:
    criteria = ws.criteria("c.yaml", (old, new))
    assert_refused(run("check", criteria), "một dòng", file=criteria, line=line_of(CRITERIA_TEXT, old.strip()))


def test_tab_and_newlines_are_allowed_in_notes(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", text=UNIT_TEXT + "note: |\n  Dòng một\n  \tDòng hai, thụt bằng tab\n")
    data = scored(CRITERIA, unit)["units"][0]
    assert Decimal(data["total"]) == Decimal("5.3425")


def test_lone_surrogate_unit_is_refused_and_the_others_are_ranked(ws: Workspace) -> None:
    """A lone surrogate used to crash every output format and lose the valid units even with
    --skip-invalid: now the unit with it is refused by name and the good unit is ranked."""
    folder = ws.folder / "don-vi"
    folder.mkdir()
    good = folder / "a.yaml"
    good.write_text(UNIT_TEXT, encoding="utf-8")
    bad = folder / "b.yaml"
    bad.write_text(UNIT_TEXT.replace("unit_id: so-mau-a", "unit_id: so-mau-b").replace(
        "unit_name: Sở Mẫu A (hư cấu)", 'unit_name: "Sở Mẫu \\ud800B"'), encoding="utf-8")
    for fmt in ("table", "markdown", "csv", "json"):
        result = run("rank", "--criteria", CRITERIA, folder, "--skip-invalid", "--format", fmt)
        assert result.code == 1, result.err
        assert "Traceback" not in result.err and "lỗi nội bộ" not in result.err
        assert f"{bad}:{line_of(UNIT_TEXT, 'unit_name')}" in result.err
        assert "U+D800" in result.err
        assert "so-mau-a" in result.out
        assert "\ud800" not in result.out + result.err
