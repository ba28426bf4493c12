"""The fast way through a unit file: most are flat lines of `key: value`, with the indicators as
`  key: value` under one key, and can be read line by line into the same `Document` the YAML reader
would build.

It is deliberately narrow: a file it is not sure about (flow collections, block scalars, anchors,
tags, tabs, CR, quotes with escapes, a `:` or ` #` it cannot place, duplicate keys, any character
outside letters, marks, digits, punctuation and symbols…) gets None back and goes to the full reader.
"""

from __future__ import annotations

import re
from typing import Any

from parindex.core.document import Document, Path_
from parindex.core.text import nfc
from parindex.intake.yaml_values import ALLOWED_TAGS, Resolve, refused_characters, scalar_value

_BLANK_OR_COMMENT = re.compile(r" *(?:#.*)?")
_AFTER_QUOTE = re.compile(r"(?: +#.*| *)")
# A plain scalar cannot start with these (pyyaml's check_plain); '-' is allowed before a digit or '.'.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BLOCK = (0, None, None)  # a top-level key whose value is the indented block below it
_UNSURE = object()
_MISSING = object()
_BLANK_LINE = object()
# Every line of a unit file: an optional two-space indentation, a key, ':' and either the usual
# plain value without ':' or '#' (with the spaces before it, none after it), or what follows the
# ':' (anything else, for the careful way); or a blank or comment line (no key). A line that does
# not match hands the file on.
_LINE = re.compile(
    r"(?:( {2})?([A-Za-z_][A-Za-z0-9_]{0,99}):(?:( +[^\s'\"#&*!|>%@`?:,\[\]{}\-][^#:\n]*)(?<! )|(.*))"
    r"| *(?:#.*)?)",
)


class UnitLineReader:
    """Reads flat unit files; remembers what each line and each plain value it met gave (a cohort
    repeats `  bao_cao_dung_han: true`, `0` and `100.0` thousands of times)."""

    def __init__(self, resolve: Resolve, remembered: int = 4096) -> None:
        self.resolve = resolve
        self.remembered = remembered
        self.plain_values: dict[str, Any] = {}
        # a usual line's value with its spaces (' 100.0') → the column of the value less the key's
        # length, in the block; and the value (none that is _UNSURE)
        self.spaced_values: dict[str, tuple[int, Any]] = {}
        # a whole line → what it holds (see `line`), without its number: the same line gives the
        # same key, value and columns wherever it is
        self.lines: dict[str, Any] = {}

    def read(self, shown: str, text: str, max_depth: int, max_nodes: int) -> Document | None:
        """The document of a flat unit file, or None when the file needs the full reader (or when
        it passes a limit: the full reader says so)."""
        if max_depth < 3:
            return None
        numbered: list[tuple[int, tuple[bool, str, Any]]] = []
        data = self.fill(text.split("\n"), numbered)
        if data is None or len(numbered) + 1 > max_nodes:  # a value for the root and each key
            return None
        return LineDocument(shown, data, numbered, text.count("\n") + 1)

    def fill(self, lines: list[str], numbered: list[tuple[int, tuple[bool, str, Any]]]) -> dict[str, Any] | None:
        """The data of the lines, each key's line and what it held appended to `numbered`; None
        when unsure."""
        data: dict[str, Any] = {}
        block: dict[str, Any] | None = None  # the nested mapping being filled
        # (an empty `block` is a top-level key with an empty value that has not yet got its first entry)
        known = self.lines
        for number, text in enumerate(lines, 1):
            held = known.get(text)
            if held is None:
                held = self.line(text)
                if len(known) >= self.remembered:
                    known.clear()
                known[text] = held
            if held is _BLANK_LINE:
                continue
            if held is _UNSURE:
                return None
            indented, key, value = held
            if indented:
                if block is None or value is _BLOCK or key in block:
                    return None
                block[key] = value[2]
            else:
                if (block is not None and not block) or key in data:
                    return None
                if value is _BLOCK:
                    block = data[key] = {}
                else:
                    block = None
                    data[key] = value[2]
            numbered.append((number, held))
        return data if data and (block is None or block) else None

    def line(self, text: str) -> Any:
        """What one line holds: _BLANK_LINE (blank or comment), _UNSURE, or (indented, key, value)
        with value _BLOCK or (column, style, value)."""
        if not _safe_characters(text):
            return _UNSURE
        found = _LINE.fullmatch(text)
        if found is None:
            return _UNSURE
        indent, key, spaced, rest = found.groups()
        if not key:
            return _BLANK_LINE
        end = len(indent or "") + len(key)
        value = self.spaced(spaced, end, bool(indent)) if spaced else self.value(rest or "", end + 1)
        if value is None:
            return _UNSURE
        return (bool(indent), key, value)

    def spaced(self, spaced: str, offset: int, indented: bool) -> tuple[int, str | None, Any] | None:
        """A plain value after its spaces: its column (1-based; `offset` is the key's end), style
        and value; None when unsure. Remembered for the usual lines (indented)."""
        plain = spaced.lstrip(" ")
        found = self.plain(plain)
        if found is _UNSURE:
            return None
        spaces = len(spaced) - len(plain)
        if indented:
            if len(self.spaced_values) >= self.remembered:
                self.spaced_values.clear()
            self.spaced_values[spaced] = (spaces + 4, found)
        return (offset + spaces + 2, None, found)

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


class LineDocument(Document):
    """The document of a flat unit file, whose places are worked out from its lines only when first
    asked for: most units are scored without a problem and explained without a file position."""

    def __init__(self, path: str, data: Any, numbered: list[tuple[int, tuple[bool, str, Any]]],
                 last_line: int) -> None:
        self.path = path
        self.data = data
        self.last_line = last_line
        self.problems = []
        self.cells = {}
        self.part = None
        self._numbered = numbered
        self._places: tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int, str | None]]] | None = None

    def _worked_out(self) -> tuple[dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int, str | None]]]:
        if self._places is None:
            positions: dict[Path_, tuple[int, int]] = {}
            scalars: dict[Path_, tuple[int, int, str | None]] = {}
            block_key = ""
            for number, (indented, key, value) in self._numbered:
                if not positions:
                    positions[()] = (number, 1)
                loc: Path_ = (block_key, key) if indented else (key,)
                positions[loc] = (number, 3 if indented else 1)
                if value is _BLOCK:
                    block_key = key
                else:
                    scalars[loc] = (number, value[0], value[1])
            self._places = (positions, scalars)
        return self._places

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        return self._worked_out()[0]

    @positions.setter
    def positions(self, value: dict[Path_, tuple[int, int]]) -> None:
        self._places = (value, self.scalars)

    @property
    def scalars(self) -> dict[Path_, tuple[int, int, str | None]]:
        return self._worked_out()[1]

    @scalars.setter
    def scalars(self, value: dict[Path_, tuple[int, int, str | None]]) -> None:
        self._places = (self.positions, value)


def _safe_characters(text: str) -> bool:
    """No tab, CR, control, format, separator (other than the space) or unassigned character:
    Python's printable characters are exactly those of the categories L, M, N, P and S, and the
    space (`str.isprintable`)."""
    return text.replace("\n", "").isprintable()


def _text(value: Any) -> Any:
    """Strings in NFC, as the full reader gives them (a refused character cannot reach here)."""
    if isinstance(value, str):
        value = nfc(value)
        if refused_characters(value, breaks_allowed=True):
            return _UNSURE
    return value
