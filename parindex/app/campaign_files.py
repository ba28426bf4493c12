"""Reading a whole campaign: campaign.yaml, the criteria set of each unit kind, the self-assessment
files, the appraisal and explanation files of each unit, and the survey answer sheets — every file
checked, every problem located, all of them listed at once (`read_campaign`).

A file is matched to its unit by the `unit_id` it writes (a file name is only a name). A file for a
unit the campaign does not list, two files of one unit in a stage, a round-2 file without its
round-1 file and a file sent after its stage's deadline (per `late:`) are problems of that file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.text import shorten, unit_key
from parindex.criteria.compiler import CompiledSet
from parindex.cycle.rounds import CampaignRounds, UnitRounds
from parindex.cycle.survey import survey_scores
from parindex.intake.appraisal import (
    Appraisal,
    check_appraisal,
    check_explanation,
    read_appraisal,
    read_explanation,
)
from parindex.intake.campaign import (
    EXPLANATION,
    ROUND1,
    ROUND2,
    SELF,
    Campaign,
    CampaignUnit,
    late_days,
    load_campaign,
    show_date,
    skipped_files,
    stage_files,
    survey_sheets,
)
from parindex.intake.fields import Reader
from parindex.intake.sets import load_criteria
from parindex.intake.survey import Answer, read_answers
from parindex.intake.system_data import (
    read_rows,
    system_files,
    system_not_given,
    system_values,
    units_without_values,
    unknown_units,
)
from parindex.intake.units import UnitData, unit_documents, unit_from_document


class _Reading:
    """The state of one campaign being read: problems found so far, files read, units by key."""

    def __init__(self, campaign: Campaign, apply_late: bool) -> None:
        self.campaign = campaign
        self.apply_late = apply_late
        self.problems: list[Problem] = list(campaign.doc.problems)
        self.sets: dict[str, tuple[CompiledSet, Path]] = {}  # unit kind -> set, its path
        self.criteria_files: list[Path] = []
        self.inputs: list[Path] = [campaign.file]
        self.units: dict[str, UnitRounds] = {}

    def error(self, path: Path | str, line: int | None, message: str, code: Code,
              severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(str(path), line, None, message, code=code, severity=severity))

    def late(self, path: str, line: int | None, stage: str, submitted: Any) -> None:
        """A file sent after its stage's deadline: a warning, or an error with `late: error`."""
        deadline = self.campaign.stages[stage].deadline
        days = late_days(submitted, deadline)
        if not days or not self.apply_late or deadline is None:
            return
        severity = Severity.ERROR if self.campaign.late == "error" else Severity.WARNING
        self.error(path, line, f"nộp ngày {show_date(submitted)}, sau hạn {show_date(deadline)} của bước "
                               f"{self.campaign.stages[stage].label} ({days} ngày)", Code.CAMPAIGN_LATE, severity)


def read_campaign(folder: Path, *, apply_late: bool = True) -> CampaignRounds:
    """Every file of the campaign in `folder`, read and checked; raises `InputProblems` with every
    problem when there is an error. `apply_late`: report late files per the campaign's `late:`
    (status shows lateness in its table instead)."""
    reading = _Reading(load_campaign(folder), apply_late)
    _load_sets(reading)
    if has_errors(reading.problems):
        raise InputProblems(reading.problems)
    _load_self(reading)
    _load_appraisals(reading, ROUND1, 1)
    _load_explanations(reading)
    _load_appraisals(reading, ROUND2, 2)
    _round2_needs_round1(reading)
    _load_survey(reading)
    _load_system_data(reading)
    if has_errors(reading.problems):
        raise InputProblems(reading.problems)
    units = list(reading.units.values())
    return CampaignRounds(reading.campaign, units, reading.criteria_files, reading.inputs, reading.problems)


def _load_sets(reading: _Reading) -> None:
    campaign = reading.campaign
    loaded: dict[Path, CompiledSet] = {}
    for kind in campaign.sets:
        path = campaign.set_path(kind)
        criteria = loaded.get(path)
        if criteria is None:
            try:
                criteria = loaded[path] = load_criteria(path)
            except InputProblems as exc:
                reading.problems.extend(exc.problems)
                continue
            reading.problems.extend(criteria.warnings)
            reading.criteria_files.append(path)
        if kind not in criteria.spec.unit_kinds:
            reading.error(campaign.file, campaign.set_lines.get(kind),
                          f"bộ tiêu chí '{criteria.spec.id}' ({campaign.sets[kind]}) không dành cho loại đơn vị "
                          f"'{shorten(kind)}' (dành cho: {', '.join(criteria.spec.unit_kinds)})",
                          Code.CAMPAIGN_SET_KIND)
            continue
        reading.sets[kind] = (criteria, path)
    if campaign.units is not None:
        for unit in campaign.units:
            if unit.kind in reading.sets:
                criteria, path = reading.sets[unit.kind]
                reading.units[unit_key(unit.unit_id)] = UnitRounds(unit, criteria, path)


def _header(doc: Document) -> tuple[str | None, str | None, str | None, int | None]:
    """A unit document's unit_id, unit_name, unit_kind and the line of unit_id, read leniently (None
    where absent; the full reading reports what is wrong)."""
    data = doc.data if isinstance(doc.data, dict) else {}

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    return text("unit_id"), text("unit_name"), text("unit_kind"), doc.where(("unit_id",))[0]


def _load_self(reading: _Reading) -> None:
    """Each self-assessment file: a YAML file or a filled form is one unit; a many-units workbook
    (the Sở collecting figures centrally) holds one unit per row."""
    only = next(iter(reading.sets.values()))[0] if len(reading.sets) == 1 else None
    reading.problems.extend(skipped_files(reading.campaign.folder(SELF)))
    for path in stage_files(reading.campaign.folder(SELF)):
        reading.inputs.append(path)
        try:
            documents = unit_documents(path, only)
        except InputProblems as exc:
            reading.problems.extend(exc.problems)
            continue
        for doc in documents:
            if isinstance(doc, InputProblems):  # a row of a many-units workbook that is no unit
                reading.problems.extend(doc.problems)
            else:
                _load_self_unit(reading, path, doc)


def _load_self_unit(reading: _Reading, path: Path, doc: Document) -> None:
    campaign = reading.campaign
    listed = campaign.units is not None
    unit_id, name, kind, line = _header(doc)

    def error(message: str, code: Code) -> None:
        if doc.cells:  # a workbook: at the cell of the unit's id
            reading.problems.append(doc.problem(("unit_id",), message, code=code))
        else:
            reading.error(path, line, message, code)

    key = unit_key(unit_id) if unit_id is not None else None
    record = reading.units.get(key) if key is not None else None
    if record is None and listed and unit_id is not None:
        error(f"đơn vị '{shorten(unit_id)}' không có trong danh sách 'units' của {campaign.file}",
              Code.CAMPAIGN_UNKNOWN_UNIT)
        return
    if record is not None and record.self_unit is not None:
        error(f"đơn vị '{shorten(unit_id)}' đã có tệp tự đánh giá {record.self_path}; mỗi đơn vị chỉ nộp một tệp",
              Code.CAMPAIGN_DUPLICATE_FILE)
        return
    chosen = record.unit.kind if record is not None else kind
    if chosen is None or chosen not in reading.sets:
        if chosen is not None and unit_id is not None:
            error(f"đơn vị '{shorten(unit_id)}' thuộc loại '{shorten(chosen)}' nhưng 'sets' của {campaign.file} "
                  "không có bộ tiêu chí cho loại này", Code.CAMPAIGN_UNKNOWN_UNIT_KIND)
            return
        chosen = next(iter(reading.sets))  # the unit file's own header problems are reported below
    criteria, set_path = reading.sets[chosen]
    try:
        unit = unit_from_document(doc, criteria)
    except InputProblems as exc:
        reading.problems.extend(exc.problems)
        return
    if record is None:
        record = UnitRounds(CampaignUnit(unit.unit_id, name or unit.name, unit.kind, line), criteria, set_path)
        reading.units[unit_key(unit.unit_id)] = record
    record.self_unit, record.self_path, record.self_submitted = unit, path, _submitted(unit)
    reading.late(unit.path, unit.doc.where(("submitted",))[0], SELF, record.self_submitted)


def _submitted(unit: UnitData) -> dt.date | None:
    """The date a unit file says it was sent (`submitted:`), or None."""
    value = getattr(unit, "submitted", None)
    if isinstance(value, dt.date):
        return value
    if isinstance(unit.doc.data, dict):
        return Reader(unit.doc, []).date(("submitted",), unit.doc.data.get("submitted"), "submitted")
    return None


def _record(reading: _Reading, path: Path, unit_id: str, line: int | None) -> UnitRounds | None:
    record = reading.units.get(unit_key(unit_id))
    if record is None:
        where = (f"danh sách 'units' của {reading.campaign.file}" if reading.campaign.units is not None
                 else "thư mục tự đánh giá")
        reading.error(path, line, f"đơn vị '{shorten(unit_id)}' không có trong {where}", Code.CAMPAIGN_UNKNOWN_UNIT)
    return record


def _load_appraisals(reading: _Reading, stage: str, number: int) -> None:
    reading.problems.extend(skipped_files(reading.campaign.folder(stage)))
    for path in stage_files(reading.campaign.folder(stage)):
        reading.inputs.append(path)
        appraisal, problems = read_appraisal(path, number)
        reading.problems.extend(problems)
        if appraisal is None:
            continue
        line = appraisal.line_of(("unit_id",))
        record = _record(reading, path, appraisal.unit_id, line)
        if record is None:
            continue
        earlier = record.appraisal(stage)
        if earlier is not None:
            reading.error(path, line, f"đơn vị '{shorten(appraisal.unit_id)}' đã có phiếu {earlier.path} ở bước "
                                      f"{reading.campaign.stages[stage].label}; mỗi đơn vị chỉ có một phiếu mỗi vòng",
                          Code.CAMPAIGN_DUPLICATE_FILE)
            continue
        checked, problems = check_appraisal(appraisal, record.criteria)
        reading.problems.extend(problems)
        if stage == ROUND1:
            record.round1 = checked
        else:
            record.round2 = checked
        reading.late(str(path), appraisal.line_of(("submitted",)), stage, appraisal.submitted)


def _load_explanations(reading: _Reading) -> None:
    reading.problems.extend(skipped_files(reading.campaign.folder(EXPLANATION)))
    for path in stage_files(reading.campaign.folder(EXPLANATION)):
        reading.inputs.append(path)
        explanation, problems = read_explanation(path)
        reading.problems.extend(problems)
        if explanation is None:
            continue
        line = explanation.line_of(("unit_id",))
        record = _record(reading, path, explanation.unit_id, line)
        if record is None:
            continue
        if record.explanation is not None:
            reading.error(path, line, f"đơn vị '{shorten(explanation.unit_id)}' đã có tệp giải trình "
                                      f"{record.explanation.path}; mỗi đơn vị chỉ có một tệp giải trình",
                          Code.CAMPAIGN_DUPLICATE_FILE)
            continue
        criteria = record.criteria
        names = set(criteria.indicators) | set(criteria.nodes_by_code)
        reading.problems.extend(check_explanation(explanation, record.round1, names))
        record.explanation = explanation
        reading.late(str(path), explanation.line_of(("submitted",)), EXPLANATION, explanation.submitted)


def _round2_needs_round1(reading: _Reading) -> None:
    for record in reading.units.values():
        if record.round2 is not None and record.round1 is None:
            round2: Appraisal = record.round2
            reading.error(round2.path, round2.line_of(("round",)),
                          f"có phiếu thẩm định vòng 2 của đơn vị '{shorten(record.unit_id)}' nhưng chưa có "
                          f"phiếu vòng 1 trong {reading.campaign.stages[ROUND1].folder}/; vòng 2 thẩm định trên "
                          "kết quả vòng 1",
                          Code.APPRAISAL_WITHOUT_ROUND1)


def _load_survey(reading: _Reading) -> None:
    """The answer sheets of the survey folder, read against the one criteria set that declares a
    survey, and aggregated onto each unit's self-assessment (a survey counts in every round)."""
    campaign = reading.campaign
    reading.problems.extend(skipped_files(campaign.root / campaign.survey_folder, survey=True))
    sheets = survey_sheets(campaign.root / campaign.survey_folder)
    if not sheets:
        return
    surveyed = {id(c): (c, p) for c, p in reading.sets.values() if getattr(c.spec, "survey", None) is not None}
    folder = campaign.root / campaign.survey_folder
    if len(surveyed) != 1:
        message = ("không bộ tiêu chí nào của chiến dịch khai báo điều tra xã hội học ('survey:'); hãy bỏ các "
                   "phiếu ra khỏi thư mục hoặc khai báo 'survey:' trong bộ tiêu chí" if not surveyed else
                   "nhiều bộ tiêu chí khai báo điều tra xã hội học; mỗi chiến dịch chỉ đọc phiếu cho một bộ tiêu chí")
        reading.error(folder, None, message, Code.CAMPAIGN_SURVEY_AMBIGUOUS)
        return
    criteria, _ = next(iter(surveyed.values()))
    members = [r for r in reading.units.values() if r.criteria is criteria]
    unit_ids = [r.unit_id for r in members]
    answers: list[Answer] = []
    for sheet in sheets:
        reading.inputs.append(sheet)
        try:
            answers.extend(read_answers(sheet, criteria, unit_ids))
        except InputProblems as exc:
            reading.problems.extend(exc.problems)
    if has_errors(reading.problems):
        return
    try:
        scores = survey_scores(criteria, answers, unit_ids)
    except InputProblems as exc:
        reading.problems.extend(exc.problems)
        return
    for record in members:
        record.survey_respondents = len({a.respondent for a in answers if a.unit == record.unit_id})
        found = scores.get(record.unit_id)
        if record.self_unit is not None and found:
            record.self_unit = replace(record.self_unit, survey=dict(found))


def _load_system_data(reading: _Reading) -> None:
    """The system data of `system-data:` (a CSV file or a folder of them: 766 scores, SIPAS, DTI),
    each row checked against its unit's set and merged into the unit's self-assessment figures (a
    unit cannot declare these itself; they count in every round). Without the entry, a set that
    reads system data is warned about."""
    campaign = reading.campaign
    if campaign.system_data is None:
        for criteria, path in {id(c): (c, p) for c, p in reading.sets.values()}.values():
            reading.problems.extend(system_not_given(criteria, path))
        return
    try:
        paths = system_files(campaign.root / campaign.system_data, required=False)
        reading.inputs.extend(paths)
        rows = read_rows(paths)
    except InputProblems as exc:
        reading.problems.extend(exc.problems)
        return
    reading.problems.extend(unknown_units(rows, [r.unit_id for r in reading.units.values()], "chiến dịch"))

    def criteria_of(unit_id: str) -> CompiledSet | None:
        record = reading.units.get(unit_key(unit_id))
        return record.criteria if record is not None else None

    try:
        found = system_values(rows, criteria_of)
    except InputProblems as exc:
        reading.problems.extend(exc.problems)
        return
    reading.problems.extend(found.warnings)
    source = ", ".join(reading.campaign.relative(p) for p in paths)
    for criteria, _path in {id(c): (c, p) for c, p in reading.sets.values()}.values():
        members = [r.unit_id for r in reading.units.values() if r.criteria is criteria]
        reading.problems.extend(units_without_values(rows, members, criteria, source))
    for record in reading.units.values():
        values = found.of(record.unit_id)
        if record.self_unit is not None and values:
            record.self_unit = replace(record.self_unit, values={**record.self_unit.values, **values})
