"""Word output (`--format docx`): the ranking as an annex of a decision (landscape A4, Times New
Roman 13, area names in the header, one table per group, the provenance at the end) and a score
sheet per unit with every point lost explained. Opened again with python-docx; converted to PDF by
LibreOffice when it is installed.

The figures are the documented example's (docs/examples/all-rules.yaml, unit-a.yaml), worked out
by hand in the comments; unit B is unit A with the plan fully carried out (19 of 19 targets).
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from parindex.app import scoring
from parindex.app.campaign import RankOptions
from parindex.app.campaign import rank as campaign_rank
from parindex.core.text import printable
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.docx.annex import DECISION
from parindex.reports.render import Renderer
from parindex.results.ranking import rank

ROOT = Path(__file__).resolve().parent.parent.parent
CRITERIA = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
CAMPAIGN = ROOT / "examples" / "chien-dich-2025"
HEADERS = ["Hạng", "Đơn vị", "1. Công tác chỉ đạo, điều hành CCHC (4 điểm)", "2. Cải cách thủ tục hành chính (5 điểm)",
           "3. Cải cách thể chế (2 điểm)", "Điểm thưởng (tối đa 1 điểm)", "Điểm trừ", "Tổng điểm",
           "Điểm tối đa áp dụng", "Chỉ số (%)", "Xếp loại"]


@pytest.fixture
def unit_b(tmp_path: Path) -> Path:
    text = UNIT_A.read_text(encoding="utf-8")
    for old, new in (("unit_id: so-mau-a", "unit_id: so-mau-b"), ("Sở Mẫu A (hư cấu)", "Sở Mẫu B (hư cấu)"),
                     ("chi_tieu_hoan_thanh: 7", "chi_tieu_hoan_thanh: 19")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "unit-b.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _made(command: str, units: list[Path], tmp_path: Path) -> bytes:
    use_case = scoring.rank if command == "rank" else scoring.score
    outcome = use_case(CRITERIA, units, scoring.Options(format="docx", output=tmp_path / "ket-qua.docx"))
    assert outcome.status == 0, outcome.problems
    assert isinstance(outcome.content, bytes)
    return outcome.content


def _open(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def _rows(table: docx.table.Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


# -- the ranking annex ----------------------------------------------------------------------------


def test_the_annex_is_landscape_a4_in_times_new_roman_13(tmp_path: Path, unit_b: Path) -> None:
    document = _open(_made("rank", [UNIT_A, unit_b], tmp_path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # stored in twips
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    texts = _texts(document)
    assert texts[:4] == ["Phụ lục", "KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025", "SỞ, BAN, NGÀNH", DECISION]
    assert DECISION == "(Kèm theo Quyết định số …/QĐ-… ngày … tháng … năm … của …)"
    assert document.paragraphs[0].runs[0].bold and document.paragraphs[3].runs[0].italic


def test_the_annex_table_has_area_names_and_the_units_figures(tmp_path: Path, unit_b: Path) -> None:
    document = _open(_made("rank", [UNIT_A, unit_b], tmp_path))
    assert len(document.tables) == 1
    rows = _rows(document.tables[0])
    assert rows[0] == HEADERS
    # Unit A: areas 1,5 + 2,8425 + 0,5 = 4,8425, bonus 0,5, no penalty: total 5,3425 (shown 5,34);
    # applicable maximum 11 − 1 (2.3, no survey) − 1 (3.2, no law to issue) = 9; index 5,3425 / 9 =
    # 0,59361… → 59,36%, "Trung bình" (below 65%).
    # Unit B: 1.1.3 reaches 19 / 19 = 100% of its targets, 2 points more: area 1 3,5, total 7,3425,
    # index 7,3425 / 9 = 0,81583… → 81,58%, "Tốt" (80% to 90%); it ranks first.
    assert rows[1:] == [
        ["1", "Sở Mẫu B (hư cấu)", "3,5", "2,84", "0,5", "0,5", "0", "7,34", "9", "81,58%", "Tốt"],
        ["2", "Sở Mẫu A (hư cấu)", "1,5", "2,84", "0,5", "0,5", "0", "5,34", "9", "59,36%", "Trung bình"],
    ]
    header = document.tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    cell_run = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert cell_run.font.size == Pt(11)  # a wide table: 11 points, in the document's Times New Roman


def test_the_annex_ends_with_the_provenance_in_small_print(tmp_path: Path, unit_b: Path) -> None:
    document = _open(_made("rank", [UNIT_A, unit_b], tmp_path))
    last = document.paragraphs[-1]
    assert last.text.startswith("Nguồn: parindex ") and "bộ tiêu chí all-rules.yaml sha256 " in last.text
    assert "2 tệp đầu vào, sha256 tổng hợp " in last.text
    assert last.runs[0].font.size == Pt(9)


def test_the_same_ranking_gives_the_same_bytes(tmp_path: Path, unit_b: Path) -> None:
    first, second = _made("rank", [UNIT_A, unit_b], tmp_path), _made("rank", [UNIT_A, unit_b], tmp_path)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "dcterms:created" not in core and "dcterms:modified" not in core


def test_one_table_per_ranking_group_with_its_notes(tmp_path: Path) -> None:
    outcome = campaign_rank(CAMPAIGN, RankOptions(format="docx", output=tmp_path / "xep-hang.docx"))
    assert outcome.status == 0, outcome.problems
    assert isinstance(outcome.content, bytes)
    document = _open(outcome.content)
    texts = _texts(document)
    assert "I. UBND CẤP XÃ, PHƯỜNG — PHƯỜNG (3 đơn vị)" in texts
    assert "II. UBND CẤP XÃ, PHƯỜNG — XÃ (3 đơn vị)" in texts
    assert len(document.tables) == 2
    assert [row[1] for row in _rows(document.tables[0])[1:]] == [
        "Phường Bình Minh (HƯ CẤU)", "Phường An Hòa (HƯ CẤU)", "Phường Cát Tường (HƯ CẤU)"]
    # A rating capped by its condition is said under the table, not lost in a cell.
    assert any(t.startswith("- Xã Đông Sơn (HƯ CẤU): xếp loại Tốt, không đạt Xuất sắc vì có vi phạm nghiêm trọng")
               for t in texts)


# -- the score sheets -------------------------------------------------------------------------------


def test_the_score_sheet_lists_every_item_with_its_maximum_and_points(tmp_path: Path) -> None:
    document = _open(_made("score", [UNIT_A], tmp_path))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert _texts(document)[0] == "PHIẾU CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025"
    rows = _rows(document.tables[0])
    assert rows[0] == ["Mã", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Điểm đạt", "Ghi chú"]
    codes = [row[0] for row in rows[1:]]
    assert codes == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.3",
                     "3", "3.1", "3.2", "T", "T.1", "T.2", "P", "P.1", ""]
    by_code = {row[0]: row for row in rows[1:]}
    # 1.1.3: 7 of 19 targets = 36,84%, below 70%: 0 of 2 points.
    assert by_code["1.1.3"][2:] == ["2", "0", ""]
    # 2.3 did not arise (no survey answers): no points, said so.
    assert by_code["2.3"][2:] == ["1", "—", "không phát sinh"]
    # The last row: total 5,3425 shown 5,34 of the applicable 9.
    assert rows[-1] == ["", "Tổng điểm (trên điểm tối đa áp dụng)", "9", "5,34", ""]


def test_the_score_sheet_explains_every_point_lost(tmp_path: Path) -> None:
    texts = _texts(_open(_made("score", [UNIT_A], tmp_path)))
    assert "GIẢI THÍCH ĐIỂM CHẤM" in texts
    assert "- 1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch 7 / 19 = 36,84%, thuộc " \
           "mức 'dưới 70%'." in texts
    # 3 late files at 0,25 each: 1 − 0,75 = 0,25 of 1.
    assert "- 2.1.2 Hồ sơ giải quyết trễ hạn: 0,25/1 điểm — số hồ sơ giải quyết trễ hạn: 3; trừ 3 × 0,25 = 0,75 " \
           "điểm." in texts
    lost = [t for t in texts if t.startswith("- ") and "không phát sinh" not in t]
    assert len(lost) == 6  # 1.1.1, 1.1.3, 2.1.1, 2.1.2, 2.1.3, 3.1 lost points (as `score --explain` says)
    assert "Tổng điểm: 5,34/9 (điểm tối đa áp dụng); chỉ số: 59,36%; xếp loại: Trung bình (các lĩnh vực 4,84, " \
           "thưởng 0,5, trừ 0)." in texts


def test_each_unit_has_its_own_pages_numbered_from_one(tmp_path: Path, unit_b: Path) -> None:
    document = _open(_made("score", [UNIT_A, unit_b], tmp_path))
    assert len(document.tables) == 2 and len(document.sections) == 2
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections]
    assert starts[0] is None and starts[1].get(qn("w:start")) == "1"
    names = [p.text for p in document.paragraphs if p.text.startswith("Đơn vị: ")]
    assert names == ["Đơn vị: Sở Mẫu A (hư cấu)", "Đơn vị: Sở Mẫu B (hư cấu)"]


@pytest.mark.parametrize("text", ["Sở B\x1b[31m\u202e<w:t>", "=HYPERLINK(\"x\")", "Sở \ud800 B\x00"])
def test_a_hostile_name_is_its_own_printable_text(text: str) -> None:
    criteria = load_criteria(CRITERIA)
    base = score_units(criteria, [load_unit(UNIT_A, criteria)])[0]
    units = [base, dataclasses.replace(base, unit_id="so-mau-x", name=text)]
    renderer = Renderer(criteria, "docx")
    content = renderer.rank(rank(criteria, units), [])
    assert isinstance(content, bytes)
    annex = _open(content)
    names = [row[1] for row in _rows(annex.tables[0])[1:]]
    assert sorted(names) == sorted(["Sở Mẫu A (hư cấu)", printable(text)])  # each in its own row, printable
    content = renderer.score(units, explain=True)
    assert isinstance(content, bytes)
    sheets = _open(content)
    assert [p.text for p in sheets.paragraphs if p.text.startswith("Đơn vị: ")] == [
        "Đơn vị: Sở Mẫu A (hư cấu)", f"Đơn vị: {printable(text)}"]


# -- LibreOffice ------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("command", ["rank", "score"])
def test_libreoffice_converts_the_document_to_pdf(tmp_path: Path, unit_b: Path, command: str) -> None:
    source = tmp_path / f"{command}.docx"
    source.write_bytes(_made(command, [UNIT_A, unit_b], tmp_path))
    profile = tmp_path / "lo-profile"  # its own profile: no clash with a LibreOffice already running
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=180,
                          env={**os.environ, "HOME": str(tmp_path)})
    pdf = tmp_path / f"{command}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        assert ("Phụ lục" if command == "rank" else "PHIẾU CHẤM ĐIỂM") in text
        assert "Sở Mẫu B (hư cấu)" in text


def test_a_ranking_beside_the_self_assessment_is_refused_in_word(tmp_path: Path) -> None:
    """`--compare self` has text tables only: a .docx holding a text table would not open."""
    target = tmp_path / "so-sanh.docx"
    outcome = campaign_rank(CAMPAIGN, RankOptions(compare="self", format="docx", output=target))
    assert outcome.status == 1 and outcome.content is None
    assert outcome.notice == "--compare self chưa ghi được định dạng docx; dùng table, markdown, csv hoặc json"
    assert not target.exists()
