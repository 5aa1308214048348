"""Static analysis of the compiled rule base: where the documents' rules overlap, contradict each
other, draw the same boundary differently, or leave a household out — each finding with a witness
household that the engine has actually decided.

Kinds of finding (`find_conflicts(rulebase)`):

- `overlap` — within one jurisdiction, two categories both hold for one household although the
  document makes them distinct classes (焉耆 "5类对象", 淮上 "4类", 焉耆 "低保、特困以外的困难群众"),
  or the two categories carry different values of the same benefit (大冶: 低保 70% vs 监测 60%
  inpatient aid). The finding says how the document resolves it (the principle, its clause, the
  chosen value) or that it names no principle (`resolution.status = "unresolved"`).
- `contradiction` — one household, the same facts: a category holds under one rule and is
  refused by another rule for a reason that is not a threshold (an exclusion such as `not dibao`,
  a scope condition such as `residence = "rural"`, an extra condition such as a 困难 problem).
  Across jurisdictions, or within one where one rule of a category excludes what another rule
  of the same category admits.
- `boundary_mismatch` — the same category bounded differently: a household at the same position
  relative to each jurisdiction's own parameter (e.g. per-capita income 1.75 × the local 低保
  standard) is in the category under one document and out under another, and the refusing rule
  fails only on that bound (焉耆 边缘 `< 1.5 ×` vs 大冶 `> 1 ×, <= 2 ×`; `<=` vs `<` at the
  monitoring line; 未满16周岁 vs 未成年人). Parameter values alone never make a finding: the
  households are placed at the same multiple of each jurisdiction's own figure.
- `gap` — within one jurisdiction, a household that no category covers while the same household
  a fen poorer and a fen richer is covered: two bands that do not meet (大冶: per-capita income
  exactly at the 低保 standard is neither "低于" nor "高于" it). The finding cites the document's
  own statement that nobody is to be left out, where it has one (垫江 不重不漏, 焉耆 不落一户、不漏一人).

Method (why enumeration, not an SMT solver): every test in the rule base is a conjunction of
literals that are (i) one money fact against a constant or a parameter multiple
(`per_capita_income < 1.5 * dibao_standard`), (ii) `rigid_expenditure` against a multiple of
`annual_income`, (iii) an integer person fact against a constant (`age(P) < 16`), or (iv) a
boolean, a code, or another predicate. For (i)-(iii) every literal's truth is constant between
consecutive thresholds, so the thresholds themselves and one step (one fen, one year) below and
above each visit every cell of the arrangement; (iv) take finitely many values, of which the
sweeps use the combinations the categories read. Candidate households are built at these points
and decided by `kb.engine.decide`; findings are read off the engine's answers (status, the rule
that held or failed, its failed conditions and clause), and every witness is decided again before
it is reported (`confirmed`). A solver would find the same cells; enumerating them keeps every
witness exact (money in fen) and adds no dependency.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations

from grammar import ast
from kb.explain import favourability as fav
from kb.core.facts import ALL_FACTS, INTEGER, MONEY, Household, IncomeItem, Person
from kb import engine
from kb.core.model import Jurisdiction, RuleBase

KINDS = ("overlap", "contradiction", "boundary_mismatch", "gap")
CATEGORY_ORDER = fav.CATEGORY_ORDER
REFERENCE_DATE = date(2025, 6, 1)
FEN = Fraction(1, 100)

# -- witness households (compact form of tests/scenarios/README.md) -----------------------

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


def _dec(value: Fraction) -> str:
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return str(d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _fen(value: Fraction) -> Fraction:
    return Fraction(Decimal(_dec(value)))


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
    out = {"residence": spec.residence, "income": {income_type: _dec(annual)},
           "financial_assets": _dec(spec.assets * size), "rigid_expenditure": _dec(rigid), "housing_grade": "B",
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
        zh.append(f"人均收入{_dec(pci)}元")
        en.append(f"per-capita income {_dec(pci)}")
    rigid = Fraction(Decimal(str(data.get("rigid_expenditure", "0"))))
    if rigid:
        zh.append(f"刚性支出{_dec(rigid)}元")
        en.append(f"rigid expenditure {_dec(rigid)}")
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


# -- thresholds read from the rules ---------------------------------------------------------

def _params(j: Jurisdiction, when: date) -> dict[str, Fraction]:
    out = {}
    for name, p in j.parameters.items():
        v = p.at(when)
        if v is not None:
            out[name] = v.value
    return out


def _eval(expr, params) -> Fraction | None:
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Name) and expr.name in params:
        return params[expr.name]
    if isinstance(expr, ast.BinOp):
        left, right = _eval(expr.left, params), _eval(expr.right, params)
        if left is None or right is None:
            return None
        return {"+": left + right, "-": left - right, "*": left * right}[expr.op]
    return None


def _names(expr) -> set[str]:
    if isinstance(expr, ast.Name):
        return {expr.name}
    if isinstance(expr, ast.BinOp):
        return _names(expr.left) | _names(expr.right)
    return set()


@dataclass
class Thresholds:
    pci: dict[str, set[Fraction]] = field(default_factory=dict)               # jid -> absolute yuan
    relative: dict[str, dict[str, set[Fraction]]] = field(default_factory=dict)  # param -> jid -> multiples
    assets: dict[str, dict[str, set[Fraction]]] = field(default_factory=dict)    # the same for assets per capita
    rigid_ratio: dict[str, set[Fraction]] = field(default_factory=dict)       # category -> ratios
    person: dict[str, set[int]] = field(default_factory=dict)                 # person fact -> values


def thresholds(rulebase: RuleBase, when: date) -> Thresholds:
    """Every threshold the rules compare a household or person fact with, by jurisdiction."""
    th = Thresholds()
    for j in rulebase.jurisdictions.values():
        params = _params(j, when)
        th.pci.setdefault(j.id, set())
        for rule in j.rules:
            cats = {rule.head.name} if rule.head.name in j.categories else _heads_using(j, rule.head.name)
            for lit in rule.body:
                if not lit.is_comparison:
                    continue
                for fact_side, other in ((lit.left, lit.right), (lit.right, lit.left)):
                    if isinstance(fact_side, ast.Name) and fact_side.name == "per_capita_income":
                        value = _eval(other, params)
                        if value is not None:
                            th.pci[j.id].add(value)
                            used = [n for n in _names(other) if n in params]
                            base = [n for n in used if params[n] > 10]   # yuan figures, not multipliers
                            if len(base) == 1:
                                th.relative.setdefault(base[0], {}).setdefault(j.id, set()).add(value / params[base[0]])
                    elif isinstance(fact_side, ast.Name) and fact_side.name == "financial_assets_per_capita":
                        value = _eval(other, params)
                        used = [n for n in _names(other) if n in params and params[n] > 10]
                        if value is not None and len(used) == 1:
                            th.assets.setdefault(used[0], {}).setdefault(j.id, set()).add(value / params[used[0]])
                    elif isinstance(fact_side, ast.Name) and fact_side.name == "rigid_expenditure":
                        if isinstance(other, ast.Name) and other.name == "annual_income":
                            ratio = Fraction(1)
                        elif isinstance(other, ast.BinOp) and other.op == "*" and "annual_income" in _names(other):
                            ratio = _eval(other.left if isinstance(other.right, ast.Name) else other.right, params)
                        else:
                            ratio = None
                        if ratio is not None:
                            for c in cats:
                                th.rigid_ratio.setdefault(c, set()).add(ratio)
                    elif isinstance(fact_side, ast.Call) and ALL_FACTS.get(fact_side.name) and \
                            ALL_FACTS[fact_side.name].type == INTEGER and fact_side.name in ("age", "disability_grade"):
                        value = _eval(other, params)
                        if value is not None and value.denominator == 1:
                            th.person.setdefault(fact_side.name, set()).add(int(value))
    return th


def _excluding_rules(j: Jurisdiction, a: str, b: str) -> list:
    """Rules of j by which a and b exclude each other: every rule of b reads `not a` (or the
    other way round); the rules returned are those carrying the exclusion."""
    for x, y in ((a, b), (b, a)):
        rules = j.rules_for(y)
        if rules and all(any(lit.negated and not lit.is_comparison and getattr(lit.left, "name", None) == x
                             for lit in r.body) for r in rules):
            return rules
    return []


def _reads_parameters(j: Jurisdiction, predicate: str, _seen=None) -> bool:
    """Whether a helper predicate's rules (transitively) compare with a parameter or money fact."""
    seen = _seen if _seen is not None else set()
    seen.add(predicate)
    for r in j.rules_for(predicate):
        if r.reads_params or any(ALL_FACTS[f].type == MONEY for f in r.reads_facts if f in ALL_FACTS):
            return True
        if any(p not in seen and _reads_parameters(j, p, seen) for p in r.reads_predicates
               if p not in ("member", "listed")):
            return True
    return False


def _heads_using(j: Jurisdiction, helper: str, _seen=None) -> set[str]:
    """The categories whose rules (transitively) read a helper predicate."""
    seen = _seen if _seen is not None else set()
    out = set()
    for r in j.rules:
        if helper in r.reads_predicates and r.head.name not in seen:
            seen.add(r.head.name)
            if r.head.name in j.categories:
                out.add(r.head.name)
            else:
                out |= _heads_using(j, r.head.name, seen)
    return out


# -- running the engine, with a digest of each answer ----------------------------------------

def _cond(c: dict) -> dict:
    return {k: c[k] for k in ("condition", "fact", "predicate", "value", "test", "member", "holds") if k in c}


def _trace(t: dict) -> dict:
    clauses = t.get("clauses") or ([t["clause"]] if t.get("clause") else [])
    return {"rule": t["rule"], "clauses": clauses, "binding": t.get("binding"),
            "basis": t.get("basis"),
            "conditions": [_cond(c) for c in t.get("conditions", [])],
            "failed": [_cond(c) for c in t.get("failed", [])],
            "unknown": [_cond(c) for c in t.get("unknown", [])]}


def digest(answer: dict) -> dict:
    cats = {}
    for c in answer["categories"]:
        unknown = [_trace(t) for t in c.get("unknown", [])]
        case_by_case = c["status"] == "undetermined" and bool(unknown) and all(
            all(str(u.get("condition", "")).startswith("case_by_case") for u in t["unknown"]) for t in unknown)
        cats[c["id"]] = {"status": c["status"], "members": c.get("members"), "subtypes": c.get("subtypes"),
                         "holding": [_trace(t) for t in c.get("because", [])],
                         "failing": [_trace(t) for t in c.get("because_not", [])],
                         "unknown": unknown, "case_by_case": case_by_case, "basis": c.get("basis")}
    benefits = {}
    for b in answer.get("benefits", []):
        benefits[b["id"]] = {"status": b["status"], "value": b.get("value"), "resolved_by": b.get("resolved_by"),
                             "members": b.get("members")}
    return {"categories": cats, "benefits": benefits, "conflicts": answer.get("conflicts", []),
            "accounting": {k: v for k, v in answer.get("accounting", {}).items() if k != "missing"}}


class Runner:
    """Decides households with the engine, once per (jurisdiction, household)."""

    def __init__(self, rulebase: RuleBase, when: date):
        self.rb = rulebase
        self.when = when
        self.cache: dict[tuple, dict] = {}
        self.calls = 0

    def run(self, data: dict, jid: str) -> dict:
        from kb.engine import decide
        key = (jid, json.dumps(data, sort_keys=True, ensure_ascii=False))
        if key not in self.cache:
            self.calls += 1
            answer = decide(household(data, jid, self.when), self.rb, jid)
            self.cache[key] = digest(answer)
        return self.cache[key]

    def statuses(self, data: dict, jid: str) -> dict[str, str]:
        return {c: d["status"] for c, d in self.run(data, jid)["categories"].items()}


# -- classifying why a rule failed ------------------------------------------------------------

def _numeric(cond: dict) -> bool:
    spec = ALL_FACTS.get(cond.get("fact") or "")
    test = cond.get("test") or ""
    return spec is not None and spec.type in (MONEY, INTEGER) and test[:2].strip() in ("<", "<=", ">", ">=")


def _on_dimension(cond: dict, fact: str, param: str | None) -> bool:
    if cond.get("fact") != fact or not _numeric(cond):
        return False
    return param is None or param in cond.get("condition", "")


def clean_failures(entry: dict, predicate) -> list[dict]:
    """Failing rules of a category whose every failed condition satisfies `predicate` (and with
    nothing unknown): the rule would hold but for those conditions."""
    return [t for t in entry["failing"] if t["failed"] and not t["unknown"]
            and all(predicate(c) for c in t["failed"])]


def _not_in(entry: dict) -> bool:
    return entry["status"] != "eligible" and not entry["case_by_case"]


# -- findings -----------------------------------------------------------------------------------

def _label(rulebase: RuleBase, jid: str, cat: str | None = None) -> str:
    j = rulebase.jurisdictions[jid]
    if cat is None:
        return j.label
    c = j.categories.get(cat)
    return c.label if c else cat


def _clauses_of(traces) -> list[dict]:
    out, seen = [], set()
    for t in traces:
        for c in t["clauses"]:
            key = (c["document"], c["start"], c["end"])
            if key not in seen:
                seen.add(key)
                out.append({**c, "rule": t["rule"]})
    return out


def _answers(runner: Runner, households: dict[str, dict], jids) -> dict[str, dict[str, str]]:
    return {jid: runner.statuses(households[jid], jid) for jid in jids}


class Analysis:
    def __init__(self, rulebase: RuleBase, when: date | None = None):
        self.rb = rulebase
        self.when = when or _reference_date(rulebase)
        self.runner = Runner(rulebase, self.when)
        self.th = thresholds(rulebase, self.when)
        self.params = {jid: _params(j, self.when) for jid, j in rulebase.jurisdictions.items()}
        self.findings: dict[str, dict] = {}
        self.pairs: dict[tuple[str, str, str], tuple] = {}          # (jid, a, b) -> (n eligible, household)
        self.pair_measures: dict[tuple[str, str, str], tuple] = {}  # the same, where a benefit differs

    # -- sweeps ---------------------------------------------------------------------------------
    def pci_points(self, jid: str) -> list[tuple[Fraction, str]]:
        ts = sorted(t for t in self.th.pci.get(jid, ()) if t > 0)
        points = {}
        if ts:
            points[_fen(ts[0] / 2)] = "low"
        for t in ts:
            for off, tag in ((-FEN, "− 0.01"), (Fraction(0), ""), (FEN, "+ 0.01")):
                p = t + off
                if p > 0 and p.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100):
                    points.setdefault(p, f"{_dec(t)} {tag}".strip())
        return sorted(points.items())

    def within(self) -> None:
        """Sweep A: each jurisdiction at its own thresholds (overlaps, within-jurisdiction
        contradictions, gaps)."""
        series = [("single", v, None) for v in VARIANTS] + [
            ("family", "neutral", None), ("ill_family", "neutral", None), ("ill_family", "formerly_poor", None),
            ("tekun_alone", "neutral", None), ("tekun_alone", "formerly_poor", None),
            ("tekun_family", "neutral", None), ("tekun_family", "formerly_poor", None),
            ("single", "neutral", (Fraction(2), Fraction(0))), ("ill_family", "neutral", (Fraction(2), Fraction(0)))]
        for jid in sorted(self.rb.jurisdictions):
            j = self.rb.jurisdictions[jid]
            for profile, variant, rigid in series:
                rows = []
                for pci, label in self.pci_points(jid):
                    spec = Spec(profile, variant, pci, rigid, label=label)
                    data = compact(spec)
                    d = self.runner.run(data, jid)
                    rows.append((spec, data, d))
                    self._overlaps(j, data, d)
                    self._internal_contradictions(j, data, d)
                self._gaps(j, rows)

    def across(self) -> None:
        """Sweep B: the same position relative to each jurisdiction's own parameter."""
        for param, by_j in sorted(self.th.relative.items()):
            jids = sorted(jid for jid in self.rb.jurisdictions if param in self.params[jid])
            if len({jid for jid in by_j}) < 2 or len(jids) < 2:
                continue
            ks = sorted({k for ks in by_j.values() for k in ks})
            points = [(ks[0] / 2, 0)]
            for i, k in enumerate(ks):
                points += [(k, -1), (k, 0), (k, 1)]
                nxt = ks[i + 1] if i + 1 < len(ks) else k + Fraction(1, 2)
                points.append(((k + nxt) / 2, 0))
            variants = [("neutral", None, "rural"), ("difficulty", None, "rural"), ("formerly_poor", None, "rural"),
                        ("shock", None, "rural"), ("neutral", (Fraction(2), Fraction(0)), "rural"),
                        ("difficulty", None, "urban")]
            for variant, rigid, residence in variants:
                rows = []
                for k, off in points:
                    households = {}
                    for jid in jids:
                        base = k * self.params[jid][param]
                        if off == 0 and k not in ks:
                            base = _fen(base)
                        elif _fen(base) != base:
                            continue
                        pci = base + off * FEN
                        label = _point_label(k, off, param, k in ks)
                        households[jid] = compact(Spec("single", variant, pci, rigid, residence, label=label))
                    rows.append(((k, off), _point_label(k, off, param, k in ks), households))
                self._compare_rows(rows, dimension=("per_capita_income", param), jids=jids)
        self._person_sweep()
        self._rigid_sweep()
        self._assets_sweep()

    def _assets_sweep(self) -> None:
        """Financial assets per member at the same multiple of each jurisdiction's limit, with a low
        income (so that the income tests hold and the asset test decides)."""
        for param, by_j in sorted(self.th.assets.items()):
            jids = sorted(jid for jid in self.rb.jurisdictions if param in self.params[jid])
            if len(by_j) < 2:
                continue
            ks = sorted({k for ks in by_j.values() for k in ks})
            points = [(ks[0] / 2, 0)] + [(k, off) for k in ks for off in (-1, 0, 1)] + [(ks[-1] * 2, 0)]
            for profile in ("single", "tekun_alone"):
                rows = []
                for k, off in points:
                    households = {}
                    for jid in jids:
                        base = k * self.params[jid][param]
                        if _fen(base) != base:
                            continue
                        label = _point_label(k, off, param, k in ks)
                        households[jid] = compact(Spec(profile, "formerly_poor", Fraction(1000),
                                                       assets=base + off * FEN, label=label))
                    rows.append(((k, off), _point_label(k, off, param, k in ks), households))
                self._compare_rows(rows, dimension=("financial_assets_per_capita", param), jids=jids)

    def _person_sweep(self) -> None:
        for fact, values in sorted(self.th.person.items()):
            if fact != "age":
                continue
            jids = sorted(self.rb.jurisdictions)
            points = sorted({v + d for v in values for d in (-1, 0) if v + d >= 0})
            rows = []
            for v in points:
                spec = Spec("vulnerable", "neutral", Fraction(1000), None, person=(("age", v),),
                            label=f"{fact} {v}")
                data = compact(spec)
                rows.append(((Fraction(v), 0), f"{fact} = {v}", {jid: data for jid in jids}))
            self._compare_rows(rows, dimension=(fact, None), jids=jids, person=True)

    def _rigid_sweep(self) -> None:
        for cat, ratios in sorted(self.th.rigid_ratio.items()):
            jids = sorted(jid for jid, j in self.rb.jurisdictions.items() if cat in j.categories)
            base = self._rigid_base(cat, jids)
            if base is None:
                continue
            ks = sorted(ratios)
            points = [(ks[0] / 2, 0)]
            for i, k in enumerate(ks):
                points += [(k, -1), (k, 0), (k, 1)]
                nxt = ks[i + 1] if i + 1 < len(ks) else k * 2
                points.append(((k + nxt) / 2, 0))
            rows = []
            for k, off in points:
                households = {}
                for jid in jids:
                    pci = base[jid]
                    households[jid] = compact(Spec("single", "neutral", pci, (k, off * FEN),
                                                   label=_ratio_label(k, off)))
                rows.append(((k, off), _ratio_label(k, off), households))
            self._compare_rows(rows, dimension=("rigid_expenditure", "annual_income"), jids=jids, only={cat})

    def _rigid_base(self, cat: str, jids: list[str]) -> dict[str, Fraction] | None:
        """A per-capita income (same multiple of each jurisdiction's parameter, whole yuan) at which
        the category holds in as many jurisdictions as possible when rigid spending is high."""
        best, best_n = None, 0
        for param, by_j in sorted(self.th.relative.items()):
            ks = sorted({k for ks in by_j.values() for k in ks})
            mids = [(a + b) / 2 for a, b in zip(ks, ks[1:])] + [ks[0] / 2]
            for k in mids:
                if not all(param in self.params[jid] for jid in jids):
                    continue
                pcis = {jid: Fraction(round(k * self.params[jid][param])) for jid in jids}
                n = sum(self.runner.run(compact(Spec("single", "neutral", pcis[jid], (Fraction(10), Fraction(0)))),
                                        jid)["categories"][cat]["status"] == "eligible" for jid in jids)
                if n > best_n:
                    best, best_n = pcis, n
        return best if best_n >= 2 else None

    # -- reading the sweeps -----------------------------------------------------------------------
    def _compare_rows(self, rows, dimension, jids, person=False, only=None) -> None:
        fact, param = dimension
        if fact == "rigid_expenditure":
            def on_dim(c):
                return c.get("fact") == "rigid_expenditure" and "annual_income" in c.get("condition", "")
        elif person:
            def on_dim(c):
                return c.get("fact") == fact and _numeric(c)
        else:
            def on_dim(c):
                return _on_dimension(c, fact, param)

        cats = sorted({c for jid in jids for c in self.rb.jurisdictions[jid].categories}, key=_cat_key)
        for cat in cats:
            if only and cat not in only:
                continue
            have = [jid for jid in jids if cat in self.rb.jurisdictions[jid].categories]
            if len(have) < 2:
                continue
            sigs = []
            for pos, label, households in rows:
                present = [jid for jid in have if jid in households]
                digests = {jid: self.runner.run(households[jid], jid) for jid in present}
                entries = {jid: digests[jid]["categories"][cat] for jid in present}
                admit = frozenset(jid for jid in present if entries[jid]["status"] == "eligible")
                bound = frozenset(jid for jid in present if _not_in(entries[jid])
                                  and clean_failures(entries[jid], on_dim))
                sigs.append((admit, bound) if admit and bound else None)
                # non-threshold refusals: contradictions (confirmed on one shared household below)
                for jid in present:
                    if admit and _not_in(entries[jid]):
                        if clean_failures(entries[jid], lambda c: not _numeric(c)):
                            src = sorted(admit)[0]
                            self._contradiction(cat, households[src], src, jid)
            # regions of equal disagreement
            i = 0
            while i < len(rows):
                if sigs[i] is None:
                    i += 1
                    continue
                k = i
                while k + 1 < len(rows) and sigs[k + 1] == sigs[i]:
                    k += 1
                self._boundary(cat, dimension, rows, i, k, sigs[i], on_dim)
                i = k + 1

    def _boundary(self, cat, dimension, rows, first, last, sig, on_dim) -> None:
        admit, bound = sig
        fact, param = dimension
        region = rows[first:last + 1]
        exact = [r for r in region if r[0][1] == 0]
        interior = [r for r in exact if r[1].startswith("≈")]
        pick = (interior or exact or region)[len(interior or exact or region) // 2]
        pos, label, households = pick
        jids = sorted(admit | bound)
        lo, hi = region[0][1], region[-1][1]
        if first == 0:
            lo = f"{lo} and below"
        if last == len(rows) - 1:
            hi = f"{hi} and above"
        key = f"boundary_mismatch/{cat}/{fact}" + (f":{param}" if param else "") + f"/{lo}..{hi}"
        if key in self.findings and len(self.findings[key]["jurisdictions"]) >= len(jids):
            return
        digests = {jid: self.runner.run(households[jid], jid) for jid in jids}
        bounds, clauses, rules = {}, [], []
        for jid in sorted(admit):
            e = digests[jid]["categories"][cat]
            conds = [c for t in e["holding"] for c in t["conditions"] if on_dim(c)]
            bounds[jid] = {"holds": True, "conditions": _unique([_cond_text(c) for c in conds])}
            clauses += _clauses_of(e["holding"][:1])
            rules += [t["rule"] for t in e["holding"][:1]]
        for jid in sorted(bound):
            e = digests[jid]["categories"][cat]
            fails = clean_failures(e, on_dim)
            bounds[jid] = {"holds": False, "conditions": _unique([_cond_text(c) for t in fails for c in t["failed"]])}
            clauses += _clauses_of(fails[:1])
            rules += [t["rule"] for t in fails[:1]]
        single = first == last and region[0][0][1] == 0
        nature = "strictness" if single else "bound"
        where = lo if lo == hi else f"{lo} … {hi}"
        catname = _label(self.rb, jids[0], cat)
        yes = "、".join(_label(self.rb, j) for j in sorted(admit))
        no = "、".join(_label(self.rb, j) for j in sorted(bound))
        no_conds = "; ".join(f"{j}: " + " and ".join(bounds[j]["conditions"]) for j in sorted(bound))
        yes_conds = "; ".join(f"{j}: " + " and ".join(bounds[j]["conditions"]) for j in sorted(admit)
                              if bounds[j]["conditions"])
        summary = {
            "zh": (f"{catname}的{_dim_zh(fact, param)}边界不一致：在{where}处，{yes}认定为{catname}，{no}不认定"
                   + ("（同一界点，一方含等号、一方不含）" if single else "")
                   + f"。不认定方的条件：{no_conds}" + (f"；认定方：{yes_conds}" if yes_conds else "")),
            "en": (f"{cat}: the documents bound {_dim_en(fact, param)} differently: at {where}, "
                   f"admitted by {', '.join(sorted(admit))}, refused by {', '.join(sorted(bound))}"
                   + (" (the same bound, inclusive in one and strict in the other)" if single else "")
                   + f". Refusing: {no_conds}" + (f"; admitting: {yes_conds}" if yes_conds else "")),
        }
        witness = self._witness({jid: households[jid] for jid in jids}, position=label)
        self.findings[key] = {"id": key, "kind": "boundary_mismatch", "nature": nature,
                              "jurisdictions": jids, "category": cat, "dimension": {"fact": fact, "relative_to": param},
                              "region": {"from": lo, "to": hi, "points": [r[1] for r in region]},
                              "bounds": bounds, "summary": summary, "clauses": clauses, "rules": _unique(rules),
                              "witness": witness}

    def _refusal(self, cat: str, data: dict, admit_jid: str, refuse_jid: str) -> tuple[dict, list[str]] | None:
        """On the one household `data`: does admit_jid admit `cat` and refuse_jid refuse it because
        of conditions that are not thresholds (and do not hide a threshold: an excluded category
        must hold in both jurisdictions, a helper predicate must read no parameter)? Returns the
        refusing rule's trace and the refusing conditions."""
        d_admit = self.runner.run(data, admit_jid)
        d_refuse = self.runner.run(data, refuse_jid)
        e_admit, e_refuse = d_admit["categories"].get(cat), d_refuse["categories"].get(cat)
        if e_admit is None or e_refuse is None or e_admit["status"] != "eligible" or not _not_in(e_refuse):
            return None
        j_refuse = self.rb.jurisdictions[refuse_jid]

        def non_threshold(c):
            if _numeric(c):
                return False
            pred = c.get("predicate")
            if pred and pred in j_refuse.categories:
                other = d_admit["categories"].get(pred)
                return other is not None and other["status"] == d_refuse["categories"][pred]["status"]
            if pred and pred not in ("member", "listed"):
                return not _reads_parameters(j_refuse, pred)
            return True
        fails = clean_failures(e_refuse, non_threshold)
        if not fails:
            return None
        best = min(fails, key=lambda t: (len(t["failed"]), t["rule"]))
        return best, sorted({_cond_text(c, values=False) for c in best["failed"]})

    def _contradiction(self, cat, data, admit_jid, refuse_jid) -> None:
        """A category admitted by one jurisdiction and refused by another on the same household
        for a reason that is not a threshold; one finding per (category, reason), listing every
        jurisdiction that admits or refuses the finding's own witness that way."""
        found = self._refusal(cat, data, admit_jid, refuse_jid)
        if found is None:
            return
        best, reason = found
        key = f"contradiction/{cat}/" + " & ".join(reason)
        f = self.findings.get(key)
        if f is not None:
            wdata = f["witness"]["household"]
            changed = False
            if admit_jid not in f["admitted_by"] and refuse_jid not in f["admitted_by"]:
                if self.runner.run(wdata, admit_jid)["categories"].get(cat, {}).get("status") == "eligible":
                    f["admitted_by"].append(admit_jid)
                    changed = True
            if refuse_jid not in f["refused_by"] and refuse_jid not in f["admitted_by"]:
                again = self._refusal(cat, wdata, f["admitted_by"][0], refuse_jid)
                if again is not None and again[1] == reason:
                    f["refused_by"].append(refuse_jid)
                    f["refusing_rules"][refuse_jid] = again[0]["rule"]
                    changed = True
            if changed:
                self._contradiction_text(f, cat, wdata)
            return
        f = {"id": key, "kind": "contradiction", "category": cat, "because": reason,
             "admitted_by": [admit_jid], "refused_by": [refuse_jid], "refusing_rules": {refuse_jid: best["rule"]},
             "witness": None}
        self.findings[key] = f
        self._contradiction_text(f, cat, data)

    def _contradiction_text(self, f: dict, cat: str, data: dict) -> None:
        f["admitted_by"].sort()
        f["refused_by"].sort()
        jids = sorted(set(f["admitted_by"]) | set(f["refused_by"]))
        f["jurisdictions"] = jids
        clauses, rules = [], []
        for jid in f["admitted_by"]:
            holding = self.runner.run(data, jid)["categories"][cat]["holding"][:1]
            clauses += _clauses_of(holding)
            rules += [t["rule"] for t in holding]
        for jid in f["refused_by"]:
            e = self.runner.run(data, jid)["categories"][cat]
            trace = next(t for t in e["failing"] if t["rule"] == f["refusing_rules"][jid])
            clauses += _clauses_of([trace])
            rules.append(trace["rule"])
        f["clauses"] = _dedupe_clauses(clauses)
        f["rules"] = _unique(rules)
        why = " and ".join(f["because"])
        j0 = self.rb.jurisdictions[f["refused_by"][0]]
        catname = j0.categories[cat].label
        yes_zh = "、".join(_label(self.rb, j) for j in f["admitted_by"])
        no_zh = "、".join(_label(self.rb, j) for j in f["refused_by"])
        kind_zh = "排除条件" if any(c.startswith("not ") for c in f["because"]) else "条件"
        f["summary"] = {
            "zh": f"{catname}：同一户，{yes_zh}认定，{no_zh}因{kind_zh}“{why}”不认定（非收入界限之差）",
            "en": f"{cat}: the same household is admitted by {', '.join(f['admitted_by'])} and refused by "
                  f"{', '.join(f['refused_by'])} because of `{why}`, a condition that is not a threshold",
        }
        f["witness"] = self._witness({j: data for j in jids})

    def _overlaps(self, j: Jurisdiction, data: dict, d: dict) -> None:
        """Remember, per pair of categories both eligible, the witness with the fewest other
        categories (so that the alternatives shown are those of the pair)."""
        eligible = [c for c in CATEGORY_ORDER if d["categories"].get(c, {}).get("status") == "eligible"]
        for a, b in combinations(eligible, 2):
            best = self.pairs.get((j.id, a, b))
            if best is None or len(eligible) < best[0]:
                self.pairs[(j.id, a, b)] = (len(eligible), data)
            if self._differing_measures(j, d, a, b):
                best = self.pair_measures.get((j.id, a, b))
                if best is None or len(eligible) < best[0]:
                    self.pair_measures[(j.id, a, b)] = (len(eligible), data)

    def overlaps_within(self) -> None:
        for key, (_, data) in sorted(self.pairs.items()):
            data = self.pair_measures.get(key, (0, data))[1]
            jid, a, b = key
            self._overlap(self.rb.jurisdictions[jid], data, self.runner.run(data, jid), a, b)

    def _overlap(self, j: Jurisdiction, data: dict, d: dict, a: str, b: str) -> None:
        key = f"overlap/{j.id}/{a}+{b}"
        exclusive = fav.exclusive_pair(j, a, b)
        measures = self._differing_measures(j, d, a, b)
        if not exclusive and not measures:
            return
        principle = fav.overlap_principle(j)
        ea, eb = d["categories"][a], d["categories"][b]
        clauses = _clauses_of(ea["holding"][:1]) + _clauses_of(eb["holding"][:1])
        clauses += [{**c, "statement": s.label} for s, c in exclusive]
        rules = [t["rule"] for t in ea["holding"][:1] + eb["holding"][:1]]
        for m in measures:
            rules += [alt["rule"] for alt in m["alternatives"]]
            clauses += [alt["clause"] for alt in m["alternatives"] if alt.get("clause")]
        if principle and principle["clause"]:
            clauses.append({**principle["clause"], "principle": principle["label"]})
        la, lb = j.categories[a].label, j.categories[b].label
        if principle:
            chosen = "；".join(f"{m['benefit']} 取{m['chosen']}（" + "、".join(
                f"{alt['value']}←{'/'.join(alt['categories'])}" for alt in m["alternatives"]) + "）"
                              for m in measures if m["chosen"])
            resolution = {"status": "resolved", "principle": principle["label"], "clause": principle["clause"],
                          "benefits": measures}
            zh_tail = f"按“{principle['label']}”原则（{principle['clause']['section']}）解决" + (f"：{chosen}" if chosen else "")
            en_tail = f"resolved by {principle['label']} ({principle['clause']['section']})" + (
                ": " + "; ".join(f"{m['benefit']} {m['chosen']} chosen over " + ", ".join(
                    alt["value"] for alt in m["alternatives"] if alt["value"] != m["chosen"]) for m in measures if m["chosen"])
                if measures else "")
        else:
            resolution = {"status": "unresolved", "principle": None, "benefits": measures,
                          "note": {"zh": "文件未规定取舍原则", "en": "the document names no principle"}}
            zh_tail = "文件未规定以哪类为准：未解决"
            en_tail = "the document names no precedence: unresolved"
        why_zh = "；".join([f"文件将其列为不同类别（{s.section}“{s.label}”）" for s, _ in exclusive] +
                          [f"{m['benefit']}待遇不同（" + "、".join(f"{alt['value']}" for alt in m["alternatives"]) + "）"
                           for m in measures])
        why_en = "; ".join([f"the document makes them distinct classes ({s.section} {s.label})" for s, _ in exclusive] +
                           [f"{m['benefit']} differs (" + ", ".join(alt["value"] for alt in m["alternatives"]) + ")"
                            for m in measures])
        self.findings[key] = {
            "id": key, "kind": "overlap", "jurisdictions": [j.id], "categories": [a, b],
            "summary": {"zh": f"{j.label}：同一户可同时认定为{la}和{lb}；{why_zh}；{zh_tail}",
                        "en": f"{j.id}: one household is both {a} and {b}; {why_en}; {en_tail}"},
            "resolution": resolution, "clauses": _dedupe_clauses(clauses), "rules": _unique(rules),
            "witness": self._witness({j.id: data}, benefits=[m["benefit"] for m in measures])}

    def overlaps_across(self) -> None:
        """Two categories that one jurisdiction lets a household hold together, where another
        jurisdiction's document (or its rules) makes them exclusive; shown on the same household."""
        for (jid, a, b), (_, data) in sorted(self.pairs.items()):
            excluding = {}
            for other, j2 in sorted(self.rb.jurisdictions.items()):
                if other == jid or a not in j2.categories or b not in j2.categories:
                    continue
                if (other, a, b) in self.pairs:     # the other document's rules allow the pair too
                    continue
                statuses = self.runner.statuses(data, other)
                if statuses.get(a) == "eligible" and statuses.get(b) == "eligible":
                    continue
                stmts = fav.exclusive_pair(j2, a, b)
                rules = _excluding_rules(j2, a, b)
                if stmts or rules:
                    excluding[other] = (stmts, rules)
            if not excluding:
                continue
            j1 = self.rb.jurisdictions[jid]
            key = f"overlap/{jid}/{a}+{b}/excluded by " + ",".join(sorted(excluding))
            d = self.runner.run(data, jid)
            clauses = _clauses_of(d["categories"][a]["holding"][:1]) + _clauses_of(d["categories"][b]["holding"][:1])
            rules_used = [t["rule"] for t in d["categories"][a]["holding"][:1] + d["categories"][b]["holding"][:1]]
            why_zh, why_en = [], []
            for other, (stmts, rules) in sorted(excluding.items()):
                clauses += [{**c, "statement": s_.label} for s_, c in stmts]
                for r in rules:
                    clauses += [{**c.as_dict(), "rule": r.id} for c in r.clauses]
                    rules_used.append(r.id)
                bits = [f"{s_.section}“{s_.label}”" for s_, _ in stmts] + [f"{r.id}" for r in rules]
                why_zh.append(f"{_label(self.rb, other)}（{'；'.join(bits)}）")
                why_en.append(f"{other} ({'; '.join(bits)})")
            la, lb = j1.categories[a].label, j1.categories[b].label
            principle = fav.overlap_principle(j1)
            tail_zh = f"；{j1.label}按“{principle['label']}”处理" if principle else ""
            tail_en = f"; {jid} resolves it by {principle['label']}" if principle else ""
            self.findings[key] = {
                "id": key, "kind": "overlap", "jurisdictions": sorted({jid, *excluding}), "categories": [a, b],
                "scope": "across",
                "summary": {"zh": f"{j1.label}允许同一户同时为{la}和{lb}，而" + "、".join(why_zh)
                                  + f"把二者列为互斥{tail_zh}",
                            "en": f"{jid} lets one household be both {a} and {b}; " + ", ".join(why_en)
                                  + f" make them exclusive{tail_en}"},
                "resolution": {"status": "resolved" if principle else "unresolved",
                               "principle": principle["label"] if principle else None,
                               "clause": principle["clause"] if principle else None},
                "clauses": _dedupe_clauses(clauses), "rules": _unique(rules_used),
                "witness": self._witness({j: data for j in sorted({jid, *excluding})})}

    def _differing_measures(self, j: Jurisdiction, d: dict, a: str, b: str) -> list[dict]:
        out = []
        for bid, ben in d["benefits"].items():
            resolutions = [ben["resolved_by"]] if ben.get("resolved_by") else \
                [m["resolved_by"] for m in (ben.get("members") or []) if m.get("resolved_by")]
            resolutions += [{"alternatives": c.get("options", []), "chosen": None, "principle": None, "clause": None}
                            for c in d["conflicts"] if c.get("benefit") == bid and c.get("principle") is None]
            for res in resolutions:
                alts = []
                for alt in res["alternatives"]:
                    rule = next((r for r in j.rules if r.id == alt.get("rule")), None)
                    alts.append({"value": alt.get("value"), "rule": alt.get("rule"), "clause": alt.get("clause"),
                                 "categories": fav._ordered(fav.categories_behind(j, rule)) if rule else []})
                va = {x["value"] for x in alts if a in x["categories"]}
                vb = {x["value"] for x in alts if b in x["categories"]}
                if va and vb and va != vb:
                    out.append({"benefit": bid, "alternatives": alts, "chosen": res.get("chosen"),
                                "principle": res.get("principle"), "clause": res.get("clause")})
                    break
        return out

    def _internal_contradictions(self, j: Jurisdiction, data: dict, d: dict) -> None:
        """A category that one of its rules excludes for being in another category (`not c`) but
        another of its rules admits anyway, with that other category holding."""
        for cat, e in d["categories"].items():
            if e["status"] != "eligible":
                continue
            holding = {t["rule"] for t in e["holding"]}
            for rule in j.rules_for(cat):
                if rule.id in holding:
                    continue
                excluded = [lit.left.name for lit in rule.body if lit.negated and not lit.is_comparison
                            and getattr(lit.left, "name", None) in j.categories]
                for other in excluded:
                    if d["categories"].get(other, {}).get("status") != "eligible":
                        continue
                    key = f"contradiction/{j.id}/{cat}/{rule.name}/not {other}"
                    if key in self.findings:
                        continue
                    admit = e["holding"][0]
                    self.findings[key] = {
                        "id": key, "kind": "contradiction", "jurisdictions": [j.id], "category": cat,
                        "admitted_by": [j.id], "refused_by": j.id, "because": [f"not {other}"],
                        "summary": {"zh": f"{j.label}：{rule.id}要求“不属于{j.categories[other].label}”，"
                                          f"但{admit['rule']}仍认定同时属于{j.categories[other].label}的户为{j.categories[cat].label}",
                                    "en": f"{j.id}: {rule.id} excludes {other} from {cat}, but {admit['rule']} admits a "
                                          f"household that is {other}"},
                        "clauses": _clauses_of([admit]) + [{**c.as_dict(), "rule": rule.id} for c in rule.clauses],
                        "rules": [admit["rule"], rule.id], "witness": self._witness({j.id: data})}

    def _gaps(self, j: Jurisdiction, rows) -> None:
        def covered(d):
            cats = d["categories"].values()
            if any(c["status"] == "eligible" for c in cats):
                return True
            if any(c["status"] == "undetermined" and not c["case_by_case"] for c in cats):
                return None
            return False
        cov = [covered(d) for _, _, d in rows]
        i = 0
        while i < len(rows):
            if cov[i] is not False or i == 0 or cov[i - 1] is not True:
                i += 1
                continue
            k = i
            while k + 1 < len(rows) and cov[k + 1] is False:
                k += 1
            if k + 1 < len(rows) and cov[k + 1] is True:
                self._gap(j, rows[i - 1], rows[i:k + 1], rows[k + 1])
            i = k + 1

    def _gap(self, j: Jurisdiction, below, run, above) -> None:
        spec, data, d = run[0]
        lo, hi = run[0][0].label, run[-1][0].label
        key = f"gap/{j.id}/per_capita_income/{_dec(run[0][0].pci)}..{_dec(run[-1][0].pci)}"
        if key in self.findings:
            return
        cover_below = [c for c in CATEGORY_ORDER if below[2]["categories"].get(c, {}).get("status") == "eligible"]
        cover_above = [c for c in CATEGORY_ORDER if above[2]["categories"].get(c, {}).get("status") == "eligible"]
        clauses, rules = [], []
        for c in cover_below:
            clauses += _clauses_of(below[2]["categories"][c]["holding"][:1])
            rules += [t["rule"] for t in below[2]["categories"][c]["holding"][:1]]
        for c in cover_above:
            clauses += _clauses_of(above[2]["categories"][c]["holding"][:1])
            rules += [t["rule"] for t in above[2]["categories"][c]["holding"][:1]]
        failing = {c: [_cond_text(x) for t in e["failing"] for x in t["failed"] if x.get("fact") == "per_capita_income"]
                   for c, e in d["categories"].items() if c in set(cover_below) | set(cover_above)}
        intent = fav.statements(j, fav.NO_GAP)
        clauses += [{**c, "statement": s.label} for s, c in intent]
        where = _dec(run[0][0].pci) if len(run) == 1 else f"{_dec(run[0][0].pci)} … {_dec(run[-1][0].pci)}"
        lbl = lambda cs: "、".join(j.categories[c].label for c in cs)  # noqa: E731
        summary = {
            "zh": f"{j.label}：人均收入{where}元的户不属于任何类别，而低0.01元属于{lbl(cover_below)}、高0.01元属于"
                  f"{lbl(cover_above)}：两档边界未衔接" + (f"（文件要求“{intent[0][0].label}”）" if intent else ""),
            "en": f"{j.id}: a household at per-capita income {where} is in no category, while 0.01 less is "
                  f"{', '.join(cover_below)} and 0.01 more is {', '.join(cover_above)}: the bands do not meet"
                  + (f" (the document intends {intent[0][0].label})" if intent else ""),
        }
        self.findings[key] = {
            "id": key, "kind": "gap", "jurisdictions": [j.id], "between": {"below": cover_below, "above": cover_above},
            "region": {"from": lo, "to": hi}, "failing": failing, "summary": summary,
            "clauses": _dedupe_clauses(clauses), "rules": _unique(rules),
            "witness": {**self._witness({j.id: data}),
                        "neighbours": {"below": {"household": below[1], "answers": {j.id: self.runner.statuses(below[1], j.id)}},
                                       "above": {"household": above[1], "answers": {j.id: self.runner.statuses(above[1], j.id)}}}}}

    # -- witnesses ----------------------------------------------------------------------------------
    def _witness(self, households: dict[str, dict], position: str | None = None, benefits=None) -> dict:
        jids = sorted(households)
        first = households[jids[0]]
        same = all(households[j] == first for j in jids)
        w = {"household": first, "date": self.when.isoformat(), "describe": describe(first),
             "answers": _answers(self.runner, households, jids)}
        if not same:
            w["households"] = {j: households[j] for j in jids}
            w["describe_each"] = {j: describe(households[j]) for j in jids}
        if position:
            w["position"] = position
        if benefits:
            w["benefits"] = {j: {b: {"status": self.runner.run(households[j], j)["benefits"][b]["status"],
                                     "value": self.runner.run(households[j], j)["benefits"][b]["value"]}
                                 for b in benefits if b in self.runner.run(households[j], j)["benefits"]}
                             for j in jids}
        return w

    def confirm(self) -> list[dict]:
        """Decide every witness afresh (no cache) and mark the finding confirmed when the engine
        gives exactly the recorded answers."""
        out = []
        for f in self.findings.values():
            f["confirmed"] = rerun_witness(f, self.rb) == f["witness"]["answers"]
            out.append(f)
        return sorted(out, key=lambda f: (KINDS.index(f["kind"]), f["id"]))


def rerun_witness(finding: dict, rulebase: RuleBase) -> dict[str, dict[str, str]]:
    """The statuses the engine gives the finding's witness household(s) now."""
    from kb.engine import decide
    w = finding["witness"]
    out = {}
    for jid in w["answers"]:
        data = (w.get("households") or {}).get(jid, w["household"])
        answer = decide(household(data, jid, w["date"]), rulebase, jid)
        out[jid] = {c["id"]: c["status"] for c in answer["categories"]}
    return out


# -- helpers --------------------------------------------------------------------------------------

def _reference_date(rulebase: RuleBase) -> date:
    latest = REFERENCE_DATE
    for j in rulebase.jurisdictions.values():
        for p in j.parameters.values():
            for v in p.values:
                if v.effective_from > latest:
                    latest = v.effective_from
    return latest


def _cat_key(c: str):
    return (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c)


def _unique(xs):
    out = []
    for x in xs:
        if x not in out:
            out.append(x)
    return out


def _dedupe_clauses(clauses):
    out, seen = [], set()
    for c in clauses:
        key = (c["document"], c["start"], c["end"], c.get("rule"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _cond_text(c: dict, values: bool = True) -> str:
    text = c.get("condition", "")
    if values and c.get("test") and "(" in c["test"]:
        text += " " + c["test"][c["test"].index("("):]
    return text


def _point_label(k: Fraction, off: int, param: str, is_threshold: bool) -> str:
    mult = format(Decimal(k.numerator) / Decimal(k.denominator), "f").rstrip("0").rstrip(".") \
        if (k * 1000).denominator == 1 else f"{float(k):.3f}"
    base = f"{mult} × {param}"
    if not is_threshold:
        return f"≈ {base}"
    return base + {-1: " − 0.01", 0: "", 1: " + 0.01"}[off]


def _ratio_label(k: Fraction, off: int) -> str:
    mult = format(Decimal(k.numerator) / Decimal(k.denominator), "f").rstrip("0").rstrip(".")
    return f"rigid_expenditure = {mult} × annual_income" + {-1: " − 0.01", 0: "", 1: " + 0.01"}[off]


def _dim_zh(fact, param):
    if fact == "per_capita_income":
        return f"人均收入（相对{param}）"
    if fact == "rigid_expenditure":
        return "刚性支出占年收入比例"
    return {"age": "年龄"}.get(fact, fact)


def _dim_en(fact, param):
    if fact == "per_capita_income":
        return f"per-capita income relative to {param}"
    if fact == "rigid_expenditure":
        return "rigid expenditure relative to annual income"
    return fact


# -- public ---------------------------------------------------------------------------------------

_CACHE: dict[tuple, list[dict]] = {}


def find_conflicts(rulebase: RuleBase, when: date | None = None) -> list[dict]:
    """Every finding over the compiled rule base, each with a confirmed witness (cached per
    rule-base version and date)."""
    key = (rulebase.version, when, tuple(sorted(rulebase.jurisdictions)))
    if key not in _CACHE:
        analysis = Analysis(rulebase, when)
        analysis.within()
        analysis.overlaps_within()
        analysis.overlaps_across()
        analysis.across()
        _CACHE[key] = analysis.confirm()
    return _CACHE[key]


def report(rulebase: RuleBase, when: date | None = None) -> dict:
    findings = find_conflicts(rulebase, when)
    counts = {k: sum(1 for f in findings if f["kind"] == k) for k in KINDS}
    return {"rulebase": {"version": rulebase.version}, "date": (when or _reference_date(rulebase)).isoformat(),
            "method": "thresholds ± one step enumerated; every witness decided by kb.engine.decide",
            "counts": counts, "conflicts": findings}


# -- compare: one household under every jurisdiction ------------------------------------------------

def decisive(entry: dict) -> list[dict]:
    """What decided a category's status in one answer: the rule(s) that held (with their
    conditions), the nearest failing rule's failed conditions, or what is unknown — each with
    its clause."""
    status = entry["status"]
    if status == "eligible":
        traces = entry.get("because", [])[:2]
        return [{"rule": t["rule"], "clause": t.get("clause"), "holds": True,
                 "conditions": [_cond(c) for c in t.get("conditions", []) if c.get("fact") or c.get("predicate")]}
                for t in traces]
    if status == "undetermined" and entry.get("unknown"):
        return [{"rule": t["rule"], "clause": t.get("clause"), "holds": None,
                 "unknown": [_cond(c) for c in t.get("unknown", [])],
                 "missing": entry.get("missing", []), "reason": entry.get("reason")} for t in entry["unknown"][:2]]
    failing = sorted(entry.get("because_not", []), key=lambda t: len(t.get("failed", [])))
    if not failing:
        return []
    fewest = len(failing[0].get("failed", []))
    return [{"rule": t["rule"], "clause": t.get("clause"), "holds": False,
             "failed": [_cond(c) for c in t.get("failed", [])]} for t in failing if len(t.get("failed", [])) == fewest][:3]


def annotate_comparison(comparison: dict, rulebase: RuleBase | None = None) -> dict:
    """Add to a side-by-side comparison (kb.explain.compare.compare's result: `jurisdictions` maps
    jurisdiction -> answer, `differences` lists categories whose status differs) what makes each
    difference — per jurisdiction the decisive rule, clause and conditions — and, per jurisdiction,
    the favourability records (category overlaps, resolved benefit values, 就低). In place; returned.
    `rulebase` defaults to the shipped one when the comparison was made with it (same version)."""
    answers = comparison.get("jurisdictions", {})
    if rulebase is None:
        from kb.compile.compiler import default_rulebase
        shipped = default_rulebase()
        version = (comparison.get("rulebase") or {}).get("version")
        rulebase = shipped if version in (None, shipped.version) else None
    for diff in comparison.get("differences", []):
        cat = diff["category"]
        diff["decisive"] = {}
        for jid, answer in answers.items():
            entry = next((c for c in answer["categories"] if c["id"] == cat), None)
            if entry is not None:
                diff["decisive"][jid] = decisive(entry)
        diff["why"] = _why(cat, diff["decisive"], diff.get("statuses", {}))
    comparison["favourability"] = {}
    for jid, answer in answers.items():
        overlaps = answer.get("category_overlaps")
        j = rulebase.jurisdictions.get(jid) if rulebase is not None else None
        if overlaps is None and j is not None:
            overlaps = fav.category_overlaps(j, answer)
        income = answer.get("accounting", {}).get("income_principle")
        if income and j is not None:
            fav.department_accounting(j, answer)
        if answer.get("conflicts") or income or overlaps:
            comparison["favourability"][jid] = {"conflicts": answer.get("conflicts", []),
                                                "category_overlaps": overlaps or [],
                                                "income_principle": income}
    return comparison


def _why(cat: str, decisive_by_j: dict, statuses: dict) -> dict:
    yes = [j for j, s in statuses.items() if s == "eligible"]
    no = [j for j, s in statuses.items() if s == "ineligible"]
    unk = [j for j, s in statuses.items() if s == "undetermined"]
    zh, en = [], []
    for j in yes:
        rule = decisive_by_j.get(j, [{}])[0] if decisive_by_j.get(j) else {}
        sec = (rule.get("clause") or {}).get("section", "")
        zh.append(f"{j}依{sec}认定")
        en.append(f"{j} admits under {rule.get('rule', '?')} ({sec})")
    for j in no:
        for rule in decisive_by_j.get(j, [])[:1]:
            sec = (rule.get("clause") or {}).get("section", "")
            failed = " and ".join(_cond_text(c) for c in rule.get("failed", []))
            zh.append(f"{j}依{sec}不认定：不满足 {failed}")
            en.append(f"{j} refuses under {rule['rule']} ({sec}): {failed} fails")
    for j in unk:
        for rule in decisive_by_j.get(j, [])[:1]:
            zh.append(f"{j}无法判定：{rule.get('reason') or '缺少 ' + '、'.join(rule.get('missing') or [])}")
            en.append(f"{j} undetermined: {rule.get('reason') or 'missing ' + ', '.join(rule.get('missing') or [])}")
    return {"zh": "；".join(zh), "en": "; ".join(en)}


def compare(household_: Household, rulebase: RuleBase, jurisdictions: list[str] | None = None) -> dict:
    """One household under every jurisdiction, side by side (kb.explain.compare), with what makes
    each difference."""
    return annotate_comparison(engine.compare(household_, rulebase, jurisdictions), rulebase)
