"""What a use case hands back: data only, for the command line (or a web page) to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parindex.core.errors import InputProblems, ParindexError, Problem
from parindex.results.ranking import Group
from parindex.results.scorecard import UnitResult


@dataclass
class Outcome:
    """The result of `score` or `rank`.

    `problems` are to be shown in this order (each file's own problems sorted); `notice` is one
    closing line about the run (why nothing was written); `content` is the rendered output, to be
    written to `output` (`app.save`) or shown; `status` is the exit code (0 ok, 1 problems).
    """

    status: int = 0
    problems: list[Problem] = field(default_factory=list)
    notice: str | None = None
    results: list[UnitResult] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    content: str | bytes | None = None
    output: Path | None = None


def run_use_case(work: Callable[[Outcome], None], output: Path | None = None) -> Outcome:
    """The outcome `work` fills; input problems or a parindex error end it with status 1 and no
    content (the problems kept, the error as the notice)."""
    outcome = Outcome(output=output)
    try:
        work(outcome)
    except InputProblems as exc:
        outcome.problems.extend(exc.problems)
        outcome.status, outcome.content = 1, None
    except ParindexError as exc:
        outcome.notice = str(exc)
        outcome.status, outcome.content = 1, None
    return outcome


@dataclass
class CheckedSet:
    """One criteria file checked: its problems (sorted), and a summary line when it is valid or a
    count of its errors and warnings when it is not."""

    path: Path
    problems: list[Problem]
    valid: bool
    line: str


@dataclass
class CheckOutcome:
    sets: list[CheckedSet]

    @property
    def status(self) -> int:
        return 0 if all(s.valid for s in self.sets) else 1
