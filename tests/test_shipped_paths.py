"""Shipped files cite their sources by document name or by a path relative to the repository
(`../shared/seeds/…`), never by an absolute path of one machine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("criteria", "sample_units", "docs", "examples")
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|home|tmp)/")


def _text_files() -> list[Path]:
    files = [ROOT / "README.md"]
    for folder in SHIPPED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append(path)
    return files


def _absolute_paths(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # images, workbooks: no text to cite from
        return []
    return [f"{path.relative_to(ROOT)}:{number}: {line.strip()}" for number, line in enumerate(text.splitlines(), 1)
            if MACHINE_PATH.search(line)]


def test_no_shipped_file_names_a_path_of_one_machine() -> None:
    found = [hit for path in _text_files() for hit in _absolute_paths(path)]
    assert found == [], "write a path relative to the repository (../shared/…) instead:\n" + "\n".join(found)


@pytest.mark.parametrize(("line", "flagged"), [
    ("# Nguồn: /work/shared/seeds/003_d021599fae0810fe.txt", True),
    ("see /home/an/par/criteria.yaml", True),
    ("xem /tmp/ket-qua.csv", True),
    ("# Nguồn: ../shared/seeds/003_d021599fae0810fe.txt (dòng 42)", False),
    ("https://example.gov.vn/tmp/page.html", False),
    ("docs/campaign.md, sample_units/cohort-2026/so/", False),
])
def test_the_check_finds_machine_paths_and_only_them(tmp_path: Path, line: str, flagged: bool) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(f"id: x\n{line}\n", encoding="utf-8")
    hits = [hit for hit in (MACHINE_PATH.search(text) for text in path.read_text(encoding="utf-8").splitlines()) if hit]
    assert bool(hits) is flagged


def _shipped_sets() -> list[Path]:
    """Every criteria set under criteria/ (a re-scoring mapping file beside them is not a set)."""
    return [p for p in sorted((ROOT / "criteria").rglob("*.yaml")) if "\nareas:" in p.read_text(encoding="utf-8")]


def test_every_shipped_set_checks_without_a_problem() -> None:
    sets = _shipped_sets()
    relative = [p.relative_to(ROOT).as_posix() for p in sets]
    assert {"criteria/2024/huyen.yaml", "criteria/2026/so.yaml", "criteria/2026/xa.yaml"} <= set(relative)
    assert "criteria/2025/huyen.yaml" not in relative  # districts ended on 1 July 2025: a 2024 set
    code, out, err = run("check", *sets)
    assert code == 0, err
    assert err == ""
    assert out.count("hợp lệ") == len(sets) and out.count("; 0 cảnh báo") == len(sets)


def test_the_2026_sets_cite_1187_and_leave_a_line_for_the_province() -> None:
    for kind in ("so", "xa"):
        text = (ROOT / "criteria" / "2026" / f"{kind}.yaml").read_text(encoding="utf-8")
        basis = text[text.index("legal_basis:"):text.index("total_points:")]
        assert "number: 1187/QĐ-BNV" in basis and "date: 15/10/2025" in basis
        assert 'number: "[số]/QĐ-UBND"' in basis and "[TỈNH ĐIỀN]" in basis
        assert "876/QĐ-BNV" not in basis and "892/QĐ-BNV" not in basis
