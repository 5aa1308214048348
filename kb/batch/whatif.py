"""What-if parameters for `binggui screen --set/--params`: parsed exactly, bounded before they are
made exact, and applied as a copy of the rule base for `--explain`. The SQL program itself takes
them as a swapped parameters table (kb.batch.tables.params_rows)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from kb.batch.errors import ScreenError
from kb.batch.literals import MONEY_DIGITS, SCALE
from kb.core.model import RuleBase


def parse_overrides(items: list[str], rulebase: RuleBase) -> dict[str, dict[str, Fraction]]:
    """`jurisdiction.parameter=VALUE` (exact decimal), or `=+5%` / `=-3%` / `=*1.05`: the parameter's
    latest value scaled. The value then applies at every assessment date."""
    out: dict[str, dict[str, Fraction]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        jid, dot, name = key.strip().partition(".")
        if not sep or not dot:
            raise ScreenError(f"--set {item!r}: expected <jurisdiction>.<parameter>=<value>")
        j = rulebase.jurisdictions.get(jid)
        if j is None:
            raise ScreenError(f"--set {item!r}: unknown jurisdiction {jid!r}; known: {', '.join(sorted(rulebase.jurisdictions))}")
        if name not in j.parameters:
            raise ScreenError(f"--set {item!r}: {jid} has no parameter {name!r}; it has {', '.join(sorted(j.parameters))}")
        value = value.strip()
        if value.endswith("%") or value.startswith("*"):
            latest = j.parameters[name].values[-1].value
            number = _bounded(item, value[:-1] if value.endswith("%") else value[1:])
            amount = latest * ((1 + number / 100) if value.endswith("%") else number)
        else:
            amount = _bounded(item, value)
        if amount < 0:   # every parameter is an amount, a line, an age or a multiplier
            raise ScreenError(f"--set {item!r}: the value {float(amount):.6g} is below 0; {jid}.{name} cannot be negative")
        if abs(amount) >= 10 ** MONEY_DIGITS or (amount * 10 ** SCALE).denominator != 1:
            raise ScreenError(f"--set {item!r}: the value {float(amount):.6g} is outside the supported range "
                              f"(below 10^{MONEY_DIGITS}, at most {SCALE} decimals)")
        out.setdefault(jid, {})[name] = amount
    return out


def _bounded(item: str, text: str) -> Fraction:
    """A decimal number, refused before it is made exact when it is far outside any money range
    (Fraction(Decimal('1e999999999')) would compute a billion-digit integer)."""
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is not a number") from None
    if not d.is_finite():
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is not a finite number")
    if d and not (-3 * MONEY_DIGITS <= d.adjusted() < MONEY_DIGITS):
        raise ScreenError(f"--set {item!r}: {text.strip()!r} is outside the supported range "
                          f"(below 10^{MONEY_DIGITS}, at most {SCALE} decimals)")
    return Fraction(d)


def read_params_file(path: Path) -> list[str]:
    """A YAML or JSON mapping `jurisdiction.parameter: value` (or nested `jurisdiction: {parameter: value}`)."""
    import yaml
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ScreenError(f"{path}: cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise ScreenError(f"{path}: not UTF-8 text; save the file as UTF-8") from None
    except yaml.YAMLError as err:
        # one located line: YAML's own message spans several, with its context
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        what = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ScreenError(f"{where}: not YAML or JSON ({what})") from None
    if not isinstance(doc, dict):
        raise ScreenError(f"{path}: expected a mapping of jurisdiction.parameter: value")
    items = []
    for k, v in doc.items():
        if isinstance(v, dict):
            items += [f"{k}.{name}={_plain(x)}" for name, x in v.items()]
        else:
            items.append(f"{k}={_plain(v)}")
    return items


def _plain(v) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def with_overrides(rulebase: RuleBase, overrides: dict[str, dict[str, Fraction]]) -> RuleBase:
    """A copy of the rule base whose overridden parameters have a single value (for --explain)."""
    import copy
    from kb.core.parameters import Parameter, ParamValue
    rb = copy.copy(rulebase)
    rb.jurisdictions = dict(rulebase.jurisdictions)
    for jid, values in overrides.items():
        j = copy.copy(rb.jurisdictions[jid])
        j.parameters = dict(j.parameters)
        for name, v in values.items():
            old = j.parameters[name]
            first = old.values[0]
            j.parameters[name] = Parameter(name, old.label, old.unit, (
                ParamValue(name, v, first.effective_from.replace(year=1900), "what-if (--set)", True),))
        rb.jurisdictions[jid] = j
    return rb
