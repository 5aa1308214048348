"""The rule base as pyDatalog clauses: each compiled rule becomes a clause built from Term
objects (never source text), with parameter values written in as constants.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

from pyDatalog.pyParser import Term

from grammar import ast
from kb.compile.body import literal_vars
from kb.core.facts import ALL_FACTS, CODES
from kb.core.model import CompiledRule, Jurisdiction
from kb.evaluate.conditions import COMPARE

H = "H"
_AUX = itertools.count()   # names of auxiliary predicates, never reused


class Number(Fraction):
    """An exact number that hashes once. pyDatalog keys its tables on tuples of constants, so
    each money value and parameter is hashed at every subgoal it appears in, and Fraction's
    hash (a modular inverse) was a tenth of a 大冶 household's pyDatalog time. Equal, ordered
    and hashed as the Fraction it is."""
    __slots__ = ("_hash",)

    def __hash__(self):
        try:
            return self._hash
        except AttributeError:
            self._hash = value = Fraction.__hash__(self)
            return value


def number(value) -> int | Number:
    """A number as pyDatalog holds it: a whole number as an int (compared, hashed and matched
    in C, where a Fraction's == and != run in Python at every table lookup and match), any
    other as a Number. Equal, ordered and hashed as the Fraction it stands for."""
    t = type(value)
    if t is int or t is Number:
        return value
    if value.denominator == 1:
        return int(value.numerator)
    return Number(value)


def is_number(value) -> bool:
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def pred(prefix: str, name: str, suffix: str = "") -> str:
    return f"{prefix}__{name}{suffix}"


class RuleBuilder:
    """Turns one compiled rule into a pyDatalog clause."""

    def __init__(self, j: Jurisdiction, rule: CompiledRule, prefix: str, params: dict[str, Fraction]):
        self.j = j
        self.rule = rule
        self.prefix = prefix
        self.params = params
        self.fresh = itertools.count()
        self.vars = {"H": Term("H")}
        # within one clause body: the variable holding each single-valued fact already looked
        # up (a second lookup of the same fact would be one more resolution step for nothing),
        # and the member variables a person-fact lookup has bound to listed people
        self.looked_up: dict[tuple[str, str | None], Term] = {}
        self.bound_people: set[str] = set()
        # each fact lookup made in this body, by the id of the variable it binds (Terms are not
        # hashable), so that a comparison of its value with a constant filters it (`comparison`)
        self.made: dict[int, _Lookup] = {}

    def var(self, name: str) -> Term:
        if name not in self.vars:
            self.vars[name] = Term(name)
        return self.vars[name]

    def new_var(self) -> Term:
        return self.var(f"V_{next(self.fresh)}")

    def ordered(self) -> list[ast.Literal]:
        """The body literals in the order pyDatalog should try them: household-level conditions
        first (a household failing them never fans out over its members), then the atoms that
        bind member variables, then the tests on members, negations last. Each resolution step
        copies the rest of the body for every binding alive, so failing early is what costs
        least. H is bound by the query, so no literal needs to bind it."""
        return sorted(self.rule.body, key=_rank)    # stable: source order within a rank

    def body(self, shared=None):
        """The clause body; with `shared` (a datalog_sharing.SharedPrefix), its first literals
        are the shared helper's call, or (a gate) left to the clause testing them once."""
        lits = self.ordered()
        terms = []
        if shared is not None:
            if not shared.gate:
                terms.append(Term(shared.name)(*(self.var(n) for n in shared.args)))
            self.bound_people |= shared.bound_people
            lits = lits[shared.length:]
        for lit in lits:
            terms.extend(self.literal(lit))
        terms = finish(terms) or [Term("household")(self.var(H))]
        body = terms[0]
        for t in terms[1:]:
            body = body & t
        return body

    def literal(self, lit: ast.Literal) -> list:
        if lit.is_comparison and lit.negated:
            return [~self.auxiliary(lit)]
        if _code_equality(lit):   # look the fact up with the code in place (no separate test)
            code = const(lit.right.value)
            if isinstance(lit.left, ast.Call):
                self.bound_people.add(lit.left.arg.name)
                return [Term(f"pf_{lit.left.name}")(self.var(H), self.var(lit.left.arg.name), code)]
            return [Term(f"hf_{lit.left.name}")(self.var(H), code)]
        if lit.is_comparison:
            return self.comparison(lit)
        atom, neg = lit.left, lit.negated
        jid = self.prefix
        if isinstance(atom, ast.Name):
            name = atom.name
            if name == "case_by_case":
                t = Term("case_by_case")(self.var(H))
                return [~t if neg else t]
            if name in ALL_FACTS:      # household yes/no fact: negation asks for a stated `false`
                return [Term(f"hf_{name}")(self.var(H), not neg)]
            suffix = "__any" if name in self.j.per_member_predicates else ""
            t = Term(pred(jid, name, suffix))(self.var(H))
            return [~t if neg else t]
        name = atom.name
        if name == "case_by_case":
            t = Term("case_by_case")(self.var(H))
            return [~t if neg else t]
        if isinstance(atom.arg, ast.Str):   # code-set test; negation needs the set to be known
            t = Term(f"hf_{name}")(self.var(H), const(atom.arg.value))
            return [Term(f"hf_{name}__known")(self.var(H)), ~t] if neg else [t]
        p = self.var(atom.arg.name)
        if name in ALL_FACTS:
            self.bound_people.add(atom.arg.name)
            return [Term(f"pf_{name}")(self.var(H), p, not neg)]
        if name == "listed" and not neg and atom.arg.name in self.bound_people:
            return []   # a person's facts are served for listed people only: already implied
        target = "listed" if name == "listed" else pred(jid, name)
        t = Term(target)(self.var(H), p)
        return [~t if neg else t]

    def auxiliary(self, lit: ast.Literal):
        """`not (a < b)` holds when no stated values make `a < b` true: negate a helper predicate,
        so an absent fact makes the negation hold here (closed world) and unknown in the re-check."""
        name = f"{self.prefix}__not{next(_AUX)}"
        names = list(dict.fromkeys(v.name for v in literal_vars(lit)))   # Terms are not hashable
        params = [self.var(H)] + [self.var(n) for n in names]
        # the helper's body looks its facts up itself, and what it binds is not bound in the rule's
        outer = self.looked_up, self.bound_people, self.made
        self.looked_up, self.bound_people, self.made = {}, set(), {}
        try:
            tests = finish(self.comparison(lit))
        finally:
            self.looked_up, self.bound_people, self.made = outer
        body = Term("household")(self.var(H))
        for b in tests:
            body = body & b
        Term(name)(*params) <= body
        return Term(name)(*params)

    def comparison(self, lit: ast.Literal) -> list:
        """A comparison's literals: the lookups binding its facts, then the test. A fact looked
        up in this body and compared with a number or a code is tested by its lookup (`_Lookup`:
        `fact__is_lt(H, [P,] number, V)`, served by the resolver with pyDatalog's own `compare`):
        a separate test would be one more subgoal and resolution step per value to table."""
        binders: list = []
        left = self.expr(lit.left, binders)
        right = self.expr(lit.right, binders)
        op = lit.op
        rtext = lit.right.value if isinstance(lit.right, ast.Str) else None
        if (is_number(left) or isinstance(lit.left, ast.Str)) and isinstance(right, Term):
            left, right, op = right, left, MIRROR[op]
            rtext = lit.left.value if isinstance(lit.left, ast.Str) else None
        made = self.made.get(id(left)) if is_number(right) or rtext is not None else None
        if made is not None:    # the lookup binding `left` (in this body) filters on the test
            made.tests.append((op, right))
            return binders
        return binders + self.test(left, op, right)

    def test(self, left, op: str, right) -> list:
        """The comparison as body literals. Parameters written into the program can leave two
        numbers to compare: that is decided here, true adds nothing and false a literal that
        never holds."""
        if is_number(left) and is_number(right):
            return [] if COMPARE[op](left, right) else [Term("never_holds")(self.var(H))]
        return [_comparison(left, op, right)]

    def expr(self, expr, binders: list):
        if isinstance(expr, ast.Number):
            return number(expr.value)
        if isinstance(expr, ast.Str):
            return const(expr.value)
        if isinstance(expr, ast.Name):
            if expr.name in ALL_FACTS:
                return self.lookup(expr.name, None, binders)
            if expr.name in self.params:
                return number(self.params[expr.name])   # written into this variant of the program
            v = self.new_var()   # no value in force: nothing matches, so the condition fails (closed world)
            binders.append(Term("param")(expr.name, v))
            return v
        if isinstance(expr, ast.Call):
            self.bound_people.add(expr.arg.name)
            return self.lookup(expr.name, expr.arg.name, binders)
        left, right = self.expr(expr.left, binders), self.expr(expr.right, binders)
        result = {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right}[expr.op]()
        return number(result) if is_number(result) else result

    def lookup(self, fact: str, person: str | None, binders: list) -> Term:
        """The variable holding a fact's value (a household's, or the person's in `person`),
        looked up once per body: a household or person has one value of a fact, so two
        conditions on it test the same value (a set of codes has several, so each test looks
        its own up)."""
        key = (fact, person)
        v = self.looked_up.get(key)
        if v is None:
            v = self.new_var()
            binder = _Lookup(fact, None if person is None else self.var(person), v)
            binders.append(binder)
            self.made[id(v)] = binder
            if ALL_FACTS[fact].type != CODES:
                self.looked_up[key] = v
        return v

    def heads(self, shared=None):
        """The clause heads; a gated rule (datalog_sharing.gates) derives its gate's rest."""
        if shared is not None and shared.gate:
            return [Term(shared.name)(*(self.var(n) for n in shared.args))]
        return self._heads()

    def _heads(self):
        """The head the body derives: `name(H[, P])`. A rule's value (a benefit's rate) or subtype
        (a category's kind) is not derived: the re-check gives them and the cross-check holds
        pyDatalog to the heads' truths, so asking for them would only derive each row again per
        value (rules of one head differing only in their value become one clause)."""
        head, h = self.rule.head, self.var(H)
        args = (h, self.var(head.var.name)) if head.var is not None else (h,)
        return [Term(pred(self.prefix, head.name))(*args)]


class _Lookup:
    """A fact's lookup in a clause body (`hf_fact(H, V)`, `pf_fact(H, P, V)`), with the tests
    of its value against constants that the body makes: `fact__is_ge__is_lt(H, [P,] 16, 60, V)`
    for `age(P) >= 16, age(P) < 60`. Made into its literal once the body is complete (`finish`)."""

    def __init__(self, fact: str, person, var):
        self.fact, self.person, self.var = fact, person, var
        self.tests: list[tuple[str, object]] = []

    def literal(self):
        keys = (Term(H),) if self.person is None else (Term(H), self.person)
        name = f"{'hf' if self.person is None else 'pf'}_{self.fact}"
        name += "".join(f"__is_{OP_NAMES[op]}" for op, _ in self.tests)
        return Term(name)(*keys, *(c for _, c in self.tests), self.var)


def finish(terms: list) -> list:
    return [t.literal() if isinstance(t, _Lookup) else t for t in terms]


def _rank(lit: ast.Literal) -> tuple:
    per_member = bool(literal_vars(lit))
    if not per_member:
        kind = 0 if not (lit.negated or lit.is_comparison) else 2 if lit.negated else 1
    elif _looks_up_stated_value(lit):
        kind = 1    # a member's stated yes/no or code: one lookup finds the few who match
    elif not lit.negated and not lit.is_comparison:
        # a derived predicate binds its members in one go, so it comes before lookups
        # (asked per member, it would be derived again for each); then `listed`
        kind = 0 if lit.left.name not in ALL_FACTS and lit.left.name != "listed" else 2
    else:
        kind = 4 if lit.negated else 3
    return (per_member, kind)


def _code_equality(lit: ast.Literal) -> bool:
    """`fact = "code"` (not negated): compiled as a lookup of the fact with the code in place."""
    return (lit.is_comparison and lit.op == "==" and not lit.negated and isinstance(lit.right, ast.Str)
            and isinstance(lit.left, (ast.Name, ast.Call)) and lit.left.name in ALL_FACTS)


def _looks_up_stated_value(lit: ast.Literal) -> bool:
    """`fact(P)`, `not fact(P)` for a yes/no fact, or `fact(P) = "code"`: compiled as a lookup
    of a member's stated value, never as a test."""
    if lit.is_comparison:
        return _code_equality(lit) and isinstance(lit.left, ast.Call)
    return isinstance(lit.left, ast.Call) and lit.left.name in ALL_FACTS and isinstance(lit.left.arg, ast.Var)


def const(value: str) -> Term:
    """A string constant; pyDatalog would read "C" (capitalised) or "a.b" as a variable."""
    return Term(value, forced_type="constant")


MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
OP_NAMES = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
FILTERS = {name: op for op, name in OP_NAMES.items()}   # a filtered lookup's suffix -> its operator


def _comparison(left, op, right):
    if isinstance(left, (Fraction, int)) or (isinstance(left, Term) and left._pyD_type == "constant"):
        # constant on the left: mirror the comparison
        left, right, op = right, left, {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[op]
    return {"<": lambda: left < right, "<=": lambda: left <= right, ">": lambda: left > right,
            ">=": lambda: left >= right, "==": lambda: left == right, "!=": lambda: left != right}[op]()
