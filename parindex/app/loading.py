"""Reading unit files and evaluating each unit on its own, then joining them in file order:
a file that cannot be read is refused with its problems, and a second file for the same unit
(same id after NFC and look-alike folding) is refused as a duplicate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from parindex.core.codes import Code
from parindex.core.document import Document
from parindex.core.errors import InputProblems, Problem, Severity
from parindex.core.text import shorten, unit_key
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import evaluate_units
from parindex.intake.entries import SurveyScore
from parindex.intake.system_data import SystemValues
from parindex.intake.units import UnitData, load_units
from parindex.results.scorecard import UnitResult

# Survey results per unit id, per survey leaf code (cycle.survey.survey_scores).
Survey = Mapping[str, Mapping[str, SurveyScore]]
# How a unit file becomes units: `intake.units.load_units`, or last year's files read through a
# re-scoring mapping (app.rescore).
Loader = Callable[[Path, CompiledSet], list[UnitData | InputProblems]]


@dataclass(frozen=True, slots=True)
class FileRead:
    """What one unit file gave: its evaluated unit (relative rules not yet resolved), or the
    problems (errors and warnings, sorted) that refused it."""

    path: str
    result: UnitResult | None = None
    id_line: int | None = None
    refused: tuple[Problem, ...] = ()


@dataclass
class Joined:
    """The files of a batch joined in file order: the units kept, and what to show and refuse."""

    results: list[UnitResult] = field(default_factory=list)
    shown: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)


# Files loaded before they are evaluated: a loaded file holds its text and places until then.
CHUNK = 200


def read_files(criteria: CompiledSet, files: list[Path], survey: Survey | None = None,
               system: SystemValues | None = None, load: Loader = load_units) -> list[FileRead]:
    """Load every file and evaluate the units that loaded (`engine.batch.evaluate_units`), CHUNK
    files at a time; `survey`: the aggregated survey answers per unit id and survey leaf; `system`:
    the values of the set's system indicators per unit (intake.system_data), merged into each
    unit's own figures."""
    reads: list[FileRead] = []
    for start in range(0, len(files), CHUNK):
        reads.extend(_read_chunk(criteria, files[start:start + CHUNK], survey, system, load))
    return reads


def _read_chunk(criteria: CompiledSet, files: list[Path], survey: Survey | None = None,
                system: SystemValues | None = None, load: Loader = load_units) -> list[FileRead]:
    reads: list[FileRead] = []
    units: list[UnitData] = []
    for path in files:
        for loaded in load(path, criteria):  # one unit, or each unit of a many-units workbook
            if isinstance(loaded, InputProblems):
                reads.append(FileRead(str(path), refused=tuple(loaded.problems)))
                continue
            units.append(loaded)
            if survey is not None:
                loaded.survey = dict(survey.get(loaded.unit_id, {}))
            if system is not None:  # a unit file cannot declare these (intake.units refuses them)
                loaded.values.update(system.of(loaded.unit_id))
            reads.append(FileRead(loaded.path))
    results = iter(evaluate_units(criteria, units))
    lines = iter([unit.doc.where(("unit_id",))[0] for unit in units])
    for unit in units:
        # Every problem with a file position was found while evaluating; the result keeps the unit
        # for building its trees again (explanations), which needs its values, not the file's text
        # and places (two thirds of a unit's memory). Results sent by a worker travel the same way.
        unit.doc = Document(unit.path, None)
    return [read if read.refused else FileRead(read.path, next(results), next(lines)) for read in reads]


def join(reads: list[FileRead]) -> Joined:
    """Keep the first file of each unit; refuse unreadable files and later duplicates."""
    joined = Joined()
    seen: dict[str, FileRead] = {}
    for read in reads:
        if read.result is None:
            joined.refused.extend(p for p in read.refused if p.severity is Severity.ERROR)
            joined.shown.extend(read.refused)
            continue
        key = unit_key(read.result.unit_id)
        first = seen.get(key)
        if first is not None:
            duplicate = _duplicate(read, first)
            joined.refused.append(duplicate)
            joined.shown.append(duplicate)
            continue
        seen[key] = read
        joined.results.append(read.result)
    return joined


def _duplicate(read: FileRead, first: FileRead) -> Problem:
    assert read.result is not None and first.result is not None
    unit_id, first_id = read.result.unit_id, first.result.unit_id
    same = "" if unit_id == first_id else (
        f" ('{shorten(first_id)}' ở đó; hai mã chỉ khác nhau ở dạng Unicode hoặc ở chữ cùng hình "
        "của bảng chữ cái khác)")
    return Problem(read.path, read.id_line, None,
                   f"mã đơn vị '{shorten(unit_id)}' trùng với tệp {first.path}{same}; "
                   "mỗi đơn vị chỉ có một tệp số liệu", code=Code.UNIT_DUPLICATE_ID, field="unit_id")
