"""Rounds overlaid on a unit's input, on the shipped example campaign (examples/chien-dich-2025, set
bo-tieu-chi.yaml): each round's points worked by hand from its files, where each leaf's final
points came from, and no earlier round changed by a later one.

The set, as far as these tests read it:
- 1.1 yes_no (2 points if `ke_hoach_kip_thoi`), 1.2 judged (max 2, step 0,25);
- 2.1 bands on ty_le_dung_han = ho_so_dung_han / ho_so_tiep_nhan: from 95% → 4, 85–95% → 3,
  70–85% → 2, below 70% → 0;
- 2.2 relative on ty_le_truc_tuyen (÷ the best of the unit's ranking group × 4);
- 3.1 survey (Q1 and Q2, 2 points each; groups nguoi_dan weight 1, cong_chuc weight 0,5).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parindex.app.campaign_files import read_campaign
from parindex.cycle.rounds import FINAL, CampaignRounds, score_round
from parindex.intake.campaign import ROUND1, ROUND2, SELF
from parindex.results.scorecard import NodeResult, Status, UnitResult

from .campaigns import EXAMPLE, edit, example_copy


def _result(rounds: CampaignRounds, stage: str, unit_id: str) -> UnitResult:
    for group in score_round(rounds, stage):
        found = group.result(unit_id)
        if found is not None:
            return found
    raise AssertionError(unit_id)


def _leaf(result: UnitResult, code: str) -> NodeResult:
    return next(n for n in result.nodes() if n.code == code)


@pytest.fixture(scope="module")
def rounds() -> CampaignRounds:
    return read_campaign(EXAMPLE)


def test_a_corrected_indicator_recomputes_the_band_rule(rounds: CampaignRounds) -> None:
    # phuong-an-hoa: 200 dossiers received.
    # self:    196 on time → 196/200 = 98% → band "from 95%" → 4
    # round 1: corrected to 180 → 180/200 = 90% → band "85% to below 95%" → 3
    # round 2: corrected to 190 → 190/200 = 95% → "from 95%" includes 95% → 4
    expected = {SELF: Decimal(4), ROUND1: Decimal(3), ROUND2: Decimal(4)}
    for stage, points in expected.items():
        leaf = _leaf(_result(rounds, stage, "phuong-an-hoa"), "2.1")
        assert leaf.points == points, stage
    # The unit total follows: self 2 + 1,75 + 4 + 4 + 2 (survey) = 13,75; round 1 one point less = 12,75.
    assert _result(rounds, SELF, "phuong-an-hoa").total == Decimal("13.75")
    assert _result(rounds, ROUND1, "phuong-an-hoa").total == Decimal("12.75")
    assert _result(rounds, ROUND2, "phuong-an-hoa").total == Decimal("13.75")


def test_points_set_by_an_appraiser_override_a_computed_leaf(rounds: CampaignRounds) -> None:
    # xa-hoa-lac: 108/120 = 90% → the band rule gives 3; round 1 sets 2.1 to 2 points.
    self_leaf = _leaf(_result(rounds, SELF, "xa-hoa-lac"), "2.1")
    final = _leaf(_result(rounds, FINAL, "xa-hoa-lac"), "2.1")
    assert self_leaf.points == Decimal(3)
    assert final.points == Decimal(2)
    assert final.status is Status.SCORED
    assert final.source == ("thẩm định vòng 1 chấm: 12 hồ sơ được tính đúng hạn nhưng không có phiếu kiểm soát "
                            "quá trình giải quyết")
    # Total: 2 + 1,5 + 2 + 2 (25% ÷ 50% × 4) + 2,4 (survey, all B: 0,6 × 4) = 9,9 (self: 10,9).
    assert _result(rounds, FINAL, "xa-hoa-lac").total == Decimal("9.9")
    assert _result(rounds, SELF, "xa-hoa-lac").total == Decimal("10.9")


def test_points_entered_on_a_judged_leaf_replace_the_units_own(rounds: CampaignRounds) -> None:
    # phuong-binh-minh gave itself 2 on the judged leaf 1.2; round 1 sets 1,5.
    assert _leaf(_result(rounds, SELF, "phuong-binh-minh"), "1.2").points == Decimal(2)
    assert _leaf(_result(rounds, ROUND1, "phuong-binh-minh"), "1.2").points == Decimal("1.5")


def test_round_2_decides_over_round_1(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    # Round 2 also sets the judged leaf 1.2 of phuong-an-hoa, which round 1 left at the unit's 1,75.
    edit(folder / "tham-dinh-2" / "phuong-an-hoa.yaml", "changes:\n",
         "changes:\n  - node: \"1.2\"\n    points: 1.25\n    reason: Chỉ đạo chưa kịp thời (HƯ CẤU)\n")
    rounds = read_campaign(folder)
    final = _result(rounds, FINAL, "phuong-an-hoa")
    # 2.1 = 4 (round 2's 190 over round 1's 180); 1.2 = 1,25 (round 2 over the unit's 1,75).
    assert _leaf(final, "2.1").points == Decimal(4)
    assert _leaf(final, "1.2").points == Decimal("1.25")
    assert _leaf(final, "1.2").source == "thẩm định vòng 2 chấm: Chỉ đạo chưa kịp thời (HƯ CẤU)"
    # Final total: 2 + 1,25 + 4 + 4 + 2 = 13,25.
    assert final.total == Decimal("13.25")


def test_the_final_source_of_each_leaf(rounds: CampaignRounds) -> None:
    final = _result(rounds, FINAL, "phuong-an-hoa")
    sources = {n.code: n.source for n in final.nodes() if n.is_leaf}
    assert sources == {
        "1.1": "tính theo quy tắc (số liệu tự đánh giá)",
        "1.2": "tự đánh giá chấm",
        # round 2's correction of ho_so_dung_han replaced round 1's: its reason is the one given
        "2.1": "tính theo quy tắc (số liệu thẩm định vòng 2: Chấp nhận giải trình 40/BC-UBND — 10 hồ sơ có "
               "phiếu kiểm soát đúng hạn)",
        "2.2": "tính theo quy tắc (số liệu tự đánh giá)",
        "3.1": "điều tra xã hội học",
    }


def test_a_round_never_changes_an_earlier_one(rounds: CampaignRounds) -> None:
    record = rounds.find("phuong-an-hoa")
    assert record is not None and record.self_unit is not None
    before = dict(record.self_unit.values)
    round1 = record.as_of(ROUND1)
    round2 = record.as_of(ROUND2)
    assert round1 is not None and round2 is not None
    assert record.self_unit.values == before
    assert record.self_unit.values["ho_so_dung_han"] == Decimal(196)
    assert round1.values["ho_so_dung_han"] == Decimal(180)
    assert round2.values["ho_so_dung_han"] == Decimal(190)
    assert record.self_unit.corrections == {}
    assert round1.corrections["ho_so_dung_han"].round == ROUND1
    assert round2.corrections["ho_so_dung_han"].round == ROUND2
    assert record.as_of(FINAL) is not None


def test_the_survey_counts_in_every_round(rounds: CampaignRounds) -> None:
    # phuong-an-hoa, two nguoi_dan (weight 1) and one cong_chuc (weight 0,5) answered:
    # Q1 B, B, B: (0,6 + 0,6 + 0,5 × 0,6) / 2,5 = 1,5 / 2,5 = 0,6 → 0,6 × 2 = 1,2
    # Q2 A, D, D: (1 + 0 + 0,5 × 0) / 2,5 = 0,4 → 0,4 × 2 = 0,8;  3.1 = 1,2 + 0,8 = 2
    for stage in (SELF, ROUND1, ROUND2):
        assert _leaf(_result(rounds, stage, "phuong-an-hoa"), "3.1").points == Decimal(2)
    # xa-kim-long has no answer: 3.1 is không phát sinh, its 4 points leave the denominator.
    kim_long = _result(rounds, FINAL, "xa-kim-long")
    assert _leaf(kim_long, "3.1").status is Status.NOT_APPLICABLE
    assert kim_long.applicable_max == Decimal(12)
