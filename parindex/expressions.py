"""The formula language: Python-like expressions checked before any data, evaluated by simpleeval.

A formula is parsed and checked once per criteria set (`compile_formula`), then evaluated for
each unit with exact decimals (`Formula.evaluate`). The checks find, before any data is read,
everything simpleeval would only find at run time: unknown names (with a suggestion that ignores
case and Vietnamese accents), `=` written for `==`, attribute access, dunder names, lambdas,
comprehensions, functions outside the allow-list, wrong argument counts, and type mismatches
(text in arithmetic, a choice compared with a value it does not have).

This module is the only importer of simpleeval.
"""

from __future__ import annotations

import ast
import datetime as dt
import decimal
import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import simpleeval  # type: ignore[import-untyped]

from parindex.errors import FormulaError

MAX_FORMULA_LENGTH = 2_000
MAX_EXPONENT = 100

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
    """A problem in a formula; `offset` is the 0-based column inside the formula text."""

    message: str
    offset: int = 0


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
    raise ValueError(f"'{text}' không phải ngày hợp lệ; hãy viết dd/mm/yyyy, ví dụ 15/01/2025")


# name -> (callable, min args, max args or None, result type, argument kind)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None, ValueType]] = {
    "min": (_min, 2, None, T_NUMBER),
    "max": (_max, 2, None, T_NUMBER),
    "abs": (abs, 1, 1, T_NUMBER),
    "ngay": (_date, 1, 1, T_DATE),
}

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.Mod: "%"}
_COMPARE = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_FORBIDDEN_HINTS: dict[type[ast.AST], str] = {
    ast.Attribute: "không được truy cập thuộc tính (dấu '.' sau một tên)",
    ast.Lambda: "không hỗ trợ lambda",
    ast.ListComp: "không hỗ trợ biểu thức duyệt danh sách (comprehension)",
    ast.SetComp: "không hỗ trợ biểu thức duyệt danh sách (comprehension)",
    ast.DictComp: "không hỗ trợ biểu thức duyệt danh sách (comprehension)",
    ast.GeneratorExp: "không hỗ trợ biểu thức duyệt danh sách (comprehension)",
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


def fold_name(text: str) -> str:
    """Lower case without Vietnamese accents: 'Tỷ_lệ_Đúng_hạn' -> 'ty_le_dung_han'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def suggest(name: str, candidates: list[str]) -> str | None:
    """The closest candidate to `name`, comparing without case and accents."""
    folded = {fold_name(c): c for c in candidates}
    key = fold_name(name)
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def did_you_mean(name: str, candidates: list[str]) -> str:
    guess = suggest(name, candidates)
    return f"; có phải là '{guess}'?" if guess else ""


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
        self._evaluator = evaluator

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """Evaluate with the given name values; any failure becomes a `FormulaError`.

        Call inside `decimal.localcontext(numbers.EVAL_CONTEXT)` so that division by zero and
        overflow raise instead of producing Infinity. Not re-entrant (simpleeval keeps state).
        """
        evaluator = self._evaluator
        evaluator.names = values
        try:
            return evaluator.eval(self.text, previously_parsed=self.tree.body)
        except (ZeroDivisionError, decimal.DivisionByZero, decimal.DivisionUndefined):
            raise FormulaError("phép chia cho 0") from None
        except decimal.Overflow:
            raise FormulaError("kết quả quá lớn") from None
        except decimal.InvalidOperation:
            raise FormulaError("phép tính không xác định (ví dụ 0/0)") from None
        except simpleeval.NumberTooHigh:
            raise FormulaError("lũy thừa quá lớn") from None
        except (TypeError, ValueError, ArithmeticError, simpleeval.InvalidExpression) as exc:
            raise FormulaError(f"không tính được: {exc}") from None

    def substitute(self, shown: Mapping[str, str]) -> str:
        """The formula text with each name replaced by its shown value: '(360 + 51) / 411'."""
        spans: list[tuple[int, int, str]] = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Name) and node.id in shown:
                spans.append((node.col_offset, node.end_col_offset or node.col_offset, shown[node.id]))
        text = self.text
        for start, end, value in sorted(spans, reverse=True):
            text = text[:start] + value + text[end:]
        return text

    @property
    def is_bare_name(self) -> bool:
        return isinstance(self.tree.body, ast.Name)


def _safe_power(base: Any, exponent: Any) -> Any:
    if isinstance(exponent, Decimal) and abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"số mũ quá lớn (tối đa {MAX_EXPONENT})")
    return simpleeval.safe_power(base, exponent)


_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: _safe_power,
    ast.Mod: lambda a, b: a % b,
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Gt: lambda a, b: a > b,
    ast.Lt: lambda a, b: a < b,
    ast.GtE: lambda a, b: a >= b,
    ast.LtE: lambda a, b: a <= b,
    ast.Not: lambda a: not a,
    ast.USub: lambda a: -a,
    ast.UAdd: lambda a: +a,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


def compile_formula(
    text: str, types: Mapping[str, ValueType], expected: ValueType | None = None
) -> Formula:
    """Parse and check `text` against the declared names; raise `FormulaInvalid` with all issues."""
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaInvalid([FormulaIssue(f"công thức quá dài ({len(text)} ký tự, tối đa {MAX_FORMULA_LENGTH})")])
    stripped_strings = _STRINGS.sub(lambda m: " " * len(m.group()), text)
    equals = _SINGLE_EQUALS.search(stripped_strings)
    if equals:
        raise FormulaInvalid([FormulaIssue(
            "dấu '=' là phép gán; để so sánh bằng hãy viết '==' (ví dụ 'a == b')", equals.start())])
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset or 1) - 1
        raise FormulaInvalid([FormulaIssue(f"công thức sai cú pháp: {_syntax_hint(exc)}", offset)]) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaInvalid([FormulaIssue("công thức không đọc được (quá phức tạp hoặc có ký tự lạ)")]) from None
    checker = _Checker(types)
    try:
        result = checker.check(tree.body)
    except RecursionError:
        raise FormulaInvalid([FormulaIssue("công thức lồng nhau quá sâu")]) from None
    if expected is not None and result is not None and not checker.issues and not _compatible(result, expected):
        checker.issues.append(FormulaIssue(
            f"công thức cho kết quả kiểu {result.name}, cần kiểu {expected.name}"))
    if checker.issues:
        raise FormulaInvalid(checker.issues)
    _to_decimal_constants(tree)
    assert result is not None
    names = tuple(dict.fromkeys(
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in types))
    return Formula(text.strip(), tree, result, names)


def _compatible(actual: ValueType, expected: ValueType) -> bool:
    if expected.name == NUMBER and actual.name == BOOL:
        return False
    return actual.name == expected.name or (expected.name == TEXT and actual.choices is not None)


def _syntax_hint(exc: SyntaxError) -> str:
    message = exc.msg or "không rõ"
    if "never closed" in message or "unexpected EOF" in message or "was never closed" in message:
        return "thiếu dấu ngoặc đóng ')'"
    if "unmatched" in message:
        return "thừa dấu ngoặc đóng ')'"
    if "invalid decimal literal" in message:
        return "số viết sai (dấu phẩy thập phân? hãy dùng dấu chấm: 0.5)"
    if "too many nested parentheses" in message:
        return "quá nhiều dấu ngoặc lồng nhau; hãy viết công thức đơn giản hơn"
    return message


def _to_decimal_constants(tree: ast.AST) -> None:
    """Numbers written in formulas become exact decimals (0.1 is 0.1, not a float)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            exact = Decimal(repr(node.value)) if isinstance(node.value, float) else Decimal(node.value)
            node.value = exact  # type: ignore[assignment]  # simpleeval returns it as is


class _Checker:
    """Walks a parsed formula, infers its type and collects every issue."""

    def __init__(self, types: Mapping[str, ValueType]) -> None:
        self.types = types
        self.issues: list[FormulaIssue] = []

    def fail(self, node: ast.AST, message: str) -> None:
        self.issues.append(FormulaIssue(message, getattr(node, "col_offset", 0)))

    def check(self, node: ast.AST) -> ValueType | None:  # noqa: C901 - one branch per node kind
        if type(node) in _FORBIDDEN_HINTS:
            self.fail(node, _FORBIDDEN_HINTS[type(node)])
            return None
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.check(node.operand)
            if isinstance(node.op, ast.Not):
                self._want(node.operand, operand, T_BOOL)
                return T_BOOL
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                self._want(node.operand, operand, T_NUMBER)
                return T_NUMBER
            self.fail(node, "toán tử không được hỗ trợ")
            return None
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self._want(value, self.check(value), T_BOOL)
            return T_BOOL
        if isinstance(node, ast.Compare):
            return self._compare(node)
        if isinstance(node, ast.IfExp):
            self._want(node.test, self.check(node.test), T_BOOL)
            body, orelse = self.check(node.body), self.check(node.orelse)
            if body and orelse and body.name != orelse.name:
                self.fail(node, f"hai nhánh của 'if … else' khác kiểu ({body.name} và {orelse.name})")
            return body or orelse
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.Tuple, ast.List)):
            self.fail(node, "danh sách chỉ được dùng sau 'in', ví dụ: x in ('a', 'b')"
                            "; nếu đây là số thập phân viết dấu phẩy, hãy viết dấu chấm: 0.5")
            return None
        self.fail(node, f"cú pháp '{type(node).__name__}' không được hỗ trợ trong công thức")
        return None

    def _want(self, node: ast.AST, actual: ValueType | None, expected: ValueType) -> None:
        if actual is None:
            return
        if actual.name != expected.name:
            self.fail(node, f"cần giá trị kiểu {expected.name}, nhưng '{ast.unparse(node)}' có kiểu {actual.name}")

    def _constant(self, node: ast.Constant) -> ValueType | None:
        value = node.value
        if isinstance(value, bool):
            return T_BOOL
        if isinstance(value, (int, float)):
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                self.fail(node, "số quá lớn hoặc không hữu hạn")
                return None
            if isinstance(value, int) and abs(value) > 10**30:
                self.fail(node, "số quá lớn")
                return None
            return T_NUMBER
        if isinstance(value, str):
            if len(value) > 200:
                self.fail(node, "chuỗi quá dài")
                return None
            return T_TEXT
        self.fail(node, f"hằng số '{ast.unparse(node)}' không được hỗ trợ")
        return None

    def _name(self, node: ast.Name) -> ValueType | None:
        name = node.id
        if name.startswith("_"):
            self.fail(node, f"tên '{name}' bắt đầu bằng '_' không được phép")
            return None
        if name in ("True", "False"):
            return T_BOOL
        if name in self.types:
            return self.types[name]
        if name in FUNCTIONS:
            self.fail(node, f"'{name}' là một hàm, cần gọi kèm dấu ngoặc: {name}(...)")
            return None
        self.fail(node, f"tên '{name}' chưa được khai báo trong 'indicators' hoặc 'derived'"
                        + did_you_mean(name, list(self.types)))
        return None

    def _binop(self, node: ast.BinOp) -> ValueType | None:
        left, right = self.check(node.left), self.check(node.right)
        symbol = _BINOPS.get(type(node.op))
        if symbol is None:
            self.fail(node, "toán tử không được hỗ trợ (chỉ dùng + - * / ** %)")
            return None
        if isinstance(node.op, ast.Pow) and not (
            isinstance(node.right, ast.Constant) and isinstance(node.right.value, (int, float))
            and not isinstance(node.right.value, bool) and abs(node.right.value) <= MAX_EXPONENT
        ):
            self.fail(node, f"số mũ của '**' phải là một hằng số không quá {MAX_EXPONENT}")
            return None
        for side, kind in ((node.left, left), (node.right, right)):
            if kind is not None and kind.name != NUMBER:
                self.fail(side, f"phép '{symbol}' chỉ dùng cho số, nhưng '{ast.unparse(side)}' có kiểu {kind.name}")
                return None
        return T_NUMBER if left and right else None

    def _compare(self, node: ast.Compare) -> ValueType:
        left_node: ast.AST = node.left
        left = self.check(left_node)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            if not isinstance(op, _COMPARE):
                self.fail(node, "phép so sánh không được hỗ trợ (dùng == != < <= > >= in)")
                continue
            if isinstance(op, (ast.In, ast.NotIn)):
                self._membership(left_node, left, right_node)
                left_node, left = right_node, None
                continue
            right = self.check(right_node)
            self._comparable(node, left_node, left, right_node, right, op)
            left_node, left = right_node, right
        return T_BOOL

    def _membership(self, left_node: ast.AST, left: ValueType | None, right_node: ast.AST) -> None:
        if not isinstance(right_node, (ast.Tuple, ast.List)) or not all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right_node.elts
        ):
            self.fail(right_node, "sau 'in' cần một danh sách chuỗi, ví dụ: ('tot', 'kha')")
            return
        for element in right_node.elts:
            assert isinstance(element, ast.Constant)
            self._known_choice(element, left, str(element.value))

    def _comparable(
        self, node: ast.AST, left_node: ast.AST, left: ValueType | None,
        right_node: ast.AST, right: ValueType | None, op: ast.cmpop,
    ) -> None:
        if left is None or right is None:
            return
        if left.name == TEXT and right.name == TEXT:
            return
        if left.choices is not None and right.name == TEXT and isinstance(right_node, ast.Constant):
            self._known_choice(right_node, left, str(right_node.value))
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                self.fail(node, "giá trị lựa chọn chỉ so sánh bằng '==' hoặc '!='")
            return
        if right.choices is not None and left.name == TEXT and isinstance(left_node, ast.Constant):
            self._known_choice(left_node, right, str(left_node.value))
            return
        if left.name != right.name or left.name == TEXT:
            self.fail(node, f"không so sánh được {left.name} '{ast.unparse(left_node)}' với "
                            f"{right.name} '{ast.unparse(right_node)}'")
            return
        if left.name == BOOL and not isinstance(op, (ast.Eq, ast.NotEq)):
            self.fail(node, "giá trị đúng/sai chỉ so sánh bằng '==' hoặc '!='")

    def _known_choice(self, node: ast.AST, kind: ValueType | None, value: str) -> None:
        if kind is None or kind.choices is None:
            if kind is not None:
                self.fail(node, f"'{value}' là chuỗi, nhưng giá trị được so sánh có kiểu {kind.name}")
            return
        if value not in kind.choices:
            self.fail(node, f"lựa chọn '{value}' không có trong 'choices' ({', '.join(sorted(kind.choices))})"
                            + did_you_mean(value, sorted(kind.choices)))

    def _call(self, node: ast.Call) -> ValueType | None:
        if not isinstance(node.func, ast.Name):
            self.check(node.func)
            return None
        name = node.func.id
        if name not in FUNCTIONS:
            self.fail(node, f"hàm '{name}' không được phép; chỉ dùng: {', '.join(FUNCTIONS)}"
                            + did_you_mean(name, list(FUNCTIONS)))
            return None
        if node.keywords:
            self.fail(node, f"hàm '{name}' không nhận đối số có tên")
            return None
        _, low, high, result = FUNCTIONS[name]
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = str(low) if low == high else f"ít nhất {low}"
            self.fail(node, f"hàm '{name}' cần {wanted} đối số, nhận {count}")
            return None
        if name == "ngay":
            arg = node.args[0]
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                self.fail(node, "ngay(...) cần một chuỗi ngày, ví dụ ngay('31/01/2025')")
                return None
            try:
                parse_date(arg.value)
            except ValueError as exc:
                self.fail(arg, str(exc))
            return T_DATE
        for arg in node.args:
            self._want(arg, self.check(arg), T_NUMBER)
        return result
