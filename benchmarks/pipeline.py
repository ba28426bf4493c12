"""Benchmark of the whole pipeline on N unit files, with a plain hand-written-style scorer beside it.

    python benchmarks/pipeline.py 10000 [--criteria criteria/2025/so.yaml] [--units-from FOLDER]

1. Writes N unit files into a temporary folder: copies of the shipped cohort of the set's first
   unit kind (sample_units/cohort/<kind>/), each under its own id.
2. End to end: runs `parindex rank --criteria SET FOLDER --format csv --output FILE` in a fresh
   process; prints wall time, units/s and the peak memory of that process.
3. In process: loads the N units, then times parindex's scoring and ranking of them, and the plain
   scorer of benchmarks/plain_scorer.py (generated from the same checked set) on the same values;
   prints both and their ratio, and checks that both give the same total and index for every unit.
4. States the machine it ran on.

Targets (issue 8): end to end ≤ 2.5 s and ≤ 150 MB peak per process for 10,000 department units;
in-process scoring ≤ 1.5 × the plain scorer.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plain_scorer

from parindex.core.numbers import comparable
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import load_unit
from parindex.results.ranking import rank

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
    engine_best = plain_best = float("inf")
    results = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        results = score_units(criteria, units)
        rank(criteria, results)
        engine_best = min(engine_best, time.perf_counter() - started)
    scorer, totals = plain_scorer.build(criteria)
    values = [unit.values for unit in units]
    plain: list[tuple[Decimal, Decimal | None]] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        plain = plain_scorer.score_group(criteria, scorer, totals, values)
        plain_best = min(plain_best, time.perf_counter() - started)
    print(f"in process, scoring + ranking {args.units} loaded units: parindex {engine_best:.3f} s "
          f"({args.units / engine_best:,.0f} units/s); plain scorer {plain_best:.3f} s; "
          f"ratio {engine_best / plain_best:.2f}×")
    mismatches = [
        r.unit_id for r, (total, index) in zip(results, plain, strict=True)
        if comparable(r.total) != comparable(total)
        or (r.index is None) != (index is None)
    ]
    print(f"same totals as the plain scorer: {len(results) - len(mismatches)}/{len(results)}"
          + (f" (differ: {', '.join(mismatches[:5])})" if mismatches else ""))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
