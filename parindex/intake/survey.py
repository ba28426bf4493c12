"""Survey answer sheets (phiếu điều tra xã hội học): CSV files or workbooks (.xlsx, the sheet
"Phiếu điều tra" of `parindex template --survey`, or a workbook's first sheet), one row per answer,
checked against the criteria set's `survey:` section and the units of the campaign.

A sheet is UTF-8 (a BOM is accepted), comma- or semicolon-separated (Excel on a Vietnamese Windows
saves with semicolons), with a header row naming the five columns — `respondent, group, unit,
question, answer`, or in Vietnamese `nguoi_tra_loi, nhom, don_vi, cau_hoi, tra_loi` (accents,
case and spaces are ignored: "Người trả lời" is `nguoi_tra_loi`) — in any order. Every bad row is
reported with file:line, all at once: a missing cell, an unknown unit, question, group or answer,
the same respondent answering the same question for the same unit twice.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from parindex.core.codes import Code
from parindex.core.errors import Cell, InputProblems, Problem
from parindex.core.text import did_you_mean, shorten
from parindex.criteria.compiler import CompiledSet
from parindex.intake.csv_header import match_header, read_table
from parindex.intake.xlsx.layout import is_workbook
from parindex.intake.yamlfile import read_text

# A sheet may hold this many bytes (about 400 000 answers).
MAX_SHEET_BYTES = 20_000_000

COLUMNS = ("respondent", "group", "unit", "question", "answer")
ALIASES = {"nguoi_tra_loi": "respondent", "nhom": "group", "don_vi": "unit", "cau_hoi": "question",
           "tra_loi": "answer"}
COLUMN_WORDS = {"respondent": "người trả lời", "group": "nhóm", "unit": "đơn vị", "question": "câu hỏi",
                "answer": "câu trả lời"}


@dataclass(frozen=True, slots=True)
class Answer:
    """One checked answer: the respondent, the group id, the unit assessed, the question id and the
    answer's code in the set's scale, with the sheet and line it was read from (in a workbook: the
    row, and `cell`, the row's cell of the unit)."""

    respondent: str
    group: str
    unit: str
    question: str
    answer: str
    file: str
    line: int
    cell: Cell | None = None

    @property
    def place(self) -> str:
        """Where the answer was read: `phieu.csv:12`, `phieu.xlsx:Phiếu điều tra!C12`."""
        return f"{self.file}:{self.cell if self.cell is not None else self.line}"


def read_answers(path: Path, criteria: CompiledSet, unit_ids: Collection[str] | None) -> list[Answer]:
    """The answers of one sheet, each checked; raise `InputProblems` with every bad row.

    `unit_ids`: the units of the campaign (an answer about another unit is an error); None leaves
    the units unchecked (the caller checks them)."""
    shown = str(path)
    survey = criteria.spec.survey
    if survey is None:
        raise InputProblems([Problem(shown, None, None, f"bộ tiêu chí '{criteria.spec.id}' không khai báo điều tra "
                                     "xã hội học ('survey:'); không đọc được phiếu điều tra",
                                     code=Code.SURVEY_NO_SURVEY)])
    if is_workbook(path):
        from parindex.intake.xlsx.survey import survey_rows  # openpyxl, only when needed

        rows, problems = survey_rows(path)
        return _Sheet(shown, criteria, unit_ids).read_cells(rows, problems)
    text = read_text(path, MAX_SHEET_BYTES)
    return _Sheet(shown, criteria, unit_ids).read(text)


def _matcher(options: dict[str, str]) -> dict[str, str]:
    """Written text → id: each id itself, and each id and label (group names) ignoring case."""
    found: dict[str, str] = {}
    folded: dict[str, set[str]] = {}
    for written, target in options.items():
        found[written] = target
        folded.setdefault(written.strip().casefold(), set()).add(target)
    for key, targets in folded.items():
        if len(targets) == 1 and key not in found:
            found[key] = next(iter(targets))
    return found


class _Sheet:
    def __init__(self, path: str, criteria: CompiledSet, unit_ids: Collection[str] | None) -> None:
        survey = criteria.spec.survey
        assert survey is not None
        self.path = path
        self.units = None if unit_ids is None else set(unit_ids)
        self.unit_list = sorted(self.units) if self.units is not None else []
        self.questions = _matcher({q: q for q in survey.questions})
        self.question_ids = list(survey.questions)
        self.answers = _matcher({a: a for a in survey.scale})
        self.scale = list(survey.scale)
        groups = {g: g for g in survey.groups}
        for group_id, group in survey.groups.items():
            groups.setdefault(group.name, group_id)
        self.groups = _matcher(groups)
        self.group_words = ", ".join(f"{g} ({shorten(group.name)})" for g, group in survey.groups.items())
        self.problems: list[Problem] = []
        self.seen: dict[tuple[str, str, str], int] = {}
        # In a workbook: the cells of the row being read, and its columns' names (for the cell of a field).
        self.places: list[Cell] | None = None
        self.columns: list[str] = []

    def error(self, line: int | None, message: str, code: Code, field: str | None = None) -> None:
        if self.places:
            index = self.columns.index(field) if field in self.columns else 0
            cell = self.places[index] if index < len(self.places) else self.places[0]
            self.problems.append(Problem(self.path, None, None, message, code=code, field=field, cell=cell))
            return
        self.problems.append(Problem(self.path, line, None, message, code=code, field=field))

    def read_cells(self, rows: Iterable[tuple[int, list[str], list[Cell]]], problems: list[Problem]) -> list[Answer]:
        """The answers of a workbook's sheet: its rows (number, texts, cells), the first non-empty
        one the header; `problems`: those of its cells (a formula never calculated…)."""
        self.problems.extend(problems)
        columns: list[str] | None = None
        answers: list[Answer] = []
        for line, cells, places in rows:
            if not any(cells):
                continue
            self.places = places
            if columns is None:
                columns = self.header(line, cells)
                if columns is None:
                    break
                self.columns = columns
                continue
            answer = self.row(line, columns, cells)
            if answer is not None:
                answers.append(replace(answer, cell=places[columns.index("unit")]))
        self.places = None
        return self.finish(columns, answers)

    def read(self, text: str) -> list[Answer]:
        columns, answers, broken = read_table(text, self.header, self.row)
        if broken is not None:
            self.error(broken.line, f"dòng CSV không đọc được ({shorten(broken.error)}); hãy kiểm tra dấu ngoặc kép \" "
                                 "trong dòng này", Code.SURVEY_CSV_SYNTAX)
        return self.finish(columns, answers)

    def finish(self, columns: list[str] | None, answers: list[Answer]) -> list[Answer]:
        if columns is None and not self.problems:
            self.error(None, "tệp phiếu điều tra trống; cần dòng tiêu đề "
                             f"'{','.join(COLUMNS)}' và mỗi dòng một câu trả lời", Code.SURVEY_BAD_HEADER)
        elif not answers and not self.problems:
            self.error(None, "tệp phiếu điều tra không có câu trả lời nào (chỉ có dòng tiêu đề); hãy điền phiếu "
                             "hoặc bỏ tệp ra khỏi thư mục", Code.SURVEY_NO_ANSWERS)
        if self.problems:
            raise InputProblems(self.problems)
        return answers

    def header(self, line: int, cells: list[str]) -> list[str] | None:
        names, wrong = match_header(cells, COLUMNS, ALIASES, COLUMN_WORDS)
        if names is not None:
            return names
        self.error(line, f"dòng tiêu đề của phiếu điều tra sai ({wrong}); cần đúng các cột "
                         f"{','.join(COLUMNS)} (hoặc {','.join(ALIASES)})", Code.SURVEY_BAD_HEADER)
        return None

    def row(self, line: int, columns: list[str], cells: list[str]) -> Answer | None:
        before = len(self.problems)
        if len(cells) > len(columns) and any(cells[len(columns):]):
            self.error(line, f"dòng có {len(cells)} ô, nhiều hơn {len(columns)} cột của dòng tiêu đề; hãy kiểm tra "
                             "dấu phân cách trong các ô (đặt ô có dấu phẩy trong ngoặc kép)", Code.SURVEY_EXTRA_CELLS)
            return None
        values = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=False))
        empty = [name for name in COLUMNS if not values[name]]
        if empty:
            words = ", ".join(f"'{name}' ({COLUMN_WORDS[name]})" for name in empty)
            self.error(line, f"dòng thiếu ô {words}", Code.SURVEY_MISSING_CELL, field=empty[0])
            return None
        unit, question, answer, group = values["unit"], values["question"], values["answer"], values["group"]
        if self.units is not None and unit not in self.units:
            self.error(line, f"đơn vị '{shorten(unit)}' không có trong chiến dịch" + did_you_mean(unit, self.unit_list),
                       Code.SURVEY_UNKNOWN_UNIT, field="unit")
        question_id = self.questions.get(question) or self.questions.get(question.casefold())
        if question_id is None:
            self.error(line, f"câu hỏi '{shorten(question)}' không có trong bộ tiêu chí; có: "
                             f"{', '.join(self.question_ids)}" + did_you_mean(question, self.question_ids),
                       Code.SURVEY_UNKNOWN_QUESTION, field="question")
        code = self.answers.get(answer) or self.answers.get(answer.casefold())
        if code is None:
            self.error(line, f"câu trả lời '{shorten(answer)}' không có trong thang trả lời "
                             f"({', '.join(self.scale)})", Code.SURVEY_UNKNOWN_ANSWER, field="answer")
        group_id = self.groups.get(group) or self.groups.get(group.casefold())
        if group_id is None:
            self.error(line, f"nhóm người trả lời '{shorten(group)}' không có; có: {self.group_words}",
                       Code.SURVEY_UNKNOWN_GROUP, field="group")
        respondent = values["respondent"]
        if question_id is not None:
            key = (respondent, unit, question_id)
            first = self.seen.setdefault(key, line)
            if first != line:
                self.error(line, f"người trả lời '{shorten(respondent)}' đã trả lời câu {question_id} cho đơn vị "
                                 f"'{shorten(unit)}' ở dòng {first}; mỗi người chỉ trả lời mỗi câu một lần",
                           Code.SURVEY_DUPLICATE_ANSWER, field="respondent")
        if len(self.problems) > before or question_id is None or code is None or group_id is None:
            return None
        return Answer(respondent, group_id, unit, question_id, code, self.path, line)
