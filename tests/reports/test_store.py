"""The JSON result reads back: every exact number, status and rank as it was scored, and a stored
ranking shown again as the same table; broken or foreign files end in one Vietnamese line."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from parindex.app import scoring
from parindex.core.codes import Code
from parindex.core.errors import InputProblems
from parindex.reports.model import stored_report
from parindex.reports.registry import write
from parindex.results.scorecard import NodeResult, UnitResult
from parindex.results.store import (
    LEGACY_SCHEMA,
    SCHEMA,
    StoredNode,
    StoredProblem,
    StoredUnit,
    load_result,
    stored_problem,
)

ROOT = Path(__file__).resolve().parent.parent.parent
COHORTS = [(ROOT / "criteria" / ("2024" if kind == "huyen" else "2025") / f"{kind}.yaml",  # districts: 2024
            ROOT / "sample_units" / "cohort" / kind) for kind in ("so", "huyen", "xa")]
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"


def _stored(tmp_path: Path, command: str, criteria: Path, units: list[Path]) -> tuple[scoring.Outcome, Path]:
    target = tmp_path / "ket-qua.json"
    use_case = scoring.rank if command == "rank" else scoring.score
    outcome = use_case(criteria, units, scoring.Options(format="json", output=target))
    assert outcome.status == 0, outcome.problems
    scoring.save(outcome)
    return outcome, target


def _same_node(stored: StoredNode, node: NodeResult) -> None:
    assert (stored.code, stored.title, stored.status) == (node.code, node.title, node.status)
    assert (stored.points, stored.max, stored.applicable_max) == (node.points, node.max, node.applicable_max)
    if node.is_leaf:
        assert (stored.rule, stored.matched, stored.raw, stored.clamped, stored.message) == (
            node.rule_kind, node.matched, node.raw, node.clamped, node.message)
        if node.rule_kind == "relative":
            assert stored.group_best == node.relative_best
    assert len(stored.children) == len(node.children)
    for child_stored, child in zip(stored.children, node.children, strict=True):
        _same_node(child_stored, child)


def _same_unit(stored: StoredUnit, result: UnitResult) -> None:
    assert (stored.unit_id, stored.name, stored.kind, stored.period, stored.file, stored.rank) == (
        result.unit_id, result.name, result.kind, result.period, result.source, result.rank)
    assert (stored.base_points, stored.bonus_points, stored.penalty_points, stored.total, stored.applicable_max,
            stored.index, stored.rating) == (
        result.base_points, result.bonus_points, result.penalty_points, result.total, result.applicable_max,
        result.index, result.rating)
    for block_stored, block in zip((stored.areas, stored.bonus, stored.penalties),
                                   (result.areas, result.bonus, result.penalties), strict=True):
        assert len(block_stored) == len(block)
        for node_stored, node in zip(block_stored, block, strict=True):
            _same_node(node_stored, node)
    assert stored.problems == tuple(stored_problem(p) for p in result.problems)
    assert [(f.id, f.left_value, f.right_value) for f in stored.findings] == [
        (f.id, f.left_value, f.right_value) for f in result.findings]


@pytest.mark.parametrize(("criteria", "folder"), COHORTS, ids=["so", "huyen", "xa"])
def test_a_ranked_cohort_reads_back_exactly(tmp_path: Path, criteria: Path, folder: Path) -> None:
    outcome, target = _stored(tmp_path, "rank", criteria, [folder])
    run = load_result(target)
    assert (run.schema, run.command) == (SCHEMA, "rank")
    assert [(g.kind, len(g.units)) for g in run.groups] == [(g.kind, len(g.units)) for g in outcome.groups]
    for stored_group, group in zip(run.groups, outcome.groups, strict=True):
        for stored, result in zip(stored_group.units, group.units, strict=True):
            _same_unit(stored, result)
    assert all(isinstance(u.total, Decimal) for u in run.units)
    assert run.criteria.file == str(criteria) and run.criteria.sha256 is not None
    assert len(run.criteria.sha256) == 64


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
@pytest.mark.parametrize(("criteria", "folder"), COHORTS, ids=["so", "huyen", "xa"])
def test_a_stored_ranking_shows_the_same_table(tmp_path: Path, criteria: Path, folder: Path, fmt: str) -> None:
    _, target = _stored(tmp_path, "rank", criteria, [folder])
    direct = scoring.rank(criteria, [folder], scoring.Options(format=fmt)).content
    assert write(stored_report(load_result(target)), fmt) == direct


def test_a_scored_unit_reads_back_with_its_explanations(tmp_path: Path) -> None:
    outcome, target = _stored(tmp_path, "score", EXAMPLE, [UNIT_A])
    run = load_result(target)
    [stored] = run.units
    _same_unit(stored, outcome.results[0])
    explained = [n for n in stored.nodes() if n.explanation is not None]
    assert explained and all(n.explanation.startswith(n.code + " ") for n in explained)  # type: ignore[union-attr]


# -- broken files: (file content, the line expected after "FILE:") ---------------------------------
BROKEN = [
    ('{"schema": "parindex.result/1",\n  "command": "rank" "criteria": {}}',
     '2:21: [error] tệp kết quả không phải JSON hợp lệ (Expecting \',\' delimiter)'),
    ('{"parindex": "0.1.0", "groups": []}',
     ": [error] không phải tệp kết quả của parindex (thiếu trường 'schema'); hãy ghi lại bằng "
     "parindex rank … --format json"),
    ('{"schema": "parindex.result/9"}',
     ": [error] tệp kết quả theo lược đồ 'parindex.result/9', phiên bản parindex này chỉ đọc "
     "'parindex.result/2' và 'parindex.result/1'; hãy dùng đúng phiên bản parindex hoặc chấm lại"),
    ('{"schema": "parindex.result/1", "command": "diff"}',
     ": [error] tệp kết quả hỏng ở trường 'command': cần 'score' hoặc 'rank', nhận 'diff'"),
    ("[1, 2]", ": [error] không phải tệp kết quả của parindex (thiếu trường 'schema'); hãy ghi lại bằng "
               "parindex rank … --format json"),
    ('{"x": NaN}', ": [error] tệp kết quả không phải JSON hợp lệ ('NaN' không phải số JSON)"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN, ids=["syntax", "no-schema", "unknown-version", "command",
                                                             "not-an-object", "nan"])
def test_a_broken_file_is_one_line(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "hong.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_result(path)
    [problem] = caught.value.problems
    assert problem.render() == f"{path}{expected if expected.startswith(':') else ':' + expected}"


@pytest.mark.parametrize(("text", "code"), list(zip([text for text, _ in BROKEN], [
    Code.RESULT_NOT_JSON, Code.RESULT_NOT_A_RESULT, Code.RESULT_OTHER_SCHEMA, Code.RESULT_BROKEN_FIELD,
    Code.RESULT_NOT_A_RESULT, Code.RESULT_NOT_JSON], strict=True)))
def test_a_broken_file_has_the_code_of_its_kind(tmp_path: Path, text: str, code: Code) -> None:
    path = tmp_path / "hong.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_result(path)
    assert [p.code for p in caught.value.problems] == [code]


@pytest.mark.parametrize(("path", "value", "message"), [
    (("groups", 0, "units", 0, "total"), 7.5,
     "tệp kết quả hỏng ở trường 'groups[0].units[0].total': cần một số thập phân viết dạng chuỗi như \"0.75\", "
     "nhận 7.5"),
    (("groups", 0, "units", 0, "total"), "1e3",
     "tệp kết quả hỏng ở trường 'groups[0].units[0].total': cần một số thập phân viết dạng chuỗi như \"0.75\", "
     "nhận \"1e3\""),
    (("groups", 0, "units", 0, "areas", 1, "status"), "done",
     "tệp kết quả hỏng ở trường 'groups[0].units[0].areas[1].status': trạng thái 'done' không có; cần một trong "
     "scored, not_applicable, no_data, error"),
    (("groups", 0, "units", 0, "rank"), "1",
     "tệp kết quả hỏng ở trường 'groups[0].units[0].rank': cần một số nguyên hoặc null"),
    (("criteria", "areas"), {},
     "tệp kết quả hỏng ở trường 'criteria.areas': cần một danh sách"),
])
def test_a_wrong_field_is_named(tmp_path: Path, path: tuple[str | int, ...], value: object, message: str) -> None:
    _, target = _stored(tmp_path, "rank", EXAMPLE, [UNIT_A])
    data = json.loads(target.read_text(encoding="utf-8"))
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_result(target)
    assert [p.render() for p in caught.value.problems] == [f"{target}: [error] {message}"]


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    _, target = _stored(tmp_path, "rank", EXAMPLE, [UNIT_A])
    data = json.loads(target.read_text(encoding="utf-8"))
    del data["groups"][0]["units"][0]["areas"][0]["children"][0]["points"]
    target.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_result(target)
    [problem] = caught.value.problems
    assert problem.message == ("tệp kết quả hỏng ở trường 'groups[0].units[0].areas[0].children[0].points': "
                               "thiếu trường này")
    assert problem.code is Code.RESULT_BROKEN_FIELD
    assert problem.field == "groups[0].units[0].areas[0].children[0].points"


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputProblems) as caught:
        load_result(tmp_path / "khong-co.json")
    [problem] = caught.value.problems
    assert problem.render() == (f"{tmp_path / 'khong-co.json'}: [error] không đọc được tệp kết quả "
                                "(No such file or directory)")


# -- problems and refused units: objects in /2, their lines in /1 ----------------------------------


def _with_problems(tmp_path: Path) -> Path:
    """A stored ranking with a refused unit (an unknown indicator) and a unit with a warning."""
    text = UNIT_A.read_text(encoding="utf-8")
    warned = tmp_path / "a.yaml"
    warned.write_text(text.replace("unit_kind: so\n", "unit_kind: so\ncriteria: khac\n"), encoding="utf-8")
    refused = tmp_path / "b.yaml"
    refused.write_text(text.replace("so-mau-a", "so-mau-b").replace("vi_pham_ky_luat: 0", "vi_pham_ky_luat: 0\n"
                                                                     "  chi_so_la: 1"), encoding="utf-8")
    target = tmp_path / "ket-qua.json"
    outcome = scoring.rank(EXAMPLE, [warned, refused], scoring.Options(format="json", output=target,
                                                                       skip_invalid=True))
    assert outcome.status == 1 and outcome.content is not None
    scoring.save(outcome)
    return target


def test_problems_and_refused_units_read_back_with_their_codes(tmp_path: Path) -> None:
    run = load_result(_with_problems(tmp_path))
    [refused] = run.refused
    assert (refused.code, refused.field, refused.severity) == ("unit.unknown-indicator", "indicators.chi_so_la",
                                                               "error")
    assert refused.file is not None and refused.file.endswith("b.yaml")
    assert refused.text == f"{refused.file}:{refused.line}:{refused.col}: [error] {refused.message}"
    [unit] = run.units
    [warning] = unit.problems
    assert (warning.code, warning.field, warning.severity) == ("unit.other-criteria", "criteria", "warning")


def test_a_version_1_file_still_reads_its_problems_as_lines(tmp_path: Path) -> None:
    target = _with_problems(tmp_path)
    data = json.loads(target.read_text(encoding="utf-8"))
    data["schema"] = LEGACY_SCHEMA
    data["refused"] = [p["text"] for p in data["refused"]]
    for group in data["groups"]:
        for unit in group["units"]:
            unit["problems"] = [p["text"] for p in unit["problems"]]
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = load_result(target)
    assert run.schema == LEGACY_SCHEMA
    [refused] = run.refused
    assert refused == StoredProblem(data["refused"][0])  # the line only: code, field, place all None
    assert refused.code is None and "chi_so_la" in refused.text
    assert [p.text for p in run.units[0].problems] == data["groups"][0]["units"][0]["problems"]
    current = load_result(_with_problems(tmp_path))
    assert run.provenance is None and current.provenance is not None  # /1 had no provenance footer
    assert write(stored_report(run), "table") + f"\n{current.provenance.footer()}\n" == \
        write(stored_report(current), "table")


def test_a_version_2_problem_must_be_an_object(tmp_path: Path) -> None:
    target = _with_problems(tmp_path)
    data = json.loads(target.read_text(encoding="utf-8"))
    data["refused"] = [p["text"] for p in data["refused"]]
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_result(target)
    [problem] = caught.value.problems
    assert (problem.code, problem.field) == (Code.RESULT_BROKEN_FIELD, "refused[0]")
