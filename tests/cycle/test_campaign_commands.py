"""The campaign commands through the command line: `campaign init` then `campaign status`,
`appraise` (sheets that read back), `delta` (its numbers) and `rank --campaign` on the shipped
example (examples/chien-dich-2025), every expectation worked out by hand from the example's files.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

from conftest import run

from parindex.app.campaign_files import read_campaign
from parindex.intake.appraisal import read_appraisal

from .campaigns import EXAMPLE, edit, error_lines, example_copy

SET = EXAMPLE / "bo-tieu-chi.yaml"


def _rows(out: str, first: str) -> dict[str, list[str]]:
    """The rows of the text table whose lines start with one of the unit ids, split on 2+ spaces."""
    rows = {}
    for line in out.splitlines():
        cells = [c for c in line.split("  ") if c.strip()]
        if cells and cells[0].strip().startswith(first):
            rows[cells[0].strip()] = [c.strip() for c in cells[1:]]
    return rows


# -- campaign init, campaign status ------------------------------------------------------------------


def test_init_writes_a_campaign_that_reads_back(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    code, out, err = run("campaign", "init", folder, "--set", f"xa={SET}", "--title", "Chiến dịch thử")
    assert (code, err) == (0, "")
    assert "Đã tạo chiến dịch" in out
    for name in ("tu-danh-gia", "tham-dinh-1", "giai-trinh", "tham-dinh-2", "dieu-tra"):
        assert (folder / name).is_dir()
    rounds = read_campaign(folder)
    campaign = rounds.campaign
    assert (campaign.id, campaign.title, campaign.year) == ("cchc-2025", "Chiến dịch thử", 2025)
    assert campaign.set_path("xa").resolve() == SET.resolve()
    assert campaign.units is None and rounds.units == []
    # A second init refuses to overwrite it.
    before = (folder / "campaign.yaml").read_text(encoding="utf-8")
    code, out, err = run("campaign", "init", folder, "--set", f"xa={SET}")
    assert code == 1 and out == ""
    assert err.startswith(f"{folder / 'campaign.yaml'}: [error] thư mục đã có chiến dịch")
    assert (folder / "campaign.yaml").read_text(encoding="utf-8") == before


def test_init_refuses_a_set_for_another_kind_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    code, _, err = run("campaign", "init", folder, "--set", f"so={SET}")
    assert code == 1
    assert error_lines(err) == [f"{SET}: [error] bộ tiêu chí 'vd-xa-2025' không dành cho loại đơn vị 'so' (dành cho: "
                                f"xa); hãy ghi --set xa={SET}"]
    assert not folder.exists()
    code, _, err = run("campaign", "init", folder, "--set", "xa")
    assert code == 2 and "LOẠI=ĐƯỜNG_DẪN" in err


def test_status_after_init(tmp_path: Path) -> None:
    folder = tmp_path / "cd"
    assert run("campaign", "init", folder, "--set", f"xa={SET}").code == 0
    edit(folder / "campaign.yaml", "    folder: tu-danh-gia\n    deadline:",
         "    folder: tu-danh-gia\n    deadline: 2026-01-15")
    edit(folder / "campaign.yaml", "    folder: tham-dinh-1\n    deadline:",
         "    folder: tham-dinh-1\n    deadline: 2026-02-10")
    for unit in ("phuong-an-hoa", "xa-hoa-lac"):
        shutil.copy(EXAMPLE / "tu-danh-gia" / f"{unit}.yaml", folder / "tu-danh-gia")
    shutil.copy(EXAMPLE / "tham-dinh-1" / "phuong-an-hoa.yaml", folder / "tham-dinh-1")
    # On 11/02/2026: phuong-an-hoa sent on 12/01 (deadline 15/01): on time; its round-1 sheet (06/02,
    # deadline 10/02) asked it to explain ho_so_dung_han: no explanation yet, "chờ giải trình"; so a
    # round 2 is needed, none yet and no deadline set: "chưa nộp". xa-hoa-lac sent on 17/01: 2 days
    # late; no round-1 sheet and round 1's deadline (10/02) has passed: "quá hạn"; its explanation
    # and round 2 wait for round 1: "chưa đến lượt".
    code, out, err = run("campaign", "status", folder, "--today", "2026-02-11")
    assert (code, err) == (0, "")
    rows = _rows(out, "phuong-an-hoa") | _rows(out, "xa-hoa-lac")
    assert rows["phuong-an-hoa"][1:] == ["đã nộp", "đã nộp", "chờ giải trình", "chưa nộp"]
    assert rows["xa-hoa-lac"][1:] == ["đã nộp (trễ 2 ngày)", "quá hạn", "chưa đến lượt", "chưa đến lượt"]
    assert "- Phường An Hòa (HƯ CẤU) (phuong-an-hoa): ho_so_dung_han" in out
    # the stage summary: self 2 sent, 1 late, 0 missing; round 1: 1 sent, 1 missing
    stages = _rows(out, "Tự đánh giá") | _rows(out, "Thẩm định vòng 1")
    assert stages["Tự đánh giá"] == ["tu-danh-gia/", "15/01/2026", "2", "1", "0"]
    assert stages["Thẩm định vòng 1"] == ["tham-dinh-1/", "10/02/2026", "1", "0", "1"]


def test_status_of_the_example(tmp_path: Path) -> None:
    # 25/02/2026: everything is in; only phuong-an-hoa was asked to explain, so only it has a round 2
    # (sent 02/03, before its deadline); the others need neither. Survey: 2 nguoi_dan + 1 cong_chuc
    # answered for each unit but xa-kim-long.
    code, out, _ = run("campaign", "status", EXAMPLE, "--today", "2026-02-25", "--format", "json")
    assert code == 0
    data = json.loads(out)
    units = {u["unit_id"]: u for u in data["units"]}
    words = {unit_id: [u["stages"][s]["status"] for s in ("self", "round1", "explanation", "round2")]
             for unit_id, u in units.items()}
    assert words["phuong-an-hoa"] == ["đã nộp", "đã nộp", "đã nộp", "đã nộp"]
    assert words["phuong-binh-minh"] == ["đã nộp", "đã nộp", "không cần", "không cần"]
    assert words["xa-hoa-lac"] == ["đã nộp (trễ 2 ngày)", "đã nộp", "không cần", "không cần"]
    assert {u: units[u]["survey_respondents"] for u in units} == {
        "phuong-an-hoa": 3, "phuong-binh-minh": 3, "phuong-cat-tuong": 3, "xa-dong-son": 3, "xa-hoa-lac": 3,
        "xa-kim-long": 0}
    assert units["phuong-an-hoa"]["explanation_requests"] == ["ho_so_dung_han"]
    assert data["provenance"]["inputs"][0]["path"] == "campaign.yaml"


def test_status_awaiting_and_overdue(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    (folder / "giai-trinh" / "phuong-an-hoa.yaml").unlink()
    (folder / "tham-dinh-2" / "phuong-an-hoa.yaml").unlink()
    (folder / "tu-danh-gia" / "xa-kim-long.yaml").unlink()
    (folder / "tham-dinh-1" / "xa-kim-long.yaml").unlink()

    def words(today: str) -> dict[str, list[str]]:
        code, out, _ = run("campaign", "status", folder, "--today", today, "--format", "json")
        assert code == 0
        return {u["unit_id"]: [u["stages"][s]["status"] for s in ("self", "round1", "explanation", "round2")]
                for u in json.loads(out)["units"]}

    # 15/02: phuong-an-hoa was asked to explain (deadline 20/02): awaiting; its round 2 (deadline
    # 05/03) not yet due. xa-kim-long never sent its self-assessment (deadline 15/01): overdue, and
    # round 1 cannot start.
    on_15 = words("2026-02-15")
    assert on_15["phuong-an-hoa"] == ["đã nộp", "đã nộp", "chờ giải trình", "chưa nộp"]
    assert on_15["xa-kim-long"] == ["quá hạn", "chưa đến lượt", "chưa đến lượt", "chưa đến lượt"]
    # 21/02: the explanation is overdue; 06/03: round 2 too.
    assert words("2026-02-21")["phuong-an-hoa"] == ["đã nộp", "đã nộp", "quá hạn", "chưa nộp"]
    assert words("2026-03-06")["phuong-an-hoa"] == ["đã nộp", "đã nộp", "quá hạn", "quá hạn"]
    # 14/01, before the self-assessment deadline: xa-kim-long has not sent it yet.
    assert words("2026-01-14")["xa-kim-long"][0] == "chưa nộp"


# -- appraise --------------------------------------------------------------------------------------


def test_appraise_writes_sheets_that_read_back(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    for sheet in (folder / "tham-dinh-1").iterdir():
        sheet.unlink()
    shutil.rmtree(folder / "giai-trinh")
    shutil.rmtree(folder / "tham-dinh-2")
    code, out, err = run("appraise", folder, "--round", "1")
    assert (code, err) == (0, "")
    assert out.startswith("Đã ghi 6 phiếu thẩm định vòng 1:\n- tham-dinh-1/phuong-an-hoa.yaml\n")
    sheet = folder / "tham-dinh-1" / "phuong-an-hoa.yaml"
    text = sheet.read_text(encoding="utf-8")
    assert 'unit_id: "phuong-an-hoa"\nround: 1\n' in text
    # the unit's figures as a unit file writes them (a percent from 0 to 100), its judged points
    assert "#  - indicator: ty_le_truc_tuyen   # Tỷ lệ hồ sơ nộp trực tuyến\n#    value: 80\n" in text
    assert "#  - indicator: ho_so_dung_han   # Số hồ sơ TTHC giải quyết đúng hạn\n#    value: 196\n" in text
    assert ('#  - node: "1.2"   # Chất lượng lãnh đạo, chỉ đạo công tác CCHC (tối đa 2, bước 0,25)\n'
            '#    points: 1.75\n') in text
    # every leaf's self-assessed points: 196/200 = 98% → 4 of 4
    assert "#  2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn: 4/4 (đã chấm)" in text
    appraisal, problems = read_appraisal(sheet, 1)
    assert problems == [] and appraisal is not None and appraisal.changes == ()
    # The sheets as written change nothing: round 1 ranks as the self-assessment does.
    assert run("rank", "--campaign", folder, "--round", "1").out.split("\n", 1)[1] == \
        run("rank", "--campaign", folder, "--round", "self").out.split("\n", 1)[1]
    # An appraiser uncomments a block and fills it: it reads back as a change.
    edit(sheet,
         "#  - indicator: ho_so_dung_han   # Số hồ sơ TTHC giải quyết đúng hạn\n#    value: 196\n#    reason: \n",
         "  - indicator: ho_so_dung_han   # Số hồ sơ TTHC giải quyết đúng hạn\n    value: 180\n    reason: thử\n")
    appraisal, problems = read_appraisal(sheet, 1)
    assert problems == [] and appraisal is not None
    assert [(c.target, c.value, c.reason) for c in appraisal.changes] == [("ho_so_dung_han", 180, "thử")]
    # Appraise again: every sheet exists; nothing is overwritten.
    code, out, err = run("appraise", folder, "--round", "1", "--unit", "xa-kim-long")
    assert code == 1 and out == ""
    assert error_lines(err) == [f"{folder / 'tham-dinh-1' / 'xa-kim-long.yaml'}: [error] đã có phiếu thẩm định vòng 1 "
                                "của đơn vị 'xa-kim-long'; không ghi đè — hãy sửa trực tiếp tệp này hoặc xóa nó trước"]


def test_appraise_round_2_shows_round_1_and_the_explanation(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    code, out, err = run("appraise", folder, "--round", "2", "--unit", "xa-hoa-lac")
    assert (code, err) == (0, "")
    text = (folder / "tham-dinh-2" / "xa-hoa-lac.yaml").read_text(encoding="utf-8")
    assert "round: 2\n" in text
    assert ("#  mục 2.1: 2 điểm — 12 hồ sơ được tính đúng hạn nhưng không có phiếu kiểm soát quá trình giải quyết"
            in text)
    # the leaves as round 1 left them: 2.1 set to 2 by round 1
    assert "#  2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn: 2/4 (đã chấm)" in text
    # round 2 of all units: phuong-an-hoa has one already — refused, nothing written
    code, out, err = run("appraise", folder, "--round", "2")
    assert code == 1 and out == ""
    assert error_lines(err)[-1].endswith("đã có phiếu thẩm định vòng 2 của đơn vị 'xa-hoa-lac'; không ghi đè — hãy "
                                         "sửa trực tiếp tệp này hoặc xóa nó trước")
    assert sorted(p.name for p in (folder / "tham-dinh-2").iterdir()) == ["phuong-an-hoa.yaml", "xa-hoa-lac.yaml"]


def test_appraise_refuses_a_broken_campaign_and_writes_nothing(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    for sheet in (folder / "tham-dinh-1").iterdir():
        sheet.unlink()
    shutil.rmtree(folder / "giai-trinh")
    shutil.rmtree(folder / "tham-dinh-2")
    edit(folder / "tu-danh-gia" / "xa-kim-long.yaml", "ho_so_dung_han: 76", "ho_so_dung_han: bảy mươi")
    code, out, err = run("appraise", folder, "--round", "1")
    assert code == 1 and out == ""
    assert len(error_lines(err)) == 1
    assert list((folder / "tham-dinh-1").iterdir()) == []


# -- delta -----------------------------------------------------------------------------------------


def test_delta_numbers() -> None:
    code, out, _ = run("delta", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    units = {u["unit_id"]: u for u in data["units"]}
    an_hoa = units["phuong-an-hoa"]
    # 2.1: 196/200 = 98% → 4; round 1: 180/200 = 90% → 3; round 2: 190/200 = 95% → 4; no net change
    [leaf] = an_hoa["leaves"]
    assert (leaf["code"], leaf["points"], leaf["change"], leaf["corrected"]) == \
        ("2.1", {"self": "4", "round1": "3", "round2": "4"}, "0", False)
    assert [(c["round"], c["before"], c["after"]) for c in leaf["changes"]] == [("round1", "196", "180"),
                                                                                  ("round2", "180", "190")]
    assert leaf["changes"][0]["evidence"] == ["văn bản 05/TX-MC ngày 03/02/2026 (Trích xuất hệ thống một cửa điện tử)"]
    # totals: self 13,75; round 1 one point less (12,75); round 2 back to 13,75
    assert an_hoa["totals"] == {"self": "13.75", "round1": "12.75", "round2": "13.75"}
    # phuong-binh-minh: 1.2 from 2 to 1,5 (−0,5); xa-hoa-lac: 2.1 from 3 to 2 (−1)
    assert [(x["code"], x["points"]["self"], x["points"]["round1"], x["change"])
            for x in units["phuong-binh-minh"]["leaves"]] == [("1.2", "2", "1.5", "-0.5")]
    assert [(x["code"], x["points"]["self"], x["points"]["round1"], x["change"])
            for x in units["xa-hoa-lac"]["leaves"]] == [("2.1", "3", "2", "-1")]
    assert units["xa-kim-long"]["leaves"] == []
    summary = data["summary"]
    # largest first: −1 (xa-hoa-lac 2.1), then −0,5 (phuong-binh-minh 1.2); phuong-an-hoa's 2.1
    # ended where it started and is not a correction
    assert [(c["unit_id"], c["code"], c["change"]) for c in summary["largest"]] == [
        ("xa-hoa-lac", "2.1", "-1"), ("phuong-binh-minh", "1.2", "-0.5")]
    assert [(f["code"], f["units"], f["lowered"], f["total_change"]) for f in summary["frequent"]] == [
        ("2.1", 1, 1, "-1"), ("1.2", 1, 1, "-0.5")]
    assert summary["largest"][0]["sentence"] == (
        "Xã Hòa Lạc (HƯ CẤU) (xa-hoa-lac), mục 2.1 Tỷ lệ hồ sơ TTHC giải quyết đúng hạn: tự chấm 3, kết quả thẩm "
        "định 2 (giảm 1 điểm) — 12 hồ sơ được tính đúng hạn nhưng không có phiếu kiểm soát quá trình giải quyết")


def test_delta_of_one_unit_as_text() -> None:
    code, out, _ = run("delta", EXAMPLE, "--unit", "phuong-binh-minh")
    assert code == 0
    assert "Phường An Hòa" not in out
    # phuong-binh-minh has no round-2 sheet: as of round 2 it stands on round 1 (1,5)
    assert ("- 1.2 Chất lượng lãnh đạo, chỉ đạo công tác CCHC: tự chấm 2 → vòng 1 1,5 → vòng 2 1,5/2 điểm\n"
            "  - Thẩm định vòng 1 chấm lại mục 1.2 từ 2 thành 1,5 điểm: Chưa có văn bản chỉ đạo xử lý các nhiệm vụ "
            "CCHC chậm tiến độ trong quý III (tài liệu: văn bản 12/BC-UBND ngày 22/12/2025; người thẩm định: Tổ thẩm "
            "định số 1 (HƯ CẤU))") in out
    code, out, err = run("delta", EXAMPLE, "--unit", "xa-khong-co")
    assert code == 1 and out == ""
    assert "chiến dịch không có đơn vị 'xa-khong-co'" in err


def test_delta_tells_a_relative_leaf_moved_by_another_units_correction(tmp_path: Path) -> None:
    folder = example_copy(tmp_path)
    edit(folder / "tham-dinh-2" / "phuong-an-hoa.yaml", "changes:\n",
         "changes:\n  - indicator: ty_le_truc_tuyen\n    value: 60\n    reason: Hệ thống ghi 60%\n")
    code, out, _ = run("delta", folder, "--format", "json")
    assert code == 0
    data = json.loads(out)
    leaves = {(u["unit_id"], x["code"]): x for u in data["units"] for x in u["leaves"]}
    # Round 2: phuong-an-hoa's 80% becomes 60%; the best of the Phường group is now phuong-binh-minh's
    # 65%. phuong-an-hoa 2.2: 60/65 × 4 = 48/13 = 3,6923…, its own correction (4 − 48/13 = 4/13 lost);
    # phuong-binh-minh 2.2: 3,25 (65/80 × 4) → 4, phuong-cat-tuong: 2 → 40/65 × 4 = 32/13 = 2,4615…,
    # both moved by another unit's correction: knock-on, not corrections of theirs.
    an_hoa = leaves[("phuong-an-hoa", "2.2")]
    assert an_hoa["corrected"] and not an_hoa["knock_on"]
    assert round(Decimal(an_hoa["points"]["round2"]), 4) == Decimal("3.6923")
    binh_minh = leaves[("phuong-binh-minh", "2.2")]
    assert (binh_minh["points"], binh_minh["changes"], binh_minh["knock_on"], binh_minh["corrected"]) == \
        ({"self": "3.25", "round1": "3.25", "round2": "4"}, [], True, False)
    assert round(Decimal(leaves[("phuong-cat-tuong", "2.2")]["points"]["round2"]), 4) == Decimal("2.4615")
    summary = data["summary"]
    assert [(c["unit_id"], c["code"]) for c in summary["largest"]] == [
        ("xa-hoa-lac", "2.1"), ("phuong-binh-minh", "1.2"), ("phuong-an-hoa", "2.2")]
    assert [(f["code"], f["units"]) for f in summary["frequent"]] == [("2.1", 1), ("1.2", 1), ("2.2", 1)]
    code, out, _ = run("delta", folder, "--unit", "phuong-binh-minh")
    assert ("2.2 Tỷ lệ hồ sơ nộp trực tuyến (so với đơn vị cao nhất trong nhóm): tự chấm 3,25 → vòng 1 3,25 → "
            "vòng 2 4/4 điểm — thay đổi do giá trị cao nhất trong nhóm so sánh thay đổi, không do thẩm định đơn vị "
            "này") in out


# -- rank --campaign -------------------------------------------------------------------------------


def test_rank_the_example_campaign() -> None:
    # Final figures, worked from the files (max 16; 3.1 is không phát sinh for xa-kim-long: max 12).
    # Phường (2.2 relative to the best of the group, phuong-an-hoa's 80%):
    #   phuong-binh-minh: 1.1 2 + 1.2 1,5 (round 1) + 2.1 3 (372/400 = 93%) + 2.2 65/80×4 = 3,25
    #                     + 3.1 4 (all A) = 13,75 → 85,9375%
    #   phuong-an-hoa:    2 + 1,75 + 4 (round 2: 190/200 = 95%) + 4 + 3.1 2 (Q1 1,2 + Q2 0,8) = 13,75
    #   the same index: the first tie-break, node 3 higher, puts phuong-binh-minh (4) above (2).
    #   phuong-cat-tuong: 0 + 1 + 3 (90/100) + 40/80×4 = 2 + 3.1 (1,2 + 1,52) = 8,72 → 54,5%
    # Xã (2.2 relative to xa-dong-son's 50%):
    #   xa-dong-son: 2 + 1,75 + 4 (150/150) + 4 + 4 = 15,75 → 98,4375%: Xuất sắc, but one serious
    #                violation: capped at Tốt
    #   xa-kim-long: 2 + 1,25 + 4 (76/80 = 95%) + 40/50×4 = 3,2 = 10,45 of 12 → 87,083…% Tốt
    #   xa-hoa-lac:  2 + 1,5 + 2 (round 1) + 25/50×4 = 2 + 2,4 = 9,9 → 61,875% Trung bình
    code, out, _ = run("rank", "--campaign", EXAMPLE, "--format", "json")
    assert code == 0
    data = json.loads(out)
    ranked = [[(u["rank"], u["unit_id"], u["total"], u["rating"]) for u in g["units"]] for g in data["groups"]]
    assert ranked == [
        [(1, "phuong-binh-minh", "13.75", "Tốt"), (2, "phuong-an-hoa", "13.75", "Tốt"),
         (3, "phuong-cat-tuong", "8.72", "Trung bình")],
        [(1, "xa-dong-son", "15.75", "Tốt"), (2, "xa-kim-long", "10.45", "Tốt"),
         (3, "xa-hoa-lac", "9.9", "Trung bình")],
    ]
    units = {u["unit_id"]: u for g in data["groups"] for u in g["units"]}
    assert units["xa-dong-son"]["rating_capped_from"] == "Xuất sắc"
    assert units["xa-dong-son"]["rating_cap_reason"].startswith("có vi phạm nghiêm trọng trong năm")
    assert units["phuong-binh-minh"]["tie_break"] is not None
    inputs = [f["path"] for f in data["provenance"]["inputs"]]
    assert inputs[0] == "campaign.yaml"
    assert {"tu-danh-gia/phuong-an-hoa.yaml", "tham-dinh-2/phuong-an-hoa.yaml", "giai-trinh/phuong-an-hoa.yaml",
            "dieu-tra/nguoi-dan.csv", "dieu-tra/cong-chuc.csv"} <= set(inputs)
    assert [f["path"] for f in data["provenance"]["criteria"]] == ["bo-tieu-chi.yaml"]


def test_rank_a_named_round_and_beside_the_self_assessment() -> None:
    # Round 1: phuong-an-hoa's 2.1 is 3 (180/200 = 90%): 12,75 → 79,6875%, Khá; phuong-binh-minh
    # 13,75 first, phuong-cat-tuong 8,72 third.
    code, out, _ = run("rank", "--campaign", EXAMPLE, "--round", "1", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    phuong = [(r["Hạng"], r["Mã đơn vị"], r["Tổng điểm"], r["Xếp loại"])
              for r in rows if r["Nhóm xếp hạng"] == "Phường"]
    assert phuong == [("1", "phuong-binh-minh", "13.75", "Tốt"), ("2", "phuong-an-hoa", "12.75", "Khá"),
                      ("3", "phuong-cat-tuong", "8.72", "Trung bình")]  # CSV: machine-readable figures
    # Self-assessment beside the final: phuong-binh-minh gave itself 14,25 (1.2 = 2), first of the
    # group then too; xa-hoa-lac 10,9 (2.1 = 3), final 9,9: −1.
    code, out, _ = run("rank", "--campaign", EXAMPLE, "--compare", "self", "--format", "json")
    assert code == 0
    rows = {u["unit_id"]: u for g in json.loads(out)["groups"] for u in g["units"]}
    assert rows["phuong-binh-minh"]["self"] == {"rank": 1, "total": "14.25", "index": "0.890625", "rating": "Tốt"}
    assert (rows["xa-hoa-lac"]["total"], rows["xa-hoa-lac"]["self"]["total"]) == ("9.9", "10.9")


def test_rank_usage() -> None:
    assert run("rank").code == 2
    assert run("rank", "--campaign", EXAMPLE, "--criteria", SET).code == 2
    assert run("rank", "--campaign", EXAMPLE, EXAMPLE / "tu-danh-gia").code == 2
    code, _, err = run("rank", "--criteria", SET, EXAMPLE / "tu-danh-gia", "--round", "1")
    assert code == 2 and "--round và --compare chỉ dùng với --campaign" in err
