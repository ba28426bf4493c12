"""The survey (điều tra xã hội học): answer sheets read and checked (intake.survey), aggregated per
unit and question (cycle.survey), scored into survey leaves (criteria.rules.survey) and through the
command line (`--survey`). Expectations are worked out by hand in the comments.

The set is tests/cycle/data/bo-tieu-chi-thu.yaml: leaf 3.1 (max 3) is fed by Q01 (max 2) and Q02
(max 1); groups nguoi_dan (weight 1) and cong_chuc (weight 0,5); default scale A 100%, B 60%,
C 20%, D 0%. The unit so-a scores 1.1 judged 0,75 + 1.2 40/50 × 2 = 1,6 + 2.1 alone in its
group 4 = 6,35 points outside the survey.
"""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run

from parindex.core.codes import Code
from parindex.core.errors import InputProblems
from parindex.core.numbers import EVAL_CONTEXT
from parindex.cycle.survey import read_sheets, survey_scores
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.survey import read_answers
from parindex.intake.units import load_unit
from parindex.results.scorecard import Status

DATA = Path(__file__).parent / "data"
SET = DATA / "bo-tieu-chi-thu.yaml"
CRITERIA = load_criteria(SET)
HEADER = "respondent,group,unit,question,answer\n"

UNIT = """\
unit_id: so-a
unit_name: Sở A (hư cấu)
unit_kind: so
period: Năm 2025
indicators:
  ho_so: 50
  ho_so_dung_han: 40
  dvc: 10
points:
  "1.1": 0.75
evidence:
  "1.1": {doc: 02/KH-SA, date: 2025-01-10}
  ho_so_dung_han: {doc: 15/BC-SA, date: 2025-12-15}
"""


def rows(unit: str, question: str, answers: dict[str, int], group: str = "nguoi_dan", start: int = 1) -> str:
    """One row per answer: respondents P<start>, P<start+1>…"""
    lines = []
    number = start
    for answer, count in answers.items():
        for _ in range(count):
            lines.append(f"P{number:03},{group},{unit},{question},{answer}\n")
            number += 1
    return "".join(lines)


# 30 A, 10 B, 5 C, 5 D from one group on Q01 (max 2)
WORKED = rows("so-a", "Q01", {"A": 30, "B": 10, "C": 5, "D": 5})
# Q02 (max 1): 3 A and 1 D from nguoi_dan (weight 1), 4 D from cong_chuc (weight 0,5)
WEIGHTED = rows("so-a", "Q02", {"A": 3, "D": 1}) + rows("so-a", "Q02", {"D": 4}, group="cong_chuc", start=5)


def sheet(tmp_path: Path, text: str, name: str = "phieu.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def unit_file(tmp_path: Path) -> Path:
    path = tmp_path / "so-a.yaml"
    path.write_text(UNIT, encoding="utf-8")
    return path


def scored(tmp_path: Path, text: str | None) -> tuple[Decimal, Decimal, Decimal | None, Status, Decimal]:
    """so-a scored with the sheet `text` (None: no survey): 3.1's points, the total, the index,
    3.1's status and the applicable max."""
    unit = load_unit(unit_file(tmp_path), CRITERIA)
    if text is not None:
        answers = read_answers(sheet(tmp_path, HEADER + text), CRITERIA, ["so-a"])
        unit.survey = survey_scores(CRITERIA, answers, ["so-a"])["so-a"]
    (result,) = score_units(CRITERIA, [unit])
    assert result.is_valid, result.problems
    leaf = next(n for n in result.nodes() if n.code == "3.1")
    return leaf.points, result.total, result.index, leaf.status, result.applicable_max


# -- aggregation -----------------------------------------------------------------------------------


def test_the_worked_example_of_the_issue(tmp_path: Path) -> None:
    answers = read_answers(sheet(tmp_path, HEADER + WORKED), CRITERIA, ["so-a"])
    assert len(answers) == 50
    (question,) = survey_scores(CRITERIA, answers, ["so-a"])["so-a"]["3.1"].questions
    # (30×1 + 10×0,6 + 5×0,2 + 5×0) / 50 = 37 / 50 = 0,74; × 2 = 1,48
    assert question.share == Decimal("0.74")
    assert question.share * question.max == Decimal("1.48")
    assert question.respondents == 50
    assert question.answers == (("A", 30), ("B", 10), ("C", 5), ("D", 5))


def test_group_weights(tmp_path: Path) -> None:
    answers = read_answers(sheet(tmp_path, HEADER + WEIGHTED), CRITERIA, ["so-a"])
    (question,) = survey_scores(CRITERIA, answers, ["so-a"])["so-a"]["3.1"].questions
    # Σ w·s = 3×1×1 + 1×1×0 + 4×0,5×0 = 3; Σ w = 4×1 + 4×0,5 = 6; share 3/6 = 0,5 (unweighted: 3/8)
    assert question.share == Decimal("0.5")
    assert question.respondents == 8
    assert question.answers == (("A", 3), ("B", 0), ("C", 0), ("D", 5))


def test_every_unit_asked_for_has_an_entry_and_unanswered_leaves_are_left_out(tmp_path: Path) -> None:
    answers = read_answers(sheet(tmp_path, HEADER + WORKED), CRITERIA, ["so-a", "so-b"])
    scores = survey_scores(CRITERIA, answers, ["so-a", "so-b"])
    assert scores["so-b"] == {}
    assert list(scores["so-a"]) == ["3.1"]


# -- scoring the survey leaf -------------------------------------------------------------------------


def test_all_questions_answered(tmp_path: Path) -> None:
    points, total, index, status, applicable = scored(tmp_path, WORKED + WEIGHTED)
    # Q01 1,48 + Q02 0,5 × 1 = 0,5 → 1,98 of 3 (every question answered: no rescaling)
    assert (points, status) == (Decimal("1.98"), Status.SCORED)
    # 6,35 + 1,98 = 8,33 of 10 → 83,30%
    assert (total, applicable, index) == (Decimal("8.33"), Decimal(10), Decimal("0.833"))


def test_a_question_without_answers_is_rescaled(tmp_path: Path) -> None:
    points, total, _, _, applicable = scored(tmp_path, WORKED)
    # only Q01 answered (max 2): 1,48 × 3 ÷ 2 = 2,22
    assert points == Decimal("2.22")
    assert (total, applicable) == (Decimal("8.57"), Decimal(10))  # 6,35 + 2,22


def test_no_survey_is_not_applicable_and_the_index_is_on_the_rest(tmp_path: Path) -> None:
    points, total, index, status, applicable = scored(tmp_path, None)
    assert (points, status) == (Decimal(0), Status.NOT_APPLICABLE)
    # 6,35 of the 7 points that apply (10 − 3.1's 3) = 90,714…%
    assert (total, applicable) == (Decimal("6.35"), Decimal(7))
    with decimal.localcontext(EVAL_CONTEXT):  # the engine divides at its evaluation precision
        assert index == Decimal("6.35") / Decimal(7)


def test_the_command_line_takes_survey_sheets(tmp_path: Path) -> None:
    first = sheet(tmp_path, HEADER + WORKED, "phieu-1.csv")
    second = sheet(tmp_path, HEADER + WEIGHTED, "phieu-2.csv")
    code, out, err = run("score", "--criteria", SET, unit_file(tmp_path), "--survey", first, "--survey", second,
                         "--explain")
    assert code == 0, err
    assert "Tổng điểm: 8,33/10" in out and "Chỉ số: 83,30%" in out
    assert ("3.1 Hài lòng về công khai TTHC và thái độ phục vụ: 1,98/3 điểm — điều tra xã hội học: Q01 (Mức độ hài "
            "lòng về công khai TTHC): 50 người trả lời (A: 30, B: 10, C: 5, D: 5), tỷ lệ bình quân có trọng số "
            "74,00% × 2 = 1,48 điểm; Q02 (Thái độ của công chức khi hướng dẫn): 8 người trả lời (A: 3, B: 0, C: 0, "
            "D: 5), tỷ lệ bình quân có trọng số 50,00% × 1 = 0,5 điểm.") in out
    code, out, err = run("score", "--criteria", SET, unit_file(tmp_path), "--survey", first, "--format", "json")
    assert code == 0, err
    leaf = json.loads(out)["units"][0]["areas"][2]["children"][0]
    assert (leaf["code"], leaf["points"], leaf["source"]) == ("3.1", "2.22", "điều tra xã hội học")
    assert leaf["survey"] == [{"question": "Q01", "text": "Mức độ hài lòng về công khai TTHC", "max": "2",
                               "share": "0.74", "respondents": 50, "answers": {"A": 30, "B": 10, "C": 5, "D": 5}}]
    assert "quy đổi 1,48 × 3 ÷ 2 = 2,22 điểm" in leaf["explanation"]


def test_the_command_line_without_sheets_leaves_the_survey_not_applicable(tmp_path: Path) -> None:
    code, out, err = run("score", "--criteria", SET, unit_file(tmp_path), "--explain")
    assert code == 0, err
    assert "Tổng điểm: 6,35/7" in out and "Chỉ số: 90,71%" in out  # 6,35 / 7 = 90,714…%
    assert ("3.1 Hài lòng về công khai TTHC và thái độ phục vụ: không phát sinh — (không có phiếu điều tra xã hội học "
            "nào trả lời các câu hỏi của mục này).") in out


# -- bad sheets ----------------------------------------------------------------------------------------

BAD_ROWS = (
    "P1,nguoi_dan,so-a,Q01,A\n"       # 2: fine
    "P1,nguoi_dan,so-a,Q01,B\n"       # 3: P1 answered Q01 for so-a on line 2
    "P2,nguoi_dan,so-x,Q01,A\n"       # 4: unit not in the campaign
    "P3,nguoi_dan,so-a,Q09,A\n"       # 5: no such question
    "P4,nguoi_dan,so-a,Q01,E\n"       # 6: E is not in the scale
    "P5,khach,so-a,Q01,A\n"           # 7: no such group
    "P6,,so-a,Q01,A\n"                # 8: the group is missing
    "P7,nguoi_dan,so-a,Q01,A,thừa\n"  # 9: one cell too many
    "P8,nguoi_dan,so-a\n"             # 10: question and answer missing
)


def test_every_bad_row_is_reported_with_its_line(tmp_path: Path) -> None:
    path = sheet(tmp_path, HEADER + BAD_ROWS)
    with pytest.raises(InputProblems) as caught:
        read_answers(path, CRITERIA, ["so-a"])
    found = [(p.file, p.line, p.code) for p in caught.value.problems]
    assert found == [
        (str(path), 3, Code.SURVEY_DUPLICATE_ANSWER),
        (str(path), 4, Code.SURVEY_UNKNOWN_UNIT),
        (str(path), 5, Code.SURVEY_UNKNOWN_QUESTION),
        (str(path), 6, Code.SURVEY_UNKNOWN_ANSWER),
        (str(path), 7, Code.SURVEY_UNKNOWN_GROUP),
        (str(path), 8, Code.SURVEY_MISSING_CELL),
        (str(path), 9, Code.SURVEY_EXTRA_CELLS),
        (str(path), 10, Code.SURVEY_MISSING_CELL),
    ]
    messages = [p.message for p in caught.value.problems]
    assert messages[0] == ("người trả lời 'P1' đã trả lời câu Q01 cho đơn vị 'so-a' ở dòng 2; mỗi người chỉ trả lời "
                           "mỗi câu một lần")
    assert messages[1] == "đơn vị 'so-x' không có trong chiến dịch; có phải là 'so-a'?"
    assert messages[3] == "câu trả lời 'E' không có trong thang trả lời (A, B, C, D)"
    assert messages[7] == "dòng thiếu ô 'question' (câu hỏi), 'answer' (câu trả lời)"


def test_bad_rows_through_the_command_line_write_nothing(tmp_path: Path) -> None:
    path = sheet(tmp_path, HEADER + BAD_ROWS)
    code, out, err = run("rank", "--criteria", SET, unit_file(tmp_path), "--survey", path)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0] == (f"{path}:3: [error] người trả lời 'P1' đã trả lời câu Q01 cho đơn vị 'so-a' ở dòng 2; mỗi "
                        "người chỉ trả lời mỗi câu một lần")
    # so-x is not refused here: the units are only known once the unit files are read, after the sheets
    assert len([line for line in lines if "[error]" in line]) == 7


def test_a_unit_no_file_declares_is_refused_with_its_line(tmp_path: Path) -> None:
    path = sheet(tmp_path, HEADER + WORKED + "P999,nguoi_dan,so-x,Q01,A\n")
    code, out, err = run("score", "--criteria", SET, unit_file(tmp_path), "--survey", path)
    assert (code, out) == (1, "")
    # the header is line 1, the 50 answers lines 2–51: so-x is on line 52
    assert (f"{path}:52: [error] đơn vị 'so-x' của phiếu điều tra không có trong các tệp số liệu đang chấm; "
            "có phải là 'so-a'?") in err


@pytest.mark.parametrize(("text", "words"), [
    ("nguoi,nhom,don_vi,cau_hoi,tra_loi\n", "thiếu cột 'respondent' (người trả lời); cột không dùng: 'nguoi'"),
    ("respondent,group,unit,question,answer,answer\nP1,nguoi_dan,so-a,Q01,A,A\n", "cột ghi hai lần: 'answer'"),
    ("", "tệp phiếu điều tra trống"),
])
def test_a_bad_header_is_refused_at_line_1(tmp_path: Path, text: str, words: str) -> None:
    path = sheet(tmp_path, text)
    with pytest.raises(InputProblems) as caught:
        read_answers(path, CRITERIA, ["so-a"])
    (problem,) = caught.value.problems
    assert problem.code is Code.SURVEY_BAD_HEADER and words in problem.message
    assert problem.line == (1 if text else None)


def test_a_sheet_without_answers_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputProblems) as caught:
        read_answers(sheet(tmp_path, HEADER), CRITERIA, ["so-a"])
    assert [p.code for p in caught.value.problems] == [Code.SURVEY_NO_ANSWERS]


def test_an_unclosed_quote_is_refused_at_its_line(tmp_path: Path) -> None:
    path = sheet(tmp_path, HEADER + "P1,nguoi_dan,so-a,Q01,A\nP2,\"nguoi_dan,so-a,Q01,A\n")
    with pytest.raises(InputProblems) as caught:
        read_answers(path, CRITERIA, ["so-a"])
    assert [(p.line, p.code) for p in caught.value.problems] == [(3, Code.SURVEY_CSV_SYNTAX)]


def test_a_set_without_survey_reads_no_sheet(tmp_path: Path) -> None:
    other = load_criteria(Path(__file__).parent.parent / "cases" / "rules-criteria.yaml")
    with pytest.raises(InputProblems) as caught:
        read_answers(sheet(tmp_path, HEADER + WORKED), other, None)
    assert [p.code for p in caught.value.problems] == [Code.SURVEY_NO_SURVEY]


def test_the_same_answer_in_two_sheets_is_refused(tmp_path: Path) -> None:
    first = sheet(tmp_path, HEADER + WORKED, "phieu-1.csv")
    second = sheet(tmp_path, HEADER + "P007,nguoi_dan,so-a,Q01,B\n", "phieu-2.csv")
    with pytest.raises(InputProblems) as caught:
        read_sheets(CRITERIA, [first, second], ["so-a"])
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.code) == (str(second), 2, Code.SURVEY_DUPLICATE_ANSWER)
    assert f"ở {first}:8" in problem.message  # P007 is the 7th answer: line 8 of the first sheet


def test_vietnamese_columns_semicolons_a_bom_and_loose_spelling(tmp_path: Path) -> None:
    text = ("\ufeffNgười trả lời;Nhóm;Đơn vị;Câu hỏi;Trả lời\r\n"
            "P1;Công chức;so-a;q01;a\r\n"          # the group by its name, question and answer in lower case
            "P2;nguoi_dan;so-a;Q01;C\r\n")
    answers = read_answers(sheet(tmp_path, text), CRITERIA, ["so-a"])
    assert [(a.respondent, a.group, a.question, a.answer, a.line) for a in answers] == [
        ("P1", "cong_chuc", "Q01", "A", 2), ("P2", "nguoi_dan", "Q01", "C", 3)]
    (question,) = survey_scores(CRITERIA, answers, ["so-a"])["so-a"]["3.1"].questions
    # (0,5 × 1 + 1 × 0,2) / (0,5 + 1) = 0,7 / 1,5 = 0,4666…
    with decimal.localcontext(EVAL_CONTEXT):
        assert question.share == Decimal("0.7") / Decimal("1.5")


def test_set_checks_of_the_survey_section(tmp_path: Path) -> None:
    text = SET.read_text(encoding="utf-8")
    text = text.replace("Q02: {text: Thái độ của công chức khi hướng dẫn, node: \"3.1\", max: 1}",
                        "Q02: {text: Thái độ của công chức khi hướng dẫn, node: \"1.2\", max: 1}")
    text = text.replace("cong_chuc: {name: Công chức, weight: 0.5}", "cong_chuc: {name: Công chức, weight: 0}")
    text = text.replace("  groups:\n", "  scale: {A: 100%, B: 120%}\n  groups:\n")
    path = tmp_path / "set.yaml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run("check", path)
    assert code == 1
    assert "câu trả lời 'B' của thang điều tra được 1,2; phải từ 0% đến 100%" in err
    assert "trọng số của nhóm 'cong_chuc' (Công chức) phải lớn hơn 0, nhận 0" in err
    assert ("câu hỏi 'Q02' ghi node: \"1.2\", nhưng mục đó chấm theo quy tắc 'proportional', không phải mục chấm theo "
            "điều tra") in err
    # 3.1 is left with Q01 only: 2 ≠ 3
    assert "điểm tối đa của mục 3.1 (3) khác tổng điểm các câu hỏi điều tra của nó (Q01 2 = 2)" in err


def test_a_survey_leaf_needs_the_survey_section(tmp_path: Path) -> None:
    text = SET.read_text(encoding="utf-8")
    path = tmp_path / "set.yaml"
    path.write_text(text[: text.index("\nsurvey:\n")], encoding="utf-8")
    code, _, err = run("check", path)
    assert code == 1
    assert "mục 3.1 chấm theo điều tra xã hội học nhưng bộ tiêu chí không có phần 'survey:'" in err
