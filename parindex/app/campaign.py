"""The campaign commands: `campaign init`, `campaign status`, `appraise`, `rank --campaign` and
`delta`. Each takes paths and options and hands back an `Outcome` (data only); files are written
only when every check passed (all or nothing), each atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from parindex.app.campaign_files import read_campaign
from parindex.app.outcome import Outcome, run_use_case
from parindex.app.output import check_output_path, refuse_overwriting_inputs, write_atomically
from parindex.core.codes import Code
from parindex.core.errors import InputProblems, OutputError, ParindexError, Problem, Severity
from parindex.core.text import shorten
from parindex.criteria.compiler import CompiledSet
from parindex.cycle.delta import campaign_delta
from parindex.cycle.rounds import FINAL, ROUND_CHOICES, CampaignRounds, ScoredRound, UnitRounds, score_rounds
from parindex.cycle.status import campaign_status
from parindex.intake.campaign import (
    CAMPAIGN_FILE,
    DEFAULT_FOLDERS,
    ROUND1,
    ROUND2,
    SELF,
    STAGE_NAMES,
    STAGES,
    SURVEY_FOLDER,
)
from parindex.intake.sets import load_criteria
from parindex.reports.campaign import compared_groups, write_compared, write_delta, write_status
from parindex.reports.model import rank_report
from parindex.reports.registry import write
from parindex.reports.sheets import appraisal_sheet, quoted
from parindex.reports.writers.csv import BOM
from parindex.results.provenance import Provenance, provenance
from parindex.results.ranking import Group
from parindex.results.ranking import rank as rank_units
from parindex.results.scorecard import UnitResult

_SAFE_NAME = re.compile(r"[^\w.-]")


def _campaign_provenance(rounds: CampaignRounds) -> Provenance:
    return provenance(rounds.criteria_files, rounds.input_files, root=rounds.campaign.root)


def _check_output(output: Path | None, rounds: CampaignRounds) -> None:
    if output is not None:
        refuse_overwriting_inputs(output, [*rounds.criteria_files, *rounds.input_files])


# -- campaign init ---------------------------------------------------------------------------------


def init(folder: Path, sets: dict[str, Path], year: int | None = None, title: str | None = None) -> Outcome:
    """Write campaign.yaml (sets relative to the campaign folder) and the stage folders; refuse a
    folder that already has a campaign.yaml, and a set that cannot be read or is not for its kind."""
    return run_use_case(lambda outcome: _init(folder, sets, year, title, outcome))


def _init(folder: Path, sets: dict[str, Path], year: int | None, title: str | None, outcome: Outcome) -> None:
    target = folder / CAMPAIGN_FILE
    if target.exists():
        raise InputProblems([Problem(str(target), None, None, "thư mục đã có chiến dịch (tệp campaign.yaml); không "
                                     "ghi đè — hãy chọn thư mục khác hoặc sửa trực tiếp tệp này",
                                     code=Code.CAMPAIGN_EXISTS)])
    if folder.exists() and not folder.is_dir():
        raise InputProblems([Problem(str(folder), None, None, "đường dẫn chiến dịch là một tệp, không phải thư mục",
                                     code=Code.CAMPAIGN_INVALID_VALUE)])
    problems: list[Problem] = []
    loaded: dict[str, CompiledSet] = {}
    for kind, path in sets.items():
        try:
            criteria = load_criteria(path)
        except InputProblems as exc:
            problems.extend(exc.problems)
            continue
        if kind not in criteria.spec.unit_kinds:
            problems.append(Problem(str(path), None, None, f"bộ tiêu chí '{criteria.spec.id}' không dành cho loại "
                                    f"đơn vị '{shorten(kind)}' (dành cho: {', '.join(criteria.spec.unit_kinds)}); "
                                    f"hãy ghi --set {criteria.spec.unit_kinds[0]}={path}", code=Code.CAMPAIGN_SET_KIND))
            continue
        loaded[kind] = criteria
    if problems:
        raise InputProblems(problems)
    year = year if year is not None else next(iter(loaded.values())).spec.year
    text = campaign_text(folder, sets, year, title or f"Xác định Chỉ số cải cách hành chính năm {year}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in (*DEFAULT_FOLDERS.values(), SURVEY_FOLDER):
            (folder / name).mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"không tạo được thư mục chiến dịch {folder}: {exc.strerror or exc}") from None
    write_atomically(target, text)
    made = ", ".join(f"{name}/" for name in (*DEFAULT_FOLDERS.values(), SURVEY_FOLDER))
    outcome.content = (f"Đã tạo chiến dịch '{shorten(folder)}': {CAMPAIGN_FILE} và các thư mục {made}\n"
                       f"Hãy điền hạn nộp (deadline) của từng bước trong {target}.\n")


def campaign_text(folder: Path, sets: dict[str, Path], year: int, title: str) -> str:
    """campaign.yaml as `campaign init` writes it (paths of the sets relative to the campaign folder)."""
    lines = [
        "# Chiến dịch xác định Chỉ số CCHC — tạo bởi 'parindex campaign init'. Hướng dẫn: docs/campaign.md.",
        "# Điền hạn nộp (deadline) của từng bước theo kế hoạch; ngày viết yyyy-mm-dd, ví dụ 2026-01-15.",
        f"id: {quoted(f'cchc-{year}')}",
        f"title: {quoted(title)}",
        f"year: {year}",
        "sets:   # bộ tiêu chí theo loại đơn vị (đường dẫn tính từ thư mục chiến dịch)",
    ]
    for kind, path in sets.items():
        try:
            relative = Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
        except ValueError:  # the set is on another drive than the campaign (Windows): its full path
            relative = path.resolve().as_posix()
        lines.append(f"  {quoted(kind)}: {quoted(relative)}")
    lines += [
        "# units:   # các đơn vị được đánh giá; bỏ trống thì lấy các đơn vị có tệp trong thư mục tự đánh giá",
        "#   - {id: so-tu-phap, name: Sở Tư pháp, kind: so}",
        "rounds:",
    ]
    notes = {SELF: "hạn đơn vị nộp tự đánh giá", ROUND1: "hạn thẩm định vòng 1",
             "explanation": "hạn đơn vị nộp giải trình", ROUND2: "hạn thẩm định vòng 2"}
    for stage in STAGES:
        lines += [f"  {stage}:   # {STAGE_NAMES[stage]}", f"    folder: {DEFAULT_FOLDERS[stage]}",
                  f"    deadline:   # {notes[stage]}"]
    lines += ["survey:   # điều tra xã hội học: các tệp phiếu .csv", f"  folder: {SURVEY_FOLDER}",
              "late: warning   # tệp nộp sau hạn: warning (cảnh báo) hoặc error (lỗi, không xếp hạng)",
              "# system-data: he-thong   # số liệu hệ thống (766, SIPAS, DTI): một tệp .csv hoặc thư mục các tệp"]
    return "\n".join(lines) + "\n"


# -- campaign status -------------------------------------------------------------------------------


def status(folder: Path, today: dt.date | None = None, fmt: str = "table", output: Path | None = None) -> Outcome:
    """Per unit and stage: sent (late or not), missing, overdue, awaiting explanation; lateness is
    shown here, not refused (whatever `late:` says)."""
    def work(outcome: Outcome) -> None:
        if output is not None:
            check_output_path(output)
        rounds = read_campaign(folder, apply_late=False)
        _check_output(output, rounds)
        outcome.problems.extend(_sorted(rounds.warnings))
        report = campaign_status(rounds, today or dt.date.today())
        outcome.content = write_status(report, fmt, _campaign_provenance(rounds))

    return run_use_case(work, output)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


# -- appraise --------------------------------------------------------------------------------------


def appraise(folder: Path, round_number: int, unit_id: str | None = None, fmt: str = "yaml") -> Outcome:
    """Write a pre-filled appraisal sheet per unit (or for `unit_id`) into the round's folder, as YAML
    or as a workbook (`fmt` "xlsx"); refuse (writing nothing) when a sheet exists already or a unit
    cannot be appraised in that round."""
    return run_use_case(lambda outcome: _appraise(folder, round_number, unit_id, fmt, outcome))


def _appraise(folder: Path, round_number: int, unit_id: str | None, fmt: str, outcome: Outcome) -> None:
    rounds = read_campaign(folder, apply_late=False)
    outcome.problems.extend(_sorted(rounds.warnings))
    campaign = rounds.campaign
    stage = ROUND1 if round_number == 1 else ROUND2
    records = rounds.units
    if unit_id is not None:
        found = rounds.find(unit_id)
        if found is None:
            raise InputProblems([Problem(str(campaign.file), None, None, f"chiến dịch không có đơn vị "
                                         f"'{shorten(unit_id)}'; các đơn vị: "
                                         f"{', '.join(u.unit_id for u in records)}", code=Code.CAMPAIGN_UNKNOWN_UNIT)])
        records = [found]
    base_stage = SELF if stage == ROUND1 else ROUND1
    scored = _results(_checked(rounds).get(base_stage, []))
    problems: list[Problem] = []
    skipped: list[Problem] = []
    sheets: list[tuple[Path, str | bytes]] = []
    from parindex.reports.xlsx.forms import appraisal_workbook  # XlsxWriter is loaded only to write a workbook

    write_sheet = appraisal_workbook if fmt == "xlsx" else appraisal_sheet
    for record in records:
        reason = _cannot_appraise(record, stage)
        if reason is not None:
            problem = Problem(str(campaign.file), record.unit.line, None, reason, code=Code.CAMPAIGN_MISSING_SELF,
                              severity=Severity.ERROR if unit_id is not None else Severity.WARNING)
            (problems if unit_id is not None else skipped).append(problem)
            continue
        existing = record.appraisal(stage)
        path = campaign.folder(stage) / f"{_SAFE_NAME.sub('_', record.unit_id).lstrip('.') or '_'}.{fmt}"
        if existing is not None or path.exists():
            problems.append(Problem(existing.path if existing is not None else str(path), None, None,
                                    f"đã có phiếu thẩm định vòng {round_number} của đơn vị "
                                    f"'{shorten(record.unit_id)}'; không ghi đè — hãy sửa trực tiếp tệp này hoặc "
                                    "xóa nó trước",
                                    code=Code.CAMPAIGN_SHEET_EXISTS))
            continue
        unit = record.as_of(base_stage)
        assert unit is not None
        sheets.append((path, write_sheet(
            campaign_id=campaign.id, title=campaign.title, set_file=campaign.relative(record.criteria_path),
            criteria=record.criteria, unit=unit, round_number=round_number, result=scored.get(record.unit_id),
            round1=record.round1 if stage == ROUND2 else None,
            explanation=record.explanation if stage == ROUND2 else None)))
    if problems:
        raise InputProblems(problems)
    outcome.problems.extend(skipped)
    try:
        campaign.folder(stage).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"không tạo được thư mục {campaign.folder(stage)}: {exc.strerror or exc}") from None
    for path, text in sheets:
        write_atomically(path, text)
    listed = "".join(f"- {campaign.relative(path)}\n" for path, _ in sheets)
    outcome.content = f"Đã ghi {len(sheets)} phiếu thẩm định vòng {round_number}:\n{listed}"


def _cannot_appraise(record: UnitRounds, stage: str) -> str | None:
    if record.self_unit is None:
        return (f"đơn vị '{shorten(record.unit_id)}' chưa nộp tự đánh giá; chưa lập được phiếu thẩm định "
                f"(bỏ qua)")
    if stage == ROUND2 and record.round1 is None:
        return (f"đơn vị '{shorten(record.unit_id)}' chưa có phiếu thẩm định vòng 1; vòng 2 thẩm định trên kết quả "
                "vòng 1 (bỏ qua)")
    return None


def _results(scored: list[ScoredRound]) -> dict[str, UnitResult]:
    return {u.unit_id: r for group in scored for u, r in zip(group.units, group.results, strict=True) if r is not None}


# -- rank --campaign -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankOptions:
    round: str = "final"  # self | 1 | 2 | final
    compare: str | None = None  # "self": the self-assessment's figures beside the round's
    format: str = "table"
    output: Path | None = None


ROUND_LABELS = {SELF: "tự đánh giá", ROUND1: "thẩm định vòng 1", ROUND2: "thẩm định vòng 2",
                FINAL: "kết quả cuối cùng"}


def rank(folder: Path, options: RankOptions | None = None) -> Outcome:
    """Rank the campaign's units as of a round (default: final — each unit's latest round; the survey
    counts in every round)."""
    chosen = options or RankOptions()
    return run_use_case(lambda outcome: _rank(folder, chosen, outcome), chosen.output)


def _missing_self(rounds: CampaignRounds) -> list[Problem]:
    file = str(rounds.campaign.file)
    return [Problem(file, r.unit.line, None, f"đơn vị '{shorten(r.unit_id)}' ({shorten(r.unit.name)}) chưa nộp tự "
                    f"đánh giá ({rounds.campaign.stages[SELF].folder}/); chưa xếp hạng được chiến dịch",
                    code=Code.CAMPAIGN_MISSING_SELF)
            for r in rounds.units if r.self_unit is None]


def _checked(rounds: CampaignRounds) -> dict[str, list[ScoredRound]]:
    """Every round scored; an error in any round (a unit's figures that fail once a round's changes are
    laid over them) stops the run, each at the file and line that caused it."""
    scored, errors = score_rounds(rounds)
    if errors:
        raise InputProblems(errors)
    return scored


def _ranked(scored: list[ScoredRound], outcome: Outcome | None) -> list[tuple[CompiledSet, list[Group]]]:
    """Every set's units of one round ranked; their warnings onto `outcome` (None: not shown)."""
    ranked: list[tuple[CompiledSet, list[Group]]] = []
    for group in scored:
        results = [r for r in group.results if r is not None]
        if outcome is not None:
            for result in results:
                outcome.problems.extend(_sorted(result.problems))
        ranked.append((group.criteria, rank_units(group.criteria, results)))
    return ranked


def _rank(folder: Path, options: RankOptions, outcome: Outcome) -> None:
    if options.output is not None:
        check_output_path(options.output)
    rounds = read_campaign(folder)
    _check_output(options.output, rounds)
    outcome.problems.extend(_sorted(rounds.warnings))
    missing = _missing_self(rounds)
    if missing:
        raise InputProblems(missing)
    if not rounds.units:
        raise InputProblems([Problem(str(rounds.campaign.file), None, None, "chiến dịch chưa có đơn vị nào: thư mục "
                                     f"{rounds.campaign.stages[SELF].folder}/ chưa có tệp tự đánh giá",
                                     code=Code.CAMPAIGN_NO_UNITS)])
    stage = ROUND_CHOICES[options.round]
    scored = _checked(rounds)
    ranked = _ranked(scored.get(stage, scored[FINAL]), outcome)
    origin = _campaign_provenance(rounds)
    campaign = rounds.campaign
    label = ROUND_LABELS[stage]
    if options.format == "xlsx":  # one workbook: every set's ranking, and a sheet per unit with every round
        outcome.content = _ranking_workbook(rounds, scored, ranked, origin, options, label)
        return
    if options.compare == "self":
        own = {id(c): g for c, g in _ranked(scored[SELF], None)}  # its warnings are the round's: shown once
        decimals = max(c.decimals for c, _ in ranked)
        groups = [cg for c, g in ranked for cg in compared_groups(g, own.get(id(c), []), decimals)]
        title = f"{campaign.title} ({campaign.id}) — {label} so với tự đánh giá"
        outcome.content = write_compared(title, groups, options.format, label, origin)
        return
    texts = [write(rank_report(criteria, groups, [], origin), options.format) for criteria, groups in ranked]
    outcome.content = _joined(texts, options.format, f"{campaign.title} ({campaign.id}) — xếp hạng theo {label}")


def _ranking_workbook(rounds: CampaignRounds, scored: dict[str, list[ScoredRound]],
                      ranked: list[tuple[CompiledSet, list[Group]]], origin: Provenance, options: RankOptions,
                      label: str) -> bytes:
    campaign = rounds.campaign
    compared = None
    if options.compare == "self":
        own = {id(c): g for c, g in _ranked(scored[SELF], None)}
        decimals = max(c.decimals for c, _ in ranked)
        compared = [cg for c, g in ranked for cg in compared_groups(g, own.get(id(c), []), decimals)]
    reports = [rank_report(criteria, groups, [], origin) for criteria, groups in ranked]
    from parindex.reports.xlsx.campaign import campaign_ranking  # XlsxWriter only to write a workbook

    return campaign_ranking(reports, f"{campaign.title} ({campaign.id}) — xếp hạng theo {label}",
                            campaign_delta(rounds, scored), scored, compared)


def _joined(texts: list[str | bytes], fmt: str, heading: str) -> str | bytes:
    """One output of the rankings of the campaign's sets: a single set's as it is (with a heading line
    in the text formats); several sets' one after another, or for JSON under `results`."""
    if len(texts) == 1 and fmt not in ("table", "markdown"):
        return texts[0]
    if fmt == "json":
        return json.dumps({"schema": "parindex.campaign/1", "command": "rank",
                           "results": [json.loads(t) for t in texts]}, ensure_ascii=False, indent=2) + "\n"
    if any(isinstance(t, bytes) for t in texts):
        raise ParindexError("định dạng này chỉ ghi được một bộ tiêu chí mỗi lần; chiến dịch có nhiều bộ tiêu chí")
    strings = [t for t in texts if isinstance(t, str)]
    if fmt == "table":
        return f"{heading}\n\n" + "\n".join(strings)
    if fmt == "markdown":
        return f"# {heading}\n\n" + "\n".join(strings)
    return strings[0] + "".join(t.removeprefix(BOM) for t in strings[1:])  # CSV: one byte order mark


# -- delta -----------------------------------------------------------------------------------------


def delta(folder: Path, unit_id: str | None = None, fmt: str = "table", output: Path | None = None) -> Outcome:
    """Self vs round 1 vs round 2 per unit and leaf, with reasons and evidence, and the campaign's
    largest and most frequent corrections."""
    def work(outcome: Outcome) -> None:
        if output is not None:
            check_output_path(output)
        rounds = read_campaign(folder)
        _check_output(output, rounds)
        outcome.problems.extend(_sorted(rounds.warnings))
        if unit_id is not None and rounds.find(unit_id) is None:
            raise InputProblems([Problem(str(rounds.campaign.file), None, None, f"chiến dịch không có đơn vị "
                                         f"'{shorten(unit_id)}'", code=Code.CAMPAIGN_UNKNOWN_UNIT)])
        scored = _checked(rounds)
        if fmt == "xlsx":
            from parindex.reports.xlsx.campaign import delta_workbook  # XlsxWriter only to write a workbook

            outcome.content = delta_workbook(campaign_delta(rounds, scored, unit_id), scored,
                                             _campaign_provenance(rounds))
            return
        outcome.content = write_delta(campaign_delta(rounds, scored, unit_id), fmt, _campaign_provenance(rounds))

    return run_use_case(work, output)
