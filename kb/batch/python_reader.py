"""The CSV input format read in Python into kb.core.facts.Household objects, cell by cell as the
SQL loader (kb.batch.load) reads it: for `binggui screen --explain` (one household through the
engine) and for the tests, which compare both readings."""
from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from kb.batch.columns import FALSE_WORDS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, TRUE_WORDS, column_type
from kb.batch.errors import ScreenError
from kb.batch.literals import MONEY_DIGITS, SCALE
from kb.core.facts import (BOOLEAN, CODE, CODES, DATE, HOUSEHOLD, INCOME_TYPES, INPUT_FACTS, INTEGER, MONEY,
                           Household, IncomeItem, Person)


def _parse(name: str, text: str, where: str):
    typ, codes = column_type(name)
    try:
        if typ == BOOLEAN:
            low = text.lower()
            if low in TRUE_WORDS:
                return True
            if low in FALSE_WORDS:
                return False
            raise ValueError
        if typ == CODE:
            if text not in codes:
                raise ValueError
            return text
        if typ == CODES:
            if text == "none":
                return frozenset()
            values = frozenset(text.replace(" ", "").split(";"))
            if not values <= set(codes):
                raise ValueError
            return values
        if typ == MONEY:
            d = Decimal(text)
            if not d.is_finite() or d.as_tuple().exponent < -SCALE or d.adjusted() >= MONEY_DIGITS:
                raise ValueError
            return Fraction(d)
        if typ == INTEGER:
            return int(text)
        if typ == DATE:
            return date.fromisoformat(text)
    except (ValueError, InvalidOperation):
        raise ScreenError(f"{where}: malformed value(s): {name}={text}") from None
    return text


def read_csv_households(paths: list[Path], jurisdiction: str | None = None) -> list[Household]:
    """The CSV input format read into kb.core.facts.Household objects, as the SQL loader reads it."""
    hh: dict[str, dict] = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            for line, row in enumerate(reader, start=2):
                where = f"{path}:{line}"
                row = {k: (v.strip() if v else "") for k, v in row.items()}
                hid = row.get("household_id", "")
                entry = hh.setdefault(hid, {"facts": {}, "members": []})
                for c in HOUSEHOLD_COLUMNS[1:]:
                    if row.get(c):
                        old = entry["facts"].get(c)
                        if old is not None and old != row[c]:
                            raise ScreenError(f"household {hid}: rows disagree on {c}")
                        entry["facts"][c] = row[c]
                if row.get("person_id"):
                    pf = {}
                    for c in PERSON_COLUMNS[1:] + ["birth_date"]:
                        if row.get(c):
                            pf[c] = _parse(c, row[c], where)
                    entry["members"].append((row["person_id"], pf))
    out = []
    for hid, entry in hh.items():
        raw = entry["facts"]
        when = date.fromisoformat(raw["assessment_date"])
        facts = {}
        for s in INPUT_FACTS.values():
            if s.level == HOUSEHOLD and s.name in raw:
                facts[s.name] = _parse(s.name, raw[s.name], f"household {hid}")
        income = None
        if any(f"income_{t}" in raw for t in INCOME_TYPES):
            income = tuple(IncomeItem(t, _parse(f"income_{t}", raw[f"income_{t}"], f"household {hid}"))
                           for t in INCOME_TYPES if f"income_{t}" in raw)
        members = []
        for pid, pf in entry["members"]:
            birth = pf.pop("birth_date", None)
            if "age" not in pf and birth is not None:
                pf["age"] = when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))
            members.append(Person(pid, pf))
        out.append(Household(hid, jurisdiction or raw.get("jurisdiction"), when, tuple(members), facts, income))
    return out
