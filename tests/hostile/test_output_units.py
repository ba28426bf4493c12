"""Which units the command line ranks: one unit id per unit (equal after NFC or up to look-alike
letters of another script is the same id), and a unit refused for an error takes no part in the
ranking — not in the group's best value of a relative rule, not in the rank, not in the count."""

from __future__ import annotations

import json
import unicodedata

import pytest

from .conftest import CRITERIA, UNIT_A, UNIT_TEXT, Workspace, assert_refused, line_of, run


@pytest.mark.parametrize(("first", "second"), [
    ("sở-mẫu-a", unicodedata.normalize("NFD", "sở-mẫu-a")),   # "Unicode tổ hợp" keyboard setting
    ("so-mau-a", "ѕо-mau-a"),                                  # Cyrillic dze and o
    ("so-mau-a", "sο-mаu-a"),                                  # Greek omicron, Cyrillic a
    ("so-mau-a", "ｓｏ-mau-a"),                                 # fullwidth letters
    ("SO-MAU-A", "ЅО-МАU-А"),                                  # capital Cyrillic look-alikes
], ids=["nfd", "cyrillic", "greek", "fullwidth", "capitals"])
def test_ids_equal_up_to_unicode_form_or_look_alikes_are_duplicates(ws: Workspace, first: str, second: str) -> None:
    a = ws.unit("a.yaml", ("unit_id: so-mau-a", f"unit_id: {first}"))
    b = ws.unit("b.yaml", ("unit_id: so-mau-a", f"unit_id: {second}"))
    result = run("rank", "--criteria", CRITERIA, a, b)
    assert_refused(result, "mã đơn vị", f"trùng với tệp {a}", "mỗi đơn vị chỉ có một tệp số liệu",
                   file=b, line=line_of(UNIT_TEXT, "unit_id"))
    skipped = run("rank", "--criteria", CRITERIA, a, b, "--skip-invalid")
    assert skipped.code == 1
    assert "Sở, ban, ngành — 1 đơn vị" in skipped.out


def test_ids_that_only_look_different_are_not_duplicates(ws: Workspace) -> None:
    a = ws.unit("a.yaml", ("unit_id: so-mau-a", "unit_id: sở-mẫu-a"))
    b = ws.unit("b.yaml", ("unit_id: so-mau-a", "unit_id: so-mau-a"))  # same letters without accents: another id
    result = run("rank", "--criteria", CRITERIA, a, b)
    assert result.code == 0, result.err
    assert "Sở, ban, ngành — 2 đơn vị" in result.out


# -- refused units take no part in relative rules ----------------------------------------------------------
# Rule 2.2 of all-rules.yaml: relative, max 1, value dvc_toan_trinh: points = value ÷ best value of the
# group's units × 1. unit-a.yaml has dvc_toan_trinh: 30.

LIMIT_CHECK = """checks:
  - id: dvc_toi_da
    title: Số dịch vụ công toàn trình không quá 50
    left: dvc_toan_trinh
    relation: "<="
    right: 50
    severity: error
"""


def _unit(ws: Workspace, name: str, unit_id: str, dvc: int, *more: tuple[str, str]) -> None:
    ws.unit(name, ("unit_id: so-mau-a", f"unit_id: {unit_id}"), ("dvc_toan_trinh: 30", f"dvc_toan_trinh: {dvc}"),
            *more)


def _points_22(data: dict[str, object]) -> dict[str, tuple[str, str]]:
    """unit id → (points of 2.2, group best of 2.2), from the JSON ranking."""
    found = {}
    for group in data["groups"]:  # type: ignore[attr-defined]
        for unit in group["units"]:
            area = next(a for a in unit["areas"] if a["code"] == "2")
            leaf = next(c for c in area["children"] if c["code"] == "2.2")
            found[unit["unit_id"]] = (leaf["points"], leaf["group_best"])
    return found


def test_unit_refused_by_an_error_check_does_not_set_the_best(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", ("checks:\n", LIMIT_CHECK))
    units = ws.folder / "don-vi"
    units.mkdir()
    ws.unit("don-vi/a.yaml")                           # dvc 30: passes the check
    _unit(ws, "don-vi/b.yaml", "so-mau-b", 60)         # dvc 60 > 50: refused by the error check
    result = run("rank", "--criteria", criteria, units, "--skip-invalid", "--format", "json")
    assert result.code == 1
    assert "dvc_toi_da" in result.err or "không quá 50" in result.err
    data = json.loads(result.out)
    # A: 30 ÷ 30 (best of the units that are ranked) × 1 = 1 point — not 30 ÷ 60 × 1 = 0,5
    assert _points_22(data) == {"so-mau-a": ("1", "30")}
    assert [u["rank"] for g in data["groups"] for u in g["units"]] == [1]
    assert len(data["refused"]) == 1 and "b.yaml" in data["refused"][0]["text"]
    assert data["refused"][0]["code"] == "check.mismatch"


def test_refused_unit_does_not_set_the_best_for_two_ranked_units(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", ("checks:\n", LIMIT_CHECK))
    a = ws.unit("a.yaml")                               # dvc 30
    _unit(ws, "b.yaml", "so-mau-b", 60)                 # refused
    _unit(ws, "c.yaml", "so-mau-c", 15)                 # dvc 15
    result = run("rank", "--criteria", criteria, a, ws.folder / "b.yaml", ws.folder / "c.yaml",
                 "--skip-invalid", "--format", "json")
    assert result.code == 1
    # best of the ranked units is 30: A 30 ÷ 30 × 1 = 1; C 15 ÷ 30 × 1 = 0,5 (with B it would be 0,5 and 0,25)
    assert _points_22(json.loads(result.out)) == {"so-mau-a": ("1", "30"), "so-mau-c": ("0.5", "30")}
    table = run("rank", "--criteria", criteria, a, ws.folder / "b.yaml", ws.folder / "c.yaml", "--skip-invalid")
    assert "Sở, ban, ngành — 2 đơn vị" in table.out


def test_unit_refused_by_a_formula_error_does_not_set_the_best(ws: Workspace) -> None:
    # 2.1.3 multiplied by quy_che_ban_hanh / quy_che_ban_hanh: unchanged for A (1 / 1), 0 / 0 for B
    guarded = "formula: (ty_le_hai_long - 0.5) * 2 * quy_che_ban_hanh / quy_che_ban_hanh"
    criteria = ws.criteria("criteria.yaml", ("formula: (ty_le_hai_long - 0.5) * 2", guarded))
    a = ws.unit("a.yaml")
    _unit(ws, "b.yaml", "so-mau-b", 60, ("quy_che_ban_hanh: 1", "quy_che_ban_hanh: 0"))
    result = run("rank", "--criteria", criteria, a, ws.folder / "b.yaml", "--skip-invalid", "--format", "json")
    assert result.code == 1
    assert "2.1.3" in result.err
    # A: 30 ÷ 30 × 1 = 1 point for 2.2 (B's 60 is not a best: B is refused)
    assert _points_22(json.loads(result.out)) == {"so-mau-a": ("1", "30")}


def test_without_skip_invalid_nothing_is_ranked(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", ("checks:\n", LIMIT_CHECK))
    _unit(ws, "b.yaml", "so-mau-b", 60)
    result = run("rank", "--criteria", criteria, UNIT_A, ws.folder / "b.yaml")
    assert_refused(result, "không có kết quả nào được ghi", "--skip-invalid", file=ws.folder / "b.yaml")
