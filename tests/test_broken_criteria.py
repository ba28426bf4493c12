"""One broken criteria file per error kind (tests/broken/*.yaml).

Each file says in its header which words the error must contain (`# expect: ...`) and the code of
its kind (`# code: ...`, core.codes), and marks the line the error must point at with `# <-`.
`parindex check` must exit 1 and print `file:line:col: [error] ...` for that line, with no
traceback; the check use case must give a problem of that code at that line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run

from parindex.app.check import check_one
from parindex.core.codes import Code
from parindex.core.errors import Severity

BROKEN = sorted((Path(__file__).parent / "broken").glob("*.yaml"))


def test_there_is_one_file_per_error_kind() -> None:
    assert len(BROKEN) >= 30


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_is_reported_at_its_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
    assert expected is not None
    line = next(n for n, content in enumerate(text.splitlines(), start=1) if content.endswith("# <-"))
    code, out, err = run("check", str(path))
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    errors_at_line = [row for row in err.splitlines() if row.startswith(f"{path}:{line}:") and "[error]" in row]
    assert errors_at_line, err
    assert any(expected.group(1) in row for row in errors_at_line), err


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_has_the_code_of_its_kind_at_its_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    written = re.search(r"^# code: (.+)$", text, re.MULTILINE)
    expected = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
    assert written is not None and expected is not None, "each broken file says its code: '# code: …'"
    code = Code(written.group(1))
    line = next(n for n, content in enumerate(text.splitlines(), start=1) if content.endswith("# <-"))
    checked = check_one(path)
    assert not checked.valid
    found = [p for p in checked.problems if p.line == line and p.severity is Severity.ERROR
             and expected.group(1) in p.message]
    assert [p.code for p in found] == [code], [(p.line, p.code, p.message) for p in checked.problems]


def test_all_problems_are_reported_at_once_sorted_by_line(tmp_path: Path) -> None:
    source = (Path(__file__).parent / "broken" / "band-gap.yaml").read_text(encoding="utf-8")
    broken = source.replace("total_points: 4", "total_points: 5").replace("titel", "title")
    broken = broken.replace("when: bao_cao}", "when: bao_cao = 1}")
    path = tmp_path / "many.yaml"
    path.write_text(broken, encoding="utf-8")
    code, _, err = run("check", str(path))
    assert code == 1
    errors = [row for row in err.splitlines() if "[error]" in row]
    assert len(errors) == 3, err
    lines = [int(row.split(":")[1]) for row in errors]
    assert lines == sorted(lines)
    assert "total_points" in errors[0]
    assert "bị hở" in errors[1]
    assert "'=='" in errors[2]


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    source = (Path(__file__).parent / "cases" / "rules-criteria.yaml").read_text(encoding="utf-8")
    path = tmp_path / "unused.yaml"
    path.write_text(source.replace(
        "  vi_pham: {label: Số vụ vi phạm, kind: count, missing: no_data}\n",
        "  vi_pham: {label: Số vụ vi phạm, kind: count, missing: no_data}\n"
        "  khong_dung: {label: Chỉ số không dùng, kind: count}\n"), encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 0
    assert "[warning] chỉ số 'khong_dung' không được quy tắc nào đọc" in err
    assert "hợp lệ" in out and "1 cảnh báo" in out
