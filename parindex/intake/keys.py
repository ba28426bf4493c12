"""Checking the keys and values of the small files set authors write beside a set: test cases
(`intake.cases`) and re-scoring mappings (`intake.mapping`). Each problem is located in its file,
in Vietnamese, with the code of the file's own family (`case.*`, `mapping.*`); a reader carries on
after a problem, so that one run lists every problem of a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import Problem, Severity
from parindex.core.numbers import NumberFormatError, parse_number
from parindex.core.text import did_you_mean, shorten

LINE_BREAKS = ("\n", "\r", "\t", "\u2028", "\u2029")  # what a one-line text refuses


@dataclass(frozen=True, slots=True)
class Codes:
    """The codes a family of files uses for its three common problems."""

    unknown: Code
    missing: Code
    wrong_type: Code
    invalid: Code


def shape(value: Any) -> str:
    """What a value is, for a message: "để trống", "một danh sách", "'abc'"."""
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai '{str(value).lower()}'"
    if isinstance(value, dict):
        return "một bảng khóa–giá trị"
    if isinstance(value, list):
        return "một danh sách"
    return f"'{shorten(value)}'"


def key_text(key: Any) -> str:
    """A mapping key as text: a node code written without quotes (`1.1:`, `2:`) reads as a number."""
    return key if isinstance(key, str) else str(key)


class Keys:
    """The values of one document, checked with their places; problems go to `problems`."""

    def __init__(self, doc: Document, problems: list[Problem], codes: Codes) -> None:
        self.doc = doc
        self.problems = problems
        self.codes = codes

    def error(self, loc: Path_, message: str, code: Code | None = None) -> None:
        self.problems.append(self.doc.problem(loc, message, code=code or self.codes.invalid))

    def warn(self, loc: Path_, message: str, code: Code) -> None:
        self.problems.append(self.doc.problem(loc, message, code=code, severity=Severity.WARNING))

    def line(self, loc: Path_) -> int | None:
        return self.doc.where(loc)[0]

    def mapping(self, loc: Path_, value: Any, known: Sequence[str], required: Sequence[str] = (),
                what: str = "mục") -> dict[str, Any] | None:
        """A table of `known` fields (None when it is not a table): each unknown field and each
        missing required one is a problem."""
        if not isinstance(value, dict):
            self.error(loc, f"{what} phải là một bảng khóa–giá trị (tên: giá trị), nhận {shape(value)}",
                       self.codes.wrong_type)
            return None
        for key in value:
            if key not in known:
                self.error((*loc, key), f"{what}: trường '{shorten(key)}' không có; các trường: {', '.join(known)}"
                           + did_you_mean(key_text(key), list(known)), self.codes.unknown)
        for key in required:
            if key not in value:
                self.error(loc, f"{what} thiếu trường bắt buộc '{key}'", self.codes.missing)
        return value

    def table(self, loc: Path_, value: Any, what: str) -> dict[str, Any]:
        """A table of any keys (a key written as a number is taken as its text); {} after a problem."""
        if not isinstance(value, dict):
            self.error(loc, f"'{what}' cần một bảng khóa–giá trị (mã: giá trị), nhận {shape(value)}",
                       self.codes.wrong_type)
            return {}
        return {key_text(key): item for key, item in value.items()}

    def listing(self, loc: Path_, value: Any, what: str) -> list[Any]:
        if not isinstance(value, list):
            self.error(loc, f"'{what}' cần một danh sách (mỗi phần tử bắt đầu bằng '- '), nhận {shape(value)}",
                       self.codes.wrong_type)
            return []
        return value

    def text(self, loc: Path_, value: Any, what: str) -> str | None:
        """A one-line text (a number written without quotes is taken as its text)."""
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.error(loc, f"'{what}' cần một chuỗi chữ, nhận {shape(value)}", self.codes.wrong_type)
            return None
        if any(mark in value for mark in LINE_BREAKS):
            self.error(loc, f"'{what}' phải viết trên một dòng, không dùng tab")
            return None
        return value.strip()

    def number(self, loc: Path_, value: Any, what: str) -> Decimal | None:
        """An exact number (0.25, "80%" as 0.8)."""
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            self.error(loc, f"'{what}' cần một số, nhận {shape(value)}", self.codes.wrong_type)
            return None
        try:
            return parse_number(value)
        except NumberFormatError as exc:
            self.error(loc, f"'{what}': {exc}")
            return None

    def whole(self, loc: Path_, value: Any, what: str, least: int = 1) -> int | None:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value != int(value) or value < least:
            self.error(loc, f"'{what}' cần một số nguyên từ {least} trở lên, nhận {shape(value)}",
                       self.codes.wrong_type)
            return None
        return int(value)

    def flag(self, loc: Path_, value: Any, what: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.error(loc, f"'{what}' cần true hoặc false, nhận {shape(value)}", self.codes.wrong_type)
        return None
