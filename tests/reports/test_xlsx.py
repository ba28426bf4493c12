"""Excel reports (`--format xlsx`): the ranking workbook, the per-unit workbook and the campaign's
workbooks, opened again with openpyxl (allowed in tests) and, when LibreOffice is installed,
converted to PDF; and CSV as Excel opens it (a BOM, machine-readable numbers)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import ROOT, run, write_unit
from openpyxl.worksheet.worksheet import Worksheet

from parindex.app import scoring
from parindex.reports.xlsx.book import sheet_name, wrapped_lines

CAMPAIGN = ROOT / "examples" / "chien-dich-2025"
COHORT_SET = ROOT / "criteria" / "2025" / "so.yaml"
COHORT = ROOT / "sample_units" / "cohort" / "so"

# Two areas of yes/no leaves: 1 (4 points: 1.1 a, 1.2 b — b missing means not applicable) and
# 2 (6 points: 2.1 c, 2.2 d); total 10.
SET = """\
id: xlsx-test
title: Bộ tiêu chí thử bảng tính
year: 2025
unit_kinds: [so]
total_points: 10
decimals: 2
ratings:
  - {name: Xuất sắc, from: 90%}
  - {name: Tốt, from: 80%, below: 90%}
  - {name: Khá, from: 70%, below: 80%}
  - {name: Trung bình, from: 55%, below: 70%}
  - {name: Yếu, below: 55%}
indicators:
  a: {label: Có kế hoạch, kind: yes_no, missing: no_data}
  b: {label: Có báo cáo, kind: yes_no, missing: not_applicable}
  c: {label: Có quy chế, kind: yes_no, missing: no_data}
  d: {label: Có kiểm tra, kind: yes_no, missing: no_data}
areas:
  - code: "1"
    title: Chỉ đạo, điều hành
    max: 4
    children:
      - {code: "1.1", title: Kế hoạch, max: 2, rule: {kind: yes_no, when: a}}
      - {code: "1.2", title: Báo cáo, max: 2, rule: {kind: yes_no, when: b}}
  - code: "2"
    title: Thủ tục hành chính
    max: 6
    children:
      - {code: "2.1", title: Quy chế, max: 3, rule: {kind: yes_no, when: c}}
      - {code: "2.2", title: Kiểm tra, max: 3, rule: {kind: yes_no, when: d}}
"""
HOSTILE = '=HYPERLINK("http://x.invalid","bấm")'


@pytest.fixture
def cohort(tmp_path: Path) -> tuple[Path, Path]:
    """Four units, worked by hand:
    u-a  a b c d        1: 4/4  2: 6/6  10/10  = 100%  Xuất sắc
    u-b  a ¬b c ¬d      1: 2/4  2: 3/6   5/10  =  50%  Yếu
    u-c  ¬a (b —) c d   1: 0/2  2: 6/6   6/8   =  75%  Khá   (1.2 not applicable: area 1 max 2)
    u-d  a b ¬c d       1: 4/4  2: 3/6   7/10  =  70%  Khá
    Ranked: u-a, u-c, u-d, u-b."""
    criteria = tmp_path / "set.yaml"
    criteria.write_text(SET, encoding="utf-8")
    units = tmp_path / "units"
    units.mkdir()
    write_unit(units, "u-a", {"a": True, "b": True, "c": True, "d": True})
    write_unit(units, "u-b", {"a": True, "b": False, "c": True, "d": False}, name=HOSTILE)
    write_unit(units, "u-c", {"a": False, "c": True, "d": True})
    write_unit(units, "u-d", {"a": True, "b": True, "c": False, "d": True})
    return criteria, units


def _rank_book(criteria: Path, units: Path, tmp_path: Path) -> tuple[openpyxl.Workbook, Path]:
    target = tmp_path / "xep-hang.xlsx"
    code, _, err = run("rank", "--criteria", criteria, units, "--output", target)  # format from the suffix
    assert code == 0, err
    return _load(target), target


def _load(path: Path) -> openpyxl.Workbook:
    """The workbook as openpyxl reads it (it drops the Excel 2010 data bar extension it does not
    know, and says so: that warning is expected)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "(Unknown|Conditional Formatting) extension is not supported", UserWarning)
        return openpyxl.load_workbook(path)


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def _find(sheet: Worksheet, text: str) -> int:
    """The 1-based row whose first cell is `text`."""
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == text)


def test_ranking_sheet_has_titles_area_names_and_numbers(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    book, _ = _rank_book(*cohort, tmp_path)
    assert book.sheetnames == ["Sở, ban, ngành", "Tổng hợp", "Nguồn dữ liệu"]
    sheet = book["Sở, ban, ngành"]
    assert sheet["A1"].value == "Bộ tiêu chí thử bảng tính"
    assert sheet["A2"].value == "Bảng xếp hạng năm 2025 — Sở, ban, ngành — 4 đơn vị"
    headers = [c.value for c in sheet[4]]
    assert headers == ["Hạng", "Mã đơn vị", "Đơn vị", "1. Chỉ đạo, điều hành (4 điểm)",
                       "2. Thủ tục hành chính (6 điểm)", "Tổng điểm", "Tối đa áp dụng", "Chỉ số", "Xếp loại"]
    rows = [[c.value for c in sheet[r]] for r in range(5, 9)]
    assert rows == [
        [1, "u-a", "Đơn vị u-a", 4, 6, 10, 10, 1, "Xuất sắc"],
        [2, "u-c", "Đơn vị u-c", 0, 6, 6, 8, 0.75, "Khá"],
        [3, "u-d", "Đơn vị u-d", 4, 3, 7, 10, 0.7, "Khá"],
        [4, "u-b", HOSTILE, 2, 3, 5, 10, 0.5, "Yếu"],
    ]
    # numbers are numbers, shown with the set's 2 decimals; the index as a percentage
    assert sheet["D6"].data_type == "n" and sheet["D6"].number_format == "#,##0.00"
    assert sheet["H6"].number_format == "0.00%"
    # a unit's name that looks like a formula stays its own text
    assert sheet["C8"].data_type == "s" and sheet["C8"].value == HOSTILE
    # u-c's area 1 has an item where nothing applies: its applicable maximum (2) in a note
    assert sheet["D6"].comment is not None and "2 điểm" in sheet["D6"].comment.text
    assert sheet["D5"].comment is None
    assert sheet.freeze_panes == "D5"
    assert sheet.page_setup.orientation == "landscape"
    setup = sheet.sheet_properties.pageSetUpPr
    # one page wide (fitToWidth 1 is Excel's default, left out of the file), as many pages high as needed
    assert setup is not None and setup.fitToPage and sheet.page_setup.fitToHeight == 0
    assert sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.print_title_rows == "$4:$4"
    last = [row for row in _rows(sheet) if row[0]][-1][0]
    assert last.startswith("Nguồn: parindex ") and "4 tệp đầu vào" in last


def test_summary_figures_worked_by_hand(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    book, _ = _rank_book(*cohort, tmp_path)
    sheet = book["Tổng hợp"]
    top = _find(sheet, "Xếp loại")
    ratings = [tuple(sheet.cell(r, c).value for c in (1, 2, 3)) for r in range(top + 1, top + 6)]
    # 1 Xuất sắc (u-a), 2 Khá (u-c, u-d), 1 Yếu (u-b) of 4
    assert ratings == [("Xuất sắc", 1, 0.25), ("Tốt", 0, 0), ("Khá", 2, 0.5), ("Trung bình", 0, 0), ("Yếu", 1, 0.25)]
    top = _find(sheet, "Lĩnh vực")
    figures = [[sheet.cell(r, c).value for c in range(1, 6)] for r in range(top + 1, top + 4)]
    # area 1 per unit: 4/4, 2/4, 0/2, 4/4 → 1, 0.5, 0, 1: average 2.5/4 = 0.625, median (0.5 + 1)/2 = 0.75
    # area 2: 6/6, 3/6, 6/6, 3/6 → 1, 0.5, 1, 0.5: average 0.75, median (0.5 + 1)/2 = 0.75
    # index: 1, 0.5, 0.75, 0.7: average 2.95/4 = 0.7375, median (0.7 + 0.75)/2 = 0.725
    assert figures == [["1. Chỉ đạo, điều hành", 4, 4, 0.625, 0.75],
                       ["2. Thủ tục hành chính", 6, 4, 0.75, 0.75],
                       ["Chỉ số chung", 10, 4, 0.7375, 0.725]]
    assert sheet.cell(top + 1, 4).number_format == "0.00%"
    top = _find(sheet, "Khoảng chỉ số")
    bands = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(top + 1, top + 7)]
    # 0.5 → 50–60%; 0.7 and 0.75 → 70–80%; 1 → from 90%
    assert bands == [("dưới 50%", 0), ("50% – dưới 60%", 1), ("60% – dưới 70%", 0), ("70% – dưới 80%", 2),
                     ("80% – dưới 90%", 0), ("từ 90%", 1)]


def test_native_charts_on_the_summary_sheet(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    _, target = _rank_book(*cohort, tmp_path)
    with zipfile.ZipFile(target) as archive:
        charts = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        xml = [archive.read(n).decode("utf-8") for n in charts]
        sheet2_rels = archive.read("xl/worksheets/_rels/sheet2.xml.rels").decode("utf-8")
    assert len(charts) == 2
    assert "<c:barChart>" in xml[0] and "Phân bố chỉ số — Sở, ban, ngành" in xml[0]
    assert "<c:barDir val=\"bar\"/>" in xml[1] and "Chỉ số bình quân theo lĩnh vực" in xml[1]
    # the distribution reads the bands, the area chart the averages, of the summary sheet
    assert "'Tổng hợp'!$B$" in xml[0] and "'Tổng hợp'!$D$" in xml[1]
    assert "drawing" in sheet2_rels  # the charts sit on the summary sheet (the second)


def test_the_provenance_sheet_lists_every_file(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    book, _ = _rank_book(*cohort, tmp_path)
    rows = _rows(book["Nguồn dữ liệu"])
    files = [row for row in rows if row[0] in ("Bộ tiêu chí", "Đầu vào")]
    assert [row[0] for row in files] == ["Bộ tiêu chí"] + ["Đầu vào"] * 4
    assert all(re.fullmatch(r"[0-9a-f]{64}", row[2]) for row in files)


def test_the_same_report_gives_the_same_bytes(cohort: tuple[Path, Path]) -> None:
    criteria, units = cohort
    first = scoring.rank(criteria, [units], scoring.Options(format="xlsx"))
    again = scoring.rank(criteria, [units], scoring.Options(format="xlsx"))
    assert isinstance(first.content, bytes) and first.content[:2] == b"PK"
    assert first.content == again.content


def test_score_workbook_explains_every_point_lost(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    criteria, units = cohort
    target = tmp_path / "phieu.xlsx"
    code, _, err = run("score", "--criteria", criteria, units / "u-c.yaml", units / "u-b.yaml", "--output", target)
    assert code == 0, err
    book = _load(target)
    # a sheet is named after its unit: "/" is not allowed in a sheet name, 31 characters at most
    assert book.sheetnames == ["Tổng hợp", "Đơn vị u-c", '=HYPERLINK("http---x.invalid","', "Nguồn dữ liệu"]
    summary = book["Tổng hợp"]
    assert [c.value for c in summary[5]][:6] == ["u-c", "Đơn vị u-c", "2025", 6, 8, 0.75]
    assert summary["B5"].hyperlink.location == "'Đơn vị u-c'!A1"
    sheet = book["Đơn vị u-c"]
    assert sheet["A1"].value == "Phiếu chấm điểm — Đơn vị u-c"
    header = _find(sheet, "Mã")
    assert [c.value for c in sheet[header]] == ["Mã", "Lĩnh vực / tiêu chí / tiêu chí thành phần", "Điểm tối đa",
                                                 "Điểm đạt", "Tối đa áp dụng", "Trạng thái", "Giải thích"]
    rows = {r[0]: r for r in _rows(sheet)[header:] if r[0]}
    assert rows["1"][:6] == ("1", "Chỉ đạo, điều hành", 4, 0, 2, "đã chấm")
    assert rows["1.1"][:6] == ("1.1", "Kế hoạch", 2, 0, 2, "đã chấm")
    assert rows["1.1"][6].startswith("0/2 điểm — ")  # the point lost, explained (code and title not repeated)
    assert rows["1.2"][3:6] == ("—", "—", "không phát sinh") and rows["1.2"][6].startswith("không phát sinh — ")
    assert rows["2.1"][3] == 3 and rows["2.1"][6] is None  # nothing lost, nothing to explain
    assert sheet.cell(_find(sheet, "1"), 4).number_format == "#,##0.00"


def test_sheet_names_follow_excel() -> None:
    taken: set[str] = set()
    assert sheet_name("a/b:c*d?[e]\\f", taken) == "a-b-c-d--e--f"
    long = "UBND cấp xã, phường — Xã và đặc khu (nhóm 2)"
    assert sheet_name(long, taken) == long[:31].rstrip()
    assert sheet_name(long, taken) == long[:27].rstrip() + " (2)"  # taken: numbered, still 31 at most
    assert sheet_name("A-B-C-D--E--F", taken) == "A-B-C-D--E--F (2)"  # Excel ignores case
    assert sheet_name("'Tổng hợp'", taken) == "Tổng hợp"
    assert sheet_name("history", taken) == "history-"
    assert all(len(name) <= 31 for name in taken)


def test_wrapped_lines_estimate() -> None:
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("abc def", 10) == 1  # 12 characters a line
    assert wrapped_lines("a" * 30, 10) == 3  # 12 + 12 + 6
    assert wrapped_lines("aaaaaaa bbbbbbb", 10) == 2  # the second word does not fit beside the first
    assert wrapped_lines("ab\ncd", 10) == 2


def test_campaign_ranking_workbook_has_every_round_per_unit(tmp_path: Path) -> None:
    target = tmp_path / "chien-dich.xlsx"
    code, _, err = run("rank", "--campaign", CAMPAIGN, "--compare", "self", "--output", target)
    assert code == 0, err
    book = _load(target)
    assert book.sheetnames[:4] == ["UBND cấp xã, phường — Phường", "UBND cấp xã, phường — Xã", "Tổng hợp",
                                   "So với tự đánh giá"]
    assert "Phường An Hòa (HƯ CẤU)" in book.sheetnames and book.sheetnames[-1] == "Nguồn dữ liệu"
    compared = {r[2]: r for r in _rows(book["So với tự đánh giá"]) if r[2] and r[2].startswith("xa-")}
    # xa-hoa-lac gave itself 10,9 (68,13%), third; final 9,9: −1
    assert compared["xa-hoa-lac"][4:] == (10.9, 0.68125, 3, 9.9, 0.61875, "Trung bình", -1)
    _assert_an_hoa(book["Phường An Hòa (HƯ CẤU)"])


def test_delta_workbook(tmp_path: Path) -> None:
    target = tmp_path / "tham-dinh.xlsx"
    code, _, err = run("delta", CAMPAIGN, "--output", target)
    assert code == 0, err
    book = _load(target)
    assert book.sheetnames[:2] == ["Tổng hợp thẩm định", "Các thay đổi lớn nhất"]
    summary = {r[0]: r for r in _rows(book["Tổng hợp thẩm định"]) if r[0]}
    # xa-hoa-lac: 10,9 → 9,9 (round 1) → 9,9; one sub-criterion corrected (2.1)
    assert summary["xa-hoa-lac"][2:5] == (10.9, 0.68125, "Khá") and summary["xa-hoa-lac"][5] == 9.9
    assert summary["xa-hoa-lac"][-1] == 1
    largest = _rows(book["Các thay đổi lớn nhất"])
    assert largest[4][:7] == ("2.1", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "xa-hoa-lac", "Xã Hòa Lạc (HƯ CẤU)", 3,
                              2, -1)
    _assert_an_hoa(book["Phường An Hòa (HƯ CẤU)"])
    one = tmp_path / "mot-don-vi.xlsx"
    code, _, err = run("delta", CAMPAIGN, "--unit", "phuong-an-hoa", "--output", one)
    assert code == 0, err
    assert _load(one).sheetnames == ["Tổng hợp thẩm định", "Các thay đổi lớn nhất", "Phường An Hòa (HƯ CẤU)",
                                     "Nguồn dữ liệu"]


def _assert_an_hoa(sheet: Worksheet) -> None:
    """phuong-an-hoa's 2.1 (max 4): self 4 (196 on time), round 1 3 (180), round 2 4 (190), final 4."""
    header = _find(sheet, "Mã")
    assert [c.value for c in sheet[header]] == [
        "Mã", "Lĩnh vực / tiêu chí / tiêu chí thành phần", "Điểm tối đa", "Tự chấm", "Thẩm định vòng 1",
        "Thẩm định vòng 2", "Kết quả cuối cùng", "Chênh lệch so với tự chấm", "Lý do thay đổi", "Tài liệu kiểm chứng"]
    row = next(r for r in _rows(sheet)[header:] if r[0] == "2.1")
    assert row[2:8] == (4, 4, 3, 4, 4, 0)
    reasons = row[8].split("\n")
    assert reasons[0].startswith("Thẩm định vòng 1: sửa số liệu 'ho_so_dung_han' từ 196 thành 180 — Hệ thống")
    assert reasons[1].startswith("Thẩm định vòng 2: sửa số liệu 'ho_so_dung_han' từ 180 thành 190 — Chấp nhận")
    assert "05/TX-MC" in row[9] and "40/BC-UBND" in row[9]
    totals = next(r for r in _rows(sheet) if r[1] == "Tổng điểm")
    assert totals[3:6] == (13.75, 12.75, 13.75)
    assert sheet.cell(_find(sheet, "2.1"), 4).fill.fgColor.rgb.endswith("FFF2CC")  # touched by a change


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_cohort_ranking_to_pdf(tmp_path: Path) -> None:
    target = tmp_path / "xep-hang-so.xlsx"
    code, _, err = run("rank", "--criteria", COHORT_SET, COHORT, "--output", target)
    assert code == 0, err
    assert SOFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: other LibreOffice runs do not interfere
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "HOME": str(tmp_path)})
    pdf = (tmp_path / "xep-hang-so.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) >= 3  # the ranking, the summary with its charts, the provenance
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:
        text = subprocess.run([pdftotext, "-layout", str(tmp_path / "xep-hang-so.pdf"), "-"], check=True,
                              capture_output=True, timeout=60).stdout.decode("utf-8")
        assert "Bảng xếp hạng năm 2025" in text and "Sở Mẫu 01 (hư cấu)" in text
        assert "Phân bố chỉ số" in text  # a chart's title, drawn


def test_ranking_groups_capped_ratings_and_tie_breaks(tmp_path: Path) -> None:
    from test_ranking_groups import SET as GROUPS_SET
    from test_ranking_groups import write_units

    target = tmp_path / "nhom.xlsx"
    code, _, err = run("rank", "--criteria", GROUPS_SET, write_units(tmp_path / "units"), "--output", target)
    assert code == 0, err
    book = _load(target)
    # "UBND cấp xã, phường — Xã và đặc khu" is 35 characters: the sheet takes the group's name
    assert book.sheetnames[:2] == ["UBND cấp xã, phường — Phường", "Xã và đặc khu"]
    sheet = book["Xã và đặc khu"]
    assert sheet["A2"].value == "Bảng xếp hạng năm 2025 — UBND cấp xã, phường — Xã và đặc khu — 6 đơn vị"
    headers = [c.value for c in sheet[4]]
    assert headers[-2:] == ["Hạ xếp loại", "Phân định hạng"]
    rows = {r[1]: r for r in _rows(sheet)[4:] if r[1]}
    assert rows["x-f"][headers.index("Xếp loại")] == "Khá"
    assert rows["x-f"][-2].startswith("không đạt Xuất sắc vì có vi phạm nghiêm trọng trong năm")
    assert any(r[-1] and "xếp trên x-c (cùng chỉ số) vì điểm trừ ít hơn: 0 so với 1" in r[-1] for r in rows.values())


def test_the_readme_command_writes_the_cohort_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command ranks the shipped cohort, its second runs the tests, and the
    block after them is the first command with `--output xep-hang-so.xlsx`, which writes it as an
    Excel workbook."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    main = blocks[0].strip()[blocks[0].index("parindex rank "):]
    assert blocks[1].strip().endswith("pytest -q")
    assert blocks[2].strip() == f"{main} --output xep-hang-so.xlsx"
    argv = main.split()[1:]
    monkeypatch.chdir(ROOT)
    target = tmp_path / "xep-hang-so.xlsx"  # the same command, written outside the repository
    code, _, err = run(*argv, "--output", target)
    assert code == 0, err
    book = _load(target)
    sheet = book[book.sheetnames[0]]
    units = sorted((ROOT / argv[argv.index("--criteria") + 2]).glob("*.yaml"))
    assert re.fullmatch(rf"Bảng xếp hạng năm \d{{4}} — .+ — {len(units)} đơn vị", sheet["A2"].value)
    headers = [c.value for c in sheet[4]]
    assert headers[3].startswith("1. ") and not any(str(h).startswith("LV ") for h in headers)  # area names
    ids = [sheet.cell(row, 2).value for row in range(5, 5 + len(units))]
    assert sorted(ids) == sorted(yaml_id(u) for u in units)
    index = headers.index("Chỉ số") + 1
    assert all(isinstance(sheet.cell(row, index).value, float) for row in range(5, 5 + len(units)))


def yaml_id(path: Path) -> str:
    return next(line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("unit_id:"))


# -- CSV for Excel ----------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_machine_readable_numbers(cohort: tuple[Path, Path], tmp_path: Path) -> None:
    criteria, units = cohort
    target = tmp_path / "xep-hang.csv"
    code, _, err = run("rank", "--criteria", criteria, units, "--output", target)  # csv from the suffix
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte order mark: Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Loại đơn vị", "Hạng", "Mã đơn vị", "Đơn vị", "LV 1", "LV 2", "Tổng điểm", "Tối đa áp dụng",
                       "Chỉ số (%)", "Xếp loại"]
    # u-c: 0 + 6 = 6 of 8 → 75%; u-d: 4 + 3 = 7 of 10 → 70%; dots, no % sign
    assert rows[2] == ["so", "2", "u-c", "Đơn vị u-c", "0", "6", "6", "8", "75.00", "Khá"]
    assert rows[3] == ["so", "3", "u-d", "Đơn vị u-d", "4", "3", "7", "10", "70.00", "Khá"]
    assert rows[4][3] == "'" + HOSTILE  # a formula-like name stays text
    assert rows[-1][0] == "Nguồn"
    code, out, _ = run("score", "--criteria", criteria, units / "u-c.yaml", "--format", "csv")
    assert code == 0 and out.startswith("\ufeffunit_id,code,")
    assert "u-c,1,Chỉ đạo, điều hành" not in out  # a title with a comma is quoted
    assert '\nu-c,1,"Chỉ đạo, điều hành",1,0,4,2,scored\n' in out  # exact decimals: 0 of 4, applicable 2
