"""Where a campaign stands on a given day: per unit and stage, what is sent (on time or late),
missing, overdue or awaiting the unit's explanation, and how many survey respondents answered.

The words, for a stage that has a file: "đã nộp", or "đã nộp (trễ N ngày)" when its `submitted`
date is after the stage's deadline. Without a file: "chưa nộp" up to the deadline, "quá hạn" after
it; "chưa đến lượt" while the step before it is not done (no self-assessment yet for round 1, no
round 1 yet for the explanation and round 2). The explanation and round 2 are "không cần" when round 1
asked for no explanation (round 1's result stands; a round-2 file sent all the same is "đã nộp"), and
the explanation is "chờ giải trình" while the unit has not answered round 1's requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from parindex.cycle.rounds import CampaignRounds, UnitRounds
from parindex.intake.campaign import EXPLANATION, ROUND1, ROUND2, SELF, STAGES, late_days

SENT = "đã nộp"
NOT_SENT = "chưa nộp"
OVERDUE = "quá hạn"
AWAITING = "chờ giải trình"
NOT_NEEDED = "không cần"
NOT_YET = "chưa đến lượt"


@dataclass(frozen=True, slots=True)
class StageState:
    """One unit at one stage: the word shown, whether the stage's file is there, days late."""

    word: str
    sent: bool = False
    late: int = 0
    submitted: dt.date | None = None


@dataclass(frozen=True, slots=True)
class UnitStatus:
    unit_id: str
    name: str
    kind: str
    stages: dict[str, StageState]  # SELF, ROUND1, EXPLANATION, ROUND2
    respondents: int
    requests: tuple[str, ...]  # what round 1 asked the unit to explain


@dataclass(frozen=True, slots=True)
class StageSummary:
    name: str
    label: str
    folder: str
    deadline: dt.date | None
    sent: int
    late: int
    missing: int  # units without the stage's file that need one


@dataclass(frozen=True)
class CampaignStatus:
    campaign_id: str
    title: str
    today: dt.date
    stages: tuple[StageSummary, ...]
    units: tuple[UnitStatus, ...]
    survey: bool  # the campaign has survey answer sheets


def _sent(submitted: dt.date | None, deadline: dt.date | None) -> StageState:
    days = late_days(submitted, deadline)
    return StageState(f"{SENT} (trễ {days} ngày)" if days else SENT, True, days, submitted)


def _missing(deadline: dt.date | None, today: dt.date) -> StageState:
    return StageState(OVERDUE if deadline is not None and today > deadline else NOT_SENT)


def unit_status(record: UnitRounds, deadlines: dict[str, dt.date | None], today: dt.date) -> UnitStatus:
    """One unit's row."""
    states: dict[str, StageState] = {}
    if record.self_unit is not None:
        states[SELF] = _sent(record.self_submitted, deadlines[SELF])
    else:
        states[SELF] = _missing(deadlines[SELF], today)
    round1, explanation, round2 = record.round1, record.explanation, record.round2
    if round1 is not None:
        states[ROUND1] = _sent(round1.submitted, deadlines[ROUND1])
    else:
        states[ROUND1] = _missing(deadlines[ROUND1], today) if record.self_unit is not None else StageState(NOT_YET)
    requests = round1.requests if round1 is not None else ()
    if explanation is not None:
        states[EXPLANATION] = _sent(explanation.submitted, deadlines[EXPLANATION])
    elif round1 is None:
        states[EXPLANATION] = StageState(NOT_YET)
    elif not requests:
        states[EXPLANATION] = StageState(NOT_NEEDED)
    else:
        deadline = deadlines[EXPLANATION]
        states[EXPLANATION] = StageState(OVERDUE if deadline is not None and today > deadline else AWAITING)
    if round2 is not None:
        states[ROUND2] = _sent(round2.submitted, deadlines[ROUND2])
    else:
        states[ROUND2] = (StageState(NOT_YET) if round1 is None else StageState(NOT_NEEDED) if not requests
                          else _missing(deadlines[ROUND2], today))
    unit = record.unit
    return UnitStatus(unit.unit_id, unit.name, unit.kind, states, record.survey_respondents, requests)


def campaign_status(rounds: CampaignRounds, today: dt.date) -> CampaignStatus:
    """The status of every unit of the campaign on `today`."""
    campaign = rounds.campaign
    deadlines = {name: stage.deadline for name, stage in campaign.stages.items()}
    units = tuple(unit_status(r, deadlines, today) for r in rounds.units)
    summaries = []
    for name in STAGES:
        stage = campaign.stages[name]
        states = [u.stages[name] for u in units]
        missing = sum(1 for s in states if s.word in (NOT_SENT, OVERDUE, AWAITING))
        summaries.append(StageSummary(name, stage.label, stage.folder, stage.deadline, sum(s.sent for s in states),
                                      sum(1 for s in states if s.late), missing))
    survey = any(u.survey_respondents for u in rounds.units)
    return CampaignStatus(campaign.id, campaign.title, today, tuple(summaries), units, survey)
