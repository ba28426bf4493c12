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
    year = "2024" if kind == "huyen" else "2025"  # districts ended on 01/07/2025: their set is for 2024
    code, out, err = run("rank", "--criteria", ROOT / "criteria" / year / SETS[kind], COHORT / kind,
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


# -- the 2026 cohorts: a province after the 2025 reorganisation -----------------------------------

COHORT_2026 = ROOT / "sample_units" / "cohort-2026"


def test_committed_2026_cohort_is_what_the_script_writes(tmp_path: Path) -> None:
    sample_script("make_cohort").write_cohort_2026(tmp_path)
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(COHORT_2026) for p in COHORT_2026.rglob("*") if p.is_file())
    assert generated == committed
    assert {p.suffix for p in generated} == {".yaml", ".csv"}  # the units and their system data
    for relative in generated:
        assert (tmp_path / relative).read_bytes() == (COHORT_2026 / relative).read_bytes(), relative


def _rank_2026(kind: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run("rank", "--criteria", ROOT / "criteria" / "2026" / f"{kind}.yaml", COHORT_2026 / kind,
                         "--system-data", COHORT_2026 / f"he-thong-{kind}.csv", "--format", "json")
    assert code == 0, err
    assert err == ""  # no warning: every figure adds up, the system data is given
    return json.loads(out)["groups"]  # type: ignore[no-any-return]


def _shows_a_tie_a_cap_and_not_applicable(units: list[dict]) -> None:  # type: ignore[type-arg]
    assert all("(hư cấu)" in u["name"] for u in units)
    ranks = [u["rank"] for u in units]
    assert len(set(ranks)) < len(ranks), "expected a tie"
    assert any(u.get("rating_capped_from") == "Xuất sắc" for u in units)
    assert any(n["status"] == "not_applicable" for u in units for a in u["areas"] for n in _walk(a))
    assert len({u["rating"] for u in units}) >= 3


def test_2026_departments_are_at_most_14_as_after_decree_150() -> None:
    [group] = _rank_2026("so")
    units = group["units"]
    assert 12 <= len(units) <= 14
    _shows_a_tie_a_cap_and_not_applicable(units)
    # the capped unit: an index of at least 90% rated "Tốt", with the reason
    capped = next(u for u in units if u.get("rating_capped_from"))
    assert capped["unit_id"] == "vp-ubnd" and capped["rating"] == "Tốt"
    assert "kỷ luật" in capped["rating_cap_reason"]


def test_2026_communes_rank_phuong_apart_from_xa_and_dac_khu() -> None:
    groups = _rank_2026("xa")
    assert [g["group"] for g in groups] == ["phuong", "xa_dac_khu"]
    phuong, rest = (g["units"] for g in groups)
    assert 90 <= len(phuong) + len(rest) <= 110
    assert all(u["unit_id"].startswith("phuong-") for u in phuong)
    assert {u["unit_id"].split("-mau-")[0] for u in rest} == {"xa", "dac-khu"}
    for units in (phuong, rest):
        _shows_a_tie_a_cap_and_not_applicable(units)
