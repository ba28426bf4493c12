"""`parindex template`: a blank form for every unit, from a criteria set — a YAML unit file to fill
in (comments say what each value is), an Excel form (`xlsx`), a "many units" workbook for the Sở's
staff (`--many`), or a survey answer sheet (`--survey`, xlsx or a CSV header). Data only: the
outcome holds the form; the command line writes it (atomically, `--output`) or shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parindex.app.outcome import Outcome, run_use_case
from parindex.app.output import check_output_path, refuse_overwriting_inputs
from parindex.core.errors import ParindexError, Problem
from parindex.intake.sets import load_criteria
from parindex.intake.survey import ALIASES
from parindex.reports.form_model import build_form
from parindex.reports.form_yaml import form_yaml

FORMATS = ("yaml", "xlsx", "csv")


@dataclass(frozen=True)
class TemplateOptions:
    format: str = "yaml"  # chosen by the command line: --format, else --output's suffix (app.formats)
    unit_kind: str | None = None
    many: bool = False
    survey: bool = False
    output: Path | None = None


def default_format(options: TemplateOptions) -> str:
    """The format without --format and without a telling --output suffix."""
    return "xlsx" if options.many or options.survey else "yaml"


def template(criteria_path: Path, options: TemplateOptions) -> Outcome:
    return run_use_case(lambda outcome: _template(criteria_path, options, outcome), options.output)


def _template(criteria_path: Path, options: TemplateOptions, outcome: Outcome) -> None:
    fmt = options.format
    if options.many and fmt != "xlsx":
        raise ParindexError("--many (bảng nhiều đơn vị) chỉ có dạng Excel: dùng --format xlsx hoặc --output TỆP.xlsx")
    if fmt == "csv" and not options.survey:
        raise ParindexError("--format csv chỉ dùng cho phiếu điều tra (--survey); mẫu số liệu đơn vị là yaml hoặc xlsx")
    if options.survey and fmt == "yaml":
        raise ParindexError("phiếu điều tra (--survey) là xlsx hoặc csv, không phải yaml")
    if options.survey and options.many:
        raise ParindexError("--survey và --many không dùng cùng nhau")
    if options.output is not None:
        check_output_path(options.output)
        refuse_overwriting_inputs(options.output, [criteria_path])
    criteria = load_criteria(criteria_path)
    outcome.problems.extend(sorted(criteria.warnings, key=Problem.sort_key))
    kinds = criteria.spec.unit_kinds
    if options.unit_kind is not None and options.unit_kind not in kinds:
        raise ParindexError(f"--unit-kind '{options.unit_kind}': bộ tiêu chí '{criteria.spec.id}' dành cho "
                            f"{', '.join(kinds)}")
    shown = criteria_path.as_posix()
    # XlsxWriter is loaded only when a form is written, not with every command
    from parindex.reports.xlsx.forms import form_workbook, many_workbook, survey_workbook

    if options.survey:
        if criteria.spec.survey is None:
            raise ParindexError(f"bộ tiêu chí '{criteria.spec.id}' không khai báo điều tra xã hội học ('survey:'); "
                                "không có phiếu điều tra để lập")
        outcome.content = (survey_workbook(criteria) if fmt == "xlsx"
                           else "\ufeff" + ",".join(ALIASES) + "\n")  # BOM: Excel shows the Vietnamese
        return
    form = build_form(criteria, options.unit_kind)
    if options.many:
        outcome.content = many_workbook(form)
    elif fmt == "xlsx":
        outcome.content = form_workbook(form, shown)
    else:
        outcome.content = form_yaml(form, shown)
