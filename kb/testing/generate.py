"""A seeded generator of realistic households, rich in boundary values, for the differential
test and the benchmark.

    from kb.testing.generate import generate
    households = list(generate(rulebase.jurisdictions[jid], 10_000, seed=1))

Household `i` of a run depends only on (seed, jurisdiction, i), so any slice can be regenerated
(`generate(j, n, seed, start=...)`). What it produces, per household:

- 1 to 6 listed people: an applicant, then spouse / children / parents / grandchildren /
  siblings / others, with ages drawn near the rules' thresholds (15-18, 59-61) as often as
  elsewhere, work ability, disability grade (mostly absent: docs/vocabulary.md reads absence as none),
  illness, supporters, studies, marriage, cohabitation and support duties;
- income items whose kept total (after the jurisdiction's exclusions, which are sometimes added
  on top) puts the per-capita income exactly at, one fen below or one fen above the 低保 standard,
  1.5x / 2x / `bianyuan_multiplier`x of it, the monitoring line or last year's disposable income,
  or anywhere from 0 to 3.5x the standard; the counted household size of the jurisdiction's own
  membership rules is used, so "exactly at the standard" is exact;
- rigid expenditure at exactly 50% or 100% of the income (and one fen either side), financial
  assets exactly at the per-person limit times the size (and one fen above), refusal / exit dates
  exactly 12 or 24 months before the assessment (and a day either side);
- every fact absent (unknown) with a small probability, income unknown in 4% of households.

`write_csv` writes households in the CSV input format of `binggui screen` (kb/cli/screen.py);
`to_turtle` writes one household as Turtle in the household vocabulary (docs/vocabulary.md) (for API benchmarks).
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from fractions import Fraction
from typing import Iterator

from kb.core.facts import INCOME_TYPES, PROBLEM_CODES, STUDY_LEVELS, Household, IncomeItem, Person
from kb.batch.columns import CSV_COLUMNS, HOUSEHOLD_COLUMNS, PERSON_COLUMNS, cell_text, csv_rows, write_csv  # noqa: F401  (re-exported for tests)
from kb.core.model import Jurisdiction

FEN = Fraction(1, 100)
P_UNKNOWN = 0.04          # each optional fact is absent with this probability
FIRST_DATE = date(2025, 6, 1)
DAYS = 365



def _months_before(when: date, months: int, day_shift: int = 0) -> date:
    y, m = divmod(when.year * 12 + (when.month - 1) - months, 12)
    day = min(when.day, 28)
    return date(y, m + 1, day) + timedelta(days=day_shift)


class _Gen:
    def __init__(self, j: Jurisdiction, seed: int):
        from kb.testing.plain import PlainEvaluator
        self.j = j
        self.seed = seed
        self.plain = PlainEvaluator(j)
        self.kept_types = [t for t in INCOME_TYPES if t not in j.income_exclusions]
        self.excluded_types = sorted(j.income_exclusions)

    def maybe(self, r: random.Random, value, p: float = P_UNKNOWN):
        return None if r.random() < p else value

    def person(self, r: random.Random, pid: str, relation: str, age: int) -> Person:
        facts: dict = {}
        facts["relation_to_applicant"] = relation
        facts["age"] = age
        if age < 16:
            ability = "none" if r.random() < 0.85 else "partial"
        elif age >= 70:
            ability = r.choice(["none", "none", "partial", "full"])
        else:
            ability = r.choices(["full", "partial", "none"], [0.8, 0.12, 0.08])[0]
        facts["work_ability"] = ability
        if r.random() < 0.12:
            facts["disability_grade"] = r.randint(1, 4)
        facts["serious_illness"] = r.random() < 0.08
        elderly_or_young = age >= 60 or age < 18
        facts["has_capable_supporter"] = r.random() < (0.6 if elderly_or_young else 0.3)
        facts["livelihood_source"] = r.random() < (0.4 if ability == "none" else 0.85)
        student = 6 <= age <= 27 and r.random() < (0.95 if age < 16 else 0.5)
        facts["full_time_student"] = student
        if student or r.random() < 0.05:
            facts["study_level"] = ("compulsory" if age < 16 else "high_school" if age < 19 else
                                    r.choice(STUDY_LEVELS[2:]))
        facts["married"] = age >= 20 and r.random() < (0.85 if relation in ("applicant", "spouse", "parent") else 0.3)
        facts["cohabiting"] = r.random() < 0.85
        facts["has_legal_support_duty"] = relation in ("spouse", "child", "parent") or r.random() < 0.3
        out = {}
        for k, v in facts.items():
            p = 0.03 if k == "relation_to_applicant" else P_UNKNOWN
            if k == "disability_grade":
                p = 0.0
            v = self.maybe(r, v, p)
            if v is not None:
                out[k] = v
        # Facts added later draw from their own stream, so the households drawn before stay the same.
        later = random.Random(f"{pid}:later")
        if later.random() >= P_UNKNOWN:
            out["unable_to_live_independently"] = later.random() < (0.7 if ability != "full" else 0.05)
        return Person(pid, out)

    def _age(self, r: random.Random, lo: int, hi: int) -> int:
        if r.random() < 0.35:
            near = [a for a in (15, 16, 17, 18, 59, 60, 61) if lo <= a <= hi]
            if near:
                return r.choice(near)
        return r.randint(lo, hi)

    def members(self, r: random.Random, hid: str) -> list[Person]:
        n = r.choices([1, 2, 3, 4, 5, 6], [0.2, 0.25, 0.25, 0.17, 0.09, 0.04])[0]
        a_age = self._age(r, 18, 92)
        people = [self.person(r, f"{hid}:p1", "applicant", a_age)]
        for k in range(2, n + 1):
            relation = r.choices(["spouse", "child", "parent", "grandchild", "grandparent", "sibling", "other"],
                                 [0.25 if k == 2 else 0.02, 0.4, 0.12, 0.08, 0.03, 0.06, 0.04])[0]
            if relation == "spouse":
                age = max(18, min(95, a_age + r.randint(-6, 6)))
            elif relation == "child":
                age = self._age(r, 0, max(0, min(45, a_age - 18)))
            elif relation == "parent":
                age = min(100, a_age + r.randint(18, 35))
            elif relation == "grandparent":
                age = min(105, a_age + r.randint(40, 60))
            elif relation == "grandchild":
                age = self._age(r, 0, max(0, a_age - 36)) if a_age >= 36 else 0
            else:
                age = self._age(r, 0, 90)
            people.append(self.person(r, f"{hid}:p{k}", relation, age))
        return people

    def household(self, i: int) -> Household:
        j = self.j
        r = random.Random(f"{self.seed}:{j.id}:{i}")
        hid = f"urn:gen:{j.id}:{self.seed}:{i}"
        when = FIRST_DATE + timedelta(days=r.randrange(DAYS))
        members = tuple(self.members(r, hid))
        facts: dict = {}
        skeleton = Household(hid, j.id, when, members, {}, ())
        size = self._counted(skeleton) or len(members)
        params = self.plain.params_at(when)
        std = params.get("dibao_standard", Fraction(8400))
        anchors = [std, Fraction(3, 2) * std, 2 * std]
        for name in ("monitoring_line", "disposable_income_last_year"):
            if name in params:
                anchors.append(params[name])
        if "bianyuan_multiplier" in params:
            anchors.append(params["bianyuan_multiplier"] * std)
        roll = r.random()
        if roll < 0.55:
            per_capita = r.choice(anchors) + r.choice([-FEN, 0, 0, FEN])
        elif roll < 0.6:
            per_capita = Fraction(0)
        else:
            per_capita = Fraction(r.randrange(0, int(std * 350)), 100)
        kept = max(Fraction(0), per_capita * size)
        if r.random() < 0.15:   # off the anchor by a few fen in total: per-capita figures with remainders
            kept = max(Fraction(0), kept + Fraction(r.randint(-size, size), 100))
        income = self._income_items(r, kept)
        roll = r.random()
        if roll < 0.04:
            income_items = None
        elif roll < 0.06 and kept == 0:
            income_items = ()
        else:
            income_items = income
        facts["residence"] = r.choices(["rural", "urban"], [0.7, 0.3])[0]
        basis = kept
        roll = r.random()
        if roll < 0.5:
            rigid = r.choice([basis / 2, basis]) + r.choice([-FEN, 0, 0, FEN])
        else:
            rigid = Fraction(r.randrange(0, int(max(basis, std) * 200) + 1), 100)
        facts["rigid_expenditure"] = max(Fraction(0), _to_fen(rigid))
        limit = params.get("financial_assets_limit_per_person", Fraction(30000))
        roll = r.random()
        if roll < 0.3:
            assets = limit * size + r.choice([0, 0, FEN, -FEN])
        else:
            assets = Fraction(r.randrange(0, int(limit * size * 150) + 1), 100)
        facts["financial_assets"] = max(Fraction(0), _to_fen(assets))
        facts["formerly_poor"] = r.random() < 0.3
        facts["problem"] = frozenset(c for c in PROBLEM_CODES if r.random() < 0.15)
        facts["sudden_shock"] = r.random() < 0.12
        facts["housing_grade"] = r.choices("ABCD", [0.4, 0.3, 0.2, 0.1])[0]
        for name in ("denied_dibao_on", "exited_on"):
            roll = r.random()
            if roll < 0.3:
                facts[name] = _months_before(when, r.choice([11, 12, 23, 24, 25]), r.choice([-1, 0, 0, 1]))
            elif roll < 0.4:
                facts[name] = when - timedelta(days=r.randrange(1, 2000))
        facts = {k: v for k, v in facts.items() if v is not None and r.random() >= P_UNKNOWN}
        later = random.Random(f"{hid}:later")   # facts added later: their own stream (see person())
        if later.random() >= P_UNKNOWN:
            facts["natural_disaster"] = later.random() < 0.1
        return Household(hid, j.id, when, members, facts, income_items)

    def _counted(self, h: Household) -> int | None:
        statuses = list(self.plain.membership(h).values())
        if any(s is None for s in statuses):
            return None
        return sum(1 for s in statuses if s) or None

    def _income_items(self, r: random.Random, kept: Fraction) -> tuple[IncomeItem, ...]:
        parts = r.choice([1, 1, 2, 2, 3])
        types = r.sample(self.kept_types, min(parts, len(self.kept_types)))
        cents = int(kept * 100)
        rest = kept - Fraction(cents, 100)          # (none: totals are whole fen)
        cuts = sorted(r.randint(0, cents) for _ in range(len(types) - 1))
        amounts = [b - a for a, b in zip([0] + cuts, cuts + [cents])]
        items = [IncomeItem(t, Fraction(a, 100)) for t, a in zip(types, amounts)]
        items[0] = IncomeItem(items[0].type, items[0].amount + rest)
        if self.excluded_types and r.random() < 0.4:
            items.append(IncomeItem(r.choice(self.excluded_types), Fraction(r.randrange(0, 300000), 100)))
        r.shuffle(items)
        return tuple(items)


def _to_fen(value: Fraction) -> Fraction:
    return Fraction(round(value * 100), 100)


def generate(j: Jurisdiction, n: int, seed: int = 0, start: int = 0) -> Iterator[Household]:
    """Households start .. start+n-1 of the seeded sequence for this jurisdiction."""
    gen = _Gen(j, seed)
    for i in range(start, start + n):
        yield gen.household(i)


# --- Turtle ------------------------------------------------------------------------------------

_TERMS = {"residence": "residence", "rigid_expenditure": "rigidExpenditure", "financial_assets": "financialAssets",
          "formerly_poor": "formerlyPoor", "problem": "problem", "sudden_shock": "suddenShock",
          "housing_grade": "housingGrade", "denied_dibao_on": "deniedDibaoOn", "exited_on": "exitedOn",
          "age": "age", "work_ability": "workAbility", "disability_grade": "disabilityGrade",
          "serious_illness": "seriousIllness", "has_capable_supporter": "hasCapableSupporter",
          "livelihood_source": "livelihoodSource", "relation_to_applicant": "relationToApplicant",
          "full_time_student": "fullTimeStudent", "study_level": "studyLevel", "married": "married",
          "cohabiting": "cohabiting", "has_legal_support_duty": "hasLegalSupportDuty",
          "natural_disaster": "naturalDisaster", "unable_to_live_independently": "unableToLiveIndependently"}


def _ttl(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return f'"{cell_text(value)}"^^xsd:decimal'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return f'"{value.isoformat()}"^^xsd:date'
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _iri(pid: str) -> str:
    return pid if ":" in pid else f"urn:person:{pid}"


def to_turtle(h: Household) -> str:
    """One household as Turtle (docs/vocabulary.md)."""
    lines = ["@prefix bg: <https://w3id.org/binggui#> .", "@prefix cv: <http://data.europa.eu/m8g/> .", "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", "",
             f"<{h.id}> a bg:Household ;", f'  bg:jurisdiction "{h.jurisdiction}" ;',
             f'  bg:assessmentDate "{h.assessment_date.isoformat()}"^^xsd:date ;']
    for name, value in h.facts.items():
        if name == "problem":
            for code in sorted(value) or ["none"]:
                lines.append(f'  bg:problem "{code}" ;')
        else:
            lines.append(f"  bg:{_TERMS[name]} {_ttl(value)} ;")
    items = h.income_items
    if items == ():   # known to have no income: one zero item (as in the CSV format)
        items = (IncomeItem("wage", Fraction(0)),)
    for item in items or ():
        lines.append(f'  bg:incomeItem [ a bg:IncomeItem ; bg:incomeType "{item.type}" ; bg:amount {_ttl(item.amount)} ] ;')
    for p in h.members:
        lines.append(f"  bg:member <{_iri(p.id)}> ;")
    lines[-1] = lines[-1][:-1] + "."
    for p in h.members:
        facts = " ;\n  ".join(f"bg:{_TERMS[k]} {_ttl(v)}" for k, v in p.facts.items())
        lines.append(f"<{_iri(p.id)}> a cv:Person" + (f" ;\n  {facts} ." if facts else " ."))
    return "\n".join(lines) + "\n"
