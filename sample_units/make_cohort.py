"""Write the fictional cohort used for ranking demonstrations: sample_units/cohort/<kind>/*.yaml.

    python sample_units/make_cohort.py [OUTPUT_FOLDER]

Every unit is FICTIONAL ("Sở Mẫu 01 (hư cấu)" …). The figures come from cohort_so.py,
cohort_huyen.py and cohort_xa.py, each drawing from a random generator seeded with a fixed
string, so the output is the same on every run and every machine (tests/test_cohort.py checks
that the committed files are exactly what this script writes).
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cohort_huyen  # noqa: E402 - the generators live beside this script
import cohort_so  # noqa: E402
import cohort_xa  # noqa: E402

GENERATORS: dict[str, ModuleType] = {"so": cohort_so, "huyen": cohort_huyen, "xa": cohort_xa}
HEADER = ("# ĐƠN VỊ HƯ CẤU — số liệu mẫu để minh họa xếp hạng, không phải số liệu thật.\n"
          "# Sinh tự động bởi sample_units/make_cohort.py (seed '{seed}'); đừng sửa bằng tay.\n")


def seed_for(kind: str) -> str:
    return f"parindex-cohort-{kind}-2025"


def render(unit: dict[str, Any], seed: str) -> str:
    return HEADER.format(seed=seed) + yaml.safe_dump(unit, allow_unicode=True, sort_keys=False, width=120)


def write_cohort(folder: Path) -> list[Path]:
    written = []
    for kind, module in GENERATORS.items():
        seed = seed_for(kind)
        units = module.generate(random.Random(seed))
        target = folder / kind
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for unit in units:
            if unit["unit_kind"] != kind:
                raise ValueError(f"{unit['unit_id']}: kind {unit['unit_kind']} in the {kind} cohort")
            path = target / f"{unit['unit_id']}.yaml"
            path.write_text(render(unit, seed), encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE / "cohort"
    written = write_cohort(folder)
    print(f"wrote {len(written)} fictional units under {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
