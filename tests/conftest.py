"""Helpers shared by the tests: run the command line in-process, write unit files, load the sample scripts.

Test modules import them by name (`from conftest import run, write_unit`): pytest puts tests/ on
the import path when it loads this file, and tests/hostile/conftest.py re-exports them.
"""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import yaml

from parindex.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_UNITS = ROOT / "sample_units"


class Run(NamedTuple):
    """One command-line run: exit code, stdout and stderr (unpacks as `code, out, err`)."""

    code: int
    out: str
    err: str


def run(*argv: str | Path) -> Run:
    """`parindex ARGV…` in this process, with the output captured."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return Run(code, out.getvalue(), err.getvalue())


def write_yaml(path: Path, data: Mapping[str, object]) -> Path:
    """`data` as a YAML file, keys in their given order."""
    path.write_text(yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_unit(folder: Path, unit_id: str, indicators: Mapping[str, object], kind: str = "so", *,
               name: str | None = None, period: str = "2025") -> Path:
    """A unit file `folder/UNIT_ID.yaml`, keys sorted (so: indicators, period, unit_id, unit_kind, unit_name)."""
    path = folder / f"{unit_id}.yaml"
    data = {"unit_id": unit_id, "unit_name": f"Đơn vị {unit_id}" if name is None else name, "unit_kind": kind,
            "period": period, "indicators": dict(indicators)}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def sample_script(name: str) -> ModuleType:
    """A fresh copy of sample_units/NAME.py (e.g. 'cohort_so', 'make_cohort'); its neighbours (cohort_draw …)
    are importable while it loads, and the import path is restored afterwards."""
    spec = importlib.util.spec_from_file_location(name, SAMPLE_UNITS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = list(sys.path)
    sys.path.insert(0, str(SAMPLE_UNITS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = saved
    return module
