"""HTML output (`--format html`): one self-contained page — nothing loaded from anywhere, every text
escaped, the ranking table with its exact figures, charts as inline SVG, each unit's explanations —
read back with html.parser; rendered by headless Chromium when it is installed.

The figures are the documented example's (docs/examples/all-rules.yaml, unit-a.yaml), worked out
by hand in the comments; unit B is unit A with the plan fully carried out (19 of 19 targets).
"""

from __future__ import annotations

import base64
import dataclasses
import fnmatch
import hashlib
import os
import re
import shutil
import subprocess
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parindex.app import scoring
from parindex.app.campaign import RankOptions
from parindex.app.campaign import rank as campaign_rank
from parindex.core.text import printable
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.model import stored_report
from parindex.reports.registry import write
from parindex.reports.render import Renderer
from parindex.results.ranking import rank
from parindex.results.store import load_result

ROOT = Path(__file__).resolve().parent.parent.parent
CRITERIA = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
CAMPAIGN = ROOT / "examples" / "chien-dich-2025"
TEMPLATES = ROOT / "parindex" / "reports" / "html" / "templates"


class Page(HTMLParser):
    """What the tests look at: every start tag with its attributes, the text of each table cell (by
    table and row), of <script> and <style>, of SVG <title>s and of list items."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[list[list[str]]] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.svg_titles: list[str] = []
        self.items: list[str] = []
        self._open: list[str] = []
        self._cell: list[str] | None = None
        self._text: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("script", "style", "title", "li"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("script", "style", "title", "li") and self._text is not None:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append(text)
            elif tag == "style":
                self.styles.append(text)
            elif tag == "title" and "svg" in self._open:
                self.svg_titles.append(text)
            elif tag == "li":
                self.items.append(text.strip())
            self._text = None
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._text is not None:
            self._text.append(data)

    def attributes(self, name: str) -> list[str]:
        return [value or "" for _, attrs in self.tags for key, value in attrs.items() if key == name]

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


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


def _made(command: str, units: list[Path], tmp_path: Path) -> str:
    use_case = scoring.rank if command == "rank" else scoring.score
    outcome = use_case(CRITERIA, units, scoring.Options(format="html", output=tmp_path / "ket-qua.html"))
    assert outcome.status == 0, outcome.problems
    assert isinstance(outcome.content, str)
    return outcome.content


# -- self-contained --------------------------------------------------------------------------------


def test_nothing_is_loaded_from_anywhere(tmp_path: Path, unit_b: Path) -> None:
    text = _made("rank", [UNIT_A, unit_b], tmp_path)
    page = Page(text)
    assert page.tags[0] == ("html", {"lang": "vi"})
    assert page.attributes("src") == []  # no image, script or frame from a file or the web
    assert all(href.startswith("#") for href in page.attributes("href"))  # links inside the page only
    assert page.count("link") == page.count("img") == page.count("iframe") == page.count("object") == 0
    assert not [value for _, attrs in page.tags for value in attrs.values() if value and "//" in value]
    assert "url(" not in text and "@import" not in text  # nor from the style sheet
    policy = next(attrs["content"] for tag, attrs in page.tags
                  if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert policy is not None and policy.startswith("default-src 'none';")
    # The one script and the one style sheet run because the policy names their exact hashes.
    assert len(page.scripts) == 1 and len(page.styles) == 1

    def digest(body: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"

    assert f"script-src {digest(page.scripts[0])};" in policy
    assert f"style-src {digest(page.styles[0])};" in policy


def test_the_templates_are_package_data() -> None:
    """A non-editable install (`pip install .`) carries every file of templates/."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["parindex.reports.html"]
    files = [p.relative_to(TEMPLATES.parent).as_posix() for p in TEMPLATES.iterdir()]
    assert {"templates/report.html.j2", "templates/style.css", "templates/sort.js"} <= set(files)
    assert all(any(fnmatch.fnmatch(f, pattern) for pattern in patterns) for f in files)


# -- the table, the charts, the explanations ------------------------------------------------------------


def test_the_ranking_table_holds_the_figures(tmp_path: Path, unit_b: Path) -> None:
    page = Page(_made("rank", [UNIT_A, unit_b], tmp_path))
    ranking = page.tables[0]
    assert ranking[0] == ["Hạng", "Đơn vị", "1. Công tác chỉ đạo, điều hành CCHC (4 điểm)",
                          "2. Cải cách thủ tục hành chính (5 điểm)", "3. Cải cách thể chế (2 điểm)",
                          "Điểm thưởng (tối đa 1 điểm)", "Điểm trừ", "Tổng điểm", "Điểm tối đa áp dụng",
                          "Chỉ số (%)", "Xếp loại"]
    # A: 1,5 + 2,8425 + 0,5 + bonus 0,5 = 5,3425 of 9 applicable (11 less 2.3 and 3.2): 59,36%, Trung bình.
    # B: 1.1.3 full (19 / 19), 2 points more: 7,3425 / 9 = 81,58%, Tốt — first.
    assert ranking[1:] == [
        ["1", "Sở Mẫu B (hư cấu)", "3,5", "2,84", "0,5", "0,5", "0", "7,34", "9", "81,58%", "Tốt"],
        ["2", "Sở Mẫu A (hư cấu)", "1,5", "2,84", "0,5", "0,5", "0", "5,34", "9", "59,36%", "Trung bình"],
    ]
    # The exact figures the sort uses, in the order of the row (rank, areas, bonus, penalty, total, max, index).
    values = [attrs.get("data-v") for tag, attrs in page.tags if tag == "td" and "data-v" in attrs]
    assert values[:10] == ["1", "3.5", "2.8425", "0.5", "0.5", "0", "7.3425", "9", values[8], "2"]
    assert values[8] is not None and values[8].startswith("0.81583")  # 7,3425 / 9


def test_the_charts_are_inline_svg(tmp_path: Path, unit_b: Path) -> None:
    page = Page(_made("rank", [UNIT_A, unit_b], tmp_path))
    # One group: the index distribution, the area averages, and one profile per unit.
    assert page.count("svg") == 2 + 2
    # Index bands of 10 points: A (59,36%) in 50–60%, B (81,58%) in 80–90%.
    assert "Chỉ số 50–60%: 1 đơn vị" in page.svg_titles and "Chỉ số 80–90%: 1 đơn vị" in page.svg_titles
    assert "Chỉ số 60–70%: 0 đơn vị" in page.svg_titles
    # Area 1's average share: A 1,5 / 4 = 37,5%, B 3,5 / 4 = 87,5%; (37,5 + 87,5) / 2 = 62,5%.
    assert "1. Công tác chỉ đạo, điều hành CCHC: 62,5%" in page.svg_titles
    # B's own profile, against that average.
    assert "1. Công tác chỉ đạo, điều hành CCHC: 87,5% (trung bình nhóm 62,5%)" in page.svg_titles
    # Area 2 (applicable 4, 2.3 did not arise): 2,8425 / 4 = 71,06…% for both.
    assert "2. Cải cách thủ tục hành chính: 71,1% (trung bình nhóm 71,1%)" in page.svg_titles


def test_each_unit_has_its_explanations_folded(tmp_path: Path, unit_b: Path) -> None:
    text = _made("rank", [UNIT_A, unit_b], tmp_path)
    page = Page(text)
    details = [attrs for tag, attrs in page.tags if tag == "details"]
    assert len(details) == 2 and all("open" not in attrs for attrs in details)  # folded in a ranking
    assert "1.1.3 Mức độ thực hiện kế hoạch CCHC: 0/2 điểm — tỷ lệ hoàn thành kế hoạch 7 / 19 = 36,84%, thuộc " \
           "mức 'dưới 70%'." in page.items
    tree = page.tables[1]  # B's items, every one of them
    assert tree[0] == ["Mã", "Nội dung", "Điểm tối đa", "Điểm đạt", "Ghi chú"]
    assert [row[0] for row in tree[1:]] == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3", "2", "2.1", "2.1.1", "2.1.2",
                                            "2.1.3", "2.2", "2.3", "3", "3.1", "3.2", "T", "T.1", "T.2", "P", "P.1"]
    assert page.attributes("href")[:2] == ["#nhom-1-dv-1", "#nhom-1-dv-2"]  # a name links to its details
    assert "Nguồn: parindex " in text and "2 tệp đầu vào, sha256 tổng hợp " in text


def test_a_score_page_opens_its_units(tmp_path: Path) -> None:
    page = Page(_made("score", [UNIT_A], tmp_path))
    assert ["open" in attrs for tag, attrs in page.tags if tag == "details"] == [True]
    assert page.count("svg") == 1  # one unit: its profile, no distribution of one index


def test_every_ranking_group_has_its_section(tmp_path: Path) -> None:
    outcome = campaign_rank(CAMPAIGN, RankOptions(format="html", output=tmp_path / "xep-hang.html"))
    assert outcome.status == 0, outcome.problems
    assert isinstance(outcome.content, str)
    page = Page(outcome.content)
    sections = [attrs.get("id") for tag, attrs in page.tags if tag == "section"]
    assert sections == ["nhom-1", "nhom-2"]
    assert page.count("svg") == 2 * (2 + 3)


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title></svg><svg onload=alert(1)>",
    "Sở B\x1b[31m\u202e & <b>đậm</b>",
    "{{ 7*7 }} {% raw %}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_name_stays_text(text: str) -> None:
    criteria = load_criteria(CRITERIA)
    base = score_units(criteria, [load_unit(UNIT_A, criteria)])[0]
    units = [base, dataclasses.replace(base, unit_id=text, name=text, period=text)]
    for output in (Renderer(criteria, "html").rank(rank(criteria, units), []),
                   Renderer(criteria, "html").score(units, explain=True)):
        assert isinstance(output, str)
        page = Page(output)
        assert page.count("script") == 1 and page.count("img") == 0 and page.count("b") == 0
        assert all(not key.startswith("on") for _, attrs in page.tags for key in attrs)
        assert "<script>alert" not in output and "<img" not in output
        names = [row[1] for row in page.tables[0][1:]]
        assert sorted(names) == sorted(["Sở Mẫu A (hư cấu)", printable(text)])  # the text itself, printable
        assert not any(c in output for c in "\x1b\u202e")


# -- headless Chromium ------------------------------------------------------------------------------

CHROMIUM = next((name for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)


def _chromium(page: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr",
                           "--v=0", f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_chromium_renders_the_page_without_console_errors(tmp_path: Path, unit_b: Path) -> None:
    page = tmp_path / "xep-hang.html"
    page.write_text(_made("rank", [UNIT_A, unit_b], tmp_path), encoding="utf-8")
    done = _chromium(page, tmp_path)
    assert done.returncode == 0, done.stderr
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no script error, and nothing the page's policy had to block
    # The script ran: each header of the ranking table became a sort button.
    dom = Page(done.stdout)
    assert sum(1 for tag, _ in dom.tags if tag == "button") == 11


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_chromium_sorts_the_table(tmp_path: Path, unit_b: Path) -> None:
    """The page's own script sorts: a copy of the page whose last script clicks "Đơn vị" (text,
    ascending: A before B, against the ranking) and then "Tổng điểm" twice (numbers, descending)."""
    text = _made("rank", [UNIT_A, unit_b], tmp_path)
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text)
    clicks = ("<script>var b = document.querySelectorAll('table.ranking thead button');"
              "b[1].click(); document.body.setAttribute('data-names', "
              "Array.prototype.map.call(document.querySelectorAll('table.ranking tbody th'), "
              "function (c) { return c.textContent; }).join('|'));"
              "b[7].click(); b[7].click();</script></body>")
    page = tmp_path / "sap-xep.html"
    page.write_text(text.replace("</body>", clicks), encoding="utf-8")
    done = _chromium(page, tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'data-names="Sở Mẫu A (hư cấu)|Sở Mẫu B (hư cấu)"' in done.stdout
    dom = Page(done.stdout)
    assert [row[1] for row in dom.tables[0][1:]] == ["Sở Mẫu B (hư cấu)", "Sở Mẫu A (hư cấu)"]  # 7,34 > 5,34
    assert 'aria-sort="descending"' in done.stdout


def test_a_stored_run_is_shown_without_its_trees(tmp_path: Path, unit_b: Path) -> None:
    """A ranking read back from its JSON has no result trees: the table and charts, and a line saying
    that the explanations need the run scored again."""
    target = tmp_path / "ket-qua.json"
    outcome = scoring.rank(CRITERIA, [UNIT_A, unit_b], scoring.Options(format="json", output=target))
    scoring.save(outcome)
    report = stored_report(load_result(target))
    text = write(report, "html")
    assert isinstance(text, str)
    page = Page(text)
    assert "Kết quả đọc lại từ tệp JSON không có cây điểm chi tiết" in text
    assert page.tables[0][1][:2] == ["1", "Sở Mẫu B (hư cấu)"]
    assert page.count("svg") == 2 + 2 and len(page.tables) == 1  # no tree tables
    annex = write(report, "docx")
    assert isinstance(annex, bytes) and annex.startswith(b"PK")
