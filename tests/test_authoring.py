"""The tools of the people who write sets, on the small pair of sets of tests/authoring:
`parindex test`, `parindex diff`, re-scoring last year's units (`rank --mapping`) and `parindex
trends`. Every expectation is worked out by hand from set-2025.yaml, set-2026.yaml and the units:

2025 (set-2025.yaml): 1.1 yes_no 2; 1.2 levels 2/1/0; 2.1 proportional dung_han / ho_so × 4;
2.2 deduction 2 − 1 per violation. Sở A: 2 + 2 + 90/100 × 4 + (2 − 1) = 8,6 → 86% Tốt, rank 1;
Sở B: 0 + 1 + 50/50 × 4 + 2 = 7 → 70% Khá, rank 2.
2026 (set-2026.yaml, last year's files through mapping-2026.yaml): 1.1 yes_no 1; 1.2 as before;
2.1 × 5; 3.1 bands on diem_766 (no value last year: chưa kê khai, 0 points, still in the max).
Sở A: 1 + 2 + 90/100 × 5 + 0 = 7,5 → 75% Khá (Tốt from 85%), rank 1; Sở B: 0 + 1 + 5 + 0 = 6 → 60%
Trung bình, rank 2. Changes 2025 → 2026: −11 and −10 percentage points.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

from parindex.app.casetest import run_cases
from parindex.core.codes import Code
from parindex.core.errors import InputProblems
from parindex.criteria.diff import Action, Section, diff_sets
from parindex.intake.mapping import load_mapping
from parindex.intake.sets import load_criteria
from parindex.reports.setdiff import rule_sentence

HERE = Path(__file__).parent / "authoring"
OLD, NEW = HERE / "set-2025.yaml", HERE / "set-2026.yaml"
MAPPING = HERE / "mapping-2026.yaml"
UNITS = HERE / "units-2025"


# -- parindex test -----------------------------------------------------------------------------


def test_the_2026_cases_pass_through_the_command_line() -> None:
    code, out, err = run("test", "-v", HERE / "set-2026.cases.yaml")
    assert (code, err) == (0, ""), out + err
    assert out.count("ĐẠT        ") == 3
    assert out.rstrip().endswith("Kết quả: 3 trường hợp trong 1 tệp: 3 đạt, 0 không đạt.")


def test_a_wrong_expectation_names_its_line_and_both_values(tmp_path: Path) -> None:
    shutil.copy(NEW, tmp_path / "set-2026.yaml")
    cases = tmp_path / "wrong.cases.yaml"
    cases.write_text(
        "criteria: set-2026.yaml\n"
        "cases:\n"
        "  - name: sai\n"
        "    units:\n"
        "      - indicators: {bao_cao: true, ke_hoach: tre, ho_so_da_giai_quyet: 8, ho_so_dung_han: 6}\n"
        '        points: {"2.1": 3.5}\n'   # 6 / 8 × 5 = 3,75, not 3,5
        "        index: 58\n"              # (1 + 1 + 3,75) / 10 = 57,5% → 58 rounded half up: holds
        "        rating: Khá\n"            # 57,5% < 65%: Trung bình
        "        rank: 1\n", encoding="utf-8")
    code, out, err = run("test", cases)
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"KHÔNG ĐẠT  {cases}:3 «sai»: 2 điều không đúng trong 4 kiểm tra"
    assert lines[1].startswith(f"  {cases}:6:18: đơn vị 1 (u1), điểm mục 2.1: cần 3,5, được 3,75 — 2.1 ")
    assert lines[2] == f"  {cases}:8:9: đơn vị 1 (u1), xếp loại: cần Khá, được Trung bình"
    assert lines[-1] == "Kết quả: 1 trường hợp trong 1 tệp: 0 đạt, 1 không đạt."


def test_a_broken_case_file_is_refused_and_the_others_still_run(tmp_path: Path) -> None:
    shutil.copy(NEW, tmp_path / "set-2026.yaml")
    (tmp_path / "a.cases.yaml").write_text(
        "criteria: set-2026.yaml\ncases:\n  - name: x\n    units:\n"
        "      - indicators: {bao_cao: true, ke_hoach: khong, ho_so_da_giai_quyet: 0, ho_so_dung_han: 0}\n"
        '        points: {"9.9": 1}\n        ratng: Tốt\n', encoding="utf-8")
    (tmp_path / "b.cases.yaml").write_text(
        "criteria: set-2026.yaml\ncases:\n  - name: y\n    units:\n"
        "      - indicators: {bao_cao: true, ke_hoach: khong, ho_so_da_giai_quyet: 0, ho_so_dung_han: 0}\n"
        '        points: {"1.1": 1}\n', encoding="utf-8")
    code, out, err = run("test", tmp_path)
    assert code == 1
    assert f"{tmp_path / 'a.cases.yaml'}:6:18: [error] trường hợp 'x': mục '9.9' không có trong bộ tiêu chí" in err
    assert f"{tmp_path / 'a.cases.yaml'}:7:9: [error] trường hợp 'x', đơn vị 1: trường 'ratng' không có" in err
    assert "có phải là 'rating'?" in err
    assert out.rstrip().endswith("Kết quả: 1 trường hợp trong 2 tệp: 1 đạt, 0 không đạt; 1 tệp bị từ chối (xem lỗi ở "
                                 "trên), các trường hợp của tệp đó chưa được chạy.")


def test_missing_case_files_and_sets_are_named(tmp_path: Path) -> None:
    code, _, err = run("test", tmp_path / "none.cases.yaml")
    assert code == 1 and f"{tmp_path / 'none.cases.yaml'}: [error] không tìm thấy" in err
    text = "criteria: khong-co.yaml\ncases:\n  - {name: a, units: [{indicators: {}}]}\n"
    (tmp_path / "x.cases.yaml").write_text(text, encoding="utf-8")
    code, _, err = run("test", tmp_path)
    assert code == 1 and f"{tmp_path / 'x.cases.yaml'}:1:1: [error] không tìm thấy bộ tiêu chí 'khong-co.yaml'" in err
    empty = tmp_path / "trong"
    empty.mkdir()
    outcome = run_cases([empty])
    assert outcome.status == 1 and [p.code for p in outcome.problems] == [Code.CASE_NO_CASE_FILES]


def test_a_unit_figure_the_set_refuses_is_located_in_the_case_file(tmp_path: Path) -> None:
    shutil.copy(NEW, tmp_path / "set-2026.yaml")
    cases = tmp_path / "c.cases.yaml"
    cases.write_text("criteria: set-2026.yaml\ncases:\n  - name: z\n    units:\n      - indicators:\n"
                     "          bao_cao: true\n          ho_so_da_giai_quyet: -3\n        total: 1\n", encoding="utf-8")
    outcome = run_cases([cases])
    assert outcome.status == 1 and outcome.run.cases == []
    located = {(p.line, p.code) for p in outcome.problems}
    assert (7, Code.UNIT_OUT_OF_RANGE) in located       # the negative count, at its own line
    assert all(p.file == str(cases) for p in outcome.problems)


# -- parindex diff -----------------------------------------------------------------------------


def test_the_diff_of_the_small_pair_lists_every_change_by_hand() -> None:
    diff = diff_sets(load_criteria(OLD), load_criteria(NEW))
    found = [(c.section.value, c.action.value, c.old.key if c.old else None, c.new.key if c.new else None)
             for c in diff.changes]
    assert found == [
        ("set", "changed", "legal_basis", "legal_basis"),          # 892/QĐ-BNV → 1187/QĐ-BNV
        ("node", "reweighted", "1", "1"),                          # 4 → 3
        ("node", "reweighted", "1.1", "1.1"),                      # 2 → 1
        ("node", "renamed", "2", "2"),                             # Thủ tục hành chính → Cải cách …
        ("node", "reweighted", "2", "2"),                          # 6 → 5
        ("node", "reweighted", "2.1", "2.1"),                      # 4 → 5
        ("node", "rule", "2.1", "2.1"),                            # the formula's names changed
        ("node", "removed", "2.2", None),                          # listed where it was, after 2.1
        ("node", "added", None, "3"),                              # 3.1 counted under 3, not listed
        ("indicator", "recoded", "ho_so", "ho_so_da_giai_quyet"),  # same label, new name
        ("indicator", "added", None, "ho_so_dung_han"),            # a new label: not paired
        ("indicator", "added", None, "diem_766"),
        ("indicator", "removed", "dung_han", None),
        ("indicator", "removed", "so_vu_vi_pham", None),
        ("rating", "changed", "Tốt", "Tốt"),                       # từ 80% → từ 85%
        ("rating", "changed", "Khá", "Khá"),                       # từ 65% đến dưới 80% → … dưới 85%
    ]
    added = diff.of(Section.NODE)[-1]
    assert added.action is Action.ADDED and added.new is not None and added.new.children == 1
    assert (diff.old.counts["areas"], diff.new.counts["areas"]) == (2, 3)


def test_the_diff_as_a_table_and_as_markdown() -> None:
    code, out, err = run("diff", OLD, NEW)
    assert (code, err) == (0, "")
    assert ("đổi tên, đổi điểm        lĩnh vực  2        2         Thủ tục hành chính → Cải cách thủ tục hành chính  "
            "6 → 5") in out
    assert "    cũ:  Điểm = dung_han / ho_so × 4; không phát sinh khi ho_so == 0." in out
    assert ("    mới: Điểm = ho_so_dung_han / ho_so_da_giai_quyet × 5; không phát sinh khi "
            "ho_so_da_giai_quyet == 0.") in out
    assert "Tốt         từ 80%               từ 85%" in out
    assert out.rstrip().endswith("Tổng cộng 16 thay đổi: 3 sửa, 4 đổi điểm, 1 đổi tên, 1 đổi cách chấm, 3 bỏ, "
                                 "3 thêm mới, 1 đổi mã.")
    code, out, err = run("diff", OLD, NEW, "--format", "markdown")
    assert code == 0 and out.startswith("# So sánh hai bộ tiêu chí\n")
    assert "| bỏ | tiêu chí | 2.2 | | Không vi phạm kỷ luật | 2 |" in re.sub(r" +", " ", out)
    assert "- **2.1 Hồ sơ giải quyết đúng hạn**" in out


def test_the_diff_as_json_and_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "thay-doi.json"
    code, out, err = run("diff", OLD, NEW, "--output", target)
    assert (code, out, err) == (0, "", "")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema"] == "parindex.diff/1" and len(data["changes"]) == 16
    rule = next(c for c in data["changes"] if c["action"] == "rule")
    assert rule["old"]["rule"] == "Điểm = dung_han / ho_so × 4; không phát sinh khi ho_so == 0."
    assert rule["new"]["max"] == "5"


def test_a_set_against_itself_has_no_change() -> None:
    code, out, _ = run("diff", NEW, NEW)
    assert code == 0 and "Hai bộ tiêu chí giống nhau" in out


def test_diff_of_a_missing_or_broken_set_says_where(tmp_path: Path) -> None:
    code, out, err = run("diff", OLD, tmp_path / "khong-co.yaml")
    assert code == 1 and out == ""
    assert f"{tmp_path / 'khong-co.yaml'}: [error] không tìm thấy" in err
    broken = tmp_path / "hong.yaml"
    broken.write_text(NEW.read_text(encoding="utf-8").replace("total_points: 10", "total_points: 11"), encoding="utf-8")
    code, out, err = run("diff", broken, NEW)
    assert code == 1 and out == "" and f"{broken}:" in err and "không so sánh được" in err


# -- re-scoring last year's units ------------------------------------------------------------------


def test_last_years_units_are_ranked_under_this_years_set() -> None:
    code, out, err = run("rank", "--criteria", NEW, "--mapping", MAPPING, UNITS, "--format", "json")
    assert code == 0, err
    units = {u["unit_id"]: u for g in json.loads(out)["groups"] for u in g["units"]}
    assert {k: (u["total"], u["index_percent"], u["rating"], u["rank"]) for k, u in units.items()} == {
        "so-a": ("7.5", "75,00%", "Khá", 1), "so-b": ("6", "60,00%", "Trung bình", 2)}
    # the one new indicator no file gives, named once at the mapping file (not once per unit)
    assert err.count("[warning]") == 1
    assert f"{MAPPING}:2:1: [warning] chỉ số 'diem_766' (Điểm Bộ chỉ số 766) của bộ năm nay không có giá trị " \
           "trong tệp nào năm trước: mục dùng chỉ số này được 0 điểm" in err


def test_defaults_and_unmapped_indicators(tmp_path: Path) -> None:
    units = tmp_path / "units"
    shutil.copytree(UNITS, units)
    a = units / "so-a.yaml"
    a.write_text(a.read_text(encoding="utf-8") + "  ghi_chu_cu: 5\n", encoding="utf-8")  # line 12
    mapping = tmp_path / "map.yaml"
    mapping.write_text(f"from: {OLD}\nindicators: {{ho_so: ho_so_da_giai_quyet, dung_han: ho_so_dung_han}}\n"
                       "dropped: [so_vu_vi_pham]\ndefaults: {diem_766: 80}\n", encoding="utf-8")
    code, out, err = run("rank", "--criteria", NEW, "--mapping", mapping, units, "--format", "csv")
    assert code == 0, err
    # diem_766 80 → 3.1: 2 points. Sở A 7,5 + 2 = 9,5 → 95% Tốt; Sở B 6 + 2 = 8 → 80% Khá
    assert out.splitlines()[1:3] == ["so,1,so-a,Sở A,3,4.5,2,9.5,10,95.00,Tốt",
                                     "so,2,so-b,Sở B,1,5,2,8,10,80.00,Khá"]
    assert err.count("[warning]") == 1
    assert f"{a}:12:3: [warning] chỉ số 'ghi_chu_cu' của năm trước không có trong bộ tiêu chí 'test-2026'" in err


MAPPING_ERRORS = [
    # (mapping text, line:col, code, words)
    ("from: set-2025.yaml\nindicators: {ho_so: ho_so_da_giai_quyet, dung_han: ho_so_dung_han_x}\n", "2:42",
     Code.MAPPING_UNKNOWN_INDICATOR, "chỉ số 'ho_so_dung_han_x' không có trong bộ tiêu chí năm nay 'test-2026'; "
                                     "có phải là 'ho_so_dung_han'?"),
    ("from: set-2025.yaml\nindicators: {hoso: ho_so_da_giai_quyet}\n", "2:14", Code.MAPPING_UNKNOWN_INDICATOR,
     "chỉ số 'hoso' không có trong bộ tiêu chí năm trước 'test-2025'"),
    ("indicators: {ho_so: ho_so_dung_han, dung_han: ho_so_dung_han}\n", "1:37", Code.MAPPING_CONFLICT,
     "'dung_han' và 'ho_so' cùng được đổi thành 'ho_so_dung_han'"),
    ("indicators: {ho_so: ho_so_da_giai_quyet}\ndropped: [ho_so]\n", "2:11", Code.MAPPING_CONFLICT,
     "'ho_so' vừa được đổi tên (indicators) vừa bị bỏ (dropped)"),
    ("codes: {\"2.2\": \"4.1\"}\n", "1:9", Code.MAPPING_UNKNOWN_NODE, "mục '4.1' không có trong bộ tiêu chí năm nay"),
    ("defaults: {diem_766: 120}\n", "1:12", Code.MAPPING_BAD_VALUE, "diem_766"),
    ("from: khong-co.yaml\n", "1:1", Code.MAPPING_FILE_NOT_FOUND,
     "không tìm thấy bộ tiêu chí năm trước 'khong-co.yaml'"),
    ("indicator: {ho_so: ho_so_da_giai_quyet}\n", "1:1", Code.MAPPING_UNKNOWN_FIELD,
     "trường 'indicator' không có; các trường: from, indicators, dropped, codes, defaults, note; có phải là "
     "'indicators'?"),
]


@pytest.mark.parametrize(("text", "place", "code", "words"), MAPPING_ERRORS,
                         ids=[c.value for _, _, c, _ in MAPPING_ERRORS])
def test_a_bad_mapping_is_refused_with_its_line(text: str, place: str, code: Code, words: str, tmp_path: Path) -> None:
    shutil.copy(OLD, tmp_path / "set-2025.yaml")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(InputProblems) as refused:
        load_mapping(mapping, load_criteria(NEW))
    assert [(p.code, f"{p.line}:{p.col}") for p in refused.value.problems] == [(code, place)], refused.value
    assert words in refused.value.problems[0].message
    # and on the command line: one line naming the mapping file, nothing written
    out_file = tmp_path / "kq.csv"
    result = run("rank", "--criteria", NEW, "--mapping", mapping, UNITS, "--output", out_file)
    assert result.code == 1 and f"{mapping}:{place}: [error]" in result.err and not out_file.exists()


# -- trends ----------------------------------------------------------------------------------------


@pytest.fixture
def two_years(tmp_path: Path) -> tuple[Path, Path]:
    y2025, y2026 = tmp_path / "2025.json", tmp_path / "2026.json"
    assert run("rank", "--criteria", OLD, UNITS, "--format", "json", "--output", y2025).code == 0
    assert run("rank", "--criteria", NEW, "--mapping", MAPPING, UNITS, "--format", "json", "--output", y2026).code == 0
    return y2025, y2026


def test_trends_year_by_year(two_years: tuple[Path, Path]) -> None:
    y2025, y2026 = two_years
    code, out, err = run("trends", y2026, y2025)  # any order: by the sets' years
    assert (code, err) == (0, "")
    assert "2025   86,00%    —                    1       Tốt         8,6          4       4,6     —" in out
    assert "2026   75,00%    −11,00               1       Khá         7,5          3       4,5     0" in out
    assert "2026   60,00%    −10,00               2       Trung bình  6            1       5       0" in out
    assert "LV 2   2025: Thủ tục hành chính; 2026: Cải cách thủ tục hành chính" in out
    code, out, _ = run("trends", y2025, y2026, "--format", "csv")
    assert code == 0
    assert out.splitlines()[1:] == [
        'so-a,Sở A,so,2025,test-2025,0.86,"86,00%",,1,,Tốt,8.6,4,4.6,',
        'so-a,Sở A,so,2026,test-2026,0.75,"75,00%",-11,1,,Khá,7.5,3,4.5,0',
        'so-b,Sở B,so,2025,test-2025,0.7,"70,00%",,2,,Khá,7,1,6,',
        'so-b,Sở B,so,2026,test-2026,0.6,"60,00%",-10,2,,Trung bình,6,1,5,0']
    code, out, _ = run("trends", y2025, y2026, "--format", "json")
    data = json.loads(out)
    b = next(u for u in data["units"] if u["unit_id"] == "so-b")
    assert [(y["year"], y["index"], y["index_change"], y["areas"]) for y in b["years"]] == [
        (2025, "0.7", None, {"1": "1", "2": "6"}), (2026, "0.6", "-10", {"1": "1", "2": "5", "3": "0"})]
    code, out, _ = run("trends", y2025, y2026, "--format", "markdown")
    assert code == 0 and out.startswith("# Diễn biến Chỉ số CCHC 2025–2026\n") and "## Sở A (so-a, " in out


def test_trends_refuse_two_results_of_one_year_and_results_of_other_sets(two_years: tuple[Path, Path],
                                                                           tmp_path: Path) -> None:
    y2025, y2026 = two_years
    again = tmp_path / "lai-2025.json"
    shutil.copy(y2025, again)
    code, out, err = run("trends", y2025, again, y2026)
    assert code == 1 and out == ""
    assert f"{again}: [error] tệp kết quả này và {y2025} cùng là kết quả năm 2025" in err
    xa_set = tmp_path / "xa.yaml"
    xa_set.write_text(OLD.read_text(encoding="utf-8").replace("unit_kinds: [so]", "unit_kinds: [xa]")
                      .replace("year: 2025", "year: 2024"), encoding="utf-8")
    xa_units = tmp_path / "xa"
    xa_units.mkdir()
    (xa_units / "xa-a.yaml").write_text((UNITS / "so-a.yaml").read_text(encoding="utf-8")
                                        .replace("unit_kind: so", "unit_kind: xa").replace("criteria: test-2025\n", ""),
                                        encoding="utf-8")
    xa_result = tmp_path / "xa.json"
    assert run("rank", "--criteria", xa_set, xa_units, "--format", "json", "--output", xa_result).code == 0
    code, _, err = run("trends", xa_result, y2025)
    assert code == 1
    assert f"{y2025}: [error] kết quả của bộ tiêu chí 'test-2025' (loại đơn vị: so) không cùng loại đơn vị với" in err


def test_trends_of_a_broken_result_name_its_line(two_years: tuple[Path, Path], tmp_path: Path) -> None:
    broken = tmp_path / "hong.json"
    broken.write_text('{"schema": "parindex.result/2",\n  "command": }\n', encoding="utf-8")
    code, out, err = run("trends", two_years[0], broken)
    assert code == 1 and out == ""
    assert f"{broken}:2:14: [error] tệp kết quả không phải JSON hợp lệ" in err
    code, _, err = run("trends", tmp_path / "khong-co.json")
    assert code == 1 and "không đọc được tệp kết quả" in err


# -- the shipped sets: 2025 → 2026 -------------------------------------------------------------------

ROOT = HERE.parent.parent
SHIPPED_MAPPING = ROOT / "criteria" / "2026" / "so-tu-2025.yaml"


def _leaf(unit: dict[str, object], code: str) -> dict[str, object]:
    stack = list(unit["areas"])  # type: ignore[call-overload]
    while stack:
        node = stack.pop()
        if node["code"] == code:
            return node  # type: ignore[no-any-return]
        stack.extend(node.get("children", []))
    raise AssertionError(code)


@pytest.mark.skipif(not SHIPPED_MAPPING.exists(), reason="the 2026 sets are not in this tree")
def test_the_2025_cohort_is_rescored_under_the_2026_set_through_the_shipped_mapping() -> None:
    code, out, err = run("rank", "--criteria", ROOT / "criteria" / "2026" / "so.yaml", "--mapping", SHIPPED_MAPPING,
                         ROOT / "sample_units" / "cohort" / "so", "--format", "json")
    assert code == 0, err
    assert "của năm trước không có trong bộ tiêu chí" not in err  # every 2025 indicator renamed, kept or dropped
    units = {u["unit_id"]: u for g in json.loads(out)["groups"] for u in g["units"]}
    assert len(units) == 22
    # 5.3.2 reads cong_chuc_tot_tro_len / cong_chuc_danh_gia, fed by cong_chuc_htt_tro_len and bien_che_su_dung:
    # so-mau-01: 107 / 107 = 100% → "từ 90% trở lên": 1,5; so-mau-09: 71 / 110 = 64,55% → "từ 50% đến dưới 70%": 0,5
    assert _leaf(units["so-mau-01"], "5.3.2")["points"] == "1.5"
    assert _leaf(units["so-mau-09"], "5.3.2")["points"] == "0.5"
    assert _leaf(units["so-mau-09"], "5.3.2")["matched"] == "từ 50% đến dưới 70%"


@pytest.mark.skipif(not SHIPPED_MAPPING.exists(), reason="the 2026 sets are not in this tree")
def test_the_diff_of_the_shipped_department_sets() -> None:
    code, out, err = run("diff", ROOT / "criteria" / "2025" / "so.yaml", ROOT / "criteria" / "2026" / "so.yaml",
                         "--format", "markdown")
    assert (code, err) == (0, "")
    assert re.search(r"\| Lĩnh vực +\| 7 +\| 8 +\| \+1 +\|", out)   # 7 areas in 2025, 8 in 2026 (Tác động)
    assert "1187/QĐ-BNV" in out and "## Cách chấm thay đổi" in out


def test_every_built_in_rule_kind_reads_as_a_sentence() -> None:
    """The sentences of a changed rule, for each kind of docs/examples/all-rules.yaml (as that file writes them)."""
    criteria = load_criteria(ROOT / "docs" / "examples" / "all-rules.yaml")
    said = {code: rule_sentence(n.rule, n.max) for code, n in criteria.nodes_by_code.items() if n.rule is not None}
    assert said["1.1.1"] == ("Theo lựa chọn của ke_hoach_cchc: Ban hành kịp thời 1 điểm; Ban hành không kịp thời "
                             "0,5 điểm; Không ban hành 0 điểm.")
    assert said["1.1.2"] == "Đạt 1 điểm khi xac_dinh_day_du_nhiem_vu and co_bo_tri_kinh_phi, không đạt 0 điểm."
    assert said["1.1.3"] == ("Theo mức của ty_le_hoan_thanh: trên 90% 2 điểm; từ 70% đến 90% 1 điểm; dưới 70% 0 điểm; "
                             "không phát sinh khi chi_tieu_ke_hoach == 0.")
    assert said["2.1.2"] == ("Từ 1 điểm, trừ 0,25 điểm cho mỗi ho_so_tre_han, không dưới 0; không phát sinh khi "
                             "ho_so_da_giai_quyet == 0.")
    assert said["2.1.3"] == "Điểm = (ty_le_hai_long - 0.5) * 2 (trong khoảng 0–1)."
    assert said["2.2"] == "Điểm = 1 × dvc_toan_trinh ÷ giá trị cao nhất trong nhóm đơn vị."
    assert said["2.3"] == "Điểm từ kết quả điều tra xã hội học."
    assert said["3.1"] == "0,5 điểm cho mỗi quy_che_ban_hanh, tối đa 1 điểm."
    assert said["T.2"] == "Người chấm cho điểm trực tiếp từ 0 đến 0,5, bước 0,25."
    assert rule_sentence(None, None, 3) == "Không chấm trực tiếp: cộng điểm của 3 mục con."


def test_the_case_runner_needs_no_pytest() -> None:
    """`parindex test` runs on an installation without the development tools."""
    code = ("import sys, parindex.cli, parindex.app.casetest; "
            "sys.exit(1 if any(m == 'pytest' or m.startswith('_pytest') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
