"""How each derived fact was computed, so a condition on it carries its own derivation.

A condition such as `per_capita_income < dibao_standard` is decided as much by the accounting
as by the rule's sentence: which income items were counted, which were left out and by which
clause (淮上 二.(一).1: "现核算时均不计入"), and who was counted as a household member. The
answer attaches this to every condition on a derived fact (`derivation`), and a category whose
deciding conditions rest on an excluding clause lists that clause (`derived_by`) and says so in
its explanation.
"""
from __future__ import annotations

from kb.core.model import Jurisdiction
from kb.core.money import fmt
from kb.evaluate.accounting import Accounting
from kb.explain.tables import Graph
from kb.explain.memo import once
from kb.explain.types_records import Derivation, IncomeAmount

INCOME_FACTS = ("annual_income", "per_capita_income")
PER_CAPITA_FACTS = ("per_capita_income", "financial_assets_per_capita")


def derivations(j: Jurisdiction, acc: Accounting, g: Graph) -> dict[str, Derivation]:
    """Per derived fact, what it was computed from (built once per answer; the excluding clauses
    as ids of the answer's clause table, `g`)."""
    members = {"members_counted": list(acc.counted), "members_excluded": list(acc.excluded),
               "members_undecided": list(acc.undecided)}
    if "household_size" in acc.values:
        members["household_size"] = acc.values["household_size"]
    out = {"household_size": Derivation(source="bg:member", **members)}
    income: dict = {}
    if acc.income_all_items is not None:
        income["items_counted"] = [IncomeAmount(type=i["type"], amount=fmt(i["amount"])) for i in acc.income_counted_items]
        income["items_excluded"] = [IncomeAmount(type=i["type"], amount=fmt(i["amount"])) for i in acc.income_excluded_items]
        income["annual_income"] = fmt(acc.values["annual_income"])
    if j.income_exclusions:
        income["excluded_types"] = sorted(j.income_exclusions)
        income["excluded_by"] = g.clause_list(excluding_clauses(j))
    out["annual_income"] = Derivation(source="bg:incomeItem", **income)
    out["per_capita_income"] = Derivation(source="bg:incomeItem", **income, **members)
    out["financial_assets_per_capita"] = Derivation(source="bg:financialAssets", **members)
    return out


# a per-capita figure divides one derived fact by another: the answer states its derivation as
# the two it combines rather than repeating their items and members (kb.explain.graph.derivation
# joins them back in)
COMBINES = {"per_capita_income": ("annual_income", "household_size"),
            "financial_assets_per_capita": ("household_size",)}


def stated_once(derived: dict[str, Derivation]) -> dict[str, Derivation]:
    """The answer's `accounting.derivations`: a per-capita figure's entry names the derivations it
    combines instead of repeating what they counted."""
    out = {}
    for fact, d in derived.items():
        parts = COMBINES.get(fact, ())
        out[fact] = Derivation(source=d.source, combines=list(parts)) if parts and all(
            p in derived for p in parts) else d
    return out


def excluding_clauses(j: Jurisdiction) -> list[dict]:
    """The clauses of the jurisdiction's `income excludes` statements, each once (made once per
    jurisdiction version and shared by its answers: read, never changed)."""
    return once(j, "excluding_clauses", lambda: _excluding_clauses(j))


def _excluding_clauses(j: Jurisdiction) -> list[dict]:
    seen, out = set(), []
    for clauses in j.income_exclusions.values():
        for c in clauses:
            if (c.start, c.end) not in seen:
                seen.add((c.start, c.end))
                out.append(c.as_dict())
    return out


def income_note(j: Jurisdiction, acc: Accounting, lang: str) -> str:
    """One sentence for a category decided through income that the accounting changed."""
    clauses = excluding_clauses(j)
    if not clauses:
        return ""
    c = clauses[0]
    items = ", ".join(f"{i['type']} {fmt(i['amount'])}" for i in acc.income_excluded_items)
    types = ", ".join(sorted(j.income_exclusions))
    if lang == "zh":
        left = f"（本户不计入: {items}）" if items else ""
        return f"收入按 §{c['section']}「{c['quote']}」核算，不计入 {types}{left}。"
    left = f" (left out here: {items})" if items else ""
    return f"Income is counted under §{c['section']} \"{c['quote']}\", without {types}{left}."
