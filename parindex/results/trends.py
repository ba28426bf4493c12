"""Trends over the years (`parindex trends RESULT.json…`): from stored results of several years
(`parindex rank --format json --output …`, read by results.store), each unit's index, rank,
rating, total and per-area points year by year. Data only; reports.trends renders it.

A unit is the same unit across years when its id is (after NFC and look-alike folding). Two results
of the same year cannot be told apart and are refused, as are results whose units share no unit kind
with the others (a department ranking beside a commune ranking: results of different sets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem
from parindex.core.text import shorten, unit_key
from parindex.results.store import StoredRun, StoredUnit


@dataclass(frozen=True, slots=True)
class YearSource:
    year: int
    path: str
    criteria_id: str
    criteria_title: str
    command: str  # "rank" (ranks) or "score" (no ranks)
    decimals: int


@dataclass(frozen=True, slots=True)
class YearPoint:
    """One unit in one year."""

    year: int
    unit_id: str
    name: str
    kind: str
    index: Decimal | None
    index_percent: str | None
    rank: int | None
    group: str | None
    rating: str | None
    total: Decimal
    total_shown: str
    areas: dict[str, Decimal]  # area code → points


@dataclass
class UnitTrend:
    unit_id: str  # as the latest year writes it
    name: str
    kind: str
    years: dict[int, YearPoint] = field(default_factory=dict)

    def change(self, year: int, previous: int) -> Decimal | None:
        """The index's change from `previous` to `year`, in percentage points (None without both)."""
        now, before = self.years.get(year), self.years.get(previous)
        if now is None or before is None or now.index is None or before.index is None:
            return None
        return (now.index - before.index) * 100


@dataclass(frozen=True, slots=True)
class AreaColumn:
    """An area code over the years, with its title in each year that has it."""

    code: str
    titles: dict[int, str]

    @property
    def title(self) -> str:
        return self.titles[max(self.titles)]


@dataclass
class Trends:
    sources: list[YearSource]
    areas: list[AreaColumn]
    units: list[UnitTrend]

    @property
    def years(self) -> list[int]:
        return [s.year for s in self.sources]

    @property
    def decimals(self) -> int:
        return self.sources[-1].decimals if self.sources else 2


def _kinds(run: StoredRun) -> set[str]:
    return {u.kind for u in run.units}


def build_trends(runs: list[tuple[str, StoredRun]]) -> Trends:
    """Trends from stored runs (path, run), in any order; raise InputProblems when two are of the
    same year or a run shares no unit kind with the others."""
    ordered = sorted(runs, key=lambda item: item[1].criteria.year)
    problems: list[Problem] = []
    seen: dict[int, str] = {}
    for path, run in ordered:
        year = run.criteria.year
        if year in seen:
            problems.append(Problem(path, None, None, f"tệp kết quả này và {shorten(seen[year])} cùng là kết quả năm "
                                    f"{year}; mỗi năm chỉ dùng một tệp kết quả (tệp của lần xếp hạng cuối cùng)",
                                    code=Code.TRENDS_SAME_YEAR, field="criteria.year"))
        else:
            seen[year] = path
    kinds = [_kinds(run) for _, run in ordered]
    common = set.intersection(*kinds) if kinds else set()
    if len(ordered) > 1 and not common:
        first_path, first = ordered[0]
        for (path, run), own in zip(ordered[1:], kinds[1:], strict=True):
            if not own & kinds[0]:
                problems.append(Problem(
                    path, None, None,
                    f"kết quả của bộ tiêu chí '{shorten(run.criteria.id)}' (loại đơn vị: "
                    f"{', '.join(sorted(own)) or 'không có đơn vị'}) không cùng loại đơn vị với "
                    f"{shorten(first_path)} (bộ '{shorten(first.criteria.id)}': {', '.join(sorted(kinds[0])) or '—'}); "
                    "chỉ so sánh kết quả của cùng một loại đơn vị qua các năm", code=Code.TRENDS_OTHER_SETS,
                    field="criteria.id"))
    if problems:
        raise InputProblems(problems)
    sources = [YearSource(run.criteria.year, path, run.criteria.id, run.criteria.title, run.command,
                          run.criteria.decimals) for path, run in ordered]
    areas: dict[str, dict[int, str]] = {}
    for _, run in ordered:
        for block in run.criteria.areas:
            areas.setdefault(block.code, {})[run.criteria.year] = block.title
    units: dict[str, UnitTrend] = {}
    for _, run in ordered:
        group_of = {id(u): g.group for g in run.groups for u in g.units}
        for unit in run.units:
            trend = units.setdefault(unit_key(unit.unit_id), UnitTrend(unit.unit_id, unit.name, unit.kind))
            trend.unit_id, trend.name, trend.kind = unit.unit_id, unit.name, unit.kind  # the latest year's
            trend.years[run.criteria.year] = _point(run.criteria.year, unit, group_of.get(id(unit)))
    latest = sources[-1].year if sources else 0
    order = sorted(units.values(), key=lambda t: _order(t, latest))
    return Trends(sources, [AreaColumn(code, titles) for code, titles in areas.items()], order)


def _point(year: int, unit: StoredUnit, group: str | None) -> YearPoint:
    return YearPoint(year, unit.unit_id, unit.name, unit.kind, unit.index, unit.index_percent, unit.rank,
                     group or unit.ranking_group, unit.rating, unit.total, unit.total_shown,
                     {area.code: area.points for area in unit.areas})


def _order(trend: UnitTrend, latest: int) -> tuple[str, bool, int, str]:
    """By unit kind, then the latest year's rank (units not ranked that year after), then id."""
    point = trend.years.get(latest)
    rank = point.rank if point is not None else None
    return (trend.kind, rank is None, rank or 0, trend.unit_id)
