"""Reading YAML files safely, keeping the line and column of every value.

pyyaml composes the node tree; we convert it ourselves so that:
- duplicate keys, Python tags, merge keys and non-UTF-8 bytes are refused with a located problem;
- numbers become exact `Decimal` values from their text (0.25 stays 0.25);
- `yes`/`no`/`on`/`off` and dates stay strings (only `true`/`false` are booleans);
- size, nesting depth and alias expansion are bounded (no "billion laughs", no recursion crash).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parindex.errors import InputProblems, Problem

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STD + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
_TRUE_FALSE = {"true": True, "false": False}


@dataclass
class Document:
    """A YAML file read into plain Python data, with the position of every value."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `loc`, or of its nearest located parent."""
        probe = tuple(loc)
        while True:
            found = self.positions.get(probe)
            if found is not None:
                return found
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(self, loc: Path_, message: str, **kwargs: Any) -> Problem:
        line, col = self.where(loc)
        return Problem(self.path, line, col, message, **kwargs)


class _DepthLimitedLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses nesting deeper than `max_depth`."""

    max_depth = MAX_DEPTH

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooDeep(mark.line + 1, mark.column + 1)
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _TooDeep(Exception):
    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col


class _Refused(Exception):
    def __init__(self, node: Node, message: str) -> None:
        self.line = node.start_mark.line + 1
        self.col = node.start_mark.column + 1
        self.message = message


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a file as UTF-8 (a BOM is accepted), with one clear problem for each way it fails.

    Limits left as None take the module's current MAX_* value (so they can be lowered in tests)."""
    shown = str(path)
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        if path.is_dir():
            raise InputProblems([Problem(shown, None, None, "đây là một thư mục, cần một tệp")])
        size = os.stat(path).st_size
        if size > max_bytes:
            raise InputProblems([Problem(
                shown, None, None,
                f"tệp quá lớn ({size:,} byte, tối đa {max_bytes:,} byte); hãy kiểm tra lại tệp",
            )])
        with path.open("rb") as stream:  # bounded: a device such as /dev/zero must not hang us
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputProblems([Problem(shown, None, None, "không tìm thấy tệp; hãy kiểm tra đường dẫn")]) from None
    except PermissionError:
        raise InputProblems([Problem(shown, None, None, "không có quyền đọc tệp")]) from None
    except OSError as exc:
        raise InputProblems([Problem(shown, None, None, f"không đọc được tệp: {exc.strerror}")]) from None
    if len(raw) > max_bytes:  # the file grew after stat
        raise InputProblems([Problem(shown, None, None, f"tệp quá lớn (tối đa {max_bytes:,} byte)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputProblems([Problem(
            shown, line, col,
            f"tệp không phải mã UTF-8 (byte 0x{raw[exc.start]:02X}); hãy lưu lại tệp với "
            "mã hóa UTF-8 (Windows-1258/TCVN3 không được hỗ trợ)",
        )]) from None


def load_yaml(
    path: Path,
    *,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    max_nodes: int | None = None,
) -> Document:
    """Read one YAML file into a `Document`; raise `InputProblems` for anything wrong.

    Limits left as None take the module's current MAX_FILE_BYTES, MAX_DEPTH and MAX_NODES."""
    shown = str(path)
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    text = read_text(path, max_bytes)
    try:
        loader = _DepthLimitedLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character such as NUL, found before parsing
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputProblems([Problem(
            shown, line, col, f"tệp có ký tự điều khiển không được phép ({code}); hãy xóa ký tự này",
        )]) from None
    loader.max_depth = max_depth
    try:
        root = loader.get_single_node()
    except _TooDeep as exc:
        raise InputProblems([Problem(
            shown, exc.line, exc.col, f"lồng nhau quá sâu (tối đa {max_depth} cấp)",
        )]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputProblems([_syntax_problem(shown, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputProblems([Problem(shown, None, None, f"lỗi cú pháp YAML: {exc}")]) from None
    except RecursionError:
        raise InputProblems([Problem(shown, None, None, "lồng nhau quá sâu")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise InputProblems([Problem(shown, None, None, "tệp rỗng, không có nội dung")])
    doc = Document(shown, None)
    budget = [max_nodes]
    try:
        doc.data = _convert(root, (), doc.positions, budget)
    except _Refused as exc:
        raise InputProblems([Problem(shown, exc.line, exc.col, exc.message)]) from None
    return doc


def _syntax_problem(shown: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = exc.problem or "lỗi không rõ"
    if "'\\t'" in problem or "\\t" in problem:
        message = "có ký tự tab; YAML chỉ cho phép thụt lề bằng dấu cách"
    elif "found duplicate anchor" in problem:
        message = f"lỗi cú pháp YAML: {problem}"
    elif "mapping values are not allowed" in problem:
        message = ("lỗi cú pháp YAML: dấu ':' không đúng chỗ; nếu giá trị có dấu ':' hãy đặt "
                   "nó trong dấu nháy")
    elif "but found another document" in problem:
        message = "tệp có nhiều tài liệu YAML (dòng '---'); mỗi tệp chỉ được chứa một tài liệu"
    elif "could not find expected ':'" in problem:
        message = "lỗi cú pháp YAML: thiếu dấu ':' sau tên khóa"
    elif "expected <block end>" in problem or "bad indentation" in problem:
        message = f"lỗi cú pháp YAML: thụt lề không đúng ({problem})"
    else:
        message = f"lỗi cú pháp YAML: {problem}"
    return Problem(shown, line, col, message)


def _position(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(
    node: Node, loc: Path_, positions: dict[Path_, tuple[int, int]], budget: list[int]
) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(node, "tệp có quá nhiều giá trị (có thể do bí danh '*' lặp lại); "
                             "hãy viết tệp không dùng bí danh")
    positions.setdefault(loc, _position(node))
    if node.tag not in _ALLOWED_TAGS:
        if node.tag == _STD + "merge":
            raise _Refused(node, "khóa gộp '<<' không được hỗ trợ; hãy viết đầy đủ các khóa")
        raise _Refused(node, f"thẻ YAML '{node.tag}' không được phép; hãy bỏ thẻ '!…'")
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node, "tên khóa phải là một chuỗi đơn giản")
            if key_node.tag == _STD + "merge":
                raise _Refused(key_node, "khóa gộp '<<' không được hỗ trợ; hãy viết đầy đủ các khóa")
            key = str(key_node.value)
            if key in result:
                first = positions.get((*loc, key), (0, 0))[0]
                raise _Refused(key_node, f"khóa '{key}' bị lặp (đã có ở dòng {first}); "
                                         "hãy xóa hoặc đổi tên một trong hai")
            positions[(*loc, key)] = _position(key_node)
            result[key] = _convert(value_node, (*loc, key), positions, budget)
        return result
    if isinstance(node, SequenceNode):
        return [
            _convert(item, (*loc, index), positions, budget) for index, item in enumerate(node.value)
        ]
    assert isinstance(node, ScalarNode)
    return _scalar(node)


def _scalar(node: ScalarNode) -> Any:
    text: str = node.value
    tag = node.tag
    if node.style is not None and node.style in "'\"|>":
        return text  # quoted or block scalars are always strings
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        return _TRUE_FALSE.get(text.lower(), text)
    if tag == _STD + "int":
        if _DECIMAL_INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts; left as text, refused as too large
                return text
        return text
    if tag == _STD + "float":
        try:
            cleaned = text.replace("_", "")
            lowered = cleaned.lower()
            if lowered in (".inf", "+.inf", "-.inf", ".nan"):
                return Decimal(lowered.replace(".", ""))
            return Decimal(cleaned)
        except InvalidOperation:
            return text
    return text
