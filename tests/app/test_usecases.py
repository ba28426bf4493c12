"""The use cases return data (problems in order, refused units, status, rendered content) and
print nothing; the command line only shows it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run, write_unit

from parindex.app import scoring
from parindex.app.check import check
from parindex.core.errors import Severity

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
BROKEN = ROOT / "tests" / "broken" / "band-gap.yaml"


def test_check_returns_one_entry_per_set_and_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = check([EXAMPLE, BROKEN])
    assert capsys.readouterr() == ("", "")
    assert outcome.status == 1
    good, bad = outcome.sets
    assert good.valid and good.line.startswith(f"{EXAMPLE}: hợp lệ — ")
    assert not bad.valid and bad.problems and bad.line.startswith(f"{BROKEN}: ")
    errors = sum(p.severity is Severity.ERROR for p in bad.problems)
    assert errors >= 1 and bad.line == f"{BROKEN}: {errors} lỗi, {len(bad.problems) - errors} cảnh báo"


def test_rank_outcome_holds_groups_and_content(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = scoring.rank(EXAMPLE, [UNIT_A], scoring.Options(format="csv"))
    assert capsys.readouterr() == ("", "")
    assert outcome.status == 0 and outcome.notice is None and outcome.refused == []
    assert [g.kind for g in outcome.groups] == ["so"]
    assert [r.unit_id for r in outcome.results] == ["so-mau-a"] and outcome.results[0].rank == 1
    assert isinstance(outcome.content, str) and outcome.content.startswith("\ufeffLoại đơn vị,Hạng,Mã đơn vị")


def test_a_bad_unit_stops_the_run_with_a_notice(tmp_path: Path) -> None:
    bad = write_unit(tmp_path, "so-x", {"ty_le_hai_long": 150})
    outcome = scoring.rank(EXAMPLE, [UNIT_A, bad])
    assert outcome.status == 1 and outcome.content is None and outcome.groups == []
    assert {p.file for p in outcome.refused} == {str(bad)}
    assert all(p.severity is Severity.ERROR for p in outcome.refused)
    assert outcome.notice is not None and outcome.notice.startswith(f"{len(outcome.refused)} lỗi trong số liệu")


def test_skip_invalid_ranks_the_others_and_still_fails(tmp_path: Path) -> None:
    bad = write_unit(tmp_path, "so-x", {"ty_le_hai_long": 150})
    outcome = scoring.rank(EXAMPLE, [UNIT_A, bad], scoring.Options(skip_invalid=True))
    assert outcome.status == 1 and outcome.notice is None
    assert [r.unit_id for g in outcome.groups for r in g.units] == ["so-mau-a"]
    assert isinstance(outcome.content, str) and "Đơn vị bị loại khỏi xếp hạng" in outcome.content


def test_missing_paths_come_back_as_problems_not_exceptions(tmp_path: Path) -> None:
    outcome = scoring.score(EXAMPLE, [tmp_path / "khong-co.yaml"])
    assert outcome.status == 1 and outcome.content is None
    [problem] = outcome.problems
    assert problem.file == str(tmp_path / "khong-co.yaml") and "không tìm thấy" in problem.message


def test_output_equal_to_an_input_is_refused_before_scoring(tmp_path: Path) -> None:
    unit = tmp_path / "unit.yaml"
    unit.write_bytes(UNIT_A.read_bytes())
    outcome = scoring.rank(EXAMPLE, [unit], scoring.Options(output=unit))
    assert outcome.status == 1 and outcome.content is None
    [problem] = outcome.problems
    assert "trùng với tệp đầu vào" in problem.message
    assert unit.read_bytes() == UNIT_A.read_bytes()


def test_save_writes_the_content_once_asked(tmp_path: Path) -> None:
    target = tmp_path / "xep-hang.md"
    outcome = scoring.rank(EXAMPLE, [UNIT_A], scoring.Options(format="markdown", output=target))
    assert outcome.status == 0 and not target.exists()  # the use case itself writes nothing
    scoring.save(outcome)
    assert target.read_text(encoding="utf-8") == outcome.content
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~_umask()


def test_the_cli_shows_the_outcome_as_it_is() -> None:
    outcome = scoring.score(EXAMPLE, [UNIT_A], scoring.Options(explain=True))
    shown = run("score", "--criteria", EXAMPLE, UNIT_A, "--explain")
    assert shown.code == outcome.status == 0
    assert shown.out == outcome.content
    assert shown.err == "".join(p.render() + "\n" for p in outcome.problems)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
