"""A problem is one printable line: a file's text echoed in a message (or a path with odd
characters) cannot act on the terminal, break the line or forge another problem, and a line is
never longer than errors.MAX_LINE characters."""

from __future__ import annotations

import pytest

from parindex.core.codes import Code
from parindex.core.errors import MAX_LINE, Problem, Severity
from parindex.core.text import is_unsafe, printable

from .conftest import CRITERIA, Workspace, run


@pytest.mark.parametrize("message", [
    "giá trị 'a\nb.yaml:1: [error] giả' không hợp lệ",        # a forged second problem
    "giá trị '\x1b[2J\x1b[31mđỏ' không hợp lệ",                 # ANSI: clear screen, colour
    "giá trị '\u202eexe.gnp' không hợp lệ",                      # bidi override
    "giá trị '\x00\x7f\x85\ud800' không hợp lệ",                 # NUL, DEL, C1, lone surrogate
])
def test_message_is_one_printable_line(message: str) -> None:
    line = Problem("don-vi/a.yaml", 4, 2, message, code=Code.UNIT_VALUE_TYPE).render()
    assert "\n" not in line and "\r" not in line
    assert not [c for c in line if is_unsafe(c)], repr(line)
    assert line.startswith("don-vi/a.yaml:4:2: [error] giá trị '")
    line.encode("utf-8")


@pytest.mark.parametrize("path", ["don-vi/a\nb.yaml", "don-vi/\x1b[31ma.yaml", "don-vi/\u202elmay.exe", "\udcff.yaml"])
def test_odd_path_is_printable(path: str) -> None:
    line = Problem(path, 1, None, "tệp rỗng", code=Code.YAML_EMPTY, severity=Severity.WARNING).render()
    assert not [c for c in line if is_unsafe(c)], repr(line)
    assert line.endswith(": [warning] tệp rỗng")


@pytest.mark.parametrize("length", [MAX_LINE + 1, 5_000, 500_000])
def test_long_line_is_capped(length: int) -> None:
    line = Problem("a.yaml", 1, None, "x" * length, code=Code.YAML_SYNTAX).render()
    assert len(line) == MAX_LINE
    assert line.endswith("…")
    assert line.startswith("a.yaml:1: [error] xxx")


def test_line_at_the_cap_is_not_cut() -> None:
    message = "x" * (MAX_LINE - len("a.yaml:1: [error] "))
    line = Problem("a.yaml", 1, None, message, code=Code.YAML_SYNTAX).render()
    assert len(line) == MAX_LINE and not line.endswith("…")


def test_folder_with_a_newline_in_its_name_is_named_printably(ws: Workspace) -> None:
    missing = ws.folder / "don-vi\n/tmp/x.yaml: [error] giả"
    result = run("rank", "--criteria", CRITERIA, missing)
    assert result.code == 1 and result.out == ""
    assert len(result.err.splitlines()) == 1, result.err
    assert "don-vi\\n/tmp/x.yaml: [error] giả: [error] không tìm thấy tệp hoặc thư mục" in result.err


@pytest.mark.parametrize("name", ["bo\x1b[31m.yaml", "bo\nxong.yaml", "bo\u202elmay.yaml"])
def test_check_names_an_odd_criteria_path_printably(ws: Workspace, name: str) -> None:
    criteria = ws.criteria(name)
    result = run("check", criteria)
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1 and not [c for c in result.out if is_unsafe(c) and c != "\n"]
    assert result.out.startswith(str(ws.folder / printable(name)) + ": hợp lệ — ")
