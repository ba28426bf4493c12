"""`parindex diff OLD NEW`: what changed between two criteria sets (criteria.diff), rendered by
reports.setdiff as a table, Markdown (for the explanatory note that accompanies a new set) or JSON.
Both sets are read and checked first; the problems of either are all shown and nothing is written."""

from __future__ import annotations

from pathlib import Path

from parindex.app.outcome import Outcome
from parindex.app.output import check_output_path, refuse_overwriting_inputs
from parindex.core.errors import InputProblems, Problem
from parindex.criteria.compiler import CompiledSet
from parindex.criteria.diff import diff_sets
from parindex.intake.sets import load_criteria
from parindex.reports.setdiff import write_diff


def diff(old_path: Path, new_path: Path, fmt: str = "text", output: Path | None = None) -> Outcome:
    outcome = Outcome(output=output)
    try:
        if output is not None:
            check_output_path(output)
            refuse_overwriting_inputs(output, [old_path, new_path])
        sets: list[CompiledSet] = []
        problems: list[Problem] = []
        for path in (old_path, new_path):
            try:
                criteria = load_criteria(path)
            except InputProblems as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(criteria.warnings)
            sets.append(criteria)
        outcome.problems.extend(sorted(problems, key=Problem.sort_key))
        if len(sets) < 2:
            outcome.status = 1
            outcome.notice = "không so sánh được: bộ tiêu chí có lỗi (xem ở trên); không có kết quả nào được ghi"
            return outcome
        outcome.content = write_diff(diff_sets(sets[0], sets[1]), fmt)
    except InputProblems as exc:
        outcome.problems.extend(exc.problems)
        outcome.status, outcome.content = 1, None
    return outcome
