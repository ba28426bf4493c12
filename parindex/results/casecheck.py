"""What a run of test cases gives (`parindex test`): per case, each expectation that did not hold,
with its place in the case file and the expected and obtained values as a person reads them.
Data only: app.casetest fills it, reports.casecheck renders it."""

from __future__ import annotations

from dataclasses import dataclass, field

from parindex.core.errors import Problem


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation that did not hold: where it is written, the unit ("đơn vị 2 (so-b)"), what
    was checked ("điểm mục 1.1"), what the case expected and what the set gave, both as shown."""

    line: int | None
    col: int | None
    unit: str
    what: str
    expected: str
    got: str


@dataclass
class CaseResult:
    file: str
    line: int | None
    name: str
    units: int
    checked: int  # expectations checked
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass
class TestRun:
    """Every case file named: the cases run, and the files refused (their problems) or their warnings."""

    __test__ = False  # not a pytest test class

    files: list[str] = field(default_factory=list)
    cases: list[CaseResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    refused_files: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    @property
    def failed(self) -> int:
        return len(self.cases) - self.passed

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.refused_files and bool(self.cases)
