"""A `Document` built straight from YAML parse events (libyaml's, through pyyaml), without composing
a node tree: an explicit stack instead of recursion, and the depth limit and the value budget
checked as each event arrives, so that 2 MB of `[` stops at the first level too deep.

It gives exactly what the reference composer of `yamlfile` gives. What it does not build itself it
hands back by raising `Unsupported`: anchors and aliases, a `!` tag, a `%` directive, an empty value
in a flow mapping — after having read the whole stream for the depth limit and the value budget,
which the reference meets at the same event —, and, at once, what pyyaml reads differently from
libyaml (a second document, a block scalar header libyaml is lenient with). The limits are checked
in the order of the file: the first one met is the one reported, as the reference does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from parindex.core.codes import Code
from parindex.core.document import Document, Path_, field_of
from parindex.core.errors import InputProblems, Problem
from parindex.core.text import nfc
from parindex.intake.yaml_values import (
    ALLOWED_TAGS,
    EMPTY_FILE,
    MAP_TAG,
    MERGE_KEY,
    MERGE_TAG,
    NOT_A_SIMPLE_KEY,
    SEQ_TAG,
    STR_TAG,
    Resolve,
    duplicate_key,
    refused_characters,
    refused_key,
    refused_tag,
    refused_value,
    replaced,
    scalar_value,
    tag_code,
    too_deep,
    too_many,
)

# The kinds of event, as `yamlfile` maps pyyaml's event classes to them.
SCALAR, MAPPING, SEQUENCE, END, ALIAS, DOCUMENT, OTHER = range(7)

# A block scalar's header as pyyaml accepts it: indicators, then spaces and a comment, or nothing.
_BLOCK_HEADER = re.compile(r"[|>](?:[+-][1-9]?|[1-9][+-]?)?(?: +(?:#[^\n]*)?)?\r?(?:\n|\Z)")
_STYLES = {"": None, None: None, "'": "'", '"': '"', "|": "|", ">": ">"}


class Unsupported(Exception):
    """The file needs the reference composer (it is not wrong for that)."""


class _Open:
    """An open mapping or sequence: where its entries go (None: they are read but not kept)."""

    __slots__ = ("as_key", "container", "expect_key", "flow", "index", "is_map", "keep_value", "key", "loc")

    def __init__(self, container: dict[str, Any] | list[Any] | None, loc: Path_, is_map: bool, as_key: bool,
                 flow: bool) -> None:
        self.container = container
        self.loc = loc
        self.is_map = is_map
        self.key = ""
        self.keep_value = True  # False after a key whose value is read but not kept
        self.expect_key = is_map
        self.index = 0
        self.as_key = as_key
        self.flow = flow


class EventBuilder:
    def __init__(self, shown: str, resolve: Resolve, max_depth: int, max_nodes: int) -> None:
        self.shown = shown
        self.resolve = resolve
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.scalars: dict[Path_, tuple[int, int, str | None]] = {}
        self.problems: list[Problem] = []
        self.stack: list[_Open] = []
        self.count = 0
        self.root: Any = None
        self.has_root = False
        self.documents = 0
        self.unsupported = False
        self.anchors: set[str] = set()
        self.last_line = 0
        self.text = ""

    # -- the stream ------------------------------------------------------------------------------

    def build(self, events: Iterator[Any], kinds: Mapping[type, int], text: str) -> Document:
        """Read every event of `text`; raise `InputProblems` for a limit, `Unsupported` for the
        reference."""
        self.text = text
        self.last_line = last_line = text.count("\n") + 1
        for event in events:
            kind = kinds.get(type(event), OTHER)
            if kind == END:
                self.close()
            elif kind == DOCUMENT:
                self.document(event)
            elif kind != OTHER:
                self.node(event, kind)
        if self.unsupported:
            raise Unsupported
        if not self.has_root:
            raise InputProblems([Problem(self.shown, None, None, EMPTY_FILE, code=Code.YAML_EMPTY)])
        return Document(self.shown, self.root, self.positions, self.scalars, last_line=last_line,
                        problems=self.problems)

    def document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:  # the reference refuses it, after having read the first one
            raise Unsupported
        if event.version is not None or event.tags:
            self.unsupported = True

    def limit(self, event: Any, message: str, code: Code) -> InputProblems:
        mark = event.start_mark
        return InputProblems([Problem(self.shown, mark.line + 1, mark.column + 1, message, code=code)])

    # -- one value -------------------------------------------------------------------------------

    def node(self, event: Any, kind: int) -> None:
        if event.start_mark.line >= self.last_line:
            # libyaml ends a last line that has no newline and puts what follows on one more line
            raise Unsupported
        stack = self.stack
        top = stack[-1] if stack else None
        if len(stack) >= self.max_depth:
            raise self.limit(event, too_deep(self.max_depth), Code.YAML_TOO_DEEP)
        as_key = top is not None and top.expect_key
        if not as_key:
            self.count += 1
            if self.count > self.max_nodes:
                raise self.limit(event, too_many(self.max_nodes), Code.YAML_TOO_MANY_VALUES)
        if event.anchor is not None:
            self.anchor(event, kind)
        if getattr(event, "tag", None) == "!":
            self.unsupported = True
        if kind == SCALAR:
            self.check_scalar(event, top)
        if as_key:
            assert top is not None
            self.key(top, event, kind)
            return
        if top is None:
            self.value(event, kind, (), None)
        elif top.is_map:
            key = top.key
            top.expect_key = True
            if not top.keep_value or top.container is None:
                self.skip(event, kind)
            else:
                self.value(event, kind, (*top.loc, key), top)
        else:
            index = top.index
            top.index += 1
            if top.container is None:
                self.skip(event, kind)
            else:
                self.value(event, kind, (*top.loc, index), top)

    def check_scalar(self, event: Any, top: _Open | None) -> None:
        """Where libyaml and pyyaml part ways, the reference decides."""
        style = event.style
        if style in ("|", ">") and not _BLOCK_HEADER.match(self.text, event.start_mark.index):
            raise Unsupported  # libyaml accepts '|#' and more that pyyaml refuses
        if not event.value and not style and top is not None and top.flow:
            self.unsupported = True  # an empty value in a flow mapping: libyaml places it one column further

    def anchor(self, event: Any, kind: int) -> None:
        """Aliases are left to the reference (it expands them within the value budget); an alias
        to an unknown anchor or an anchor declared twice is its error to report, at this event."""
        self.unsupported = True
        name = event.anchor
        if kind == ALIAS:
            if name not in self.anchors:
                raise Unsupported
        elif name in self.anchors:
            raise Unsupported
        else:
            self.anchors.add(name)

    def skip(self, event: Any, kind: int, as_key: bool = False) -> None:
        if kind in (MAPPING, SEQUENCE):
            self.stack.append(_Open(None, (), kind == MAPPING, as_key, bool(event.flow_style)))

    def close(self) -> None:
        done = self.stack.pop()
        if done.as_key:
            self.stack[-1].expect_key = False

    def key(self, top: _Open, event: Any, kind: int) -> None:
        top.expect_key = False
        top.keep_value = True
        if top.container is None or kind == ALIAS:
            top.keep_value = False
            self.skip(event, kind, as_key=True)
            return
        if kind != SCALAR:
            self.refuse(event, NOT_A_SIMPLE_KEY, Code.YAML_COMPLEX_KEY)
            top.keep_value = False
            self.skip(event, kind, as_key=True)
            return
        if self.tag(event) == MERGE_TAG:
            self.refuse(event, MERGE_KEY, Code.YAML_MERGE_KEY)
            top.keep_value = False
            return
        key = nfc(event.value)
        bad = refused_characters(key, breaks_allowed=False)
        if bad:
            self.refuse(event, refused_key(bad), Code.YAML_REFUSED_CHARACTER)
            key = replaced(key, breaks_allowed=False)
        loc = (*top.loc, key)
        if key in top.container:
            first = self.positions.get(loc, (0, 0))[0]
            self.refuse(event, duplicate_key(key, first), Code.YAML_DUPLICATE_KEY, loc)
            top.keep_value = False
            return
        mark = event.start_mark
        self.positions[loc] = (mark.line + 1, mark.column + 1)
        top.key = key

    def tag(self, event: Any) -> str:
        tag: str | None = event.tag
        if tag is None or tag == "!":
            return self.resolve(event.value) if event.implicit[0] else STR_TAG
        return tag

    def value(self, event: Any, kind: int, loc: Path_, parent: _Open | None) -> None:
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        self.positions.setdefault(loc, where)
        if kind == ALIAS:
            self.attach(parent, loc, None)
            return
        if kind == SCALAR:
            tag = self.tag(event)
        else:
            tag = event.tag if event.tag not in (None, "!") else (MAP_TAG if kind == MAPPING else SEQ_TAG)
        if tag not in ALLOWED_TAGS:
            self.refuse(event, refused_tag(tag), tag_code(tag), loc)
            self.attach(parent, loc, None)
            self.skip(event, kind)
            return
        if kind == SCALAR:
            style = _STYLES[event.style]
            self.scalars[loc] = (*where, style)
            self.attach(parent, loc, self.text_value(event, scalar_value(event.value, tag, style), loc))
            return
        container: dict[str, Any] | list[Any] = {} if kind == MAPPING else []
        self.attach(parent, loc, container)
        self.stack.append(_Open(container, loc, kind == MAPPING, False, bool(event.flow_style)))

    def text_value(self, event: Any, value: Any, loc: Path_) -> Any:
        if isinstance(value, str):
            value = nfc(value)
            bad = refused_characters(value, breaks_allowed=True)
            if bad:
                self.refuse(event, refused_value(bad), Code.YAML_REFUSED_CHARACTER, loc)
                value = replaced(value, breaks_allowed=True)
        return value

    def attach(self, parent: _Open | None, loc: Path_, value: Any) -> None:
        if parent is None:
            self.root = value
            self.has_root = True
        elif parent.is_map:
            parent.container[loc[-1]] = value  # type: ignore[index]
        else:
            parent.container.append(value)  # type: ignore[union-attr]

    def refuse(self, event: Any, message: str, code: Code, loc: Path_ = ()) -> None:
        mark = event.start_mark
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1, message, code=code,
                                     field=field_of(loc)))
