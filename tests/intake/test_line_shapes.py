"""The line reader's one pattern for every line, by hand: the usual `  key: value` line, the same
with spaces after the value (the careful way, same place and value), blank and comment lines, and a
file with one line of no allowed shape (handed on)."""

from __future__ import annotations

from decimal import Decimal

from parindex.intake import yamlfile

from .readers import assert_agree, lines


def test_spaces_after_a_value_change_nothing_but_the_way() -> None:
    text = "a: x\nb:\n  c:   12   \n  d: 1.50\n\n  # note\n  e:  có  \n"
    doc = yamlfile.unit_lines.read("f.yaml", text, 64, 1000)
    assert doc is not None
    assert doc.data == {"a": "x", "b": {"c": 12, "d": Decimal("1.50"), "e": "có"}}
    assert doc.positions == {(): (1, 1), ("a",): (1, 1), ("b",): (2, 1), ("b", "c"): (3, 3), ("b", "d"): (4, 3),
                             ("b", "e"): (7, 3)}
    assert doc.scalars == {("a",): (1, 4, None), ("b", "c"): (3, 8, None), ("b", "d"): (4, 6, None),
                           ("b", "e"): (7, 7, None)}
    assert doc.last_line == 8
    assert_agree(text)


def test_one_line_of_no_allowed_shape_hands_the_file_on() -> None:
    too_long = "a: 1\n" + "k" * 101 + ": 1\n"
    for text in ("a: 1\n b: 2\n", "a: 1\nb\n", "a: 1\n  b: 2\n", "a:\n  b: 1\n   c: 2\n", too_long):
        assert lines(text) is None, text
        assert_agree(text)
