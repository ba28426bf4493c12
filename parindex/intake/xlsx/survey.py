"""A survey answer sheet in a workbook: the rows of the sheet "Phiếu điều tra" (`parindex template
--survey`), or of the workbook's first visible sheet (a CSV sheet saved as .xlsx), as texts with
their cells, for intake.survey to check exactly as it checks a CSV sheet's lines.
"""

from __future__ import annotations

from pathlib import Path

from parindex.core.errors import Cell, Problem
from parindex.intake.xlsx import layout
from parindex.intake.xlsx.forms import text_value
from parindex.intake.xlsx.workbook import open_workbook, plain

Row = tuple[int, list[str], list[Cell]]


def survey_rows(path: Path) -> tuple[list[Row], list[Problem]]:
    """Every row of the answer sheet (number, the texts of its cells up to the last one used, their
    cells), and the problems of its cells. Raises InputProblems when the workbook cannot be opened."""
    book = open_workbook(path)
    sheet = book.sheet(layout.SURVEY_SHEET) or next((s for s in book.sheets if s.visible), book.sheets[0])
    rows: list[Row] = []
    for number in range(1, sheet.last_row + 1):
        texts: list[str] = []
        places: list[Cell] = []
        for column in range(1, sheet.last_column + 1):
            read = sheet.read(number, column)
            value = text_value(read.value)
            texts.append("" if value is None else plain(value) if not isinstance(value, (str, bool)) else str(value))
            places.append(read.cell)
        while texts and not texts[-1]:
            texts.pop()
            places.pop()
        rows.append((number, texts, places))
    return rows, book.problems
