"""Exact numbers: reading them from YAML values and writing them the Vietnamese way.

All points, thresholds and ratios are `decimal.Decimal`. A trailing "%" divides by 100, so
"80%" and 0.8 are the same threshold. Rounding happens only for display (half up).
"""

from __future__ import annotations

import decimal
import re
from decimal import ROUND_HALF_UP, Decimal

# Evaluation context: enough digits that a single quotient compared with a decimal threshold is
# decided exactly; traps turn 1/0, 0/0 and overflow into exceptions instead of Infinity/NaN.
EVAL_CONTEXT = decimal.Context(
    prec=40,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=10_000,
    Emin=-10_000,
    traps=[decimal.DivisionByZero, decimal.InvalidOperation, decimal.Overflow],
)

# Numbers read from files are at most 10**100 in size and at least 10**-100 (besides 0): beyond
# that they are typing slips, and bounding them keeps every later operation from overflowing.
MAX_MAGNITUDE = 100

# Comparisons of computed values (formula comparisons, bands, ratings, consistency checks, ranks)
# are made on values rounded to 30 significant digits. Arithmetic carries 40, so a value that is
# mathematically equal to another (1/3 + 1/3 + 1/3 and 1; 120/91 ÷ 5 and 240/91 ÷ 10) compares
# equal, while any real difference in a report's figures (at most a few dozen digits) is kept.
COMPARE_DIGITS = 30
_COMPARE_CONTEXT = decimal.Context(prec=COMPARE_DIGITS, rounding=decimal.ROUND_HALF_EVEN,
                                   Emax=10_000, Emin=-10_000)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

# ASCII digits only: Python's \d and Decimal() also accept Arabic-Indic, fullwidth and other
# digits, which no Vietnamese report uses and which would hide a copy-paste accident.
_PLAIN_NUMBER = re.compile(r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]+%?")
_THOUSANDS_DOT = re.compile(r"[-+]?[0-9]{1,3}(\.[0-9]{3})+")


def comparable(value: Decimal) -> Decimal:
    """`value` rounded to COMPARE_DIGITS significant digits: the form every comparison uses."""
    return _COMPARE_CONTEXT.plus(value)


class NumberFormatError(ValueError):
    """A value that should be a number is not one (the message says how to write it)."""


def parse_number(value: object) -> Decimal:
    """Read a number written in a YAML file: int, Decimal, or a string like "80%" or "0.25"."""
    if isinstance(value, bool):
        raise NumberFormatError(f"cần một số, không phải giá trị đúng/sai ({_show(value)})")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = _parse_text(value.strip())
    else:
        raise NumberFormatError(f"cần một số, nhận được {_kind_name(value)}")
    if not number.is_finite():
        raise NumberFormatError(f"giá trị {value!s} không phải là một số hữu hạn")
    if number and abs(number.adjusted()) > MAX_MAGNITUDE:
        raise NumberFormatError(f"'{_shorten(str(number))}' quá lớn hoặc quá nhỏ (giới hạn 10^±{MAX_MAGNITUDE})")
    return number


def _parse_text(text: str) -> Decimal:
    percent = text.endswith("%")
    body = text[:-1].strip() if percent else text
    if _PLAIN_NUMBER.fullmatch(body):
        try:
            number = Decimal(body)
        except decimal.InvalidOperation as exc:  # pragma: no cover - regex guards this
            raise NumberFormatError(f"'{text}' không phải là số") from exc
        if not number.is_finite() or (number and abs(number.adjusted()) > MAX_MAGNITUDE):
            raise NumberFormatError(f"'{_shorten(text)}' quá lớn hoặc quá nhỏ (giới hạn 10^±{MAX_MAGNITUDE})")
        return number / HUNDRED if percent else number
    if _DECIMAL_COMMA.fullmatch(text):
        dotted = text.replace(",", ".")
        raise NumberFormatError(
            f"'{text}' dùng dấu phẩy thập phân; trong tệp YAML hãy viết dấu chấm: {dotted}"
        )
    raise NumberFormatError(f"'{_shorten(text)}' không phải là số")


def _shorten(text: str) -> str:
    """A long value cut for a one-line message: '100000000000…000000 (5001 ký tự)'."""
    return text if len(text) <= 40 else f"{text[:12]}…{text[-6:]} ({len(text)} ký tự)"


def _kind_name(value: object) -> str:
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, dict):
        return "một bảng khóa–giá trị"
    if isinstance(value, list):
        return "một danh sách"
    return f"'{value}'"


def _show(value: bool) -> str:
    return "true" if value else "false"


def looks_like_thousands(value: Decimal) -> bool:
    """True for values such as 1.635 that a Vietnamese writer may mean as 1635."""
    return _THOUSANDS_DOT.fullmatch(str(value)) is not None


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """Vietnamese number format: '.' groups thousands, ',' marks decimals (1.801; 36,84).

    With `decimals`, round half up to that many places and drop nothing; without, print the
    exact value with trailing zeros removed.
    """
    if decimals is not None:
        value = round_half_up(value, decimals)
        text = f"{value:,.{decimals}f}"
    else:
        normal = value.normalize()
        text = f"{int(normal):,}" if normal == normal.to_integral_value() else f"{normal:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_points(value: Decimal, decimals: int) -> str:
    """Points are shown with at most `decimals` places and no useless trailing zeros (0,75; 2)."""
    rounded = round_half_up(value, decimals).normalize()
    if rounded == rounded.to_integral_value():
        rounded = rounded.to_integral_value()
    return format_number(rounded)


def format_value(value: Decimal, decimals: int, percent: bool = False) -> str:
    """A figure in a message: a percentage, a whole number as is, otherwise rounded to `decimals`."""
    if percent:
        return format_percent(value, decimals)
    if value == value.to_integral_value():
        return format_number(value)
    return format_number(value, decimals)


def format_percent(fraction: Decimal, decimals: int) -> str:
    return format_number(fraction * HUNDRED, decimals) + "%"


def format_threshold(value: Decimal, as_percent: bool) -> str:
    if as_percent:
        return format_number(value * HUNDRED) + "%"
    return format_number(value)
