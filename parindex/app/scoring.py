"""`score` and `rank`: criteria and unit files in, an outcome out.

The policy lives here: a bad unit stops the run with the full list of problems (nothing is
written), unless `skip_invalid`, which scores the others, lists the refused units and still ends
with status 1. Large batches are read and evaluated in worker processes (app.parallel); relative
rules are resolved over every valid unit of a kind, then units are ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parindex.app.files import unit_files
from parindex.app.loading import join, read_files
from parindex.app.outcome import Outcome, run_use_case
from parindex.app.output import check_output_path, refuse_overwriting_inputs, write_atomically
from parindex.app.parallel import read_batch
from parindex.app.rescore import mapped_loader
from parindex.core.errors import Problem, Severity
from parindex.cycle.survey import read_sheets
from parindex.engine.batch import resolve_groups
from parindex.intake.mapping import load_mapping
from parindex.intake.sets import load_criteria
from parindex.intake.system_data import (
    read_rows,
    system_files,
    system_not_given,
    system_values,
    units_without_values,
    unknown_units,
)
from parindex.reports.model import rank_report, score_report
from parindex.reports.registry import write
from parindex.results.provenance import provenance
from parindex.results.ranking import rank as rank_units


@dataclass(frozen=True)
class Options:
    format: str = "table"
    explain: bool = False  # score only: a sentence for every point lost
    output: Path | None = None
    skip_invalid: bool = False
    threshold: int | None = None  # files from which workers are used (None: app.parallel.THRESHOLD)
    survey: tuple[Path, ...] = ()  # survey answer sheets (CSV) for the set's survey leaves
    system_data: tuple[Path, ...] = ()  # system-data files (CSV) or folders of them, for `source: system`
    mapping: Path | None = None  # last year's unit files read through a re-scoring mapping (app.rescore)


def score(criteria_path: Path, unit_paths: list[Path], options: Options | None = None) -> Outcome:
    return _run("score", criteria_path, unit_paths, options or Options())


def rank(criteria_path: Path, unit_paths: list[Path], options: Options | None = None) -> Outcome:
    return _run("rank", criteria_path, unit_paths, options or Options())


def save(outcome: Outcome) -> None:
    """Write the outcome's content to its output file, atomically (raises OutputError)."""
    if outcome.output is not None and outcome.content is not None:
        write_atomically(outcome.output, outcome.content)


def _run(command: str, criteria_path: Path, unit_paths: list[Path], options: Options) -> Outcome:
    return run_use_case(lambda outcome: _score(command, criteria_path, unit_paths, options, outcome), options.output)


def _show(outcome: Outcome, problems: list[Problem]) -> None:
    outcome.problems.extend(sorted(problems, key=Problem.sort_key))


def _score(command: str, criteria_path: Path, unit_paths: list[Path], options: Options, outcome: Outcome) -> None:
    if options.output is not None:
        check_output_path(options.output)
    criteria = load_criteria(criteria_path)
    _show(outcome, criteria.warnings)
    listing = unit_files(unit_paths)
    files = listing.files
    _show(outcome, listing.skipped)
    _show(outcome, listing.refused)
    system_paths = [f for given in options.system_data for f in system_files(given)]
    mapped = [options.mapping] if options.mapping is not None else []
    if options.output is not None:
        refuse_overwriting_inputs(options.output, [criteria_path, *files, *options.survey, *system_paths, *mapped])
    mapping = load_mapping(options.mapping, criteria) if options.mapping is not None else None
    sheets = read_sheets(criteria, options.survey) if options.survey else None
    survey = sheets.scores if sheets is not None else None
    system_rows = read_rows(system_paths) if options.system_data else []
    system = system_values(system_rows, lambda _unit: criteria) if options.system_data else None
    _show(outcome, system.warnings if system is not None else system_not_given(criteria, criteria_path))
    if mapping is None:
        joined = join(read_batch(criteria, criteria_path, files, options.threshold, survey, system))
    else:
        joined = join(read_files(criteria, files, survey, system, mapped_loader(mapping)))
        _show(outcome, mapping.warnings(criteria))
    outcome.problems.extend(joined.shown)
    refused = listing.refused + joined.refused
    results = joined.results
    if sheets is not None:  # answers about a unit no file declares
        unknown = sheets.unknown_units(r.unit_id for r in results)
        outcome.problems.extend(unknown)
        refused.extend(unknown)
    if system_rows:
        scored = [r.unit_id for r in results]
        outcome.problems.extend(units_without_values(system_rows, scored, criteria, ", ".join(map(str, system_paths))))
        if command == "rank":  # system data about a unit no file declares (`score`: rows of other units are left)
            strangers = unknown_units(system_rows, scored, "các tệp số liệu đơn vị đang xếp hạng")
            outcome.problems.extend(strangers)
            refused.extend(strangers)
    resolve_groups(criteria, results)
    for result in results:
        _show(outcome, result.problems)
        refused.extend(p for p in result.problems if p.severity is Severity.ERROR)
    outcome.refused = refused
    if refused and not options.skip_invalid:
        outcome.status = 1
        outcome.notice = (f"{len(refused)} lỗi trong số liệu đơn vị; không có kết quả nào được ghi. "
                          "Sửa các lỗi trên, hoặc dùng --skip-invalid để bỏ qua các đơn vị có lỗi.")
        return
    kept = [r for r in results if r.is_valid]
    outcome.results = kept
    # every file read, hashed now
    source = provenance([criteria_path], [*files, *options.survey, *system_paths, *mapped])
    if command == "score":
        outcome.content = write(score_report(criteria, kept, options.explain, source), options.format)
    else:
        outcome.groups = rank_units(criteria, kept)
        outcome.content = write(rank_report(criteria, outcome.groups, refused, source), options.format)
    outcome.status = 1 if refused else 0
