"""A formula that fails is never swallowed: not in a `not_applicable_when`, not in a consistency
check; and a figure read only by a `not_applicable_when` follows its `missing` policy.

Points are worked out by hand from docs/examples/all-rules.yaml and docs/examples/unit-a.yaml.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.results.scorecard import NodeResult, Status, UnitResult

from .conftest import UNIT_TEXT, Workspace, assert_refused, line_of, run

# ho_so_da_giai_quyet = 0 makes ty_le_dung_han = (0 + 0) / 0 fail; 3.2 gets 2 of 2 documents (1 point)
NOTHING_SETTLED = (
    ("ho_so_da_giai_quyet: 400", "ho_so_da_giai_quyet: 0"), ("ho_so_truoc_han: 300", "ho_so_truoc_han: 0"),
    ("ho_so_dung_han: 97", "ho_so_dung_han: 0"), ("ho_so_tre_han: 3", "ho_so_tre_han: 0"),
    ("van_ban_qppl_phai_ban_hanh: 0", "van_ban_qppl_phai_ban_hanh: 2"),
    ("van_ban_qppl_da_ban_hanh: 0", "van_ban_qppl_da_ban_hanh: 2"),
)
GUARD_3_2 = "not_applicable_when: van_ban_qppl_phai_ban_hanh == 0   # h. không phát sinh"
SETTLED_LINE = "  ho_so_da_giai_quyet: 400\n"


def _score(criteria_path: Path, unit: Path) -> UnitResult:
    criteria = load_criteria(criteria_path)
    [result] = score_units(criteria, [load_unit(unit, criteria)])
    return result


def _node(result: UnitResult, code: str) -> NodeResult:
    return next(n for n in result.nodes() if n.code == code)


# -- a not_applicable_when that cannot be computed -----------------------------------------------


def test_condition_reading_a_failed_derived_value_is_an_error(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (GUARD_3_2, "not_applicable_when: ty_le_dung_han < 0.5"))
    unit = ws.unit("unit.yaml", *NOTHING_SETTLED)
    # before: the failed condition was taken as false and 3.2 scored 2 / 2 × 1 = 1 point
    result = _score(criteria, unit)
    node = _node(result, "3.2")
    assert node.status is Status.ERROR and node.points == 0
    assert not result.is_valid
    run_result = run("score", "--criteria", criteria, unit)
    assert_refused(run_result, "mục 3.2", "ty_le_dung_han", "điều kiện không phát sinh", file=unit,
                   line=line_of(UNIT_TEXT, "ho_so_da_giai_quyet"))  # the divisor


def test_condition_that_divides_by_zero_names_the_condition(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        GUARD_3_2, "not_applicable_when: ho_so_truoc_han / ho_so_da_giai_quyet > 2"))
    unit = ws.unit("unit.yaml", *NOTHING_SETTLED)
    result = _score(criteria, unit)
    assert _node(result, "3.2").status is Status.ERROR and _node(result, "3.2").points == 0
    assert_refused(run("score", "--criteria", criteria, unit), "mục 3.2",
                   "(điều kiện không phát sinh: ho_so_truoc_han / ho_so_da_giai_quyet > 2)",
                   file=unit, line=line_of(UNIT_TEXT, "ho_so_truoc_han"))


def test_failed_condition_with_skip_invalid_refuses_only_that_unit(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (GUARD_3_2, "not_applicable_when: ty_le_dung_han < 0.5"))
    good = ws.unit("good.yaml", ("van_ban_qppl_phai_ban_hanh: 0", "van_ban_qppl_phai_ban_hanh: 2"),
                   ("van_ban_qppl_da_ban_hanh: 0", "van_ban_qppl_da_ban_hanh: 1"))
    bad = ws.unit("bad.yaml", ("id: so-mau-a", "id: so-mau-b"), *NOTHING_SETTLED)
    result = run("rank", "--criteria", criteria, good, bad, "--skip-invalid")
    assert result.code == 1
    assert f"{bad}:{line_of(UNIT_TEXT, 'ho_so_da_giai_quyet')}: [error] mục 3.2" in result.err
    # good: 397/400 = 0,9925 ≥ 0,5, so 3.2 applies: 1 / 2 × 1 = 0,5; 3,8425 + 2.2 1 + 0,5 = 5,3425,
    # + bonus 0,5 = 5,8425 of 10 → 58,43%
    assert "5,84" in result.out and "58,43%" in result.out
    assert "— 1 đơn vị" in result.out


# -- a figure read only by a not_applicable_when --------------------------------------------------


def test_absent_not_applicable_figure_read_only_by_a_condition_makes_the_node_not_applicable(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n",
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n    missing: not_applicable\n"))
    unit = ws.unit("unit.yaml", (SETTLED_LINE, ""))
    result = _score(criteria, unit)
    # 2.1.2 reads ho_so_da_giai_quyet only in its condition: không phát sinh (before: 1 − 3 × 0,25 = 0,25)
    assert _node(result, "2.1.2").status is Status.NOT_APPLICABLE
    assert _node(result, "2.1.1").status is Status.NOT_APPLICABLE  # through ty_le_dung_han
    # 1.1.1 0,5 + 1.1.2 1 + 1.1.3 0 + 2.1.3 0,6 + 2.2 1 + 3.1 0,5 = 3,6; bonus 0,5 → 4,1
    # applicable: 10 − 3.2 (1) − 2.1.1 (1) − 2.1.2 (1) = 7; 4,1 / 7 = 58,571…%
    assert result.total == Decimal("4.1") and result.applicable_max == 7
    out = run("score", "--criteria", criteria, unit, "--explain")
    assert out.code == 0, out.err
    assert "Chỉ số: 58,57%" in out.out
    assert ("- 2.1.2 Hồ sơ giải quyết trễ hạn: không phát sinh — (chưa kê khai 'ho_so_da_giai_quyet' "
            "(Số hồ sơ TTHC đã giải quyết): coi là không phát sinh).") in out.out


def test_absent_no_data_figure_read_only_by_a_condition_gives_no_data(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n",
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n    missing: no_data\n"))
    unit = ws.unit("unit.yaml", (SETTLED_LINE, ""))
    result = _score(criteria, unit)
    node = _node(result, "2.1.2")
    assert node.status is Status.NO_DATA and node.points == 0  # before: 0,25
    # 3,6 + bonus 0,5 = 4,1 of 9 applicable (only 3.2 không phát sinh) = 45,555…%
    assert result.total == Decimal("4.1") and result.applicable_max == 9
    out = run("score", "--criteria", criteria, unit, "--explain")
    assert out.code == 0, out.err
    assert "Chỉ số: 45,56%" in out.out
    assert ("- 2.1.2 Hồ sơ giải quyết trễ hạn: 0/1 điểm — chưa kê khai 'ho_so_da_giai_quyet' "
            "(Số hồ sơ TTHC đã giải quyết), không được tính điểm.") in out.out


def test_condition_that_holds_still_wins_over_an_absent_input_of_the_rule(ws: Workspace) -> None:
    # 3.2 reads van_ban_qppl_da_ban_hanh (absent, no_data) but 0 documents were due: không phát sinh
    criteria = ws.criteria("criteria.yaml", (
        "    label: Số văn bản QPPL đã ban hành đúng hạn\n    kind: count\n",
        "    label: Số văn bản QPPL đã ban hành đúng hạn\n    kind: count\n    missing: no_data\n"))
    unit = ws.unit("unit.yaml", ("  van_ban_qppl_da_ban_hanh: 0\n", ""))
    result = _score(criteria, unit)
    assert _node(result, "3.2").status is Status.NOT_APPLICABLE
    assert result.applicable_max == 9 and result.total == Decimal("5.3425")  # as documented: 5,34 of 9


# -- consistency checks whose formula fails --------------------------------------------------------


def test_check_reading_a_failed_derived_value_is_an_error(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    left: ho_so_truoc_han + ho_so_dung_han + ho_so_tre_han\n", "    left: ty_le_dung_han\n"),
        ("    right: ho_so_da_giai_quyet\n", "    right: '1'\n"))
    unit = ws.unit("unit.yaml", *NOTHING_SETTLED)
    result = _score(criteria, unit)
    assert not result.is_valid  # before: skipped without a word, exit 0
    assert_refused(run("score", "--criteria", criteria, unit), "kiểm tra số liệu 'ho_so_khop'",
                   "không tính được", "ty_le_dung_han", file=unit, line=line_of(UNIT_TEXT, "ho_so_da_giai_quyet"))


def test_check_that_divides_by_zero_is_an_error(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    left: ho_so_truoc_han + ho_so_dung_han + ho_so_tre_han\n",
        "    left: ho_so_tre_han / ho_so_da_giai_quyet\n"),
        ("    right: ho_so_da_giai_quyet\n", "    right: '1'\n"), ('relation: "=="', 'relation: "<="'))
    unit = ws.unit("unit.yaml", *NOTHING_SETTLED)
    assert_refused(run("rank", "--criteria", criteria, unit), "kiểm tra số liệu 'ho_so_khop'",
                   "ho_so_tre_han / ho_so_da_giai_quyet <= 1", file=unit, line=line_of(UNIT_TEXT, "ho_so_tre_han"))


def test_check_on_undeclared_figures_is_still_skipped(ws: Workspace) -> None:
    criteria = ws.criteria("criteria.yaml", (
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n",
        "    label: Số hồ sơ TTHC đã giải quyết\n    kind: count\n    missing: no_data\n"))
    unit = ws.unit("unit.yaml", (SETTLED_LINE, ""))
    result = run("score", "--criteria", criteria, unit)
    assert result.code == 0, result.err
    assert "ho_so_khop" not in result.err and "không khớp" not in result.out


def test_check_that_holds_after_a_guarded_division(ws: Workspace) -> None:
    # 397 / 400 ≤ 1 holds: no finding, no problem
    criteria = ws.criteria("criteria.yaml", (
        "    left: ho_so_truoc_han + ho_so_dung_han + ho_so_tre_han\n", "    left: ty_le_dung_han\n"),
        ("    right: ho_so_da_giai_quyet\n", "    right: '1'\n"), ('relation: "=="', 'relation: "<="'))
    result = run("score", "--criteria", criteria, ws.unit("unit.yaml"))
    assert result.code == 0 and result.err == ""
