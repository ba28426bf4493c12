"""The fast way through a unit file: most are flat lines of `key: value`, with the indicators as
`  key: value` under one key, and can be read line by line into the same `Document` the YAML reader
would build.

It is deliberately narrow: a file it is not sure about (flow collections, block scalars, anchors,
tags, tabs, CR, quotes with escapes, a `:` or ` #` it cannot place, duplicate keys, any character
outside letters, marks, digits, punctuation and symbols…) gets None back and goes to the full reader.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from parindex.core.document import Document, Path_
from parindex.core.text import nfc
from parindex.intake.yaml_values import ALLOWED_TAGS, Resolve, refused_characters, scalar_value

# One line of a unit file: an optional two-space indentation, a key, ':' and what follows.
_ENTRY = re.compile(r"( {2})?([A-Za-z_][A-Za-z0-9_]{0,99}):(.*)")
_BLANK_OR_COMMENT = re.compile(r" *(?:#.*)?")
_AFTER_QUOTE = re.compile(r"(?: +#.*| *)")
_NOT_PLAIN_ASCII = re.compile(r"[^\x20-\x7e\n]")
# A plain scalar cannot start with these (pyyaml's check_plain); '-' is allowed before a digit or '.'.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SAFE_CATEGORIES = frozenset("LMNPS")
_BLOCK = (0, None, None)  # a top-level key whose value is the indented block below it
_UNSURE = object()
_MISSING = object()
# The usual line, a plain value without ':' or '#' (anything else takes the careful way).
_SIMPLE = re.compile(r"( {2})?([A-Za-z_][A-Za-z0-9_]{0,99}): +([^\s'\"#&*!|>%@`?:,\[\]{}\-][^#:]*?) *")


class UnitLineReader:
    """Reads flat unit files; remembers what each plain value it met resolved to (a cohort repeats
    `true`, `0` and `100.0` thousands of times)."""

    def __init__(self, resolve: Resolve, remembered: int = 4096) -> None:
        self.resolve = resolve
        self.remembered = remembered
        self.plain_values: dict[str, Any] = {}

    def read(self, shown: str, text: str, max_depth: int, max_nodes: int) -> Document | None:
        """The document of a flat unit file, or None when the file needs the full reader (or when
        it passes a limit: the full reader says so)."""
        if max_depth < 3 or not _safe_characters(text):
            return None
        lines = text.split("\n")
        data: dict[str, Any] = {}
        positions: dict[Path_, tuple[int, int]] = {}
        scalars: dict[Path_, tuple[int, int, str | None]] = {}
        block: dict[str, Any] | None = None  # the nested mapping being filled
        block_key = ""
        waiting = False  # a top-level key with an empty value has not yet got its first nested entry
        for number, line in enumerate(lines, start=1):
            simple = _SIMPLE.fullmatch(line)
            if simple is not None:
                indent, key, plain = simple.groups()
                found = self.plain(plain)
                if found is _UNSURE:
                    return None
                value: tuple[int, str | None, Any] | None = (simple.start(3) + 1, None, found)
            else:
                entry = _ENTRY.fullmatch(line)
                if entry is None:
                    if _BLANK_OR_COMMENT.fullmatch(line):
                        continue
                    return None
                indent, key, rest = entry.groups()
                value = self.value(rest, len(line) - len(rest))
            if value is None:
                return None
            if indent:
                if block is None or value is _BLOCK or key in block:
                    return None
                loc: Path_ = (block_key, key)
                target = block
                waiting = False
                positions[loc] = (number, 3)
            else:
                if waiting or key in data:
                    return None
                block = None
                loc = (key,)
                target = data
                if not positions:
                    positions[()] = (number, 1)
                positions[loc] = (number, 1)
            if value is _BLOCK:
                block = target[key] = {}
                block_key = key
                waiting = True
                continue
            column, style, result = value
            scalars[loc] = (number, column, style)
            target[key] = result
        if waiting or not data or len(positions) > max_nodes:  # a value for the root and each key
            return None
        return Document(shown, data, positions, scalars, last_line=len(lines))

    def plain(self, text: str) -> Any:
        """The value of a plain scalar, or _UNSURE."""
        found = self.plain_values.get(text, _MISSING)
        if found is _MISSING:
            tag = self.resolve(text)
            # '=' and '<<' resolve to tags the full reader refuses
            found = _text(scalar_value(text, tag, None)) if tag in ALLOWED_TAGS else _UNSURE
            if len(self.plain_values) >= self.remembered:
                self.plain_values.clear()
            self.plain_values[text] = found
        return found

    def value(self, rest: str, offset: int) -> tuple[int, str | None, Any] | None:
        """After `key:`: the value's column (1-based), style and value; _BLOCK for nothing (or a
        comment only); None when unsure. `offset` is the 0-based column where `rest` starts."""
        if _BLANK_OR_COMMENT.fullmatch(rest) and not rest.startswith("#"):
            return _BLOCK
        if not rest.startswith(" "):
            return None
        body = rest.lstrip(" ")
        column = offset + len(rest) - len(body) + 1
        first = body[0]
        if first in "'\"":
            close = body.find(first, 1)
            if close < 0 or not _AFTER_QUOTE.fullmatch(body, close + 1):
                return None
            content = body[1:close]
            if first == '"' and "\\" in content:
                return None
            result = _text(content)
            return None if result is _UNSURE else (column, first, result)
        if first in _INDICATORS and not (first == "-" and body[1:2] in tuple("0123456789.")):
            return None
        comment = body.find(" #")
        plain = (body if comment < 0 else body[:comment]).rstrip(" ")
        if ": " in plain or plain.endswith(":"):
            return None
        result = self.plain(plain)
        return None if result is _UNSURE else (column, None, result)


def _safe_characters(text: str) -> bool:
    """No tab, CR, control, format, separator (other than the space) or unassigned character."""
    for char in set(_NOT_PLAIN_ASCII.findall(text)):
        if char.isascii() or unicodedata.category(char)[0] not in _SAFE_CATEGORIES:
            return False
    return True


def _text(value: Any) -> Any:
    """Strings in NFC, as the full reader gives them (a refused character cannot reach here)."""
    if isinstance(value, str):
        value = nfc(value)
        if refused_characters(value, breaks_allowed=True):
            return _UNSURE
    return value
