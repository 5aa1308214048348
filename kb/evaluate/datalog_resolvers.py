"""The base predicates' Python resolvers: pyDatalog's `predicate` hook answers a lookup of a
household or person fact from the one household being evaluated (`SERVED`, per thread), so the
engine stores no facts and no other household can be present. Asserting and retracting them
cost a third of a millisecond a household, and a resolver answers a lookup without the clause
copying a stored fact goes through.

Besides the facts as stated (`hf_fact(H, V)`, `pf_fact(H, P, V)`), the lookups the rule builder
and the rewrites make: `fact__is_<op>...` (a value compared with constants), `fact__in<n>` (a
value among codes), `...__held` (whether the lookup finds a value) and `hf_all<n>`/`pf_all<n>`
(several tests at once).
"""
from __future__ import annotations

import operator
import threading

from pyDatalog import Logic, pyEngine

from kb.evaluate.datalog_conjunctions import ALTERNATIVES, CONJUNCTIONS, H_SLOT, P_SLOT, PAIRS
from kb.evaluate.datalog_rewrite import CODE_SETS, HELD
from kb.evaluate.datalog_rules import FILTERS

SERVED = threading.local()   # the household being evaluated in this thread (`serve`)


def serve(facts: dict[str, list[tuple]], values: dict[tuple, list]) -> None:
    """Serve this thread's lookups from one household's facts: base predicate -> rows, and for
    the joined tests (predicate, member or None) -> values (empty: nothing is served)."""
    SERVED.facts, SERVED.values = facts, values
    SERVED.hid = facts["household"][0][0] if facts else None
    SERVED.listed = [pid for _, pid in facts.get("listed", ())]


def facts_read(preds) -> tuple[frozenset, frozenset]:
    """What the resolvers of the base predicates read by the clauses of `preds` (a loaded,
    rewritten program) look up: the base predicates whose rows they scan, and the fact
    predicates whose values the joined tests read. The household's other facts are never asked
    for, so `datalog._facts` need not build them."""
    rows, values = set(), set()
    for pred in preds:
        for clause in pred.clauses.values():
            for lit in clause.body:
                name = lit.pred.name.lstrip("~")
                if name in CONJUNCTIONS:
                    values.update(fact for test, _ in CONJUNCTIONS[name] for fact in _tested_facts(test))
                elif name in ALTERNATIVES:
                    values.update(fact for n in ALTERNATIVES[name] for test, _ in CONJUNCTIONS[n]
                                  for fact in _tested_facts(test))
                else:
                    rows.add(_scanned(name))
    return frozenset(rows), frozenset(values)


def _scanned(name: str) -> str:
    """The base predicate whose rows the resolver of `name` scans (as `_resolver` builds it)."""
    if name.endswith(HELD):
        name = name[:-len(HELD)]
    if name in CODE_SETS:
        return CODE_SETS[name][0]
    return name.split("__is_")[0]


def _tested_facts(name: str) -> tuple[str, ...]:
    """The fact predicates whose values a joined test `name` reads (as `_value_test` and
    `_pair_test` do)."""
    if name in PAIRS:
        left, _, right = PAIRS[name]
        return left, right
    return (_scanned(name),)


_BASE_PREFIXES = ("hf_", "pf_")
_BASE_NAMES = {"household", "listed", "relation_unstated", "param", "case_by_case", "never_holds"}


def register_resolvers() -> None:
    """Base facts come from the household being evaluated through pyDatalog's Python resolver
    hook. Asserting and retracting them cost a third of a millisecond a household, and a
    resolver answers a lookup without the clause copying a stored fact goes through."""
    for pred_id in list(Logic.tl.logic.Db):
        name, arity = pred_id.rsplit("/", 1)
        if name.startswith(_BASE_PREFIXES) or name in _BASE_NAMES:
            pyEngine.Python_resolvers[pred_id] = _resolver(name)


def _resolver(name: str):
    """The resolver of base predicate `name`: a ground lookup is answered true (pyDatalog then
    records the subgoal as holding, no fact to table or to unify with its waiting rules)."""
    if name in CONJUNCTIONS:
        return conjunction_resolver(CONJUNCTIONS[name])
    if name in ALTERNATIVES:
        return alternatives_resolver([conjunction_resolver(CONJUNCTIONS[n]) for n in ALTERNATIVES[name]])
    if name.endswith(HELD):
        return _held_resolver(_rows_resolver(name[:-len(HELD)]))
    rows_of = _rows_resolver(name)

    def resolve(*terms):
        for t in terms:
            if not t.is_const():
                return rows_of(*terms)
        for _ in rows_of(*terms):
            return _HOLDS
        return ()
    return resolve


_HOLDS = (True,)


def _held_resolver(rows_of):
    """`fact...__held(H, [P,] C...)` (datalog_rewrite._test_only): true where the lookup with a
    value variable finds a row; with a member unbound, the keys of the rows found."""
    value = pyEngine.Var("V")

    def resolve(*terms):
        for t in terms:
            if not t.is_const():
                return {row[:-1] for row in rows_of(*terms, value)}
        for _ in rows_of(*terms, value):
            return _HOLDS
        return ()
    return resolve


def _rows_resolver(name: str):
    """The rows of base predicate `name` for the current household that match the bound terms."""
    if name in CODE_SETS:
        return _code_set_resolver(*CODE_SETS[name])
    base, *ops = name.split("__is_")
    if ops:
        return _filtered_resolver(base, [FILTERS[op] for op in ops])

    def resolve(*terms):
        # outside an evaluation: no facts
        return _matching(getattr(SERVED, "facts", {}).get(name, ()), terms)
    return resolve


def _matching(rows, terms):
    """The rows that agree with every bound term (pyDatalog's constants) at its position."""
    bound = [(i, t.id) for i, t in enumerate(terms) if t.is_const()]
    for row in rows:
        for i, value in bound:
            if row[i] != value:
                break
        else:
            yield row


def _code_set_resolver(name: str, codes: frozenset):
    """`fact__in<n>(H, [P,] V)`: the rows of `fact` whose value is one of the codes (datalog_rewrite)."""
    def resolve(*terms):
        rows = getattr(SERVED, "facts", {}).get(name, ())
        return _matching([row for row in rows if row[-1] in codes], terms)
    return resolve


def _filtered_resolver(name: str, ops: list[str]):
    """`fact__is_<op>...(H, [P,] C..., V)`: the rows of `fact` whose value V stands in each `op`
    to its constant C (datalog_rules._Lookup), compared by pyDatalog's own `compare`."""
    compare = pyEngine.compare
    n = len(ops)

    def resolve(*terms):
        rows = getattr(SERVED, "facts", {}).get(name, ())
        keys, consts, v = terms[:-n - 1], terms[-n - 1:-1], terms[-1]
        tests = [(op, c.id) for op, c in zip(ops, consts)]
        cs = tuple(c for _, c in tests)
        for row in _matching(rows, (*keys, v)):    # a row is (keys..., value)
            value = row[-1]
            for op, c in tests:
                if not compare(value, op, c):
                    break
            else:
                yield (*row[:-1], *cs, value)
    return resolve


def conjunction_resolver(tests: tuple):
    """`hf_all<n>(H)`, `pf_all<n>(H, P)` (datalog_conjunctions): the tests made in order on the
    household's values. A ground call holds where every test does; with the member unbound, the
    listed members passing every test."""
    parts = [(None, _pair_test(*PAIRS[name]), False) if name in PAIRS else
             (*_value_test(name, [t for t in terms if t is not H_SLOT and t is not P_SLOT]),
              any(t is P_SLOT for t in terms)) for name, terms in tests]

    def resolve(*terms):
        if terms[0].id != getattr(SERVED, "hid", None):
            return ()
        values = SERVED.values
        if len(terms) == 1 or terms[1].is_const():      # ground: the member (if any) is bound
            m = terms[1].id if len(terms) > 1 else None
            for fact, test, personal in parts:
                if not (test(values) if fact is None else test(values.get((fact, m if personal else None), ()))):
                    return ()
            return _HOLDS
        members = None    # not bound yet: each listed member that passes the person tests
        for fact, test, personal in parts:
            if personal:
                members = [m for m in (SERVED.listed if members is None else members)
                           if test(values.get((fact, m), ()))]
                if not members:
                    return ()
            elif not (test(values) if fact is None else test(values.get((fact, None), ()))):
                return ()
        return [(terms[0].id, m) for m in members]
    return resolve


def _pair_test(left: str, op: str, right: str):
    """`hf_pair<n>` (datalog_conjunctions._compared_pairs): a value of one household fact stands
    in `op` to a value of the other, compared as pyDatalog's `compare` does."""
    compare = _OPERATORS[op]

    def compared(values):
        rights = values.get((right, None), ())
        for a in values.get((left, None), ()):
            for b in rights:
                if compare(a, b):
                    return True
        return False
    return compared


def alternatives_resolver(parts: list):
    """`hf_any<n>`, `pf_any<n>` (datalog_conjunctions.join_alternatives): holds where any of the
    joined tests does; with the member unbound, the members passing any."""
    def resolve(*terms):
        if len(terms) == 1 or terms[1].is_const():
            for part in parts:
                if part(*terms):
                    return _HOLDS
            return ()
        rows: dict = {}
        for part in parts:
            rows.update(dict.fromkeys(part(*terms)))
        return list(rows)
    return resolve


_OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
              "==": operator.eq, "!=": operator.ne}   # as pyEngine.compare makes them


def _value_test(name: str, consts: list):
    """(the fact's predicate, a test of its values) for a joined lookup `name(H, [P,] consts...)`,
    the test its resolver makes: a value among codes, compared with constants, equal to the
    constant, or (`__held`, `__known`) any value."""
    held = name.endswith(HELD)
    base = name[:-len(HELD)] if held else name
    if base in CODE_SETS:
        fact, codes = CODE_SETS[base]

        def among(values):
            for v in values:
                if v in codes:
                    return True
            return False
        return fact, among
    fact, *ops = base.split("__is_")
    if ops:
        tests = [(_OPERATORS[FILTERS[op]], c.id) for op, c in zip(ops, consts)]
        if len(consts) > len(ops):      # the value itself given too
            tests.append((operator.eq, consts[-1].id))

        def compared(values):
            for v in values:
                for op, c in tests:
                    if not op(v, c):
                        break
                else:
                    return True
            return False
        return fact, compared
    if not consts:
        return fact, bool
    value = consts[0].id
    return fact, lambda values: value in values
