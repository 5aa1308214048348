"""Checks of one rule's body: every literal names a known fact, parameter or predicate, used per
member or per household as declared, codes compared with their coded facts; every variable bound
by a positive literal (safety); each condition says which of the rule's citations it rests on.
What a rule reads (facts, parameters, predicates) is collected on the way, for the rule's record
and the dependency graph."""
from __future__ import annotations

from grammar import ast
from kb.compile.context import did_you_mean
from kb.compile.vocabulary import CASE_BY_CASE
from kb.core.facts import ALL_FACTS, BOOLEAN, CODE, CODES, HOUSEHOLD, PERSON


class Reads:
    def __init__(self):
        self.facts: set[str] = set()
        self.params: set[str] = set()
        self.predicates: list[tuple[str, bool, ast.Pos]] = []


def check_literal(j, lit: ast.Literal, per_member, predicates, defined, reads: Reads, ctx) -> None:
    if lit.is_comparison:
        kinds = [check_expr(j, side, per_member, reads, ctx) for side in (lit.left, lit.right)]
        codes = [k for k in kinds if isinstance(k, tuple)]
        strings = [side for side in (lit.left, lit.right) if isinstance(side, ast.Str)]
        if codes and strings:
            allowed = codes[0][1]
            for s in strings:
                if s.value not in allowed:
                    ctx.error(s.pos, f"{s.value!r} is not a code of {codes[0][0]}; expected one of "
                              f"{', '.join(allowed)}{did_you_mean(s.value, allowed)}")
            if lit.op not in ("==", "!="):
                ctx.error(lit.pos, f"codes are compared with = or !=, not {lit.op}")
        elif strings and not codes:
            ctx.error(strings[0].pos, "a quoted code is compared with a coded fact such as work_ability(P)")
        return
    atom = lit.left
    if isinstance(atom, ast.Name):
        name = atom.name
        if name == CASE_BY_CASE:
            return
        spec = ALL_FACTS.get(name)
        if spec is not None:
            if spec.level != HOUSEHOLD or spec.type != BOOLEAN:
                ctx.error(atom.pos, f"fact {name!r} is not a household yes/no fact; compare it (e.g. `{name} < …`)")
            reads.facts.add(name)
            return
        if name in predicates or name in defined:
            if name in ("listed", "member"):
                ctx.error(atom.pos, f"{name} takes a member variable: {name}(P)")
            reads.predicates.append((name, lit.negated, atom.pos))
            return
        known = set(predicates) | set(defined) | {n for n, s in ALL_FACTS.items() if s.type == BOOLEAN and s.level == HOUSEHOLD} | {CASE_BY_CASE}
        ctx.error(atom.pos, f"unknown predicate or fact {name!r}{did_you_mean(name, known)}")
        return
    if isinstance(atom, ast.Call) and atom.name == CASE_BY_CASE:
        if not isinstance(atom.arg, ast.Str):
            ctx.error(atom.pos, 'case_by_case takes its reason as a quoted string: case_by_case("…")')
        return
    if isinstance(atom, ast.Call):
        name = atom.name
        spec = ALL_FACTS.get(name)
        if spec is not None:
            reads.facts.add(name)
            if spec.type == CODES:
                if not isinstance(atom.arg, ast.Str):
                    ctx.error(atom.pos, f"{name}(\"<code>\") tests one code of the set")
                elif atom.arg.value not in spec.codes:
                    ctx.error(atom.arg.pos, f"{atom.arg.value!r} is not a code of {name}; expected one of "
                              f"{', '.join(spec.codes)}{did_you_mean(atom.arg.value, spec.codes)}")
                return
            if spec.level != PERSON or spec.type != BOOLEAN:
                ctx.error(atom.pos, f"fact {name!r} is not a person yes/no fact; compare it (e.g. `{name}(P) = …`)")
            elif not isinstance(atom.arg, ast.Var):
                ctx.error(atom.pos, f"{name} takes a member variable: {name}(P)")
            return
        if name in predicates or name in defined:
            if not isinstance(atom.arg, ast.Var):
                ctx.error(atom.pos, f"{name} takes a member variable: {name}(P)")
            elif not per_member.get(name, False):
                ctx.error(atom.pos, f"{name!r} is a household predicate: write `{name}` without an argument")
            reads.predicates.append((name, lit.negated, atom.pos))
            return
        known = set(predicates) | set(defined) | {n for n, s in ALL_FACTS.items() if s.level == PERSON or s.type == CODES}
        ctx.error(atom.pos, f"unknown predicate or fact {name!r}{did_you_mean(name, known)}")
        return
    ctx.error(lit.pos, "expected a predicate, a yes/no fact, or a comparison")


def check_expr(j, expr, per_member, reads: Reads, ctx):
    """Check a value expression; returns ('fact', codes) for coded facts, 'num', 'str' or None."""
    if isinstance(expr, ast.Number):
        return "num"
    if isinstance(expr, ast.Str):
        return "str"
    if isinstance(expr, ast.BinOp):
        for side in (expr.left, expr.right):
            kind = check_expr(j, side, per_member, reads, ctx)
            if kind not in ("num", None):
                ctx.error(side.pos, "arithmetic takes numbers, money facts and parameters")
        return "num"
    if isinstance(expr, ast.Name):
        spec = ALL_FACTS.get(expr.name)
        if spec is not None:
            if spec.level != HOUSEHOLD:
                ctx.error(expr.pos, f"{expr.name!r} is a person fact: write {expr.name}(P)")
            reads.facts.add(expr.name)
            return (expr.name, spec.codes) if spec.type == CODE else "num"
        if expr.name in j.parameters:
            reads.params.add(expr.name)
            return "num"
        known = set(j.parameters) | {n for n, s in ALL_FACTS.items() if s.level == HOUSEHOLD}
        ctx.error(expr.pos, f"unknown fact or parameter {expr.name!r}{did_you_mean(expr.name, known)}")
        return None
    if isinstance(expr, ast.Call):
        spec = ALL_FACTS.get(expr.name)
        if spec is None or spec.level != PERSON:
            known = [n for n, s in ALL_FACTS.items() if s.level == PERSON]
            ctx.error(expr.pos, f"unknown person fact {expr.name!r}{did_you_mean(expr.name, known)}")
            return None
        if not isinstance(expr.arg, ast.Var):
            ctx.error(expr.pos, f"{expr.name} takes a member variable: {expr.name}(P)")
        reads.facts.add(expr.name)
        return (expr.name, spec.codes) if spec.type == CODE else "num"
    if isinstance(expr, ast.Var):
        ctx.error(expr.pos, "a member variable is not a value; use a fact of it, e.g. age(P)")
    return None


def _vars_in(expr) -> list[ast.Var]:
    if isinstance(expr, ast.Var):
        return [expr]
    if isinstance(expr, ast.Call):
        return _vars_in(expr.arg)
    if isinstance(expr, ast.BinOp):
        return _vars_in(expr.left) + _vars_in(expr.right)
    return []


def literal_vars(lit: ast.Literal) -> list[ast.Var]:
    return _vars_in(lit.left) + (_vars_in(lit.right) if lit.right is not None else [])


def vars_of_rule(r: ast.Rule) -> list[ast.Var]:
    out = [r.head.var] if r.head.var else []
    for lit in r.body:
        out += literal_vars(lit)
    return out


def binds(lit: ast.Literal) -> set[str]:
    """Variables a positive atom binds (comparisons and negations bind nothing)."""
    if lit.negated or lit.is_comparison or not isinstance(lit.left, ast.Call):
        return set()
    return {v.name for v in _vars_in(lit.left)}


def check_condition_citations(r: ast.Rule, ctx) -> None:
    """`@n` names one of the rule's citations; a rule citing several sentences says for every
    condition which one it rests on, so an answer can show the sentence each condition decides."""
    n = len(r.citations)
    for lit in r.body:
        if lit.cite is not None and not 1 <= lit.cite <= n:
            ctx.error(lit.pos, f"condition cites @{lit.cite}, but rule {r.name!r} has "
                               f"{n} citation{'s' if n != 1 else ''} (@1{f' … @{n}' if n > 1 else ''})")
        elif lit.cite is None and n > 1:
            ctx.error(lit.pos, f"rule {r.name!r} cites {n} sentences: say which one this condition rests on, "
                               f"@1 … @{n} after it")
    if n > 1 and all(lit.cite is not None for lit in r.body):
        # The first citation is the rule's own clause (the head rests on it: the answer shows it as the
        # rule's clause); every further one must carry at least one condition, or it supports nothing.
        used = {1} | {lit.cite for lit in r.body}
        for k, cite in enumerate(r.citations, start=1):
            if k not in used:
                ctx.error(cite.pos, f"citation @{k} of rule {r.name!r} supports nothing: neither the head (which rests "
                                    f"on @1) nor any condition rests on it; mark the condition that rests on it "
                                    f"with @{k}, or drop the citation")


def check_safety(r: ast.Rule, j, ctx) -> None:
    bound: set[str] = set()
    for lit in r.body:
        bound |= binds(lit)
    if r.head.var is not None and r.head.var.name not in bound:
        ctx.error(r.head.var.pos, f"unsafe rule: head variable {r.head.var.name} is not bound by a positive "
                  f"literal such as member({r.head.var.name})")
    for lit in r.body:
        for v in literal_vars(lit):
            if v.name not in bound:
                what = "negated literal" if lit.negated else "comparison" if lit.is_comparison else "literal"
                ctx.error(v.pos, f"unsafe rule: variable {v.name} in a {what} is not bound by a positive literal "
                          f"such as member({v.name})")
