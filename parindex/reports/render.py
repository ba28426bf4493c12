"""Rendering scored units in a format: build the report model once (reports.model), hand it to the
format's writer (reports.registry, one module per format under reports/writers/).

The JSON shape is documented in docs/json-output.md: exact decimals are strings ("0.75"),
display values are rounded half up to the set's declared decimals.

What a file wrote (a unit's name, id, period, a title) can only ever appear as its own text in its
own cell: every writer escapes every cell and line for its format, so a `|`, a newline, an ANSI
escape, a bidi override or a leading `=` cannot forge cells, rows or formulas.
"""

from __future__ import annotations

from parindex.core.errors import Problem
from parindex.criteria.compiler import CompiledSet
from parindex.reports.model import rank_report, score_report
from parindex.reports.registry import formats, write
from parindex.reports.writers.csv import csv_text
from parindex.reports.writers.json import exact, json_text
from parindex.reports.writers.markdown import markdown_text
from parindex.results.ranking import Group
from parindex.results.scorecard import UnitResult

FORMATS = formats()

__all__ = ["FORMATS", "Renderer", "csv_text", "exact", "json_text", "markdown_text"]


class Renderer:
    """The results of one criteria set in one format (a name of `FORMATS`)."""

    def __init__(self, criteria: CompiledSet, fmt: str = "table") -> None:
        self.criteria = criteria
        self.fmt = fmt

    def score(self, results: list[UnitResult], explain: bool) -> str | bytes:
        return write(score_report(self.criteria, results, explain), self.fmt)

    def rank(self, groups: list[Group], refused: list[Problem]) -> str | bytes:
        return write(rank_report(self.criteria, groups, refused), self.fmt)
