"""Display rounding takes a fixed-width fast path for figures of ordinary length; it must give
exactly what a context measured to the value (the slow path) gives, for short and very long values."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.core.numbers import format_number, format_points, fraction_of, percent_of, round_half_up


def _wide(value: Decimal, decimals: int = 0) -> decimal.Context:
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    width = len(digits) + abs(exponent) + decimals + 10
    return decimal.Context(prec=max(width, 40), rounding=ROUND_HALF_UP, Emax=decimal.MAX_EMAX,
                           Emin=decimal.MIN_EMIN)


def _dotted(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def slow_round(value: Decimal, decimals: int) -> Decimal:
    context = _wide(value, decimals)
    return value.quantize(Decimal(1).scaleb(-decimals, context), rounding=ROUND_HALF_UP, context=context)


def slow_format(value: Decimal, decimals: int | None = None) -> str:
    if decimals is not None:
        return _dotted(f"{slow_round(value, decimals):,.{decimals}f}")
    normal = value.normalize(_wide(value))
    whole = normal == normal.to_integral_value(context=_wide(normal))
    return _dotted(f"{int(normal):,}" if whole else f"{normal:,f}")


def slow_points(value: Decimal, decimals: int) -> str:
    rounded = slow_round(value, decimals)
    return slow_format(rounded.normalize(_wide(rounded)))


decimals_strategy = st.decimals(allow_nan=False, allow_infinity=False)
coefficients = st.integers(min_value=-(10 ** 130), max_value=10 ** 130)
exponents = st.integers(min_value=-140, max_value=140)


@st.composite
def figures(draw: st.DrawFn) -> Decimal:
    if draw(st.booleans()):
        return draw(decimals_strategy)
    coefficient = draw(coefficients)
    return Decimal(coefficient).scaleb(draw(exponents), _wide(Decimal(coefficient), 200))


def _check(value: Decimal, places: int) -> None:
    assert str(round_half_up(value, places)) == str(slow_round(value, places))
    assert format_points(value, places) == slow_points(value, places)
    assert format_number(value, places) == slow_format(value, places)
    assert format_number(value) == slow_format(value)
    assert str(percent_of(value)) == str(value.scaleb(2, _wide(value)))
    assert str(fraction_of(value)) == str(value.scaleb(-2, _wide(value)))


@given(figures(), st.integers(min_value=0, max_value=12))
def test_fast_display_is_the_measured_display(value: Decimal, places: int) -> None:
    _check(value, places)


@pytest.mark.parametrize(("text", "places"), [
    ("0", 2), ("-0", 2), ("-0.001", 2), ("0.005", 2), ("-0.005", 2), ("2.50", 2), ("1801.5", 0),
    ("1E+50", 2), ("1" * 99 + ".5", 2), ("1" * 101 + ".5", 2), ("0." + "0" * 120 + "1", 3),
    ("12345678901234567890123456789.999", 2), ("1E-200", 0), ("-9.9999999999999999999999999999999999999", 4),
])
def test_edges(text: str, places: int) -> None:
    _check(Decimal(text), places)


@pytest.mark.parametrize(("text", "places", "points", "number"), [
    ("0.745", 2, "0,75", "0,75"),
    ("2.0", 2, "2", "2,00"),
    ("1801.5", 1, "1.801,5", "1.801,5"),
    ("-0.001", 2, "0", "-0,00"),
    ("1234567.125", 2, "1.234.567,13", "1.234.567,13"),
])
def test_worked_examples(text: str, places: int, points: str, number: str) -> None:
    assert format_points(Decimal(text), places) == points
    assert format_number(Decimal(text), places) == number
