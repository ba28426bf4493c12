"""The change list between two criteria sets (`parindex diff OLD NEW`, data from criteria.diff)
as a plain-text table, as Markdown for the explanatory note (tờ trình) that accompanies a new
set, or as JSON. A changed rule is shown as two Vietnamese sentences, the old and the new."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parindex.core.numbers import format_number, format_points
from parindex.criteria.compiler import CompiledRule
from parindex.criteria.diff import Action, Change, Section, SetDiff, SetInfo, Side
from parindex.reports.writers.json import exact, json_text
from parindex.reports.writers.markdown import MarkdownWriter
from parindex.reports.writers.text import TableWriter

FORMATS = ("text", "markdown", "json")
SCHEMA = "parindex.diff/1"

ACTION_WORDS = {
    Action.ADDED: "thêm mới", Action.REMOVED: "bỏ", Action.RENAMED: "đổi tên", Action.RECODED: "đổi mã",
    Action.REWEIGHTED: "đổi điểm", Action.RULE: "đổi cách chấm", Action.CHANGED: "sửa",
}
SECTION_TITLES = {
    Section.SET: "Thông tin chung của bộ tiêu chí",
    Section.NODE: "Lĩnh vực, tiêu chí, tiêu chí thành phần, điểm thưởng, điểm trừ",
    Section.INDICATOR: "Chỉ số (số liệu đơn vị kê khai)",
    Section.DERIVED: "Giá trị tính từ chỉ số",
    Section.RATING: "Xếp loại",
}
SECTION_ORDER = (Section.SET, Section.NODE, Section.INDICATOR, Section.DERIVED, Section.RATING)
COUNT_LABELS = (("areas", "Lĩnh vực"), ("criteria", "Tiêu chí"), ("sub_criteria", "Tiêu chí thành phần"),
                ("leaves", "Mục chấm điểm (không có mục con)"), ("bonus", "Mục điểm thưởng"),
                ("penalties", "Mục điểm trừ"), ("indicators", "Chỉ số"))


def _points(value: Decimal | None) -> str:
    return "" if value is None else format_number(value)


def rule_sentence(rule: CompiledRule | None, maximum: Decimal | None, children: int = 0) -> str:
    """How a leaf is scored, in one Vietnamese sentence (the rule's fields, as a set writes them)."""
    if rule is None:
        return f"Không chấm trực tiếp: cộng điểm của {children} mục con."
    spec = rule.spec
    kind = rule.kind
    top = format_number(maximum) if maximum is not None else "tối đa"
    if kind == "yes_no":
        text = f"Đạt {top} điểm khi {spec.when}, không đạt 0 điểm"
    elif kind == "levels":
        labels = rule.level_labels
        text = f"Theo lựa chọn của {spec.value}: " + "; ".join(
            f"{labels.get(code, code)} {format_number(points)} điểm" for code, points in rule.levels.items())
    elif kind == "bands":
        text = f"Theo mức của {spec.value}: " + "; ".join(
            f"{band.label} {format_number(band.points)} điểm" for band in rule.bands)
    elif kind == "proportional":
        text = f"Điểm = {spec.value} × {top}"
    elif kind == "per_item":
        text = f"{format_number(spec.points_each)} điểm cho mỗi {spec.count}, tối đa {top} điểm"
    elif kind == "deduction":
        text = f"Từ {top} điểm, trừ {format_number(spec.points_each)} điểm cho mỗi {spec.count}, không dưới 0"
    elif kind == "formula":
        text = f"Điểm = {spec.formula} (trong khoảng 0–{top})"
    elif kind == "relative":
        text = f"Điểm = {top} × {spec.value} ÷ giá trị cao nhất trong nhóm đơn vị"
    elif kind == "judged":
        text = f"Người chấm cho điểm trực tiếp từ 0 đến {top}, bước {format_number(spec.step)}"
    elif kind == "survey":
        text = "Điểm từ kết quả điều tra xã hội học"
    else:  # a kind added later: its fields as written
        fields = spec.model_dump(by_alias=True, exclude_none=True)
        fields.pop("kind", None)
        fields.pop("explain", None)
        text = f"Quy tắc '{kind}': " + "; ".join(f"{k}: {v}" for k, v in fields.items())
    if rule.not_applicable_when is not None:
        text += f"; không phát sinh khi {rule.not_applicable_when.text}"
    return text + "."


def _title_cell(change: Change) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None and old.title != new.title:
        return f"{old.title} → {new.title}"
    side = new or old
    assert side is not None
    whole = change.action in (Action.ADDED, Action.REMOVED) and side.children
    return side.title + (f" (gồm {side.children} mục con)" if whole else "")


def _max_cell(change: Change) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None:
        return _points(new.max) if old.max == new.max else f"{_points(old.max)} → {_points(new.max)}"
    side = new or old
    assert side is not None
    return _points(side.max)


def _text_cell(change: Change) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None:
        return f"{old.text} → {new.text}" if old.text != new.text else ""
    side = new or old
    assert side is not None
    return side.text or ""


def _grouped(changes: list[Change]) -> list[tuple[list[Change], Change]]:
    """The changes of one pair (a node renamed, re-weighted and re-scored) as one row."""
    rows: list[tuple[list[Change], Change]] = []
    for c in changes:
        pair = (c.old.key if c.old else None, c.new.key if c.new else None)
        if rows and c.old is not None and c.new is not None:
            last = rows[-1][1]
            if (last.old.key if last.old else None, last.new.key if last.new else None) == pair:
                rows[-1][0].append(c)
                continue
        rows.append(([c], c))
    return rows


def _words(group: list[Change]) -> str:
    return ", ".join(ACTION_WORDS[c.action] for c in group)


def _section_table(section: Section, changes: list[Change]) -> tuple[list[str], list[list[Any]]]:
    grouped = _grouped(changes)
    if section is Section.NODE:
        return (["Thay đổi", "Cấp", "Mã cũ", "Mã mới", "Tên", "Điểm tối đa"],
                [[_words(g), c.level, c.old.key if c.old else "", c.new.key if c.new else "", _title_cell(c),
                  _max_cell(c)] for g, c in grouped])
    if section in (Section.INDICATOR, Section.DERIVED):
        return (["Thay đổi", "Tên cũ", "Tên mới", "Nhãn", "Khai báo" if section is Section.INDICATOR else "Công thức"],
                [[_words(g), c.old.key if c.old else "", c.new.key if c.new else "", _title_cell(c),
                  next((_text_cell(x) for x in g if x.action in (Action.CHANGED, Action.ADDED, Action.REMOVED)), "")]
                 for g, c in grouped])
    if section is Section.RATING:
        return (["Thay đổi", "Xếp loại", "Bộ cũ", "Bộ mới"],
                [[_words(g), c.new.key if c.new else c.old.key if c.old else "", c.old.text if c.old else "",
                  c.new.text if c.new else ""] for g, c in grouped])
    return (["Thông tin", "Bộ cũ", "Bộ mới"],
            [[c.level, c.old.text if c.old else "", c.new.text if c.new else ""] for _, c in grouped])


def _rule_changes(changes: list[Change]) -> list[tuple[Side, Side, str, str]]:
    found = []
    for c in changes:
        if c.action is Action.RULE and c.old is not None and c.new is not None:
            found.append((c.old, c.new, rule_sentence(c.old.rule, c.old.max, c.old.children),
                          rule_sentence(c.new.rule, c.new.max, c.new.children)))
    return found


def _heading(info: SetInfo) -> str:
    return f"{info.title} ({info.id}, năm {info.year}; {info.path})"


def write_diff(diff: SetDiff, fmt: str) -> str:
    if fmt == "json":
        return _json(diff)
    writer: TableWriter = MarkdownWriter() if fmt == "markdown" else TableWriter()
    markdown = fmt == "markdown"
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    line = writer.line if not markdown else writer.cell
    parts = [f"{h1}So sánh hai bộ tiêu chí", "",
             line(f"Bộ cũ: {_heading(diff.old)}"), *([""] if markdown else []),
             line(f"Bộ mới: {_heading(diff.new)}"), ""]
    counts = [[label, diff.old.counts.get(key, 0), diff.new.counts.get(key, 0),
               _signed(diff.new.counts.get(key, 0) - diff.old.counts.get(key, 0))] for key, label in COUNT_LABELS]
    counts.append(["Tổng điểm tối đa", format_number(diff.old.total_points), format_number(diff.new.total_points),
                   _signed_number(diff.new.total_points - diff.old.total_points)])
    parts += [writer.table(["", "Bộ cũ", "Bộ mới", "Chênh lệch"], counts), ""]
    if diff.same:
        parts.append("Hai bộ tiêu chí giống nhau về cấu trúc, điểm, cách chấm, chỉ số và xếp loại.")
        return "\n".join(parts) + "\n"
    for section in SECTION_ORDER:
        changes = diff.of(section)
        if not changes:
            continue
        headers, rows = _section_table(section, changes)
        parts += [f"{h2}{SECTION_TITLES[section]} ({len(changes)} thay đổi)", "", writer.table(headers, rows), ""]
    rules = _rule_changes(diff.changes)
    if rules:
        parts += [f"{h2}Cách chấm thay đổi ({len(rules)} mục)", ""]
        for old, new, before, after in rules:
            code = old.key if old.key == new.key else f"{old.key} → {new.key}"
            if markdown:
                parts += [f"- **{_md(writer, code)} {_md(writer, new.title)}**", f"  - cũ: {_md(writer, before)}",
                          f"  - mới: {_md(writer, after)}"]
            else:
                parts += [line(f"{code} {new.title}"), line(f"    cũ:  {before}"), line(f"    mới: {after}")]
        parts.append("")
    parts.append(_summary(diff))
    return "\n".join(parts).rstrip("\n") + "\n"


def _md(writer: TableWriter, text: str) -> str:
    """A free Markdown line: escaped as a cell, and a formula's "*" not taken for emphasis."""
    return writer.cell(text).replace("*", "\\*")


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


def _signed_number(value: Decimal) -> str:
    if value > 0:
        return "+" + format_number(value)
    return "−" + format_number(-value) if value < 0 else "0"


def _summary(diff: SetDiff) -> str:
    counted: dict[Action, int] = {}
    for c in diff.changes:
        counted[c.action] = counted.get(c.action, 0) + 1
    words = ", ".join(f"{n} {ACTION_WORDS[a]}" for a, n in counted.items())
    return f"Tổng cộng {len(diff.changes)} thay đổi: {words}."


def _side_dict(side: Side | None, decimals: int) -> dict[str, Any] | None:
    if side is None:
        return None
    data: dict[str, Any] = {"key": side.key, "title": side.title}
    if side.max is not None:
        data["max"] = exact(side.max)
        data["max_shown"] = format_points(side.max, decimals)
    if side.line is not None:
        data["line"] = side.line
    if side.text is not None:
        data["text"] = side.text
    if side.max is not None:
        data["rule"] = rule_sentence(side.rule, side.max, side.children)
        data["children"] = side.children
    return data


def _info_dict(info: SetInfo) -> dict[str, Any]:
    return {"path": info.path, "id": info.id, "title": info.title, "year": info.year,
            "total_points": exact(info.total_points), "counts": dict(info.counts)}


def _json(diff: SetDiff) -> str:
    return json_text({
        "schema": SCHEMA, "old": _info_dict(diff.old), "new": _info_dict(diff.new),
        "changes": [{"section": c.section.value, "action": c.action.value, "action_words": ACTION_WORDS[c.action],
                     "level": c.level, "old": _side_dict(c.old, diff.old.decimals),
                     "new": _side_dict(c.new, diff.new.decimals)} for c in diff.changes],
    })
