"""What changed between two criteria sets (`parindex diff OLD NEW`): data only, rendered by
reports.setdiff as a table, as Markdown for the explanatory note (tờ trình) or as JSON.

Nodes (areas, criteria, sub-criteria, bonus, penalties) are paired by code; a node left over on
both sides is paired by its title (same title, new code: "đổi mã"). A pair whose title differs is
"đổi tên"; whose max differs, "đổi điểm"; whose rule differs (its kind, formulas, bands, levels,
points or condition of không phát sinh; the wording of `explain` is not scoring), "đổi cách
chấm". A node added or removed with its parent is counted under the parent, not listed again.
Indicators and derived values are paired by name, then by label; ratings by name; and the set's
own fields (total points, unit kinds, legal basis, ranking groups, tie-breaks) are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from parindex.core.numbers import format_number
from parindex.core.text import nfc
from parindex.criteria.compiler import (
    AREA,
    BONUS,
    PENALTY,
    CompiledNode,
    CompiledRequirement,
    CompiledRule,
    CompiledSet,
)


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"  # same code (name), new title (label)
    RECODED = "recoded"  # same title (label), new code (name)
    REWEIGHTED = "reweighted"
    RULE = "rule"
    CHANGED = "changed"


class Section(StrEnum):
    NODE = "node"
    INDICATOR = "indicator"
    DERIVED = "derived"
    RATING = "rating"
    SET = "set"


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a change: the node's code or the indicator's name, its title or label, its max,
    its rule (leaves), where the set writes it, and for other changes the text compared."""

    key: str
    title: str
    max: Decimal | None = None
    rule: CompiledRule | None = None
    line: int | None = None
    text: str | None = None
    children: int = 0  # a node: how many nodes below it


@dataclass(frozen=True, slots=True)
class Change:
    section: Section
    action: Action
    level: str  # "lĩnh vực", "tiêu chí", "tiêu chí thành phần", "điểm thưởng", "điểm trừ", "chỉ số"…
    old: Side | None
    new: Side | None


@dataclass(frozen=True, slots=True)
class SetInfo:
    path: str
    id: str
    title: str
    year: int
    total_points: Decimal
    decimals: int
    counts: dict[str, int]


@dataclass
class SetDiff:
    old: SetInfo
    new: SetInfo
    changes: list[Change] = field(default_factory=list)

    def of(self, section: Section) -> list[Change]:
        return [c for c in self.changes if c.section is section]

    @property
    def same(self) -> bool:
        return not self.changes


LEVELS = {1: "lĩnh vực", 2: "tiêu chí"}
BLOCK_LEVELS = {BONUS: "điểm thưởng", PENALTY: "điểm trừ"}


def _fold(text: str) -> str:
    """A title as compared: NFC, case and spacing ignored."""
    return re.sub(r"\s+", " ", nfc(text)).strip().casefold()


def set_info(criteria: CompiledSet) -> SetInfo:
    counts = dict(criteria.summary())
    counts["indicators"] = len(criteria.indicators)
    counts["bonus"] = sum(len(b.walk()) for b in criteria.bonus)
    counts["penalties"] = sum(len(p.walk()) for p in criteria.penalties)
    return SetInfo(criteria.path, criteria.spec.id, criteria.spec.title, criteria.spec.year,
                   criteria.spec.total_points, criteria.decimals, counts)


def diff_sets(old: CompiledSet, new: CompiledSet) -> SetDiff:
    """Every change from `old` to `new`, in the order of the new set (removed ones where they were)."""
    result = SetDiff(set_info(old), set_info(new))
    result.changes += _set_fields(old, new)
    result.changes += _nodes(old, new)
    result.changes += _indicators(old, new)
    result.changes += _derived(old, new)
    result.changes += _ratings(old, new)
    return result


# -- nodes -------------------------------------------------------------------------------------


@dataclass
class _Node:
    node: CompiledNode
    block: str
    parent: str | None

    @property
    def level(self) -> str:
        if self.block != AREA:
            return BLOCK_LEVELS[self.block]
        return LEVELS.get(self.node.depth, "tiêu chí thành phần")

    def side(self) -> Side:
        n = self.node
        return Side(n.code, n.title, n.max, n.rule, n.line, children=len(n.walk()) - 1)


def _flat(criteria: CompiledSet) -> list[_Node]:
    found: list[_Node] = []

    def walk(node: CompiledNode, block: str, parent: str | None) -> None:
        found.append(_Node(node, block, parent))
        for child in node.children:
            walk(child, block, node.code)

    for block, roots in ((AREA, criteria.areas), (BONUS, criteria.bonus), (PENALTY, criteria.penalties)):
        for root in roots:
            walk(root, block, None)
    return found


def rule_fields(rule: CompiledRule | None) -> dict[str, Any] | None:
    """What decides a rule's points, as compared: every field of its spec but `explain`."""
    if rule is None:
        return None
    fields = dict(rule.spec.model_dump(by_alias=True, exclude_none=True))
    fields.pop("explain", None)
    return fields


def _pairs(old: list[Any], new: list[Any], key: Any, title: Any) -> tuple[list[tuple[Any, Any, bool]], list[Any],
                                                                      list[Any]]:
    """Pairs (old, new, by_title): first same key and same title, then the same title under another key
    (renumbered: "đổi mã"), then the same key with another title ("đổi tên"); then the unpaired."""
    pairs: list[tuple[Any, Any, bool]] = []
    left_old, left_new = list(old), list(new)

    def match(first: Any, by_title: bool) -> None:
        nonlocal left_old, left_new
        waiting: dict[Any, list[Any]] = {}
        for n in left_new:
            waiting.setdefault(first(n), []).append(n)
        taken: set[int] = set()
        kept_old = []
        for o in left_old:
            candidates = waiting.get(first(o))
            if candidates:
                n = candidates.pop(0)
                pairs.append((o, n, by_title))
                taken.add(id(n))
            else:
                kept_old.append(o)
        left_old = kept_old
        left_new = [n for n in left_new if id(n) not in taken]

    match(lambda x: (key(x), _fold(title(x))), False)
    match(lambda x: _fold(title(x)), True)
    match(key, False)
    return pairs, left_old, left_new


def _nodes(old: CompiledSet, new: CompiledSet) -> list[Change]:
    old_nodes, new_nodes = _flat(old), _flat(new)
    pairs, removed, added = _pairs(old_nodes, new_nodes, lambda n: (n.block, n.node.code), lambda n: n.node.title)
    changes: list[tuple[float, Change]] = []
    order = {id(n): i for i, n in enumerate(new_nodes)}
    old_order = {id(n): i for i, n in enumerate(old_nodes)}
    paired_new = {id(n) for _, n, _ in pairs}
    paired_old = {id(o) for o, _, _ in pairs}
    new_by_code = {n.node.code: n for n in new_nodes}
    old_by_code = {n.node.code: n for n in old_nodes}
    for o, n, by_title in pairs:
        place = order[id(n)]
        if by_title:
            changes.append((place, Change(Section.NODE, Action.RECODED, n.level, o.side(), n.side())))
        elif _fold(o.node.title) != _fold(n.node.title):
            changes.append((place, Change(Section.NODE, Action.RENAMED, n.level, o.side(), n.side())))
        if o.node.max != n.node.max:
            changes.append((place, Change(Section.NODE, Action.REWEIGHTED, n.level, o.side(), n.side())))
        if rule_fields(o.node.rule) != rule_fields(n.node.rule):
            changes.append((place, Change(Section.NODE, Action.RULE, n.level, o.side(), n.side())))
    for n in added:
        parent = new_by_code.get(n.parent) if n.parent is not None else None
        if parent is None or id(parent) in paired_new:  # listed under an added parent otherwise
            changes.append((order[id(n)], Change(Section.NODE, Action.ADDED, n.level, None, n.side())))
    for o in removed:
        parent = old_by_code.get(o.parent) if o.parent is not None else None
        if parent is None or id(parent) in paired_old:
            after = _removed_place(o, old_nodes, old_order, pairs, order)
            changes.append((after, Change(Section.NODE, Action.REMOVED, o.level, o.side(), None)))
    changes.sort(key=lambda item: item[0])
    return [change for _, change in changes]


def _removed_place(o: _Node, old_nodes: list[_Node], old_order: dict[int, int],
                   pairs: list[tuple[_Node, _Node, bool]], order: dict[int, int]) -> float:
    """Where a removed node is listed: just after the new place of the old node before it."""
    new_of = {id(a): b for a, b, _ in pairs}
    for previous in reversed(old_nodes[:old_order[id(o)]]):
        partner = new_of.get(id(previous))
        if partner is not None:
            return order[id(partner)] + 0.5
    return -0.5


# -- indicators, derived values, ratings, the set's fields -----------------------------------------


def _indicator_text(spec: Any) -> str:
    """An indicator's declaration in one line, for comparing and showing."""
    parts = [spec.kind]
    if spec.unit:
        parts.append(f"đơn vị {spec.unit}")
    if spec.min is not None or spec.max is not None:
        low = format_number(spec.min) if spec.min is not None else "…"
        high = format_number(spec.max) if spec.max is not None else "…"
        parts.append(f"từ {low} đến {high}")
    if spec.choices:
        parts.append("lựa chọn: " + ", ".join(f"{code} ({label})" for code, label in spec.choices.items()))
    parts.append(f"khi thiếu: {spec.missing}")
    return "; ".join(parts)


def _indicators(old: CompiledSet, new: CompiledSet) -> list[Change]:
    def side(name: str, criteria: CompiledSet) -> Side:
        spec = criteria.indicators[name]
        return Side(name, spec.label, text=_indicator_text(spec))

    pairs, removed, added = _pairs(list(old.indicators), list(new.indicators), lambda n: n,
                                   lambda n: old.indicators[n].label if n in old.indicators and n not in new.indicators
                                   else new.indicators[n].label)
    changes: list[Change] = []
    for o, n, by_title in pairs:
        a, b = side(o, old), side(n, new)
        if by_title:
            changes.append(Change(Section.INDICATOR, Action.RECODED, "chỉ số", a, b))
        elif _fold(a.title) != _fold(b.title):
            changes.append(Change(Section.INDICATOR, Action.RENAMED, "chỉ số", a, b))
        if a.text != b.text:
            changes.append(Change(Section.INDICATOR, Action.CHANGED, "chỉ số", a, b))
    changes += [Change(Section.INDICATOR, Action.ADDED, "chỉ số", None, side(n, new)) for n in added]
    changes += [Change(Section.INDICATOR, Action.REMOVED, "chỉ số", side(o, old), None) for o in removed]
    return changes


def _derived(old: CompiledSet, new: CompiledSet) -> list[Change]:
    def side(name: str, criteria: CompiledSet) -> Side:
        d = criteria.derived_by_name[name]
        return Side(name, d.label, text=d.formula.text + (" (phần trăm)" if d.is_percent else ""))

    olds, news = old.derived_by_name, new.derived_by_name
    changes: list[Change] = []
    for name in news:
        if name not in olds:
            changes.append(Change(Section.DERIVED, Action.ADDED, "giá trị tính", None, side(name, new)))
            continue
        a, b = side(name, old), side(name, new)
        if _fold(a.title) != _fold(b.title):
            changes.append(Change(Section.DERIVED, Action.RENAMED, "giá trị tính", a, b))
        if a.text != b.text:
            changes.append(Change(Section.DERIVED, Action.CHANGED, "giá trị tính", a, b))
    changes += [Change(Section.DERIVED, Action.REMOVED, "giá trị tính", side(n, old), None)
                for n in olds if n not in news]
    return changes


def _condition(requirement: CompiledRequirement) -> str:
    if requirement.when is not None:
        return requirement.when.text
    share = requirement.min_applicable
    return f"điểm áp dụng từ {format_number(share * 100)}% tổng điểm" if share is not None else "—"


def _rating_text(criteria: CompiledSet, name: str) -> str:
    rating = next(r for r in criteria.ratings if r.name == name)
    text = rating.interval.words(True)
    if rating.requires:
        text += "; điều kiện: " + "; ".join(_condition(r) for r in rating.requires)
    return text


def _ratings(old: CompiledSet, new: CompiledSet) -> list[Change]:
    olds = [r.name for r in old.ratings]
    news = [r.name for r in new.ratings]
    changes: list[Change] = []
    for name in news:
        b = Side(name, name, text=_rating_text(new, name))
        if name not in olds:
            changes.append(Change(Section.RATING, Action.ADDED, "xếp loại", None, b))
            continue
        a = Side(name, name, text=_rating_text(old, name))
        if a.text != b.text:
            changes.append(Change(Section.RATING, Action.CHANGED, "xếp loại", a, b))
    changes += [Change(Section.RATING, Action.REMOVED, "xếp loại", Side(n, n, text=_rating_text(old, n)), None)
                for n in olds if n not in news]
    return changes


def _set_fields(old: CompiledSet, new: CompiledSet) -> list[Change]:
    def fields(c: CompiledSet) -> dict[str, tuple[str, str]]:
        s = c.spec
        return {
            "total_points": ("tổng điểm tối đa", format_number(s.total_points)),
            "unit_kinds": ("loại đơn vị", ", ".join(s.unit_kinds)),
            "legal_basis": ("căn cứ", "; ".join(b.number for b in s.legal_basis) or "—"),
            "decimals": ("số chữ số thập phân", str(s.decimals)),
            "ties": ("cách xếp hạng đồng hạng", s.ties),
            "tie_breaks": ("phân định hạng", "; ".join(" ".join(filter(None, (t.by, t.node, t.prefer)))
                                                       for t in s.tie_breaks) or "—"),
            "ranking_groups": ("nhóm xếp hạng", "; ".join(f"{g.id} ({g.name}, {g.kind}): {g.when.text}"
                                                          for g in c.ranking_groups) or "—"),
        }

    a, b = fields(old), fields(new)
    changes = []
    for key, (label, before) in a.items():
        after = b[key][1]
        if before != after:
            changes.append(Change(Section.SET, Action.CHANGED, label, Side(key, label, text=before),
                                  Side(key, label, text=after)))
    return changes
