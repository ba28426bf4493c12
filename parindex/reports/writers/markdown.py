"""Markdown (`--format markdown`): the table layout with GitHub tables and `##` headings; every
cell escapes the backslash and the cell separator "|", so a unit's text cannot forge cells or rows."""

from __future__ import annotations

import re
from typing import Any

from parindex.core.text import printable
from parindex.reports.writers.text import TableWriter

_MARKDOWN_SPECIAL = re.compile(r"([\\|])")


def markdown_text(text: str) -> str:
    """Printable, with the backslash and the cell separator "|" escaped (a newline is already
    the two characters \\n, whose backslash is escaped in turn)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))


class MarkdownWriter(TableWriter):
    name = "markdown"
    order = 20
    style = "github"
    heading = "## "

    def cell(self, value: Any) -> str:
        return markdown_text("" if value is None else str(value))


WRITER = MarkdownWriter()
