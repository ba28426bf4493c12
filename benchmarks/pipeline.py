"""Benchmark of the whole pipeline on N unit files, with a plain hand-written-style scorer beside it.

    python benchmarks/pipeline.py 10000 [--criteria criteria/2025/so.yaml] [--units-from FOLDER]

1. Writes N unit files into a temporary folder: copies of the shipped cohort of the set's first
   unit kind (sample_units/cohort/<kind>/), each under its own id.
2. End to end: runs `parindex rank --criteria SET FOLDER --format csv --output FILE` in a fresh
   process; prints wall time, units/s and the peak memory of that process.
3. In process: loads the N units, then times, side by side, scoring and ranking them through the
   plan (the fast path, explanations on demand), through the reference evaluator alone (every tree
   built, relative rules resolved on the trees), and the plain scorer of benchmarks/plain_scorer.py
   (generated from the same checked set) on the same values; prints the three and the ratios to the
   plain scorer, and checks that all give the same total and index for every unit.
4. States the machine it ran on.

The plain scorer is timed as written and again with the garbage collector paused, as parindex
pauses it while scoring a batch: the second ratio compares like with like.

Targets (issue 8): end to end ≤ 2.5 s and ≤ 150 MB peak per process for 10,000 department units;
in-process scoring ≤ 1.5 × the plain scorer.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plain_scorer

from parindex.core.numbers import comparable
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import score_units
from parindex.engine.reference import evaluate_unit
from parindex.engine.trees import resolve_tree
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData, load_unit
from parindex.results.ranking import rank
from parindex.results.scorecard import Status, UnitResult

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "criteria" / "2025" / "so.yaml"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{memory}"
            f"{', ' + model if model else ''}; Python {platform.python_version()}")


def write_units(templates: list[Path], count: int, folder: Path) -> list[Path]:
    texts = [t.read_text(encoding="utf-8") for t in templates]
    written = []
    for number in range(count):
        lines = texts[number % len(texts)].splitlines(keepends=True)
        for index, line in enumerate(lines):
            if line.startswith("unit_id:"):
                lines[index] = f"unit_id: bench-{number:06d}\n"
            elif line.startswith("unit_name:"):
                lines[index] = f"unit_name: Đơn vị thử {number:06d}\n"
        path = folder / f"bench-{number:06d}.yaml"
        path.write_text("".join(lines), encoding="utf-8")
        written.append(path)
    return written


def reference_batch(criteria: CompiledSet, units: list[UnitData]) -> list[UnitResult]:
    """The reference evaluator alone: every unit's tree, relative leaves resolved on the trees."""
    results = [evaluate_unit(criteria, unit) for unit in units]
    valid = [r for r in results if r.is_valid]
    for kind in dict.fromkeys(r.kind for r in valid):
        group = [r for r in valid if r.kind == kind]
        bests: dict[str, Decimal] = {}
        for result in group:
            for node in result.nodes():
                if node.rule_kind == "relative" and node.status is Status.SCORED and node.relative_value is not None:
                    bests[node.code] = max(bests.get(node.code, node.relative_value), node.relative_value)
        if bests:
            for result in group:
                resolve_tree(criteria, result, bests)
    return results


def timed(repeat: int, run: Callable[[], list[UnitResult]]) -> tuple[float, list[UnitResult]]:
    best, results = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        results = run()
        best = min(best, time.perf_counter() - started)
    return best, results


def end_to_end(criteria: Path, folder: Path, output: Path) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB of the child process, exit code."""
    command = [sys.executable, "-m", "parindex", "rank", "--criteria", str(criteria), str(folder),
               "--format", "csv", "--output", str(output)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr[-2000:])
    return wall, max(peak, before) / 1024, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("units", type=int, help="number of unit files to generate")
    parser.add_argument("--criteria", type=Path, default=DEFAULT)
    parser.add_argument("--units-from", type=Path, help="folder of unit files to copy (default: the shipped cohort)")
    parser.add_argument("--repeat", type=int, default=3, help="in-process timings: best of this many runs")
    args = parser.parse_args(argv)

    criteria = load_criteria(args.criteria)
    kind = criteria.spec.unit_kinds[0]
    source = args.units_from or ROOT / "sample_units" / "cohort" / kind
    templates = sorted(source.glob("*.yaml"))
    if not templates:
        parser.error(f"no unit files in {source}")
    print(f"machine: {machine()}")
    print(f"criteria: {args.criteria} ({sum(len(a.leaves()) for a in criteria.areas)} leaves); "
          f"units: {args.units} copies of {len(templates)} files from {source}")

    with tempfile.TemporaryDirectory(prefix="parindex-bench-") as temporary:
        folder = Path(temporary) / "units"
        folder.mkdir()
        files = write_units(templates, args.units, folder)
        wall, peak, code = end_to_end(args.criteria, folder, Path(temporary) / "rank.csv")
        print(f"end to end (parindex rank --format csv): {wall:.2f} s wall, {args.units / wall:,.0f} units/s, "
              f"peak {peak:.0f} MB, exit {code}")

        units = [load_unit(path, criteria) for path in files]

    def fast_path() -> list[UnitResult]:
        scored = score_units(criteria, units)
        rank(criteria, scored)
        return scored

    def reference() -> list[UnitResult]:
        scored = reference_batch(criteria, units)
        rank(criteria, scored)
        return scored

    engine_best, results = timed(args.repeat, fast_path)
    reference_best, reference_results = timed(1, reference)
    scorer, totals = plain_scorer.build(criteria)
    values = [unit.values for unit in units]
    plain: list[tuple[Decimal, Decimal | None]] = []
    plain_best = plain_paused = float("inf")
    for paused in (False, True):
        for _ in range(args.repeat):
            if paused:
                gc.disable()
            started = time.perf_counter()
            plain = plain_scorer.score_group(criteria, scorer, totals, values)
            elapsed = time.perf_counter() - started
            gc.enable()
            if paused:
                plain_paused = min(plain_paused, elapsed)
            else:
                plain_best = min(plain_best, elapsed)
    print(f"in process, scoring + ranking {args.units} loaded units (best of {args.repeat}; reference once):")
    print(f"  parindex, plan (explanations on demand): {engine_best:.3f} s ({args.units / engine_best:,.0f} units/s), "
          f"{engine_best / plain_best:.2f}× the plain scorer, {engine_best / plain_paused:.2f}× it without GC")
    print(f"  parindex, reference evaluator (every tree): {reference_best:.3f} s "
          f"({args.units / reference_best:,.0f} units/s), {reference_best / plain_best:.2f}× the plain scorer")
    print(f"  plain scorer: {plain_best:.3f} s ({args.units / plain_best:,.0f} units/s); with the garbage collector "
          f"paused as parindex's batches pause it: {plain_paused:.3f} s")
    mismatches = [
        r.unit_id for r, o, (total, index) in zip(results, reference_results, plain, strict=True)
        if comparable(r.total) != comparable(total) or (r.index is None) != (index is None)
        or (r.total, r.index, r.rating, r.rank) != (o.total, o.index, o.rating, o.rank)
    ]
    print(f"same totals as the plain scorer and the reference: {len(results) - len(mismatches)}/{len(results)}"
          + (f" (differ: {', '.join(mismatches[:5])})" if mismatches else ""))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
