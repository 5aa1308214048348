"""Witness households in the compact form (tests/scenarios/README.md): profiles, variants and
the spec of a point of a sweep, written out exactly (money in fen)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from kb.core.facts import INTEGER, MONEY, Household, IncomeItem, Person
from kb.explain import favourability as fav

KINDS = ("overlap", "contradiction", "boundary_mismatch", "gap")
CATEGORY_ORDER = fav.CATEGORY_ORDER
REFERENCE_DATE = date(2025, 6, 1)
FEN = Fraction(1, 100)


_ADULT = {"age": 45, "work_ability": "full", "livelihood_source": True, "has_capable_supporter": True,
          "serious_illness": False}
_VULNERABLE = {"work_ability": "none", "livelihood_source": False, "has_capable_supporter": False,
               "serious_illness": False}

PROFILES: dict[str, list[dict]] = {
    "single": [{"id": "p1", **_ADULT, "relation_to_applicant": "applicant"}],
    "family": [{"id": "p1", **_ADULT, "relation_to_applicant": "applicant"},
               {"id": "p2", **_ADULT, "age": 43, "relation_to_applicant": "spouse"},
               {"id": "p3", "age": 12, "livelihood_source": False, "has_capable_supporter": True,
                "serious_illness": False, "relation_to_applicant": "child"}],
    "ill_family": [{"id": "p1", **_ADULT, "relation_to_applicant": "applicant"},
                   {"id": "p2", **_ADULT, "age": 44, "work_ability": "partial", "serious_illness": True,
                    "relation_to_applicant": "spouse"}],
    "tekun_alone": [{"id": "p1", **_VULNERABLE, "age": 72, "relation_to_applicant": "applicant"}],
    "tekun_family": [{"id": "p1", **_ADULT, "relation_to_applicant": "applicant"},
                     {"id": "p2", **_VULNERABLE, "age": 75, "relation_to_applicant": "parent",
                      "has_legal_support_duty": True, "cohabiting": True}],
    "vulnerable": [{"id": "p1", **_VULNERABLE, "relation_to_applicant": "applicant"}],
}

VARIANTS: dict[str, dict] = {
    "neutral": {"formerly_poor": False, "problem": [], "sudden_shock": False},
    "difficulty": {"formerly_poor": False, "problem": ["basic_living"], "sudden_shock": False},
    "formerly_poor": {"formerly_poor": True, "problem": ["basic_living"], "sudden_shock": False},
    "shock": {"formerly_poor": False, "problem": ["basic_living"], "sudden_shock": True},
}


@dataclass(frozen=True)
class Spec:
    """A witness household before it is written out: profile, variant, per-capita income (yuan),
    rigid expenditure as `ratio * annual income + offset`, residence, a person-fact override."""
    profile: str
    variant: str
    pci: Fraction
    rigid: tuple[Fraction, Fraction] | None = None      # (ratio, offset in yuan)
    residence: str = "rural"
    person: tuple[tuple[str, object], ...] = ()          # overrides for p1 (the person sweep)
    label: str = ""                                     # where the point sits, e.g. "1.5 × dibao_standard"
    assets: Fraction = Fraction(0)                      # financial assets per counted member


def dec(value: Fraction) -> str:
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return str(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def fen(value: Fraction) -> Fraction:
    return Fraction(Decimal(dec(value)))


def compact(spec: Spec) -> dict:
    """The compact household dict of a spec (money as exact decimal strings)."""
    members = [dict(m) for m in PROFILES[spec.profile]]
    for name, value in spec.person:
        members[0][name] = value
    size = len(members)
    annual = spec.pci * size
    income_type = "transfer" if spec.profile in ("tekun_alone", "vulnerable") else "wage"
    rigid = Fraction(0)
    if spec.rigid is not None:
        ratio, offset = spec.rigid
        rigid = max(Fraction(0), ratio * annual + offset)
    out = {"residence": spec.residence, "income": {income_type: dec(annual)},
           "financial_assets": dec(spec.assets * size), "rigid_expenditure": dec(rigid), "housing_grade": "B",
           **{k: (list(v) if isinstance(v, list) else v) for k, v in VARIANTS[spec.variant].items()},
           "members": members}
    return out


def household(data: dict, jurisdiction: str, when: date | str, hid: str = "urn:binggui:witness") -> Household:
    """A `kb.core.facts.Household` from the compact form (absent = unknown; money exact)."""
    from kb.core.facts import CODES, DATE, INPUT_FACTS, PERSON
    when = when if isinstance(when, date) else date.fromisoformat(str(when))
    facts, members, income = {}, [], None

    def value(name, raw):
        spec = INPUT_FACTS[name]
        if spec.type == MONEY:
            return Fraction(Decimal(str(raw)))
        if spec.type == CODES:
            return frozenset(raw or [])
        if spec.type == DATE:
            return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        if spec.type == INTEGER:
            return int(raw)
        return raw

    for key, raw in data.items():
        if key == "members":
            for i, m in enumerate(raw):
                pid = str(m.get("id", f"p{i + 1}"))
                pf = {k: value(k, v) for k, v in m.items() if k != "id" and v is not None}
                assert all(INPUT_FACTS[k].level == PERSON for k in pf), f"person facts only: {pf}"
                members.append(Person(pid, pf))
        elif key == "income":
            income = tuple(IncomeItem(t, Fraction(Decimal(str(a)))) for t, a in (raw or {}).items())
        elif raw is not None:
            facts[key] = value(key, raw)
    return Household(hid, jurisdiction, when, tuple(members), facts, income)


def describe(data: dict) -> dict:
    """A one-line description of a compact household, in zh and en."""
    members = data.get("members", [])
    annual = sum(Fraction(Decimal(str(a))) for a in data.get("income", {}).values())
    pci = annual / len(members) if members else None
    zh, en = [f"{len(members)}人户"], [f"{len(members)}-person household"]
    zh.append({"rural": "农村", "urban": "城镇"}.get(data.get("residence"), ""))
    en.append(data.get("residence", ""))
    if pci is not None:
        zh.append(f"人均收入{dec(pci)}元")
        en.append(f"per-capita income {dec(pci)}")
    rigid = Fraction(Decimal(str(data.get("rigid_expenditure", "0"))))
    if rigid:
        zh.append(f"刚性支出{dec(rigid)}元")
        en.append(f"rigid expenditure {dec(rigid)}")
    if data.get("formerly_poor"):
        zh.append("脱贫户")
        en.append("formerly poor")
    if data.get("problem"):
        zh.append("困难：" + "、".join(data["problem"]))
        en.append("problem " + ", ".join(data["problem"]))
    if data.get("sudden_shock"):
        zh.append("遭遇突发事件")
        en.append("sudden shock")
    for m in members:
        bits = []
        if m.get("work_ability") == "none":
            bits.append("no work ability, no livelihood, no capable supporter"
                        if m.get("livelihood_source") is False and m.get("has_capable_supporter") is False
                        else "no work ability")
        if m.get("serious_illness"):
            bits.append("seriously ill")
        if m.get("disability_grade"):
            bits.append(f"disability grade {m['disability_grade']}")
        if bits:
            en.append(f"{m.get('relation_to_applicant', m['id'])} aged {m.get('age')}: " + ", ".join(bits))
            zh.append(f"{m.get('relation_to_applicant', m['id'])}（{m.get('age')}岁）" +
                      "、".join({"no work ability, no livelihood, no capable supporter": "无劳动能力、无生活来源、无有能力的法定义务人",
                                "no work ability": "无劳动能力", "seriously ill": "重病"}.get(b, b) for b in bits))
    return {"zh": "，".join(x for x in zh if x), "en": ", ".join(x for x in en if x)}
