"""What a person adds to a unit's figures over a campaign: evidence, points entered by hand
(judged leaves, an appraiser's decision on any leaf) and aggregated survey results.

These are plain, immutable values: the readers (unit files, appraisal files, survey sheets) make
them, the engine consumes them through `UnitData`, and the campaign stages (parindex.cycle) pass
them from round to round without changing an earlier round's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# The rounds of a campaign, in order.
SELF = "self"
ROUND1 = "round1"
ROUND2 = "round2"
ROUNDS = (SELF, ROUND1, ROUND2)
ROUND_NAMES = {SELF: "tự đánh giá", ROUND1: "thẩm định vòng 1", ROUND2: "thẩm định vòng 2"}

# The fields of one piece of evidence (`Evidence`), as a file writes them.
EVIDENCE_FIELDS = ("doc", "date", "file", "link", "note")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence (tài liệu kiểm chứng): a document's number and date, a file, a link,
    a note; at least one of doc, file and link."""

    doc: str | None = None
    date: str | None = None
    file: str | None = None
    link: str | None = None
    note: str | None = None

    def label(self) -> str:
        """A short Vietnamese description: "văn bản 15/BC-STP ngày 15/12/2025", a file or a link."""
        parts: list[str] = []
        if self.doc:
            parts.append(f"văn bản {self.doc}" + (f" ngày {self.date}" if self.date else ""))
        if self.file:
            parts.append(f"tệp {self.file}")
        if self.link:
            parts.append(f"liên kết {self.link}")
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Entered:
    """Points entered by a person for one leaf: by the unit (self-assessment of a judged leaf) or
    by an appraiser (any leaf), with why, on what evidence, by whom, and where it was written."""

    points: Decimal
    round: str  # one of ROUNDS
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    by: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def source(self) -> str:
        """Who set these points, in Vietnamese ("thẩm định vòng 1")."""
        return ROUND_NAMES.get(self.round, self.round)


@dataclass(frozen=True, slots=True)
class Correction:
    """An appraiser's correction of one indicator value (the rules then recompute the points that
    read it): the value as checked against the set, the round, why, on what evidence, by whom and
    where it was written. Kept on `UnitData.corrections` so that a leaf reading a corrected figure
    can say which round's figures scored it."""

    indicator: str
    value: Any
    round: str  # ROUND1 or ROUND2
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    by: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def source(self) -> str:
        return ROUND_NAMES.get(self.round, self.round)


@dataclass(frozen=True, slots=True)
class SurveyScore:
    """The aggregated survey answers for one survey leaf of one unit.

    `questions` holds, per question answered for this unit: its id, its max, the weighted mean
    share (0..1, exact), the number of respondents and the answer distribution (answer → count).
    """

    questions: tuple[SurveyQuestionScore, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class SurveyQuestionScore:
    question: str
    text: str
    max: Decimal
    share: Decimal  # Σ wᵢ·sᵢ / Σ wᵢ, exact in the evaluation context
    respondents: int
    answers: tuple[tuple[str, int], ...]  # (answer code, count) in scale order
