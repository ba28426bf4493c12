"""`parindex trends RESULT.json…`: a unit's index, rank, rating and per-area points year by year,
from stored results of several years (results.store reads them, results.trends joins them,
reports.trends renders them). Every result file is read first: the problems of all of them are
shown and nothing is written."""

from __future__ import annotations

from pathlib import Path

from parindex.app.outcome import Outcome
from parindex.app.output import check_output_path, refuse_overwriting_inputs
from parindex.core.errors import InputProblems, Problem
from parindex.reports.trends import write_trends
from parindex.results.store import StoredRun, load_result
from parindex.results.trends import build_trends


def trends(paths: list[Path], fmt: str = "table", output: Path | None = None) -> Outcome:
    outcome = Outcome(output=output)
    try:
        if output is not None:
            check_output_path(output)
            refuse_overwriting_inputs(output, paths)
        runs: list[tuple[str, StoredRun]] = []
        problems: list[Problem] = []
        for path in paths:
            try:
                runs.append((str(path), load_result(path)))
            except InputProblems as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputProblems(problems)
        outcome.content = write_trends(build_trends(runs), fmt)
    except InputProblems as exc:
        outcome.problems.extend(exc.problems)
        outcome.status, outcome.content = 1, None
    return outcome
