"""Helpers for the hostile-input tests: mutate the documented examples, run the CLI, check errors.

Every test builds its files from docs/examples/all-rules.yaml and docs/examples/unit-a.yaml (copied,
never edited) or uses a small file under tests/hostile/files/. `Run` and `run` come from tests/conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import Run, run  # noqa: F401  (re-exported: the hostile tests import run from here)

ROOT = Path(__file__).resolve().parent.parent.parent
CRITERIA = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"
FILES = Path(__file__).resolve().parent / "files"

CRITERIA_TEXT = CRITERIA.read_text(encoding="utf-8")
UNIT_TEXT = UNIT_A.read_text(encoding="utf-8")


def mutate(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """Replace each `old` (which must occur exactly once) by `new`."""
    for old, new in replacements:
        assert text.count(old) == 1, f"fixture text {old!r} must occur exactly once"
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    """1-based line of the only line containing `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def assert_refused(result: Run, *words: str, file: Path | str, line: int | None = None, code: int = 1) -> None:
    """The run failed cleanly: exit code, message words, file (and line) named, no traceback,
    no internal error, nothing on stdout."""
    assert result.code == code, result.err
    assert "Traceback" not in result.err
    assert "lỗi nội bộ" not in result.err, result.err  # the CLI's last line of defence must not fire
    for word in words:
        assert word in result.err, f"{word!r} not in {result.err!r}"
    where = str(file) if line is None else f"{file}:{line}"
    assert where in result.err, f"{where!r} not in {result.err!r}"
    assert result.out == "", result.out


class Workspace:
    """Writes mutated copies of the examples into a temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def unit(self, name: str = "unit.yaml", *replacements: tuple[str, str], text: str | None = None) -> Path:
        path = self.folder / name
        path.write_text(mutate(UNIT_TEXT if text is None else text, replacements), encoding="utf-8")
        return path

    def raw(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def criteria(self, name: str = "criteria.yaml", *replacements: tuple[str, str]) -> Path:
        path = self.folder / name
        path.write_text(mutate(CRITERIA_TEXT, replacements), encoding="utf-8")
        return path

    def listing(self) -> list[str]:
        return sorted(os.listdir(self.folder))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
