"""Every problem carries a stable code (core.codes) and the field it concerns: the codes are
documented one by one for the people who fix the files (docs/problems.md), and a machine reads
them in the JSON output next to the line a terminal shows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import run

from parindex.core.codes import Code
from parindex.core.document import field_of
from parindex.core.errors import Problem, Severity

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "problems.md"
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
SLUG = re.compile(r"[a-z][a-z0-9]*(\.[a-z0-9]+(-[a-z0-9]+)*)+")
ROW = re.compile(r"^\| `([^`]+)` \| (lỗi|cảnh báo|lỗi hoặc cảnh báo) \|(.+)\|(.+)\|$")


def documented() -> dict[str, str]:
    """The codes of docs/problems.md's tables, with their severity column."""
    rows: dict[str, str] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if re.match(r"\| `[a-z0-9-]+\.", line):  # a code's row (the table of stages has no dots)
            found = ROW.match(line)
            assert found is not None, f"not a row `| `code` | severity | meaning | fix |`: {line}"
            assert found.group(1) not in rows, f"{found.group(1)} is documented twice"
            assert found.group(3).strip() and found.group(4).strip(), line
            rows[found.group(1)] = found.group(2)
    return rows


def test_every_code_is_documented() -> None:
    missing = [code.value for code in Code if code.value not in documented()]
    assert not missing, f"add a row to docs/problems.md for: {', '.join(missing)}"


def test_every_documented_code_exists() -> None:
    known = {code.value for code in Code}
    assert not [code for code in documented() if code not in known]


def test_codes_are_stable_dotted_slugs_and_distinct() -> None:
    assert len(Code.__members__) == len(list(Code)), "two members share a value (an alias)"
    for code in Code:
        assert SLUG.fullmatch(code.value), code.value
        assert code.name == code.value.upper().replace(".", "_").replace("-", "_"), code


def test_a_problem_cannot_be_made_without_a_code() -> None:
    with pytest.raises(TypeError):
        Problem("a.yaml", 1, 1, "x")  # type: ignore[call-arg]
    problem = Problem("a.yaml", 3, 5, "thiếu trường", code=Code.SET_MISSING_FIELD, field="areas[0].title")
    assert problem.render() == "a.yaml:3:5: [error] thiếu trường"  # the code is for machines, not the terminal


@pytest.mark.parametrize(("loc", "field"), [
    ((), None),
    (("indicators", "ty_le_tthc"), "indicators.ty_le_tthc"),
    (("areas", 2, "children", 0, "max"), "areas[2].children[0].max"),
    (("ratings", 1, "from"), "ratings[1].from"),
    (("indicators", "x", "choices", "1.1"), 'indicators.x.choices["1.1"]'),
    (("unit_kinds", 0), "unit_kinds[0]"),
])
def test_the_field_is_the_dotted_path_of_the_place(loc: tuple[str | int, ...], field: str | None) -> None:
    assert field_of(loc) == field


# -- unit files, through the JSON output ------------------------------------------------------------


def _unit(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = UNIT_A.read_text(encoding="utf-8").replace("so-mau-a", f"so-{name}")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, words: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if words in line)


def _check_object(problem: dict[str, Any]) -> None:
    """A problem object has exactly its fields, and `text` is the line a terminal shows."""
    assert list(problem) == ["code", "field", "file", "line", "col", "cell", "severity", "message", "text"]
    assert problem["cell"] is None  # these come from YAML files
    shown = Problem(problem["file"], problem["line"], problem["col"], problem["message"], code=Code(problem["code"]),
                    severity=Severity(problem["severity"]), field=problem["field"])
    assert problem["text"] == shown.render()


def test_refused_units_in_the_json_ranking_carry_code_and_field(tmp_path: Path) -> None:
    unknown = _unit(tmp_path, "unknown", ("vi_pham_ky_luat: 0", "vi_pham_ky_luat: 0\n  chi_so_la: 1"))
    absent = _unit(tmp_path, "absent", ("  chi_tieu_ke_hoach: 19\n", ""))
    empty = _unit(tmp_path, "empty", ("chi_tieu_ke_hoach: 19", "chi_tieu_ke_hoach:"))
    wrong = _unit(tmp_path, "wrong", ("co_bo_tri_kinh_phi: true", "co_bo_tri_kinh_phi: có lẽ"))
    negative = _unit(tmp_path, "negative", ("ho_so_tre_han: 3", "ho_so_tre_han: -3"))
    result = run("rank", "--criteria", EXAMPLE, UNIT_A, unknown, absent, empty, wrong, negative,
                 "--skip-invalid", "--format", "json")
    assert result.code == 1
    refused = json.loads(result.out)["refused"]
    for problem in refused:
        _check_object(problem)
    found = {(Path(p["file"]).stem, p["code"], p["field"], p["line"], p["severity"]) for p in refused}
    assert found == {
        ("unknown", "unit.unknown-indicator", "indicators.chi_so_la", _line(unknown, "chi_so_la"), "error"),
        ("absent", "unit.missing-required", "indicators.chi_tieu_ke_hoach", _line(absent, "indicators:"), "error"),
        ("empty", "unit.missing-required", "indicators.chi_tieu_ke_hoach", _line(empty, "chi_tieu_ke_hoach"),
         "error"),
        ("wrong", "unit.value-type", "indicators.co_bo_tri_kinh_phi", _line(wrong, "co_bo_tri_kinh_phi"), "error"),
        ("negative", "unit.out-of-range", "indicators.ho_so_tre_han", _line(negative, "ho_so_tre_han"), "error"),
    }


def test_a_unit_warning_in_the_json_result_carries_code_and_field(tmp_path: Path) -> None:
    fraction = _unit(tmp_path, "fraction", ("ty_le_hai_long: 80", "ty_le_hai_long: 0.8"))
    result = run("score", "--criteria", EXAMPLE, fraction, "--format", "json")
    assert result.code == 0, result.err
    [unit] = json.loads(result.out)["units"]
    [problem] = unit["problems"]
    _check_object(problem)
    assert (problem["code"], problem["field"], problem["severity"]) == (
        "unit.percent-scale", "indicators.ty_le_hai_long", "warning")
    assert problem["line"] == _line(fraction, "ty_le_hai_long")
    assert f"{problem['text']}\n" in result.err  # the same line on the terminal


def test_a_duplicate_unit_is_refused_with_its_code(tmp_path: Path) -> None:
    again = tmp_path / "again.yaml"
    again.write_text(UNIT_A.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("rank", "--criteria", EXAMPLE, UNIT_A, again, "--skip-invalid", "--format", "json")
    [problem] = json.loads(result.out)["refused"]
    assert (problem["code"], problem["field"], problem["file"]) == ("unit.duplicate-id", "unit_id", str(again))
