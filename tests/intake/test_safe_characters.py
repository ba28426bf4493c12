"""The line reader's test of safe characters (`str.isprintable` without the line breaks) is the rule
it states: ASCII from space to '~', and beyond ASCII the categories L, M, N, P and S — checked on
every code point."""

from __future__ import annotations

import sys
import unicodedata

from parindex.intake.unit_lines import _safe_characters


def _by_the_rule(char: str) -> bool:
    if char.isascii():
        return " " <= char <= "~" or char == "\n"
    return unicodedata.category(char)[0] in "LMNPS"


def test_every_code_point() -> None:
    differ = [hex(code) for code in range(sys.maxunicode + 1)
              if not 0xD800 <= code <= 0xDFFF and _safe_characters(chr(code)) != _by_the_rule(chr(code))]
    assert differ == []


def test_a_text_is_safe_when_every_character_is() -> None:
    assert _safe_characters("a: Sở\n  b: 1\n")
    assert not _safe_characters("a: Sở\n  b:\t1\n")
    assert not _safe_characters("a: S\u00a0\n")
    assert not _safe_characters("a\r\nb")
