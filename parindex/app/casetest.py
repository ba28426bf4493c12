"""`parindex test CASES…`: run the test cases of criteria sets (intake.cases) and say, in
Vietnamese, which expectations did not hold, each with the case file's line, the value expected and
the value the set gave. The project's own tests/cases run through the same functions
(tests/test_cases.py), so there is one format and one runner.

Each case scores its units together (engine.batch.score_units: relative rules compare them) and
ranks them (results.ranking.rank), then checks each expectation. A case file that cannot be read
(an unknown key, a missing set, a unit's figure the set refuses) is refused with its problems and
its cases are not run; the other files still run. The status is 1 when any case fails, any file
is refused, or no case was run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from parindex.core.errors import InputProblems, Problem, Severity
from parindex.core.numbers import format_number, format_percent, percent_of, round_half_up
from parindex.core.text import shorten
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import score_units
from parindex.intake.cases import Case, CaseFile, CaseUnit, Expectation, case_files, load_case_file
from parindex.reports.casecheck import render_run
from parindex.reports.sentences import Explainer
from parindex.results.casecheck import CaseResult, Mismatch, TestRun
from parindex.results.ranking import rank
from parindex.results.scorecard import STATUS_WORDS, NodeResult, Status, UnitResult


@dataclass
class TestOutcome:
    """What `parindex test` shows: the run (data), its text, and the exit status."""

    __test__ = False  # not a pytest test class

    run: TestRun
    content: str
    status: int
    problems: list[Problem] = field(default_factory=list)


def run_cases(paths: list[Path], verbose: bool = False) -> TestOutcome:
    """Run every case of the case files (or folders of `*.cases.yaml`) named by `paths`."""
    files, problems = case_files(paths)
    run = TestRun(problems=list(problems))
    for path in files:
        run.files.append(str(path))
        try:
            cases = load_case_file(path)
        except InputProblems as exc:
            run.problems.extend(exc.problems)
            run.refused_files.append(str(path))
            continue
        run.problems.extend(cases.warnings)
        run.cases.extend(run_file(cases))
    return TestOutcome(run, render_run(run, verbose), 0 if run.ok else 1,
                       sorted(run.problems, key=Problem.sort_key))


def run_file(cases: CaseFile) -> list[CaseResult]:
    assert cases.criteria is not None
    explainer = Explainer(cases.criteria)
    return [run_case(case, cases.criteria, explainer) for case in cases.cases]


def run_case(case: Case, criteria: CompiledSet, explainer: Explainer | None = None) -> CaseResult:
    """Score the case's units together, rank them, and check every expectation."""
    units = [u.unit for u in case.units if u.unit is not None]
    results = score_units(criteria, units)
    rank(criteria, results)
    explainer = explainer or Explainer(criteria)
    outcome = CaseResult(case.file, case.line, case.name, len(results), 0)
    for unit, result in zip(case.units, results, strict=True):
        _Checker(criteria, explainer, unit, result, outcome).check()
    return outcome


class _Checker:
    def __init__(self, criteria: CompiledSet, explainer: Explainer, unit: CaseUnit, result: UnitResult,
                 outcome: CaseResult) -> None:
        self.criteria = criteria
        self.explainer = explainer
        self.unit = unit
        self.result = result
        self.outcome = outcome
        self.label = f"đơn vị {unit.number} ({shorten(result.unit_id)})"
        self.nodes = {n.code: n for n in result.nodes()} if any(e.node for e in unit.expectations) else {}

    def miss(self, e: Expectation, expected: str, got: str) -> None:
        self.outcome.mismatches.append(Mismatch(e.line, e.col, self.label, e.what, expected, got))

    def check(self) -> None:
        for e in self.unit.expectations:
            self.outcome.checked += 1
            if e.node is not None:
                self.node(e, self.nodes[e.node])
            else:
                self.unit_value(e)

    def number(self, value: Decimal | None) -> str:
        return "—" if value is None else format_number(value)

    def node(self, e: Expectation, node: NodeResult) -> None:
        if e.key in ("points", "applicable", "raw"):
            got = {"points": node.points, "applicable": node.applicable_max, "raw": node.raw}[e.key]
            assert isinstance(e.expected, Decimal)
            if got is None or got != e.expected:
                self.miss(e, format_number(e.expected), self.number(got) + self.why(node))
        elif e.key == "status":
            if node.status.value != e.expected:
                self.miss(e, f"{e.expected} ({STATUS_WORDS[Status(str(e.expected))]})",
                          f"{node.status.value} ({STATUS_WORDS[node.status]})" + self.why(node))
        elif e.key == "matched":
            if node.matched != e.expected:
                self.miss(e, _quoted(e.expected), _quoted(node.matched) + self.why(node))
        elif e.key == "clamped":
            if node.clamped is not e.expected:
                self.miss(e, "có" if e.expected else "không", "có" if node.clamped else "không")
        elif e.key == "explain":
            sentence = self.explainer.sentence(node)
            if str(e.expected) not in sentence:
                self.miss(e, f"câu có «{e.expected}»", f"«{sentence}»")

    def why(self, node: NodeResult) -> str:
        """The node's sentence after a wrong value of a leaf: what the rule read and matched."""
        if not node.is_leaf:
            return ""
        return f" — {self.explainer.sentence(node)}"

    def unit_value(self, e: Expectation) -> None:
        r = self.result
        d = self.criteria.decimals
        if e.key in ("total", "applicable_max"):
            got = r.total if e.key == "total" else r.applicable_max
            if got != e.expected:
                assert isinstance(e.expected, Decimal)
                self.miss(e, format_number(e.expected), format_number(got))
        elif e.key == "index":
            assert isinstance(e.expected, Decimal)
            if r.index is None:
                self.miss(e, f"{format_number(e.expected, e.places)}%", "không có chỉ số (không mục nào phát sinh)")
                return
            exact = percent_of(r.index)
            shown = round_half_up(exact, e.places)
            if shown != e.expected:
                self.miss(e, f"{format_number(e.expected, e.places)}%",
                          f"{format_number(shown, e.places)}% (chính xác: {format_number(exact)}%)")
        elif e.key == "index_percent":
            got_text = format_percent(r.index, d) if r.index is not None else None
            if got_text != e.expected:
                self.miss(e, str(e.expected), got_text or "không có chỉ số")
        elif e.key == "rating":
            if r.rating != e.expected:
                capped = f" (hạ từ {r.rating_capped_from}: {r.rating_cap_reason})" if r.rating_caps else ""
                self.miss(e, str(e.expected), (r.rating or "không xếp loại") + capped)
        elif e.key == "rank":
            if r.rank != e.expected:
                errors = [p for p in r.problems if p.severity is Severity.ERROR]
                why = f" (đơn vị có lỗi: {shorten(errors[0].message, 200)})" if errors else ""
                self.miss(e, str(e.expected), (str(r.rank) if r.rank is not None else "không xếp hạng") + why)
        elif e.key == "group" and r.ranking_group != e.expected:
            self.miss(e, str(e.expected), r.ranking_group or "không thuộc nhóm nào")


def _quoted(value: object) -> str:
    return "không có" if value is None else f"'{value}'"
