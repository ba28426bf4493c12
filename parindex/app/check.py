"""`check`: confirm criteria sets, or list every problem of each."""

from __future__ import annotations

from pathlib import Path

from parindex.app.outcome import CheckedSet, CheckOutcome
from parindex.core.errors import InputProblems, Problem
from parindex.core.numbers import ZERO, format_number
from parindex.core.text import printable
from parindex.criteria.compiler import CompiledSet
from parindex.intake.sets import load_criteria


def check(paths: list[Path]) -> CheckOutcome:
    return CheckOutcome([check_one(path) for path in paths])


def check_one(path: Path) -> CheckedSet:
    try:
        compiled = load_criteria(path)
    except InputProblems as exc:
        errors = len(exc.errors)
        return CheckedSet(path, exc.problems, False,
                          f"{printable(str(path))}: {errors} lỗi, {len(exc.problems) - errors} cảnh báo")
    counts = compiled.summary()
    line = (f"{printable(str(path))}: hợp lệ — {printable(compiled.spec.title)} ({compiled.spec.year}): "
            f"{counts['areas']} lĩnh vực, "
            f"{counts['criteria']} tiêu chí, {counts['sub_criteria']} tiêu chí thành phần, "
            f"{counts['leaves']} mục chấm điểm, tổng {format_number(compiled.spec.total_points)} điểm"
            f"{_blocks(compiled)}; {len(compiled.warnings)} cảnh báo")
    return CheckedSet(path, sorted(compiled.warnings, key=Problem.sort_key), True, line)


def _blocks(compiled: CompiledSet) -> str:
    extra = []
    if compiled.bonus:
        extra.append(f"thưởng tối đa {format_number(sum((b.max for b in compiled.bonus), ZERO))}")
    if compiled.penalties:
        extra.append(f"trừ tối đa {format_number(sum((p.max for p in compiled.penalties), ZERO))}")
    return f" (+ {', '.join(extra)})" if extra else ""
