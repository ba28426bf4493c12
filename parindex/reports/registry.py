"""The writers, by format name: every module of parindex/reports/writers/ that defines WRITER.
A new format (XLSX, DOCX, HTML) is one new module there; nothing else changes."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from typing import Protocol

from parindex.reports import writers
from parindex.reports.model import Report


class Writer(Protocol):
    name: str  # the --format value
    order: int  # place among the formats offered
    binary: bool  # writes bytes (a spreadsheet, a document), not text

    def write(self, report: Report) -> str | bytes: ...


@cache
def registry() -> dict[str, Writer]:
    found: list[Writer] = []
    for module in pkgutil.iter_modules(writers.__path__):
        writer = getattr(importlib.import_module(f"{writers.__name__}.{module.name}"), "WRITER", None)
        if writer is not None:
            found.append(writer)
    return {w.name: w for w in sorted(found, key=lambda w: (w.order, w.name))}


def formats() -> tuple[str, ...]:
    """The format names, in the order they are offered (table, markdown, csv, json, …)."""
    return tuple(registry())


def writer(name: str) -> Writer:
    return registry()[name]


def write(report: Report, fmt: str) -> str | bytes:
    return writer(fmt).write(report)
