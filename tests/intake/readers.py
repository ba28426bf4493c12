"""What each reader of `yamlfile` makes of a text, in a form that compares exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from parindex.core.document import Document
from parindex.core.errors import InputProblems, Problem
from parindex.intake import yamlfile
from parindex.intake.yaml_events import Unsupported

DEPTH = 64
NODES = 200_000

Outcome = tuple[Any, ...] | None


def typed(value: Any) -> Any:
    """The value with the type of every part (so that 1, True, Decimal('1') and '1' differ)."""
    if isinstance(value, dict):
        return ("dict", [(key, typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, str(value))


def outcome(read: Callable[[str, str, int, int], Document | None], text: str, depth: int = DEPTH,
            nodes: int = NODES) -> Outcome:
    """('doc', …) with everything a Document holds, ('problems', […]), or None when the reader
    hands the file on (None from the line reader, Unsupported from the event builder)."""
    try:
        doc = read("f.yaml", text, depth, nodes)
    except InputProblems as exc:
        return ("problems", _problems(exc.problems))
    except Unsupported:
        return None
    if doc is None:
        return None
    return ("doc", typed(doc.data), sorted(doc.positions.items(), key=repr), sorted(doc.scalars.items(), key=repr),
            _problems(doc.problems), doc.last_line, doc.path)


def _problems(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.file, p.line, p.col, p.message, p.severity, p.code, p.field) for p in problems]


def reference(text: str, depth: int = DEPTH, nodes: int = NODES) -> Outcome:
    return outcome(yamlfile.compose_reference, text, depth, nodes)


def events(text: str, depth: int = DEPTH, nodes: int = NODES) -> Outcome:
    return outcome(yamlfile.build_from_events, text, depth, nodes)


def lines(text: str, depth: int = DEPTH, nodes: int = NODES) -> Outcome:
    return outcome(yamlfile.unit_lines.read, text, depth, nodes)


def chosen(text: str, depth: int = DEPTH, nodes: int = NODES) -> Outcome:
    return outcome(yamlfile.read_document, text, depth, nodes)


def assert_agree(text: str, depth: int = DEPTH, nodes: int = NODES) -> tuple[Outcome, Outcome, Outcome]:
    """Each fast reader either hands the text on or gives exactly the reference's outcome; so does
    the reader load_yaml uses. Returns (reference, events, lines)."""
    expected = reference(text, depth, nodes)
    by_events = events(text, depth, nodes)
    by_lines = lines(text, depth, nodes)
    if by_events is not None:
        assert by_events == expected, text
    if by_lines is not None:
        assert by_lines == expected, text
    assert chosen(text, depth, nodes) == expected, text
    return expected, by_events, by_lines
