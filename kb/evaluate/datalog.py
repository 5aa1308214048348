"""Compile the rule base to pyDatalog clauses and evaluate one household at a time.

pyDatalog keeps its state per thread and global within it. Each thread loads the program
into its own fresh Logic the first time it evaluates, and one lock serialises evaluation.
The rules hold no facts: the base predicates (household and person facts) are answered by
Python resolvers (pyDatalog's `predicate` hook) from the one household being evaluated, so no
other household can be present. Parameter values are constants written into the program, one
variant of a jurisdiction's program per set of values in force. Nothing user-supplied is
turned into pyDatalog source text: facts are typed Python values, and rules are built from
Term objects.
"""
from __future__ import annotations

import itertools
import threading
from fractions import Fraction

from pyDatalog import Logic, pyEngine
from pyDatalog.pyParser import Term

from grammar import ast
from kb.compile.compiler import literal_vars
from kb.evaluate.recheck import COMPARE
from kb.core.facts import ALL_FACTS, CODES, Household
from kb.core.model import CompiledRule, Jurisdiction, RuleBase

_LOCK = threading.Lock()
_LOCAL = threading.local()
_AUX = itertools.count()
_VARIANTS = itertools.count()
H = "H"


class _Number(Fraction):
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


def _number(value) -> _Number:
    return value if type(value) is _Number else _Number(value)


def _pred(prefix: str, name: str, suffix: str = "") -> str:
    return f"{prefix}__{name}{suffix}"


class _RuleBuilder:
    """Turns one compiled rule into a pyDatalog clause."""

    def __init__(self, j: Jurisdiction, rule: CompiledRule, prefix: str, params: dict[str, Fraction]):
        self.j = j
        self.rule = rule
        self.prefix = prefix
        self.params = params
        self.fresh = itertools.count()
        self.vars = {"H": Term("H")}

    def var(self, name: str) -> Term:
        if name not in self.vars:
            self.vars[name] = Term(name)
        return self.vars[name]

    def new_var(self) -> Term:
        return self.var(f"V_{next(self.fresh)}")

    def body(self):
        """The literals in the order pyDatalog should try them: household-level conditions
        first (a household failing them never fans out over its members), then the atoms that
        bind member variables, then the tests on members, negations last. Each resolution step
        copies the rest of the body for every binding alive, so failing early is what costs
        least. H is bound by the query, so no literal needs to bind it."""
        def rank(lit: ast.Literal) -> tuple:
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
        terms = []
        for lit in sorted(self.rule.body, key=rank):    # stable: source order within a rank
            terms.extend(self.literal(lit))
        terms = terms or [Term("household")(self.var(H))]
        body = terms[0]
        for t in terms[1:]:
            body = body & t
        return body

    def literal(self, lit: ast.Literal) -> list:
        if lit.is_comparison and lit.negated:
            return [~self.auxiliary(lit)]
        if _code_equality(lit):   # look the fact up with the code in place (no separate test)
            code = _const(lit.right.value)
            if isinstance(lit.left, ast.Call):
                return [Term(f"pf_{lit.left.name}")(self.var(H), self.var(lit.left.arg.name), code)]
            return [Term(f"hf_{lit.left.name}")(self.var(H), code)]
        if lit.is_comparison:
            binders: list = []
            left = self.expr(lit.left, binders)
            right = self.expr(lit.right, binders)
            return binders + self.test(left, lit.op, right)
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
            t = Term(_pred(jid, name, suffix))(self.var(H))
            return [~t if neg else t]
        name = atom.name
        if name == "case_by_case":
            t = Term("case_by_case")(self.var(H))
            return [~t if neg else t]
        if isinstance(atom.arg, ast.Str):   # code-set test; negation needs the set to be known
            t = Term(f"hf_{name}")(self.var(H), _const(atom.arg.value))
            return [Term(f"hf_{name}__known")(self.var(H)), ~t] if neg else [t]
        p = self.var(atom.arg.name)
        if name in ALL_FACTS:
            return [Term(f"pf_{name}")(self.var(H), p, not neg)]
        target = "listed" if name == "listed" else _pred(jid, name)
        t = Term(target)(self.var(H), p)
        return [~t if neg else t]

    def auxiliary(self, lit: ast.Literal):
        """`not (a < b)` holds when no stated values make `a < b` true: negate a helper predicate,
        so an absent fact makes the negation hold here (closed world) and unknown in the re-check."""
        name = f"{self.prefix}__not{next(_AUX)}"
        names = list(dict.fromkeys(v.name for v in literal_vars(lit)))   # Terms are not hashable
        params = [self.var(H)] + [self.var(n) for n in names]
        binders: list = []
        left = self.expr(lit.left, binders)
        right = self.expr(lit.right, binders)
        body = Term("household")(self.var(H))
        for b in binders + self.test(left, lit.op, right):
            body = body & b
        Term(name)(*params) <= body
        return Term(name)(*params)

    def test(self, left, op: str, right) -> list:
        """The comparison as body literals. Parameters written into the program can leave two
        numbers to compare: that is decided here, true adds nothing and false a literal that
        never holds."""
        if isinstance(left, Fraction) and isinstance(right, Fraction):
            return [] if COMPARE[op](left, right) else [Term("never_holds")(self.var(H))]
        return [_comparison(left, op, right)]

    def expr(self, expr, binders: list):
        if isinstance(expr, ast.Number):
            return _number(expr.value)
        if isinstance(expr, ast.Str):
            return _const(expr.value)
        if isinstance(expr, ast.Name):
            v = self.new_var()
            if expr.name in ALL_FACTS:
                binders.append(Term(f"hf_{expr.name}")(self.var(H), v))
            elif expr.name in self.params:
                return _number(self.params[expr.name])   # written into this variant of the program
            else:   # no value in force: nothing matches, so the condition fails (closed world)
                binders.append(Term("param")(expr.name, v))
            return v
        if isinstance(expr, ast.Call):
            v = self.new_var()
            binders.append(Term(f"pf_{expr.name}")(self.var(H), self.var(expr.arg.name), v))
            return v
        left, right = self.expr(expr.left, binders), self.expr(expr.right, binders)
        result = {"+": lambda: left + right, "-": lambda: left - right, "*": lambda: left * right}[expr.op]()
        return _number(result) if isinstance(result, Fraction) else result

    def heads(self):
        """The heads the body derives. A rule with a value derives only `name__value`, and
        `name` follows from it through one bridging clause (`_bridges`), so the body is
        resolved once rather than once per head; a subtype on a household head likewise."""
        jid, head = self.prefix, self.rule.head
        h = self.var(H)
        args = (h, self.var(head.var.name)) if head.var is not None else (h,)
        out = []
        if head.subtype is not None:
            out.append(Term(_pred(jid, head.name, "__subtype"))(h, _const(head.subtype)))
        if head.value is not None:
            value = head.value.value
            out.append(Term(_pred(jid, head.name, "__value"))(*args, _number(value) if isinstance(value, Fraction) else value))
        if not _bridged(head):
            out.append(Term(_pred(jid, head.name))(*args))
        return out


def _bridged(head: ast.Head) -> bool:
    """Whether `name` is derived from the rule's `name__value` or `name__subtype` head."""
    return head.value is not None or (head.subtype is not None and head.var is None)


def _bridges(j: Jurisdiction, prefix: str) -> None:
    """`name :- name__value` and `name :- name__subtype` for the heads `heads()` leaves out."""
    h, p, v, s = Term("H"), Term("P"), Term("V"), Term("S")
    done = set()
    for rule in j.rules:
        head = rule.head
        if not _bridged(head):
            continue
        args = (h, p) if head.var is not None else (h,)
        suffix = "__value" if head.value is not None else "__subtype"
        if (head.name, suffix) in done:
            continue
        done.add((head.name, suffix))
        source = Term(_pred(prefix, head.name, suffix))(*args, v) if suffix == "__value" \
            else Term(_pred(prefix, head.name, suffix))(h, s)
        Term(_pred(prefix, head.name))(*args) <= source


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


def _const(value: str) -> Term:
    """A string constant; pyDatalog would read "C" (capitalised) or "a.b" as a variable."""
    return Term(value, forced_type="constant")


def _comparison(left, op, right):
    if isinstance(left, (Fraction, int)) or (isinstance(left, Term) and left._pyD_type == "constant"):
        # constant on the left: mirror the comparison
        left, right, op = right, left, {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}[op]
    return {"<": lambda: left < right, "<=": lambda: left <= right, ">": lambda: left > right,
            ">=": lambda: left >= right, "==": lambda: left == right, "!=": lambda: left != right}[op]()


def _load_program(rulebase: RuleBase) -> None:
    """Start this thread's (fresh) pyDatalog Logic for a rule base; each jurisdiction's rules
    are loaded on first use, once per set of parameter values (`_variant`)."""
    Logic()   # a fresh, empty logic for this thread (Logic(True) would return the current one)
    _LOCAL.variants = {}
    _LOCAL.answers = {}
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
        _register_resolvers()
        _LOCAL.variants[key] = prefix
    return prefix


def _load_jurisdiction(j: Jurisdiction, prefix: str, params: dict[str, Fraction]) -> None:
    h, p = Term("H"), Term("P")
    if not j.rules_for("member"):
        Term(_pred(prefix, "member"))(h, p) <= Term("household")(h) & Term("listed")(h, p)
    else:   # docs/vocabulary.md: a member listed without a relation counts as listed
        Term(_pred(prefix, "member"))(h, p) <= Term("household")(h) & Term("relation_unstated")(h, p)
    for name in j.per_member_predicates - {"listed"}:
        Term(_pred(prefix, name, "__any"))(h) <= Term(_pred(prefix, name))(h, p)
    for rule in j.rules:
        builder = _RuleBuilder(j, rule, prefix, params)
        body = builder.body()
        for head in builder.heads():
            head <= body
    _bridges(j, prefix)


def _answered(j: Jurisdiction, wanted: frozenset[str] | None = None) -> list[str]:
    """What the engine asks pyDatalog for: membership and the categories and benefits the answer
    reports (`wanted`, default all of them). Helpers are derived on the way; asking for them, or
    for categories the answer does not report, would only cost time: pyDatalog tables each
    subgoal it is asked, and one 大冶 category asked alone costs a third of all of them."""
    heads = {r.head.name for r in j.rules}
    reported = set(j.categories) | set(j.benefits)
    if wanted is not None:
        reported &= wanted
    return sorted(({"member"} | reported) & (heads | {"member"}))


def _answer_predicate(j: Jurisdiction, prefix: str, wanted: frozenset[str] | None) -> str:
    """The predicate gathering the heads asked (loaded once per variant and set of heads)."""
    names = tuple(_answered(j, wanted))
    key = (prefix, names)
    answer = _LOCAL.answers.get(key)
    if answer is None:
        answer = _pred(prefix, "answer", f"__{len(_LOCAL.answers)}")
        _answer_rules(j, prefix, names, answer)
        _LOCAL.answers[key] = answer
    return answer


def _answer_rules(j: Jurisdiction, prefix: str, names, answer_name: str) -> None:
    """One predicate gathering every head asked, so a household needs a single query (shared tabling)."""
    h, p, v = Term("H"), Term("P"), Term("V")
    none = _const("-")
    answer = Term(answer_name)
    for name in names:
        if name in j.per_member_predicates:
            answer(h, _const(name), p, none) <= Term(_pred(prefix, name))(h, p)
        else:
            answer(h, _const(name), none, none) <= Term(_pred(prefix, name))(h)
        if any(r.head.subtype for r in j.rules_for(name)):
            answer(h, _const(name + "[]"), v, none) <= Term(_pred(prefix, name, "__subtype"))(h, v)
        if name in j.benefits and any(r.head.value is not None for r in j.rules_for(name)):
            if name in j.per_member_predicates:
                answer(h, _const(name + "="), p, v) <= Term(_pred(prefix, name, "__value"))(h, p, v)
            else:
                answer(h, _const(name + "="), none, v) <= Term(_pred(prefix, name, "__value"))(h, v)


def _facts(j: Jurisdiction, household: Household, derived: dict) -> dict[str, list[tuple]]:
    """The household's facts as the resolvers serve them: base predicate -> rows, only the
    facts this jurisdiction's rules read."""
    reads = j.facts_read
    hid = household.id
    facts: dict[str, list[tuple]] = {"household": [(hid,)], "listed": [], "relation_unstated": []}

    def add(predicate: str, *row) -> None:
        facts.setdefault(predicate, []).append(row)

    for person in household.members:
        add("listed", hid, person.id)
        if "relation_to_applicant" not in person.facts:
            add("relation_unstated", hid, person.id)
        for name, value in person.facts.items():
            if name in reads:
                add(f"pf_{name}", hid, person.id, _typed(value))
    for name, value in {**household.facts, **derived}.items():
        spec = ALL_FACTS.get(name)
        if spec is None or name not in reads:
            continue
        if spec.type == CODES:
            add(f"hf_{name}__known", hid)
            for code in sorted(value):
                add(f"hf_{name}", hid, code)
        else:
            add(f"hf_{name}", hid, _typed(value))
    return facts


def _typed(value):
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, (int, Fraction)):
        return _number(value)
    return str(value)   # dates are never compared in rules; keep them inert


_BASE_PREFIXES = ("hf_", "pf_")
_BASE_NAMES = {"household", "listed", "relation_unstated", "param", "case_by_case", "never_holds"}


def _register_resolvers() -> None:
    """Base facts come from the household being evaluated through pyDatalog's Python resolver
    hook. Asserting and retracting them cost a third of a millisecond a household, and a
    resolver answers a lookup without the clause copying a stored fact goes through."""
    for pred_id in list(Logic.tl.logic.Db):
        name, arity = pred_id.rsplit("/", 1)
        if name.startswith(_BASE_PREFIXES) or name in _BASE_NAMES:
            pyEngine.Python_resolvers[pred_id] = _resolver(name)


def _resolver(name: str):
    """The rows of base predicate `name` for the current household that match the bound terms."""
    def resolve(*terms):
        rows = getattr(_LOCAL, "facts", {}).get(name, ())   # outside an evaluation: no facts
        bound = [(i, t.id) for i, t in enumerate(terms) if t.is_const()]
        for row in rows:
            for i, value in bound:
                if row[i] != value:
                    break
            else:
                yield row
    return resolve


def derive(rulebase: RuleBase, j: Jurisdiction, household: Household, derived: dict,
           params: dict[str, Fraction], wanted: set[str] | None = None) -> dict[str, set]:
    """What pyDatalog derives for this household: predicate -> set of answer tuples (closed world),
    for membership and the categories and benefits in `wanted` (default: all)."""
    wanted = frozenset(wanted) if wanted is not None else None
    facts = _facts(j, household, derived)
    read = j.params_read
    params = {name: value for name, value in params.items() if name in read}
    with _LOCK:
        if getattr(_LOCAL, "version", None) != rulebase.version:
            _load_program(rulebase)
        prefix = _variant(j, params)
        answer = _answer_predicate(j, prefix, wanted)
        _LOCAL.facts = facts
        try:
            return _query_all(j, answer, household.id, wanted)
        finally:
            _LOCAL.facts = {}


def _ask(name: str, *args) -> list[tuple]:
    """Ask the engine directly; rows drop the household constant in first position."""
    terms = [pyEngine.Term_of(args[0])] + [pyEngine.Var(a) for a in args[1:]]
    rows = pyEngine.Literal(name, terms).ask()
    if rows is True:          # a ground query that holds
        return [()]
    return [row[1:] for row in rows] if isinstance(rows, list) else []


def _query_all(j: Jurisdiction, answer: str, hid: str, wanted: frozenset[str] | None) -> dict[str, set]:
    """predicate -> answer rows: () for a household predicate, (member,) per member,
    `name[]` -> subtypes, `name=` -> benefit values ((value,) or (member, value))."""
    out: dict[str, set] = {name: set() for name in _answered(j, wanted)}
    for name, key, value in _ask(answer, hid, "N", "K", "V"):
        row = tuple(x for x in (key, value) if x != "-")
        if name.endswith("[]"):
            out.setdefault(name, set()).add(key)
        else:
            out.setdefault(name, set()).add(row)
    return out
