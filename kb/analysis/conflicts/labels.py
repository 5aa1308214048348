"""Texts of the findings: labels of points, dimensions and conditions (zh and en)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from kb.analysis.conflicts.witnesses import CATEGORY_ORDER, REFERENCE_DATE
from kb.core.model import RuleBase


def label_of(rulebase: RuleBase, jid: str, cat: str | None = None) -> str:
    j = rulebase.jurisdictions[jid]
    if cat is None:
        return j.label
    c = j.categories.get(cat)
    return c.label if c else cat


def clauses_of(traces) -> list[dict]:
    out, seen = [], set()
    for t in traces:
        for c in t["clauses"]:
            key = (c["document"], c["start"], c["end"])
            if key not in seen:
                seen.add(key)
                out.append({**c, "rule": t["rule"]})
    return out


def reference_date(rulebase: RuleBase) -> date:
    latest = REFERENCE_DATE
    for j in rulebase.jurisdictions.values():
        for p in j.parameters.values():
            for v in p.values:
                if v.effective_from > latest:
                    latest = v.effective_from
    return latest


def category_key(c: str):
    return (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)


def unique(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def dedupe_clauses(clauses):
    out, seen = [], set()
    for c in clauses:
        key = (c["document"], c["start"], c["end"], c.get("rule"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def condition_text(c: dict, values: bool = True) -> str:
    text = c.get("condition", "")
    if values and c.get("test") and "(" in c["test"]:
        text += " " + c["test"][c["test"].index("("):]
    return text


def point_label(k: Fraction, off: int, param: str, is_threshold: bool) -> str:
    mult = format(Decimal(k.numerator) / Decimal(k.denominator), "f").rstrip("0").rstrip(".") \
        if (k * 1000).denominator == 1 else f"{float(k):.3f}"
    base = f"{mult} × {param}"
    if not is_threshold:
        return f"≈ {base}"
    return base + {-1: " − 0.01", 0: "", 1: " + 0.01"}[off]


def ratio_label(k: Fraction, off: int) -> str:
    mult = format(Decimal(k.numerator) / Decimal(k.denominator), "f").rstrip("0").rstrip(".")
    return f"rigid_expenditure = {mult} × annual_income" + {-1: " − 0.01", 0: "", 1: " + 0.01"}[off]


def dimension_zh(fact, param):
    if fact == "per_capita_income":
        return f"人均收入（相对{param}）"
    if fact == "rigid_expenditure":
        return "刚性支出占年收入比例"
    return {"age": "年龄"}.get(fact, fact)


def dimension_en(fact, param):
    if fact == "per_capita_income":
        return f"per-capita income relative to {param}"
    if fact == "rigid_expenditure":
        return "rigid expenditure relative to annual income"
    return fact
