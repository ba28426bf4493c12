"""Exact numbers: reading them from YAML values and writing them the Vietnamese way.

All points, thresholds and ratios are `decimal.Decimal`. A trailing "%" divides by 100, so
"80%" and 0.8 are the same threshold. Rounding happens only for display (half up).
"""

from __future__ import annotations

import decimal
import functools
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
            raise NumberFormatError(f"'{_shorten(text)}' không phải là số") from exc
        if not number.is_finite() or (number and abs(number.adjusted()) > MAX_MAGNITUDE):
            raise NumberFormatError(f"'{_shorten(text)}' quá lớn hoặc quá nhỏ (giới hạn 10^±{MAX_MAGNITUDE})")
        return fraction_of(number) if percent else number  # exact: '100.000…01%' stays above 1
    if _DECIMAL_COMMA.fullmatch(text):
        dotted = text.replace(",", ".")
        raise NumberFormatError(
            f"'{_shorten(text)}' dùng dấu phẩy thập phân; trong tệp YAML hãy viết dấu chấm: {_shorten(dotted)}"
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


def _display_context(value: Decimal, decimals: int = 0) -> decimal.Context:
    """A context wide enough that rounding, scaling by 100 and normalising `value` are exact.

    The default context keeps 28 digits: a 27-digit count shown with 2 decimals, or any figure
    within the documented 10^±100, would overflow it (InvalidOperation) or lose digits.
    """
    _sign, digits, exponent = value.as_tuple()
    scale = exponent if isinstance(exponent, int) else 0
    width = len(digits) + abs(scale) + max(decimals, 0) + 10
    return _wide_context(max(width, 40))


@functools.lru_cache(maxsize=256)
def _wide_context(precision: int) -> decimal.Context:
    """One display context per precision (making a Context costs more than the rounding itself)."""
    return decimal.Context(prec=precision, rounding=ROUND_HALF_UP, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


# The common case first: figures of up to _FAST_DIGITS digits are rounded, scaled and normalised in
# one fixed context that traps whatever a wider one would have avoided (a result too long to hold,
# a digit lost); only then is the value measured (`_display_context`) and the work done again. An
# operation that raises no trap here is exact, so its result is the one the wide context gives.
_FAST_DIGITS = 100
_FAST_ROUNDING = decimal.Context(prec=_FAST_DIGITS, rounding=ROUND_HALF_UP, Emax=decimal.MAX_EMAX,
                                 Emin=decimal.MIN_EMIN,
                                 traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Clamped])
_FAST_EXACT = decimal.Context(prec=_FAST_DIGITS, rounding=ROUND_HALF_UP, Emax=decimal.MAX_EMAX,
                              Emin=decimal.MIN_EMIN,
                              traps=[decimal.InvalidOperation, decimal.Overflow, decimal.Clamped,
                                     decimal.Inexact, decimal.Rounded, decimal.Underflow, decimal.Subnormal])


@functools.lru_cache(maxsize=64)
def _quantum(decimals: int) -> Decimal:
    """1 scaled to `decimals` places (Decimal("1E-2") for 2): the exponent that rounding keeps."""
    return Decimal((0, (1,), -decimals))


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    try:
        return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP, context=_FAST_ROUNDING)
    except decimal.DecimalException:
        context = _display_context(value, decimals)
        return value.quantize(Decimal(1).scaleb(-decimals, context), rounding=ROUND_HALF_UP, context=context)


def _normalized(value: Decimal) -> Decimal:
    """`value` without trailing zeros, exactly."""
    try:
        return value.normalize(_FAST_EXACT)
    except decimal.DecimalException:
        return value.normalize(_display_context(value))


def _scaled(value: Decimal, places: int) -> Decimal:
    """`value` × 10^places, exactly."""
    try:
        return value.scaleb(places, _FAST_EXACT)
    except decimal.DecimalException:
        return value.scaleb(places, _display_context(value))


def _dotted(text: str) -> str:
    """'1,801.5' (Python's grouping) written the Vietnamese way: '1.801,5'."""
    return text.translate(_DOTTED)


_DOTTED = str.maketrans({",": ".", ".": ","})


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """Vietnamese number format: '.' groups thousands, ',' marks decimals (1.801; 36,84).

    With `decimals`, round half up to that many places and drop nothing; without, print the
    exact value with trailing zeros removed. Exact for any finite value (no 28-digit limit).
    """
    if decimals is not None:
        return _dotted(f"{round_half_up(value, decimals):,.{decimals}f}")
    return _plain(_normalized(value))


def _plain(normal: Decimal) -> str:
    """A normalised value as written: whole numbers without a decimal part."""
    text = f"{int(normal):,}" if _is_whole(normal) else f"{normal:,f}"
    return _dotted(text)


def _is_whole(value: Decimal) -> bool:
    # Rounding to an integer keeps every digit before the point whatever the precision.
    return value == value.to_integral_value(context=_FAST_ROUNDING)


@functools.lru_cache(maxsize=4096)
def format_points(value: Decimal, decimals: int) -> str:
    """Points are shown with at most `decimals` places and no useless trailing zeros (0,75; 2).

    Remembered per value: the text depends on the value only (2.5 and 2.50 equal, and so hash,
    alike; -0 and 0 both show "0"), and a report shows the same few points again and again."""
    return _plain(_normalized(round_half_up(value, decimals)))


def format_value(value: Decimal, decimals: int, percent: bool = False) -> str:
    """A figure in a message: a percentage, a whole number as is, otherwise rounded to `decimals`."""
    if percent:
        return format_percent(value, decimals)
    if _is_whole(value):
        return format_number(value)
    return format_number(value, decimals)


def percent_of(fraction: Decimal) -> Decimal:
    """`fraction` × 100, exactly (0.89996 → 89.996)."""
    return _scaled(fraction, 2)


def fraction_of(percent: Decimal) -> Decimal:
    """`percent` ÷ 100, exactly (89.996 → 0.89996)."""
    return _scaled(percent, -2)


def format_percent(fraction: Decimal, decimals: int) -> str:
    return format_number(percent_of(fraction), decimals) + "%"


def format_threshold(value: Decimal, as_percent: bool) -> str:
    if as_percent:
        return format_number(percent_of(value)) + "%"
    return format_number(value)


class _Interned(dict[str, Decimal]):
    """Decimals read back from text, one object per spelling (points repeat across units)."""

    def __missing__(self, text: str) -> Decimal:
        if len(self) >= _INTERNED_LIMIT:
            self.clear()
        value = self[text] = Decimal(text)
        return value


_INTERNED_LIMIT = 200_000
_INTERNED = _Interned()


def encode_decimals(values: list[Decimal]) -> str:
    """Exact decimals as one text to send between processes: `decode_decimals` gives back equal
    values with the same digits and exponent (str of a Decimal reads back to itself)."""
    return " ".join(map(str, values))


def decode_decimals(text: str) -> list[Decimal]:
    """The decimals of `encode_decimals`, equal spellings sharing one object."""
    return list(map(_INTERNED.__getitem__, text.split(" "))) if text else []
