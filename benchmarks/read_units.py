"""Benchmark: read unit files with each YAML reader and print milliseconds per file.

    python benchmarks/read_units.py 2000

The 22 department files of sample_units/cohort/so are repeated to N texts. Timed per reader, on
texts already in memory: the reference (pyyaml's pure-Python composer), the event builder
(libyaml's events) and the line reader of flat unit files; then `load_yaml` on the files
themselves, as a ranking reads them (opening, checks, decoding and the fastest reader).

Target (issue 8): the whole read of a typical unit file at most 0.3 ms on the fast path.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from parindex.core.document import Document
from parindex.intake import yamlfile

ROOT = Path(__file__).resolve().parent.parent
COHORT = ROOT / "sample_units" / "cohort" / "so"


def per_file(read: Callable[[str, str], Document | None], texts: list[tuple[str, str]]) -> float:
    """Milliseconds per file, the best of three rounds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for shown, text in texts:
            if read(shown, text) is None:
                raise SystemExit(f"{shown}: the reader handed the file on")
        best = min(best, time.perf_counter() - started)
    return best / len(texts) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=2000, help="number of unit files read")
    args = parser.parse_args(argv)
    files = sorted(COHORT.glob("*.yaml"))
    paths = [files[i % len(files)] for i in range(args.n)]
    texts = [(str(path), yamlfile.read_text(path)) for path in paths]
    depth, nodes = yamlfile.MAX_DEPTH, yamlfile.MAX_NODES
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPU, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, libyaml {'yes' if yamlfile.yaml.__with_libyaml__ else 'no'}")
    print(f"{args.n} unit files ({len(files)} cohort files repeated), "
          f"{sum(len(t) for _, t in texts) // len(texts)} characters each on average")
    few = texts[: max(1, min(len(texts), 200))]  # the reference is slow: fewer files suffice
    reference = per_file(lambda s, t: yamlfile.compose_reference(s, t, depth, nodes), few)
    rows = [("reference composer (pure Python)", reference)]
    if yamlfile.yaml.__with_libyaml__:
        rows.append(("event builder (libyaml events)", per_file(
            lambda s, t: yamlfile.build_from_events(s, t, depth, nodes), texts)))
    rows.append(("line reader (flat unit files)", per_file(
        lambda s, t: yamlfile.unit_lines.read(s, t, depth, nodes), texts)))
    rows.append(("load_yaml, from the file", per_file(lambda s, _: yamlfile.load_yaml(Path(s)), texts)))
    for name, ms in rows:
        print(f"  {name:<34} {ms:8.3f} ms/file   {reference / ms:5.1f}× the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
