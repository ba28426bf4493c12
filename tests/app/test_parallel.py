"""Large batches in two worker processes give the same bytes, problems and order as one process."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

import pytest

import parindex.app.parallel
from parindex.app import scoring
from parindex.app.loading import FileRead
from parindex.app.parallel import read_batch
from parindex.intake.sets import load_criteria

ROOT = Path(__file__).resolve().parent.parent.parent
COHORTS = [(ROOT / "criteria" / ("2024" if kind == "huyen" else "2025") / f"{kind}.yaml",  # districts: 2024
            ROOT / "sample_units" / "cohort" / kind) for kind in ("so", "huyen", "xa")]
ONE_PROCESS = 10**9
needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: batches stay in one process")


def _both(criteria: Path, units: list[Path], **options: object) -> tuple[scoring.Outcome, scoring.Outcome]:
    alone = scoring.rank(criteria, units, scoring.Options(threshold=ONE_PROCESS, **options))  # type: ignore[arg-type]
    shared = scoring.rank(criteria, units, scoring.Options(threshold=1, **options))  # type: ignore[arg-type]
    return alone, shared


@needs_two_cores
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize(("criteria", "folder"), COHORTS, ids=["so", "huyen", "xa"])
def test_cohort_ranks_to_the_same_bytes_in_workers(criteria: Path, folder: Path, fmt: str) -> None:
    alone, shared = _both(criteria, [folder], format=fmt)
    assert alone.status == shared.status == 0
    assert alone.content is not None and alone.content == shared.content
    assert [p.render() for p in alone.problems] == [p.render() for p in shared.problems]


@needs_two_cores
def test_relative_bests_are_taken_over_every_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of one file: each worker sees few units, the parent resolves bests over all of them."""
    monkeypatch.setattr(parindex.app.parallel, "CHUNK", 1)
    criteria, folder = COHORTS[1]  # huyen: three relative rules
    alone, shared = _both(criteria, [folder], format="json")
    assert alone.content == shared.content
    leaves = [n for r in shared.results for n in r.nodes() if n.rule_kind == "relative" and n.status == "scored"]
    assert len(leaves) == len(shared.results) >= 10  # one relative rule in huyen.yaml, read by every unit
    best = max(n.relative_value for n in leaves if n.relative_value is not None)
    assert {n.relative_best for n in leaves} == {best}  # the best over every chunk, the same for every unit


@needs_two_cores
def test_refused_and_duplicate_units_are_reported_in_file_order(tmp_path: Path) -> None:
    criteria, folder = COHORTS[0]
    units = tmp_path / "so"
    shutil.copytree(folder, units)
    first = sorted(units.glob("*.yaml"))[0]
    (units / "zz-copy.yaml").write_bytes(first.read_bytes())  # the same unit id again, last in order
    (units / "aa-broken.yaml").write_text("unit_id: [\n", encoding="utf-8")  # first in order
    for skip in (False, True):
        alone, shared = _both(criteria, [units], format="csv", skip_invalid=skip)
        assert alone.status == shared.status == 1
        assert alone.content == shared.content
        assert [p.render() for p in alone.problems] == [p.render() for p in shared.problems]
        assert [p.render() for p in alone.refused] == [p.render() for p in shared.refused]
        files = [Path(p.file).name for p in shared.refused]
        assert files == ["aa-broken.yaml", "zz-copy.yaml"]
    assert alone.notice is None and alone.content is not None  # skip_invalid: ranked all the same


@needs_two_cores
def test_cli_output_is_the_same_bytes_with_a_threshold_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import run

    criteria, folder = COHORTS[2]
    before = run("rank", "--criteria", criteria, folder, "--format", "markdown")
    monkeypatch.setattr(parindex.app.parallel, "THRESHOLD", 1)
    after = run("rank", "--criteria", criteria, folder, "--format", "markdown")
    assert before == after and before.code == 0


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2,
                    reason="the failing worker is set up through fork")
def test_results_that_cannot_cross_processes_are_computed_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = parindex.app.parallel.read_files

    def unpicklable_in_workers(criteria: object, files: list[Path]) -> list[FileRead]:
        reads = real(criteria, files)  # type: ignore[arg-type]
        if os.getpid() != parent:
            return [FileRead(r.path, refused=(lambda: None,)) for r in reads]  # type: ignore[arg-type]
        return reads

    monkeypatch.setattr(parindex.app.parallel, "read_files", unpicklable_in_workers)
    criteria_path, folder = COHORTS[0]
    criteria = load_criteria(criteria_path)
    files = sorted(folder.glob("*.yaml"))
    reads = read_batch(criteria, criteria_path, files, threshold=1)
    assert [r.path for r in reads] == [str(f) for f in files]
    assert all(r.result is not None and not r.refused for r in reads)


def test_small_batches_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_workers(*args: object) -> None:
        raise AssertionError("workers started for a small batch")

    monkeypatch.setattr(parindex.app.parallel, "_in_workers", no_workers)
    criteria_path, folder = COHORTS[0]
    files = sorted(folder.glob("*.yaml"))
    reads = read_batch(load_criteria(criteria_path), criteria_path, files, threshold=len(files) + 1)
    assert len(reads) == len(files)
