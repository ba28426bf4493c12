"""Command-line behaviour: outputs, formats, exit codes (0 ok, 1 input problems, 2 usage)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import run, write_unit

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
RULES = ROOT / "tests" / "cases" / "rules-criteria.yaml"


def test_check_summary() -> None:
    code, out, err = run("check", EXAMPLE)
    assert code == 0, err
    assert "hợp lệ" in out
    assert "3 lĩnh vực" in out and "tổng 11 điểm" in out


def test_score_explain_prints_table_and_sentences() -> None:
    code, out, err = run("score", "--criteria", EXAMPLE, UNIT_A, "--explain")
    assert code == 0, err
    # 1.1.3: 7/19 = 36,84% is below 70%: 0 of 2 points
    assert "1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch 7 / 19 = 36,84%, " \
           "thuộc mức 'dưới 70%'." in out
    # total: areas 1,5 + 2,8425 + 0,5 = 4,8425, bonus 0,5 → 5,3425 of 9 applicable (3.2 không phát sinh)
    assert "Tổng điểm: 5,34/9" in out
    assert "Chỉ số: 59,36%" in out           # 5,3425 / 9 = 59,361…%
    assert "Xếp loại: Trung bình" in out
    assert "3.2 Ban hành văn bản QPPL đúng hạn: không phát sinh" in out


def test_score_json_has_the_whole_tree() -> None:
    code, out, _ = run("score", "--criteria", EXAMPLE, UNIT_A, "--format", "json")
    assert code == 0
    data = json.loads(out)
    unit = data["units"][0]
    assert unit["total"] == "5.3425"
    assert unit["applicable_max"] == "9"
    area = unit["areas"][0]
    leaf = area["children"][0]["children"][2]
    assert leaf["code"] == "1.1.3"
    assert leaf["points"] == "0" and leaf["max"] == "2" and leaf["status"] == "scored"
    assert leaf["matched"] == "dưới 70%"
    assert leaf["inputs"][0]["name"] == "ty_le_hoan_thanh"
    assert {i["name"]: i["value"] for i in leaf["inputs"][0]["inputs"]} == {
        "chi_tieu_hoan_thanh": "7", "chi_tieu_ke_hoach": "19"}
    assert "36,84%" in leaf["explanation"]


def test_score_csv_lists_every_node() -> None:
    code, out, _ = run("score", "--criteria", EXAMPLE, UNIT_A, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    codes = [r["code"] for r in rows]
    assert codes[:4] == ["1", "1.1", "1.1.1", "1.1.2"]
    assert {r["code"]: r["status"] for r in rows}["3.2"] == "not_applicable"


def test_rank_ties_and_formats(tmp_path: Path) -> None:
    # rules-criteria: yes_no 1.1 (1 point) and levels 1.2 decide; everything else no data (0)
    write_unit(tmp_path, "b", {"bao_cao": True, "kinh_phi": True, "ke_hoach": "kip_thoi", "dvc": 1})  # 2 + 1
    write_unit(tmp_path, "a", {"bao_cao": True, "kinh_phi": True, "dvc": 1})                          # 1 + 1
    write_unit(tmp_path, "c", {"ke_hoach": "kip_thoi", "kinh_phi": False, "dvc": 1})                  # 1 + 1
    write_unit(tmp_path, "d", {"dvc": 1})                                                            # 0 + 1
    code, out, err = run("rank", "--criteria", RULES, tmp_path, "--format", "csv")
    assert code == 0, err
    assert out.startswith("\ufeff")  # the byte order mark: Excel reads the CSV as UTF-8
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["Loại đơn vị", "Hạng", "Mã đơn vị", "Đơn vị"]
    # b 3/10; a and c tie at 2/10 (listed by unit id); d 1/10 → ranks 1, 2, 2, 4
    assert [(r[1], r[2]) for r in rows[1:-1]] == [("1", "b"), ("2", "a"), ("2", "c"), ("4", "d")]
    assert rows[-1][0] == "Nguồn" and "4 tệp đầu vào" in rows[-1][1]  # the provenance row comes last
    code, out, _ = run("rank", "--criteria", RULES, tmp_path, "--format", "json")
    groups = json.loads(out)["groups"]
    assert [u["rank"] for u in groups[0]["units"]] == [1, 2, 2, 4]
    code, out, _ = run("rank", "--criteria", RULES, tmp_path, "--format", "markdown")
    assert out.startswith("## Sở, ban, ngành — 4 đơn vị")
    assert "| Hạng" in out


def test_dense_tie_policy(tmp_path: Path) -> None:
    criteria = tmp_path / "dense.yaml"
    criteria.write_text(RULES.read_text(encoding="utf-8").replace("decimals: 2", "decimals: 2\nties: dense"),
                        encoding="utf-8")
    units = tmp_path / "units"
    units.mkdir()
    write_unit(units, "b", {"bao_cao": True, "kinh_phi": True, "ke_hoach": "kip_thoi"})
    write_unit(units, "a", {"bao_cao": True, "kinh_phi": True})
    write_unit(units, "c", {"ke_hoach": "kip_thoi"})
    write_unit(units, "d", {})
    code, out, _ = run("rank", "--criteria", criteria, units, "--format", "json")
    assert code == 0
    assert [u["rank"] for u in json.loads(out)["groups"][0]["units"]] == [1, 2, 2, 3]


def test_rank_groups_by_unit_kind(tmp_path: Path) -> None:
    write_unit(tmp_path, "s1", {"bao_cao": True, "kinh_phi": True}, kind="so")
    write_unit(tmp_path, "h1", {"ke_hoach": "kip_thoi"}, kind="huyen")
    write_unit(tmp_path, "h2", {}, kind="huyen")
    code, out, _ = run("rank", "--criteria", RULES, tmp_path, "--format", "json")
    assert code == 0
    groups = json.loads(out)["groups"]
    assert [(g["kind"], [u["unit_id"] for u in g["units"]]) for g in groups] == [
        ("so", ["s1"]), ("huyen", ["h1", "h2"])]


def test_rank_output_file(tmp_path: Path) -> None:
    write_unit(tmp_path, "a", {"bao_cao": True, "kinh_phi": True})
    target = tmp_path / "out" / "rank.md"
    code, _, err = run("rank", "--criteria", RULES, tmp_path / "a.yaml", "--output", target)
    assert code == 1 and "không tồn tại" in err and not target.exists()
    target.parent.mkdir()
    code, out, _ = run("rank", "--criteria", RULES, tmp_path / "a.yaml", "--output", target, "--format", "markdown")
    assert code == 0 and out == ""
    assert "| 1 " in target.read_text(encoding="utf-8")


def test_division_by_zero_is_an_error_on_the_subcriterion(tmp_path: Path) -> None:
    criteria = tmp_path / "c.yaml"
    criteria.write_text(RULES.read_text(encoding="utf-8").replace("          not_applicable_when: chi_tieu == 0\n", ""),
                        encoding="utf-8")
    unit = write_unit(tmp_path, "u", {"chi_tieu": 0, "hoan_thanh": 0})
    code, out, err = run("score", "--criteria", criteria, unit)
    assert code == 1
    assert out == ""
    assert "mục 1.3 (Mức độ thực hiện kế hoạch)" in err and "0/0" in err
    assert f"{unit}:" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    assert run("score", "x.yaml")[0] == 2                      # --criteria missing
    assert run("rank", "--criteria", RULES, "--format", "pdf", "u.yaml")[0] == 2


@pytest.mark.parametrize("command", ["score", "rank"])
def test_missing_unit_path(command: str) -> None:
    code, _, err = run(command, "--criteria", RULES, "khong-co.yaml")
    assert code == 1
    assert "khong-co.yaml: [error] không tìm thấy tệp hoặc thư mục" in err


def test_wrong_unit_kind_is_refused(tmp_path: Path) -> None:
    unit = write_unit(tmp_path, "x", {}, kind="xa")
    code, _, err = run("score", "--criteria", RULES, unit)
    assert code == 1
    assert f"{unit}:4:" in err  # unit_kind is the 4th key of the dumped file (sorted keys)
    assert "đơn vị loại 'xa' không chấm được bằng bộ tiêu chí 'test-rules'" in err


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    unit = write_unit(tmp_path, "a", {"bao_cao": True, "kinh_phi": True})
    before = unit.read_bytes()
    code, _, err = run("rank", "--criteria", RULES, unit, "--output", unit)
    assert code == 1
    assert "trùng với tệp đầu vào" in err
    assert unit.read_bytes() == before


def test_a_check_on_a_derived_value_points_at_the_figure_it_is_computed_from(tmp_path: Path) -> None:
    criteria = tmp_path / "c.yaml"
    criteria.write_text(RULES.read_text(encoding="utf-8") + (
        "checks:\n"
        "  - id: dung_han_khong_vuot\n"
        "    title: Hồ sơ đúng hạn không vượt hồ sơ đã giải quyết\n"
        "    left: ty_le_dung_han\n"
        '    relation: "<="\n'
        "    right: 1\n"), encoding="utf-8")
    unit = tmp_path / "u.yaml"
    unit.write_text(
        "unit_id: u\n"
        "unit_name: Đơn vị u\n"
        "unit_kind: so\n"
        "period: '2025'\n"
        "indicators:\n"
        "  da_giai_quyet: 5\n"
        "  dung_han: 6\n", encoding="utf-8")
    code, _, err = run("score", "--criteria", criteria, unit)
    assert code == 0
    # ty_le_dung_han = dung_han / da_giai_quyet = 6/5 = 1,2 > 1: reported at dung_han (line 7),
    # the first figure of its formula, not at the 'indicators:' line (5)
    assert f"{unit}:7: [warning] số liệu không khớp" in err
    assert "ty_le_dung_han = 120,00% > 1 = 100,00%" in err
