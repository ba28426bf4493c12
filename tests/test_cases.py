"""Runs the YAML scoring cases in tests/cases/*.cases.yaml (tests as data) through the package's
own runner (parindex.app.casetest, the runner of `parindex test`): one format, one runner.

A case file names a criteria set and lists cases; each case scores its units as one group and
checks, per unit, any of: points / applicable / status / matched / raw / clamped / explain (per
node code), total, applicable_max, index, index_percent, rating, rank, group (docs/test-cases.md).
A key the runner does not know (a typo such as `ponts:`) stops the run, naming the file, the line,
the case and the key: a misspelt expectation must never pass silently by checking nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parindex.app.casetest import run_case, run_file
from parindex.core.codes import Code
from parindex.core.errors import InputProblems
from parindex.intake.cases import Case, load_case_file, read_case_file
from parindex.reports.casecheck import mismatch_line

CASES = Path(__file__).parent / "cases"
ROOT = CASES.parent.parent
# The project's own cases, the authoring tools' small pair, and the cases shipped beside the sets.
CASE_FILES = [*sorted(CASES.glob("*.cases.yaml")), *sorted((ROOT / "tests" / "authoring").glob("*.cases.yaml")),
              *sorted((ROOT / "criteria").rglob("*.cases.yaml"))]


def _load_cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        loaded = load_case_file(path)
        where = path.relative_to(ROOT).as_posix()
        params += [pytest.param(case, loaded.criteria, id=f"{where}: {case.name}") for case in loaded.cases]
    return params


@pytest.mark.parametrize(("case", "criteria"), _load_cases())
def test_case(case: Case, criteria: Any) -> None:
    result = run_case(case, criteria)
    assert result.checked > 0, "a case that checks nothing"
    assert result.passed, "\n".join(mismatch_line(case.file, m) for m in result.mismatches)


# -- the runner refuses case files it cannot trust ------------------------------------------------

GOOD_UNIT = '      - indicators: {bao_cao: true, kinh_phi: true}\n        points: {"1.1": 1}\n'
BROKEN_CASE_FILES = [
    # (what is wrong, file text, the line of the problem, words the message must contain)
    ("typo in an expectation",
     'criteria: rules-criteria.yaml\ncases:\n  - name: ok\n    units:\n' + GOOD_UNIT
     + '  - name: yes_no typo\n    units:\n' + GOOD_UNIT
     + '      - indicators: {bao_cao: true}\n        ponts: {"1.1": 0}\n', 12,  # line 12: ponts
     ["trường hợp 'yes_no typo', đơn vị 2: trường 'ponts' không có", "indicators, entered, points, applicable",
      "có phải là 'points'?"]),
    ("typo in a case",
     "criteria: rules-criteria.yaml\ncases:\n  - name: levels\n    unit:\n" + GOOD_UNIT, 4,
     ["trường hợp 'levels': trường 'unit' không có; các trường: name, units, note"]),
    ("typo at the top",
     "criteria: rules-criteria.yaml\ncase:\n  - name: levels\n    units:\n" + GOOD_UNIT, 2,
     ["trường 'case' không có; các trường: criteria, cases, note"]),
    ("a case without units",
     "criteria: rules-criteria.yaml\ncases:\n  - name: empty\n", 3,
     ["trường hợp 'empty' thiếu trường bắt buộc 'units'"]),
    ("a unit without indicators",
     'criteria: rules-criteria.yaml\ncases:\n  - name: bare\n    units:\n      - total: 0\n', 5,
     ["trường hợp 'bare', đơn vị 1: thiếu 'indicators' (số liệu của đơn vị) hoặc 'file'"]),
    ("a case that is not a mapping",
     "criteria: rules-criteria.yaml\ncases:\n  - levels\n", 3,
     ["trường hợp thứ 1 phải là một bảng khóa–giá trị", "nhận 'levels'"]),
    ("a status that does not exist",
     'criteria: rules-criteria.yaml\ncases:\n  - name: s\n    units:\n      - indicators: {}\n'
     '        status: {"1.1": scored}\n        clamped: {"1.1": yes}\n', 7,
     ["'clamped của mục 1.1' cần true hoặc false, nhận 'yes'"]),
    ("a unit file and figures at once",
     'criteria: rules-criteria.yaml\ncases:\n  - name: f\n    units:\n      - file: u.yaml\n'
     '        indicators: {}\n', 6,
     ["'indicators' không đi cùng 'file'"]),
]


@pytest.mark.parametrize(("text", "line", "words"), [pytest.param(t, n, w, id=i) for i, t, n, w in BROKEN_CASE_FILES])
def test_a_broken_case_file_is_refused_by_name(text: str, line: int, words: list[str], tmp_path: Path) -> None:
    path = tmp_path / "typo.cases.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "rules-criteria.yaml").write_text((CASES / "rules-criteria.yaml").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    with pytest.raises(InputProblems) as refused:
        read_case_file(path)
    problems = refused.value.problems
    assert all(p.code.value.startswith("case.") and p.file == str(path) for p in problems), refused.value
    # the misspelt key itself, at its line (a missing required key may be reported beside it)
    found = [p for p in problems if p.line == line and p.code is not Code.CASE_FILE_NOT_FOUND]
    assert len(found) == 1, refused.value
    for word in words:
        assert word in found[0].message, found[0].message


def test_a_sound_case_file_loads_every_case(tmp_path: Path) -> None:
    (tmp_path / "rules-criteria.yaml").write_text((CASES / "rules-criteria.yaml").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    path = tmp_path / "sound.cases.yaml"
    path.write_text("criteria: rules-criteria.yaml\ncases:\n  - name: one\n    units:\n" + GOOD_UNIT
                    + "  - name: two\n    units:\n" + GOOD_UNIT + GOOD_UNIT, encoding="utf-8")
    loaded = load_case_file(path)
    assert [(c.name, len(c.units)) for c in loaded.cases] == [("one", 1), ("two", 2)]
    assert loaded.criteria_path == tmp_path / "rules-criteria.yaml"
    unit = loaded.cases[1].units[1].unit
    assert unit is not None and (unit.unit_id, unit.kind, unit.period) == ("u2", "so", "2025")
    assert unit.values == {"bao_cao": True, "kinh_phi": True}
    assert [r.passed for r in run_file(loaded)] == [True, True]
