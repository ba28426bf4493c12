"""Reading YAML files safely, keeping the line and column of every value.

Three readers give the same `Document` and the same problems for every file; the first that can
read a file does:
- `unit_lines`: flat unit files (`key: value` lines, one indented block), line by line;
- `yaml_events`: libyaml's event stream, built into the document without composing nodes;
- the reference: pyyaml's pure-Python composer, its nodes converted here (also the reader when
  pyyaml has no libyaml, and the yardstick of the differential tests).

Whichever reads it:
- duplicate keys, Python tags, merge keys and non-UTF-8 bytes are refused with a located problem
  (every such problem of a file is listed at once);
- every text value and key is normalised to Unicode NFC, and control characters (C0, C1, DEL),
  lone surrogates and bidi controls are refused (tab, newline and CR are allowed in values only);
- numbers become exact `Decimal` values from their text (0.25 stays 0.25);
- `yes`/`no`/`on`/`off` and dates stay strings (only `true`/`false` are booleans);
- size, nesting depth and the number of values are bounded while the file is read, the first limit
  met in the order of the file being the one reported (no "billion laughs", no recursion crash,
  2 MB of '[' stopped at the 65th, a file of a million values refused at once);
- only regular files are read (a FIFO or a device never blocks);
- pyyaml's English messages are rewritten in Vietnamese.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parindex.core.codes import Code
from parindex.core.document import Document, Path_, field_of
from parindex.core.errors import InputProblems, Problem
from parindex.core.text import nfc, shorten
from parindex.intake import yaml_events
from parindex.intake.unit_lines import UnitLineReader
from parindex.intake.yaml_events import EventBuilder, Unsupported
from parindex.intake.yaml_values import (
    ALLOWED_TAGS,
    EMPTY_FILE,
    MERGE_KEY,
    MERGE_TAG,
    NOT_A_SIMPLE_KEY,
    duplicate_key,
    plain_resolver,
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

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


class _BoundedLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses nesting deeper than `max_depth` and more than
    `max_nodes` values (keys excluded) while it composes, before the rest of the file is read."""

    max_depth = MAX_DEPTH
    max_nodes = MAX_NODES

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            if not (isinstance(parent, MappingNode) and index is None):  # a key is not a value
                self._nodes += 1
                if self._nodes > self.max_nodes:
                    raise _TooMany(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return Composer.compose_node(self, parent, index)
        finally:
            self._depth -= 1


class _Limit(Exception):
    def __init__(self, mark: Any) -> None:
        self.line, self.col = mark.line + 1, mark.column + 1


class _TooDeep(_Limit):
    pass


class _TooMany(_Limit):
    pass


class _TooManyAfterAliases(Exception):
    def __init__(self, node: Node) -> None:
        self.line, self.col = _position(node)


# -- reading bytes ---------------------------------------------------------------------------


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a regular file as UTF-8 (a BOM is accepted), with one clear problem for each way it
    fails. A FIFO, a device or a socket is refused without being opened for a blocking read.

    Limits left as None take the module's current MAX_* value (so they can be lowered in tests)."""
    shown = str(path)
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    raw = _read_bytes(path, shown, max_bytes)
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
            "mã hóa UTF-8 (Windows-1258/TCVN3 không được hỗ trợ)", code=Code.FILE_NOT_UTF8,
        )]) from None


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, whatever its format (a workbook), refused as `read_text` refuses it:
    not found, not a regular file (never opened for a blocking read), unreadable, too large."""
    return _read_bytes(path, str(path), max_bytes)


def _refuse(shown: str, message: str, code: Code) -> InputProblems:
    return InputProblems([Problem(shown, None, None, message, code=code)])


def _read_bytes(path: Path, shown: str, max_bytes: int) -> bytes:
    try:
        _check_kind(os.stat(path), shown, max_bytes)
        # O_NONBLOCK: should the path become a FIFO after the check, opening it cannot block.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as stream:
            _check_kind(os.fstat(stream.fileno()), shown, max_bytes)
            raw = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise _refuse(shown, _not_found(path), Code.FILE_NOT_FOUND) from None
    except PermissionError:
        raise _refuse(shown, "không có quyền đọc tệp", Code.FILE_PERMISSION_DENIED) from None
    except OSError as exc:
        raise _refuse(shown, f"không đọc được tệp: {_os_reason(exc)}", Code.FILE_UNREADABLE) from None
    if len(raw) > max_bytes:  # the file grew after stat
        raise _refuse(shown, f"tệp quá lớn (tối đa {max_bytes:,} byte)", Code.FILE_TOO_LARGE)
    return raw


def _check_kind(info: os.stat_result, shown: str, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(shown, "đây là một thư mục, cần một tệp", Code.FILE_NOT_A_FILE)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(shown, f"đây không phải là một tệp thông thường ({_special_kind(info.st_mode)}); "
                             "hãy chỉ định một tệp .yaml", Code.FILE_NOT_A_FILE)
    if info.st_size > max_bytes:
        raise _refuse(shown, f"tệp quá lớn ({info.st_size:,} byte, tối đa {max_bytes:,} byte); "
                             "hãy kiểm tra lại tệp", Code.FILE_TOO_LARGE)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "là một đường ống FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "là một thiết bị"
    if stat.S_ISSOCK(mode):
        return "là một socket"
    return "loại tệp đặc biệt"


def _not_found(path: Path) -> str:
    if os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"không tìm thấy tệp (liên kết hỏng, trỏ tới '{shorten(target)}'); hãy kiểm tra đường dẫn"
    return "không tìm thấy tệp; hãy kiểm tra đường dẫn"


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ELOOP: "vòng lặp liên kết tượng trưng",
        errno.ENAMETOOLONG: "đường dẫn quá dài",
        errno.ENOTDIR: "một phần của đường dẫn không phải là thư mục",
        errno.EIO: "lỗi đọc/ghi của thiết bị",
        errno.EAGAIN: "tệp chưa sẵn sàng để đọc",
    }
    return reasons.get(exc.errno or 0, f"lỗi hệ thống số {exc.errno}")


# -- parsing ---------------------------------------------------------------------------------

# pyyaml's own YAML 1.1 rules for plain scalars (the table its SafeLoader resolves with).
resolve_plain = plain_resolver(yaml.SafeLoader.yaml_implicit_resolvers)
unit_lines = UnitLineReader(resolve_plain)
_NON_PRINTABLE: re.Pattern[str] = yaml.reader.Reader.NON_PRINTABLE
_EVENT_KINDS: dict[type, int] = {
    yaml.ScalarEvent: yaml_events.SCALAR,
    yaml.MappingStartEvent: yaml_events.MAPPING,
    yaml.SequenceStartEvent: yaml_events.SEQUENCE,
    yaml.MappingEndEvent: yaml_events.END,
    yaml.SequenceEndEvent: yaml_events.END,
    yaml.AliasEvent: yaml_events.ALIAS,
    yaml.DocumentStartEvent: yaml_events.DOCUMENT,
}


def load_yaml(
    path: Path,
    *,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    max_nodes: int | None = None,
    keep_going: bool = False,
) -> Document:
    """Read one YAML file into a `Document`; raise `InputProblems` for anything wrong (every
    duplicate key, tag and refused character of the file at once). With `keep_going`, those
    problems are left on `Document.problems` so that later stages can add theirs; problems that
    leave no data (syntax, size, depth, encoding) are always raised.

    Limits left as None take the module's current MAX_FILE_BYTES, MAX_DEPTH and MAX_NODES."""
    shown = str(path)
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    doc = read_document(shown, read_text(path, max_bytes), max_depth, max_nodes)
    if doc.problems and not keep_going:
        raise InputProblems(doc.problems)
    return doc


def read_document(shown: str, text: str, max_depth: int, max_nodes: int) -> Document:
    """The document of a file's text, by the fastest reader that can read it (see the module's
    description); its problems are on `Document.problems`."""
    doc = unit_lines.read(shown, text, max_depth, max_nodes)
    if doc is not None:
        return doc
    if getattr(yaml, "__with_libyaml__", False):
        try:
            return build_from_events(shown, text, max_depth, max_nodes)
        except Unsupported:
            pass
    return compose_reference(shown, text, max_depth, max_nodes)


def build_from_events(shown: str, text: str, max_depth: int, max_nodes: int) -> Document:
    """The document built from libyaml's events; `Unsupported` when the reference must read the
    file (a syntax error — for its messages —, a control character, aliases…)."""
    # The reference refuses a control character before reading anything; libyaml accepts tabs where
    # pyyaml refuses them (after 'a:'), so a file with a tab is the reference's to read.
    # So is a byte-order mark after the start, which libyaml skips and pyyaml reads as a character.
    if "\t" in text or "\ufeff" in text or _NON_PRINTABLE.search(text):
        raise Unsupported
    parser = yaml.CSafeLoader(text)  # only its parser is used: events, never nodes
    try:
        builder = EventBuilder(shown, resolve_plain, max_depth, max_nodes)
        return builder.build(iter(parser.get_event, None), _EVENT_KINDS, text)
    except yaml.YAMLError:
        raise Unsupported from None
    finally:
        parser.dispose()


def compose_reference(shown: str, text: str, max_depth: int, max_nodes: int) -> Document:
    """The document read by pyyaml's pure-Python composer, its nodes converted here."""
    root = _compose(shown, text, max_depth, max_nodes)
    if root is None:
        raise _refuse(shown, EMPTY_FILE, Code.YAML_EMPTY)
    converter = _Converter(shown, max_nodes)
    doc = Document(shown, None, converter.positions, converter.scalars, last_line=text.count("\n") + 1)
    try:
        doc.data = converter.convert(root, ())
    except _TooManyAfterAliases as exc:
        raise InputProblems([Problem(shown, exc.line, exc.col, too_many(max_nodes),
                                     code=Code.YAML_TOO_MANY_VALUES)]) from None
    doc.problems = converter.problems
    return doc


def _compose(shown: str, text: str, max_depth: int, max_nodes: int) -> Node | None:
    try:
        loader = _BoundedLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character such as NUL, found before parsing
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else shorten(exc.character)
        raise InputProblems([Problem(
            shown, line, col, f"tệp có ký tự điều khiển không được phép ({code}); hãy xóa ký tự này",
            code=Code.YAML_REFUSED_CHARACTER,
        )]) from None
    loader.max_depth = max_depth
    loader.max_nodes = max_nodes
    try:
        return loader.get_single_node()
    except _TooDeep as exc:
        raise InputProblems([Problem(shown, exc.line, exc.col, too_deep(max_depth), code=Code.YAML_TOO_DEEP)]) from None
    except _TooMany as exc:
        raise InputProblems([Problem(shown, exc.line, exc.col, too_many(max_nodes),
                                     code=Code.YAML_TOO_MANY_VALUES)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputProblems([_unclosed_quote(shown, text, exc) or syntax_problem(shown, exc)]) from None
    except yaml.YAMLError:
        raise _refuse(shown, _GENERIC_SYNTAX, Code.YAML_SYNTAX) from None
    except RecursionError:
        raise _refuse(shown, "lồng nhau quá sâu", Code.YAML_TOO_DEEP) from None
    finally:
        loader.dispose()


# -- pyyaml's messages in Vietnamese ---------------------------------------------------------

_GENERIC_SYNTAX = ("lỗi cú pháp YAML; hãy kiểm tra thụt lề (chỉ dấu cách), dấu ':' sau tên khóa "
                   "và các dấu nháy, dấu ngoặc đã đóng đủ chưa")

_TOKEN_WORDS = {
    "<scalar>": "một giá trị",
    "<block mapping start>": "một khóa thụt lề khác",
    "<block sequence start>": "một danh sách thụt lề khác",
    "<block end>": "cuối khối",
    "<stream end>": "cuối tệp",
    "<document start>": "'---'",
    "<document end>": "'...'",
    "<directive>": "chỉ thị '%'",
    "<alias>": "bí danh '*'",
    "<anchor>": "neo '&'",
    "<tag>": "thẻ '!'",
    "<stream start>": "đầu tệp",
    "\\n": "cuối dòng",
    "\\r": "cuối dòng",
    "\\t": "tab",
    " ": "dấu cách",
    "\\x00": "cuối tệp",
}

_DIRECTIVE = "chỉ thị YAML (dòng bắt đầu bằng '%') không hợp lệ; hãy xóa dòng đó"
_TAG = "thẻ YAML '!…' không hợp lệ; hãy bỏ thẻ"
_BLOCK_SCALAR = ("sau '|' hoặc '>' chỉ được có '+', '-', một chữ số từ 1 đến 9 hoặc chú thích; "
                 "hãy viết nội dung ở các dòng sau, thụt lề")

# (pattern of pyyaml's problem text, Vietnamese message; {0}, {1} are the pattern's groups)
_PROBLEMS: list[tuple[re.Pattern[str], str]] = [(re.compile(pattern), message) for pattern, message in [
    (r"found character '\\t' that cannot start any token|.*'\\t'.*",
     "có ký tự tab; YAML chỉ cho phép thụt lề bằng dấu cách"),
    (r"found character (.*) that cannot start any token",
     "ký tự {0} không được đứng đầu một giá trị; hãy đặt cả giá trị trong dấu nháy"),
    (r"mapping values are not allowed here",
     "lỗi cú pháp YAML: dấu ':' không đúng chỗ; nếu giá trị có dấu ':' hãy đặt nó trong dấu nháy"),
    (r"but found another document",
     "tệp có nhiều tài liệu YAML (dòng '---'); mỗi tệp chỉ được chứa một tài liệu"),
    (r"could not find expected ':'", "lỗi cú pháp YAML: thiếu dấu ':' sau tên khóa"),
    (r"expected <block end>, but found (.*)",
     "lỗi cú pháp YAML: thụt lề không đúng (gặp {0}); các khóa cùng cấp phải thẳng cột, giá trị "
     "có dấu nháy phải kết thúc ngay sau dấu nháy đóng"),
    (r"expected ',' or '\}', but got (.*)",
     "lỗi cú pháp YAML: bảng '{{' chưa đóng hoặc thiếu dấu ',' giữa hai phần tử (gặp {0})"),
    (r"expected ',' or '\]', but got (.*)",
     "lỗi cú pháp YAML: danh sách '[' chưa đóng hoặc thiếu dấu ',' giữa hai phần tử (gặp {0})"),
    (r"expected the node content, but found (.*)", "lỗi cú pháp YAML: thiếu giá trị (gặp {0})"),
    (r"expected '<document start>', but found (.*)",
     "lỗi cú pháp YAML: nội dung không hợp lệ ở cấp ngoài cùng (gặp {0}); tệp phải là các dòng "
     "'tên: giá trị'"),
    (r"found unexpected end of stream", "lỗi cú pháp YAML: tệp kết thúc giữa chừng"),
    (r"found unexpected document separator", "lỗi cú pháp YAML: gặp dòng '---' giữa chừng"),
    (r"found unknown escape character (.*)",
     "chuỗi trong dấu nháy kép có ký tự thoát '\\' + {0} không hợp lệ; hãy dùng dấu nháy đơn "
     "hoặc viết '\\\\' cho dấu gạch chéo ngược"),
    (r"expected escape sequence of (\d+) hexadecimal numbers, but found (.*)",
     "chuỗi trong dấu nháy kép có ký tự thoát cần {0} chữ số hệ 16, gặp {1}; hãy dùng dấu nháy "
     "đơn hoặc viết '\\\\' cho dấu gạch chéo ngược"),
    (r"found undefined alias (.*)", "bí danh {0} (dấu '*') chưa được khai báo bằng một neo '&' cùng tên"),
    (r"found duplicate anchor (.*); first occurrence", "neo {0} (dấu '&') bị khai báo hai lần; hãy đổi tên một neo"),
    (r"second occurrence", "neo '&' bị khai báo hai lần; hãy đổi tên một neo"),
    (r"expected alphabetic or numeric character, but found (.*)",
     "tên của neo '&' hoặc bí danh '*' chỉ gồm chữ và số (gặp {0}); nếu là văn bản hãy đặt trong dấu nháy"),
    (r"sequence entries are not allowed here",
     "lỗi cú pháp YAML: dấu '-' của danh sách không đúng chỗ; hãy kiểm tra thụt lề"),
    (r"mapping keys are not allowed here", "lỗi cú pháp YAML: dấu '?' không đúng chỗ; hãy bỏ dấu '?'"),
    (r"invalid indentation or unclosed '\[' or '\{'",
     "lỗi cú pháp YAML: thụt lề không đúng, hoặc dấu '[' / '{' chưa được đóng"),
    (r"expected chomping or indentation indicators.*|expected indentation indicator.*", _BLOCK_SCALAR),
    (r"found undefined tag handle.*|found non-specific tag.*|expected URI.*|expected '!'.*|"
     r"expected '>'.*", _TAG),
    (r"found incompatible YAML document.*|found duplicate YAML directive|duplicate tag handle.*|"
     r"expected a digit.*", _DIRECTIVE),
]]

# Problems whose real cause is where the context starts (an opening quote that is never closed,
# a key without ':'): they are reported there, not where pyyaml gave up.
_AT_CONTEXT = {
    "while scanning a quoted scalar": "dấu nháy mở ở đây chưa được đóng; hãy thêm dấu nháy đóng cùng loại "
                                      "(' hoặc \") ở cuối giá trị",
    "while scanning a simple key": "không tìm thấy dấu ':' sau tên khóa (một tên khóa phải nằm trên một dòng "
                                   "và ngắn hơn 1024 ký tự); hãy viết 'tên: giá trị'",
}


def _unclosed_quote(shown: str, text: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A quote left open runs on to the next quote of the file, often lines below, where pyyaml then
    stumbles: when the error comes right after a quoted value spanning several lines, report where
    that value opens."""
    if exc.problem_mark is None or exc.context_mark is None or exc.context_mark is exc.problem_mark:
        return None
    limit = exc.problem_mark.index
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= limit:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line or last.end_mark.line != exc.problem_mark.line:
        return None
    start = last.start_mark
    return Problem(shown, start.line + 1, start.column + 1,
                   f"dấu nháy {last.style} mở ở đây có lẽ chưa được đóng: giá trị trong dấu nháy kéo dài đến "
                   f"dòng {last.end_mark.line + 1}; hãy thêm dấu nháy đóng ở cuối giá trị", code=Code.YAML_SYNTAX)


def syntax_problem(shown: str, exc: yaml.MarkedYAMLError) -> Problem:
    """pyyaml's error as one Vietnamese problem, located where the mistake is."""
    context = exc.context or ""
    if exc.context_mark is not None and context in _AT_CONTEXT:
        start = exc.context_mark
        return Problem(shown, start.line + 1, start.column + 1, _AT_CONTEXT[context], code=Code.YAML_SYNTAX)
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = _problem_words(exc.problem or "", context)
    if context in ("while parsing a flow mapping", "while parsing a flow sequence") and exc.context_mark:
        message += f" — dấu mở ở dòng {exc.context_mark.line + 1}"
    return Problem(shown, line, col, message, code=Code.YAML_SYNTAX)


def _problem_words(problem: str, context: str) -> str:
    if "directive" in context:
        return _DIRECTIVE
    if "block scalar" in context:
        return _BLOCK_SCALAR
    for pattern, message in _PROBLEMS:
        found = pattern.fullmatch(problem)
        if found:
            return message.format(*(_shown_token(group) for group in found.groups()))
    return _GENERIC_SYNTAX


def _shown_token(text: str) -> str:
    bare = text[1:-1] if len(text) >= 2 and text[0] == text[-1] == "'" else text
    if bare.isdigit():
        return bare
    return _TOKEN_WORDS.get(bare) or f"'{shorten(bare, 20)}'"


# -- converting nodes ------------------------------------------------------------------------


def _position(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Converter:
    """Turns composed nodes into plain data, recording every refused node instead of stopping."""

    def __init__(self, shown: str, max_nodes: int) -> None:
        self.shown = shown
        self.budget = max_nodes
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.scalars: dict[Path_, tuple[int, int, str | None]] = {}
        self.problems: list[Problem] = []

    def refuse(self, node: Node, message: str, code: Code, loc: Path_ = ()) -> None:
        line, col = _position(node)
        self.problems.append(Problem(self.shown, line, col, message, code=code, field=field_of(loc)))

    def convert(self, node: Node, loc: Path_) -> Any:
        self.budget -= 1
        if self.budget < 0:  # aliases expand here: the composer counted each of them once
            raise _TooManyAfterAliases(node)
        self.positions.setdefault(loc, _position(node))
        if node.tag not in ALLOWED_TAGS:
            self.refuse(node, refused_tag(node.tag), tag_code(node.tag), loc)
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*loc, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if isinstance(node.value, str):
            self.scalars[loc] = (*_position(node), node.style)
        value = scalar_value(node.value, node.tag, node.style)
        if isinstance(value, str):
            value = nfc(value)
            bad = refused_characters(value, breaks_allowed=True)
            if bad:
                self.refuse(node, refused_value(bad), Code.YAML_REFUSED_CHARACTER, loc)
                value = replaced(value, breaks_allowed=True)
        return value

    def mapping(self, node: MappingNode, loc: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            if key in result:
                first = self.positions.get((*loc, key), (0, 0))[0]
                self.refuse(key_node, duplicate_key(key, first), Code.YAML_DUPLICATE_KEY, (*loc, key))
                continue
            self.positions[(*loc, key)] = _position(key_node)
            result[key] = self.convert(value_node, (*loc, key))
        return result

    def key(self, node: Node) -> str | None:
        if not isinstance(node, ScalarNode):
            self.refuse(node, NOT_A_SIMPLE_KEY, Code.YAML_COMPLEX_KEY)
            return None
        if node.tag == MERGE_TAG:
            self.refuse(node, MERGE_KEY, Code.YAML_MERGE_KEY)
            return None
        key = nfc(str(node.value))
        bad = refused_characters(key, breaks_allowed=False)
        if bad:
            self.refuse(node, refused_key(bad), Code.YAML_REFUSED_CHARACTER)
            return replaced(key, breaks_allowed=False)
        return key
