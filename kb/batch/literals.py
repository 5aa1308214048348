"""SQL text for values: quoted strings and exact decimal literals, and the money type.

Money is exact everywhere in the batch path: DECIMAL(38,4) on DuckDB, inputs below 10^12 yuan
with at most four decimals (so DECIMAL(18,4) on Spark leaves room for products and sums).
A Fraction becomes a decimal literal only when it is a finite decimal; anything else is refused
rather than rounded.
"""
from __future__ import annotations

from fractions import Fraction

from kb.compile.levels import Unsupported

SCALE = 4
MONEY_DIGITS = 12   # money is below 10^12 yuan: fits DECIMAL(18,4) on Spark with room for sums
DECIMAL = f"DECIMAL(38,{SCALE})"


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_decimal(value: Fraction) -> str:
    """An exact decimal literal; refuses values that are not finite decimals."""
    text = decimal_text(value)
    return f"({text})" if text.startswith("-") else text


def decimal_text(value: Fraction, max_places: int = 28) -> str:
    value = Fraction(value)
    num, den = value.numerator, value.denominator
    places = 0
    while 10 ** places % den and places <= max_places:
        places += 1
    if 10 ** places % den:
        raise Unsupported(f"{value} is not a finite decimal")
    scaled = num * (10 ** places // den)
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)


def fits_scale(value: Fraction) -> bool:
    return (Fraction(value) * 10 ** SCALE).denominator == 1
