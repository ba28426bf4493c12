"""JSON (`--format json`): the versioned result that parindex can load again
(parindex.results.store, docs/json-output.md). Exact decimals are strings ("0.75"); every
character a terminal would act on is written as a \\uXXXX escape."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from parindex.core.numbers import EVAL_CONTEXT
from parindex.core.text import BIDI_CONTROLS
from parindex.reports.model import Block, CriteriaInfo, Report, ReportUnit
from parindex.reports.sentences import Explainer
from parindex.results.scorecard import NodeResult, Reading, Status, describe_finding
from parindex.results.store import SCHEMA

# Raw in json.dumps(ensure_ascii=False) output, only ever inside strings: DEL, C1 controls, lone
# surrogates and bidi controls (json.dumps itself escapes the C0 controls).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff" + "".join(sorted(BIDI_CONTROLS)) + "]")


def json_text(payload: Any) -> str:
    """JSON with every character a terminal would act on (DEL, C1 controls, bidi controls, lone
    surrogates) written as a \\uXXXX escape: the same data, and it can always be written as UTF-8."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"


def exact(value: Decimal | None) -> str | None:
    """An exact decimal as a JSON string, without exponent or useless trailing zeros."""
    if value is None:
        return None
    normal = value.normalize(EVAL_CONTEXT)
    if normal == normal.to_integral_value():
        return str(int(normal))
    return f"{normal:f}"


def plain(value: Any) -> Any:
    """A value a rule read, as JSON: exact decimals as strings, dates ISO, absent values null."""
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, (bool, str, int)) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "policy"):
        return None  # an absent indicator
    return str(value)


class JsonWriter:
    name = "json"
    order = 40
    binary = False

    def write(self, report: Report) -> str:
        explainer = report.explainer
        if explainer is None:
            raise ValueError("JSON is written from results scored in this run")
        head: dict[str, Any] = {"schema": SCHEMA, "parindex": report.version, "command": report.command,
                                "criteria": criteria_dict(report.criteria)}
        if report.command == "score":
            head["units"] = [_Units(explainer).unit(u, explain=True) for u in report.units]
        else:
            head["groups"] = [{"kind": g.kind, "kind_label": g.kind_label,
                               "units": [_Units(explainer).unit(u, explain=False) for u in g.units]}
                              for g in report.groups]
            head["refused"] = list(report.refused)
        return json_text(head)


def criteria_dict(info: CriteriaInfo) -> dict[str, Any]:
    def blocks(items: tuple[Block, ...]) -> list[dict[str, Any]]:
        return [{"code": b.code, "title": b.title, "max": exact(b.max)} for b in items]

    return {"id": info.id, "title": info.title, "year": info.year, "file": info.file, "sha256": info.sha256,
            "total_points": exact(info.total_points), "decimals": info.decimals,
            "areas": blocks(info.areas), "bonus": blocks(info.bonus), "penalties": blocks(info.penalties)}


class _Units:
    def __init__(self, explainer: Explainer) -> None:
        self.explainer = explainer

    def unit(self, u: ReportUnit, explain: bool) -> dict[str, Any]:
        r = u.result
        if r is None:
            raise ValueError(f"unit {u.unit_id} has no result tree in this report")
        return {
            "unit_id": u.unit_id, "name": u.name, "kind": u.kind, "period": u.period, "file": u.file,
            "rank": u.rank, "total": exact(u.total), "total_shown": u.total_shown,
            "applicable_max": exact(u.applicable_max), "base_points": exact(u.base_points),
            "bonus_points": exact(u.bonus_points), "penalty_points": exact(u.penalty_points),
            "index": exact(u.index), "index_percent": u.index_shown, "rating": u.rating,
            "areas": [self.node(a, explain) for a in r.areas],
            "bonus": [self.node(b, explain) for b in r.bonus],
            "penalties": [self.node(p, explain, penalty=True) for p in r.penalties],
            "findings": [
                {"id": f.id, "title": f.title, "severity": f.severity.value, "relation": f.relation,
                 "left": f.left_text, "left_value": exact(f.left_value), "right": f.right_text,
                 "right_value": exact(f.right_value), "line": f.line, "message": describe_finding(f)}
                for f in r.findings
            ],
            "problems": [p.render() for p in r.problems],
        }

    def node(self, node: NodeResult, explain: bool, penalty: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": node.code, "title": node.title, "points": exact(node.points), "max": exact(node.max),
            "applicable_max": exact(node.applicable_max), "status": node.status.value,
        }
        if node.is_leaf:
            data.update({
                "rule": node.rule_kind, "value": plain(node.value), "matched": node.matched,
                "raw": exact(node.raw), "clamped": node.clamped, "message": node.message,
                "inputs": [self.reading(r) for r in node.readings],
            })
            if node.rule_kind == "relative":
                data["group_best"] = exact(node.relative_best)
            lost = node.status in (Status.NO_DATA, Status.ERROR, Status.NOT_APPLICABLE) or (
                node.points < node.max if not penalty else node.points > 0)
            data["explanation"] = self.explainer.sentence(node, penalty=penalty and node.status is Status.SCORED) \
                if explain and lost else None
        else:
            data["children"] = [self.node(c, explain, penalty) for c in node.children]
        return data

    def reading(self, reading: Reading) -> dict[str, Any]:
        return {
            "name": reading.name, "label": self.explainer.criteria.label_of(reading.name),
            "value": plain(reading.value), "shown": self.explainer.value(reading.name, reading.value),
            "inputs": [self.reading(p) for p in reading.parts],
        }


WRITER = JsonWriter()
