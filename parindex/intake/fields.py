"""Reading the fields of small campaign files (campaign.yaml, appraisal and explanation files)
from a `Document`: each value checked for its shape, every problem located and in Vietnamese.

These files have a handful of fields each; they are checked here field by field (not through the
criteria-set models) so that each message says what the field is for and each problem carries a
`campaign.` code. A reader calls these with its list of problems and carries on after a problem,
so that one run lists every problem of a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import Problem
from parindex.core.numbers import NumberFormatError, parse_number
from parindex.core.text import did_you_mean, shorten
from parindex.intake.entries import EVIDENCE_FIELDS, Evidence
from parindex.intake.keys import LINE_BREAKS, shape


class Reader:
    """The fields of one document, read with their places; problems go to `problems`."""

    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems

    def error(self, loc: Path_, message: str, code: Code) -> None:
        self.problems.append(self.doc.problem(loc, message, code=code))

    def line(self, loc: Path_) -> int | None:
        return self.doc.where(loc)[0]

    def mapping(self, loc: Path_, value: Any, known: Sequence[str], required: Sequence[str] = (),
                what: str = "mục") -> dict[str, Any] | None:
        """A table of `known` fields (None after a problem): unknown fields and missing required ones
        are problems."""
        if not isinstance(value, dict):
            self.error(loc, f"{what} phải là một bảng khóa–giá trị (tên: giá trị), nhận {shape(value)}",
                       Code.CAMPAIGN_WRONG_TYPE)
            return None
        for key in value:
            if key not in known:
                shown = shorten(key)
                self.error((*loc, key), f"trường '{shown}' không có trong {what}; các trường: {', '.join(known)}"
                           + did_you_mean(str(key), list(known)), Code.CAMPAIGN_UNKNOWN_FIELD)
        for key in required:
            if value.get(key) is None and key not in value:
                self.error(loc, f"{what} thiếu trường bắt buộc '{key}'", Code.CAMPAIGN_MISSING_FIELD)
        return value

    def text(self, loc: Path_, value: Any, name: str, required: bool = False, one_line: bool = True) -> str | None:
        """A text field (a number written without quotes is taken as its text: `id: 2025`)."""
        if value is None:
            if required:
                self.error(loc, f"'{name}' không được để trống", Code.CAMPAIGN_MISSING_FIELD)
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(loc, f"'{name}' cần một chuỗi chữ, nhận {shape(value)}", Code.CAMPAIGN_WRONG_TYPE)
            return None
        if not value.strip():
            if required:
                self.error(loc, f"'{name}' không được để trống", Code.CAMPAIGN_MISSING_FIELD)
            return None
        if one_line and any(mark in value for mark in LINE_BREAKS):
            self.error(loc, f"'{name}' phải viết trên một dòng, không dùng tab", Code.CAMPAIGN_INVALID_VALUE)
            return None
        return value.strip()

    def date(self, loc: Path_, value: Any, name: str) -> dt.date | None:
        """A date written yyyy-mm-dd or dd/mm/yyyy (None when absent or after a problem)."""
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    return dt.datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
        self.error(loc, f"'{name}' cần một ngày dạng yyyy-mm-dd (ví dụ 2026-01-15) hoặc dd/mm/yyyy, "
                        f"nhận {shape(value)}", Code.CAMPAIGN_BAD_DATE)
        return None

    def integer(self, loc: Path_, value: Any, name: str) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        self.error(loc, f"'{name}' cần một số nguyên, nhận {shape(value)}", Code.CAMPAIGN_WRONG_TYPE)
        return None

    def boolean(self, loc: Path_, value: Any, name: str) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        self.error(loc, f"'{name}' cần true hoặc false, nhận {shape(value)}", Code.CAMPAIGN_WRONG_TYPE)
        return False

    def number(self, loc: Path_, value: Any, name: str) -> Decimal | None:
        """A number of points, exact (0.25, "0,25")."""
        if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
            self.error(loc, f"'{name}' cần một số, nhận {shape(value)}", Code.CAMPAIGN_WRONG_TYPE)
            return None
        try:
            return parse_number(value)
        except NumberFormatError as exc:
            self.error(loc, f"'{name}': {exc}", Code.CAMPAIGN_INVALID_VALUE)
            return None

    def listing(self, loc: Path_, value: Any, name: str) -> list[Any]:
        """A list (empty when absent); one table is taken as a list of one."""
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.error(loc, f"'{name}' cần một danh sách (mỗi phần tử bắt đầu bằng '- '), nhận {shape(value)}",
                   Code.CAMPAIGN_WRONG_TYPE)
        return []

    def evidence(self, loc: Path_, value: Any) -> tuple[Evidence, ...]:
        """`evidence:` — one entry or a list of entries {doc, date, file, link, note}, each with at least
        one of doc, file and link."""
        if value is None:
            return ()
        entries = value if isinstance(value, list) else [value]
        found: list[Evidence] = []
        for index, entry in enumerate(entries):
            where = (*loc, index) if isinstance(value, list) else loc
            fields = self.mapping(where, entry, EVIDENCE_FIELDS, what="tài liệu kiểm chứng")
            if fields is None:
                continue
            texts = {key: self.text((*where, key), fields.get(key), key) for key in EVIDENCE_FIELDS}
            if not (texts["doc"] or texts["file"] or texts["link"]):
                self.error(where, "tài liệu kiểm chứng cần ít nhất một trong: doc (số, ký hiệu văn bản), file "
                                  "(tên tệp), link (đường liên kết)", Code.CAMPAIGN_EVIDENCE_EMPTY)
                continue
            if texts["date"] is not None:  # shown as unit files show it: dd/mm/yyyy
                day = self.date((*where, "date"), texts["date"], "date")
                if day is None:
                    continue
                texts["date"] = day.strftime("%d/%m/%Y")
            found.append(Evidence(texts["doc"], texts["date"], texts["file"], texts["link"], texts["note"]))
        return tuple(found)
