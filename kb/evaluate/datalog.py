"""Compile the rule base to pyDatalog clauses and evaluate one household at a time.

pyDatalog keeps its state per thread and global within it. Each thread loads the program
into its own fresh Logic the first time it evaluates, and one lock serialises evaluation.
The rules hold no facts: the base predicates (household and person facts) are answered by
Python resolvers (pyDatalog's `predicate` hook) from the one household being evaluated, so no
other household can be present. Parameter values are constants written into the program, one
variant of a jurisdiction's program per set of values in force. Nothing user-supplied is
turned into pyDatalog source text: facts are typed Python values, and rules are built from
Term objects. Each reported head is one goal, all of a household's goals resolved against one
table of subgoals (datalog_goals); a fact's tests against constants are made by its lookup.
"""
from __future__ import annotations

import itertools
import threading
from fractions import Fraction

from pyDatalog import Logic, pyEngine
from pyDatalog.pyParser import Term

from kb.evaluate.datalog_goals import ask_together
from kb.evaluate.datalog_resolvers import facts_read, register_resolvers, serve
from kb.evaluate.datalog_rewrite import program_of, rewrite
from kb.evaluate.datalog_rules import Number, RuleBuilder, number, pred
from kb.evaluate.datalog_sharing import shared_prefixes
from kb.core.facts import ALL_FACTS, CODES, Household
from kb.core.model import Jurisdiction, RuleBase

_LOCK = threading.Lock()
_LOCAL = threading.local()
_VARIANTS = itertools.count()


def _load_program(rulebase: RuleBase) -> None:
    """Start this thread's (fresh) pyDatalog Logic for a rule base; each jurisdiction's rules
    are loaded on first use, once per set of parameter values (`_variant`)."""
    Logic()   # a fresh, empty logic for this thread (Logic(True) would return the current one)
    _LOCAL.variants = {}
    _LOCAL.goals = {}     # per variant prefix and heads asked: the goals (`_goals`)
    _LOCAL.aliases = {}   # per variant prefix: predicate -> the predicate deriving its rows (datalog_rewrite)
    _LOCAL.reads = {}     # per variant prefix: the base rows and fact values its resolvers read (`_facts`)
    _LOCAL.version = rulebase.version


def _variant(j: Jurisdiction, params: dict[str, Fraction]) -> str:
    """The predicate prefix of this jurisdiction's program with these parameter values written
    in as constants. Parameters change only at their effective dates, so a thread holds a few
    variants; a lookup of a parameter per rule use would cost pyDatalog a step each time."""
    key = (j.id, j.version_id, tuple(sorted(params.items())))   # versions have their own rules
    prefix = _LOCAL.variants.get(key)
    if prefix is None:
        prefix = f"{j.id}__v{next(_VARIANTS)}"    # never reused, even after a failed load
        _load_jurisdiction(j, prefix, params)
        _LOCAL.aliases[prefix] = rewrite(prefix, {pred(prefix, name) for name in _answered(j)})
        _LOCAL.reads[prefix] = facts_read(program_of(prefix))
        register_resolvers()
        _LOCAL.variants[key] = prefix
    return prefix


def _load_jurisdiction(j: Jurisdiction, prefix: str, params: dict[str, Fraction]) -> None:
    h, p = Term("H"), Term("P")
    if not j.rules_for("member"):
        Term(pred(prefix, "member"))(h, p) <= Term("household")(h) & Term("listed")(h, p)
    else:   # docs/vocabulary.md: a member listed without a relation counts as listed
        Term(pred(prefix, "member"))(h, p) <= Term("relation_unstated")(h, p)   # H is bound by the query
    for name in j.per_member_predicates - {"listed"}:
        Term(pred(prefix, name, "__any"))(h) <= Term(pred(prefix, name))(h, p)
    shared = shared_prefixes(j, prefix, params)
    for i, rule in enumerate(j.rules):
        builder = RuleBuilder(j, rule, prefix, params)
        body = builder.body(shared.get(i))
        for head in builder.heads(shared.get(i)):
            head <= body


def _answered(j: Jurisdiction, wanted: frozenset[str] | None = None) -> list[str]:
    """What the engine asks pyDatalog for: membership and the categories and benefits the answer
    reports (`wanted`, default all of them). Helpers are derived on the way; asking for them, or
    for categories the answer does not report, would only cost time: pyDatalog tables each
    subgoal it is asked, and one 大冶 category asked alone costs a third of all of them."""
    key = (id(j), wanted)
    found = _ANSWERED.get(key)
    if found is None or found[0] is not j:
        heads = {r.head.name for r in j.rules}
        reported = set(j.categories) | set(j.benefits)
        if wanted is not None:
            reported &= wanted
        found = _ANSWERED[key] = (j, sorted(({"member"} | reported) & (heads | {"member"})))
    return found[1]


_ANSWERED: dict[tuple, tuple[Jurisdiction, list[str]]] = {}   # per jurisdiction and `wanted`, made once


def _facts(j: Jurisdiction, household: Household, derived: dict, reads: tuple[frozenset, frozenset]
           ) -> tuple[dict[str, list[tuple]], dict]:
    """The household's facts as the resolvers serve them (datalog_resolvers.serve), only those
    the loaded program's resolvers read (`reads`: the base predicates whose rows they scan, the
    fact predicates whose values the joined tests read; datalog_resolvers.facts_read): base
    predicate -> rows, and (predicate, member or None) -> values for the joined tests."""
    rows_read, values_read = reads
    person_preds, household_preds = _fact_predicates(j)
    hid = household.id
    listed: list[tuple] = []
    facts: dict[str, list[tuple]] = {"household": [(hid,)], "listed": listed}
    values: dict[tuple, list] = {}
    unstated: list[tuple] | None = None
    if "relation_unstated" in rows_read:
        unstated = facts["relation_unstated"] = []
    for person in household.members:
        pid = person.id
        listed.append((hid, pid))
        stated = person.facts
        if unstated is not None and "relation_to_applicant" not in stated:
            unstated.append((hid, pid))
        for name, value in stated.items():
            predicate = person_preds.get(name)
            if predicate is None:
                continue
            as_row, as_value = predicate in rows_read, predicate in values_read
            if as_row or as_value:
                value = _typed(value)
                if as_row:
                    rows = facts.get(predicate)
                    if rows is None:
                        rows = facts[predicate] = []
                    rows.append((hid, pid, value))
                if as_value:
                    values[(predicate, pid)] = [value]
    for name, value in (*household.facts.items(), *derived.items()):
        found = household_preds.get(name)
        if found is None:
            continue
        predicate, known = found
        if known is not None:    # a set of codes
            codes = sorted(value)
            if known in rows_read:
                facts[known] = [(hid,)]
            if predicate in rows_read:
                facts[predicate] = [(hid, code) for code in codes]
            if known in values_read:
                values[(known, None)] = [hid]
            if predicate in values_read:
                values[(predicate, None)] = codes
        elif predicate in rows_read or predicate in values_read:
            value = _typed(value)
            if predicate in rows_read:
                facts[predicate] = [(hid, value)]
            if predicate in values_read:
                values[(predicate, None)] = [value]
    return facts, values


def _fact_predicates(j: Jurisdiction):
    """The base predicates of the facts the jurisdiction's rules read: person fact -> `pf_`
    name; household fact -> (`hf_` name, its `__known` name for a set of codes, else None)."""
    found = _FACT_PREDICATES.get(id(j))
    if found is None or found[0] is not j:
        reads = j.facts_read
        person = {name: f"pf_{name}" for name in reads}
        household = {name: (f"hf_{name}", f"hf_{name}__known" if spec.type == CODES else None)
                     for name, spec in ALL_FACTS.items() if name in reads}
        found = _FACT_PREDICATES[id(j)] = (j, person, household)
    return found[1], found[2]


_FACT_PREDICATES: dict[int, tuple] = {}


def _typed(value):
    t = type(value)
    if t is str or t is bool or t is int:
        return value
    if t is Fraction or t is Number:
        return number(value)
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, Fraction)):
        return number(value)
    return str(value)   # dates are never compared in rules; keep them inert


def derive(rulebase: RuleBase, j: Jurisdiction, household: Household, derived: dict,
           params: dict[str, Fraction], wanted: set[str] | None = None) -> dict[str, set]:
    """What pyDatalog derives for this household: head -> set of answer tuples (closed world),
    for membership and the categories and benefits in `wanted` (default: all). Only the heads
    are asked, which is what the cross-check holds the re-check's truths to: a benefit's values
    and a category's subtypes come from the re-check alone."""
    wanted = frozenset(wanted) if wanted is not None else None
    read = j.params_read
    params = {name: value for name, value in params.items() if name in read}
    with _LOCK:
        if getattr(_LOCAL, "version", None) != rulebase.version:
            _load_program(rulebase)
        prefix = _variant(j, params)
        serve(*_facts(j, household, derived, _LOCAL.reads[prefix]))
        try:
            return _query_all(j, prefix, household.id, wanted)
        finally:
            serve({}, {})


def _ask(name: str, *args) -> list[tuple]:
    """Ask the engine directly; rows drop the household constant in first position."""
    rows = pyEngine.Literal(name, _terms(args)).ask()
    if rows is True:          # a ground query that holds
        return [()]
    return [row[1:] for row in rows] if isinstance(rows, list) else []


def _terms(args) -> list:
    return [pyEngine.Term_of(args[0])] + [pyEngine.Var(a) for a in args[1:]]


def _goals(prefix: str, names, per_member) -> list[tuple[str, object, bool]]:
    """(the head the rows answer, the predicate asked, whether per member) per goal: a head whose
    rules are another's is asked as that one (datalog_rewrite), its rows read from the same
    subgoal. Predicates are this thread's (pyDatalog's state is per thread)."""
    alias = _LOCAL.aliases.get(prefix, {})
    out = []
    for name in names:
        p = pred(prefix, name)
        member = name in per_member
        out.append((name, pyEngine.Literal(alias.get(p, p), [None] * (2 if member else 1)).pred, member))
    return out


def _query_all(j: Jurisdiction, prefix: str, hid: str, wanted: frozenset[str] | None) -> dict[str, set]:
    """head -> answer rows: () for a household head that holds, (member,) per member."""
    names = _answered(j, wanted)
    key = (prefix, tuple(names))
    goals = _LOCAL.goals.get(key)
    if goals is None:
        goals = _LOCAL.goals[key] = _goals(prefix, names, j.per_member_predicates)
    h, p = pyEngine.Term_of(hid), pyEngine.Var("P")
    answers = ask_together([pyEngine.Literal(q, [h, p] if member else [h]) for _, q, member in goals])
    out = {}
    for (name, _, member), facts in zip(goals, answers):
        if facts is True or not facts:      # a ground goal holds; or nothing was derived
            out[name] = {()} if facts else set()
        else:                               # answer literals q(H) or q(H, member)
            out[name] = {(lit.terms[1].id,) for lit in facts.values()} if member else {()}
    return out


