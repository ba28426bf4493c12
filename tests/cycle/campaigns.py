"""Helpers of the campaign tests: a copy of the shipped example campaign to change, and small edits
of its files."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "examples" / "chien-dich-2025"


def example_copy(tmp_path: Path) -> Path:
    """A copy of examples/chien-dich-2025 (its set included) under `tmp_path`."""
    folder = tmp_path / "chien-dich"
    shutil.copytree(EXAMPLE, folder)
    return folder


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "[error]" in line]
