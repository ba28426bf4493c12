"""A document read from a file: its data as plain Python values, with the place of every value.

The YAML reader makes one with positions (line and column); the workbook reader (intake.xlsx) makes
the same kind of object with cells (sheet and cell). Everything after reading finds places through it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from parindex.core.codes import Code
from parindex.core.errors import Cell, Problem

Path_ = tuple[str | int, ...]


def field_of(loc: Path_) -> str | None:
    """The dotted path of a place in a document, as a problem's `field`: `indicators.ty_le_tthc`,
    `areas[2].children[0].max`, `ratings[1].from`; a key that is not a plain name is quoted
    (`choices["1.1"]`); None for the whole document."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif part.isidentifier():
            parts.append(f".{part}" if parts else part)
        else:
            parts.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(parts) or None



@dataclass
class Document:
    """A YAML file (or a workbook) read into plain Python data, with the position of every value."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Where each text value itself starts (line, column, style: None plain, "'" or '"' quoted,
    # "|" or ">" block): `positions` holds the key's place, this the value's, for columns inside it.
    scalars: dict[Path_, tuple[int, int, str | None]] = field(default_factory=dict)
    last_line: int | None = None  # the line where the file ends (after its last newline, as pyyaml counts)
    # With load_yaml(keep_going=True): the file's problems that still left usable data (duplicate
    # keys: the first is kept; refused characters: replaced by U+FFFD; tags: the value is null).
    problems: list[Problem] = field(default_factory=list)
    # Read from a workbook: the cell of each value (positions then stay empty), and for one unit of
    # a workbook holding several, the place that names it (`Số liệu!A7`).
    cells: dict[Path_, Cell] = field(default_factory=dict)
    part: str | None = None

    def where(self, loc: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `loc`, or of its nearest located parent."""
        probe = tuple(loc)
        while True:
            found = self.positions.get(probe)
            if found is not None:
                return found
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def cell(self, loc: Path_) -> Cell | None:
        """The workbook cell of the value at `loc`, or of its nearest located parent (None for YAML)."""
        probe = tuple(loc)
        while self.cells:
            found = self.cells.get(probe)
            if found is not None or not probe:
                return found
            probe = probe[:-1]
        return None

    def problem(self, loc: Path_, message: str, *, code: Code, field: str | None = None, **kwargs: Any) -> Problem:
        """A problem at the place of `loc`, concerning `field` (by default the value at `loc`)."""
        line, col = self.where(loc)
        if self.cells:
            kwargs.setdefault("cell", self.cell(loc))
        return Problem(self.path, line, col, message, code=code, field=field or field_of(loc), **kwargs)
