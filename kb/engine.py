"""Decide every category and benefit of a jurisdiction for one household, with explanations.

The flow: membership rules -> accounting (derived facts) -> pyDatalog derives what holds ->
the three-valued evaluator re-checks every rule (the explanation) -> the two must agree ->
the answer (docs/answer.md) with why, why not, what is missing and what would change it.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from kb.core.facts import Household, IncomeItem
from kb.core.money import fmt
from kb.core.model import Jurisdiction, RuleBase, UnknownVersion
from kb.evaluate import datalog
from kb.evaluate.accounting import account
from kb.evaluate.conditions import missing_of
from kb.evaluate.recheck import Evaluation, Evaluator
from kb.explain import favourability
from kb.explain.answer import answer_view
from kb.explain.compare import comparison_order, side_by_side
from kb.explain.types import Answer, given


class EngineError(Exception):
    """The household cannot be evaluated as asked (e.g. an unknown jurisdiction)."""

    def __init__(self, message: str, location: str = ""):
        super().__init__(message)
        self.location = location


class InconsistentDerivation(RuntimeError):
    """pyDatalog and the three-valued re-check disagree: a bug in the compiler, never the input."""


def decide(household: Household, rulebase: RuleBase, jurisdiction: str | None = None,
           version: str | None = None, only: str | None = None, texts: tuple[str, ...] = ()) -> Answer:
    """The full answer for one household (kb.explain.types.Answer, see docs/answer.md), under the version
    of the jurisdiction's document in force at the assessment date (or the named `version`).
    The answer is the proof graph; its prose (labels, explanations, question texts) is written in
    the languages of `texts` only ("zh", "en"; none by default: `?lang=` / `--lang` ask for one).
    With `only` (a category or benefit id: `binggui explain`), pyDatalog is asked for that one
    and membership, and only they are held to the re-check; the answer is built as always."""
    jid = jurisdiction or household.jurisdiction
    if jid not in rulebase.jurisdictions:
        raise EngineError(f"unknown jurisdiction {jid!r}; known: {', '.join(sorted(rulebase.jurisdictions))}",
                          "jurisdiction")
    try:
        j = rulebase.at(jid, household.assessment_date, version)
    except UnknownVersion as err:
        raise EngineError(str(err), "version") from None
    params, param_values = _params_at(j, household)
    membership, member_traces = _membership(j, household, params)
    acc = account(household, {pid: (t, miss) for pid, (t, miss) in membership.items()}, set(j.income_exclusions))
    evaluator = Evaluator(j, household, acc.values, acc.missing, params,
                          {pid: t for pid, (t, _) in membership.items()})
    evaluation = evaluator.run()
    evaluation.traces.setdefault("member", member_traces)
    derived = datalog.derive(rulebase, j, household, acc.values, params, wanted={only} if only else None)
    _cross_check(j, evaluation, derived)
    return answer_view(household, j, rulebase, evaluation, acc, membership, param_values, texts)


# -- stages ------------------------------------------------------------------------------

def _params_at(j: Jurisdiction, household: Household):
    values, chosen = {}, {}
    for name, param in j.parameters.items():
        value = param.at(household.assessment_date)
        if value is not None:
            values[name] = value.value
            chosen[name] = value
    return values, chosen


def _membership(j: Jurisdiction, household: Household, params):
    """Who counts as a household member under this jurisdiction's definition."""
    if not j.rules_for("member"):
        return {p.id: (True, []) for p in household.members}, []
    ev = Evaluator(j, household, {}, {}, params).run(only={"member"})
    out = {}
    for person in household.members:
        if "relation_to_applicant" not in person.facts:
            # docs/vocabulary.md: members listed without a relation are taken as the caseworker listed them.
            out[person.id] = (True, [])
            continue
        truth = ev.truth.get("member", {}).get((person.id,), False)
        out[person.id] = (truth, missing_of(ev.traces.get("member", []), (person.id,)))
    return out, ev.traces.get("member", [])


def _cross_check(j: Jurisdiction, ev: Evaluation, derived: dict[str, set]) -> None:
    """Three-valued true must be derived by pyDatalog; pyDatalog-derived must not be three-valued false."""
    for name, rows in derived.items():
        truth = ev.truth.get(name, {})
        for key, value in truth.items():
            in_datalog = key in rows if name in j.per_member_predicates else bool(rows)
            if value is True and not in_datalog:
                raise InconsistentDerivation(f"{j.id}.{name}{key}: re-check says true, pyDatalog did not derive it")
            if value is False and in_datalog:
                raise InconsistentDerivation(f"{j.id}.{name}{key}: pyDatalog derived it, re-check says false")


# -- the same household under several rule sets ----------------------------------------------

def compare(household: Household, rulebase: RuleBase, jurisdictions: list[str] | None = None,
            texts: tuple[str, ...] = ()) -> dict:
    """One household decided under every jurisdiction (or those named), side by side (prose in the
    languages of `texts`, as `decide`)."""
    answers = {jid: decide(household, rulebase, jid, texts=texts) for jid in comparison_order(rulebase, jurisdictions)}
    return side_by_side(household, rulebase, answers)


def income_accounting(household: Household, rulebase: RuleBase, jurisdiction: str | None = None) -> dict | None:
    """就低 for one household: the income under each department's accounting the document names,
    the categories each accounting would give (the engine run once per accounting), and the
    lower figure that the answer uses. None where the document names no such accounting or the
    household has no income item that the departments count differently."""
    jid = jurisdiction or household.jurisdiction
    j = rulebase.jurisdictions[jid]
    stmt, clause = favourability.income_statement(j)
    if stmt is None or household.income_items is None:
        return None
    affected = {t for _, drops in stmt.departments for t in drops}
    if not any(i.type in affected for i in household.income_items):
        return None
    options = []
    for dept, drops in stmt.departments:
        # under a department that counts an item the jurisdiction excludes, the item is
        # re-typed to `other` (counted) so that the engine evaluates that department's figure
        items = tuple(i if (i.type in drops or i.type not in j.income_exclusions) else IncomeItem("other", i.amount)
                      for i in household.income_items)
        variant = replace(household, income_items=items)
        answer = decide(variant, rulebase, jid)
        acc = answer.accounting
        options.append({"department": dept,
                        "counts": sorted({i.type for i in household.income_items if i.type not in drops}),
                        "excludes": sorted(set(drops)),
                        "annual_income": given(acc.annual_income),
                        "per_capita_income": given(acc.per_capita_income),
                        "categories": {c.id: c.status for c in answer.categories}})
    incomes = [Fraction(o["annual_income"]) if o["annual_income"] is not None else None for o in options]
    known = [x for x in incomes if x is not None]
    chosen = min(known) if known else None
    chosen_depts = [o["department"] for o, x in zip(options, incomes) if x is not None and x == chosen]
    differs = sorted({c for o in options for c in o["categories"]
                      if len({p["categories"].get(c) for p in options}) > 1})
    return {"principle": stmt.label, "clause": clause,
            "statements": [{"label": s.label, "clause": c} for s, c in favourability.statements(j, favourability.INCOME_LOWER)],
            "options": options,
            "chosen": {"annual_income": fmt(chosen) if chosen is not None else None, "departments": chosen_depts},
            "categories_that_differ": differs}
