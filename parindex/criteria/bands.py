"""Intervals with inclusive or exclusive bounds, and the gap/overlap check over a value range.

Used for rule bands ("trên 90%", "từ 70% đến 90%", "dưới 70%") and for rating bands on the index.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal

from parindex.core.codes import Code
from parindex.core.numbers import (
    comparable,
    format_number,
    format_points,
    format_threshold,
    fraction_of,
    percent_of,
    round_half_up,
)

# Display rounding never contradicts a band: a value is shown with more decimals, up to this many,
# until the shown value falls in the same bands as the exact one; beyond, a '<' / '>' marker.
MAX_SHOWN_DECIMALS = 10


@dataclass(frozen=True, slots=True)
class Interval:
    """lower/upper None mean unbounded; *_closed says whether the bound itself belongs."""

    lower: Decimal | None
    lower_closed: bool
    upper: Decimal | None
    upper_closed: bool

    @classmethod
    def from_words(
        cls, from_: Decimal | None, above: Decimal | None, to: Decimal | None, below: Decimal | None
    ) -> Interval:
        lower = from_ if from_ is not None else above
        upper = to if to is not None else below
        return cls(lower, from_ is not None, upper, to is not None)

    def contains(self, value: Decimal) -> bool:
        """Whether the band holds `value`, compared at numbers.COMPARE_DIGITS significant digits."""
        value = comparable(value)
        if self.lower is not None:
            lower = comparable(self.lower)
            if value < lower or (value == lower and not self.lower_closed):
                return False
        if self.upper is not None:
            upper = comparable(self.upper)
            return value < upper or (value == upper and self.upper_closed)
        return True

    def is_empty(self) -> bool:
        if self.lower is None or self.upper is None:
            return False
        if self.lower < self.upper:
            return False
        return not (self.lower == self.upper and self.lower_closed and self.upper_closed)

    def words(self, percent: bool) -> str:
        """Vietnamese wording of the interval, as a regulation writes it."""
        def show(value: Decimal) -> str:
            return format_threshold(value, percent)

        low = self.lower
        high = self.upper
        if low is not None and high is not None and low == high:
            return f"bằng {show(low)}"
        parts = []
        if low is not None:
            parts.append(("từ " if self.lower_closed else "trên ") + show(low))
        if high is not None:
            if low is None:
                parts.append(("đến " if self.upper_closed else "dưới ") + show(high))
            else:
                parts.append(("đến " if self.upper_closed else "đến dưới ") + show(high))
        return " ".join(parts) if parts else "mọi giá trị"


class CoverageIssue(str):
    """One message of `coverage_issues`, knowing its kind ("gap", "overlap" or "empty") and so its
    code for the bands of a rule and for the ratings."""

    kind: str

    def __new__(cls, text: str, kind: str) -> CoverageIssue:
        issue = super().__new__(cls, text)
        issue.kind = kind
        return issue

    @property
    def band_code(self) -> Code:
        return {"gap": Code.SET_BAND_GAP, "overlap": Code.SET_BAND_OVERLAP}.get(self.kind, Code.SET_BAND_EMPTY)

    @property
    def rating_code(self) -> Code:
        return {"gap": Code.SET_RATING_GAP, "overlap": Code.SET_RATING_OVERLAP}.get(self.kind, Code.SET_RATING_EMPTY)


def coverage_issues(  # noqa: C901 - one branch per way two bands can meet
    intervals: list[tuple[str, Interval]],
    lowest: Decimal | None,
    highest: Decimal | None,
    *,
    integers_only: bool = False,
    percent: bool = False,
) -> list[CoverageIssue]:
    """Messages for every gap and overlap of the named intervals over [lowest, highest]."""
    def show(value: Decimal) -> str:
        return format_threshold(value, percent)

    issues: list[CoverageIssue] = []
    for name, interval in intervals:
        if interval.is_empty():
            issues.append(CoverageIssue(f"mức '{name}' không chứa giá trị nào (cận dưới không nhỏ hơn cận trên)",
                                        "empty"))
    live = [(n, i) for n, i in intervals if not i.is_empty()]
    if not live:
        return issues
    live.sort(key=lambda item: (
        -math.inf if item[1].lower is None else item[1].lower, not item[1].lower_closed))

    def gap(low: Decimal | None, low_in: bool, high: Decimal | None, high_in: bool) -> None:
        if integers_only and not _has_integer(low, low_in, high, high_in):
            return
        lo_text = "" if low is None else ("từ " if low_in else "trên ") + show(low)
        hi_words = ("đến " if high_in else "dưới ") if low is None else ("đến " if high_in else "đến dưới ")
        hi_text = "" if high is None else hi_words + show(high)
        if low is not None and high is not None and low == high:
            issues.append(CoverageIssue(f"các mức bị hở: giá trị {show(low)} không thuộc mức nào", "gap"))
        else:
            issues.append(CoverageIssue(f"các mức bị hở: giá trị {' '.join(t for t in (lo_text, hi_text) if t)} "
                                        "không thuộc mức nào", "gap"))

    _first_name, first = live[0]
    if first.lower is not None:
        if lowest is None:
            gap(None, False, first.lower, not first.lower_closed)
        elif first.lower > lowest or (first.lower == lowest and not first.lower_closed):
            gap(lowest, True, first.lower, not first.lower_closed)
    for (name_a, a), (name_b, b) in itertools.pairwise(live):
        if a.upper is None or b.lower is None or a.upper > b.lower or (
            a.upper == b.lower and a.upper_closed and b.lower_closed
        ):
            where = b.lower if b.lower is not None else a.upper
            point = "" if where is None else f" (ở giá trị {show(where)})"
            issues.append(CoverageIssue(f"các mức '{name_a}' và '{name_b}' chồng lên nhau{point}", "overlap"))
        elif a.upper < b.lower or not (a.upper_closed or b.lower_closed):
            gap(a.upper, not a.upper_closed, b.lower, not b.lower_closed)
    _last_name, last = live[-1]
    if last.upper is not None:
        if highest is None:
            gap(last.upper, not last.upper_closed, None, False)
        elif last.upper < highest or (last.upper == highest and not last.upper_closed):
            gap(last.upper, not last.upper_closed, highest, True)
    return issues


def _has_integer(low: Decimal | None, low_in: bool, high: Decimal | None, high_in: bool) -> bool:
    if low is None or high is None:
        return True
    first = math.ceil(low) if low_in else math.floor(low) + 1
    return first < high or (first == high and high_in)


def format_in_bands(value: Decimal, decimals: int, intervals: list[Interval], *, percent: bool = False,
                    ceiling: Decimal | None = None) -> str:
    """`value` rounded for display so that the shown number lies in exactly the bands the exact
    value lies in: 0,89996 next to "dưới 90%" is "89,996%", never "90,00%".

    Decimals are added one at a time beyond `decimals` (up to MAX_SHOWN_DECIMALS); if the shown
    value still crosses a bound, the bound is shown with '<' or '>' ("< 90%"). `ceiling` caps
    the value used for band membership (an index above 100% is rated as 100%).
    """
    def bands_of(number: Decimal) -> tuple[bool, ...]:
        probe = number if ceiling is None else min(number, ceiling)
        return tuple(interval.contains(probe) for interval in intervals)

    wanted = bands_of(value)
    scaled = percent_of(value) if percent else value
    for places in range(decimals, max(decimals, MAX_SHOWN_DECIMALS) + 1):
        rounded = round_half_up(scaled, places)
        shown = fraction_of(rounded) if percent else rounded
        if bands_of(shown) == wanted:
            return _shown(rounded, places, decimals, percent)
    return _beside_bound(value, intervals, percent)


def _shown(rounded: Decimal, places: int, decimals: int, percent: bool) -> str:
    if percent:
        return format_number(rounded, places) + "%"
    if places == decimals:
        return format_points(rounded, decimals)
    return format_number(rounded, places)


def _beside_bound(value: Decimal, intervals: list[Interval], percent: bool) -> str:
    """'< 90%' or '> 90%': the nearest bound, on the side of the exact value."""
    bounds = {b for i in intervals for b in (i.lower, i.upper) if b is not None}
    nearest = min(bounds, key=lambda b: abs(comparable(value) - b))
    sign = "<" if comparable(value) < nearest else ">" if comparable(value) > nearest else "≈"
    return f"{sign} {format_threshold(nearest, percent)}"
