"""Exact money: Fractions inside, two-decimal strings outside (never binary floats)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import lru_cache


def exact(raw) -> Fraction:
    """A written number (YAML/JSON scalar or string) as an exact Fraction, never via a binary float."""
    if isinstance(raw, bool):
        raise ValueError(f"expected a number, got {raw!r}")
    if isinstance(raw, float):
        raw = repr(raw)   # a parsed float: take its written digits, not its binary value
    try:
        return Fraction(Decimal(str(raw)))
    except (InvalidOperation, ValueError) as err:
        raise ValueError(f"not a number: {raw!r}") from err


def fmt(value: Fraction | int, places: int = 2) -> str:
    """Render an exact value as a decimal string, rounded half-up only for display."""
    if type(value) is Fraction:
        # a Fraction's hash is a modular inverse: its text is kept by its exact ratio instead
        key = (*value.as_integer_ratio(), places)
        text = _FRACTION_TEXTS.get(key)
        if text is None:
            text = _fmt(value, places)
            if len(_FRACTION_TEXTS) < 4096:
                _FRACTION_TEXTS[key] = text
        return text
    return _fmt(value, places)


_FRACTION_TEXTS: dict[tuple[int, int, int], str] = {}


# Answers format the same few values again and again (parameters, their multiples, a household's
# totals), so the formatted text is kept; `typed`: True and 1 are equal keys but read differently.
@lru_cache(maxsize=4096, typed=True)
def _fmt(value: Fraction | int, places: int = 2) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    frac = Fraction(value)
    with localcontext() as ctx:
        # Enough digits for the integer part and the places: the default 28 would make
        # quantize() fail (InvalidOperation) on a value of 27 or more integer digits.
        ctx.prec = _digits(frac) + places + 2
        dec = Decimal(frac.numerator) / Decimal(frac.denominator)
        return str(dec.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _digits(frac: Fraction) -> int:
    """An upper bound of the decimal digits of frac's integer part (no str() of a huge int)."""
    whole = abs(frac.numerator) // frac.denominator
    return max(28, int(whole.bit_length() * 0.30103) + 2)


@lru_cache(maxsize=4096, typed=True)
def fmt_plain(value: Fraction | int) -> str:
    """Shortest exact form for thresholds in test text: 8400, 1.5, 0.70 stays 0.7."""
    frac = Fraction(value)
    if frac.denominator == 1:
        return str(frac.numerator)
    with localcontext() as ctx:
        ctx.prec = _digits(frac) + 2
        dec = Decimal(frac.numerator) / Decimal(frac.denominator)
        return format(dec.normalize(), "f") if len(str(dec)) < 20 else fmt(frac)
