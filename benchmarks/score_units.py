"""Benchmark: score N synthetic units against a shipped criteria set and print units per second.

    python benchmarks/score_units.py 2000 [--criteria criteria/2025/so.yaml] [--seed 1]

Formulas are parsed once when the set is loaded; the timed part is evaluation of every unit
(leaves, parents, checks) plus group-relative resolution and ranking. Synthetic values are drawn
from each indicator's declared kind and bounds (deterministic for a given seed).

Target to keep reachable (not enforced here): 10,000 units × 100 sub-criteria in about 2 s on
the 2-core reference machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.core.document import Document
from parindex.criteria.compiler import CompiledSet
from parindex.criteria.schema import Indicator
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData
from parindex.results.ranking import rank

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "criteria" / "2025" / "so.yaml"


def synthetic_value(spec: Indicator, rng: random.Random) -> Any:
    if spec.kind == "yes_no":
        return rng.random() < 0.8
    if spec.kind == "choice":
        assert spec.choices is not None
        return rng.choice(list(spec.choices))
    if spec.kind == "date":
        return dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    if spec.kind == "percent":
        return Decimal(rng.randrange(5000, 10001)) / Decimal(10000)
    low = int(spec.min) if spec.min is not None else 0
    high = int(spec.max) if spec.max is not None else 500
    return Decimal(rng.randint(max(low, 0), max(high, low)))


def synthetic_units(criteria: CompiledSet, count: int, seed: int) -> list[UnitData]:
    rng = random.Random(seed)
    kind = criteria.spec.unit_kinds[0]
    units = []
    for number in range(count):
        values = {name: synthetic_value(spec, rng) for name, spec in criteria.indicators.items()}
        doc = Document(f"<synthetic {number}>", None)
        units.append(UnitData(doc.path, f"u{number:05d}", f"Đơn vị {number}", kind, "2025", values, doc))
    return units


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("units", type=int, help="number of synthetic units")
    parser.add_argument("--criteria", type=Path, default=DEFAULT)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    criteria = load_criteria(args.criteria)
    loaded = time.perf_counter()
    units = synthetic_units(criteria, args.units, args.seed)
    leaves = sum(len(area.leaves()) for area in (*criteria.areas, *criteria.bonus, *criteria.penalties))
    begin = time.perf_counter()
    results = score_units(criteria, units)
    rank(criteria, results)
    elapsed = time.perf_counter() - begin
    print(f"criteria: {args.criteria} ({leaves} leaves; loaded and compiled in {loaded - started:.3f} s)")
    print(f"scored and ranked {args.units} units in {elapsed:.3f} s: "
          f"{args.units / elapsed:,.0f} units/s, {args.units * leaves / elapsed:,.0f} leaves/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
