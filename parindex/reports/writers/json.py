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
from parindex.results.provenance import FileHash, Provenance
from parindex.results.scorecard import NodeResult, Reading, Status, TieNote, describe_finding
from parindex.results.store import SCHEMA, StoredProblem, stored_problem

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
                                "criteria": criteria_dict(report.criteria),
                                "provenance": provenance_dict(report.provenance)}
        if report.command == "score":
            head["units"] = [_Units(explainer).unit(u, explain=True) for u in report.units]
        else:
            head["groups"] = [{"kind": g.kind, "kind_label": g.kind_label, "group": g.group, "group_name": g.name,
                               "units": [_Units(explainer).unit(u, explain=False) for u in g.units]}
                              for g in report.groups]
            head["refused"] = [problem_dict(p) for p in report.refused]
        return json_text(head)


def criteria_dict(info: CriteriaInfo) -> dict[str, Any]:
    def blocks(items: tuple[Block, ...]) -> list[dict[str, Any]]:
        return [{"code": b.code, "title": b.title, "max": exact(b.max)} for b in items]

    return {"id": info.id, "title": info.title, "year": info.year, "file": info.file, "sha256": info.sha256,
            "total_points": exact(info.total_points), "decimals": info.decimals,
            "areas": blocks(info.areas), "bonus": blocks(info.bonus), "penalties": blocks(info.penalties)}


def provenance_dict(provenance: Provenance | None) -> dict[str, Any] | None:
    """The engine and every file read, each `{"path", "sha256"}`; `inputs_sha256` is the combined
    hash of the inputs that a table's footer shortens (docs/json-output.md, PROVENANCE)."""
    if provenance is None:
        return None

    def files(items: tuple[FileHash, ...]) -> list[dict[str, str]]:
        return [{"path": f.path, "sha256": f.sha256} for f in items]

    return {"engine": provenance.engine, "criteria": files(provenance.criteria), "inputs": files(provenance.inputs),
            "inputs_sha256": provenance.combined}


def tie_break_dict(note: TieNote | None) -> dict[str, Any] | None:
    if note is None:
        return None
    return {"by": note.by, "node": note.node, "label": note.label, "versus": note.versus, "place": note.place,
            "value": exact(note.value), "versus_value": exact(note.versus_value), "note": note.text}


def problem_dict(problem: StoredProblem) -> dict[str, Any]:
    """A problem as JSON: its code and field for machines, its place, and `text`, the line a
    terminal shows (docs/json-output.md, PROBLEM)."""
    return {"code": problem.code, "field": problem.field, "file": problem.file, "line": problem.line,
            "col": problem.col, "cell": problem.cell, "severity": problem.severity, "message": problem.message,
            "text": problem.text}


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
            "rating_capped_from": u.rating_capped_from, "rating_cap_reason": u.rating_cap_reason,
            "rating_caps": [{"from": c.from_, "to": c.to, "reason": c.reason} for c in u.rating_caps],
            "ranking_group": u.ranking_group, "tie_break": tie_break_dict(u.tie_break),
            "areas": [self.node(a, explain) for a in r.areas],
            "bonus": [self.node(b, explain) for b in r.bonus],
            "penalties": [self.node(p, explain, penalty=True) for p in r.penalties],
            "findings": [
                {"id": f.id, "title": f.title, "severity": f.severity.value, "relation": f.relation,
                 "left": f.left_text, "left_value": exact(f.left_value), "right": f.right_text,
                 "right_value": exact(f.right_value), "line": f.line, "message": describe_finding(f)}
                for f in r.findings
            ],
            "problems": [problem_dict(stored_problem(p)) for p in r.problems],
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
            data.update(_decided(node))
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


def _decided(node: NodeResult) -> dict[str, Any]:
    """Who set a leaf's points (`source`); the points a person entered that it took; the survey
    answers it was scored from; for an appraiser's override, what the rule itself gave."""
    data: dict[str, Any] = {"source": node.source}
    entered = node.entered
    if entered is not None:
        data["entered"] = {
            "points": exact(entered.points), "round": entered.round, "source": entered.source,
            "reason": entered.reason, "by": entered.by, "file": entered.file, "line": entered.line,
            "evidence": [{"doc": e.doc, "date": e.date, "file": e.file, "link": e.link, "note": e.note}
                         for e in entered.evidence],
        }
    if node.survey is not None:
        data["survey"] = [{"question": q.question, "text": q.text, "max": exact(q.max), "share": exact(q.share),
                           "respondents": q.respondents, "answers": dict(q.answers)}
                          for q in node.survey.questions if q.respondents > 0]
    own = node.rule_result
    if own is not None:
        data["rule_points"] = exact(own.points)
        data["rule_status"] = own.status.value
    return data


WRITER = JsonWriter()
