"""A unit file must not write into the ranking: whatever a unit's name, id or period holds, it
appears as its own text in its own cell, in every output format.

The readers refuse control characters in unit files, so the hostile texts are put straight into
the results here (as if a reader had let them through), and the last tests go through the CLI with
the characters a reader does accept (`|`, `=`, `-`, `@`, backslash).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

import pytest

from parindex.core.text import is_unsafe, printable
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.reports.render import Renderer
from parindex.results.ranking import rank
from parindex.results.scorecard import UnitResult

from .conftest import CRITERIA, UNIT_A, Workspace, run

HOSTILE = [
    "Sở B | 1 | giả | 10/10 | Xuất sắc",            # forged cells
    "Sở B\n| 1 | so-gia | Sở Giả | 9/9 |",            # a forged row
    "Sở B\r\n## Nhóm giả",                          # a forged heading
    '=HYPERLINK("http://x.invalid","bấm")',        # live formulas in a spreadsheet
    "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1",
    "\x1b[31mĐỎ\x1b[0m\x1b]0;tiêu đề\x07",          # ANSI colour and window title
    "\u202egnp.exe",                                # bidi override
    "Sở\x00B\x7f\x85",                              # NUL, DEL, C1
    "Sở \ud800 B",                                  # a lone surrogate
    "Sở B\\|\\",                                    # a backslash trying to undo the escape
]
IDS = [f"hostile-{n}" for n in range(len(HOSTILE))]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def setup() -> tuple[Renderer, UnitResult]:
    criteria = load_criteria(CRITERIA)
    result = score_units(criteria, [load_unit(UNIT_A, criteria)])[0]
    return Renderer(criteria), result


def _units(base: UnitResult, text: str) -> list[UnitResult]:
    """Two units: the example one, and one whose name, id and period are all `text`."""
    return [base, dataclasses.replace(base, unit_id=text, name=text, period=text, source=text)]


def _render(setup: tuple[Renderer, UnitResult], fmt: str, text: str, command: str = "rank") -> str:
    renderer, base = setup
    renderer = Renderer(renderer.criteria, fmt)
    units = _units(base, text)
    if command == "rank":
        return renderer.rank(rank(renderer.criteria, units), [])
    return renderer.score(units, explain=True)


def _assert_no_raw_control(output: str) -> None:
    assert not [c for c in output if is_unsafe(c) and c != "\n"], repr(output)
    output.encode("utf-8")  # no lone surrogate: it can be written anywhere


def _markdown_cells(line: str) -> list[str]:
    """Split a Markdown table row on its unescaped "|"."""
    cells, current, escaped = [], "", False
    for char in line:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
    return [*cells, current]


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_markdown_rank_has_one_row_per_unit_and_its_cells(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "markdown", text)
    _assert_no_raw_control(output)
    rows = [line for line in output.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 2  # header, separator, two units
    widths = {len(_markdown_cells(row)) for row in rows}
    assert widths == {12 + 2}  # 12 columns (3 areas, bonus, penalties) between the outer bars
    headings = [line for line in output.splitlines() if line.startswith("#")]
    assert headings == ["## Sở, ban, ngành — 2 đơn vị"]
    hostile_row = next(row for row in rows if "so-mau-a" not in row and "Hạng" not in row and "---" not in row)
    expected = printable(text).replace("\\", "\\\\").replace("|", "\\|")
    assert _markdown_cells(hostile_row)[2].strip() == expected  # the id cell holds exactly the text


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_markdown_score_heading_stays_one_heading(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "markdown", text, command="score")
    _assert_no_raw_control(output)
    headings = [line for line in output.splitlines() if line.startswith("#")]
    escaped = printable(text).replace("\\", "\\\\").replace("|", "\\|")
    assert headings == ["## Sở Mẫu A (hư cấu) (so-mau-a) — Năm 2025", f"## {escaped} ({escaped}) — {escaped}"]


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_csv_rank_cells_are_text_never_formulas(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "csv", text)
    _assert_no_raw_control(output)
    rows = list(csv.reader(io.StringIO(output)))
    assert len(rows) == 1 + 2
    assert {len(row) for row in rows} == {13}
    hostile = next(row for row in rows[1:] if row[2] != "so-mau-a")
    expected = ("'" if text.startswith(FORMULA_STARTS) else "") + printable(text)
    assert hostile[2] == hostile[3] == expected  # id and name, each in its own cell
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", cell), cell


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_csv_score_cells_are_text_never_formulas(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "csv", text, command="score")
    _assert_no_raw_control(output)
    rows = list(csv.reader(io.StringIO(output)))
    assert {len(row) for row in rows} == {8}
    per_unit = (len(rows) - 1) // 2
    ids = [row[0] for row in rows[1:]]
    expected = ("'" if text.startswith(FORMULA_STARTS) else "") + printable(text)
    assert ids == ["so-mau-a"] * per_unit + [expected] * per_unit


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_table_rank_keeps_one_line_per_unit(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "table", text)
    _assert_no_raw_control(output)
    lines = output.splitlines()
    assert lines[0] == "Sở, ban, ngành — 2 đơn vị"
    assert len(lines) == 6  # title, blank, header, rule, two units
    assert sum(printable(text) in line for line in lines) == 1


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
def test_table_score_heading_is_printable(setup: tuple[Renderer, UnitResult], text: str) -> None:
    output = _render(setup, "table", text, command="score")
    _assert_no_raw_control(output)
    shown = printable(text)
    assert f"{shown} ({shown}) — {shown}" in output.splitlines()


@pytest.mark.parametrize("text", HOSTILE, ids=IDS)
@pytest.mark.parametrize("command", ["rank", "score"])
def test_json_keeps_the_text_exactly_and_escapes_what_a_terminal_acts_on(
    setup: tuple[Renderer, UnitResult], text: str, command: str
) -> None:
    output = _render(setup, "json", text, command=command)
    _assert_no_raw_control(output)
    data = json.loads(output)
    units = data["units"] if command == "score" else data["groups"][0]["units"]
    assert {u["unit_id"] for u in units} == {"so-mau-a", text}  # the same text, every character kept
    assert {u["name"] for u in units} == {"Sở Mẫu A (hư cấu)", text}


def test_refused_list_is_printable_in_every_format(setup: tuple[Renderer, UnitResult]) -> None:
    from parindex.core.codes import Code
    from parindex.core.errors import Problem

    renderer, base = setup
    refused = [Problem("don-vi/\x1b[2Jxoa.yaml", 3, None, "mã đơn vị 'a|b\nc\u202e' không hợp lệ",
                       code=Code.UNIT_INVALID_VALUE)]
    for fmt in ("table", "markdown", "json"):
        output = Renderer(renderer.criteria, fmt).rank(rank(renderer.criteria, [base]), refused)
        _assert_no_raw_control(output)
        assert "\\x1b[2Jxoa.yaml:3" in output
    markdown = Renderer(renderer.criteria, "markdown").rank(rank(renderer.criteria, [base]), refused)
    assert "- don-vi/\\\\x1b[2Jxoa.yaml:3: [error] mã đơn vị 'a\\|b\\\\nc\\\\u202e' không hợp lệ" in markdown


# -- through the command line, with characters a reader accepts -------------------------------------------

@pytest.mark.parametrize("name", ["=1+1|x", "-2+3 | Tốt", "@SUM(A1) \\| y", "+cmd|' /C calc'!A0"])
def test_cli_csv_and_markdown_with_names_a_reader_accepts(ws: Workspace, name: str) -> None:
    quoted = name.replace("'", "''")
    unit = ws.unit("b.yaml", ("unit_id: so-mau-a", "unit_id: so-mau-b"),
                   ("unit_name: Sở Mẫu A (hư cấu)", f"unit_name: '{quoted}'"))
    result = run("rank", "--criteria", CRITERIA, UNIT_A, unit, "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert len(rows) == 4 and {len(r) for r in rows} == {13} and rows[-1][0] == "Nguồn"  # last: provenance
    assert [r[3] for r in rows[1:] if r[2] == "so-mau-b"] == ["'" + name]
    result = run("rank", "--criteria", CRITERIA, UNIT_A, unit, "--format", "markdown")
    assert result.code == 0, result.err
    rows = [line for line in result.out.splitlines() if line.startswith("|")]
    assert len(rows) == 4 and {len(_markdown_cells(r)) for r in rows} == {14}
