"""What a YAML value becomes in a `Document`, whichever reader met it: exact numbers, strings in NFC,
refused characters, allowed tags, and the messages for a refused key, value or tag.

The three readers of `yamlfile` (the reference composer, the event builder, the line reader of unit
files) all turn scalars into values here, so that they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from parindex.core.codes import Code
from parindex.core.text import BIDI_CONTROLS, is_unsafe, shorten

STD = "tag:yaml.org,2002:"
STR_TAG = STD + "str"
MAP_TAG = STD + "map"
SEQ_TAG = STD + "seq"
MERGE_TAG = STD + "merge"
ALLOWED_TAGS = frozenset(STD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp"))

_DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
_TRUE_FALSE = {"true": True, "false": False}
_LINE_BREAKS = frozenset("\t\n\r")
_REMEMBERED = 4096
# The characters `core.text.is_unsafe` refuses (categories Cc and Cs, and the bidi controls), to
# pass the usual clean text without looking at each character.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

MERGE_KEY = "khóa gộp '<<' không được hỗ trợ; hãy viết đầy đủ các khóa"
NOT_A_SIMPLE_KEY = "tên khóa phải là một chuỗi đơn giản"
EMPTY_FILE = "tệp rỗng, không có nội dung"

Resolve = Callable[[str], str]


def plain_resolver(table: Mapping[str | None, Sequence[tuple[str, re.Pattern[str]]]]) -> Resolve:
    """The tag YAML 1.1 gives a plain (unquoted) scalar, from pyyaml's implicit resolver table
    (first character → [(tag, pattern)], None → patterns tried for every value): the same rules, in
    the same order, as pyyaml's `Resolver.resolve`."""
    wildcard = list(table.get(None, ()))
    by_first = {first: [*rules, *wildcard] for first, rules in table.items() if first is not None}
    known: dict[str, str] = {}  # keys and values repeat from file to file

    def resolve(value: str) -> str:
        tag = known.get(value)
        if tag is None:
            tag = STR_TAG
            for rule, pattern in by_first.get(value[0] if value else "", wildcard):
                if pattern.match(value):
                    tag = rule
                    break
            if len(known) >= _REMEMBERED:
                known.clear()
            known[value] = tag
        return tag

    return resolve


def scalar_value(text: str, tag: str, style: str | None) -> Any:
    """The value of a scalar from its text, its resolved tag and its style (None plain, "'" or '"'
    quoted, "|" or ">" block): numbers as `int` or exact `Decimal`, only true/false as booleans,
    null as None, everything else (dates, yes/no, numbers too large) as the text."""
    if style is not None and style in "'\"|>":
        return text  # quoted or block scalars are always strings
    if tag == STD + "null":
        return None
    if tag == STD + "bool":
        return _TRUE_FALSE.get(text.lower(), text)
    if tag == STD + "int":
        if _DECIMAL_INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts; left as text, refused as too large
                return text
        return text
    if tag == STD + "float":
        try:
            cleaned = text.replace("_", "")
            lowered = cleaned.lower()
            if lowered in (".inf", "+.inf", "-.inf", ".nan"):
                return Decimal(lowered.replace(".", ""))
            return Decimal(cleaned)
        except InvalidOperation:
            return text
    return text


def refused_characters(text: str, *, breaks_allowed: bool) -> list[str]:
    """The refused characters of a text as 'U+XXXX (kind)'; tab, newline and CR are refused only
    when `breaks_allowed` is False."""
    if UNSAFE.search(text) is None:
        return []
    found = []
    for char in dict.fromkeys(text):
        if is_unsafe(char) and not (breaks_allowed and char in _LINE_BREAKS):
            found.append(f"U+{ord(char):04X} ({_character_kind(char)})")
    return found


def replaced(text: str, *, breaks_allowed: bool) -> str:
    """The text with each refused character replaced by U+FFFD, so that nothing later can act on it."""
    return "".join(
        "\ufffd" if is_unsafe(c) and not (breaks_allowed and c in _LINE_BREAKS) else c for c in text
    )


def _character_kind(char: str) -> str:
    if char in BIDI_CONTROLS:
        return "ký tự đổi chiều văn bản"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return "nửa cặp thay thế UTF-16 lẻ"
    if char == "\x1b":
        return "mã điều khiển màn hình ESC"
    if char in _LINE_BREAKS:
        return "xuống dòng" if char != "\t" else "tab"
    return "ký tự điều khiển"


def refused_value(bad: list[str]) -> str:
    return (f"giá trị có ký tự không được phép: {', '.join(bad)}; hãy xóa "
            "(thường do sao chép từ trang web, tệp PDF hoặc chuỗi thoát '\\' trong dấu nháy kép)")


def refused_key(bad: list[str]) -> str:
    return f"tên khóa có ký tự không được phép: {', '.join(bad)}; hãy xóa"


def refused_tag(tag: str) -> str:
    """The message for a value whose tag is not allowed (a merge key '<<' has its own)."""
    if tag == MERGE_TAG:
        return MERGE_KEY
    shown = "!!" + tag.removeprefix(STD) if tag.startswith(STD) else tag
    return f"thẻ YAML '{shorten(shown)}' không được phép; hãy bỏ thẻ '!…'"


def tag_code(tag: str) -> Code:
    """The code of a value refused for its tag (`refused_tag`'s message)."""
    return Code.YAML_MERGE_KEY if tag == MERGE_TAG else Code.YAML_TAG


def duplicate_key(key: str, first_line: int) -> str:
    return f"khóa '{shorten(key)}' bị lặp (đã có ở dòng {first_line}); hãy xóa hoặc đổi tên một trong hai"


def too_deep(max_depth: int) -> str:
    return f"lồng nhau quá sâu (tối đa {max_depth} cấp)"


def too_many(max_nodes: int) -> str:
    return (f"tệp có quá nhiều giá trị (tối đa {max_nodes:,}; có thể do bí danh '*' lặp lại); "
            "hãy chia nhỏ tệp hoặc viết tệp không dùng bí danh")
