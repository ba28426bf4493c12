"""The text of a run of test cases (`parindex test`): one line per failed expectation, naming the
case file and line, what was checked, the value expected and the value the set gave; a heading per
failed case (and per passed case with `--verbose`); a summary line."""

from __future__ import annotations

from parindex.core.text import printable
from parindex.results.casecheck import CaseResult, Mismatch, TestRun


def _place(file: str, line: int | None, col: int | None = None) -> str:
    where = file
    if line is not None:
        where += f":{line}"
        if col is not None:
            where += f":{col}"
    return where


def mismatch_line(file: str, m: Mismatch) -> str:
    """`tệp:dòng:cột: đơn vị 1 (u1), điểm mục 1.1: cần 1, được 0,5 — <câu giải thích>`."""
    return printable(f"{_place(file, m.line, m.col)}: {m.unit}, {m.what}: cần {m.expected}, được {m.got}")


def case_lines(case: CaseResult, verbose: bool = False) -> list[str]:
    if case.passed:
        if not verbose:
            return []
        return [printable(f"ĐẠT        {_place(case.file, case.line)} «{case.name}» "
                          f"({case.checked} kiểm tra, {case.units} đơn vị)")]
    failed = len(case.mismatches)
    head = printable(f"KHÔNG ĐẠT  {_place(case.file, case.line)} «{case.name}»: {failed} điều không đúng "
                     f"trong {case.checked} kiểm tra")
    return [head, *(f"  {mismatch_line(case.file, m)}" for m in case.mismatches)]


def summary(run: TestRun) -> str:
    files = len(run.files)
    line = (f"Kết quả: {len(run.cases)} trường hợp trong {files} tệp: {run.passed} đạt, "
            f"{run.failed} không đạt")
    if run.refused_files:
        line += f"; {len(run.refused_files)} tệp bị từ chối (xem lỗi ở trên), các trường hợp của tệp đó chưa được chạy"
    if not run.cases and not run.refused_files:
        line += "; không có trường hợp nào được chạy"
    return line + "."


def render_run(run: TestRun, verbose: bool = False) -> str:
    lines = [line for case in run.cases for line in case_lines(case, verbose)]
    if lines:
        lines.append("")
    lines.append(summary(run))
    return "\n".join(lines) + "\n"
