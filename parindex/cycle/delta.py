"""What the appraisal changed: per unit and leaf, the points of the self-assessment, round 1 and
round 2, with each change that touched the leaf (its reason, evidence and appraiser); and, for the
whole campaign, the largest corrections and the leaves corrected most often (which criteria units
over-claim). Data only: reports.campaign renders it as tables and Vietnamese sentences.

A change *touches* a leaf when it sets the leaf's points, or corrects an indicator the leaf's rule
reads (directly or through a derived value). A leaf whose points moved with no change of its own (a
relative leaf whose group best moved) is listed as such, and never counted as a correction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.core.numbers import format_points, format_value
from parindex.criteria.compiler import CompiledSet
from parindex.cycle.rounds import CampaignRounds, ScoredRound, UnitRounds, score_rounds
from parindex.engine.sources import names_read
from parindex.intake.appraisal import Appraisal, Change
from parindex.intake.campaign import ROUND1, ROUND2, SELF
from parindex.intake.entries import ROUND_NAMES
from parindex.results.scorecard import NodeResult, UnitResult

ROUNDS = (SELF, ROUND1, ROUND2)
# The campaign summary lists this many of the largest corrections and of the most corrected leaves.
TOP = 5


@dataclass(frozen=True, slots=True)
class ChangeNote:
    """One appraisal change that touched a leaf."""

    round: str  # ROUND1 or ROUND2
    target: str  # the indicator name or the leaf's code
    node: bool  # the leaf's points were set (False: an indicator was corrected)
    before: str  # the value or points before the change, as shown
    after: str
    reason: str | None
    evidence: tuple[str, ...]  # each piece of evidence as a short Vietnamese label
    by: str | None
    file: str
    line: int | None
    explanation_requested: bool = False

    @property
    def round_name(self) -> str:
        return ROUND_NAMES[self.round]


@dataclass(frozen=True, slots=True)
class LeafDelta:
    code: str
    title: str
    max: Decimal
    # SELF, ROUND1, ROUND2: the leaf's points when every unit is scored as of that round (a unit not
    # appraised in a round stands on its earlier rounds); None: no unit has reached that round.
    points: dict[str, Decimal | None]
    notes: tuple[ChangeNote, ...]

    @property
    def final(self) -> Decimal:
        return next(p for p in (self.points[ROUND2], self.points[ROUND1], self.points[SELF]) if p is not None)

    @property
    def change(self) -> Decimal:
        """Final points − self-assessed points (negative: the unit over-claimed)."""
        start = self.points[SELF]
        return self.final - start if start is not None else Decimal(0)

    @property
    def corrected(self) -> bool:
        """The leaf's points moved because of a change of this unit's own."""
        return bool(self.notes) and self.change != 0

    @property
    def knock_on(self) -> bool:
        """The points moved with no change of this unit's own (a relative leaf's group best moved)."""
        return not self.notes and any(p is not None and p != self.points[SELF] for p in self.points.values())


@dataclass(frozen=True, slots=True)
class ExplanationNote:
    about: str
    text: str
    evidence: tuple[str, ...]
    line: int | None


@dataclass(frozen=True, slots=True)
class UnitDelta:
    unit_id: str
    name: str
    kind: str
    decimals: int
    totals: dict[str, Decimal | None]  # SELF, ROUND1, ROUND2
    indexes: dict[str, Decimal | None]
    ratings: dict[str, str | None]
    leaves: tuple[LeafDelta, ...]  # the leaves that moved or that a change touched
    explanations: tuple[ExplanationNote, ...]
    appraisers: dict[str, str | None]  # ROUND1, ROUND2

    def points(self, value: Decimal) -> str:
        return format_points(value, self.decimals)


@dataclass(frozen=True, slots=True)
class Correction:
    """One unit's correction of one leaf, for the campaign summary."""

    unit_id: str
    name: str
    code: str
    title: str
    self_points: Decimal
    final_points: Decimal
    max: Decimal
    reason: str | None

    @property
    def change(self) -> Decimal:
        return self.final_points - self.self_points


@dataclass(frozen=True, slots=True)
class FrequentLeaf:
    """A leaf corrected in several units: how many, how many lowered, the points moved in all."""

    code: str
    title: str
    max: Decimal
    units: int
    lowered: int
    total_change: Decimal


@dataclass(frozen=True)
class CampaignDelta:
    campaign_id: str
    title: str
    decimals: int
    units: tuple[UnitDelta, ...]
    largest: tuple[Correction, ...]
    frequent: tuple[FrequentLeaf, ...]
    appraised: int  # units with at least round 1


def _shown(criteria: CompiledSet, name: str, value: Any) -> str:
    """A figure as the reports show it: 36,84%, 1.801, có/không, 31/01/2025, a choice's label."""
    if value is None:
        return "(chưa kê khai)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, Decimal):
        return format_value(value, criteria.decimals, criteria.is_percent(name))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    spec = criteria.indicators.get(name)
    if spec is not None and spec.choices and value in spec.choices:
        return f"{spec.choices[value]} ({value})"
    return str(value)


def _leaves(result: UnitResult) -> dict[str, NodeResult]:
    return {n.code: n for n in result.nodes() if n.is_leaf}


class _UnitWork:
    """One unit's rounds, scored, compared leaf by leaf."""

    def __init__(self, record: UnitRounds, results: dict[str, UnitResult | None]) -> None:
        self.record = record
        self.criteria = record.criteria
        self.results = results
        self.trees = {stage: _leaves(r) if r is not None else {} for stage, r in results.items()}

    def reads(self, code: str) -> set[str]:
        names: set[str] = set()
        for tree in self.trees.values():
            leaf = tree.get(code)
            if leaf is not None:
                names.update(names_read(leaf.readings))
        return names

    def notes(self, code: str) -> tuple[ChangeNote, ...]:
        reads = self.reads(code)
        notes: list[ChangeNote] = []
        for stage, before_stage in ((ROUND1, SELF), (ROUND2, ROUND1)):
            appraisal = self.record.appraisal(stage)
            if appraisal is None:
                continue
            for change in appraisal.changes:
                if (change.node and change.target == code) or (not change.node and change.target in reads):
                    notes.append(self.note(stage, before_stage, appraisal, change, code))
        return tuple(notes)

    def note(self, stage: str, before_stage: str, appraisal: Appraisal, change: Change, code: str) -> ChangeNote:
        criteria = self.criteria
        if change.node:
            leaf = self.trees[before_stage].get(code) or self.trees[SELF].get(code)
            before = format_points(leaf.points, criteria.decimals) if leaf is not None else "—"
            after = format_points(change.value, criteria.decimals)
        else:
            earlier = self.record.as_of(before_stage)
            before = _shown(criteria, change.target, earlier.values.get(change.target) if earlier else None)
            after = _shown(criteria, change.target, change.value)
        return ChangeNote(stage, change.target, change.node, before, after, change.reason,
                          tuple(e.label() for e in change.evidence), appraisal.appraiser, appraisal.path, change.line,
                          change.explanation_requested)

    def delta(self) -> UnitDelta:
        record, criteria = self.record, self.criteria
        self_tree = self.trees[SELF]
        leaves: list[LeafDelta] = []
        for code, leaf in self_tree.items():
            points = {stage: (self.trees[stage][code].points if code in self.trees[stage] else None)
                      for stage in ROUNDS}
            item = LeafDelta(code, leaf.title, leaf.max, points, self.notes(code))
            if item.notes or item.knock_on:
                leaves.append(item)
        explanation = record.explanation
        notes = tuple(ExplanationNote(i.about, i.text, tuple(e.label() for e in i.evidence), i.line)
                      for i in (explanation.items if explanation is not None else ()))
        results = self.results
        return UnitDelta(
            record.unit_id, record.unit.name, record.unit.kind, criteria.decimals,
            {s: (r.total if (r := results[s]) is not None else None) for s in ROUNDS},
            {s: (r.index if (r := results[s]) is not None else None) for s in ROUNDS},
            {s: (r.rating if (r := results[s]) is not None else None) for s in ROUNDS},
            tuple(leaves), notes,
            {ROUND1: record.round1.appraiser if record.round1 else None,
             ROUND2: record.round2.appraiser if record.round2 else None})


def _by_unit(scored: list[ScoredRound]) -> dict[str, UnitResult | None]:
    return {unit.unit_id: result for group in scored for unit, result in zip(group.units, group.results, strict=True)}


def campaign_delta(rounds: CampaignRounds, scored: dict[str, list[ScoredRound]] | None = None,
                   unit_id: str | None = None) -> CampaignDelta:
    """Every unit's delta (or one unit's), and the campaign summary over the units shown, from the
    rounds scored (`rounds.score_rounds`; scored here when not given). Units without a
    self-assessment have nothing to compare and are left out."""
    scored = scored if scored is not None else score_rounds(rounds)[0]
    by_round = {stage: _by_unit(scored[stage]) for stage in ROUNDS if stage in scored}
    units: list[UnitDelta] = []
    for record in rounds.units:
        if record.self_unit is None or (unit_id is not None and record.unit_id != unit_id):
            continue
        results = {stage: by_round[stage].get(record.unit_id) if stage in by_round else None for stage in ROUNDS}
        if results[SELF] is None:
            continue
        units.append(_UnitWork(record, results).delta())
    campaign = rounds.campaign
    decimals = max((u.decimals for u in units), default=2)
    shown = {u.unit_id for u in units}
    appraised = sum(1 for r in rounds.units if r.round1 is not None and r.unit_id in shown)
    return CampaignDelta(campaign.id, campaign.title, decimals, tuple(units), _largest(units), _frequent(units),
                         appraised)


def _largest(units: list[UnitDelta]) -> tuple[Correction, ...]:
    found = [Correction(u.unit_id, u.name, leaf.code, leaf.title, leaf.points[SELF] or Decimal(0), leaf.final, leaf.max,
                        leaf.notes[-1].reason)
             for u in units for leaf in u.leaves if leaf.corrected]
    found.sort(key=lambda c: (-abs(c.change), c.change, c.unit_id, c.code))
    return tuple(found[:TOP])


def _frequent(units: list[UnitDelta]) -> tuple[FrequentLeaf, ...]:
    tally: dict[str, list[LeafDelta]] = {}
    for unit in units:
        for leaf in unit.leaves:
            if leaf.corrected:
                tally.setdefault(leaf.code, []).append(leaf)
    found = [FrequentLeaf(code, leaves[0].title, leaves[0].max, len(leaves),
                          sum(1 for leaf in leaves if leaf.change < 0),
                          sum((leaf.change for leaf in leaves), Decimal(0)))
             for code, leaves in tally.items()]
    found.sort(key=lambda f: (-f.units, -f.lowered, f.total_change, f.code))
    return tuple(found[:TOP])
