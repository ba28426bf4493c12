"""One broken criteria file per error kind (tests/broken/*.yaml).

Each file says in its header which words the error must contain (`# expect: ...`) and marks the
line the error must point at with `# <-`. `parindex check` must exit 1 and print
`file:line:col: [error] ...` for that line, with no traceback.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run

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
