"""A refused unit influences nothing: not the group best of a relative rule, not ranks, not counts.

Points are worked out by hand from docs/examples/all-rules.yaml (node 2.2: relative on
dvc_toan_trinh, max 1) and docs/examples/unit-a.yaml (dvc_toan_trinh: 30).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.results.ranking import rank
from parindex.results.scorecard import UnitResult

from .conftest import UNIT_TEXT, Workspace, line_of, run

# unit-a without 2.2: 1.1.1 0,5 + 1.1.2 1 + 1.1.3 0 + 2.1.1 397/400 = 0,9925 + 2.1.2 1 − 3 × 0,25 = 0,25
# + 2.1.3 (0,8 − 0,5) × 2 = 0,6 + 3.1 0,5 = 3,8425; bonus T.1 0,5; 3.2 không phát sinh (applicable 9)
WITHOUT_RELATIVE = Decimal("3.8425")
BONUS = Decimal("0.5")

# a unit that fails the consistency check: 300 + 97 + 4 = 401 ≠ 400
INCONSISTENT = (("id: so-mau-a", "id: so-mau-b"), ("dvc_toan_trinh: 30", "dvc_toan_trinh: 60"),
                ("ho_so_tre_han: 3", "ho_so_tre_han: 4"))


def _error_check_set(ws: Workspace) -> Path:
    return ws.criteria("criteria.yaml", ("    severity: warning", "    severity: error"))


def _score(criteria_path: Path, *units: Path) -> list[UnitResult]:
    criteria = load_criteria(criteria_path)
    return score_units(criteria, [load_unit(u, criteria) for u in units])


def _node(result: UnitResult, code: str) -> Decimal:
    return next(n.points for n in result.nodes() if n.code == code)


def test_unit_refused_by_an_error_check_sets_no_group_best(ws: Workspace) -> None:
    criteria = _error_check_set(ws)
    valid = ws.unit("a.yaml")
    refused = ws.unit("b.yaml", *INCONSISTENT)
    results = _score(criteria, valid, refused)
    assert [r.is_valid for r in results] == [True, False]
    # best among valid units is 30 (the refused 60 takes no part): 30 / 30 × 1 = 1, not 30 / 60 = 0,5
    assert _node(results[0], "2.2") == 1
    assert results[0].total == WITHOUT_RELATIVE + 1 + BONUS  # 5,3425
    group_best = next(n.relative_best for n in results[0].nodes() if n.code == "2.2")
    assert group_best == 30


def test_unit_refused_by_a_formula_error_sets_no_group_best(ws: Workspace) -> None:
    # 2.1.1 without its guard: 0 dossiers settled makes (0 + 0) / 0 an error on the refused unit
    criteria = ws.criteria("criteria.yaml", (
        "              value: ty_le_dung_han\n              not_applicable_when: ho_so_da_giai_quyet == 0\n",
        "              value: ty_le_dung_han\n"))
    valid = ws.unit("a.yaml")
    refused = ws.unit("b.yaml", ("id: so-mau-a", "id: so-mau-b"), ("dvc_toan_trinh: 30", "dvc_toan_trinh: 90"),
                      ("ho_so_da_giai_quyet: 400", "ho_so_da_giai_quyet: 0"),
                      ("ho_so_truoc_han: 300", "ho_so_truoc_han: 0"),
                      ("ho_so_dung_han: 97", "ho_so_dung_han: 0"), ("ho_so_tre_han: 3", "ho_so_tre_han: 0"))
    results = _score(criteria, valid, refused)
    assert [r.is_valid for r in results] == [True, False]
    assert _node(results[0], "2.2") == 1  # 30 / 30 × 1, not 30 / 90 = 0,33…


def test_two_valid_units_still_share_the_best(ws: Workspace) -> None:
    criteria = _error_check_set(ws)
    first = ws.unit("a.yaml")
    second = ws.unit("b.yaml", ("id: so-mau-a", "id: so-mau-b"), ("dvc_toan_trinh: 30", "dvc_toan_trinh: 40"))
    third = ws.unit("c.yaml", ("id: so-mau-a", "id: so-mau-c"), ("dvc_toan_trinh: 30", "dvc_toan_trinh: 80"),
                    ("ho_so_tre_han: 3", "ho_so_tre_han: 4"))
    results = _score(criteria, first, second, third)
    assert [r.is_valid for r in results] == [True, True, False]
    assert _node(results[0], "2.2") == Decimal("0.75")  # 30 / 40 × 1
    assert _node(results[1], "2.2") == 1  # 40 / 40 × 1


def test_refused_unit_is_neither_ranked_nor_counted(ws: Workspace) -> None:
    criteria_path = _error_check_set(ws)
    results = _score(criteria_path, ws.unit("a.yaml"), ws.unit("b.yaml", *INCONSISTENT))
    [group] = rank(load_criteria(criteria_path), results)
    assert [r.unit_id for r in group.units] == ["so-mau-a"]
    assert group.units[0].rank == 1


def test_rank_skip_invalid_shows_the_valid_unit_with_full_relative_points(ws: Workspace) -> None:
    criteria = _error_check_set(ws)
    valid = ws.unit("a.yaml")
    refused = ws.unit("b.yaml", *INCONSISTENT)
    result = run("rank", "--criteria", criteria, valid, refused, "--skip-invalid", "--format", "json")
    assert result.code == 1  # some unit was refused
    assert f"{refused}:{line_of(UNIT_TEXT, 'ho_so_tre_han')}: [error] số liệu không khớp" in result.err
    payload = json.loads(result.out)
    [group] = payload["groups"]
    assert [u["unit_id"] for u in group["units"]] == ["so-mau-a"]
    unit = group["units"][0]
    # 3,8425 + 2.2 (30 / 30 × 1 = 1) + bonus 0,5 = 5,3425; 5,3425 / 9 = 59,36%
    assert unit["total"] == "5.3425"
    assert unit["index_percent"] == "59,36%"
    area2 = next(a for a in unit["areas"] if a["code"] == "2")
    relative = next(c for c in area2["children"] if c["code"] == "2.2")
    assert relative["points"] == "1" and relative["group_best"] == "30"
    [reason] = payload["refused"]
    assert "số liệu không khớp" in reason["text"] and "401 ≠ ho_so_da_giai_quyet = 400" in reason["text"]
    assert (reason["code"], reason["severity"]) == ("check.mismatch", "error")


def test_rank_table_counts_only_valid_units(ws: Workspace) -> None:
    criteria = _error_check_set(ws)
    result = run("rank", "--criteria", criteria, ws.unit("a.yaml"), ws.unit("b.yaml", *INCONSISTENT),
                 "--skip-invalid")
    assert result.code == 1
    assert "— 1 đơn vị" in result.out
    assert "so-mau-b" not in result.out.split("Đơn vị bị loại")[0]
    assert "59,36%" in result.out
