"""The 2026 templates describe the local government that exists since 1 July 2025: 8 areas as the
national provincial index plus bonus and penalties, the known national maxima in the department set,
the commune set's ranking groups, system data the units cannot declare, and a `basis` on every node
that says where it comes from or that it is our rendering ("adapted")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parindex.criteria.compiler import CompiledSet
from parindex.intake.sets import load_criteria

ROOT = Path(__file__).resolve().parent.parent
AREAS = ["Công tác chỉ đạo, điều hành CCHC", "Cải cách thể chế", "Cải cách thủ tục hành chính",
         "Cải cách tổ chức bộ máy hành chính", "Cải cách chế độ công vụ", "Cải cách tài chính công",
         "chính quyền điện tử, chính quyền số", "Tác động của CCHC"]


def _set(kind: str) -> CompiledSet:
    return load_criteria(ROOT / "criteria" / "2026" / f"{kind}.yaml")


@pytest.mark.parametrize("kind", ["so", "xa"])
def test_eight_areas_as_the_national_index_with_bonus_and_penalties(kind: str) -> None:
    criteria = _set(kind)
    areas = criteria.spec.areas
    assert len(areas) == 8
    for area, words in zip(areas, AREAS, strict=True):
        assert words.lower() in area.title.lower(), area.title
    assert sum(a.max for a in areas) == criteria.spec.total_points == 100
    assert criteria.spec.bonus and criteria.spec.penalties


def test_the_department_set_follows_the_known_national_maxima() -> None:
    # provincial index 2024: TTHC 13, tổ chức bộ máy 10,5, công vụ 15, tác động 16,5; the other four
    # share 45 (9 + 10 + 10 + 16, our rendering)
    assert [a.max for a in _set("so").spec.areas] == [Decimal(x) for x in ("9", "10", "13", "10.5", "15", "10", "16",
                                                                            "16.5")]


def test_the_commune_set_ranks_phuong_apart_from_xa_and_dac_khu() -> None:
    spec = _set("xa").spec
    assert [(g.id, g.name) for g in spec.ranking_groups] == [("phuong", "Phường"), ("xa_dac_khu", "Xã và đặc khu")]
    assert spec.indicators["loai_don_vi"].choices == {"phuong": "Phường", "xa": "Xã", "dac_khu": "Đặc khu"}
    titles = " ".join(n.title for n in _nodes(spec.areas))
    for words in ("Trung tâm Phục vụ hành chính công", "đất đai", "đầu tư công", "chuyển đổi số"):
        assert words in titles, words


@pytest.mark.parametrize("kind", ["so", "xa"])
def test_system_data_and_every_node_says_where_it_comes_from(kind: str) -> None:
    spec = _set(kind).spec
    system = sorted(name for name, i in spec.indicators.items() if i.source == "system")
    assert system == ["diem_766", "hai_long_sipas", "ty_le_diem_dti"]
    kinds = {n.rule.kind for n in _nodes(spec.areas + spec.bonus + spec.penalties) if n.rule is not None}
    assert {"judged", "survey", "relative", "formula", "deduction", "per_item", "levels", "bands"} <= kinds
    for node in _nodes(spec.areas + spec.bonus + spec.penalties):
        assert node.basis, f"{kind} {node.code} has no basis"
        assert "892" not in node.basis and "876" not in node.basis, node.code


def _nodes(nodes: list) -> list:  # type: ignore[type-arg]
    return [n for node in nodes for n in (node, *_nodes(node.children or []))]
