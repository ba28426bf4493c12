"""survey: points from the sociological survey (điều tra xã hội học).

The set's `survey:` section declares the answer scale, the respondent groups with their weights and
the questions, each feeding one survey leaf with its own max. The campaign aggregates the answer
sheets per unit and question (parindex.cycle.survey): the weighted mean share of the answers.
Here a leaf earns Σ share × question max over its answered questions, rescaled to the leaf's max
when some were not answered (× leaf max ÷ Σ max of the answered ones). A unit without any answer
to the leaf's questions has the leaf không phát sinh: its max leaves the unit's denominator.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Literal

from parindex.core.codes import Code
from parindex.core.document import Path_
from parindex.core.numbers import EVAL_CONTEXT, ZERO, format_number, format_percent, format_points
from parindex.criteria import schema
from parindex.criteria.rules.kind import (
    CompileContext,
    CompiledRule,
    Emitter,
    ExplainContext,
    RuleKind,
    ScoreContext,
    SurveyQuestionResult,
)

NO_ANSWERS = "không có phiếu điều tra xã hội học nào trả lời các câu hỏi của mục này"


class SurveyRule(schema.RuleBase):
    kind: Literal["survey"]


def compile_survey(ctx: CompileContext, loc: Path_, node: schema.Node, rule: CompiledRule) -> None:
    """The set declares a survey, with questions for this leaf whose max add up to the leaf's."""
    survey = ctx.spec.survey
    if survey is None:
        ctx.error(loc, f"mục {node.code} chấm theo điều tra xã hội học nhưng bộ tiêu chí không có phần 'survey:' "
                       "(thang trả lời, nhóm người trả lời, câu hỏi)", Code.SET_SURVEY_MISSING)
        return
    questions = [(qid, q) for qid, q in survey.questions.items() if q.node == node.code]
    if not questions:
        ctx.error(loc, f"mục {node.code} chấm theo điều tra xã hội học nhưng không câu hỏi nào trong "
                       f"'survey.questions' có node: \"{node.code}\"", Code.SET_SURVEY_NO_QUESTIONS)
        return
    total = sum((q.max for _, q in questions), ZERO)
    if total != node.max:
        parts = " + ".join(f"{qid} {format_number(q.max)}" for qid, q in questions)
        ctx.error((*loc[:-1], "max"), f"điểm tối đa của mục {node.code} ({format_number(node.max)}) khác tổng điểm "
                                      f"các câu hỏi điều tra của nó ({parts} = {format_number(total)})",
                  Code.SET_SURVEY_SUM_MISMATCH)


def answered(questions: tuple[SurveyQuestionResult, ...]) -> list[SurveyQuestionResult]:
    return [q for q in questions if q.respondents > 0]


def score(ctx: ScoreContext, rule: CompiledRule, maximum: Decimal) -> None:
    result = ctx.survey
    questions = answered(result.questions) if result is not None else []
    if not questions:
        ctx.set_unscored(NO_ANSWERS, not_applicable=True)
        return
    with decimal.localcontext(EVAL_CONTEXT):
        earned = sum((q.share * q.max for q in questions), ZERO)
        counted = sum((q.max for q in questions), ZERO)
        ctx.set_value(earned / counted)
        ctx.set_points(earned if counted == maximum else earned * maximum / counted)


def explain(ctx: ExplainContext, rule: CompiledRule | None) -> str:
    leaf = ctx.leaf
    survey = leaf.survey
    questions = answered(survey.questions) if survey is not None else []
    decimals = ctx.decimals
    parts = []
    with decimal.localcontext(EVAL_CONTEXT):
        for q in questions:
            answers = ", ".join(f"{answer}: {count}" for answer, count in q.answers)
            parts.append(f"{q.question} ({q.text}): {q.respondents} người trả lời ({answers}), tỷ lệ bình quân "
                         f"có trọng số {format_percent(q.share, decimals)} × {format_points(q.max, decimals)} = "
                         f"{format_points(q.share * q.max, decimals)} điểm")
        text = "điều tra xã hội học: " + "; ".join(parts)
        counted = sum((q.max for q in questions), ZERO)
        if questions and counted != leaf.max:
            earned = sum((q.share * q.max for q in questions), ZERO)
            rescaled = format_points(earned * leaf.max / counted, decimals)
            text += (f"; chỉ {len(questions)} câu có trả lời (tối đa {format_points(counted, decimals)} điểm), "
                     f"quy đổi {format_points(earned, decimals)} × {format_points(leaf.max, decimals)} ÷ "
                     f"{format_points(counted, decimals)} = {rescaled} điểm")
    return text


def emit(out: Emitter, rule: CompiledRule, maximum: Decimal) -> list[str]:
    """The fast path scores only units without survey answers (a unit with some is scored by the
    reference evaluator: engine.batch.needs_reference): không phát sinh, as `score` says."""
    return out.set_unscored(not_applicable=True)


KIND = RuleKind("survey", SurveyRule, {}, score, explain, compile=compile_survey, emit=emit)
