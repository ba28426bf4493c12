"""The campaign's own reports: its status (`parindex campaign status`), the delta between the
self-assessment and the appraisal rounds (`parindex delta`) and a final ranking beside the
self-assessment (`parindex rank --campaign … --compare self`), in each of the formats table,
markdown, csv and json.

They render the cycle's data (parindex.cycle.status, parindex.cycle.delta) with the cell escaping
of the ranking writers: a text a file wrote is only ever its own text in its own cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.core.errors import ParindexError
from parindex.core.numbers import format_percent, format_points
from parindex.criteria.schema import UNIT_KINDS
from parindex.cycle.delta import CampaignDelta, ChangeNote, Correction, FrequentLeaf, LeafDelta, UnitDelta
from parindex.cycle.status import CampaignStatus
from parindex.intake.campaign import EXPLANATION, ROUND1, ROUND2, SELF, STAGES, show_date
from parindex.reports.writers.csv import CsvWriter, machine
from parindex.reports.writers.json import exact, json_text
from parindex.reports.writers.markdown import MarkdownWriter
from parindex.reports.writers.text import TableWriter
from parindex.results.provenance import Provenance
from parindex.results.ranking import Group
from parindex.results.scorecard import UnitResult

FORMATS = ("table", "markdown", "csv", "json")
SCHEMA = "parindex.campaign/1"
ROUND_HEADERS = {SELF: "Tự đánh giá", ROUND1: "Thẩm định vòng 1", EXPLANATION: "Giải trình",
                 ROUND2: "Thẩm định vòng 2"}


def _day(day: dt.date | None) -> str:
    return show_date(day) if day is not None else "—"


def _signed(value: Decimal, decimals: int) -> str:
    """+0,5 / −0,25 / 0."""
    if value > 0:
        return "+" + format_points(value, decimals)
    if value < 0:
        return "−" + format_points(-value, decimals)
    return "0"


class _Text:
    """Tables and lines in a text format (table or markdown), through the ranking writer's escaping."""

    def __init__(self, fmt: str) -> None:
        self.writer: TableWriter = MarkdownWriter() if fmt == "markdown" else TableWriter()
        self.heading = self.writer.heading

    def table(self, headers: list[str], rows: list[list[Any]]) -> str:
        return self.writer.table(headers, rows)

    def line(self, text: str) -> str:
        return self.writer.line(text) if self.heading == "" else self.writer.cell(text)


def _footer(provenance: Provenance | None) -> list[str]:
    return [provenance.footer()] if provenance is not None else []


def _provenance_dict(provenance: Provenance | None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    return {"engine": provenance.engine,
            "criteria": [{"path": f.path, "sha256": f.sha256} for f in provenance.criteria],
            "inputs": [{"path": f.path, "sha256": f.sha256} for f in provenance.inputs]}


def _csv(headers: list[str], rows: list[list[Any]], provenance: Provenance | None) -> str:
    if provenance is not None:
        rows = [*rows, ["Nguồn", provenance.footer().removeprefix("Nguồn: ")]]
    return CsvWriter.table(headers, rows)


# -- status ----------------------------------------------------------------------------------------


def write_status(status: CampaignStatus, fmt: str, provenance: Provenance | None = None) -> str:
    if fmt == "json":
        return _status_json(status, provenance)
    headers = ["Mã đơn vị", "Đơn vị", *(ROUND_HEADERS[s] for s in STAGES)]
    if status.survey:
        headers.append("Phiếu ĐTXHH")
    rows = []
    for unit in status.units:
        row: list[Any] = [unit.unit_id, unit.name, *(unit.stages[s].word for s in STAGES)]
        if status.survey:
            row.append(unit.respondents)
        rows.append(row)
    if fmt == "csv":
        return _csv(headers, rows, provenance)
    text = _Text(fmt)
    stage_rows = [[s.label[:1].upper() + s.label[1:], f"{s.folder}/", _day(s.deadline), s.sent, s.late, s.missing]
                  for s in status.stages]
    parts = [f"{text.heading}{text.line(status.title)} ({text.line(status.campaign_id)}) — tình trạng ngày "
             f"{show_date(status.today)}", "",
             text.table(["Bước", "Thư mục", "Hạn nộp", "Đã nộp", "Nộp trễ", "Còn thiếu"], stage_rows), "",
             text.table(headers, rows)]
    waiting = [u for u in status.units if u.requests and not u.stages[EXPLANATION].sent]
    if waiting:
        parts += ["", "Chờ giải trình:"]
        parts += [f"- {text.line(u.name)} ({text.line(u.unit_id)}): {text.line(', '.join(u.requests))}"
                  for u in waiting]
    parts += ["", *_footer(provenance)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _status_json(status: CampaignStatus, provenance: Provenance | None) -> str:
    return json_text({
        "schema": SCHEMA, "command": "status", "campaign": status.campaign_id, "title": status.title,
        "today": status.today.isoformat(),
        "stages": [{"stage": s.name, "label": s.label, "folder": s.folder,
                    "deadline": s.deadline.isoformat() if s.deadline else None,
                    "sent": s.sent, "late": s.late, "missing": s.missing} for s in status.stages],
        "units": [{"unit_id": u.unit_id, "name": u.name, "kind": u.kind,
                   "stages": {name: {"status": st.word, "sent": st.sent, "late_days": st.late,
                                     "submitted": st.submitted.isoformat() if st.submitted else None}
                              for name, st in u.stages.items()},
                   "explanation_requests": list(u.requests), "survey_respondents": u.respondents}
                  for u in status.units],
        "provenance": _provenance_dict(provenance)})


# -- delta -----------------------------------------------------------------------------------------


def note_sentence(note: ChangeNote, decimals: int) -> str:
    """One change in a sentence: "Thẩm định vòng 1 sửa số liệu 'ho_so_dung_han' từ 432 thành 410: <lý do>
    (tài liệu: văn bản 15/BC-STP ngày 2025-12-15; người thẩm định: Tổ 1)"."""
    who = note.round_name[:1].upper() + note.round_name[1:]
    if note.node:
        what = f"{who} chấm lại mục {note.target} từ {note.before} thành {note.after} điểm"
    else:
        what = f"{who} sửa số liệu '{note.target}' từ {note.before} thành {note.after}"
    details = []
    if note.evidence:
        details.append("tài liệu: " + "; ".join(note.evidence))
    if note.by:
        details.append(f"người thẩm định: {note.by}")
    if note.explanation_requested:
        details.append("có yêu cầu giải trình")
    tail = f" ({'; '.join(details)})" if details else ""
    return f"{what}: {note.reason or 'không ghi lý do'}{tail}"


def leaf_sentence(leaf: LeafDelta, decimals: int) -> str:
    labelled = (("tự chấm", leaf.points[SELF]), ("vòng 1", leaf.points[ROUND1]), ("vòng 2", leaf.points[ROUND2]))
    shown = " → ".join(f"{label} {format_points(p, decimals)}" for label, p in labelled if p is not None)
    text = f"{leaf.code} {leaf.title}: {shown}/{format_points(leaf.max, decimals)} điểm"
    if leaf.knock_on:
        text += " — thay đổi do giá trị cao nhất trong nhóm so sánh thay đổi, không do thẩm định đơn vị này"
    return text


def largest_sentence(c: Correction, decimals: int) -> str:
    way = "giảm" if c.change < 0 else "tăng"
    text = (f"{c.name} ({c.unit_id}), mục {c.code} {c.title}: tự chấm {format_points(c.self_points, decimals)}, "
            f"kết quả thẩm định {format_points(c.final_points, decimals)} ({way} "
            f"{format_points(abs(c.change), decimals)} điểm)")
    return text + (f" — {c.reason}" if c.reason else "")


def frequent_sentence(f: FrequentLeaf, decimals: int) -> str:
    if f.units == 1:
        lowered = "bị giảm điểm" if f.lowered else "được tăng điểm"
    elif f.lowered == f.units:
        lowered = f"cả {f.lowered} đơn vị đều bị giảm điểm"
    else:
        lowered = f"{f.lowered} đơn vị bị giảm điểm"
    return (f"Mục {f.code} {f.title} được sửa ở {f.units} đơn vị ({lowered}), tổng cộng "
            f"{_signed(f.total_change, decimals)} điểm")


def _unit_headline(u: UnitDelta) -> str:
    def figures(stage: str) -> str | None:
        total, index = u.totals[stage], u.indexes[stage]
        if total is None:
            return None
        shown = u.points(total)
        if index is not None:
            shown += f" điểm, chỉ số {format_percent(index, u.decimals)}"
        rating = u.ratings[stage]
        return shown + (f", {rating}" if rating else "")

    parts = [f"{name} {shown}" for name, stage in (("tự đánh giá", SELF), ("vòng 1", ROUND1), ("vòng 2", ROUND2))
             if (shown := figures(stage)) is not None]
    return "Tổng điểm: " + "; ".join(parts)


def write_delta(delta: CampaignDelta, fmt: str, provenance: Provenance | None = None) -> str:
    if fmt == "json":
        return _delta_json(delta, provenance)
    if fmt == "csv":
        return _delta_csv(delta, provenance)
    text = _Text(fmt)
    d = delta.decimals
    sub = "### " if fmt == "markdown" else ""
    parts = [f"{text.heading}So sánh tự đánh giá và thẩm định — {text.line(delta.title)} "
             f"({text.line(delta.campaign_id)})", ""]
    for unit in delta.units:
        parts += [f"{sub}{text.line(unit.name)} ({text.line(unit.unit_id)})", "", text.line(_unit_headline(unit)), ""]
        if not unit.leaves:
            parts += ["Không có thay đổi nào so với tự đánh giá.", ""]
        else:
            rows = [[leaf.code, leaf.title, _cell(leaf.points[SELF], d), _cell(leaf.points[ROUND1], d),
                     _cell(leaf.points[ROUND2], d), _signed(leaf.change, d), format_points(leaf.max, d)]
                    for leaf in unit.leaves]
            parts += [text.table(["Mã", "Tiêu chí thành phần", "Tự chấm", "Vòng 1", "Vòng 2", "Chênh lệch", "Tối đa"],
                                 rows), ""]
            for leaf in unit.leaves:
                parts.append(f"- {text.line(leaf_sentence(leaf, d))}")
                parts += [f"  - {text.line(note_sentence(n, d))}" for n in leaf.notes]
            parts.append("")
        if unit.explanations:
            parts.append("Giải trình của đơn vị:")
            for item in unit.explanations:
                evidence = f" (tài liệu: {'; '.join(item.evidence)})" if item.evidence else ""
                parts.append(f"- {text.line(f'về {item.about}: {item.text}{evidence}')}")
            parts.append("")
    parts += [f"{text.heading}Tổng hợp chiến dịch", ""]
    parts += _summary_lines(delta, text)
    parts += ["", *_footer(provenance)]
    return "\n".join(parts).rstrip("\n") + "\n"


def _summary_lines(delta: CampaignDelta, text: _Text) -> list[str]:
    d = delta.decimals
    if not delta.largest:
        return [f"{delta.appraised} đơn vị đã được thẩm định; chưa có điểm nào thay đổi so với tự đánh giá."]
    lines = [f"{delta.appraised} đơn vị đã được thẩm định.", "", "Các thay đổi lớn nhất:"]
    lines += [f"- {text.line(largest_sentence(c, d))}" for c in delta.largest]
    lines += ["", "Các tiêu chí thành phần bị sửa nhiều nhất:"]
    lines += [f"- {text.line(frequent_sentence(f, d))}" for f in delta.frequent]
    return lines


def _cell(value: Decimal | None, decimals: int) -> str:
    return format_points(value, decimals) if value is not None else "—"


def _delta_csv(delta: CampaignDelta, provenance: Provenance | None) -> str:
    headers = ["unit_id", "Đơn vị", "Mã", "Tiêu chí thành phần", "Tối đa", "Tự chấm", "Vòng 1", "Vòng 2",
               "Chênh lệch", "Lý do", "Tài liệu kiểm chứng"]
    rows = []
    for unit in delta.units:
        for leaf in unit.leaves:
            reasons = " | ".join(f"{n.round_name}: {n.reason}" for n in leaf.notes if n.reason)
            if leaf.knock_on:
                reasons = "giá trị cao nhất trong nhóm so sánh thay đổi"
            evidence = " | ".join(e for n in leaf.notes for e in n.evidence)
            rows.append([unit.unit_id, unit.name, leaf.code, leaf.title, exact(leaf.max), exact(leaf.points[SELF]),
                         exact(leaf.points[ROUND1]), exact(leaf.points[ROUND2]), exact(leaf.change), reasons, evidence])
    return _csv(headers, rows, provenance)


def _delta_json(delta: CampaignDelta, provenance: Provenance | None) -> str:
    d = delta.decimals

    def note(n: ChangeNote) -> dict[str, Any]:
        return {"round": n.round, "target": n.target, "kind": "points" if n.node else "indicator",
                "before": n.before, "after": n.after, "reason": n.reason, "evidence": list(n.evidence),
                "by": n.by, "file": n.file, "line": n.line, "explanation_requested": n.explanation_requested,
                "sentence": note_sentence(n, d)}

    def leaf(item: LeafDelta) -> dict[str, Any]:
        return {"code": item.code, "title": item.title, "max": exact(item.max),
                "points": {stage: exact(item.points[stage]) for stage in (SELF, ROUND1, ROUND2)},
                "final": exact(item.final), "change": exact(item.change), "corrected": item.corrected,
                "knock_on": item.knock_on, "changes": [note(n) for n in item.notes]}

    units = [{"unit_id": u.unit_id, "name": u.name, "kind": u.kind,
              "totals": {s: exact(v) for s, v in u.totals.items()},
              "indexes": {s: exact(v) for s, v in u.indexes.items()}, "ratings": u.ratings,
              "appraisers": u.appraisers, "leaves": [leaf(x) for x in u.leaves],
              "explanations": [{"about": e.about, "text": e.text, "evidence": list(e.evidence), "line": e.line}
                               for e in u.explanations]}
             for u in delta.units]
    return json_text({
        "schema": SCHEMA, "command": "delta", "campaign": delta.campaign_id, "title": delta.title, "units": units,
        "summary": {
            "appraised": delta.appraised,
            "largest": [{"unit_id": c.unit_id, "code": c.code, "title": c.title, "self": exact(c.self_points),
                         "final": exact(c.final_points), "change": exact(c.change), "reason": c.reason,
                         "sentence": largest_sentence(c, d)} for c in delta.largest],
            "frequent": [{"code": f.code, "title": f.title, "units": f.units, "lowered": f.lowered,
                          "total_change": exact(f.total_change), "sentence": frequent_sentence(f, d)}
                         for f in delta.frequent]},
        "provenance": _provenance_dict(provenance)})


# -- final ranking beside the self-assessment --------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """One ranking group of the final round, with each unit's self-assessed figures beside it."""

    label: str
    decimals: int
    rows: list[tuple[UnitResult, UnitResult | None]]  # (final, self-assessed)


def _machine_row(cells: list[Any]) -> list[Any]:
    """A row of the compared ranking with its figures machine-readable (13,75 → 13.75; 85,94% →
    85.94; −0,5 → -0.5; — → empty); names and ratings as they are."""
    figures = (0, 3, 4, 5, 6, 7, 9)  # rank, self total, self index, self rank, total, index, change
    return [machine(str(c).replace("−", "-")) if i in figures else c for i, c in enumerate(cells)]


def compared_groups(final: list[Group], self_groups: list[Group], decimals: int) -> list[Compared]:
    own = {unit.unit_id: unit for group in self_groups for unit in group.units}
    return [Compared(g.name or UNIT_KINDS.get(g.kind, g.kind), decimals, [(u, own.get(u.unit_id)) for u in g.units])
            for g in final]


def write_compared(title: str, groups: list[Compared], fmt: str, round_label: str,
                   provenance: Provenance | None = None) -> str:
    headers = ["Hạng", "Mã đơn vị", "Đơn vị", "Tổng điểm tự đánh giá", "Chỉ số tự đánh giá", "Hạng tự đánh giá",
               f"Tổng điểm {round_label}", f"Chỉ số {round_label}", "Xếp loại", "Chênh lệch điểm"]

    def row(final: UnitResult, own: UnitResult | None, d: int) -> list[Any]:
        def index(result: UnitResult) -> str:
            return format_percent(result.index, d) if result.index is not None else "—"

        change = _signed(final.total - own.total, d) if own is not None else "—"
        return [final.rank if final.rank is not None else "—", final.unit_id, final.name,
                format_points(own.total, d) if own is not None else "—", index(own) if own is not None else "—",
                own.rank if own is not None and own.rank is not None else "—",
                format_points(final.total, d), index(final), final.rating or "—", change]

    if fmt == "json":
        return json_text({"schema": SCHEMA, "command": "rank", "title": title, "round": round_label, "groups": [
            {"group": g.label, "units": [
                {"unit_id": f.unit_id, "name": f.name, "rank": f.rank, "total": exact(f.total), "index": exact(f.index),
                 "rating": f.rating, "self": None if s is None else
                 {"rank": s.rank, "total": exact(s.total), "index": exact(s.index), "rating": s.rating}}
                for f, s in g.rows]} for g in groups], "provenance": _provenance_dict(provenance)})
    if fmt == "csv":  # machine-readable numbers: 13.75, 85.94 (percent), -0.5
        return _csv(["Nhóm", *(f"{h} (%)" if h.startswith("Chỉ số") else h for h in headers)],
                    [[g.label, *_machine_row(row(f, s, g.decimals))] for g in groups for f, s in g.rows], provenance)
    if fmt not in ("table", "markdown"):  # a document format would get a text table in its file
        raise ParindexError(f"--compare self chưa ghi được định dạng {fmt}; dùng table, markdown, csv hoặc json")
    text = _Text(fmt)
    parts = [f"{text.heading}{text.line(title)}", ""]
    for g in groups:
        parts += [f"{text.heading}{text.line(g.label)} — {len(g.rows)} đơn vị", "",
                  text.table(headers, [row(f, s, g.decimals) for f, s in g.rows]), ""]
    parts += _footer(provenance)
    return "\n".join(parts).rstrip("\n") + "\n"
