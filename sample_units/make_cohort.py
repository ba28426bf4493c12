"""Write the fictional cohorts used for ranking demonstrations:

- sample_units/cohort/<kind>/*.yaml: the 2025 sets' cohorts (so, xa) and the 2024 district set's
  (huyen), from cohort_so.py, cohort_huyen.py and cohort_xa.py;
- sample_units/cohort-2026/<kind>/*.yaml and he-thong-<kind>.csv: a province after the 2025
  reorganisation for the 2026 sets — 14 sở, ban, ngành and 100 xã, phường, đặc khu — with the system
  data the Sở exports (766 scores, SIPAS, DTI), from cohort_so_2026.py and cohort_xa_2026.py.

    python sample_units/make_cohort.py [FOLDER_2025 [FOLDER_2026]]

Every unit is FICTIONAL ("Sở Mẫu 01 (hư cấu)", "Phường Mẫu 01 (hư cấu)" …). Each generator draws from
a random generator seeded with a fixed string, so the output is the same on every run and every
machine (tests/test_cohort.py checks that the committed files are exactly what this script writes).
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
import cohort_so_2026  # noqa: E402
import cohort_xa  # noqa: E402
import cohort_xa_2026  # noqa: E402

GENERATORS: dict[str, ModuleType] = {"so": cohort_so, "huyen": cohort_huyen, "xa": cohort_xa}
GENERATORS_2026: dict[str, ModuleType] = {"so": cohort_so_2026, "xa": cohort_xa_2026}
SYSTEM_HEADER = "unit_id,indicator,value\n"
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


def write_cohort_2026(folder: Path) -> list[Path]:
    """The 2026 cohorts: <kind>/*.yaml (the units) and he-thong-<kind>.csv (their system data)."""
    written = []
    for kind, module in GENERATORS_2026.items():
        seed = f"parindex-cohort-{kind}-2026"
        units = module.generate(random.Random(seed))
        target = folder / kind
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        rows = []
        for unit in units:
            if unit["unit_kind"] != kind:
                raise ValueError(f"{unit['unit_id']}: kind {unit['unit_kind']} in the {kind} cohort")
            system = unit.pop("system")
            rows += [f"{unit['unit_id']},{name},{value}\n" for name, value in system.items()]
            path = target / f"{unit['unit_id']}.yaml"
            path.write_text(render(unit, seed), encoding="utf-8")
            written.append(path)
        sheet = folder / f"he-thong-{kind}.csv"
        sheet.write_text(SYSTEM_HEADER + "".join(rows), encoding="utf-8", newline="\n")
        written.append(sheet)
    return written


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else HERE / "cohort"
    written = write_cohort(folder)
    print(f"wrote {len(written)} fictional units under {folder}")
    folder_2026 = Path(argv[1]) if len(argv) > 1 else HERE / "cohort-2026"
    written = write_cohort_2026(folder_2026)
    print(f"wrote {len(written)} files (fictional units and their system data) under {folder_2026}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
