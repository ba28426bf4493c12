"""The user guide (docs/huong-dan-su-dung.md) and the README's Windows commands say what parindex
does: every command shown parses, every link and screenshot exists, the messages shown are the
messages parindex writes."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import run

from parindex.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "huong-dan-su-dung.md"
README = ROOT / "README.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def _commands(path: Path) -> list[str]:
    """Every `parindex …` line of the sh and bat blocks of a document, without its comment."""
    found = []
    for block in re.findall(r"```(?:sh|bat)\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            if "parindex " in line and not line.lstrip().startswith("#"):
                found.append(re.split(r"\s+#", line[line.index("parindex "):])[0].strip())
    return found


def _text_blocks() -> list[str]:
    return re.findall(r"```text\n(.*?)```", TEXT, re.DOTALL)


@pytest.mark.parametrize("command", _commands(GUIDE) + _commands(README))
def test_every_command_shown_parses(command: str) -> None:
    argv = shlex.split(command.replace("\\", "/"))[1:]  # Windows paths as the shell hands them over
    try:
        _parser().parse_args(argv)
    except SystemExit as exc:  # --help
        assert exc.code == 0, command


def test_the_guide_shows_every_command_and_the_installs() -> None:
    shown = " ".join(_commands(GUIDE))
    for command in ("check", "template", "score", "rank", "campaign init", "campaign status", "appraise", "delta"):
        assert f"parindex {command} " in shown, command
    for suffix in (".xlsx", ".docx", ".html"):
        assert f"--output xep-hang-so-2025{suffix}" in shown or f"--output phu-luc-xep-hang{suffix}" in shown
    windows = ["py -m venv .venv", ".venv\\Scripts\\activate", "py -m pip install ."]
    for document in (TEXT, README.read_text(encoding="utf-8")):
        lines = [line.strip() for line in document.splitlines()]
        assert all(command in lines for command in windows)


def test_links_and_screenshots_exist() -> None:
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", TEXT)
    local = [t for t in targets if not t.startswith(("http://", "https://"))]
    assert {"campaign.md", "problems.md", "images/xep-hang-xlsx.png", "images/mau-bieu-xlsx.png",
            "images/xep-hang-docx.png", "images/phieu-cham-diem-docx.png", "images/xep-hang-html.png"} <= set(local)
    missing = [t for t in local if not (GUIDE.parent / t).is_file()]
    assert missing == []
    for image in (t for t in local if t.endswith(".png")):
        assert (GUIDE.parent / image).stat().st_size < 150_000, image  # small enough for the repository


def test_the_guide_links_from_the_readme() -> None:
    assert "(docs/huong-dan-su-dung.md)" in README.read_text(encoding="utf-8")


def test_check_output_is_as_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("check", "criteria/2025/so.yaml")
    assert code == 0 and out in _text_blocks()


def test_unit_errors_are_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example: a department's file with a wrong choice on line 9 and a negative count on line 13."""
    text = (ROOT / "sample_units" / "cohort" / "so" / "so-mau-01.yaml").read_text(encoding="utf-8")
    text = text.replace("  ke_hoach_cchc: kip_thoi\n", "  ke_hoach_cchc: sai_gia_tri\n")
    text = text.replace("  chi_tieu_ke_hoach: 33\n", "  chi_tieu_ke_hoach: -5\n")
    (tmp_path / "so-tu-phap.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "criteria" / "2025" / "so.yaml", tmp_path / "so.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("score", "--criteria", "so.yaml", "so-tu-phap.yaml")
    assert code == 1 and out == ""
    assert err in _text_blocks()


def test_encoding_error_is_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "Sá" in Windows-1258: byte 0xE1 for "á", the 13th character of line 2
    (tmp_path / "so-tu-phap.yaml").write_bytes(b"unit_id: so-tu-phap\nunit_name: S\xe1 T\xf4\n")
    monkeypatch.chdir(tmp_path)
    _, _, err = run("score", "--criteria", ROOT / "criteria" / "2025" / "so.yaml", "so-tu-phap.yaml")
    first = err.splitlines()[0]
    assert first.startswith("so-tu-phap.yaml:2:13: [error] tệp không phải mã UTF-8 (byte 0xE1)")
    assert first + "\n" in _text_blocks()


def test_usage_error_is_as_shown() -> None:
    code, _, err = run("rank", "--format", "xml")
    assert code == 2
    usage, message = err.splitlines()[0], err.splitlines()[-1]
    shown = next(block for block in _text_blocks() if block.startswith("cách dùng:")).splitlines()
    assert usage.startswith(shown[0].removesuffix(" …"))
    assert message.startswith(shown[1].removesuffix(" …"))


def test_excel_errors_are_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same two mistakes in the Excel form `parindex template` makes, filled as an officer would."""
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.chdir(tmp_path)
    criteria = ROOT / "criteria" / "2025" / "so.yaml"
    assert run("template", "--criteria", criteria, "--output", "mau.xlsx").code == 0
    book = openpyxl.load_workbook("mau.xlsx")
    sheet = book["Chỉ số"]
    sheet["E4"], sheet["E5"] = "so-tu-phap", "Sở Tư pháp"  # the header: Mã đơn vị, Tên đơn vị
    for row in sheet.iter_rows(min_row=13):
        if row[0].value == "ke_hoach_cchc":
            row[4].value = "sai"
        elif row[0].value == "chi_tieu_ke_hoach":
            row[4].value = -5
    book.save("so-tu-phap.xlsx")
    code, _, err = run("score", "--criteria", criteria, "so-tu-phap.xlsx")
    assert code == 1
    assert err in _text_blocks()  # the rows of the two indicators: E15 and E19
