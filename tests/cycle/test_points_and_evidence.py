"""Points a person enters (judged leaves), an appraiser's points on any leaf, the source of every
leaf's points, and evidence (tài liệu kiểm chứng). Expectations are worked out by hand.

The set is tests/cycle/data/bo-tieu-chi-thu.yaml. The unit so-a (UNIT below) gives itself 0,75 on
1.1 (judged, evidence required); 1.2 is 40 / 50 = 80% × 2 = 1,6 (evidence recommended); 2.1 is
relative, alone in its group 10 / 10 × 4 = 4; 3.1 (survey) has no answers: không phát sinh, so
the unit scores 0,75 + 1,6 + 4 = 6,35 of 7 applicable points.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from conftest import run
from engine.differential import assert_same

from parindex.core.codes import Code
from parindex.core.errors import Severity
from parindex.engine.batch import needs_reference, score_units
from parindex.engine.trees import ReferenceTree
from parindex.intake.entries import ROUND1, ROUND2, SELF, Correction, Entered
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData, load_unit
from parindex.reports.model import score_report
from parindex.reports.registry import write
from parindex.reports.sentences import Explainer
from parindex.results.scorecard import NodeResult, Status, UnitResult

ROOT = Path(__file__).resolve().parent.parent.parent
SET = Path(__file__).parent / "data" / "bo-tieu-chi-thu.yaml"
CRITERIA = load_criteria(SET)
EXPLAIN = Explainer(CRITERIA)

UNIT = """\
unit_id: so-a
unit_name: Sở A (hư cấu)
unit_kind: so
period: Năm 2025
submitted: 2026-01-12
indicators:
  ho_so: 50
  ho_so_dung_han: 40
  dvc: 10
points:
  "1.1": 0.75
evidence:
  "1.1": {doc: 02/KH-SA, date: 2025-01-10}
  ho_so_dung_han: {doc: 15/BC-SA, date: 2025-12-15, note: Báo cáo kết quả giải quyết TTHC}
"""
POINTS_LINE = 11  # the line of `"1.1": 0.75`


def unit_file(tmp_path: Path, *changes: tuple[str, str], name: str = "so-a.yaml") -> Path:
    text = UNIT
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def score(*units: UnitData) -> list[UnitResult]:
    return score_units(CRITERIA, list(units))


def leaf(result: UnitResult, code: str) -> NodeResult:
    return next(n for n in result.nodes() if n.code == code)


def decision(points: str, stage: str = ROUND1, reason: str | None = None) -> Entered:
    return Entered(Decimal(points), stage, reason, by="Tổ thẩm định số 1")


# -- judged leaves: points from the unit file -----------------------------------------------------


def test_self_given_points_on_the_step(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    assert unit.entered["1.1"].points == Decimal("0.75") and unit.entered["1.1"].round == SELF
    assert unit.entered["1.1"].line == POINTS_LINE
    assert unit.submitted == dt.date(2026, 1, 12)
    (result,) = score(unit)
    judged = leaf(result, "1.1")
    assert (judged.points, judged.status, judged.source) == (Decimal("0.75"), Status.SCORED, "tự đánh giá chấm")
    assert EXPLAIN.sentence(judged) == ("1.1 Chất lượng lãnh đạo, chỉ đạo công tác CCHC: 0,75/1 điểm — điểm do tự "
                                        "đánh giá chấm: 0,75/1.")
    assert (result.total, result.applicable_max) == (Decimal("6.35"), Decimal(7))  # 0,75 + 1,6 + 4


def test_no_points_entered_is_no_data(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path, ('points:\n  "1.1": 0.75\n', "")), CRITERIA)
    (result,) = score(unit)
    judged = leaf(result, "1.1")
    assert (judged.points, judged.status, judged.applicable_max) == (Decimal(0), Status.NO_DATA, Decimal(1))
    assert judged.source == "chưa có điểm chấm"
    assert "chưa có điểm chấm" in EXPLAIN.sentence(judged)
    assert result.is_valid  # no points claimed: no evidence needed
    assert (result.total, result.applicable_max) == (Decimal("5.6"), Decimal(7))  # 1,6 + 4 of 7 = 80%


def _refused(tmp_path: Path, written: str, words: str, column: int = 3) -> None:
    path = unit_file(tmp_path, ('  "1.1": 0.75', f'  "1.1": {written}'))
    code, out, err = run("score", "--criteria", SET, path)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert f"{path}:{POINTS_LINE}:{column}: [error] {words}" in err, err


def test_points_off_the_step_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "0.3", "mục 1.1: điểm 0,3 không phải bội số của bước 0,25; hãy ghi 0,25 hoặc 0,5")


def test_points_above_max_or_below_zero_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "1.25", "mục 1.1: điểm 1,25 vượt điểm tối đa 1")
    _refused(tmp_path, "-0.25", "mục 1.1: điểm -0,25 không được âm (từ 0 đến 1)")


def test_points_written_wrong_are_refused(tmp_path: Path) -> None:
    _refused(tmp_path, '"0,75"', "điểm của mục 1.1: '0,75' dùng dấu phẩy thập phân; trong tệp YAML hãy viết dấu chấm")
    _refused(tmp_path, "true", "điểm của mục 1.1 cần một số (ví dụ 0.75), nhận giá trị đúng/sai 'true'")


def test_points_for_an_unknown_or_computed_leaf_are_refused(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ('  "1.1": 0.75', '  "1.1": 0.75\n  "1.3": 0.5\n  "1.2": 1\n  "1": 1'))
    code, out, err = run("score", "--criteria", SET, path)
    assert (code, out) == (1, "")
    assert f"{path}:12:3: [error] mục '1.3' không có trong bộ tiêu chí 'thu-chien-dich-2025'; có phải là '1.1'?" in err
    assert (f"{path}:13:3: [error] mục 1.2 (Hồ sơ giải quyết đúng hạn) được tính theo quy tắc 'proportional' từ số "
            "liệu; chỉ ghi điểm tự chấm dưới 'points:' cho mục chấm theo đánh giá (kind: judged) (trong bộ tiêu chí "
            "này: 1.1)") in err
    assert f"{path}:14:3: [error] mục 1 (Chỉ đạo, điều hành) có các mục con;" in err


def test_a_step_that_does_not_divide_the_max_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(SET.read_text(encoding="utf-8").replace("rule: {kind: judged}", "rule: {kind: judged, step: 0.3}"),
                    encoding="utf-8")
    code, _, err = run("check", path)
    assert code == 1
    assert ("mục 1.1: bước chấm 0,3 không chia hết điểm tối đa 1; hãy chọn bước sao cho điểm tối đa là bội số của nó "
            "(ví dụ 0.25 hoặc 0.5)") in err


# -- an appraiser's points ------------------------------------------------------------------------------


def test_points_a_round_entered_on_a_judged_leaf(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    appraised = replace(unit, entered={"1.1": decision("0.5", reason="Kế hoạch ban hành chậm")})
    (result,) = score(appraised)
    judged = leaf(result, "1.1")
    assert (judged.points, judged.source) == (Decimal("0.5"), "thẩm định vòng 1 chấm: Kế hoạch ban hành chậm")
    assert EXPLAIN.sentence(judged).endswith("— điểm do thẩm định vòng 1 (Tổ thẩm định số 1) chấm: 0,5/1 (Kế hoạch "
                                             "ban hành chậm).")
    assert result.total == Decimal("6.1")  # 0,5 + 1,6 + 4


def test_an_override_on_a_computed_leaf(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    reason = "Báo cáo 15/BC-SA ghi 35 hồ sơ đúng hạn"
    (result,) = score(replace(unit, overrides={"1.2": decision("1", reason=reason)}))
    computed = leaf(result, "1.2")
    # the rule gives 40 / 50 × 2 = 1,6; the appraiser's 1 is what counts
    assert (computed.points, computed.status, computed.source) == (Decimal(1), Status.SCORED,
                                                                   f"thẩm định vòng 1 chấm: {reason}")
    assert computed.rule_result is not None and computed.rule_result.points == Decimal("1.6")
    assert EXPLAIN.sentence(computed) == (
        f"1.2 Hồ sơ giải quyết đúng hạn: 1/2 điểm — thẩm định vòng 1 (Tổ thẩm định số 1) chấm 1 vì {reason}; quy tắc "
        "cho 1,6 (tỷ lệ hồ sơ đúng hạn 40 / 50 = 80,00%; 80,00% × 2 = 1,6 điểm).")
    assert (result.total, result.applicable_max) == (Decimal("5.75"), Decimal(7))  # 0,75 + 1 + 4
    node = json.loads(str(write(score_report(CRITERIA, [result], True), "json")))["units"][0]["areas"][0]["children"][1]
    assert (node["points"], node["rule_points"], node["rule_status"]) == ("1", "1.6", "scored")
    assert (node["entered"]["round"], node["entered"]["by"]) == ("round1", "Tổ thẩm định số 1")


def test_entered_points_survive_the_trip_to_a_worker_and_back(tmp_path: Path) -> None:
    """Results cross processes without the unit file: what a campaign added travels with them."""
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    (result,) = score(replace(unit, overrides={"1.2": decision("1", reason="Đã xác minh")}))
    back = pickle.loads(pickle.dumps(result))
    assert not back.has_trees
    assert [(n.code, n.points, n.source) for n in back.nodes() if n.is_leaf] == [
        ("1.1", Decimal("0.75"), "tự đánh giá chấm"), ("1.2", Decimal(1), "thẩm định vòng 1 chấm: Đã xác minh"),
        ("2.1", Decimal(4), "tính theo quy tắc (số liệu tự đánh giá)"), ("3.1", Decimal(0), "điều tra xã hội học")]


def test_round_two_over_round_one_and_the_json_source(tmp_path: Path) -> None:
    path = unit_file(tmp_path)
    unit = load_unit(path, CRITERIA)
    (result,) = score(replace(unit, overrides={"1.2": decision("2", ROUND2, "Đã giải trình đủ hồ sơ")}))
    assert leaf(result, "1.2").source == "thẩm định vòng 2 chấm: Đã giải trình đủ hồ sơ"
    code, out, err = run("score", "--criteria", SET, path, "--format", "json")
    assert code == 0, err
    areas = json.loads(out)["units"][0]["areas"]
    sources = {n["code"]: n["source"] for a in areas for n in a["children"]}
    assert sources == {"1.1": "tự đánh giá chấm", "1.2": "tính theo quy tắc (số liệu tự đánh giá)",
                       "2.1": "tính theo quy tắc (số liệu tự đánh giá)", "3.1": "điều tra xã hội học"}
    judged = areas[0]["children"][0]
    assert judged["entered"] == {"points": "0.75", "round": "self", "source": "tự đánh giá", "reason": None,
                                 "by": None, "file": str(path), "line": POINTS_LINE,
                                 "evidence": [{"doc": "02/KH-SA", "date": "10/01/2025", "file": None, "link": None,
                                               "note": None}]}


def test_an_overridden_relative_leaf_sets_no_best(tmp_path: Path) -> None:
    a = load_unit(unit_file(tmp_path), CRITERIA)
    b = replace(a, unit_id="so-b", values={**a.values, "dvc": Decimal(5)}, entered={}, overrides={})
    plain = {r.unit_id: leaf(r, "2.1").points for r in score(a, b)}
    assert plain == {"so-a": Decimal(4), "so-b": Decimal(2)}  # best 10: 10/10 × 4, 5/10 × 4
    decided = score(replace(a, overrides={"2.1": decision("1", reason="Số liệu DVC chưa được xác minh")}), b)
    # so-a's 10 is not taken: the best is so-b's 5, which earns 5/5 × 4 = 4; so-a keeps the appraiser's 1
    assert {r.unit_id: leaf(r, "2.1").points for r in decided} == {"so-a": Decimal(1), "so-b": Decimal(4)}
    assert EXPLAIN.sentence(leaf(decided[0], "2.1")) == (
        "2.1 Dịch vụ công trực tuyến toàn trình: 1/4 điểm — thẩm định vòng 1 (Tổ thẩm định số 1) chấm 1 vì Số liệu DVC "
        "chưa được xác minh; không chấm theo tỷ lệ so với đơn vị cao nhất trong nhóm (số dịch vụ công trực tuyến "
        "toàn trình: 10).")


def test_an_override_on_a_leaf_whose_figures_fail(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ("  ho_so: 50", "  ho_so: 0"))
    unit = load_unit(path, CRITERIA)
    (plain,) = score(unit)
    assert not plain.is_valid  # 0 / 0: 1.2 in error, the unit refused
    (result,) = score(replace(unit, overrides={"1.2": decision("0.5", reason="Không có hồ sơ phát sinh")}))
    assert result.is_valid
    assert leaf(result, "1.2").points == Decimal("0.5")
    (warning,) = [p for p in result.problems if p.code is Code.SCORE_FAILED_OVERRIDDEN]
    assert warning.severity is Severity.WARNING and warning.message.endswith("điểm của mục do thẩm định vòng 1 chấm")


def test_a_corrected_figure_is_named_in_the_source(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    fix = Correction("ho_so_dung_han", Decimal(35), ROUND1, "Báo cáo 15/BC-SA ghi 35 hồ sơ đúng hạn")
    (result,) = score(replace(unit, values={**unit.values, "ho_so_dung_han": Decimal(35)},
                              corrections={"ho_so_dung_han": fix}))
    computed = leaf(result, "1.2")
    assert computed.points == Decimal("1.4")  # 35 / 50 × 2
    assert computed.source == "tính theo quy tắc (số liệu thẩm định vòng 1: Báo cáo 15/BC-SA ghi 35 hồ sơ đúng hạn)"
    assert EXPLAIN.sentence(computed).endswith("35 / 50 = 70,00%; 70,00% × 2 = 1,4 điểm; tính theo quy tắc (số liệu "
                                               "thẩm định vòng 1: Báo cáo 15/BC-SA ghi 35 hồ sơ đúng hạn).")
    assert leaf(result, "2.1").source == "tính theo quy tắc (số liệu tự đánh giá)"  # reads dvc, not corrected


# -- evidence -------------------------------------------------------------------------------------------------


def test_required_evidence_missing_refuses_the_unit(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ('  "1.1": {doc: 02/KH-SA, date: 2025-01-10}\n', ""))
    code, out, err = run("score", "--criteria", SET, path)
    assert (code, out) == (1, "")
    assert (f"{path}:{POINTS_LINE}: [error] mục 1.1 (Chất lượng lãnh đạo, chỉ đạo công tác CCHC) được 0,75 điểm "
            "nhưng không có tài liệu kiểm chứng; bộ tiêu chí yêu cầu có tài liệu kiểm chứng cho mục này — hãy ghi "
            "dưới 'evidence:' theo mã \"1.1\"") in err


def test_recommended_evidence_missing_is_a_warning(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ("  ho_so_dung_han: {doc: 15/BC-SA, date: 2025-12-15, note: Báo cáo kết quả giải "
                                "quyết TTHC}\n", ""))
    code, out, err = run("score", "--criteria", SET, path)
    assert code == 0, err
    assert "Tổng điểm: 6,35/7" in out
    # the line of the first figure 1.2 reads: ho_so_dung_han (through ty_le_dung_han) on line 8
    assert (f"{path}:8: [warning] mục 1.2 (Hồ sơ giải quyết đúng hạn) được 1,6 điểm nhưng không có tài liệu kiểm "
            "chứng; bộ tiêu chí khuyến nghị có tài liệu kiểm chứng cho mục này — hãy ghi dưới 'evidence:' theo mã "
            "\"1.2\" hoặc dưới một chỉ số mục này đọc (ty_le_dung_han, ho_so_dung_han, ho_so)") in err


def test_evidence_under_a_derived_value_meets_the_requirement(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ("  ho_so_dung_han: {doc:", "  ty_le_dung_han: {doc:"))
    code, _, err = run("score", "--criteria", SET, path)
    assert code == 0 and "[warning]" not in err, err


def test_points_an_appraiser_set_need_no_evidence_from_the_unit(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path, ('  "1.1": {doc: 02/KH-SA, date: 2025-01-10}\n', "")), CRITERIA)
    (result,) = score(replace(unit, entered={"1.1": decision("0.75", reason="Đạt")}))
    assert result.is_valid


def test_bad_evidence_entries(tmp_path: Path) -> None:
    path = unit_file(tmp_path, ("evidence:\n", "evidence:\n"
                                "  ho_so: {note: chỉ có ghi chú}\n"              # 13: no doc, file or link
                                "  ho_so_sai: {doc: 1/BC}\n"                     # 14: no such name
                                "  dvc: [{doc: 2/BC, so: 3}]\n"                  # 15: no field 'so'
                                "  \"2.1\": {doc: 3/BC, date: 31/02/2025}\n"),   # 16: no 31 February
                         ("submitted: 2026-01-12", "submitted: 12/13/2026"))     # 5: no month 13
    code, out, err = run("score", "--criteria", SET, path)
    assert (code, out) == (1, "")
    lines = [line for line in err.splitlines() if "[error]" in line]
    assert lines[0].startswith(f"{path}:5:")
    assert "'submitted' (ngày gửi): '12/13/2026' không phải ngày hợp lệ" in lines[0]
    assert lines[1].startswith(f"{path}:13:") and ("tài liệu kiểm chứng của 'ho_so' cần ít nhất một trong: doc "
                                                   "(số, ký hiệu văn bản), file (tên tệp), link") in lines[1]
    assert lines[2].startswith(f"{path}:14:") and ("tài liệu kiểm chứng ghi cho 'ho_so_sai', không phải chỉ số hay "
                                                   "mã mục của bộ tiêu chí; có phải là 'ho_so'?") in lines[2]
    assert lines[3].startswith(f"{path}:15:") and "trường 'so' không có trong tài liệu kiểm chứng" in lines[3]
    assert lines[4].startswith(f"{path}:16:") and "ngày của tài liệu kiểm chứng: '31/02/2025'" in lines[4]
    assert len(lines) == 5


# -- which evaluator ------------------------------------------------------------------------------------------


def test_entered_points_go_to_the_reference_and_plain_units_stay_fast() -> None:
    """docs/examples/all-rules.yaml has a judged leaf (T.2) and a survey leaf (2.3): unit-a, with
    neither, stays on the fast path (chưa kê khai, không phát sinh there too); with points on T.2 it
    is scored by the reference, as the two paths agree."""
    criteria = load_criteria(ROOT / "docs" / "examples" / "all-rules.yaml")
    plain = load_unit(ROOT / "docs" / "examples" / "unit-a.yaml", criteria)
    judged = replace(plain, unit_id="so-mau-b", entered={"T.2": Entered(Decimal("0.25"), SELF)})
    assert not needs_reference(criteria, plain) and needs_reference(criteria, judged)
    results = assert_same(criteria, [plain, judged])
    assert [isinstance(r.explanation, ReferenceTree) and r.explanation.fast for r in results] == [True, False]
    # unit-a: 5,3425 of 9 (2.3 and 3.2 không phát sinh, T.2 chưa kê khai); with T.2's 0,25 the bonus
    # block is 0,5 + 0,25 = 0,75 (within its cap of 1): 5,5925
    assert [r.total for r in results] == [Decimal("5.3425"), Decimal("5.5925")]
    assert [leaf(r, "T.2").status for r in results] == [Status.NO_DATA, Status.SCORED]
    assert leaf(results[0], "2.3").status is Status.NOT_APPLICABLE


def test_a_set_asking_for_evidence_is_scored_by_the_reference(tmp_path: Path) -> None:
    unit = load_unit(unit_file(tmp_path, ('points:\n  "1.1": 0.75\n', "")), CRITERIA)
    assert not (unit.entered or unit.overrides or unit.survey)
    assert needs_reference(CRITERIA, unit)  # 1.1 and 1.2 ask for evidence
