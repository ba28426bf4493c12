"""The format of an output: --format, else the suffix of --output; contradictions and binary formats
on a terminal are usage errors found before anything is read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import ROOT

from parindex.app.formats import FormatChoiceError, choose_format
from parindex.cli import main

OFFERED = ("table", "markdown", "csv", "json", "xlsx", "docx", "html")
MISSING = ROOT / "khong-co" / "bo-tieu-chi.yaml"  # never read: the usage error comes first
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"


@pytest.mark.parametrize(("name", "fmt"), [
    ("xep-hang.xlsx", "xlsx"), ("Phu-luc.DOCX", "docx"), ("bang.html", "html"), ("bang.htm", "html"),
    ("ket-qua.csv", "csv"), ("ket-qua.json", "json"), ("ket-qua.md", "markdown"), ("ket-qua.txt", "table"),
    ("ket-qua", "table"), ("ket-qua.out", "table"),
])
def test_the_suffix_names_the_format(name: str, fmt: str) -> None:
    assert choose_format(None, Path(name), OFFERED) == fmt


def test_an_explicit_format_that_agrees_or_a_text_file() -> None:
    assert choose_format("xlsx", Path("a.xlsx"), OFFERED) == "xlsx"
    assert choose_format("csv", None, OFFERED) == "csv"
    assert choose_format("markdown", Path("ghi-chu.txt"), OFFERED) == "markdown"  # .txt takes any text format
    assert choose_format("csv", Path("ket-qua.dat"), OFFERED) == "csv"  # an unknown suffix does not contradict
    assert choose_format("text", Path("a.txt"), (*OFFERED, "text")) == "table"  # `delta --format text`
    assert choose_format(None, None, OFFERED) == "table"


@pytest.mark.parametrize(("given", "name", "words"), [
    ("csv", "ket-qua.xlsx", "--format csv không khớp với tệp kết quả 'ket-qua.xlsx' (đuôi .xlsx là định dạng xlsx)"),
    ("xlsx", "ket-qua.txt", "đặt tên tệp đuôi .xlsx"),
    ("table", "ket-qua.json", "hãy bỏ --format để ghi json"),
    (None, "ket-qua.xls", "parindex không ghi tệp .xls ('ket-qua.xls'); hãy đặt tên tệp kết quả với đuôi .xlsx"),
    (None, "ket-qua.pdf", "parindex không ghi tệp .pdf"),
    ("table", "ket-qua.pdf", "parindex không ghi tệp .pdf"),
])
def test_contradictions_are_refused(given: str | None, name: str, words: str) -> None:
    with pytest.raises(FormatChoiceError, match=None) as caught:
        choose_format(given, Path(name), OFFERED)
    assert words in str(caught.value)


def test_a_suffix_of_a_format_the_command_does_not_write() -> None:
    with pytest.raises(FormatChoiceError) as caught:
        choose_format(None, Path("ket-qua.xlsx"), ("table", "markdown", "csv", "json"))
    assert str(caught.value) == ("lệnh này không ghi được định dạng xlsx (đuôi .xlsx của 'ket-qua.xlsx'); các định "
                                 "dạng ghi được: table, markdown, csv, json")
    # a unit file's suffix is no format of a report: the table (an input is never overwritten: app.output)
    assert choose_format(None, Path("don-vi.yaml"), OFFERED) == "table"
    assert choose_format(None, Path("mau-bieu.yaml"), ("yaml", "xlsx"), default="xlsx") == "yaml"  # template


def test_a_binary_format_needs_an_output_on_a_terminal() -> None:
    with pytest.raises(FormatChoiceError) as caught:
        choose_format("xlsx", None, OFFERED, terminal=True)
    assert "không hiện được trên màn hình; hãy thêm --output TỆP.xlsx" in str(caught.value)
    assert choose_format("xlsx", None, OFFERED, terminal=False) == "xlsx"  # `> xep-hang.xlsx`: allowed
    assert choose_format("csv", None, OFFERED, terminal=True) == "csv"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _cli(*argv: str | Path, out: io.StringIO | None = None) -> tuple[int, str]:
    err = io.StringIO()
    code = main([str(a) for a in argv], stdout=out or io.StringIO(), stderr=err)
    return code, err.getvalue()


def test_the_command_line_refuses_before_reading_anything(tmp_path: Path) -> None:
    target = tmp_path / "ket-qua.xlsx"
    code, err = _cli("rank", "--criteria", MISSING, tmp_path, "--format", "csv", "--output", target)
    assert code == 2 and "--format csv không khớp với tệp kết quả 'ket-qua.xlsx'" in err
    assert "khong-co" not in err and not target.exists()  # the missing criteria file was never opened
    code, err = _cli("score", "--criteria", MISSING, UNIT_A, "--format", "xlsx", out=_Terminal())
    assert code == 2 and "định dạng xlsx là tệp Excel, không hiện được trên màn hình" in err
    code, err = _cli("delta", tmp_path, "--output", tmp_path / "tham-dinh.docx")
    assert code == 2 and "lệnh này không ghi được định dạng docx" in err
    code, err = _cli("campaign", "status", tmp_path, "--output", tmp_path / "tinh-trang.xlsx")
    assert code == 2 and "lệnh này không ghi được định dạng xlsx" in err


def test_the_command_line_writes_the_format_of_the_suffix(tmp_path: Path) -> None:
    for name, start in (("ket-qua.xlsx", b"PK\x03\x04"), ("ket-qua.csv", "\ufeffunit_id,".encode()),
                        ("ket-qua.json", b"{"), ("ket-qua.md", "## Sở Mẫu A (hư cấu)".encode())):
        target = tmp_path / name
        code, err = _cli("score", "--criteria", EXAMPLE, UNIT_A, "--output", target)
        assert code == 0, err
        assert target.read_bytes().startswith(start), name
