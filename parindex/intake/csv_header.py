"""The CSV sheets parindex reads (survey answers, system data): their non-empty rows, each with its
line, and the header row's column names matched to the expected ones, accent- and
case-insensitively, with Vietnamese aliases."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

from parindex.core.text import fold_name, nfc, shorten


class CsvRowError(Exception):
    """A row the csv module cannot read: `line` is the line the row starts on, `error` what it said."""

    def __init__(self, line: int, error: csv.Error) -> None:
        super().__init__(line, error)
        self.line = line
        self.error = error


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """The non-empty rows of a CSV sheet, each with the line it starts on and its cells (NFC,
    stripped); the delimiter is ';' when the first non-blank line has more of them than ','.
    Raises `CsvRowError` at a row the csv module cannot read."""
    lines = text.splitlines(keepends=True)
    first = next((line for line in lines if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            cells = [nfc(cell).strip() for cell in row]
            if any(cells):
                yield line, cells
    except csv.Error as exc:
        raise CsvRowError(start, exc) from None


def match_header(cells: Sequence[str], columns: Sequence[str], aliases: Mapping[str, str],
                 words: Mapping[str, str]) -> tuple[list[str] | None, str]:
    """The column name of each cell, or None and what is wrong (missing, unknown or repeated
    columns, in Vietnamese) when the header is not exactly the expected columns in any order."""
    names: list[str] = []
    for cell in cells:
        key = "_".join(fold_name(cell).split())
        names.append(aliases.get(key, key))
    unknown = [cell for cell, name in zip(cells, names, strict=True) if name not in columns]
    twice = sorted({name for name in names if names.count(name) > 1 and name in columns})
    missing = [name for name in columns if name not in names]
    if not (unknown or twice or missing):
        return names, ""
    parts = []
    if missing:
        parts.append("thiếu cột " + ", ".join(f"'{n}' ({words[n]})" for n in missing))
    if unknown:
        parts.append("cột không dùng: " + ", ".join(f"'{shorten(c)}'" for c in unknown))
    if twice:
        parts.append("cột ghi hai lần: " + ", ".join(f"'{n}'" for n in twice))
    return None, "; ".join(parts)


Row = TypeVar("Row")


def read_table(text: str, header: Callable[[int, list[str]], list[str] | None],
               row: Callable[[int, list[str], list[str]], Row | None]) -> tuple[list[str] | None, list[Row],
                                                                              CsvRowError | None]:
    """A CSV sheet read through its reader's `header` (the column names, or None after reporting a
    wrong header: reading stops) and `row` (a row's value, or None after reporting it): the
    columns, the rows read, and the row the csv module could not read, if reading stopped there."""
    columns: list[str] | None = None
    rows: list[Row] = []
    try:
        for line, cells in csv_rows(text):
            if columns is None:
                columns = header(line, cells)
                if columns is None:
                    break
                continue
            found = row(line, columns, cells)
            if found is not None:
                rows.append(found)
    except CsvRowError as exc:
        return columns, rows, exc
    return columns, rows, None
