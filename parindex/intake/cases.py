"""Test cases for a criteria set, as YAML (`parindex test`; the project's own tests/cases).

A case file names a criteria set and lists cases; each case scores its units together (one group,
so relative rules compare them and ranks are given among them) and states what it expects:

```yaml
criteria: ../../criteria/2026/so.yaml      # relative to the case file
cases:
  - name: tỷ lệ hồ sơ đúng hạn 95%
    units:
      - indicators: {ho_so_da_giai_quyet: 400, ho_so_dung_han: 380}   # or file: so-a.yaml
        points: {"3.2": 1.5}              # node code: points
        total: 12.5
        rating: Khá
        rank: 1
```

Per unit: `id`, `name`, `kind`, `indicators`, `entered` (points a person gives judged leaves), or a
unit `file` instead; expectations per node code: points / applicable / status / matched / raw /
clamped / explain (words expected in the node's sentence); for the unit: total, applicable_max,
index (a percent, compared at the decimals written), index_percent (as shown), rating, rank, group.
Every key is checked: a key the runner does not know (a typo such as `ponts:`) is refused with
its file and line, never passed silently by checking nothing. docs/test-cases.md is the guide.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.text import did_you_mean, shorten
from parindex.criteria.compiler import CompiledSet
from parindex.intake.keys import Codes, Keys, shape
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData, load_unit, unit_from_document
from parindex.intake.yamlfile import load_yaml

CASE_SUFFIXES = (".cases.yaml", ".cases.yml")

FILE_KEYS = ("criteria", "cases", "note")
CASE_KEYS = ("name", "units", "note")
UNIT_FIELDS = ("id", "name", "kind", "file", "indicators", "entered")
NODE_EXPECTATIONS = ("points", "applicable", "status", "matched", "raw", "clamped", "explain")
UNIT_EXPECTATIONS = ("total", "applicable_max", "index", "index_percent", "rating", "rank", "group")
UNIT_KEYS = (*UNIT_FIELDS, *NODE_EXPECTATIONS, *UNIT_EXPECTATIONS)
STATUSES = ("scored", "not_applicable", "no_data", "error")

# What each expectation is called in a message ("điểm mục 1.1: cần 1, được 0,5").
WHAT = {
    "points": "điểm", "applicable": "điểm tối đa áp dụng", "status": "trạng thái", "matched": "mức khớp",
    "raw": "điểm trước khi giới hạn", "clamped": "bị giới hạn trong 0–tối đa", "explain": "câu giải thích",
    "total": "tổng điểm", "applicable_max": "tổng điểm tối đa áp dụng", "index": "chỉ số",
    "index_percent": "chỉ số (như hiển thị)", "rating": "xếp loại", "rank": "thứ hạng", "group": "nhóm xếp hạng",
}

CODES = Codes(Code.CASE_UNKNOWN_FIELD, Code.CASE_MISSING_FIELD, Code.CASE_WRONG_TYPE, Code.CASE_INVALID_VALUE)


@dataclass(frozen=True, slots=True)
class Expectation:
    """One expected value: `key` (points, total…), the node it concerns (node expectations), the
    value as the file wrote it checked for its type, and where it is written. `places`: for
    `index`, the decimals written (the index is compared rounded to them)."""

    key: str
    node: str | None
    expected: Decimal | str | bool | int | None
    line: int | None
    col: int | None
    places: int = 0

    @property
    def what(self) -> str:
        return f"{WHAT[self.key]} mục {self.node}" if self.node is not None else WHAT[self.key]


@dataclass
class CaseUnit:
    """A unit of a case: its data (inline, or a unit file's) and what is expected of it."""

    number: int
    line: int | None
    expectations: list[Expectation]
    doc: Document | None = None  # inline figures, as a unit document placed in the case file
    file: Path | None = None  # or a unit file
    file_loc: Path_ = ()
    unit: UnitData | None = None  # once read against the set


@dataclass
class Case:
    file: str
    line: int | None
    name: str
    units: list[CaseUnit]


@dataclass
class CaseFile:
    """A case file: its criteria set (`criteria`, once loaded) and its cases, every key checked."""

    path: Path
    criteria_path: Path
    criteria_line: int | None
    cases: list[Case]
    doc: Document
    criteria: CompiledSet | None = None
    warnings: list[Problem] = field(default_factory=list)


def case_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The case files named: files as given, folders searched for `*.cases.yaml` (sorted)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.name.endswith(CASE_SUFFIXES) and p.is_file())
            if not found:
                problems.append(Problem(str(path), None, None, "thư mục không có tệp trường hợp kiểm thử nào "
                                        "(tên tệp dạng *.cases.yaml)", code=Code.CASE_NO_CASE_FILES))
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def read_case_file(path: Path) -> CaseFile:
    """The cases of one file, every key checked (the set is not read yet); raise InputProblems
    with every problem of the file's structure."""
    cases, problems = _read(path)
    if has_errors(problems) or cases is None:
        raise InputProblems(problems)
    return cases


def _read(path: Path) -> tuple[CaseFile | None, list[Problem]]:
    """The cases that could be read, and every problem of the file's structure."""
    doc = load_yaml(path)
    problems: list[Problem] = []
    keys = Keys(doc, problems, CODES)
    data = keys.mapping((), doc.data, FILE_KEYS, required=("criteria", "cases"), what="tệp trường hợp kiểm thử")
    if data is None:
        return None, problems
    criteria = keys.text(("criteria",), data["criteria"], "criteria") if "criteria" in data else None
    cases: list[Case] = []
    if "cases" in data:
        items = keys.listing(("cases",), data["cases"], "cases")
        if "cases" in data and isinstance(data["cases"], list) and not items:
            keys.error(("cases",), "'cases' không có trường hợp nào", Code.CASE_MISSING_FIELD)
        cases = [c for n, item in enumerate(items) if (c := _case(keys, n, item)) is not None]
    criteria_path = path.parent / criteria if criteria is not None else path
    if criteria is not None and not criteria_path.is_file():
        keys.error(("criteria",), f"không tìm thấy bộ tiêu chí '{shorten(criteria)}' (đường dẫn tính từ thư mục "
                                  f"của tệp trường hợp: {shorten(os.path.normpath(criteria_path))})",
                   Code.CASE_FILE_NOT_FOUND)
    for case in cases:
        for unit in case.units:
            if unit.file is not None and not unit.file.is_file():
                keys.error(unit.file_loc, f"không tìm thấy tệp đơn vị '{shorten(unit.file)}'", Code.CASE_FILE_NOT_FOUND)
    found = criteria is not None and criteria_path.is_file()
    return (CaseFile(path, criteria_path, keys.line(("criteria",)), cases, doc) if found else None), problems


def load_case_file(path: Path) -> CaseFile:
    """A case file with its set loaded and every unit read against it; raise InputProblems with
    every problem: the file's keys, and once its set is read, unknown node codes, ratings and groups
    and the units' figures."""
    cases, problems = _read(path)
    if cases is None:
        raise InputProblems(problems)
    criteria = load_criteria(cases.criteria_path)
    cases.criteria = criteria
    _with_defaults(cases)
    keys = Keys(cases.doc, problems, CODES)
    for case in cases.cases:
        _check_against_set(keys, case, criteria)
        ids: dict[str, int | None] = {}
        for unit in case.units:
            try:
                unit.unit = (load_unit(unit.file, criteria) if unit.file is not None
                             else unit_from_document(_placed(unit.doc), criteria))
            except InputProblems as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(p for p in unit.unit.warnings if p.severity is Severity.WARNING)
            if unit.unit.unit_id in ids:
                problems.append(Problem(str(path), unit.line, None,
                                        f"trường hợp '{shorten(case.name)}': mã đơn vị '{shorten(unit.unit.unit_id)}' "
                                        f"trùng với đơn vị ở dòng {ids[unit.unit.unit_id]}; mỗi đơn vị cần một mã "
                                        "riêng ('id')", code=Code.CASE_DUPLICATE_UNIT))
            ids[unit.unit.unit_id] = unit.line
    if has_errors(problems):
        raise InputProblems(problems)
    cases.warnings = problems
    return cases


def _placed(doc: Document | None) -> Document:
    assert doc is not None
    return doc


# -- one case, one unit ------------------------------------------------------------------------


def _case(keys: Keys, number: int, value: Any) -> Case | None:
    loc: Path_ = ("cases", number)
    name_hint = value.get("name") if isinstance(value, dict) else None
    what = f"trường hợp '{shorten(name_hint)}'" if isinstance(name_hint, str) else f"trường hợp thứ {number + 1}"
    data = keys.mapping(loc, value, CASE_KEYS, required=("name", "units"), what=what)
    if data is None:
        return None
    name = keys.text((*loc, "name"), data["name"], "name") if "name" in data else None
    units: list[CaseUnit] = []
    if "units" in data:
        items = keys.listing((*loc, "units"), data["units"], "units")
        if isinstance(data["units"], list) and not items:
            keys.error((*loc, "units"), f"{what}: 'units' không có đơn vị nào", Code.CASE_MISSING_FIELD)
        for n, item in enumerate(items):
            unit = _unit(keys, (*loc, "units", n), n + 1, item, f"{what}, đơn vị {n + 1}")
            if unit is not None:
                units.append(unit)
    return Case(keys.doc.path, keys.line(loc), name or f"#{number + 1}", units)


def _unit(keys: Keys, loc: Path_, number: int, value: Any, what: str) -> CaseUnit | None:
    data = keys.mapping(loc, value, UNIT_KEYS, what=what)
    if data is None:
        return None
    expectations = _expectations(keys, loc, data)
    unit = CaseUnit(number, keys.line(loc), expectations)
    if "file" in data:
        clash = [key for key in ("id", "name", "kind", "indicators", "entered") if key in data]
        if clash:
            keys.error((*loc, clash[0]), f"{what}: '{clash[0]}' không đi cùng 'file' (số liệu lấy từ tệp đơn vị); "
                                         "bỏ một trong hai", Code.CASE_FIELD_CONFLICT)
        written = keys.text((*loc, "file"), data["file"], "file")
        if written is not None:
            unit.file = Path(keys.doc.path).parent / written
            unit.file_loc = (*loc, "file")
        return unit
    if "indicators" not in data:
        keys.error(loc, f"{what}: thiếu 'indicators' (số liệu của đơn vị) hoặc 'file' (tệp đơn vị)",
                   Code.CASE_MISSING_FIELD)
        return unit
    written = data["indicators"]
    indicators = keys.table((*loc, "indicators"), written, "indicators") if written is not None else {}
    entered = keys.table((*loc, "entered"), data["entered"], "entered") if "entered" in data else {}
    texts = {key: keys.text((*loc, key), data[key], key) if key in data else None for key in ("id", "name", "kind")}
    unit.doc = _unit_document(keys.doc, loc, number, texts, indicators, entered)
    return unit


def _expectations(keys: Keys, loc: Path_, data: dict[str, Any]) -> list[Expectation]:
    found: list[Expectation] = []
    for key in NODE_EXPECTATIONS:
        if key not in data:
            continue
        for code, value in keys.table((*loc, key), data[key], key).items():
            where = (*loc, key, _original_key(data[key], code))
            checked = _expected(keys, where, key, value, f"{key} của mục {code}")
            if checked is not _BAD:
                found.append(Expectation(key, code, checked, *keys.doc.where(where)))
    for key in UNIT_EXPECTATIONS:
        if key not in data:
            continue
        where = (*loc, key)
        checked = _expected(keys, where, key, data[key], key)
        if checked is _BAD:
            continue
        places = 0
        if key == "index":
            checked, places = _index(keys, where, data[key])
            if checked is None:
                continue
        found.append(Expectation(key, None, checked, *keys.doc.where(where), places=places))
    return found


_BAD: Any = object()


def _original_key(table: Any, code: str) -> Any:
    """The key as the file wrote it (a code written `1.1:` is a number there), for its place."""
    if isinstance(table, dict):
        for key in table:
            if (key if isinstance(key, str) else str(key)) == code:
                return key
    return code


def _expected(keys: Keys, loc: Path_, key: str, value: Any, what: str) -> Any:
    if key in ("points", "applicable", "raw", "total", "applicable_max"):
        number = keys.number(loc, value, what)
        return _BAD if number is None else number
    if key == "status":
        if value not in STATUSES:
            keys.error(loc, f"'{what}' cần một trong {', '.join(STATUSES)}, nhận {shape(value)}"
                       + did_you_mean(str(value), list(STATUSES)))
            return _BAD
        return str(value)
    if key == "clamped":
        flag = keys.flag(loc, value, what)
        return _BAD if flag is None else flag
    if key == "matched" and value is None:
        return None
    if key == "rank":
        rank = keys.whole(loc, value, what)
        return _BAD if rank is None else rank
    if key == "index":
        return value  # read by _index
    text = keys.text(loc, value, what)
    return _BAD if text is None else text


def _index(keys: Keys, loc: Path_, value: Any) -> tuple[Decimal | None, int]:
    """An expected index, written as a percent (`59.36` or `59.36%`): the percent and its decimals."""
    written = value.strip().removesuffix("%").strip() if isinstance(value, str) else value
    number = keys.number(loc, written, "index (phần trăm, ví dụ 59.36)")
    if number is None:
        return None, 0
    exponent = number.as_tuple().exponent
    return number, max(0, -exponent) if isinstance(exponent, int) else 0


def _unit_document(doc: Document, loc: Path_, number: int, texts: dict[str, str | None],
                   indicators: dict[str, Any], entered: dict[str, Any]) -> Document:
    """The unit of a case as a unit file's document, placed in the case file: a problem with a
    figure names the case file and the figure's line."""
    data: dict[str, Any] = {
        "unit_id": texts["id"] or f"u{number}",
        "unit_name": texts["name"] or f"Đơn vị {number}",
        "unit_kind": texts["kind"] or "",  # filled with the set's first kind when read (_with_kind)
        "period": "",
        "indicators": indicators,
    }
    if entered:
        data["points"] = entered
    renamed = {"indicators": "indicators", "entered": "points", "id": "unit_id", "name": "unit_name",
               "kind": "unit_kind"}
    positions: dict[Path_, tuple[int, int]] = {}
    line, col = doc.where(loc)
    if line is not None:
        for header in ((), ("unit_id",), ("unit_name",), ("unit_kind",), ("period",)):
            positions[header] = (line, col or 1)
    scalars: dict[Path_, tuple[int, int, str | None]] = {}
    for source, target in renamed.items():
        prefix = (*loc, source)
        for place, where in doc.positions.items():
            if place[:len(prefix)] == prefix:
                positions[(target, *place[len(prefix):])] = where
        for place, scalar in doc.scalars.items():
            if place[:len(prefix)] == prefix:
                scalars[(target, *place[len(prefix):])] = scalar
    return Document(doc.path, data, positions, scalars, doc.last_line)


def _with_defaults(cases: CaseFile) -> None:
    """Fill what an inline unit left to the set: its kind (the set's first unit kind) and period
    (the set's year). Called once the set is known, before the units are read."""
    assert cases.criteria is not None
    kind, period = cases.criteria.spec.unit_kinds[0], str(cases.criteria.spec.year)
    for case in cases.cases:
        for unit in case.units:
            if unit.doc is not None:
                unit.doc.data["unit_kind"] = unit.doc.data["unit_kind"] or kind
                unit.doc.data["period"] = period


def _check_against_set(keys: Keys, case: Case, criteria: CompiledSet) -> None:
    """Node codes, ratings and ranking groups an expectation names must be the set's."""
    nodes = list(criteria.nodes_by_code)
    ratings = [r.name for r in criteria.ratings]
    groups = [g.id for g in criteria.ranking_groups]
    head = f"trường hợp '{shorten(case.name)}'"
    for unit in case.units:
        for e in unit.expectations:
            if e.node is not None and e.node not in criteria.nodes_by_code:
                message = (f"{head}: mục '{shorten(e.node)}' không có trong bộ tiêu chí '{criteria.spec.id}'"
                           + did_you_mean(e.node, nodes))
                code = Code.CASE_UNKNOWN_NODE
            elif e.key == "rating" and e.expected not in ratings:
                message = (f"{head}: xếp loại '{shorten(e.expected)}' không có trong bộ tiêu chí; có: "
                           f"{', '.join(ratings)}" + did_you_mean(str(e.expected), ratings))
                code = Code.CASE_INVALID_VALUE
            elif e.key == "group" and e.expected not in groups:
                known = ", ".join(groups) if groups else "(bộ tiêu chí không khai báo nhóm xếp hạng nào)"
                message = f"{head}: nhóm xếp hạng '{shorten(e.expected)}' không có trong bộ tiêu chí; có: {known}"
                code = Code.CASE_INVALID_VALUE
            else:
                continue
            keys.problems.append(Problem(keys.doc.path, e.line, e.col, message, code=code))
