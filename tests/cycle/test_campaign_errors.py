"""Bad campaign input: each gets one Vietnamese line with file:line, exit 1, no traceback, and
nothing is written (`--output` is not created). Each case breaks one thing in a copy of the shipped
example campaign (examples/chien-dich-2025) and ranks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run

from .campaigns import edit, error_lines, example_copy, write

ROUND1_HEAD = """unit_id: {unit}
round: 1
appraiser: Tổ kiểm thử
submitted: 2026-02-06
changes:
"""


def _rank_fails(folder: Path, tmp_path: Path) -> str:
    """Rank the campaign into a file: exit 1, nothing written; the single error line."""
    output = tmp_path / "xep-hang.md"
    code, out, err = run("rank", "--campaign", folder, "--format", "markdown", "--output", output)
    assert code == 1, err
    assert out == ""
    assert not output.exists()
    assert "Traceback" not in err
    errors = error_lines(err)
    assert len(errors) == 1, err
    return errors[0]


def _change(folder: Path, unit: str, change: str) -> Path:
    """Replace the unit's round-1 sheet by one with this single change (YAML lines, indented)."""
    return write(folder / "tham-dinh-1" / f"{unit}.yaml", ROUND1_HEAD.format(unit=unit) + change)


@pytest.mark.parametrize(("change", "line", "message"), [
    # line 6 is the change's first line, 7 its second (the header takes five)
    ("  - indicator: ho_so_dung_hn\n    value: 100\n    reason: sai\n", 6,
     "chỉ số 'ho_so_dung_hn' không có trong bộ tiêu chí 'vd-xa-2025'"),
    ("  - node: \"2.9\"\n    points: 1\n    reason: sai\n", 6, "mục '2.9' không có trong bộ tiêu chí 'vd-xa-2025'"),
    ("  - node: \"2\"\n    points: 1\n    reason: sai\n", 6, "mục 2 (Cải cách thủ tục hành chính) có các mục con"),
    ("  - node: \"1.2\"\n    points: 2.5\n    reason: sai\n", 7, "mục 1.2: điểm 2,5 vượt điểm tối đa 2"),
    ("  - node: \"2.1\"\n    points: -1\n    reason: sai\n", 7, "mục 2.1: điểm -1 không được âm"),
    # step 0,25: 1,3 lies between 1,25 and 1,5
    ("  - node: \"1.2\"\n    points: 1.3\n    reason: sai\n", 7,
     "mục 1.2: điểm 1,3 không phải bội số của bước 0,25; hãy ghi 1,25 hoặc 1,5"),
    ("  - node: \"1.2\"\n    points: 1\n", 6, "thay đổi của node '1.2' chưa có lý do; mỗi thay đổi phải ghi 'reason'"),
    ("  - indicator: ho_so_dung_han\n    value: 100\n    reason: \"  \"\n", 8, "chưa có lý do"),
    ("  - indicator: ho_so_tiep_nhan\n    value: 0\n    reason: sai\n", 7,
     "'ho_so_tiep_nhan' = 0 nhỏ hơn giá trị tối thiểu 1"),
    ("  - indicator: ke_hoach_kip_thoi\n    value: 3\n    reason: sai\n", 7, "'ke_hoach_kip_thoi' cần true/false"),
    ("  - indicator: ho_so_dung_han\n    node: \"2.1\"\n    value: 1\n    reason: sai\n", 6,
     "mỗi thay đổi cần đúng một trong hai"),
    ("  - node: \"1.2\"\n    points: 1\n    reason: a\n  - node: \"1.2\"\n    points: 1.5\n    reason: b\n", 9,
     "mục 1.2 đã được thay đổi ở dòng 6 của phiếu này"),
    ("  - node: \"1.2\"\n    points: 1\n    reason: a\n    evidence: [{date: 2026-01-01}]\n", 9,
     "tài liệu kiểm chứng cần ít nhất một trong: doc"),
    # an evidence date is a date (shown dd/mm/yyyy in reports), as in unit files
    ("  - node: \"1.2\"\n    points: 1\n    reason: a\n    evidence: [{doc: 1/BC, date: 31/02/2026}]\n", 9,
     "'date' cần một ngày dạng yyyy-mm-dd"),
])
def test_a_bad_change_is_one_located_error(tmp_path: Path, change: str, line: int, message: str) -> None:
    folder = example_copy(tmp_path)
    sheet = _change(folder, "phuong-cat-tuong", change)
    error = _rank_fails(folder, tmp_path)
    assert error.startswith(f"{sheet}:{line}:"), error
    assert message in error


def test_an_appraisal_for_a_unit_not_in_the_campaign(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    sheet = _change(folder, "xa-moi", "  []\n")
    error = _rank_fails(folder, tmp_path)
    assert error == (f"{sheet}:1: [error] đơn vị 'xa-moi' không có trong danh sách 'units' của "
                     f"{folder / 'campaign.yaml'}")


def test_a_sheet_in_the_wrong_rounds_folder(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    sheet = folder / "tham-dinh-1" / "xa-kim-long.yaml"
    edit(sheet, "round: 1", "round: 2")
    error = _rank_fails(folder, tmp_path)
    assert error.startswith(f"{sheet}:3:1: [error] phiếu ghi vòng 2 nhưng nằm trong thư mục của vòng thẩm định 1")


def test_round_2_without_round_1(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    (folder / "tham-dinh-1" / "xa-kim-long.yaml").unlink()
    sheet = write(folder / "tham-dinh-2" / "xa-kim-long.yaml",
                  "unit_id: xa-kim-long\nround: 2\nappraiser: Hội đồng\nchanges: []\n")
    error = _rank_fails(folder, tmp_path)
    assert error == (f"{sheet}:2: [error] có phiếu thẩm định vòng 2 của đơn vị 'xa-kim-long' nhưng chưa có phiếu "
                     "vòng 1 trong tham-dinh-1/; vòng 2 thẩm định trên kết quả vòng 1")


def test_two_sheets_of_one_unit_in_a_round(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    second = write(folder / "tham-dinh-1" / "zz-ban-sao.yaml", ROUND1_HEAD.format(unit="xa-kim-long") + "  []\n")
    error = _rank_fails(folder, tmp_path)
    assert error.startswith(f"{second}:1: [error] đơn vị 'xa-kim-long' đã có phiếu ")


def test_a_late_file_is_a_warning_by_default(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    # xa-hoa-lac sent its self-assessment on 17/01/2026; the deadline is 15/01/2026: 2 days late.
    code, out, err = run("rank", "--campaign", folder)
    assert code == 0
    assert err == (f"{folder / 'tu-danh-gia' / 'xa-hoa-lac.yaml'}:6: [warning] nộp ngày 17/01/2026, sau hạn "
                   "15/01/2026 của bước tự đánh giá (2 ngày)\n")
    assert "Phường Bình Minh" in out


def test_a_late_file_is_an_error_when_the_campaign_says_so(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    edit(folder / "campaign.yaml", "late: warning", "late: error")
    # round 1 of xa-dong-son is late too: submitted 12/02/2026, deadline 10/02/2026
    edit(folder / "tham-dinh-1" / "xa-dong-son.yaml", "submitted: 2026-02-08", "submitted: 2026-02-12")
    output = tmp_path / "xep-hang.md"
    code, out, err = run("rank", "--campaign", folder, "--output", output)
    assert code == 1 and out == "" and not output.exists()
    assert error_lines(err) == [
        f"{folder / 'tham-dinh-1' / 'xa-dong-son.yaml'}:5: [error] nộp ngày 12/02/2026, sau hạn 10/02/2026 của bước "
        "thẩm định vòng 1 (2 ngày)",
        f"{folder / 'tu-danh-gia' / 'xa-hoa-lac.yaml'}:6: [error] nộp ngày 17/01/2026, sau hạn 15/01/2026 của bước "
        "tự đánh giá (2 ngày)",
    ]


def test_an_explanation_round_1_did_not_ask_for_is_a_warning(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    sheet = write(folder / "giai-trinh" / "xa-kim-long.yaml",
                  "unit_id: xa-kim-long\nitems:\n  - about: ho_so_dung_han\n    text: Giải trình không được hỏi\n")
    code, _, err = run("rank", "--campaign", folder)
    assert code == 0
    assert (f"{sheet}:3:5: [warning] giải trình về 'ho_so_dung_han' không được yêu cầu (vòng 1 không yêu cầu giải "
            "trình mục nào)") in err


def test_a_survey_answer_for_a_unit_not_in_the_campaign(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    sheet = folder / "dieu-tra" / "cong-chuc.csv"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "CC-999,cong_chuc,xa-la,Q1,A\n", encoding="utf-8")
    error = _rank_fails(folder, tmp_path)
    # the header and 10 answers come first: the new row is line 12
    assert error.startswith(f"{sheet}:12:"), error
    assert "xa-la" in error


def test_a_unit_without_self_assessment_is_not_ranked(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    (folder / "tu-danh-gia" / "xa-kim-long.yaml").unlink()
    (folder / "tham-dinh-1" / "xa-kim-long.yaml").unlink()
    error = _rank_fails(folder, tmp_path)
    # xa-kim-long is the sixth unit of `units:` in campaign.yaml (line 15)
    assert error == (f"{folder / 'campaign.yaml'}:15: [error] đơn vị 'xa-kim-long' (Xã Kim Long (HƯ CẤU)) chưa nộp "
                     "tự đánh giá (tu-danh-gia/); chưa xếp hạng được chiến dịch")


def test_a_campaign_folder_without_campaign_yaml(tmp_path: Path) -> None:
    code, out, err = run("rank", "--campaign", tmp_path)
    assert code == 1 and out == ""
    assert err.startswith(f"{tmp_path / 'campaign.yaml'}: [error] không có tệp campaign.yaml trong thư mục")


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("late: warning", "late: maybe", 22, "'late' chỉ nhận 'warning' (cảnh báo) hoặc 'error'"),
    ("deadline: 2026-01-15", "deadline: 15-01-2026", 17, "'deadline' cần một ngày dạng yyyy-mm-dd"),
    ("kind: xa}\n  - {id: xa-kim-long", "kind: so}\n  - {id: xa-kim-long", 14,
     "đơn vị 'xa-hoa-lac' thuộc loại 'so' nhưng 'sets' không có bộ tiêu chí cho loại này"),
    ("{id: xa-kim-long,", "{id: xa-hoa-lac,", 15, "mã đơn vị 'xa-hoa-lac' đã có ở dòng 14"),
    ("year: 2025", "year: 2025\nowner: Sở Nội vụ", 7, "trường 'owner' không có trong tệp campaign.yaml"),
])
def test_a_bad_campaign_yaml(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    folder = example_copy(tmp_path)
    edit(folder / "campaign.yaml", old, new)
    error = _rank_fails(folder, tmp_path)
    assert error.startswith(f"{folder / 'campaign.yaml'}:{line}:"), error
    assert message in error


def test_a_correction_that_breaks_a_consistency_check_is_an_error_at_that_change(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    sheet = folder / "tham-dinh-1" / "phuong-an-hoa.yaml"
    edit(sheet, "    value: 180", "    value: 250")
    # 250 dossiers on time of 200 received fails the set's check (an error); round 2 sets 190 again,
    # but round 1's sheet is still wrong: the error is at its change (line 7), nothing is ranked.
    error = _rank_fails(folder, tmp_path)
    assert error == (f"{sheet}:7: [error] số liệu không khớp — Số hồ sơ đúng hạn không vượt số hồ sơ tiếp nhận: "
                     "ho_so_dung_han = 250 > ho_so_tiep_nhan = 200 (sau thay đổi của phiếu thẩm định vòng 1)")
