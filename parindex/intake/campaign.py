"""A campaign folder (chiến dịch đánh giá của một năm): `campaign.yaml` and one folder per stage.

```
chien-dich-2025/
  campaign.yaml
  tu-danh-gia/   one unit file per unit (self-assessment)
  tham-dinh-1/   <unit_id>.yaml, appraisal round 1
  giai-trinh/    <unit_id>.yaml, the unit's explanations
  tham-dinh-2/   <unit_id>.yaml, appraisal round 2
  dieu-tra/      *.csv survey answer sheets
  he-thong/      *.csv system data (optional, `system-data:`): 766 scores, SIPAS, DTI per unit
```

This module reads `campaign.yaml` (`load_campaign`) into a `Campaign`, every problem located, and
lists a stage's files; the stages' files themselves are read by `intake.units` (self-assessment),
`intake.appraisal` (appraisal and explanation files) and `intake.survey` (answer sheets). The
format is described in docs/campaign.md.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.text import shorten, unit_key
from parindex.intake.fields import Reader
from parindex.intake.yamlfile import load_yaml

CAMPAIGN_FILE = "campaign.yaml"

# The stages of a campaign, in order, as `rounds:` names them.
SELF = "self"
ROUND1 = "round1"
EXPLANATION = "explanation"
ROUND2 = "round2"
STAGES = (SELF, ROUND1, EXPLANATION, ROUND2)
STAGE_NAMES = {SELF: "tự đánh giá", ROUND1: "thẩm định vòng 1", EXPLANATION: "giải trình",
               ROUND2: "thẩm định vòng 2"}
DEFAULT_FOLDERS = {SELF: "tu-danh-gia", ROUND1: "tham-dinh-1", EXPLANATION: "giai-trinh", ROUND2: "tham-dinh-2"}
SURVEY_FOLDER = "dieu-tra"
LATE_POLICIES = ("warning", "error")

_FIELDS = ("id", "title", "year", "sets", "units", "rounds", "survey", "system-data", "late", "note")
_UNIT_FIELDS = ("id", "name", "kind")
_STAGE_FIELDS = ("folder", "deadline")
_SURVEY_FIELDS = ("folder",)
_FILE_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm")
_LOCK_PREFIX = "~$"  # the lock file Excel leaves beside a workbook it has open


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the campaign: its folder (as written, relative to the campaign folder) and
    its deadline (None: none set)."""

    name: str
    folder: str
    deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return STAGE_NAMES[self.name]


@dataclass(frozen=True, slots=True)
class CampaignUnit:
    """A unit assessed in the campaign (from `units:`, or from its self-assessment file)."""

    unit_id: str
    name: str
    kind: str
    line: int | None = None


@dataclass
class Campaign:
    """`campaign.yaml`, read and checked. `root` is the campaign folder as given; every path of the
    campaign is written relative to it (`relative`)."""

    root: Path
    id: str
    title: str
    year: int | None
    sets: dict[str, str]  # unit kind -> criteria file, as written (relative to the campaign folder)
    set_lines: dict[str, int | None]
    units: list[CampaignUnit] | None  # None: the units are those of the self-assessment folder
    stages: dict[str, Stage]
    survey_folder: str
    late: str
    doc: Document
    system_data: str | None = None  # a system-data file or folder (`system-data:`), relative to the root

    @property
    def file(self) -> Path:
        return self.root / CAMPAIGN_FILE

    def set_path(self, kind: str) -> Path:
        return self.root / self.sets[kind]

    def folder(self, stage: str) -> Path:
        return self.root / self.stages[stage].folder

    def relative(self, path: Path) -> str:
        """A path of the campaign as written in provenance: relative to the campaign folder."""
        try:
            return Path(os.path.relpath(path, self.root)).as_posix()
        except ValueError:  # another drive (Windows)
            return path.as_posix()


def campaign_file(folder: Path) -> Path:
    """`campaign.yaml` of a campaign folder (a path to the file itself is taken as it is)."""
    return folder if folder.name == CAMPAIGN_FILE and not folder.is_dir() else folder / CAMPAIGN_FILE


def load_campaign(folder: Path) -> Campaign:
    """Read and check `campaign.yaml` of `folder`; raise `InputProblems` with every problem."""
    path = campaign_file(folder)
    root = path.parent
    if not path.is_file():
        message = (f"không có tệp {CAMPAIGN_FILE} trong thư mục '{shorten(root)}'; hãy tạo chiến dịch bằng "
                   "'parindex campaign init' hoặc kiểm tra đường dẫn")
        raise InputProblems([Problem(str(path), None, None, message, code=Code.CAMPAIGN_NOT_FOUND)])
    doc = load_yaml(path, keep_going=True)
    problems: list[Problem] = list(doc.problems)
    read = Reader(doc, problems)
    data = read.mapping((), doc.data, _FIELDS, required=("id", "title", "sets"), what=f"tệp {CAMPAIGN_FILE}")
    if data is None:
        raise InputProblems(problems)
    campaign = Campaign(
        root=root,
        id=read.text(("id",), data.get("id"), "id", required=True) or "",
        title=read.text(("title",), data.get("title"), "title", required=True) or "",
        year=read.integer(("year",), data["year"], "year") if data.get("year") is not None else None,
        sets={}, set_lines={}, units=None, stages=_stages(read, data.get("rounds")),
        survey_folder=_survey_folder(read, data.get("survey")),
        late=_late(read, data.get("late")), doc=doc,
        system_data=read.text(("system-data",), data.get("system-data"), "system-data"))
    if "sets" in data and data["sets"] is None:
        read.error(("sets",), "'sets' không được để trống", Code.CAMPAIGN_MISSING_FIELD)
    _sets(read, data.get("sets"), campaign)
    if "units" in data:
        campaign.units = _units(read, data.get("units"), campaign)
    if has_errors(problems):
        raise InputProblems(problems)
    campaign.doc.problems = problems  # warnings only
    return campaign


def _sets(read: Reader, value: Any, campaign: Campaign) -> None:
    if value is None:
        return  # reported as a missing field
    sets = read.mapping(("sets",), value, _keys(value), what="'sets' (bộ tiêu chí theo loại đơn vị)")
    if sets is None:
        return
    if not sets:
        read.error(("sets",), "'sets' cần ít nhất một bộ tiêu chí, ví dụ: sets: {so: ../criteria/2025/so.yaml}",
                   Code.CAMPAIGN_MISSING_FIELD)
    for kind, written in sets.items():
        path = read.text(("sets", kind), written, f"sets.{kind}", required=True)
        if path is not None:
            campaign.sets[str(kind)] = path
            campaign.set_lines[str(kind)] = read.line(("sets", kind))


def _keys(value: Any) -> tuple[str, ...]:
    return tuple(str(k) for k in value) if isinstance(value, dict) else ()


def _units(read: Reader, value: Any, campaign: Campaign) -> list[CampaignUnit]:
    units: list[CampaignUnit] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(read.listing(("units",), value, "units")):
        loc = ("units", index)
        fields = read.mapping(loc, entry, _UNIT_FIELDS, required=_UNIT_FIELDS, what="đơn vị trong 'units'")
        if fields is None:
            continue
        unit_id = read.text((*loc, "id"), fields.get("id"), "id", required=True)
        name = read.text((*loc, "name"), fields.get("name"), "name", required=True)
        kind = read.text((*loc, "kind"), fields.get("kind"), "kind", required=True)
        if unit_id is None or name is None or kind is None:
            continue
        line = read.line(loc)
        if kind not in campaign.sets:
            read.error((*loc, "kind"), f"đơn vị '{shorten(unit_id)}' thuộc loại '{shorten(kind)}' nhưng 'sets' không "
                                       f"có bộ tiêu chí cho loại này (có: {', '.join(campaign.sets) or 'không có'})",
                       Code.CAMPAIGN_UNKNOWN_UNIT_KIND)
        key = unit_key(unit_id)
        if key in seen:
            read.error((*loc, "id"), f"mã đơn vị '{shorten(unit_id)}' đã có ở dòng {seen[key]}; mỗi đơn vị "
                                     "chỉ liệt kê một lần", Code.CAMPAIGN_DUPLICATE_UNIT)
            continue
        seen[key] = line
        units.append(CampaignUnit(unit_id, name, kind, line))
    if not units and not has_errors(read.problems):
        read.error(("units",), "'units' không có đơn vị nào; hãy liệt kê các đơn vị hoặc xóa 'units' để lấy "
                               "các đơn vị từ thư mục tự đánh giá", Code.CAMPAIGN_NO_UNITS)
    return units


def _stages(read: Reader, value: Any) -> dict[str, Stage]:
    stages = {name: Stage(name, DEFAULT_FOLDERS[name]) for name in STAGES}
    rounds = read.mapping(("rounds",), value if value is not None else {}, STAGES, what="'rounds' (các vòng)")
    if rounds is None:
        return stages
    for name in STAGES:
        entry = rounds.get(name)
        if entry is None:
            continue
        loc = ("rounds", name)
        fields = read.mapping(loc, entry, _STAGE_FIELDS, what=f"vòng '{name}'")
        if fields is None:
            continue
        folder = read.text((*loc, "folder"), fields.get("folder"), "folder") or DEFAULT_FOLDERS[name]
        if Path(folder).is_absolute() or ".." in Path(folder).parts:
            read.error((*loc, "folder"), f"thư mục của vòng '{name}' phải nằm trong thư mục chiến dịch "
                                         f"(nhận '{shorten(folder)}')", Code.CAMPAIGN_INVALID_VALUE)
            continue
        stages[name] = Stage(name, folder, read.date((*loc, "deadline"), fields.get("deadline"), "deadline"))
    return stages


def _survey_folder(read: Reader, value: Any) -> str:
    if value is None:
        return SURVEY_FOLDER
    fields = read.mapping(("survey",), value, _SURVEY_FIELDS, what="'survey' (điều tra xã hội học)")
    if fields is None:
        return SURVEY_FOLDER
    return read.text(("survey", "folder"), fields.get("folder"), "folder") or SURVEY_FOLDER


def _late(read: Reader, value: Any) -> str:
    if value is None:
        return "warning"
    if value not in LATE_POLICIES:
        read.error(("late",), f"'late' chỉ nhận 'warning' (cảnh báo) hoặc 'error' (lỗi), nhận '{shorten(value)}'",
                   Code.CAMPAIGN_INVALID_VALUE)
        return "warning"
    return str(value)


def stage_files(folder: Path) -> list[Path]:
    """The .yaml/.yml and .xlsx files of a stage's folder, sorted by name (no sub-folders; none when
    the folder does not exist yet; Excel's lock files `~$…` left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in _FILE_SUFFIXES and p.is_file()
                  and not p.name.startswith(_LOCK_PREFIX))


def survey_sheets(folder: Path) -> list[Path]:
    """The .csv and .xlsx answer sheets of the survey folder, sorted by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".xlsm") and p.is_file()
                  and not p.name.startswith(_LOCK_PREFIX))


def skipped_files(folder: Path, survey: bool = False) -> list[Problem]:
    """A warning naming each file of a stage's folder (or of the survey folder) that is not read:
    another format (.xls, .pdf…), Excel's lock files `~$…`. Nothing is skipped silently."""
    if not folder.is_dir():
        return []
    read = (".csv", ".xlsx", ".xlsm") if survey else _FILE_SUFFIXES
    kind = "phiếu điều tra .csv hay .xlsx" if survey else "tệp .yaml hay .xlsx"
    warnings = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.name.startswith(_LOCK_PREFIX):
            why = "là tệp khóa Excel tạo khi bảng tính đang mở"
        elif path.suffix.lower() not in read:
            why = f"không phải {kind}"
        else:
            continue
        warnings.append(Problem(str(path), None, None, f"tệp '{shorten(path.name)}' {why}; bỏ qua",
                                code=Code.FILE_SKIPPED, severity=Severity.WARNING))
    return warnings


def late_days(submitted: dt.date | None, deadline: dt.date | None) -> int:
    """Days a file was sent after its deadline (0: on time, or no date to compare)."""
    if submitted is None or deadline is None or submitted <= deadline:
        return 0
    return (submitted - deadline).days


def show_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
