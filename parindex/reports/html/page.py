"""The HTML report: one file that opens offline. Its style sheet and its small script are inlined,
and its Content-Security-Policy lets the page load nothing at all (no font, image, script or style
from anywhere) and run only that script, named by its hash.

Jinja2 escapes every value (autoescape on); texts a file wrote are made printable first
(reports.publish), so a unit's name is only ever its own text, in a cell, a summary or a chart.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from parindex.reports import publish
from parindex.reports.html import charts
from parindex.reports.model import Report, ReportGroup, ReportUnit
from parindex.reports.writers.json import exact
from parindex.results.scorecard import NodeResult, Status


@dataclass(frozen=True, slots=True)
class CellView:
    shown: str
    sort: str | None  # the exact number the column sorts by (None: sorted as text)


@dataclass(frozen=True, slots=True)
class RowView:
    anchor: str
    cells: tuple[CellView, ...]


@dataclass(frozen=True, slots=True)
class TreeRow:
    code: str
    title: str
    max: str
    points: str
    note: str
    depth: int
    lost: bool  # a leaf that lost points (or took them, in a penalty block)


@dataclass(frozen=True, slots=True)
class UnitView:
    anchor: str
    name: str
    unit_id: str
    period: str
    rank: str
    total: str
    index: str
    rating: str
    summary: str
    profile: charts.Bars
    tree: tuple[TreeRow, ...]  # empty for a stored run (no trees)
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    explained: bool  # whether the sentences are there (a run scored now)


@dataclass(frozen=True, slots=True)
class GroupView:
    anchor: str
    title: str
    count: int
    rows: tuple[RowView, ...]
    notes: tuple[str, ...]
    histogram: charts.Histogram
    averages: charts.Bars
    units: tuple[UnitView, ...]


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("parindex.reports.html", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _asset(name: str) -> str:
    """A file of the templates folder as it is (the style sheet, the script): never a template."""
    environment = _environment()
    loader = environment.loader
    assert loader is not None
    return loader.get_source(environment, name)[0]


def _hash(text: str) -> str:
    """The CSP source that allows exactly this inline script or style: 'sha256-…'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def html(report: Report) -> str:
    style, script = _asset("style.css"), _asset("sort.js")
    score = report.command == "score"
    title = (f"KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {report.criteria.year}" if score
             else publish.rank_title(report))
    groups = tuple(_group(report, group, number) for number, group in enumerate(report.groups, start=1))
    policy = (f"default-src 'none'; style-src {_hash(style)}; script-src {_hash(script)}; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    return _environment().get_template("report.html.j2").render(
        title=title, criteria=publish.text(report.criteria.title), score=score,
        columns=publish.columns(report), groups=groups, refused=publish.refused(report),
        footer=publish.footer(report), units=len(report.units),
        style=Markup(style), script=Markup(script), policy=policy)


def _group(report: Report, group: ReportGroup, number: int) -> GroupView:
    anchor = f"nhom-{number}"
    units = group.units
    averages = charts.averages(units, len(report.criteria.areas))
    rows = tuple(RowView(f"{anchor}-dv-{position}",
                         tuple(CellView(c.shown, exact(c.value) if c.value is not None else None)
                               for c in publish.row(report, unit)))
                 for position, unit in enumerate(units, start=1))
    title = publish.kind_label(report, group) or "Đơn vị"
    views = tuple(_unit(report, unit, f"{anchor}-dv-{position}", averages if len(units) > 1 else None)
                  for position, unit in enumerate(units, start=1))
    return GroupView(anchor, title, len(units), rows, tuple(publish.notes(group)),
                     charts.histogram([u.index for u in units]), charts.bars(report.criteria.areas, averages), views)


def _unit(report: Report, unit: ReportUnit, anchor: str, averages: list[Decimal | None] | None) -> UnitView:
    shares = [charts.share(a) for a in unit.areas]
    profile = charts.bars(report.criteria.areas, shares, averages)
    tree: tuple[TreeRow, ...] = ()
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    explained = unit.result is not None and report.explainer is not None
    if explained:
        result = publish.tree(unit)
        tree = tuple(_tree_rows(report, result.areas) + _tree_rows(report, result.bonus)
                     + _tree_rows(report, result.penalties, penalty=True))
        sections = tuple((heading, tuple(lines)) for heading, lines in publish.explained(report, unit).sections)
    return UnitView(anchor, publish.text(unit.name), publish.text(unit.unit_id), publish.text(unit.period),
                    str(unit.rank) if unit.rank is not None else "—", unit.total_shown, unit.index_shown or "—",
                    publish.text(unit.rating or "—"), publish.summary(report, unit), profile, tree, sections,
                    explained)


def _tree_rows(report: Report, roots: list[NodeResult], penalty: bool = False) -> list[TreeRow]:
    rows = []
    for root in roots:
        for node in root.walk():
            if penalty:
                lost = node.is_leaf and node.points > 0
            else:
                lost = node.is_leaf and (node.status in (Status.NO_DATA, Status.ERROR)
                                         or (node.status is Status.SCORED and node.points < node.max))
            rows.append(TreeRow(publish.text(node.code), publish.text(node.title), report.points(node.max),
                                publish.node_points(report, node), publish.node_note(node), node.depth, lost))
    return rows
