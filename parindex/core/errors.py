"""Located problems and the exception types parindex raises.

Every foreign exception (pyyaml, pydantic, simpleeval, decimal, OSError) is wrapped into one of
these at the boundary where it happens, so the CLI only ever sees parindex errors.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from enum import StrEnum

from parindex.core.codes import Code
from parindex.core.text import printable

# A problem is one line on a terminal: a line longer than this is cut, ending in "…". Echoed values
# are already shortened to about 80 characters; only a very long path could reach this.
MAX_LINE = 500


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Cell:
    """A place in a workbook: the sheet's name, its position among the sheets (for sorting), and
    the cell's row and column (1-based); shown as Excel writes it, `Chỉ số!C12`."""

    sheet: str
    row: int
    column: int
    sheet_index: int = 0

    def __str__(self) -> str:
        return f"{self.sheet}!{self.ref}"

    @property
    def ref(self) -> str:
        """The cell without its sheet: `C12`."""
        return f"{column_letter(self.column)}{self.row}"

    def sort_key(self) -> tuple[int, str, int, int]:
        return (self.sheet_index, self.sheet, self.row, self.column)


def column_letter(column: int) -> str:
    """Excel's letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, at a place a person can find.

    `code` names the kind of problem for machines (core.codes, docs/problems.md); `field` is what it
    concerns: the dotted path of the value in its document (`indicators.ty_le_tthc`,
    `areas[2].children[0].max`), or the node code, indicator, derived value or check id of a
    scoring problem; None when it concerns the whole file. Neither is shown on a terminal."""

    file: str
    line: int | None
    col: int | None
    message: str
    _: KW_ONLY
    code: Code
    severity: Severity = Severity.ERROR
    field: str | None = None
    cell: Cell | None = None  # in a workbook: the sheet and cell (`file:Chỉ số!C12:`), line and col None

    def render(self) -> str:
        """One printable line (a file's text echoed in the message or its path cannot act on the
        terminal, break the line or forge another one), at most MAX_LINE characters."""
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        if self.cell is not None:
            where += f":{printable(str(self.cell))}"
        line = f"{where}: [{self.severity}] {printable(self.message)}"
        return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"

    def sort_key(self) -> tuple[str, int, int, tuple[int, str, int, int], str]:
        cell = self.cell.sort_key() if self.cell is not None else (0, "", 0, 0)
        return (self.file, self.line or 0, self.col or 0, cell, self.message)


class ParindexError(Exception):
    """Base of every error parindex raises on purpose."""


class InputProblems(ParindexError):
    """One or more problems found in input files; nothing was scored from them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(p.render() for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


class FormulaError(ParindexError):
    """A formula could not be evaluated for one unit (division by zero, overflow, …)."""


class OutputError(ParindexError):
    """An output file could not be written."""


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
