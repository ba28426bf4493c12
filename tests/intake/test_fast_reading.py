"""The fast readers by hand: what the line reader makes of a unit file, worked out from the text;
deep nesting stopped at the first level too deep without libyaml reading further; the budget of
values counted as the events arrive."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

import parindex.intake.yamlfile
from parindex.core.errors import InputProblems
from parindex.core.text import is_unsafe
from parindex.intake.yaml_values import UNSAFE
from parindex.intake.yamlfile import load_yaml

from .readers import assert_agree, events, lines

UNIT = (
    "# chú thích đầu tệp\n"           # 1
    "unit_id: so-a\n"                  # 2
    "unit_name: 'Sở A (hư cấu)'\n"     # 3
    "period: Năm 2025   # kỳ\n"        # 4
    "\n"                               # 5
    "indicators:\n"                    # 6
    "  co_ke_hoach: true\n"            # 7
    "  ty_le:   80.50\n"               # 8
    "  so_luong: -3 # âm\n"            # 9
    "  muc: \"kip_thoi\"\n"            # 10
    "  ngay: 2025-01-31\n"             # 11
    "  trong: ~\n"                     # 12
)


def test_a_unit_file_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_text(UNIT, encoding="utf-8")
    doc = load_yaml(path)
    assert doc.data == {
        "unit_id": "so-a", "unit_name": "Sở A (hư cấu)", "period": "Năm 2025",
        "indicators": {"co_ke_hoach": True, "ty_le": Decimal("80.50"), "so_luong": -3, "muc": "kip_thoi",
                       "ngay": "2025-01-31", "trong": None},
    }
    assert type(doc.data["indicators"]["so_luong"]) is int
    assert doc.positions == {
        (): (2, 1), ("unit_id",): (2, 1), ("unit_name",): (3, 1), ("period",): (4, 1), ("indicators",): (6, 1),
        ("indicators", "co_ke_hoach"): (7, 3), ("indicators", "ty_le"): (8, 3), ("indicators", "so_luong"): (9, 3),
        ("indicators", "muc"): (10, 3), ("indicators", "ngay"): (11, 3), ("indicators", "trong"): (12, 3),
    }
    assert doc.scalars == {
        ("unit_id",): (2, 10, None), ("unit_name",): (3, 12, "'"), ("period",): (4, 9, None),
        ("indicators", "co_ke_hoach"): (7, 16, None), ("indicators", "ty_le"): (8, 12, None),
        ("indicators", "so_luong"): (9, 13, None), ("indicators", "muc"): (10, 8, '"'),
        ("indicators", "ngay"): (11, 9, None), ("indicators", "trong"): (12, 10, None),
    }
    assert doc.last_line == 13 and doc.problems == []
    assert lines(UNIT) is not None  # it was the line reader's
    assert_agree(UNIT)


@pytest.mark.parametrize("changed", [
    UNIT.replace("  muc:", "  ty_le:"),              # a duplicate key: the full reader lists it
    UNIT.replace("so-a", "so-a\tb"),                  # a tab
    UNIT.replace("\n", "\r\n"),                       # CR
    UNIT.replace("'Sở A (hư cấu)'", "'Sở A ''B'''"),  # an escaped quote
    UNIT.replace("  ngay:", "    ngay:"),             # other indentation
    UNIT.replace("period: Năm 2025", "period: Năm: 2025"),
    UNIT.replace("so-a", "&a so-a"),
    UNIT.replace("so-a", "[so-a]"),
    UNIT.replace("so-a", "so\u202ea"),                # a bidi control
    UNIT.replace("so-a", "so\u00a0a"),                # a no-break space
    UNIT + "---\n",
])
def test_anything_unusual_goes_to_the_full_reader(changed: str) -> None:
    assert lines(changed) is None
    assert_agree(changed)


@pytest.mark.parametrize("size", [100_000, 1_900_000])
@pytest.mark.parametrize("closed", [False, True])
def test_deep_brackets_stop_at_the_first_level_too_deep(tmp_path: Path, size: int, closed: bool) -> None:
    # 100 KB and 1,9 MB of '[' (within the 2 MB limit): '[' number 65, at column 65 of line 1, opens
    # the 65th nested list, one more than MAX_DEPTH = 64
    path = tmp_path / "deep.yaml"
    half = size // 2 if closed else size
    path.write_text("[" * half + "]" * (size - half if closed else 0), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(InputProblems) as caught:
        load_yaml(path)
    assert time.monotonic() - started < 2
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (1, 65)
    assert problem.message == "lồng nhau quá sâu (tối đa 64 cấp)"


def test_depth_limit_is_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parindex.intake.yamlfile, "MAX_DEPTH", 3)
    path = tmp_path / "d.yaml"
    path.write_text("a:\n  b:\n    c: 1\n", encoding="utf-8")  # c's value is at depth 4
    with pytest.raises(InputProblems) as caught:
        load_yaml(path)
    assert str(caught.value).startswith(f"{path}:3:5: [error] lồng nhau quá sâu (tối đa 3 cấp)")


def test_a_value_too_many_is_refused_where_it_starts() -> None:
    # root (1) + 'a' (1) + 'b' list (1) + three items = 6 values; the sixth, item '3', is on line 5
    text = "a: x\nb:\n  - 1\n  - 2\n  - 3\n"
    assert events(text, nodes=6) is not None and events(text, nodes=6)[0] == "doc"  # type: ignore[index]
    refused = events(text, nodes=5)
    assert refused is not None and refused[0] == "problems"
    assert refused[1][0][1:3] == (5, 5)
    assert_agree(text, nodes=5)


def test_the_quick_look_for_refused_characters_misses_none() -> None:
    every = "".join(chr(code) for code in range(0x110000))
    assert {c for c in every if UNSAFE.match(c)} == {c for c in every if is_unsafe(c)}
