"""Results that read back: the JSON result of `parindex score|rank --format json` (schema
`parindex.result/2`, docs/json-output.md; `parindex.result/1` files are read too) loaded again as
exact data, for comparing runs and for showing a stored ranking without scoring again.

Every broken or foreign file ends in one Vietnamese line naming the file (and line:col where the
JSON reader gives them) and the field at fault.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem
from parindex.core.text import shorten
from parindex.results.provenance import FileHash, Provenance
from parindex.results.scorecard import CappedRating, RatingCap, Status, TieNote

SCHEMA = "parindex.result/2"
# The versions this one reads: /1 wrote problems and refused units as their rendered lines only.
LEGACY_SCHEMA = "parindex.result/1"
READABLE = (SCHEMA, LEGACY_SCHEMA)
# A stored result larger than this is not read (a province's ranking is a few hundred MB at most).
MAX_RESULT_BYTES = 2**30
_EXACT = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class StoredBlock:
    code: str
    title: str
    max: Decimal


@dataclass(frozen=True, slots=True)
class StoredCriteria:
    id: str
    title: str
    year: int
    file: str
    sha256: str | None
    total_points: Decimal
    decimals: int
    areas: tuple[StoredBlock, ...]
    bonus: tuple[StoredBlock, ...]
    penalties: tuple[StoredBlock, ...]


@dataclass(frozen=True, slots=True)
class StoredReading:
    name: str
    label: str
    value: str | bool | None  # exact decimals as their digits, choices as their code, dates ISO
    shown: str
    inputs: tuple[StoredReading, ...]


@dataclass(frozen=True, slots=True)
class StoredNode:
    code: str
    title: str
    points: Decimal
    max: Decimal
    applicable_max: Decimal
    status: Status
    children: tuple[StoredNode, ...] = ()
    rule: str | None = None  # leaves only, from here on
    value: str | bool | None = None
    matched: str | None = None
    raw: Decimal | None = None
    clamped: bool = False
    message: str | None = None
    inputs: tuple[StoredReading, ...] = ()
    group_best: Decimal | None = None
    explanation: str | None = None
    source: str | None = None  # who set a leaf's points (absent before parindex.result/2)

    def walk(self) -> list[StoredNode]:
        return [self, *(n for child in self.children for n in child.walk())]


@dataclass(frozen=True, slots=True)
class StoredFinding:
    id: str
    title: str
    severity: str
    relation: str
    left: str
    left_value: Decimal
    right: str
    right_value: Decimal
    line: int | None
    message: str


@dataclass(frozen=True, slots=True)
class StoredProblem:
    """A problem as stored: `text` is its line as a terminal shows it (`file:line:col: [error] …`),
    `code` its kind (core.codes; kept as text, so that a code added later still reads) and `field`
    what it concerns. A problem read from a `parindex.result/1` file has its `text` only: every
    other field is None (the legacy form)."""

    text: str
    code: str | None = None
    field: str | None = None
    file: str | None = None
    line: int | None = None
    col: int | None = None
    severity: str | None = None
    message: str | None = None
    cell: str | None = None  # in a workbook: `Chỉ số!E12` (line and col are then None)


def stored_problem(problem: Problem) -> StoredProblem:
    return StoredProblem(problem.render(), problem.code.value, problem.field, problem.file, problem.line,
                         problem.col, problem.severity.value, problem.message,
                         str(problem.cell) if problem.cell is not None else None)


@dataclass(frozen=True, slots=True)
class StoredUnit(CappedRating):
    unit_id: str
    name: str
    kind: str
    period: str
    file: str
    rank: int | None
    base_points: Decimal
    bonus_points: Decimal
    penalty_points: Decimal
    total: Decimal
    total_shown: str
    applicable_max: Decimal
    index: Decimal | None
    index_percent: str | None
    rating: str | None
    areas: tuple[StoredNode, ...]
    bonus: tuple[StoredNode, ...]
    penalties: tuple[StoredNode, ...]
    findings: tuple[StoredFinding, ...]
    problems: tuple[StoredProblem, ...]
    # parindex.result/2: the ranking group, the caps of the rating, the place among equal indexes
    ranking_group: str | None = None
    rating_caps: tuple[RatingCap, ...] = ()
    tie_break: TieNote | None = None

    def nodes(self) -> list[StoredNode]:
        return [n for root in (*self.areas, *self.bonus, *self.penalties) for n in root.walk()]


@dataclass(frozen=True, slots=True)
class StoredGroup:
    kind: str
    kind_label: str
    units: tuple[StoredUnit, ...]
    group: str | None = None  # a ranking group of the kind (parindex.result/2)
    name: str | None = None


@dataclass(frozen=True, slots=True)
class StoredRun:
    """A stored `score` (one group of kind "", the units as scored) or `rank` run."""

    schema: str
    version: str
    command: str
    criteria: StoredCriteria
    groups: tuple[StoredGroup, ...]
    refused: tuple[StoredProblem, ...]
    provenance: Provenance | None = None  # parindex.result/2 (null when the run had none)

    @property
    def units(self) -> list[StoredUnit]:
        return [unit for group in self.groups for unit in group.units]


def load_result(path: Path) -> StoredRun:
    """Read a stored result; raise InputProblems (one problem) when the file is not one."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_RESULT_BYTES + 1)
    except OSError as exc:
        raise _broken(path, f"không đọc được tệp kết quả ({exc.strerror})", Code.RESULT_UNREADABLE) from None
    if len(data) > MAX_RESULT_BYTES:
        raise _broken(path, f"tệp kết quả lớn hơn {MAX_RESULT_BYTES // 2**20} MB; không đọc", Code.RESULT_TOO_LARGE)
    try:
        payload = json.loads(data.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise _broken(path, "tệp kết quả không phải văn bản UTF-8", Code.RESULT_NOT_JSON) from None
    except json.JSONDecodeError as exc:
        raise _broken(path, f"tệp kết quả không phải JSON hợp lệ ({exc.msg})", Code.RESULT_NOT_JSON,
                      exc.lineno, exc.colno) from None
    except (ValueError, RecursionError) as exc:
        raise _broken(path, f"tệp kết quả không phải JSON hợp lệ ({shorten(exc)})", Code.RESULT_NOT_JSON) from None
    return _Reader(str(path)).run(payload)


def _no_constant(name: str) -> Any:
    raise ValueError(f"'{name}' không phải số JSON")


def _broken(path: Path | str, message: str, code: Code, line: int | None = None, col: int | None = None,
            field: str | None = None) -> InputProblems:
    return InputProblems([Problem(str(path), line, col, message, code=code, field=field)])


class _Reader:
    """Typed access to the decoded JSON, naming the field at fault (e.g. groups[0].units[2].total)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.legacy = False  # a parindex.result/1 file: problems are their lines only

    def fail(self, where: str, message: str) -> InputProblems:
        return _broken(self.path, f"tệp kết quả hỏng ở trường '{where}': {message}", Code.RESULT_BROKEN_FIELD,
                       field=where)

    def get(self, data: Any, key: str, where: str) -> Any:
        if not isinstance(data, dict):
            raise self.fail(where or "(gốc)", "cần một đối tượng JSON")
        if key not in data:
            raise self.fail(_join(where, key), "thiếu trường này")
        return data[key]

    def text(self, data: Any, key: str, where: str, optional: bool = False) -> Any:
        value = self.get(data, key, where)
        if isinstance(value, str) or (optional and value is None):
            return value
        raise self.fail(_join(where, key), "cần một chuỗi" + (" hoặc null" if optional else ""))

    def exact(self, data: Any, key: str, where: str, optional: bool = False) -> Any:
        value = self.get(data, key, where)
        if optional and value is None:
            return None
        if isinstance(value, str) and _EXACT.fullmatch(value):
            return Decimal(value)
        raise self.fail(_join(where, key), f"cần một số thập phân viết dạng chuỗi như \"0.75\", nhận "
                                           f"{_echo(value)}")

    def integer(self, data: Any, key: str, where: str, optional: bool = False) -> Any:
        value = self.get(data, key, where)
        if (optional and value is None) or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        raise self.fail(_join(where, key), "cần một số nguyên" + (" hoặc null" if optional else ""))

    def flag(self, data: Any, key: str, where: str) -> bool:
        value = self.get(data, key, where)
        if isinstance(value, bool):
            return value
        raise self.fail(_join(where, key), "cần true hoặc false")

    def items(self, data: Any, key: str, where: str) -> list[tuple[str, Any]]:
        value = self.get(data, key, where)
        if not isinstance(value, list):
            raise self.fail(_join(where, key), "cần một danh sách")
        return [(f"{_join(where, key)}[{n}]", item) for n, item in enumerate(value)]

    def scalar(self, data: Any, key: str, where: str) -> str | bool | None:
        value = self.get(data, key, where)
        if value is None or isinstance(value, (str, bool)):
            return value
        raise self.fail(_join(where, key), "cần một chuỗi, true/false hoặc null")

    # -- the document --------------------------------------------------------------------------
    def run(self, payload: Any) -> StoredRun:
        if not isinstance(payload, dict) or "schema" not in payload:
            raise _broken(self.path, "không phải tệp kết quả của parindex (thiếu trường 'schema'); "
                                     "hãy ghi lại bằng parindex rank … --format json", Code.RESULT_NOT_A_RESULT)
        schema = payload["schema"]
        if schema not in READABLE:
            raise _broken(self.path, f"tệp kết quả theo lược đồ '{shorten(schema)}', phiên bản parindex này chỉ "
                                     f"đọc {' và '.join(repr(s) for s in READABLE)}; hãy dùng đúng phiên bản parindex "
                                     "hoặc chấm lại", Code.RESULT_OTHER_SCHEMA)
        self.legacy = schema == LEGACY_SCHEMA
        command = self.text(payload, "command", "")
        if command not in ("score", "rank"):
            raise self.fail("command", f"cần 'score' hoặc 'rank', nhận '{shorten(command)}'")
        criteria = self.criteria(self.get(payload, "criteria", ""))
        if command == "score":
            groups: tuple[StoredGroup, ...] = (StoredGroup("", "", tuple(
                self.unit(item, where) for where, item in self.items(payload, "units", ""))),)
            refused: tuple[StoredProblem, ...] = ()
        else:
            groups = tuple(self.group(item, where) for where, item in self.items(payload, "groups", ""))
            refused = self.problems(payload, "refused", "")
        provenance = None if self.legacy else self.provenance(self.get(payload, "provenance", ""))
        return StoredRun(schema, self.text(payload, "parindex", ""), command, criteria, groups, refused, provenance)

    def provenance(self, data: Any) -> Provenance | None:
        if data is None:
            return None
        w = "provenance"

        def files(key: str) -> tuple[FileHash, ...]:
            return tuple(FileHash(self.text(f, "path", fw), self.text(f, "sha256", fw))
                         for fw, f in self.items(data, key, w))

        return Provenance(self.text(data, "engine", w), files("criteria"), files("inputs"))

    def criteria(self, data: Any) -> StoredCriteria:
        w = "criteria"
        return StoredCriteria(
            self.text(data, "id", w), self.text(data, "title", w), self.integer(data, "year", w),
            self.text(data, "file", w), self.text(data, "sha256", w, optional=True),
            self.exact(data, "total_points", w), self.integer(data, "decimals", w),
            self.blocks(data, "areas"), self.blocks(data, "bonus"), self.blocks(data, "penalties"))

    def blocks(self, data: Any, key: str) -> tuple[StoredBlock, ...]:
        return tuple(StoredBlock(self.text(b, "code", w), self.text(b, "title", w), self.exact(b, "max", w))
                     for w, b in self.items(data, key, "criteria"))

    def nodes(self, data: Any, key: str, where: str) -> tuple[StoredNode, ...]:
        return tuple(self.node(item, w) for w, item in self.items(data, key, where))

    def group(self, data: Any, where: str) -> StoredGroup:
        units = tuple(self.unit(item, w) for w, item in self.items(data, "units", where))
        if self.legacy:
            return StoredGroup(self.text(data, "kind", where), self.text(data, "kind_label", where), units)
        return StoredGroup(self.text(data, "kind", where), self.text(data, "kind_label", where), units,
                           self.text(data, "group", where, optional=True),
                           self.text(data, "group_name", where, optional=True))

    def standing(self, data: Any, w: str) -> tuple[str | None, tuple[RatingCap, ...], TieNote | None]:
        """A unit's ranking group, rating caps and tie-break note (parindex.result/2)."""
        if self.legacy:
            return None, (), None
        caps = tuple(RatingCap(self.text(c, "from", cw), self.text(c, "to", cw), self.text(c, "reason", cw))
                     for cw, c in self.items(data, "rating_caps", w))
        tie = self.get(data, "tie_break", w)
        note = None
        if tie is not None:
            tw = _join(w, "tie_break")
            place = self.text(tie, "place", tw)
            if place not in ("above", "below", "shared"):
                raise self.fail(_join(tw, "place"), f"cần 'above', 'below' hoặc 'shared', nhận '{shorten(place)}'")
            note = TieNote(self.text(tie, "by", tw, optional=True), self.text(tie, "node", tw, optional=True),
                           self.text(tie, "label", tw, optional=True), self.text(tie, "versus", tw), place,
                           self.exact(tie, "value", tw, optional=True),
                           self.exact(tie, "versus_value", tw, optional=True),
                           self.text(tie, "note", tw))
        return self.text(data, "ranking_group", w, optional=True), caps, note

    def unit(self, data: Any, w: str) -> StoredUnit:
        return StoredUnit(
            self.text(data, "unit_id", w), self.text(data, "name", w), self.text(data, "kind", w),
            self.text(data, "period", w), self.text(data, "file", w), self.integer(data, "rank", w, optional=True),
            self.exact(data, "base_points", w), self.exact(data, "bonus_points", w),
            self.exact(data, "penalty_points", w), self.exact(data, "total", w), self.text(data, "total_shown", w),
            self.exact(data, "applicable_max", w), self.exact(data, "index", w, optional=True),
            self.text(data, "index_percent", w, optional=True), self.text(data, "rating", w, optional=True),
            self.nodes(data, "areas", w), self.nodes(data, "bonus", w), self.nodes(data, "penalties", w),
            tuple(self.finding(item, fw) for fw, item in self.items(data, "findings", w)),
            self.problems(data, "problems", w), *self.standing(data, w))

    def problems(self, data: Any, key: str, where: str) -> tuple[StoredProblem, ...]:
        """A list of problems: objects (parindex.result/2), or their lines (/1)."""
        if self.legacy:
            return tuple(StoredProblem(self.text({"x": item}, "x", w)) for w, item in self.items(data, key, where))
        return tuple(self.problem(item, w) for w, item in self.items(data, key, where))

    def problem(self, data: Any, w: str) -> StoredProblem:
        severity = self.text(data, "severity", w)
        if severity not in ("error", "warning"):
            raise self.fail(_join(w, "severity"), f"cần 'error' hoặc 'warning', nhận '{shorten(severity)}'")
        return StoredProblem(
            self.text(data, "text", w), self.text(data, "code", w, optional=True),
            self.text(data, "field", w, optional=True), self.text(data, "file", w),
            self.integer(data, "line", w, optional=True), self.integer(data, "col", w, optional=True),
            severity, self.text(data, "message", w),
            self.text(data, "cell", w, optional=True) if isinstance(data, dict) and "cell" in data else None)

    def node(self, data: Any, w: str) -> StoredNode:
        status_text = self.text(data, "status", w)
        try:
            status = Status(status_text)
        except ValueError:
            raise self.fail(_join(w, "status"), f"trạng thái '{shorten(status_text)}' không có; cần một trong "
                                                f"{', '.join(s.value for s in Status)}") from None
        head = (self.text(data, "code", w), self.text(data, "title", w), self.exact(data, "points", w),
                self.exact(data, "max", w), self.exact(data, "applicable_max", w), status)
        if isinstance(data, dict) and "children" in data:
            return StoredNode(*head, self.nodes(data, "children", w))
        best = self.exact(data, "group_best", w, optional=True) if "group_best" in data else None
        return StoredNode(
            *head, (), self.text(data, "rule", w), self.scalar(data, "value", w),
            self.text(data, "matched", w, optional=True), self.exact(data, "raw", w, optional=True),
            self.flag(data, "clamped", w), self.text(data, "message", w, optional=True),
            tuple(self.reading(item, rw) for rw, item in self.items(data, "inputs", w)), best,
            self.text(data, "explanation", w, optional=True),
            self.text(data, "source", w, optional=True) if "source" in data else None)

    def reading(self, data: Any, w: str) -> StoredReading:
        return StoredReading(self.text(data, "name", w), self.text(data, "label", w), self.scalar(data, "value", w),
                             self.text(data, "shown", w),
                             tuple(self.reading(item, rw) for rw, item in self.items(data, "inputs", w)))

    def finding(self, data: Any, w: str) -> StoredFinding:
        return StoredFinding(
            self.text(data, "id", w), self.text(data, "title", w), self.text(data, "severity", w),
            self.text(data, "relation", w), self.text(data, "left", w), self.exact(data, "left_value", w),
            self.text(data, "right", w), self.exact(data, "right_value", w),
            self.integer(data, "line", w, optional=True), self.text(data, "message", w))


def _echo(value: Any) -> str:
    """A JSON value as the file wrote it (numbers read as exact decimals stay unquoted)."""
    return shorten(str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str))


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
