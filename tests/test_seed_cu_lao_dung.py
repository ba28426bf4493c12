"""The 2025 district and commune sets, and the real Cù Lao Dung quarter-I/2024 report scored with them.

Every expected number below is worked out by hand from the rules in criteria/2024/huyen.yaml and
the figures of sample_units/seeds/ubnd-cu-lao-dung-q1-2024.yaml (report 003, lines quoted there);
the arithmetic is in the comments.
"""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import run, sample_script, write_yaml

from parindex.criteria.compiler import CompiledSet
from parindex.criteria.schema import RULE_KINDS
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.sentences import Explainer
from parindex.results.ranking import rank
from parindex.results.scorecard import NodeResult, Status, UnitResult

ROOT = Path(__file__).parent.parent
HUYEN = ROOT / "criteria" / "2024" / "huyen.yaml"
XA = ROOT / "criteria" / "2025" / "xa.yaml"
SEED = ROOT / "sample_units" / "seeds" / "ubnd-cu-lao-dung-q1-2024.yaml"


def score(criteria: CompiledSet, path: Path) -> UnitResult:
    [result] = score_units(criteria, [load_unit(path, criteria)])
    return result


def node(result: UnitResult, code: str) -> NodeResult:
    return next(n for n in result.nodes() if n.code == code)


@pytest.fixture(scope="module")
def huyen() -> CompiledSet:
    return load_criteria(HUYEN)


@pytest.fixture(scope="module")
def cld(huyen: CompiledSet) -> UnitResult:
    return score(huyen, SEED)


def close(value: Decimal | None, expected: Fraction) -> bool:
    # exact up to the engine's decimal precision (40 digits in formulas, 28 in the sums of finalize)
    assert value is not None
    return abs(Fraction(value) - expected) < Fraction(1, 10**20)


# -- the two criteria sets ------------------------------------------------------------------------


def test_both_sets_check_clean_without_warnings() -> None:
    code, out, err = run("check", HUYEN, XA)
    assert code == 0, err
    assert err == ""  # no warning at all, in particular no unread indicator
    assert out.count("hợp lệ") == 2


@pytest.mark.parametrize(("path", "criteria_range", "leaf_range"), [(HUYEN, (25, 40), (60, 90)),
                                                                    (XA, (15, 25), (30, 50))])
def test_leaves_add_up_to_100_and_sizes(path: Path, criteria_range: tuple[int, int],
                                        leaf_range: tuple[int, int]) -> None:
    criteria = load_criteria(path)
    leaves = [leaf for area in criteria.areas for leaf in area.leaves()]
    assert sum((leaf.max for leaf in leaves), Decimal(0)) == Decimal(100)
    assert criteria.spec.total_points == 100
    counts = criteria.summary()
    assert counts["areas"] == 8
    assert criteria_range[0] <= counts["criteria"] <= criteria_range[1]
    assert leaf_range[0] <= counts["leaves"] <= leaf_range[1]
    # every rule kind that scores from figures is used somewhere (areas, bonus or penalty blocks); the
    # campaign's kinds (judged points, the survey) need a campaign's input, which this seed does not model
    roots = [*criteria.areas, *criteria.bonus, *criteria.penalties]
    kinds = {leaf.rule.kind for root in roots for leaf in root.leaves() if leaf.rule is not None}
    assert kinds == set(RULE_KINDS) - {"judged", "survey"}
    # survey points sit inside criteria and every node says where it comes from
    assert all(n.basis for root in roots for n in root.walk())
    assert criteria.bonus and criteria.penalties


def test_huyen_weights_follow_the_2017_national_set(huyen: CompiledSet) -> None:
    # methodology §1.3: 10 / 10 / 14,5 / 11 / 16 / 7 / 16 / 15,5
    assert [a.max for a in huyen.areas] == [Decimal(x) for x in ("10", "10", "14.5", "11", "16", "7", "16", "15.5")]


# -- Cù Lao Dung, quý I/2024 ------------------------------------------------------------------------


def test_plan_completion_7_of_19_earns_nothing(huyen: CompiledSet, cld: UnitResult) -> None:
    # 003:L20 "hoàn thành 07/19 chỉ tiêu, đạt 36,84%": 7 / 19 = 0,368421… → band "dưới 70%" → 0 of 2
    plan = node(cld, "1.1.3")
    assert plan.status is Status.SCORED
    assert close(plan.value, Fraction(7, 19))
    assert plan.matched == "dưới 70%"
    assert plan.points == 0 and plan.max == 2
    sentence = Explainer(huyen).sentence(plan)
    assert "7 / 19 = 36,84%" in sentence
    assert "dưới 70%" in sentence
    assert sentence.startswith("1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm")


def test_electronic_documents_1801_of_2328(huyen: CompiledSet, cld: UnitResult) -> None:
    # 003:L76: 1.801 / 2.328 = 0,773625… = 77,36% → band "từ 70% đến dưới 80%" → 1 of 2
    electronic = node(cld, "7.2.1")
    assert close(electronic.value, Fraction(1801, 2328))
    assert electronic.matched == "từ 70% đến dưới 80%"
    assert electronic.points == 1
    sentence = Explainer(huyen).sentence(electronic)
    assert "1.801 / 2.328 = 77,36%" in sentence and "từ 70% đến dưới 80%" in sentence
    # ký số, proportional: 1.635 / 2.328 × 2 = 3.270 / 2.328 = 1,404639… points (shown 1,4)
    signed = node(cld, "7.2.2")
    assert close(signed.points, Fraction(1635 * 2, 2328))
    assert "1.635 / 2.328 = 70,23%" in Explainer(huyen).sentence(signed)


def test_reported_signature_rate_70_23_passes_the_check(cld: UnitResult) -> None:
    # The report prints "70/23%"; the unit file records 70.23 → 0,7023. From the counts,
    # 1635 / 2328 = 0,70231958…; |0,7023 − 0,70231958| = 0,0000196 ≤ 0,0001 → no finding.
    assert [f.id for f in cld.findings] == []
    assert cld.is_valid
    code, out, err = run("score", "--criteria", HUYEN, SEED, "--explain")
    assert code == 0, err
    assert err == ""
    assert "70/23" not in out + err  # the typo is never repeated
    assert "70,23%" in out


@pytest.mark.parametrize(("written", "flagged"), [("70.23", False), ("70.24", False), ("70.25", True),
                                                   ("72.03", True)])
def test_reported_signature_rate_tolerance(huyen: CompiledSet, tmp_path: Path, written: str, flagged: bool) -> None:
    # 0,7024 − 0,70231958 = 0,0000804 ≤ 0,0001 (kept); 0,7025 − 0,70231958 = 0,0001804 > 0,0001 (flagged);
    # 0,7203 − 0,70231958 = 0,0180 (a digit swap, flagged).
    text = SEED.read_text(encoding="utf-8")
    assert "ty_le_ky_so_bao_cao: 70.23\n" in text
    path = tmp_path / "cld.yaml"
    path.write_text(text.replace("ty_le_ky_so_bao_cao: 70.23\n", f"ty_le_ky_so_bao_cao: {written}\n"),
                    encoding="utf-8")
    result = score(huyen, path)
    ids = [f.id for f in result.findings]
    assert ids == (["ty_le_ky_so_khop"] if flagged else [])
    if flagged:
        [finding] = result.findings
        line = 1 + text.splitlines().index(f"  ty_le_ky_so_bao_cao: {written}".replace(written, "70.23"))
        assert finding.line == line
        assert finding.severity == "warning"
        code, _out, err = run("score", "--criteria", HUYEN, path)
        assert code == 0  # a warning, the unit is still scored
        assert f"{path}:{line}: [warning]" in err and "ty_le_ky_so_bao_cao" in err


def test_dossiers(cld: UnitResult) -> None:
    # 003:L42: 1.125 settled, 1 late → (1125 − 1) / 1125 = 99,91% → "từ 98% đến dưới 100%" → 1,5 of 2
    on_time = node(cld, "3.3.1")
    assert close(on_time.value, Fraction(1124, 1125))
    assert on_time.points == Decimal("1.5")
    # one late dossier: 1 − 1 × 0,25 = 0,75
    assert node(cld, "3.3.2").points == Decimal("0.75")
    # no apology letter for it (003:L42 "không có phiếu xin lỗi"): 0 / 1 × 0,5 = 0
    assert node(cld, "3.3.4").points == 0 and node(cld, "3.3.4").status is Status.SCORED
    # early/on-time split not reported → 3.3.3 scores 0 as "chưa kê khai"
    assert node(cld, "3.3.3").status is Status.NO_DATA


def test_not_applicable_where_nothing_happened(cld: UnitResult) -> None:
    # 003:L38 no feedback on TTHC → 3.4.1 does not arise; 003:L26 no legal document issued → 2.1.2 does not arise
    for code in ("3.4.1", "2.1.2"):
        assert node(cld, code).status is Status.NOT_APPLICABLE
        assert node(cld, code).applicable_max == 0
    # no survey results in a unit's own report → every ĐTXHH leaf does not arise
    for code in ("1.5", "2.4", "3.6", "4.4", "5.7", "6.4", "7.6", "8.1.1", "8.1.2", "8.3"):
        assert node(cld, code).status is Status.NOT_APPLICABLE


def test_missing_figures_show_chua_ke_khai(huyen: CompiledSet, cld: UnitResult) -> None:
    reports = node(cld, "1.2.1")
    assert reports.status is Status.NO_DATA
    assert reports.points == 0 and reports.applicable_max == Decimal("0.5")  # counted, not excused
    assert "chưa kê khai 'bao_cao_cchc_dung_han'" in Explainer(huyen).sentence(reports)
    code, out, _err = run("score", "--criteria", HUYEN, SEED, "--explain")
    assert code == 0
    assert "2.1.1 Mức độ ban hành văn bản QPPL so với kế hoạch: 0/2 điểm — chưa kê khai 'vbqppl_phai_ban_hanh'" in out


def test_downsizing_and_news_items(cld: UnitResult) -> None:
    # 003:L52: 1 of 9 → 1/9 × 1,5 = 1/6 point
    assert close(node(cld, "4.2.2").points, Fraction(1, 6))
    # 003:L94: 2 news items × 0,1 = 0,2 of 0,5
    assert node(cld, "1.4.2").points == Decimal("0.2")


def test_total_and_index(cld: UnitResult) -> None:
    # Points (leaf by leaf; all other leaves are 0, "chưa kê khai", or do not arise):
    #   1: 1 (kế hoạch kịp thời) + 0,5 (kế hoạch kiểm tra) + 0,5 (kế hoạch tuyên truyền) + 0,2 (2 tin bài) = 2,2
    #   2: 1 (kế hoạch rà soát VBQPPL) + 1 (công bố hệ thống hóa)                                        = 2
    #   3: 0,5 + 0,5 (2 kế hoạch TTHC) + 1,5 (công khai) + 1,5 (99,91%) + 0,75 (1 trễ hạn) + 0,5 (một cửa) = 5,25
    #   4: 1,5 (tổ chức đúng quy định) + 1/6 (tinh giản 1/9) + 1 (phân cấp)                                = 2,5 + 1/6
    #   5: 0,5 (kế hoạch đào tạo) + 0,5 (kế hoạch chuyển đổi) + 1 (văn hóa công sở) + 1,5 (0 phản ánh)    = 3,5
    #   6: 1 (quy chế chi tiêu và công khai) + 1,5 (31/31 đơn vị tự chủ)                                   = 2,5
    #   7: 1 (kế hoạch CNTT) + 1 (77,36%) + 1635/1164 (ký số) + 1 + 1 (ISO) + 1 (trang TTĐT) = 5 + 1635/1164
    #   8: 0
    #   sum = 22,95 + 1/6 + 1635/1164 = 24,5213…
    # Applicable max: 100 − 30,5 (ĐTXHH) − 1 (2.1.2) − 1,5 (3.4.1) = 67
    # Index = 24,5213… / 67 = 36,60% → Yếu (< 55%)
    points = Fraction(2295, 100) + Fraction(1, 6) + Fraction(1635, 1164)
    assert cld.applicable_max == 67
    assert close(cld.total, points)
    assert close(cld.index, points / 67)
    assert cld.rating == "Yếu"
    code, out, _err = run("score", "--criteria", HUYEN, SEED)
    assert code == 0
    assert "Chỉ số: 36,60%" in out and "Xếp loại: Yếu" in out


# -- the fictional cohorts ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "path", "minimum"), [("cohort_huyen", HUYEN, 10), ("cohort_xa", XA, 30)])
def test_cohort_generators_are_consistent_and_tie(tmp_path: Path, name: str, path: Path, minimum: int) -> None:
    units = sample_script(name).generate(random.Random(f"test-{name}"))
    assert units == sample_script(name).generate(random.Random(f"test-{name}"))  # rng is the only randomness
    assert len(units) >= minimum
    criteria = load_criteria(path)
    files = []
    for unit in units:
        assert "(hư cấu)" in unit["unit_name"]
        files.append(write_yaml(tmp_path / f"{unit['unit_id']}.yaml", unit))
    results = score_units(criteria, [load_unit(f, criteria) for f in files])
    assert all(r.findings == [] and r.problems == [] for r in results)  # every consistency check holds
    [group] = rank(criteria, results)
    ranks = [r.rank for r in group.units]
    assert len(set(ranks)) < len(ranks)  # at least one exact tie
    assert group.units[0].index == group.units[1].index == 1  # the two perfect units
    statuses = {n.status for r in results for n in r.nodes()}
    assert {Status.NOT_APPLICABLE, Status.NO_DATA} <= statuses
    assert {r.rating for r in results} >= {"Xuất sắc", "Yếu"}
