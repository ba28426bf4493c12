"""System data (số liệu hệ thống): figures the Sở Nội vụ exports from national systems — a unit's
score on the Bộ chỉ số 766 (national public-service portal), its SIPAS satisfaction, its DTI where
published — for the indicators a criteria set declares with `source: system`. A unit cannot
declare these in its own file (intake.units refuses them); they come from CSV files like

```
unit_id,indicator,value
so-tu-phap,diem_766,86.5
so-tu-phap,hai_long_sipas,93.2
```

UTF-8 (a BOM is accepted), comma- or semicolon-separated, a header row naming the three columns
in any order (Vietnamese names are accepted: `ma_don_vi` or `don_vi`, `chi_so`, `gia_tri`; accents,
case and spaces are ignored). Reading is in two steps, each reporting every bad row at once with its
file and line: `read_rows` checks the files' shape (header, cells, one value per unit and
indicator); `system_values` checks each row against the unit's criteria set (a declared system
indicator, a value of its kind) and gives the values per unit. `unknown_units` lists the rows about
units that are not being scored. The format is described in docs/criteria-format.md.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.numbers import ZERO, format_number, percent_of
from parindex.core.text import did_you_mean, shorten
from parindex.core.text import unit_key as same_unit
from parindex.criteria.compiler import CompiledSet
from parindex.intake.csv_header import match_header, read_table
from parindex.intake.units import BadValue, indicator_value
from parindex.intake.yamlfile import read_text

# A file may hold this many bytes (about 200 000 values).
MAX_FILE_BYTES = 10_000_000

COLUMNS = ("unit_id", "indicator", "value")
ALIASES = {"ma_don_vi": "unit_id", "don_vi": "unit_id", "unit": "unit_id", "chi_so": "indicator",
           "gia_tri": "value"}
COLUMN_WORDS = {"unit_id": "mã đơn vị", "indicator": "chỉ số", "value": "giá trị"}


@dataclass(frozen=True, slots=True)
class SystemRow:
    """One row of a system-data file: the unit, the indicator and the value as written, and where."""

    unit: str
    indicator: str
    text: str
    file: str
    line: int


@dataclass
class SystemValues:
    """The checked values per unit (by `unit_key`), each indicator's value as a unit file's value
    would be, and where each came from; warnings (a percent that looks like a fraction)."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    places: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def of(self, unit_id: str) -> dict[str, Any]:
        """The system values of a unit (none: an empty mapping)."""
        return self.values.get(unit_key(unit_id), {})


def unit_key(unit_id: str) -> str:
    """Unit ids match as in the rest of parindex (core.text.unit_key), the cell's spaces aside."""
    return same_unit(unit_id.strip())


def system_files(path: Path, *, required: bool = True) -> list[Path]:
    """The files of a `--system-data` path or a campaign's `system-data` entry: the file itself, or
    the .csv files of a folder, sorted by name. A folder without any is an error when `required`
    (a path given on the command line), else it gives no file (a campaign's folder, not filled yet)."""
    if not path.is_dir():
        return [path]
    found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not found and required:
        raise InputProblems([Problem(str(path), None, None, "thư mục số liệu hệ thống không có tệp .csv nào",
                                     code=Code.SYSTEM_NO_VALUES)])
    return found


def system_not_given(criteria: CompiledSet, criteria_path: Path | str) -> list[Problem]:
    """A warning when the set reads system data and none was given: its leaves then score as the
    indicators' `missing` policy says (no_data: 0 points, chưa kê khai)."""
    names = [name for name, spec in criteria.indicators.items() if spec.source == "system"]
    if not names:
        return []
    return [Problem(str(criteria_path), None, None, f"bộ tiêu chí '{criteria.spec.id}' có {len(names)} chỉ số số liệu "
                    f"hệ thống ({', '.join(names)}) nhưng không có tệp số liệu hệ thống (--system-data); các mục đọc "
                    "chúng được chấm như chưa có số liệu", code=Code.SYSTEM_NOT_GIVEN, severity=Severity.WARNING)]


def read_rows(paths: Sequence[Path]) -> list[SystemRow]:
    """The rows of every file, in order; raise `InputProblems` with every problem of shape (a bad
    header, an empty cell, extra cells, a unit's indicator given twice, a file without values)."""
    problems: list[Problem] = []
    rows: list[SystemRow] = []
    seen: dict[tuple[str, str], SystemRow] = {}
    for path in paths:
        try:
            text = read_text(path, MAX_FILE_BYTES)
        except InputProblems as exc:
            problems.extend(exc.problems)
            continue
        for row in _File(str(path), problems).read(text):
            key = (unit_key(row.unit), row.indicator)
            first = seen.setdefault(key, row)
            if first is not row:
                where = f"dòng {first.line}" if first.file == row.file else f"{first.file}:{first.line}"
                problems.append(Problem(row.file, row.line, None, f"đơn vị '{shorten(row.unit)}' đã có giá trị của "
                                        f"chỉ số '{shorten(row.indicator)}' ở {where}; mỗi chỉ số của một đơn vị "
                                        "chỉ ghi một lần", code=Code.SYSTEM_DUPLICATE, field="indicator"))
                continue
            rows.append(row)
    if has_errors(problems):
        raise InputProblems(problems)
    return rows


def system_values(rows: Sequence[SystemRow], criteria_of: Callable[[str], CompiledSet | None]) -> SystemValues:
    """Each row checked against the criteria set of its unit (`criteria_of(unit_id)`; None: the unit
    is unknown, reported by the caller or by `unknown_units`): the indicator must be one the set
    declares with `source: system`, the value one of its kind. Raise `InputProblems` with every bad
    row; the warnings are on the result."""
    found = SystemValues()
    problems: list[Problem] = []
    for row in rows:
        criteria = criteria_of(row.unit)
        if criteria is None:
            continue
        value = _value(row, criteria, problems)
        if value is not None:
            key = unit_key(row.unit)
            found.values.setdefault(key, {})[row.indicator] = value
            found.places[(key, row.indicator)] = (row.file, row.line)
    if has_errors(problems):
        raise InputProblems(problems)
    found.warnings = problems
    return found


def unknown_units(rows: Sequence[SystemRow], unit_ids: Collection[str], where: str) -> list[Problem]:
    """One error per file and unit for the rows about a unit that is not among `unit_ids`, at its
    first row; `where` says what the units are (the units scored, the campaign)."""
    known = {unit_key(u): u for u in unit_ids}
    listed = sorted(known.values())
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for row in rows:
        key = unit_key(row.unit)
        if key in known or (row.file, key) in reported:
            continue
        reported.add((row.file, key))
        count = sum(1 for r in rows if r.file == row.file and unit_key(r.unit) == key)
        problems.append(Problem(row.file, row.line, None, f"đơn vị '{shorten(row.unit)}' ({count} giá trị) không có "
                                f"trong {where}; hãy sửa mã đơn vị hoặc bỏ các dòng đó"
                                + did_you_mean(row.unit, listed), code=Code.SYSTEM_UNKNOWN_UNIT, field="unit_id"))
    return problems


def units_without_values(rows: Sequence[SystemRow], unit_ids: Collection[str], criteria: CompiledSet,
                         source: str) -> list[Problem]:
    """A warning for each unit that the system data gives no value at all (its system leaves then
    follow the indicators' `missing` policy), with the closest unit id of the files: often a typo."""
    if not any(spec.source == "system" for spec in criteria.indicators.values()):
        return []
    given = {unit_key(r.unit) for r in rows}
    written = sorted({r.unit for r in rows})
    return [Problem(source, None, None, f"tệp số liệu hệ thống không có giá trị nào của đơn vị '{shorten(unit_id)}'; "
                    "các mục đọc số liệu hệ thống của đơn vị được chấm như chưa có số liệu"
                    + did_you_mean(unit_id, written), code=Code.SYSTEM_MISSING_UNIT, field="unit_id",
                    severity=Severity.WARNING)
            for unit_id in unit_ids if unit_key(unit_id) not in given]


def _value(row: SystemRow, criteria: CompiledSet, problems: list[Problem]) -> Any:
    def error(message: str, code: Code, column: str = "value", severity: Severity = Severity.ERROR) -> None:
        problems.append(Problem(row.file, row.line, None, message, code=code, field=column, severity=severity))

    system = [name for name, spec in criteria.indicators.items() if spec.source == "system"]
    spec = criteria.indicators.get(row.indicator)
    if spec is None:
        listed = ", ".join(system) if system else "không có chỉ số nào"
        error(f"chỉ số '{shorten(row.indicator)}' không có trong bộ tiêu chí '{criteria.spec.id}' (các chỉ số số liệu "
              f"hệ thống: {listed})" + did_you_mean(row.indicator, system or list(criteria.indicators)),
              Code.SYSTEM_UNKNOWN_INDICATOR, "indicator")
        return None
    if spec.source != "system":
        listed = ", ".join(system) if system else "bộ tiêu chí này không có chỉ số nào như vậy"
        error(f"chỉ số '{row.indicator}' ({spec.label}) do đơn vị tự kê khai, không nạp từ số liệu hệ thống "
              f"(chỉ số số liệu hệ thống: {listed})", Code.SYSTEM_NOT_SYSTEM, "indicator")
        return None
    try:
        value = indicator_value(row.indicator, spec, row.text)
    except BadValue as exc:
        error(f"{exc}", Code.SYSTEM_BAD_VALUE)
        return None
    if spec.kind == "percent" and isinstance(value, Decimal) and not row.text.endswith("%"):
        written = percent_of(value)
        if ZERO < written <= 1:
            shown = format_number(written)
            error(f"'{row.indicator}' = {shown} được hiểu là {shown}%; nếu ý là {format_number(percent_of(written))}% "
                  "hãy ghi giá trị từ 0 đến 100", Code.SYSTEM_PERCENT_SCALE, severity=Severity.WARNING)
    return value


class _File:
    """One file's rows, every problem of shape onto `problems`."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def error(self, line: int | None, message: str, code: Code, column: str | None = None) -> None:
        self.problems.append(Problem(self.path, line, None, message, code=code, field=column))

    def read(self, text: str) -> list[SystemRow]:
        before = len(self.problems)
        _, rows, broken = read_table(text, self.header, self.row)
        if broken is not None:
            self.error(broken.line, f"dòng CSV không đọc được ({shorten(broken.error)}); hãy kiểm tra dấu ngoặc kép \" "
                                 "trong dòng này", Code.SYSTEM_CSV_SYNTAX)
        if len(self.problems) == before and not rows:
            self.error(None, "tệp số liệu hệ thống không có giá trị nào; cần dòng tiêu đề "
                             f"'{','.join(COLUMNS)}' và mỗi dòng một giá trị", Code.SYSTEM_NO_VALUES)
        return rows

    def header(self, line: int, cells: list[str]) -> list[str] | None:
        names, wrong = match_header(cells, COLUMNS, ALIASES, COLUMN_WORDS)
        if names is not None:
            return names
        self.error(line, f"dòng tiêu đề của tệp số liệu hệ thống sai ({wrong}); cần đúng các cột "
                         f"{','.join(COLUMNS)} (hoặc ma_don_vi,chi_so,gia_tri)", Code.SYSTEM_BAD_HEADER)
        return None

    def row(self, line: int, columns: list[str], cells: list[str]) -> SystemRow | None:
        if len(cells) > len(columns) and any(cells[len(columns):]):
            self.error(line, f"dòng có {len(cells)} ô, nhiều hơn {len(columns)} cột của dòng tiêu đề; nếu giá trị "
                             "viết dấu phẩy thập phân (86,5) hãy viết dấu chấm (86.5)", Code.SYSTEM_EXTRA_CELLS)
            return None
        values = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        empty = [name for name in COLUMNS if not values[name]]
        if empty:
            words = ", ".join(f"'{name}' ({COLUMN_WORDS[name]})" for name in empty)
            self.error(line, f"dòng thiếu ô {words}; đơn vị chưa có giá trị thì bỏ cả dòng", Code.SYSTEM_MISSING_CELL,
                       empty[0])
            return None
        return SystemRow(values["unit_id"], values["indicator"], values["value"], self.path, line)
