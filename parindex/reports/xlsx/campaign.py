"""A campaign's workbooks: `parindex rank --campaign … --format xlsx` (the ranking workbook, the
self-assessment beside it with `--compare self`, and a sheet per unit) and `parindex delta …
--format xlsx` (a summary of the appraisal and a sheet per unit).

A unit's sheet lists every area, criterion and sub-criterion with its maximum and its points as
self-assessed, after appraisal round 1 (and round 2 when the campaign reached it) and as finally
scored, and for every sub-criterion a change touched: the appraisers' reasons and the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.worksheet import Worksheet

from parindex.cycle.delta import CampaignDelta, ChangeNote, LeafDelta, UnitDelta
from parindex.cycle.rounds import FINAL, ScoredRound
from parindex.intake.campaign import ROUND1, ROUND2, SELF
from parindex.intake.entries import ROUND_NAMES
from parindex.reports.campaign import Compared
from parindex.reports.model import Report
from parindex.reports.xlsx.book import Book, number_format
from parindex.reports.xlsx.ranking import ranking_workbook
from parindex.results.provenance import Provenance
from parindex.results.scorecard import NodeResult, Status, UnitResult

ROUND_TITLES = {SELF: "Tự chấm", ROUND1: "Thẩm định vòng 1", ROUND2: "Thẩm định vòng 2"}
KNOCK_ON = "điểm thay đổi vì giá trị cao nhất trong nhóm so sánh thay đổi, không do thẩm định đơn vị này"
CHANGED_FILL = "#FFF2CC"


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One node of a unit's sheet: its points as of each round (None: nothing applies)."""

    code: str
    title: str
    depth: int
    leaf: bool
    max: Decimal
    points: dict[str, Decimal | None]  # SELF, ROUND1, ROUND2 (the rounds the campaign reached), FINAL
    reason: tuple[str, ...]  # one line per change that touched the leaf
    evidence: tuple[str, ...]
    changed: bool  # a change touched it, or its points moved


@dataclass(frozen=True)
class UnitRows:
    delta: UnitDelta
    decimals: int
    stages: tuple[str, ...]  # the rounds shown: SELF, then ROUND1 and ROUND2 when reached
    rows: tuple[NodeRow, ...]


def unit_rows(delta: CampaignDelta, scored: dict[str, list[ScoredRound]]) -> list[UnitRows]:
    """Every unit of `delta` (the units it shows) with every node as of every round reached."""
    stages = tuple(stage for stage in (SELF, ROUND1, ROUND2) if stage in scored)
    found = []
    for unit in delta.units:
        results = {stage: _result(scored[stage], unit.unit_id) for stage in (*stages, FINAL)}
        own = results[SELF]
        if own is None:
            continue
        trees = {stage: {n.code: n for n in r.nodes()} if r is not None else {} for stage, r in results.items()}
        leaves = {leaf.code: leaf for leaf in unit.leaves}
        rows = tuple(_row(node, trees, leaves.get(node.code)) for node in own.nodes())
        found.append(UnitRows(unit, unit.decimals, stages, rows))
    return found


def _result(scored: list[ScoredRound], unit_id: str) -> UnitResult | None:
    return next((r for group in scored if (r := group.result(unit_id)) is not None), None)


def _row(node: NodeResult, trees: dict[str, dict[str, NodeResult]], leaf: LeafDelta | None) -> NodeRow:
    def points(stage: str) -> Decimal | None:
        found = trees[stage].get(node.code)
        return None if found is None or found.status is Status.NOT_APPLICABLE else found.points

    reason: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    if leaf is not None:
        reason = tuple(note_line(n) for n in leaf.notes) if leaf.notes else (KNOCK_ON,)
        evidence = tuple(e for n in leaf.notes for e in n.evidence)
    return NodeRow(node.code, node.title, node.depth, node.is_leaf, node.max, {s: points(s) for s in trees},
                   reason, evidence, leaf is not None)


def note_line(note: ChangeNote) -> str:
    """"Thẩm định vòng 1: sửa số liệu 'ho_so_dung_han' từ 196 thành 180 — <lý do> (người thẩm định:
    Tổ 1; có yêu cầu giải trình)"."""
    who = ROUND_NAMES[note.round]
    what = (f"chấm lại từ {note.before} thành {note.after} điểm" if note.node
            else f"sửa số liệu '{note.target}' từ {note.before} thành {note.after}")
    details = []
    if note.by:
        details.append(f"người thẩm định: {note.by}")
    if note.explanation_requested:
        details.append("có yêu cầu giải trình")
    tail = f" ({'; '.join(details)})" if details else ""
    return f"{who[:1].upper()}{who[1:]}: {what} — {note.reason or 'không ghi lý do'}{tail}"


# -- the sheets ------------------------------------------------------------------------------------------


def unit_sheet(book: Book, unit: UnitRows, campaign_title: str) -> Worksheet:
    u = unit.delta
    d = unit.decimals
    sheet = book.sheet(u.name)
    book.text(sheet, 0, 0, f"{u.name} ({u.unit_id}) — tự đánh giá và thẩm định", book.title)
    book.text(sheet, 1, 0, campaign_title, book.subtitle)
    # the unit's figures as of each round, in the columns of the rounds below
    book.text(sheet, 3, 1, "Kết quả của đơn vị", book.header)
    book.text(sheet, 3, 2, "", book.header)
    for col, stage in enumerate(unit.stages, start=3):
        book.text(sheet, 3, col, ROUND_TITLES[stage] if stage != SELF else "Tự đánh giá", book.header)
    sheet.set_row(3, 36)
    for offset, (label, values, percent) in enumerate((("Tổng điểm", u.totals, False),
                                                       ("Chỉ số", u.indexes, True))):
        book.text(sheet, 4 + offset, 1, label, book.text_format(bold=True))
        book.text(sheet, 4 + offset, 2, "", book.text_format())
        for col, stage in enumerate(unit.stages, start=3):
            book.number(sheet, 4 + offset, col, values.get(stage), book.number_format(d, percent=percent))
    book.text(sheet, 6, 1, "Xếp loại", book.text_format(bold=True))
    book.text(sheet, 6, 2, "", book.text_format())
    for col, stage in enumerate(unit.stages, start=3):
        book.text(sheet, 6, col, u.ratings.get(stage) or "—", book.text_format())
    header_row = 8
    headers = ["Mã", "Lĩnh vực / tiêu chí / tiêu chí thành phần", "Điểm tối đa",
               *(ROUND_TITLES[s] for s in unit.stages), "Kết quả cuối cùng", "Chênh lệch so với tự chấm",
               "Lý do thay đổi", "Tài liệu kiểm chứng"]
    widths = [9, 46, 9, *(11 for _ in unit.stages), 11, 12, 60, 36]
    book.row(sheet, header_row, headers, book.header)
    sheet.set_row(header_row, 50)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    row = header_row + 1
    for item in unit.rows:
        _node_row(book, sheet, row, item, unit.stages, d, widths)
        row += 1
    row += 1
    if u.explanations:
        book.text(sheet, row, 0, "Giải trình của đơn vị", book.heading)
        row += 1
        for note in u.explanations:
            evidence = f" (tài liệu: {'; '.join(note.evidence)})" if note.evidence else ""
            book.text(sheet, row, 0, f"Về {note.about}: {note.text}{evidence}")
            row += 1
        row += 1
    appraisers = [f"{ROUND_NAMES[s]}: {who}" for s, who in u.appraisers.items() if who]
    if appraisers:
        book.text(sheet, row, 0, "Người thẩm định — " + "; ".join(appraisers), book.small)
        row += 1
    sheet.freeze_panes(header_row + 1, 2)
    return sheet


def _node_row(book: Book, sheet: Worksheet, row: int, item: NodeRow, stages: Sequence[str], decimals: int,
              widths: Sequence[float]) -> None:
    bold = item.depth == 1
    extra = {"bg_color": CHANGED_FILL} if item.changed else {}
    text = book.format(border=1, bold=bold, text_wrap=True, **extra)
    points = book.format(border=1, bold=bold, num_format=number_format(decimals), **extra)
    book.text(sheet, row, 0, item.code, text)
    book.text(sheet, row, 1, item.title, book.format(border=1, bold=bold, text_wrap=True,
                                                     indent=max(item.depth - 1, 0), **extra))
    book.number(sheet, row, 2, item.max, points)
    col = 3
    for stage in (*stages, FINAL):
        book.number(sheet, row, col, item.points.get(stage), points)
        col += 1
    start, final = item.points.get(SELF), item.points.get(FINAL)
    change = final - start if start is not None and final is not None else None
    book.number(sheet, row, col, change, book.format(border=1, bold=bold, num_format=_signed(decimals), **extra))
    book.text(sheet, row, col + 1, item.reason, text)
    book.text(sheet, row, col + 2, item.evidence, text)
    book.fit_row(sheet, row, [(item.title, widths[1] - 3 * max(item.depth - 1, 0)), (item.reason, widths[col + 1]),
                              (item.evidence, widths[col + 2])])


def _signed(decimals: int) -> str:
    """+0.50 / -0.50 / 0 (Excel shows the reader's decimal mark)."""
    shown = number_format(decimals)
    return f"+{shown};-{shown};0"


def _unit_sheets(book: Book, units: list[UnitRows], title: str, provenance: Provenance | None) -> None:
    source = provenance.footer() if provenance is not None else None
    for unit in units:
        sheet = unit_sheet(book, unit, title)
        book.printable_page(sheet, 8, source)


# -- rank --campaign and delta ------------------------------------------------------------------------------


def campaign_ranking(reports: Sequence[Report], heading: str, delta: CampaignDelta,
                     scored: dict[str, list[ScoredRound]], compared: list[Compared] | None = None) -> bytes:
    """The campaign's ranking workbook: the ranking and summary sheets of each set, the ranking beside
    the self-assessment (with `compared`), and a sheet per unit with every sub-criterion by round."""
    provenance = reports[0].provenance if reports else None

    def more(book: Book) -> None:
        if compared:
            compared_sheet(book, heading, compared, provenance)
        _unit_sheets(book, unit_rows(delta, scored), delta.title, provenance)

    return ranking_workbook(reports, heading, more)


def compared_sheet(book: Book, heading: str, groups: list[Compared], provenance: Provenance | None) -> None:
    sheet = book.sheet("So với tự đánh giá")
    book.text(sheet, 0, 0, heading, book.title)
    headers = ["Nhóm", "Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm tự đánh giá", "Chỉ số tự đánh giá",
               "Hạng tự đánh giá", "Tổng điểm", "Chỉ số", "Xếp loại", "Chênh lệch điểm"]
    widths = [18, 6, 18, 30, 12, 12, 10, 12, 12, 12, 12]
    book.row(sheet, 2, headers, book.header)
    sheet.set_row(2, 36)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    row = 3
    for group in groups:
        d = group.decimals
        for final, own in group.rows:
            book.text(sheet, row, 0, group.label, book.text_format())
            book.number(sheet, row, 1, final.rank, book.format(border=1, align="center"))
            book.text(sheet, row, 2, final.unit_id, book.text_format())
            book.text(sheet, row, 3, final.name, book.text_format(wrap=True))
            book.number(sheet, row, 4, own.total if own else None, book.number_format(d))
            book.number(sheet, row, 5, own.index if own else None, book.number_format(d, percent=True))
            book.number(sheet, row, 6, own.rank if own else None, book.format(border=1, align="center"))
            book.number(sheet, row, 7, final.total, book.number_format(d))
            book.number(sheet, row, 8, final.index, book.number_format(d, percent=True))
            book.text(sheet, row, 9, final.rating or "—", book.text_format())
            book.number(sheet, row, 10, final.total - own.total if own else None,
                        book.format(border=1, num_format=_signed(d)))
            row += 1
    source = provenance.footer() if provenance is not None else None
    if source is not None:
        book.text(sheet, row + 1, 0, source, book.small)
    sheet.freeze_panes(3, 4)
    book.printable_page(sheet, 2, source)


def delta_workbook(delta: CampaignDelta, scored: dict[str, list[ScoredRound]],
                   provenance: Provenance | None) -> bytes:
    """`parindex delta … --format xlsx`: the appraisal's summary, then a sheet per unit."""
    book = Book(f"So sánh tự đánh giá và thẩm định — {delta.title}")
    units = unit_rows(delta, scored)
    _delta_summary(book, delta, units, provenance)
    _unit_sheets(book, units, delta.title, provenance)
    book.provenance_sheet(provenance)
    return book.close()


def _delta_summary(book: Book, delta: CampaignDelta, units: list[UnitRows], provenance: Provenance | None) -> None:
    d = delta.decimals
    sheet = book.sheet("Tổng hợp thẩm định")
    book.text(sheet, 0, 0, "So sánh tự đánh giá và thẩm định", book.title)
    book.text(sheet, 1, 0, f"{delta.title} ({delta.campaign_id}) — {delta.appraised} đơn vị đã được thẩm định",
              book.subtitle)
    stages = units[0].stages if units else (SELF,)
    headers = ["Mã đơn vị", "Đơn vị"]
    for stage in stages:
        name = "tự đánh giá" if stage == SELF else ROUND_NAMES[stage]
        headers += [f"Tổng điểm {name}", f"Chỉ số {name}", f"Xếp loại {name}"]
    headers.append("Số mục bị sửa")
    book.row(sheet, 3, headers, book.header)
    sheet.set_row(3, 50)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, len(headers) - 1, 12)
    row = 4
    for unit in units:
        u = unit.delta
        book.text(sheet, row, 0, u.unit_id, book.text_format())
        book.text(sheet, row, 1, u.name, book.text_format(wrap=True))
        col = 2
        for stage in stages:
            book.number(sheet, row, col, u.totals.get(stage), book.number_format(d))
            book.number(sheet, row, col + 1, u.indexes.get(stage), book.number_format(d, percent=True))
            book.text(sheet, row, col + 2, u.ratings.get(stage) or "—", book.text_format())
            col += 3
        book.number(sheet, row, col, sum(1 for leaf in u.leaves if leaf.corrected), book.number_format(0))
        row += 1
    source = provenance.footer() if provenance is not None else None
    if source is not None:
        book.text(sheet, row + 1, 0, source, book.small)
    sheet.freeze_panes(4, 2)
    book.printable_page(sheet, 3, source)
    _corrections(book, delta, source)


def _corrections(book: Book, delta: CampaignDelta, source: str | None) -> None:
    """The largest corrections and the sub-criteria corrected most often (which criteria units
    over-claim)."""
    d = delta.decimals
    sheet = book.sheet("Các thay đổi lớn nhất")
    widths = [8, 40, 18, 28, 10, 12, 10, 60]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    book.text(sheet, 0, 0, "Các thay đổi lớn nhất", book.title)
    book.text(sheet, 1, 0, f"{delta.title} ({delta.campaign_id})", book.subtitle)
    row = 3
    book.row(sheet, row, ["Mã", "Tiêu chí thành phần", "Mã đơn vị", "Đơn vị", "Tự chấm", "Kết quả thẩm định",
                          "Chênh lệch", "Lý do"], book.header)
    sheet.set_row(row, 36)
    row += 1
    if not delta.largest:
        book.text(sheet, row, 0, "Chưa có điểm nào thay đổi so với tự đánh giá.")
        row += 1
    for c in delta.largest:
        book.row(sheet, row, [c.code, c.title, c.unit_id, c.name], book.text_format(wrap=True))
        book.number(sheet, row, 4, c.self_points, book.number_format(d))
        book.number(sheet, row, 5, c.final_points, book.number_format(d))
        book.number(sheet, row, 6, c.change, book.format(border=1, num_format=_signed(d)))
        book.text(sheet, row, 7, c.reason or "", book.text_format(wrap=True))
        book.fit_row(sheet, row, [(c.title, widths[1]), (c.name, widths[3]), (c.reason or "", widths[7])])
        row += 1
    row += 1
    book.text(sheet, row, 0, "Các tiêu chí thành phần bị sửa nhiều nhất", book.heading)
    row += 1
    book.row(sheet, row, ["Mã", "Tiêu chí thành phần", "Số đơn vị bị sửa", "Số đơn vị bị giảm điểm",
                          "Tổng điểm thay đổi"], book.header)
    sheet.set_row(row, 36)
    row += 1
    for f in delta.frequent:
        book.row(sheet, row, [f.code, f.title], book.text_format(wrap=True))
        book.number(sheet, row, 2, f.units, book.number_format(0))
        book.number(sheet, row, 3, f.lowered, book.number_format(0))
        book.number(sheet, row, 4, f.total_change, book.format(border=1, num_format=_signed(d)))
        book.fit_row(sheet, row, [(f.title, widths[1])])
        row += 1
    if source is not None:
        book.text(sheet, row + 1, 0, source, book.small)
    book.printable_page(sheet, None, source)
