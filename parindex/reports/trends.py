"""Trends over the years (`parindex trends`, data from results.trends) as a table per unit (years in
rows: index, its change, rank, rating, total and the points of each area), Markdown, CSV (one row
per unit and year, for a spreadsheet) or JSON. Every text a file wrote is escaped as in the ranking
writers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parindex.core.numbers import format_number, format_points
from parindex.criteria.schema import UNIT_KINDS
from parindex.reports.writers.csv import CsvWriter
from parindex.reports.writers.json import exact, json_text
from parindex.reports.writers.markdown import MarkdownWriter
from parindex.reports.writers.text import TableWriter
from parindex.results.trends import Trends, UnitTrend, YearPoint

FORMATS = ("table", "markdown", "csv", "json")
SCHEMA = "parindex.trends/1"


def _change(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return "—"
    shown = format_number(abs(value), decimals)
    if shown == format_number(Decimal(0), decimals):
        return "0"
    return ("+" if value > 0 else "−") + shown


def _unit_rows(trends: Trends, unit: UnitTrend) -> list[list[Any]]:
    rows = []
    d = trends.decimals
    previous: int | None = None
    for source in trends.sources:
        point = unit.years.get(source.year)
        if point is None:
            rows.append([source.year, "không có", "", "", "", "", *("" for _ in trends.areas)])
            continue
        change = unit.change(source.year, previous) if previous is not None else None
        rank = str(point.rank) if point.rank is not None else "—"
        rows.append([source.year, point.index_percent or "—", _change(change, d), rank, point.rating or "—",
                     point.total_shown,
                     *(format_points(point.areas[a.code], source.decimals) if a.code in point.areas else "—"
                       for a in trends.areas)])
        previous = source.year
    return rows


def _headers(trends: Trends) -> list[str]:
    return ["Năm", "Chỉ số", "Thay đổi (điểm %)", "Hạng", "Xếp loại", "Tổng điểm",
            *(f"LV {a.code}" for a in trends.areas)]


def write_trends(trends: Trends, fmt: str) -> str:
    if fmt == "json":
        return _json(trends)
    if fmt == "csv":
        return _csv(trends)
    writer: TableWriter = MarkdownWriter() if fmt == "markdown" else TableWriter()
    markdown = fmt == "markdown"
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    years = trends.years
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    parts = [f"{h1}Diễn biến Chỉ số CCHC {span}", ""]
    for source in trends.sources:
        ranked = "xếp hạng" if source.command == "rank" else "chấm điểm, không xếp hạng"
        parts.append(writer.cell(f"- {source.year}: {source.criteria_title} ({source.criteria_id}; {ranked}; "
                                 f"tệp {source.path})") if markdown else
                     writer.line(f"{source.year}: {source.criteria_title} ({source.criteria_id}; {ranked}; "
                                 f"tệp {source.path})"))
    parts.append("")
    for unit in trends.units:
        parts += [f"{h2}{writer.cell(unit.name)} ({writer.cell(unit.unit_id)}, "
                  f"{writer.cell(UNIT_KINDS.get(unit.kind, unit.kind))})", "",
                  writer.table(_headers(trends), _unit_rows(trends, unit)), ""]
    parts += [f"{h2}Các lĩnh vực", ""]
    legend = []
    for area in trends.areas:
        titles = set(area.titles.values())
        if len(titles) == 1:
            text = area.title + (f" (chỉ có năm {', '.join(map(str, sorted(area.titles)))})"
                                 if len(area.titles) < len(years) else "")
        else:
            text = "; ".join(f"{year}: {title}" for year, title in sorted(area.titles.items()))
        legend.append([f"LV {area.code}", text])
    parts += [writer.table(["Cột", "Lĩnh vực"], legend), ""]
    parts.append("Thay đổi: chênh lệch chỉ số so với năm trước đó có kết quả, tính bằng điểm phần trăm. Hạng trong "
                 "nhóm xếp hạng của năm đó; bộ tiêu chí mỗi năm có thể khác nhau, nên điểm từng lĩnh vực chỉ so "
                 "sánh được khi lĩnh vực giữ nguyên.")
    return "\n".join(parts).rstrip("\n") + "\n"


def _csv(trends: Trends) -> str:
    headers = ["unit_id", "name", "kind", "year", "criteria", "index", "index_percent", "index_change", "rank",
               "ranking_group", "rating", "total", *(f"area_{a.code}" for a in trends.areas)]
    criteria = {source.year: source.criteria_id for source in trends.sources}
    rows: list[list[Any]] = []
    for unit in trends.units:
        for previous, point in _with_previous(unit):
            change = unit.change(point.year, previous) if previous is not None else None
            rows.append([unit.unit_id, point.name, point.kind, point.year, criteria[point.year], exact(point.index),
                         point.index_percent, exact(change), point.rank, point.group, point.rating, exact(point.total),
                         *(exact(point.areas.get(a.code)) for a in trends.areas)])
    return CsvWriter.table(headers, rows)


def _json(trends: Trends) -> str:
    return json_text({
        "schema": SCHEMA,
        "years": [{"year": s.year, "file": s.path, "criteria": s.criteria_id, "criteria_title": s.criteria_title,
                   "command": s.command} for s in trends.sources],
        "areas": [{"code": a.code, "titles": {str(y): t for y, t in sorted(a.titles.items())}} for a in trends.areas],
        "units": [{"unit_id": u.unit_id, "name": u.name, "kind": u.kind,
                   "years": [{"year": p.year, "index": exact(p.index), "index_percent": p.index_percent,
                              "index_change": exact(u.change(p.year, prev)) if prev is not None else None,
                              "rank": p.rank, "ranking_group": p.group, "rating": p.rating, "total": exact(p.total),
                              "areas": {code: exact(points) for code, points in p.areas.items()}}
                             for prev, p in _with_previous(u)]}
                  for u in trends.units],
    })


def _with_previous(unit: UnitTrend) -> list[tuple[int | None, YearPoint]]:
    """The unit's years in order, each with the year before it that has a result (None first)."""
    found: list[tuple[int | None, YearPoint]] = []
    previous: int | None = None
    for year in sorted(unit.years):
        found.append((previous, unit.years[year]))
        previous = year
    return found
