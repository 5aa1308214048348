"""Every threshold the rules compare a household or person fact with, read from the compiled
rules' structure (never from rendered text)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from grammar import ast
from kb.core.facts import ALL_FACTS, INTEGER, MONEY
from kb.core.model import Jurisdiction, RuleBase


def parameters_at(j: Jurisdiction, when: date) -> dict[str, Fraction]:
    out = {}
    for name, p in j.parameters.items():
        v = p.at(when)
        if v is not None:
            out[name] = v.value
    return out


def evaluate_expression(expr, params) -> Fraction | None:
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Name) and expr.name in params:
        return params[expr.name]
    if isinstance(expr, ast.BinOp):
        left, right = evaluate_expression(expr.left, params), evaluate_expression(expr.right, params)
        if left is None or right is None:
            return None
        return {"+": left + right, "-": left - right, "*": left * right}[expr.op]
    return None


def names_in(expr) -> set[str]:
    if isinstance(expr, ast.Name):
        return {expr.name}
    if isinstance(expr, ast.BinOp):
        return names_in(expr.left) | names_in(expr.right)
    return set()


@dataclass
class Thresholds:
    pci: dict[str, set[Fraction]] = field(default_factory=dict)               # jid -> absolute yuan
    relative: dict[str, dict[str, set[Fraction]]] = field(default_factory=dict)  # param -> jid -> multiples
    assets: dict[str, dict[str, set[Fraction]]] = field(default_factory=dict)    # the same for assets per capita
    rigid_ratio: dict[str, set[Fraction]] = field(default_factory=dict)       # category -> ratios
    person: dict[str, set[int]] = field(default_factory=dict)                 # person fact -> values


def money_parameters(j: Jurisdiction) -> set[str]:
    """Parameters that are sums of money (by their declared unit), as opposed to multipliers."""
    return {name for name, p in j.parameters.items() if p.unit.startswith("yuan")}


def thresholds(rulebase: RuleBase, when: date) -> Thresholds:
    """Every threshold the rules compare a household or person fact with, by jurisdiction."""
    th = Thresholds()
    for j in rulebase.jurisdictions.values():
        params = parameters_at(j, when)
        money = money_parameters(j)
        th.pci.setdefault(j.id, set())
        for rule in j.rules:
            cats = {rule.head.name} if rule.head.name in j.categories else heads_using(j, rule.head.name)
            for lit in rule.body:
                if not lit.is_comparison:
                    continue
                for fact_side, other in ((lit.left, lit.right), (lit.right, lit.left)):
                    if isinstance(fact_side, ast.Name) and fact_side.name == "per_capita_income":
                        value = evaluate_expression(other, params)
                        if value is not None:
                            th.pci[j.id].add(value)
                            used = [n for n in names_in(other) if n in params]
                            base = [n for n in used if n in money]   # yuan figures, not multipliers
                            if len(base) == 1:
                                th.relative.setdefault(base[0], {}).setdefault(j.id, set()).add(value / params[base[0]])
                    elif isinstance(fact_side, ast.Name) and fact_side.name == "financial_assets_per_capita":
                        value = evaluate_expression(other, params)
                        used = [n for n in names_in(other) if n in params and n in money]
                        if value is not None and len(used) == 1:
                            th.assets.setdefault(used[0], {}).setdefault(j.id, set()).add(value / params[used[0]])
                    elif isinstance(fact_side, ast.Name) and fact_side.name == "rigid_expenditure":
                        if isinstance(other, ast.Name) and other.name == "annual_income":
                            ratio = Fraction(1)
                        elif isinstance(other, ast.BinOp) and other.op == "*" and "annual_income" in names_in(other):
                            ratio = evaluate_expression(other.left if isinstance(other.right, ast.Name) else other.right, params)
                        else:
                            ratio = None
                        if ratio is not None:
                            for c in cats:
                                th.rigid_ratio.setdefault(c, set()).add(ratio)
                    elif isinstance(fact_side, ast.Call) and ALL_FACTS.get(fact_side.name) and \
                            ALL_FACTS[fact_side.name].type == INTEGER and fact_side.name in ("age", "disability_grade"):
                        value = evaluate_expression(other, params)
                        if value is not None and value.denominator == 1:
                            th.person.setdefault(fact_side.name, set()).add(int(value))
    return th


def excluding_rules(j: Jurisdiction, a: str, b: str) -> list:
    """Rules of j by which a and b exclude each other: every rule of b reads `not a` (or the
    other way round); the rules returned are those carrying the exclusion."""
    for x, y in ((a, b), (b, a)):
        rules = j.rules_for(y)
        if rules and all(any(lit.negated and not lit.is_comparison and getattr(lit.left, "name", None) == x
                             for lit in r.body) for r in rules):
            return rules
    return []


def reads_parameters(j: Jurisdiction, predicate: str, _seen=None) -> bool:
    """Whether a helper predicate's rules (transitively) compare with a parameter or money fact."""
    seen = _seen if _seen is not None else set()
    seen.add(predicate)
    for r in j.rules_for(predicate):
        if r.reads_params or any(ALL_FACTS[f].type == MONEY for f in r.reads_facts if f in ALL_FACTS):
            return True
        if any(p not in seen and reads_parameters(j, p, seen) for p in r.reads_predicates
               if p not in ("member", "listed")):
            return True
    return False


def heads_using(j: Jurisdiction, helper: str, _seen=None) -> set[str]:
    """The categories whose rules (transitively) read a helper predicate."""
    seen = _seen if _seen is not None else set()
    out = set()
    for r in j.rules:
        if helper in r.reads_predicates and r.head.name not in seen:
            seen.add(r.head.name)
            if r.head.name in j.categories:
                out.add(r.head.name)
            else:
                out |= heads_using(j, r.head.name, seen)
    return out
