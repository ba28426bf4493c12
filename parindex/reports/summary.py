"""The figures a ranking's summary shows, per unit kind or ranking group: units per rating, the
average and median index of each area (an area's index for a unit = its points ÷ its applicable
maximum, the areas where nothing applies left out), the same for the unit's index, and how the
indexes are spread over bands of ten percentage points. Exact decimals; writers round them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.reports.model import Report, ReportGroup
from parindex.results.scorecard import Status

NO_RATING = "Chưa xếp loại"  # a unit whose index could not be worked out (nothing applies)
# Index bands of the distribution: (label, lower bound included, upper bound excluded; None: open).
BINS: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("dưới 50%", None, Decimal("0.5")),
    ("50% – dưới 60%", Decimal("0.5"), Decimal("0.6")),
    ("60% – dưới 70%", Decimal("0.6"), Decimal("0.7")),
    ("70% – dưới 80%", Decimal("0.7"), Decimal("0.8")),
    ("80% – dưới 90%", Decimal("0.8"), Decimal("0.9")),
    ("từ 90%", Decimal("0.9"), None),
)


@dataclass(frozen=True, slots=True)
class RatingCount:
    rating: str
    units: int
    share: Decimal  # units ÷ units of the group (0 when the group is empty)


@dataclass(frozen=True, slots=True)
class Figures:
    """An area's (or the total's) index over the units of a group."""

    code: str  # "" for the unit's index as a whole
    title: str
    max: Decimal  # the set's maximum of the area (total points for the whole)
    units: int  # the units where something of it applies
    average: Decimal | None
    median: Decimal | None


@dataclass(frozen=True, slots=True)
class Band:
    label: str
    lower: Decimal | None
    upper: Decimal | None
    units: int


@dataclass(frozen=True)
class GroupSummary:
    group: ReportGroup
    ratings: tuple[RatingCount, ...]
    areas: tuple[Figures, ...]
    index: Figures
    bands: tuple[Band, ...]


def average(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value, or the mean of the two middle values of an even count."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def rating_names(report: Report) -> list[str]:
    """The set's ratings, best first (from the set when at hand, else as the units have them)."""
    names: list[str] = []
    if report.explainer is not None:
        names = [rating.name for rating in report.explainer.criteria.ratings]
    for unit in report.units:
        if unit.rating is not None and unit.rating not in names:
            names.append(unit.rating)
    return names


def summarize(report: Report, group: ReportGroup) -> GroupSummary:
    units = group.units
    count = len(units)
    ratings = [RatingCount(name, n, Decimal(n) / count if count else Decimal(0))
               for name in rating_names(report)
               for n in [sum(1 for u in units if u.rating == name)]]
    unrated = sum(1 for u in units if u.rating is None)
    if unrated:
        ratings.append(RatingCount(NO_RATING, unrated, Decimal(unrated) / count))
    areas = []
    for position, block in enumerate(report.criteria.areas):
        values = [area.points / area.applicable_max for unit in units
                  if position < len(unit.areas)
                  for area in [unit.areas[position]]
                  if area.status is not Status.NOT_APPLICABLE and area.applicable_max > 0]
        areas.append(Figures(block.code, block.title, block.max, len(values), average(values), median(values)))
    indexes = [u.index for u in units if u.index is not None]
    whole = Figures("", "Chỉ số chung", report.criteria.total_points, len(indexes), average(indexes), median(indexes))
    bands = tuple(Band(label, lower, upper,
                       sum(1 for i in indexes if (lower is None or i >= lower) and (upper is None or i < upper)))
                  for label, lower, upper in BINS)
    return GroupSummary(group, tuple(ratings), tuple(areas), whole, bands)
