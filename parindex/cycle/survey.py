"""Survey aggregation: the checked answers of every sheet (intake.survey) → per unit and survey
leaf, a `SurveyScore` the engine scores the leaf from (criteria.rules.survey).

Per unit and question: share = Σ wᵢ·sᵢ / Σ wᵢ over the respondents who answered it (wᵢ the
weight of the respondent's group, sᵢ the share of the answer in the scale); the question earns
share × its max. Worked: 30 A, 10 B, 5 C, 5 D from one group on a 2-point question:
(30×1 + 10×0,6 + 5×0,2 + 5×0) / 50 = 0,74, × 2 = 1,48 points.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem
from parindex.core.numbers import EVAL_CONTEXT, ZERO
from parindex.core.text import did_you_mean, shorten
from parindex.criteria.compiler import CompiledSet
from parindex.intake.entries import SurveyQuestionScore, SurveyScore
from parindex.intake.survey import Answer, read_answers


def survey_scores(criteria: CompiledSet, answers: Iterable[Answer],
                  unit_ids: Iterable[str] | None) -> dict[str, dict[str, SurveyScore]]:
    """Per unit (every one of `unit_ids`; None: the units answered about), per survey leaf code,
    its questions' aggregated answers in the set's order; a leaf none of whose questions was
    answered for a unit is left out (the leaf is then không phát sinh for that unit).

    The same respondent answering the same question for the same unit in two sheets raises
    `InputProblems` (each sheet alone is checked when it is read)."""
    survey = criteria.spec.survey
    answers = list(answers)
    units = list(dict.fromkeys(unit_ids if unit_ids is not None else (a.unit for a in answers)))
    if survey is None:
        return {unit: {} for unit in units}
    scale = criteria.survey_scale
    weights = {group_id: group.weight for group_id, group in survey.groups.items()}
    seen: dict[tuple[str, str, str], Answer] = {}
    problems: list[Problem] = []
    grouped: dict[str, dict[str, list[Answer]]] = {}
    for answer in answers:
        key = (answer.respondent, answer.unit, answer.question)
        first = seen.setdefault(key, answer)
        if first is not answer:
            problems.append(Problem(answer.file, None if answer.cell else answer.line, None,
                                    f"người trả lời '{shorten(answer.respondent)}' đã trả lời câu {answer.question} "
                                    f"cho đơn vị '{shorten(answer.unit)}' ở {first.place}; mỗi người "
                                    "chỉ trả lời mỗi câu một lần", code=Code.SURVEY_DUPLICATE_ANSWER,
                                    field="respondent", cell=answer.cell))
            continue
        grouped.setdefault(answer.unit, {}).setdefault(answer.question, []).append(answer)
    if problems:
        raise InputProblems(problems)
    result: dict[str, dict[str, SurveyScore]] = {}
    with decimal.localcontext(EVAL_CONTEXT):
        for unit in units:
            leaves: dict[str, list[SurveyQuestionScore]] = {}
            for question_id, question in survey.questions.items():
                given = grouped.get(unit, {}).get(question_id, [])
                if not given:
                    continue
                weight = sum((weights[a.group] for a in given), ZERO)
                earned = sum((weights[a.group] * scale[a.answer] for a in given), ZERO)
                counts = {code: 0 for code in scale}
                for a in given:
                    counts[a.answer] += 1
                leaves.setdefault(question.node, []).append(SurveyQuestionScore(
                    question_id, question.text, question.max, earned / weight, len(given),
                    tuple(counts.items())))
            result[unit] = {code: SurveyScore(tuple(questions)) for code, questions in leaves.items()}
    return result



@dataclass
class SurveySheets:
    """The answer sheets of one run, read and aggregated: the answers, and per unit and survey leaf
    the `SurveyScore` a `UnitData.survey` takes."""

    answers: list[Answer]
    scores: dict[str, dict[str, SurveyScore]]

    def unknown_units(self, unit_ids: Iterable[str]) -> list[Problem]:
        """An error for each unit the sheets answer about that is not among `unit_ids` (at its
        first answer in each sheet)."""
        known = set(unit_ids)
        first: dict[tuple[str, str], Answer] = {}
        for answer in self.answers:
            if answer.unit not in known:
                first.setdefault((answer.file, answer.unit), answer)
        return [Problem(a.file, None if a.cell else a.line, None, f"đơn vị '{shorten(a.unit)}' của phiếu điều tra "
                        "không có trong các tệp số liệu đang chấm" + did_you_mean(a.unit, sorted(known)),
                        code=Code.SURVEY_UNKNOWN_UNIT, field="unit", cell=a.cell) for a in first.values()]


def read_sheets(criteria: CompiledSet, paths: Iterable[Path], unit_ids: Iterable[str] | None = None) -> SurveySheets:
    """Read every sheet (`intake.survey.read_answers`) and aggregate them (`survey_scores`); raise
    `InputProblems` with the problems of every sheet at once. `unit_ids` None: the units are not
    known yet (`SurveySheets.unknown_units` checks them later)."""
    wanted = None if unit_ids is None else list(unit_ids)
    answers: list[Answer] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            answers.extend(read_answers(path, criteria, wanted))
        except InputProblems as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputProblems(problems)
    return SurveySheets(answers, survey_scores(criteria, answers, wanted))
