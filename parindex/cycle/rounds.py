"""The rounds of a campaign overlaid on a unit's input: self-assessment → round 1 → (explanation) →
round 2. Each round's changes are laid over the figures and points of the rounds before it; an
earlier round is never changed, so every round can be scored, compared and explained on its own.

- an indicator correction replaces the value (already checked against the set like a unit-file
  value) and is kept on `UnitData.corrections`: the rules recompute every leaf that reads it;
- points on a judged leaf go to `UnitData.entered`, points on any other leaf to
  `UnitData.overrides` (the leaf's points become these; the rule's own result is kept for the
  explanation); each with its round, reason, evidence, appraiser, file and line;
- a later round's change of the same indicator or leaf replaces the earlier one (round 2 decides
  on top of round 1 and the unit's explanation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from parindex.core.errors import Problem, Severity
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import score_units
from parindex.intake.appraisal import Appraisal, Explanation, judged_step
from parindex.intake.campaign import ROUND1, ROUND2, SELF, Campaign, CampaignUnit
from parindex.intake.entries import ROUND_NAMES, Correction, Entered
from parindex.intake.units import UnitData
from parindex.results.scorecard import UnitResult

FINAL = "final"
# The rounds a campaign can be scored at, as `--round` names them.
ROUND_CHOICES = {"self": SELF, "1": ROUND1, "2": ROUND2, "final": FINAL}


def overlay(unit: UnitData, appraisal: Appraisal, criteria: CompiledSet) -> UnitData:
    """The unit's input after one appraisal round (its values already checked by
    `intake.appraisal.check_appraisal`); `unit` itself is left as it is."""
    stage = ROUND1 if appraisal.round == 1 else ROUND2
    values = dict(unit.values)
    corrections = dict(unit.corrections)
    entered = dict(unit.entered)
    overrides = dict(unit.overrides)
    nodes = criteria.nodes_by_code
    for change in appraisal.changes:
        if change.node:
            points = change.value
            assert isinstance(points, Decimal)
            decision = Entered(points, stage, change.reason, change.evidence, appraisal.appraiser, appraisal.path,
                               change.line)
            node = nodes.get(change.target)
            if node is not None and judged_step(node) is not None:
                entered[change.target] = decision
            else:
                overrides[change.target] = decision
        else:
            values[change.target] = change.value
            corrections[change.target] = Correction(change.target, change.value, stage, change.reason,
                                                    change.evidence, appraisal.appraiser, appraisal.path, change.line)
    return replace(unit, values=values, corrections=corrections, entered=entered, overrides=overrides,
                   warnings=list(unit.warnings))


@dataclass
class UnitRounds:
    """One unit of a campaign: its self-assessment (None: not sent), its appraisal rounds and its
    explanation, as read and checked; `criteria` is the set of its kind."""

    unit: CampaignUnit
    criteria: CompiledSet
    criteria_path: Path
    self_unit: UnitData | None = None
    round1: Appraisal | None = None
    explanation: Explanation | None = None
    round2: Appraisal | None = None
    self_path: Path | None = None
    self_submitted: dt.date | None = None  # the self-assessment's `submitted:` date
    survey_respondents: int = 0

    @property
    def unit_id(self) -> str:
        return self.unit.unit_id

    @property
    def last_round(self) -> str:
        """The latest round that reached this unit (what "final" means for it)."""
        return ROUND2 if self.round2 is not None else ROUND1 if self.round1 is not None else SELF

    def appraisal(self, stage: str) -> Appraisal | None:
        return self.round1 if stage == ROUND1 else self.round2 if stage == ROUND2 else None

    def as_of(self, stage: str) -> UnitData | None:
        """The unit's input as of a round: the latest of its rounds up to `stage` laid over the ones
        before (a unit not yet appraised in that round stands on the rounds it has)."""
        unit = self.self_unit
        if unit is None:
            return None
        if stage in (ROUND1, ROUND2, FINAL) and self.round1 is not None:
            unit = overlay(unit, self.round1, self.criteria)
        if stage in (ROUND2, FINAL) and self.round2 is not None:
            unit = overlay(unit, self.round2, self.criteria)
        return unit


@dataclass
class CampaignRounds:
    """Everything a campaign's files gave: the campaign, its units in order, the files read (for
    provenance, relative to the campaign folder) and the warnings found while reading."""

    campaign: Campaign
    units: list[UnitRounds]
    criteria_files: list[Path] = field(default_factory=list)
    input_files: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def sets(self) -> list[tuple[CompiledSet, list[UnitRounds]]]:
        """The units grouped by criteria set, sets in the order their units first appear."""
        groups: dict[int, tuple[CompiledSet, list[UnitRounds]]] = {}
        for unit in self.units:
            groups.setdefault(id(unit.criteria), (unit.criteria, []))[1].append(unit)
        return list(groups.values())

    def find(self, unit_id: str) -> UnitRounds | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


@dataclass
class ScoredRound:
    """One criteria set's units scored as of one round: results in the units' order (None for a
    unit without a self-assessment)."""

    criteria: CompiledSet
    units: list[UnitRounds]
    results: list[UnitResult | None]

    def result(self, unit_id: str) -> UnitResult | None:
        return next((r for u, r in zip(self.units, self.results, strict=True) if u.unit_id == unit_id), None)


def score_round(rounds: CampaignRounds, stage: str) -> list[ScoredRound]:
    """Every unit scored as of `stage` (self, round1, round2 or final), per criteria set; relative
    rules compare the units of a set as of the same round."""
    scored: list[ScoredRound] = []
    for criteria, units in rounds.sets():
        inputs = [u.as_of(stage) for u in units]
        present = [unit for unit in inputs if unit is not None]
        results = iter(score_units(criteria, present))
        scored.append(ScoredRound(criteria, units, [next(results) if unit is not None else None for unit in inputs]))
    return scored


def _relocated(problem: Problem, appraisal: Appraisal) -> Problem:
    """An error that an appraisal's corrections brought about, shown at the change that caused it:
    the first corrected indicator the message names, else the sheet's first correction."""
    corrections = [c for c in appraisal.changes if not c.node]
    named = next((c for c in corrections if f"'{c.target}'" in problem.message or c.target in (problem.field or "")),
                 corrections[0] if corrections else None)
    line = named.line if named is not None else appraisal.line_of(("changes",))
    stage = ROUND_NAMES[ROUND1 if appraisal.round == 1 else ROUND2]
    return Problem(appraisal.path, line, None, f"{problem.message} (sau thay đổi của phiếu {stage})",
                   code=problem.code, severity=problem.severity, field=problem.field)


def score_rounds(rounds: CampaignRounds) -> tuple[dict[str, list[ScoredRound]], list[Problem]]:
    """Every round the campaign has reached, scored (self; round 1 and round 2 when some unit has
    them; FINAL is the latest), and the errors of every round: a round's change that makes a unit's
    figures fail (a consistency check that no longer holds, a formula that cannot be computed) is an
    error at that change, even when a later round corrects it again."""
    scored: dict[str, list[ScoredRound]] = {SELF: score_round(rounds, SELF)}
    for stage in (ROUND1, ROUND2):
        if any(unit.appraisal(stage) is not None for unit in rounds.units):
            scored[stage] = score_round(rounds, stage)
    scored[FINAL] = scored.get(ROUND2) or scored.get(ROUND1) or scored[SELF]
    problems: list[Problem] = []
    before: dict[str, set[tuple[str, int | None, str]]] = {}
    for stage in (SELF, ROUND1, ROUND2):
        for group in scored.get(stage, []):
            for unit, result in zip(group.units, group.results, strict=True):
                if result is None:
                    continue
                errors = [p for p in result.problems if p.severity is Severity.ERROR]
                seen = before.setdefault(unit.unit_id, set())
                appraisal = unit.appraisal(stage)
                for error in errors:
                    key = (error.file, error.line, error.message)
                    if key in seen:
                        continue
                    seen.add(key)
                    problems.append(_relocated(error, appraisal) if appraisal is not None else error)
    return scored, problems
