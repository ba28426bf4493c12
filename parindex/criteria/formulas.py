"""The formula language: Python-like expressions checked before any data, evaluated by simpleeval.

A formula is parsed and checked once per criteria set (`compile_formula`), then evaluated for
each unit with exact decimals (`Formula.evaluate`). The checks find, before any data is read,
everything simpleeval would only find at run time: unknown names (with a suggestion that ignores
case and Vietnamese accents), `=` written for `==`, attribute access, dunder names, lambdas,
comprehensions, functions outside the allow-list, wrong argument counts, nesting deeper than
MAX_NESTING, constants beyond 10^±100, and type mismatches (text in arithmetic, a choice compared
with a value it does not have, choices put in order).

Numbers written in a formula are read from their source text as exact decimals (never through a
binary float), and every comparison is made on values rounded by `numbers.comparable`, so that
`1/3 + 1/3 + 1/3 == 1` holds. Positions reported to users count characters, not the UTF-8 bytes
Python's `ast` counts.

This module is the only importer of simpleeval.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import functools
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from decimal import Decimal
from typing import Any

import simpleeval  # type: ignore[import-untyped]

from parindex.core.codes import Code
from parindex.core.errors import FormulaError
from parindex.core.numbers import MAX_MAGNITUDE, comparable
from parindex.core.text import did_you_mean, shorten

MAX_FORMULA_LENGTH = 2_000
MAX_EXPONENT = 100
MAX_NESTING = 50  # levels of nested expressions (a chain a + b + c … counts as one level)
MAX_TEXT_CONSTANT = 200

NUMBER = "số"
BOOL = "đúng/sai"
DATE = "ngày"
TEXT = "chuỗi"


@dataclass(frozen=True)
class ValueType:
    """The static type of a formula value; choices lists the codes a choice value can take."""

    name: str
    choices: frozenset[str] | None = None


T_NUMBER = ValueType(NUMBER)
T_BOOL = ValueType(BOOL)
T_DATE = ValueType(DATE)
T_TEXT = ValueType(TEXT)


@dataclass(frozen=True)
class FormulaIssue:
    """A problem in a formula; `offset` is the 0-based position inside the formula text, counted
    in characters (an accented letter is one); `code` the kind of problem (core.codes)."""

    message: str
    offset: int = 0
    _: KW_ONLY
    code: Code


class FormulaInvalid(Exception):
    def __init__(self, issues: list[FormulaIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(i.message for i in issues))


def _min(*args: Any) -> Any:
    return min(args)


def _max(*args: Any) -> Any:
    return max(args)


def _date(text: str) -> dt.date:
    return parse_date(text)


def parse_date(text: str) -> dt.date:
    """Dates are written dd/mm/yyyy (Vietnamese) or yyyy-mm-dd (ISO)."""
    text = text.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"'{shorten(text)}' không phải ngày hợp lệ; hãy viết dd/mm/yyyy, ví dụ 15/01/2025")


# name -> (callable, min args, max args or None, result type)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None, ValueType]] = {
    "min": (_min, 2, None, T_NUMBER),
    "max": (_max, 2, None, T_NUMBER),
    "abs": (abs, 1, 1, T_NUMBER),
    "ngay": (_date, 1, 1, T_DATE),
}

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%"}
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_EQUALITY = (ast.Eq, ast.NotEq)
_MEMBERSHIP = (ast.In, ast.NotIn)
_COMPREHENSION = "không hỗ trợ biểu thức duyệt danh sách (comprehension)"
_FORBIDDEN_HINTS: dict[type[ast.AST], str] = {
    ast.Attribute: "không được truy cập thuộc tính (dấu '.' sau một tên)",
    ast.Lambda: "không hỗ trợ lambda",
    ast.ListComp: _COMPREHENSION,
    ast.SetComp: _COMPREHENSION,
    ast.DictComp: _COMPREHENSION,
    ast.GeneratorExp: _COMPREHENSION,
    ast.Subscript: "không hỗ trợ chỉ số '[...]'",
    ast.NamedExpr: "không hỗ trợ gán giá trị (':=')",
    ast.Dict: "không hỗ trợ từ điển '{...}'",
    ast.Set: "không hỗ trợ tập hợp '{...}'",
    ast.JoinedStr: "không hỗ trợ chuỗi định dạng f'...'",
    ast.Starred: "không hỗ trợ '*' trước đối số",
    ast.Await: "không hỗ trợ await",
    ast.Yield: "không hỗ trợ yield",
    ast.YieldFrom: "không hỗ trợ yield",
}
_SINGLE_EQUALS = re.compile(r"(?<![=!<>])=(?!=)")
_STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A percent sign after a number with no operand after it: `>= 70%` meant 70 %, not a remainder.
_PERCENT_AFTER_NUMBER = re.compile(r"(?<![\w.])([0-9]+(?:\.[0-9]*)?)\s*%(?=\s*(?:$|[)<>=!,]|and\b|or\b|if\b|else\b))")


def names_in(text: str) -> set[str]:
    """The names a formula text mentions, or nothing when it cannot be read (too long, too deep,
    bad syntax): `compile_formula` then reports why. Never raises."""
    if len(text) > MAX_FORMULA_LENGTH:
        return set()
    try:
        tree = ast.parse(text.strip(), mode="eval")
        return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()


class _Source:
    """Character positions of `ast` nodes: ast counts columns in UTF-8 bytes, so a column after
    'Đạt' (3 characters, 6 bytes) would be 3 too far if used as a character index."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self.lines = _LINE_BREAK.split(text)

    def offset(self, lineno: int, byte_col: int) -> int:
        index = min(max(lineno, 1), len(self.lines)) - 1
        line = self.lines[index]
        column = byte_col if line.isascii() else len(line.encode("utf-8")[:byte_col].decode("utf-8", "ignore"))
        return self.starts[index] + column

    def start(self, node: ast.AST) -> int:
        return self.offset(getattr(node, "lineno", 1), getattr(node, "col_offset", 0))

    def end(self, node: ast.AST) -> int:
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_line is None or end_col is None:
            return self.start(node)
        return self.offset(end_line, end_col)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node):self.end(node)]


@dataclass
class Formula:
    """A checked formula, parsed once; `names` are the indicator/derived names it reads."""

    text: str
    tree: ast.Expression
    result_type: ValueType
    names: tuple[str, ...]
    _evaluator: Any = field(repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        evaluator = simpleeval.SimpleEval(
            operators=_OPERATORS,
            functions={name: spec[0] for name, spec in FUNCTIONS.items()},
            names={},
        )
        evaluator.nodes[ast.BinOp] = functools.partial(_eval_chain, evaluator)
        self._evaluator = evaluator

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate with the given name values; any failure becomes a `FormulaError` in Vietnamese.

        Call inside `decimal.localcontext(numbers.EVAL_CONTEXT)` so that division by zero and
        overflow raise instead of producing Infinity. Not re-entrant (simpleeval keeps state).
        """
        evaluator = self._evaluator
        evaluator.names = values
        try:
            return evaluator.eval(self.text, previously_parsed=self.tree.body)
        except FormulaError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is translated, none escapes
            raise FormulaError(_run_time_message(exc)) from None

    def substitute(self, shown: Mapping[str, str]) -> str:
        """The formula text with each name replaced by its shown value: '(360 + 51) / 411'."""
        source = _Source(self.text)
        spans = [(source.start(node), source.end(node), shown[node.id])
                 for node in ast.walk(self.tree) if isinstance(node, ast.Name) and node.id in shown]
        text = self.text
        for start, end, value in sorted(spans, reverse=True):
            text = text[:start] + value + text[end:]
        return text

    @property
    def is_bare_name(self) -> bool:
        return isinstance(self.tree.body, ast.Name)


def _run_time_message(exc: Exception) -> str:
    """A Vietnamese sentence for a failure while evaluating a checked formula."""
    signals = exc.args[0] if exc.args and isinstance(exc.args[0], list) else []
    if decimal.DivisionUndefined in signals:
        return "phép chia cho 0 không xác định (0/0)"
    if isinstance(exc, ZeroDivisionError):
        return "phép chia cho 0"
    if decimal.DivisionImpossible in signals:
        return "phép chia lấy dư '%' không tính được vì thương quá lớn"
    if isinstance(exc, decimal.Overflow):
        return "kết quả quá lớn"
    if isinstance(exc, decimal.InvalidOperation):
        return "phép tính không xác định (ví dụ 0/0, 0 ** 0 hoặc lũy thừa số âm với số mũ không nguyên)"
    if isinstance(exc, (RecursionError, MemoryError)):
        return f"công thức quá phức tạp để tính (lồng nhau quá sâu, tối đa {MAX_NESTING} cấp)"
    if isinstance(exc, simpleeval.NameNotDefined):
        return f"chưa có giá trị của '{shorten(getattr(exc, 'name', ''))}'"
    if isinstance(exc, simpleeval.InvalidExpression):
        return "công thức dùng cú pháp không được hỗ trợ"
    if isinstance(exc, TypeError):
        return "các giá trị trong công thức không cùng kiểu (ví dụ một số so với một ngày)"
    return "không tính được công thức (giá trị không hợp lệ)"


def _eval_chain(evaluator: Any, node: ast.BinOp) -> Any:
    """A chain `a + b - c …` evaluated left to right without one level of recursion per term."""
    chain = [node]
    while isinstance(chain[-1].left, ast.BinOp):
        chain.append(chain[-1].left)
    value = evaluator._eval(chain[-1].left)
    for item in reversed(chain):
        value = evaluator.operators[type(item.op)](value, evaluator._eval(item.right))
    return value


def _power(base: Any, exponent: Any) -> Any:
    if abs(exponent) > MAX_EXPONENT:  # the checker only accepts constant exponents within the limit
        raise FormulaError(f"số mũ quá lớn (tối đa {MAX_EXPONENT})")
    if base == 0 and exponent < 0:  # Decimal gives Infinity here instead of signalling
        raise FormulaError("phép chia cho 0 (0 lũy thừa số mũ âm)")
    return base ** exponent


def _remainder(dividend: Any, divisor: Any) -> Any:
    if divisor == 0:
        raise FormulaError("phép chia lấy dư '%' cho 0")
    return dividend % divisor


def _compared(test: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    """`test` on numbers rounded by `numbers.comparable` (dates, yes/no and text as they are)."""
    def compare(left: Any, right: Any) -> bool:
        if isinstance(left, Decimal):
            left = comparable(left)
        if isinstance(right, Decimal):
            right = comparable(right)
        return test(left, right)
    return compare


_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: _power,
    ast.Mod: _remainder,
    ast.Eq: _compared(operator.eq),
    ast.NotEq: _compared(operator.ne),
    ast.Gt: _compared(operator.gt),
    ast.Lt: _compared(operator.lt),
    ast.GtE: _compared(operator.ge),
    ast.LtE: _compared(operator.le),
    ast.Not: operator.not_,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def compile_formula(
    text: str, types: Mapping[str, ValueType], expected: ValueType | None = None
) -> Formula:
    """Parse and check `text` against the declared names; raise `FormulaInvalid` with all issues.

    Issue offsets are character positions in `text` as given (leading spaces included)."""
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaInvalid([FormulaIssue(f"công thức quá dài ({len(text)} ký tự, tối đa {MAX_FORMULA_LENGTH})",
                                                code=Code.FORMULA_TOO_LONG)])
    _refuse_assignment(text)
    # A formula written over several lines (a YAML block `|`) is one expression: each line break
    # becomes one space, so every character keeps its offset.
    body = text.strip().replace("\r", " ").replace("\n", " ")
    lead = len(text) - len(text.lstrip())
    if not body:
        raise FormulaInvalid([FormulaIssue("công thức rỗng; hãy viết một biểu thức, ví dụ 'a / b'",
                                           code=Code.FORMULA_SYNTAX)])
    tree = _parse(body, lead)
    source = _Source(body)
    too_deep = _too_deep(tree)
    if too_deep is not None:
        raise FormulaInvalid([FormulaIssue(
            f"công thức lồng nhau quá sâu (tối đa {MAX_NESTING} cấp); hãy tách phần bên trong thành "
            "giá trị dẫn xuất ('derived')", lead + source.start(too_deep), code=Code.FORMULA_TOO_DEEP)])
    checker = _Checker(types, source, lead)
    checker.read_constants(tree)
    try:
        result = checker.check(tree.body)
    except RecursionError:  # pragma: no cover - the nesting limit keeps the checker shallow
        raise FormulaInvalid([FormulaIssue(f"công thức lồng nhau quá sâu (tối đa {MAX_NESTING} cấp)",
                                                 code=Code.FORMULA_TOO_DEEP)]) from None
    if expected is not None and result is not None and not checker.issues and not _compatible(result, expected):
        checker.issues.append(FormulaIssue(
            f"công thức cho kết quả kiểu {result.name}, cần kiểu {expected.name}", lead, code=Code.FORMULA_RESULT_TYPE))
    if checker.issues:
        raise FormulaInvalid(checker.issues)
    assert result is not None
    _membership_constants(tree)
    names = tuple(dict.fromkeys(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in types))
    return Formula(body, tree, result, names)


def _refuse_assignment(text: str) -> None:
    stripped_strings = _STRINGS.sub(lambda m: " " * len(m.group()), text)
    equals = _SINGLE_EQUALS.search(stripped_strings)
    if equals is None:
        return
    after = stripped_strings[equals.end():equals.end() + 1]
    if after in ("<", ">"):
        message = f"'={after}' không phải phép so sánh; hãy viết '{after}='"
    else:
        message = "dấu '=' là phép gán; để so sánh bằng hãy viết '==' (ví dụ 'a == b')"
    raise FormulaInvalid([FormulaIssue(message, equals.start(), code=Code.FORMULA_ASSIGNMENT)])


def _parse(body: str, lead: int) -> ast.Expression:
    try:
        return ast.parse(body, mode="eval")
    except SyntaxError as exc:
        raise FormulaInvalid([_syntax_issue(body, lead, exc)]) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaInvalid([FormulaIssue(
            "công thức không đọc được (lồng nhau quá sâu hoặc có ký tự lạ); hãy viết đơn giản hơn", lead,
            code=Code.FORMULA_SYNTAX)]) from None


def _too_deep(tree: ast.Expression) -> ast.AST | None:
    """The first expression nested deeper than MAX_NESTING, found without recursion. The left
    operand of an arithmetic operator continues its chain (a + b + c is one level), as at run time."""
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, level = stack.pop()
        if level > MAX_NESTING:
            return node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr):
                continue
            same_chain = isinstance(node, ast.BinOp) and child is node.left and isinstance(child, ast.BinOp)
            stack.append((child, level if same_chain else level + 1))
    return None


def _membership_constants(tree: ast.AST) -> None:
    """`x in ('a', 'b')`: the checked list of codes becomes one constant set for simpleeval
    (which has no tuples)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for index, (op, right) in enumerate(zip(node.ops, node.comparators, strict=True)):
                if isinstance(op, _MEMBERSHIP) and isinstance(right, (ast.Tuple, ast.List)):
                    codes = frozenset(str(e.value) for e in right.elts if isinstance(e, ast.Constant))
                    constant = ast.Constant(value=codes)  # type: ignore[arg-type]  # simpleeval returns it as is
                    node.comparators[index] = ast.copy_location(constant, right)


def _compatible(actual: ValueType, expected: ValueType) -> bool:
    if expected.name == NUMBER and actual.name == BOOL:
        return False
    return actual.name == expected.name or (expected.name == TEXT and actual.choices is not None)


# -- syntax errors: Python's English never reaches a user ---------------------------------------

_CLOSING = {"(": ")", "[": "]", "{": "}"}
_LOOK_ALIKE_OPERATORS = {
    "≥": ">=", "≤": "<=", "≠": "!=", "×": "*", "÷": "/", "−": "-", "–": "-", "—": "-",
    "‘": "'", "’": "'", "“": '"', "”": '"', "，": ",", "（": "(", "）": ")",
}
_PYTHON_SYNTAX: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"'(.)' was never closed"),
     lambda m: f"thiếu dấu ngoặc đóng '{_CLOSING.get(m[1], ')')}' cho dấu '{m[1]}' đã mở"),
    (re.compile(r"unmatched '(.)'"), lambda m: f"thừa dấu ngoặc đóng '{m[1]}'"),
    (re.compile(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'"),
     lambda m: f"dấu ngoặc đóng '{m[1]}' không khớp với dấu ngoặc mở '{m[2]}'"),
    (re.compile(r"unterminated (triple-quoted )?string"),
     lambda m: "chuỗi chưa đóng: thiếu dấu nháy ở cuối chuỗi"),
    (re.compile(r"invalid character '(.)' \(U\+([0-9A-Fa-f]+)\)"), lambda m: _invalid_character(m[1], m[2])),
    (re.compile(r"invalid non-printable character U\+([0-9A-Fa-f]+)"),
     lambda m: f"ký tự không in được U+{m[1]} (ví dụ dấu cách không ngắt); hãy xóa rồi gõ lại"),
    (re.compile(r"invalid decimal literal"),
     lambda m: "số viết sai (dấu phẩy thập phân? hãy dùng dấu chấm: 0.5; tên không được bắt đầu bằng chữ số)"),
    (re.compile(r"invalid (hexadecimal|octal|binary|imaginary) literal"),
     lambda m: "số viết sai; chỉ dùng số thập phân, ví dụ 12 hoặc 0.5"),
    (re.compile(r"leading zeros"), lambda m: "số không được bắt đầu bằng chữ số 0 (viết 7 thay cho 07)"),
    (re.compile(r"expected 'else'"), lambda m: "thiếu 'else': hãy viết 'a if điều_kiện else b'"),
    (re.compile(r"too many nested parentheses"),
     lambda m: "quá nhiều dấu ngoặc lồng nhau; hãy viết công thức đơn giản hơn"),
    (re.compile(r"cannot assign|cannot use assignment|cannot contain assignment|assignment expression|"
                r"Maybe you meant '=='"),
     lambda m: "không được gán giá trị trong công thức; để so sánh bằng hãy viết '=='"),
    (re.compile(r"unexpected EOF|was never closed"), lambda m: "thiếu dấu ngoặc đóng ')'"),
    (re.compile(r"indent"), lambda m: "thụt lề không đúng; hãy viết công thức trên một dòng hoặc trong dấu ngoặc"),
    (re.compile(r"keyword argument|positional argument"), lambda m: "hàm trong công thức không nhận đối số có tên"),
    (re.compile(r"line continuation"), lambda m: "dấu '\\' không dùng được trong công thức"),
    (re.compile(r"f-string"), lambda m: "không hỗ trợ chuỗi định dạng f'...'"),
    (re.compile(r"forgot a comma"), lambda m: "thiếu toán tử giữa hai giá trị (ví dụ '+' hoặc 'and')"),
    (re.compile(r"expected ':'|outside function|'return'|'import'|'lambda'"),
     lambda m: "cú pháp này không dùng được trong công thức"),
)


def _invalid_character(char: str, code: str) -> str:
    message = f"ký tự '{char}' (U+{code.upper()}) không dùng được trong công thức"
    replacement = _LOOK_ALIKE_OPERATORS.get(char)
    return message + (f"; hãy viết '{replacement}'" if replacement else "")


def _syntax_issue(body: str, lead: int, exc: SyntaxError) -> FormulaIssue:
    """Python's syntax error said in Vietnamese, at its character position in the formula."""
    source = _Source(body)
    lineno = exc.lineno or 1
    # SyntaxError columns already count characters, from 1; 0 means the text ended too early
    offset = source.offset(lineno, 0) + exc.offset - 1 if exc.offset else len(body)
    offset = min(max(offset, 0), len(body))
    percent = _PERCENT_AFTER_NUMBER.search(_STRINGS.sub(lambda m: " " * len(m.group()), body))
    if percent is not None:
        fraction = (Decimal(percent[1]) / 100).normalize()
        return FormulaIssue(f"công thức sai cú pháp: trong công thức, {percent[1]}% hãy viết {fraction:f} "
                            "(dấu % là phép chia lấy dư)", lead + percent.start(), code=Code.FORMULA_SYNTAX)
    return FormulaIssue(f"công thức sai cú pháp: {_syntax_hint(body, offset, exc.msg or '')}", lead + offset,
                        code=Code.FORMULA_SYNTAX)


def _syntax_hint(body: str, offset: int, message: str) -> str:
    for pattern, translate in _PYTHON_SYNTAX:
        match = pattern.search(message)
        if match is not None:
            return translate(match)
    if offset >= len(body.rstrip()):
        return "công thức kết thúc giữa chừng (thiếu số, tên hoặc 'else' sau cùng?)"
    near = shorten(body[offset:offset + 12], 20)
    return f"không đọc được công thức từ '{near}' (ký tự thứ {offset + 1})"


# -- the checker ---------------------------------------------------------------------------------


class _Checker:
    """Walks a parsed formula, infers its type and collects every issue."""

    def __init__(self, types: Mapping[str, ValueType], source: _Source | None = None, lead: int = 0) -> None:
        self.types = types
        self.source = source
        self.lead = lead
        self.issues: list[FormulaIssue] = []
        self.refused: set[int] = set()  # ids of constants already reported

    def fail(self, node: ast.AST, code: Code, message: str) -> None:
        offset = self.source.start(node) if self.source is not None else getattr(node, "col_offset", 0)
        self.issues.append(FormulaIssue(message, self.lead + offset, code=code))

    def show(self, node: ast.AST) -> str:
        """The node as the author wrote it, cut for a one-line message."""
        written = self.source.segment(node) if self.source is not None else ""
        return shorten(written or ast.unparse(node))

    def read_constants(self, tree: ast.AST) -> None:
        """Every number constant becomes the exact decimal its digits say (`0.1` is 0.1, and
        `7.00000000000000000001` is not 7); constants beyond 10^±100 are refused."""
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
                continue
            if isinstance(node.value, (int, float)):
                number = self._exact(node)
                if number is None:
                    continue
                node.value = number  # type: ignore[assignment]  # simpleeval returns it as is

    def _exact(self, node: ast.Constant) -> Decimal | None:
        written = self.source.segment(node) if self.source is not None else repr(node.value)
        try:
            number = Decimal(node.value) if isinstance(node.value, int) else Decimal(written.replace("_", ""))
        except decimal.InvalidOperation:
            number = Decimal(repr(node.value))
        if not number.is_finite() or (number and abs(number.adjusted()) > MAX_MAGNITUDE):
            self.fail(node, Code.FORMULA_CONSTANT_RANGE, f"hằng số '{shorten(written, 40)}' quá lớn hoặc quá nhỏ "
                            f"(giới hạn 10^±{MAX_MAGNITUDE})")
            self.refused.add(id(node))
            return None
        return number

    def check(self, node: ast.AST) -> ValueType | None:
        if type(node) in _FORBIDDEN_HINTS:
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, _FORBIDDEN_HINTS[type(node)])
            return None
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.BinOp):
            return self._chain(node)
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self._want(value, self.check(value), T_BOOL)
            return T_BOOL
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            return self._if_else(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, "danh sách chỉ được dùng sau 'in', ví dụ: x in ('a', 'b')"
                            "; nếu đây là số thập phân viết dấu phẩy, hãy viết dấu chấm: 0.5")
            return None
        self.fail(node, Code.FORMULA_NOT_SUPPORTED,
                        f"cú pháp '{type(node).__name__}' không được hỗ trợ trong công thức")
        return None

    def _want(self, node: ast.AST, actual: ValueType | None, expected: ValueType) -> None:
        if actual is None:
            return
        if actual.name != expected.name:
            self.fail(node, Code.FORMULA_TYPE_MISMATCH,
                            f"cần giá trị kiểu {expected.name}, nhưng '{self.show(node)}' có kiểu {actual.name}")

    def _constant(self, node: ast.Constant) -> ValueType | None:
        value = node.value
        if id(node) in self.refused:
            return None
        if isinstance(value, bool):
            return T_BOOL
        if isinstance(value, Decimal):
            return T_NUMBER
        if isinstance(value, str):
            if len(value) > MAX_TEXT_CONSTANT:
                self.fail(node, Code.FORMULA_TOO_LONG,
                                f"chuỗi quá dài ({len(value)} ký tự, tối đa {MAX_TEXT_CONSTANT})")
                return None
            return T_TEXT
        self.fail(node, Code.FORMULA_NOT_SUPPORTED, f"hằng số '{self.show(node)}' không được hỗ trợ")
        return None

    def _name(self, node: ast.Name) -> ValueType | None:
        name = node.id
        shown = shorten(name)
        if name.startswith("_"):
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, f"tên '{shown}' bắt đầu bằng '_' không được phép")
            return None
        if name in self.types:
            return self.types[name]
        if name in FUNCTIONS:
            self.fail(node, Code.FORMULA_FUNCTION_CALL, f"'{name}' là một hàm, cần gọi kèm dấu ngoặc: {name}(...)")
            return None
        self.fail(node, Code.FORMULA_UNKNOWN_NAME, f"tên '{shown}' chưa được khai báo trong 'indicators' hoặc 'derived'"
                        + did_you_mean(name, list(self.types)))
        return None

    def _unary(self, node: ast.UnaryOp) -> ValueType | None:
        operand = self.check(node.operand)
        if isinstance(node.op, ast.Not):
            self._want(node.operand, operand, T_BOOL)
            return T_BOOL
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            self._want(node.operand, operand, T_NUMBER)
            return T_NUMBER
        self.fail(node, Code.FORMULA_NOT_SUPPORTED, "toán tử '~' không được hỗ trợ")
        return None

    def _if_else(self, node: ast.IfExp) -> ValueType | None:
        self._want(node.test, self.check(node.test), T_BOOL)
        body, orelse = self.check(node.body), self.check(node.orelse)
        if body and orelse and body.name != orelse.name:
            self.fail(node, Code.FORMULA_TYPE_MISMATCH,
                            f"hai nhánh của 'if … else' khác kiểu ({body.name} và {orelse.name})")
            return None
        if body and orelse and body.choices is not None and orelse.choices is not None:
            return ValueType(body.name, body.choices | orelse.choices)
        return body or orelse

    def _chain(self, node: ast.BinOp) -> ValueType | None:
        """`a + b - c …`: the left operands are walked as a list, not recursively."""
        chain = [node]
        while isinstance(chain[-1].left, ast.BinOp):
            chain.append(chain[-1].left)
        result = self.check(chain[-1].left)
        for item in reversed(chain):
            result = self._arithmetic(item, result, self.check(item.right))
        return result

    def _arithmetic(self, node: ast.BinOp, left: ValueType | None, right: ValueType | None) -> ValueType | None:
        symbol = _BINOPS.get(type(node.op))
        if symbol is None:
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, "toán tử không được hỗ trợ (chỉ dùng + - * / ** %)")
            return None
        if isinstance(node.op, ast.Pow) and not _constant_exponent(node.right):
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, f"số mũ của '**' phải là một hằng số không quá {MAX_EXPONENT}")
            return None
        for side, kind in ((node.left, left), (node.right, right)):
            if kind is not None and kind.name != NUMBER:
                self.fail(side, Code.FORMULA_TYPE_MISMATCH,
                                f"phép '{symbol}' chỉ dùng cho số, nhưng '{self.show(side)}' có kiểu {kind.name}")
                return None
        return T_NUMBER if left and right else None

    def _compare(self, node: ast.Compare) -> ValueType:
        if len(node.ops) > 1 and any(isinstance(op, _MEMBERSHIP) for op in node.ops):
            self.fail(node, Code.FORMULA_NOT_SUPPORTED, "'in' không dùng trong chuỗi so sánh; hãy tách bằng 'and'")
            return T_BOOL
        left_node: ast.AST = node.left
        left = self.check(left_node)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op, _MEMBERSHIP):
                self._membership(left, right_node)
                continue
            if not isinstance(op, (*_EQUALITY, *_ORDERING)):
                self.fail(node, Code.FORMULA_NOT_SUPPORTED, "phép so sánh không được hỗ trợ (dùng == != < <= > >= in)")
                continue
            right = self.check(right_node)
            self._comparable(node, (left_node, left), (right_node, right), op)
            left_node, left = right_node, right
        return T_BOOL

    def _membership(self, left: ValueType | None, right_node: ast.AST) -> None:
        if not isinstance(right_node, (ast.Tuple, ast.List)) or not all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right_node.elts
        ):
            self.fail(right_node, Code.FORMULA_NOT_SUPPORTED,
                                  "sau 'in' cần một danh sách mã lựa chọn, ví dụ: ('tot', 'kha')")
            return
        if not right_node.elts:
            self.fail(right_node, Code.FORMULA_NOT_SUPPORTED,
                                  "danh sách sau 'in' rỗng; hãy liệt kê ít nhất một mã lựa chọn")
            return
        for element in right_node.elts:
            assert isinstance(element, ast.Constant)
            self._known_choice(element, left, str(element.value))

    def _comparable(
        self, node: ast.AST, left_side: tuple[ast.AST, ValueType | None],
        right_side: tuple[ast.AST, ValueType | None], op: ast.cmpop,
    ) -> None:
        (left_node, left), (right_node, right) = left_side, right_side
        if left is None or right is None:
            return
        ordering = isinstance(op, _ORDERING)
        if left.choices is not None or right.choices is not None or (left.name == TEXT and right.name == TEXT):
            self._compare_codes(node, left_side, right_side, ordering)
            return
        if left.name != right.name:
            self.fail(node, Code.FORMULA_TYPE_MISMATCH, f"không so sánh được {left.name} '{self.show(left_node)}' với "
                            f"{right.name} '{self.show(right_node)}'")
            return
        if left.name == BOOL and ordering:
            self.fail(node, Code.FORMULA_TYPE_MISMATCH, "giá trị đúng/sai chỉ so sánh bằng '==' hoặc '!='")

    def _compare_codes(
        self, node: ast.AST, left_side: tuple[ast.AST, ValueType | None],
        right_side: tuple[ast.AST, ValueType | None], ordering: bool,
    ) -> None:
        """Choices and text: equality only; a code must be declared; two choices must share codes."""
        (left_node, left), (right_node, right) = left_side, right_side
        assert left is not None and right is not None
        if ordering:
            self.fail(node, Code.FORMULA_TYPE_MISMATCH,
                            f"không so sánh thứ tự '{self.show(node)}': mã lựa chọn là chữ, không có thứ tự; "
                            "chỉ dùng '==', '!=' hoặc 'in', hoặc dùng quy tắc 'levels' để cho điểm từng mức")
            return
        if left.choices is not None and right.choices is not None:
            if not left.choices & right.choices:
                self.fail(node, Code.FORMULA_TYPE_MISMATCH,
                                f"'{self.show(left_node)}' và '{self.show(right_node)}' không có mã lựa chọn "
                                "chung nên không bao giờ bằng nhau; hãy so sánh mỗi bên với một mã cụ thể")
            return
        if left.name == TEXT and right.name == TEXT:
            return
        for code_node, kind, other in ((right_node, right, left), (left_node, left, right)):
            if other.choices is not None and kind.name == TEXT and isinstance(code_node, ast.Constant):
                self._known_choice(code_node, other, str(code_node.value))
                return
        self.fail(node, Code.FORMULA_TYPE_MISMATCH, f"không so sánh được {left.name} '{self.show(left_node)}' với "
                        f"{right.name} '{self.show(right_node)}'")

    def _known_choice(self, node: ast.AST, kind: ValueType | None, value: str) -> None:
        if kind is None or kind.choices is None:
            if kind is not None:
                self.fail(node, Code.FORMULA_TYPE_MISMATCH,
                                f"'{shorten(value)}' là chuỗi, nhưng giá trị được so sánh có kiểu {kind.name}")
            return
        if value not in kind.choices:
            self.fail(node, Code.FORMULA_UNKNOWN_CHOICE, f"lựa chọn '{shorten(value)}' không có trong 'choices' "
                            f"({shorten(', '.join(sorted(kind.choices)), 120)})"
                            + did_you_mean(value, sorted(kind.choices)))

    def _call(self, node: ast.Call) -> ValueType | None:
        if not isinstance(node.func, ast.Name):
            self.check(node.func)
            return None
        name = node.func.id
        if name not in FUNCTIONS:
            self.fail(node, Code.FORMULA_FUNCTION_NOT_ALLOWED,
                            f"hàm '{shorten(name)}' không được phép; chỉ dùng: {', '.join(FUNCTIONS)}"
                            + did_you_mean(name, list(FUNCTIONS)))
            return None
        if node.keywords:
            self.fail(node, Code.FORMULA_FUNCTION_CALL, f"hàm '{name}' không nhận đối số có tên")
            return None
        _, low, high, result = FUNCTIONS[name]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = str(low) if low == high else f"ít nhất {low}"
            self.fail(node, Code.FORMULA_FUNCTION_CALL, f"hàm '{name}' cần {wanted} đối số, nhận {count}")
            return None
        if name == "ngay":
            return self._date(node)
        for arg in node.args:
            self._want(arg, self.check(arg), T_NUMBER)
        return result

    def _date(self, node: ast.Call) -> ValueType | None:
        arg = node.args[0]
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            self.fail(node, Code.FORMULA_FUNCTION_CALL, "ngay(...) cần một chuỗi ngày, ví dụ ngay('31/01/2025')")
            return None
        try:
            parse_date(arg.value)
        except ValueError as exc:
            self.fail(arg, Code.FORMULA_BAD_DATE, str(exc))
        return T_DATE


def _constant_exponent(node: ast.AST) -> bool:
    """A number constant (possibly signed) no larger than MAX_EXPONENT."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return (isinstance(node, ast.Constant) and isinstance(node.value, Decimal)
            and abs(node.value) <= MAX_EXPONENT)
