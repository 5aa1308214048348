"""Rewrites of a jurisdiction's loaded pyDatalog program that keep what each head derives and
cost pyDatalog fewer steps, in order: rules implied by another rule of their head are dropped;
rules differing in one looked-up code become one (`_merge_codes`); a lookup whose value is read
nowhere else only tests it (`_test_only`); a helper read once is read as its body (`_unfold`);
consecutive fact tests are joined, and rules differing in one joined test become one
(datalog_conjunctions); heads whose rules are the same (大冶's inpatient and outpatient medical
aid) are derived once, under one predicate (`_merge_equal`).

Works on pyDatalog's own clauses (pyEngine.Clause), after the program is loaded: the clauses
the rule builders made are compared as they are, so a rewrite sees what pyDatalog would run.
"""
from __future__ import annotations

import itertools

from pyDatalog import Logic, pyEngine

from kb.evaluate.datalog_clauses import literal_key, merge_differing_in_one, term_key, variables
from kb.evaluate.datalog_conjunctions import join_alternatives, join_tests

HELD = "__held"   # `fact...__held(H, [P,] C...)`: whether the lookup `fact...(H, [P,] C..., V)` finds a value
CODE_SETS: dict[str, tuple[str, frozenset]] = {}   # `fact__in<n>` -> (fact's base predicate, its codes)
_CODE_SET_NAMES: dict[tuple[str, frozenset], str] = {}   # the same set, loaded again (a thread, a version) -> its name
_SETS = itertools.count()


def rewrite(prefix: str, asked: set[str]) -> dict[str, str]:
    """Rewrite the program of predicates `prefix__*` (`asked`: the predicates asked as goals,
    which stay); returns predicate name -> the predicate that derives the same rows (each alias
    of another; the others are absent)."""
    for pred in program_of(prefix):
        _drop_implied(pred)
        _merge_codes(pred)
        _test_only(pred)
    if _unfold(program_of(prefix), asked):
        for pred in program_of(prefix):
            _drop_implied(pred)
    join_tests(program_of(prefix))
    for pred in program_of(prefix):
        join_alternatives(pred)
    _unfold(program_of(prefix), asked)    # rules joined into one may leave a helper read once
    return _merge_equal(prefix, program_of(prefix))


def program_of(prefix: str) -> list:
    """This thread's predicates of the program loaded under `prefix` that have clauses."""
    start = prefix + "__"
    return [p for p in Logic.tl.logic.Db.values() if p.name.startswith(start) and len(p.clauses)]


def _unfold(preds: list, asked: set[str]) -> bool:
    """A helper of one rule read by one rule (大冶's `jiance` reading its income test) is read as
    its body, in place: one subgoal fewer to table, its literals resolved at the same point with
    the same bindings. Returns whether any was."""
    done = False
    for q in preds:
        used = _uses(preds).get(q.name, [])
        if q.name in asked or len(q.clauses) != 1 or len(used) != 1 or ("~" + q.name) in _uses(preds):
            continue
        (rule,) = q.clauses.values()
        user, i = used[0]
        heads = [t.id for t in rule.head.terms]
        if user.head.pred is q or len(set(heads)) != len(heads) \
                or not all(type(t) is pyEngine.Var for t in rule.head.terms):
            continue
        env = dict(zip(heads, user.body[i].terms))
        for lit in rule.body:     # the helper's own variables, renamed apart from the user's
            for t in lit.terms:
                for name in variables(t):
                    env.setdefault(name, pyEngine.Var(f"{name}_{next(_SETS)}"))
        pyEngine.retract(user)
        pyEngine.assert_(pyEngine.Clause(user.head, [*user.body[:i], *(lit.subst(env) for lit in rule.body),
                                                     *user.body[i + 1:]]))
        done = True
    return done


def _uses(preds: list) -> dict[str, list]:
    """Predicate name (negated: `~name`) -> (rule, position) of each body literal reading it."""
    uses: dict[str, list] = {}
    for pred in preds:
        for clause in pred.clauses.values():
            for i, lit in enumerate(clause.body):
                uses.setdefault(lit.pred.name, []).append((clause, i))
    return uses


def _drop_implied(pred) -> None:
    """Drop a rule whose body has every literal of another rule of the same head (with the same
    head terms): whenever it holds, the other does, and it derives nothing more. pyDatalog
    would resolve it for every binding alive all the same."""
    clauses = list(pred.clauses.values())
    shapes = [(literal_key(c.head), frozenset(literal_key(lit) for lit in c.body)) for c in clauses]
    gone = set()
    for i, (head, body) in enumerate(shapes):
        for k, (head2, body2) in enumerate(shapes):
            if k != i and k not in gone and head2 == head and body2 < body and _binds_before_negating(clauses[k]):
                pyEngine.retract(clauses[i])
                gone.add(i)
                break


def _binds_before_negating(clause) -> bool:
    """Whether each negated literal's variables are bound by a positive literal before it: only
    then does pyDatalog derive all that the rule says (a negation of unbound variables silently
    yields nothing), so that a rule it implies adds nothing."""
    bound = set()
    for lit in clause.body:
        names = {name for t in lit.terms for name in variables(t)}
        if lit.pred.name.startswith("~"):
            if not names <= bound:
                return False
        else:
            bound |= names
    return True


def _merge_codes(pred) -> None:
    """Rules of one head that differ only in the code one fact lookup asks for (大冶's members:
    relation `applicant` or `spouse`; education aid: study level `compulsory`, `high_school` or
    `vocational`) become one rule looking the fact up once for any of the codes: the lookup
    `fact__in<n>(H, [P,] V)` is served the rows whose value is one of them (CODE_SETS)."""
    def lookup_but_code(lit):
        return literal_key(lit)[:-1] if _code_lookup(lit) else None

    def any_code(lookups):
        first = lookups[0]
        key = (first.pred.name, frozenset(lit.terms[-1].id for lit in lookups))
        name = _CODE_SET_NAMES.get(key)
        if name is None:
            name = _CODE_SET_NAMES[key] = f"{first.pred.name}__in{next(_SETS)}"
            CODE_SETS[name] = key
        return pyEngine.Literal(name, [*first.terms[:-1], pyEngine.Var(f"C_{name}")])
    merge_differing_in_one(pred, lookup_but_code, any_code)


def _test_only(pred) -> None:
    """A fact lookup whose value the rule reads nowhere else is asked without it: `fact...__held(H,
    [P,] C...)`, ground once the member is bound, which pyDatalog answers true or false where it
    would table the value found (and each rule resolved on it would copy the value on)."""
    for clause in list(pred.clauses.values()):
        counts: dict = {}
        for lit in (clause.head, *clause.body):
            for t in lit.terms:
                for name in variables(t):
                    counts[name] = counts.get(name, 0) + 1
        body = [pyEngine.Literal(lit.pred.name + HELD, list(lit.terms[:-1])) if _base_lookup(lit)
                and type(lit.terms[-1]) is pyEngine.Var and counts[lit.terms[-1].id] == 1 else lit
                for lit in clause.body]
        if any(new is not old for new, old in zip(body, clause.body)):
            pyEngine.retract(clause)
            pyEngine.assert_(pyEngine.Clause(clause.head, body))


def _base_lookup(literal) -> bool:
    return literal.pred.name.startswith(("hf_", "pf_")) and not literal.pred.name.endswith("__known")


def _code_lookup(literal) -> bool:
    """A lookup of a stated fact's value with a code in place: `pf_fact(H, P, "code")`."""
    name, last = literal.pred.name, literal.terms[-1]
    return (name.startswith(("hf_", "pf_")) and "__" not in name and isinstance(last, pyEngine.Const)
            and type(last.id) is str)


def _merge_equal(prefix: str, preds: list) -> dict[str, str]:
    """Heads with the same rules up to the names of their variables (and of heads already found
    equal): the first by name derives them, each other keeps one rule reading it, and every body
    reads the first, so pyDatalog tables one subgoal where it would derive the same rows twice."""
    alias: dict[str, str] = {}
    while True:
        groups: dict[tuple, list] = {}
        for pred in preds:
            groups.setdefault(_definition(pred, alias), []).append(pred.name)
        found = {}
        for names in groups.values():
            first = min(names)
            found.update((name, first) for name in names if name != first)
        if found == alias:
            break
        alias = found
    if not alias:
        return {}
    for pred in preds:
        for clause in list(pred.clauses.values()):
            if pred.name in alias:
                pyEngine.retract(clause)
            elif any(_base(lit.pred.name) in alias for lit in clause.body):
                pyEngine.retract(clause)
                pyEngine.assert_(pyEngine.Clause(clause.head, [_renamed(lit, alias) for lit in clause.body]))
        if pred.name in alias:
            terms = [pyEngine.Var(f"A{i}") for i in range(pred.arity)]
            pyEngine.assert_(pyEngine.Clause(pyEngine.Literal(pred.name, terms),
                                             [pyEngine.Literal(alias[pred.name], list(terms))]))
    return alias


def _base(name: str) -> str:
    return name[1:] if name.startswith("~") else name


def _renamed(literal, alias: dict[str, str]):
    name = literal.pred.name
    neg = name.startswith("~")
    target = alias.get(_base(name))
    if target is None:
        return literal
    return pyEngine.Literal(("~" if neg else "") + target, list(literal.terms))


def _definition(pred, alias: dict[str, str]) -> tuple:
    """A head's rules with variables numbered in order of appearance, body predicates by their
    alias: equal for two heads exactly when one's rules are the other's renamed."""
    rules = []
    for clause in pred.clauses.values():
        names: dict = {}
        head = _shape(clause.head, names, alias)
        rules.append((head[1:], *(_shape(lit, names, alias) for lit in clause.body)))
    return (pred.arity, frozenset(rules))


def _shape(literal, names: dict, alias: dict[str, str]) -> tuple:
    name = literal.pred.name
    neg = name.startswith("~")
    base = _base(name)
    base = alias.get(base, base)
    terms = tuple(term_key(t, lambda name: ("var", names.setdefault(name, len(names)))) for t in literal.terms)
    return (("~" if neg else "") + base + "/" + str(len(literal.terms)), *terms)
