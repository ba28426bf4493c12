"""The charts of the HTML report, as geometry for the SVG its template draws (no library): the
distribution of the index in bands of 10 percentage points, each area's average share of its
maximum, and one unit's areas against its group's average.

An area's share for a unit is its points over its applicable maximum; an area that did not arise
for the unit (nothing applicable) has no share and is left out of the averages. Figures are exact
decimals; only the drawing is in floats, and every label is shown the Vietnamese way (87,5%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.numbers import format_percent
from parindex.reports.model import Block, ReportUnit
from parindex.results.scorecard import NodeSummary, Status

BINS = 10  # index bands of 10 percentage points: 0–10%, …, 90–100% (100% in the last)
LABEL_CHARS = 42  # an area's name beside its bar, cut with "…" (the whole name in a tooltip)
_ROW = 26  # px per bar row
_TOP = 30  # px above the first bar (ticks)
_LEFT = 280  # px for the area names
_SPAN = 300  # px for 100%
_RIGHT = 64  # px for the value after a bar


def share(area: NodeSummary) -> Decimal | None:
    """The area's points over its applicable maximum, None when nothing in it applied."""
    if area.status is Status.NOT_APPLICABLE or area.applicable_max <= 0:
        return None
    return area.points / area.applicable_max


def averages(units: Sequence[ReportUnit], areas: int) -> list[Decimal | None]:
    """Each area's average share over the units where it applied (None where it applied to none)."""
    found: list[Decimal | None] = []
    for position in range(areas):
        shares = [s for u in units if (s := share(u.areas[position])) is not None]
        found.append(sum(shares, Decimal(0)) / len(shares) if shares else None)
    return found


def percent(value: Decimal | None) -> str:
    return "—" if value is None else format_percent(value, 1)


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _px(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


# -- the index distribution ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    x: str
    y: str
    width: str
    height: str
    middle: str  # x of the column's centre (its labels)
    count: int
    label: str  # "80–90%"


@dataclass(frozen=True, slots=True)
class Histogram:
    width: int
    height: int
    baseline: str  # y of the axis
    columns: tuple[Column, ...]
    gridlines: tuple[tuple[str, int], ...]  # (y, count)
    left: int
    right: int
    total: int  # units with an index


def histogram(indexes: Sequence[Decimal | None]) -> Histogram:
    """How many units have their index in each band of 10 percentage points (100% in the last)."""
    counts = [0] * BINS
    for index in indexes:
        if index is not None:
            counts[min(int(index * BINS), BINS - 1) if index > 0 else 0] += 1
    width, height, left, right, top, bottom = 500, 200, 34, 8, 16, 28
    plot = height - top - bottom
    highest = max(max(counts), 1)
    step = max(1, -(-highest // 5))  # at most 5 gridlines above zero
    ceiling = step * -(-highest // step)
    slot = (width - left - right) / BINS
    columns = []
    for band, count in enumerate(counts):
        tall = plot * count / ceiling
        x = left + band * slot + 3
        columns.append(Column(_px(x), _px(top + plot - tall), _px(slot - 6), _px(tall), _px(x + (slot - 6) / 2),
                              count, f"{band * 10}–{(band + 1) * 10}%"))
    gridlines = tuple((_px(top + plot - plot * value / ceiling), value) for value in range(0, ceiling + 1, step))
    return Histogram(width, height, _px(top + plot), tuple(columns), gridlines, left, width - right,
                     sum(counts))


# -- bars per area ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bar:
    y: str  # top of the bar
    mark_top: str  # the group average's mark runs a little above and below the bar
    mark_bottom: str
    text_y: str  # baseline of its labels
    label: str  # the area, cut to fit
    title: str  # the area's whole name
    length: str  # px
    value: str  # "87,5%" (or "—")
    value_x: str
    marker: str | None  # x of the group average's mark
    marker_value: str | None  # the average, shown in the tooltip


@dataclass(frozen=True, slots=True)
class Bars:
    width: int
    height: int
    left: int
    span: int
    bottom: str  # y below the last bar
    ticks: tuple[tuple[str, str], ...]  # (x, "50%")
    bars: tuple[Bar, ...]
    marked: bool  # a group average is marked on each bar


def bars(areas: Sequence[Block], values: Sequence[Decimal | None],
         marks: Sequence[Decimal | None] | None = None) -> Bars:
    """One horizontal bar per area: its share (0–100%), and a mark at `marks` when given."""
    rows = []
    for position, (area, value) in enumerate(zip(areas, values, strict=True)):
        top = _TOP + position * _ROW
        length = _SPAN * min(float(value), 1.0) if value is not None else 0.0
        mark = marks[position] if marks is not None else None
        name = f"{area.code}. {area.title}"
        marker = _px(_LEFT + _SPAN * min(float(mark), 1.0)) if mark is not None else None
        rows.append(Bar(_px(top + 4), _px(top + 1), _px(top + 25), _px(top + _ROW / 2 + 4), _cut(name), name,
                        _px(length), percent(value), _px(_LEFT + length + 6), marker,
                        percent(mark) if mark is not None else None))
    height = _TOP + len(rows) * _ROW + 8
    ticks = tuple((_px(_LEFT + _SPAN * share / 100), f"{share}%") for share in (0, 25, 50, 75, 100))
    return Bars(_LEFT + _SPAN + _RIGHT, height, _LEFT, _SPAN, _px(_TOP + len(rows) * _ROW), ticks, tuple(rows),
                marks is not None)
