"""The fictional cohort: committed files are exactly what the generator writes, and ranking it
gives one table per unit kind with ratings and at least one tie."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from conftest import run, sample_script

ROOT = Path(__file__).parent.parent
COHORT = ROOT / "sample_units" / "cohort"
SETS = {"so": "so.yaml", "huyen": "huyen.yaml", "xa": "xa.yaml"}
MINIMUM = {"so": 20, "huyen": 10, "xa": 30}


def test_committed_cohort_is_what_the_script_writes(tmp_path: Path) -> None:
    sample_script("make_cohort").write_cohort(tmp_path)
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml"))
    committed = sorted(p.relative_to(COHORT) for p in COHORT.rglob("*.yaml"))
    assert generated == committed
    for relative in generated:
        assert (tmp_path / relative).read_bytes() == (COHORT / relative).read_bytes(), relative


@pytest.mark.parametrize("kind", list(SETS))
def test_cohort_ranks_with_ratings_and_a_tie(kind: str) -> None:
    code, out, err = run("rank", "--criteria", ROOT / "criteria" / "2025" / SETS[kind], COHORT / kind,
                         "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [g["kind"] for g in data["groups"]] == [kind]
    units = data["groups"][0]["units"]
    assert len(units) >= MINIMUM[kind]
    assert all("(hư cấu)" in u["name"] for u in units)
    assert all(u["rating"] for u in units)
    ranks = [u["rank"] for u in units]
    assert len(set(ranks)) < len(ranks), "expected at least one tie"
    # a tie shares the rank and the next rank skips ("1, 2, 2, 4")
    for before, after in itertools.pairwise(units):
        if after["rank"] == before["rank"]:
            assert after["index"] == before["index"] and after["unit_id"] > before["unit_id"]
    assert len({u["rating"] for u in units}) >= 2
    assert any(n["status"] == "not_applicable" for u in units for a in u["areas"] for n in _walk(a))


def _walk(node: dict) -> list[dict]:  # type: ignore[type-arg]
    return [node, *(n for c in node.get("children", []) for n in _walk(c))]
