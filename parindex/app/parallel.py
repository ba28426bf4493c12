"""Large batches are read and evaluated in worker processes, in chunks of files; the parent joins
the chunks in file order. Small batches stay in one process, where starting workers costs more
than it saves.

Each worker reads the criteria set once (a forked worker inherits the parent's checked set), then
for each chunk loads its files and evaluates them (`loading.read_files`). Relative rules, which
need every unit of a kind, are resolved afterwards in the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from parindex.app.loading import FileRead, Survey, read_files
from parindex.criteria.compiler import CompiledSet
from parindex.intake.sets import load_criteria
from parindex.intake.system_data import SystemValues

# Batches of at least this many files go to the workers. Measured on the 2-core machine of issue 8
# (criteria/2025/so.yaml, bench copies, 22 Nov 2026, after results crossed as compact texts; another
# test run kept the load near 1.9), best of 3, wall seconds of `read_batch` in one process / in two
# workers: 250 files 0.13 / 0.18; 500 0.24 / 0.40; 750 0.34 / 0.30; 1,000 0.55 / 0.49;
# 1,250 0.70 / 0.62; 1,500 0.83 / 0.68; 2,000 1.18 / 0.70; 4,000 2.27 / 1.22. Two workers win from
# about 750 to 1,000 files on that busy machine; the threshold stays at 2,000 files, where two
# workers win by 40% even on a busy machine (at 1,000 the test suite's console Ctrl-C test was seen
# to hang once after the intake tests; not yet explained). The output is the same either way.
THRESHOLD = 2_000
WORKERS = 2
# Files per chunk: small enough to share the work evenly, large enough that sending chunks back
# and forth costs little.
CHUNK = 200

# The checked set a forked worker inherits from its parent, by criteria path.
_INHERITED: dict[str, CompiledSet] = {}
_worker_criteria: list[CompiledSet] = []


def read_batch(criteria: CompiledSet, criteria_path: Path, files: list[Path],
               threshold: int | None = None, survey: Survey | None = None,
               system: SystemValues | None = None) -> list[FileRead]:
    """Read and evaluate `files`, in worker processes when there are at least `threshold`
    (default THRESHOLD) of them and the machine has more than one core; in file order either way.
    Results that cannot be sent between processes make the batch run in this process instead.
    With `survey` (answers per unit: a campaign's hundreds of units), in this process; `system`
    (system-data values per unit) goes to the workers with each chunk."""
    limit = THRESHOLD if threshold is None else threshold
    workers = min(WORKERS, os.cpu_count() or 1)
    if survey is not None or len(files) < max(limit, 1) or workers < 2 or len(files) < 2:
        return read_files(criteria, files, survey, system)
    try:
        return _in_workers(criteria, criteria_path, files, workers, system)
    except (pickle.PicklingError, TypeError, AttributeError):  # a result that cannot cross processes
        return read_files(criteria, files) if system is None else read_files(criteria, files, system=system)


def _in_workers(criteria: CompiledSet, criteria_path: Path, files: list[Path], workers: int,
                system: SystemValues | None = None) -> list[FileRead]:
    size = max(1, min(CHUNK, -(-len(files) // workers)))
    chunks = [files[start:start + size] for start in range(0, len(files), size)]
    key = str(criteria_path)
    _INHERITED[key] = criteria
    gc.freeze()  # forked workers then leave the parent's objects alone (no copy-on-write of its heap)
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                   initializer=_start_worker, initargs=(key,))
        try:
            reads: list[FileRead] = []
            for chunk in pool.map(partial(_read_chunk, system=system), chunks):
                reads.extend(chunk)
        except BaseException:  # an interrupted run or a failed chunk: the other chunks are not waited for
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return reads
    finally:
        gc.unfreeze()
        _INHERITED.pop(key, None)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start_worker(criteria_path: str) -> None:
    """In a worker: Ctrl-C is the parent's to handle; the criteria set is read once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    inherited = _INHERITED.get(criteria_path)
    _worker_criteria.clear()
    _worker_criteria.append(inherited if inherited is not None else load_criteria(Path(criteria_path)))


def _read_chunk(files: list[Path], system: SystemValues | None = None) -> list[FileRead]:
    if system is None:
        return read_files(_worker_criteria[0], files)
    return read_files(_worker_criteria[0], files, system=system)
