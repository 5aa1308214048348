"""Who a rule's category belongs to, resolved before the rules are checked and compiled.

- A household category's rule written with the member variable, `dibao(P) :- dan_ren_hu(P).`
  (大冶's 单人户: "家庭中的重病重残家庭成员参照“单人户”纳入最低生活保障"), makes the household hold
  the category through member P and covers P only. It is compiled as the household head `dibao`;
  `covers` records the variable, so the answer can say which members the category covers.
- `<category>_member(P)` in a body (e.g. `dibao_member(P)`: a member covered by 低保) is derived
  from the category's rules: each with `member(P)` added (a rule deciding the family covers every
  counted member) or its own P kept (a rule written for one member), with the same citations.
  Every evaluator (pyDatalog, the re-check, the plain oracle, SQL) reads these as ordinary rules.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from grammar import ast
from kb.core.model import Jurisdiction

MEMBER_SUFFIX = "_member"


def _vars(lit: ast.Literal) -> list[ast.Var]:
    def walk(expr):
        if isinstance(expr, ast.Var):
            return [expr]
        if isinstance(expr, ast.Call):
            return walk(expr.arg)
        if isinstance(expr, ast.BinOp):
            return walk(expr.left) + walk(expr.right)
        return []
    return walk(lit.left) + (walk(lit.right) if lit.right is not None else [])


def person_rules(j: Jurisdiction, rules: list[ast.Rule], error: Callable[[ast.Pos, str], None]):
    """(rules, covers, derived_from): the rules with household-category heads written for one
    member turned into household heads, plus the derived `<category>_member` rules; `covers`
    maps id(rule) to the member variable it covers, `derived_from` id(derived rule) to the id
    of the rule it was derived from."""
    covers: dict[int, str] = {}
    rules = list(rules)
    for i, r in enumerate(rules):
        cat = j.categories.get(r.head.name)
        if cat is not None and not cat.per_member and r.head.var is not None:
            rules[i] = replace(r, head=replace(r.head, var=None))
            covers[id(rules[i])] = r.head.var.name
            if r.head.var.name not in {v.name for lit in r.body for v in _vars(lit)}:
                error(r.head.var.pos, f"unsafe rule: head variable {r.head.var.name} is not bound by a positive "
                      f"literal such as member({r.head.var.name})")
    derived_from: dict[int, str] = {}
    rules += _member_rules(j, rules, covers, derived_from)
    return rules, covers, derived_from


def _member_rules(j: Jurisdiction, rules: list[ast.Rule], covers: dict[int, str],
                  derived_from: dict[int, str]) -> list[ast.Rule]:
    """`<category>_member(P)`, for each household category some rule reads that way: the members
    the category covers. A rule deciding the family (`dibao :- per_capita_income < …`) covers every
    counted member; a rule written for one member (`dibao(P) :- dan_ren_hu(P)`) covers that member.
    Each derived rule is the category's rule with `member(P)` added (or its head variable kept),
    with the same citations, so every evaluator reads it as any other rule."""
    wanted = set()
    for r in rules:
        for lit in r.body:
            for atom in (lit.left, lit.right):
                if isinstance(atom, ast.Call) and atom.name.endswith(MEMBER_SUFFIX):
                    base = atom.name[: -len(MEMBER_SUFFIX)]
                    if base in j.categories and not j.categories[base].per_member:
                        wanted.add(base)
    out = []
    for base in sorted(wanted):
        for r in rules:
            if r.head.name != base:
                continue
            var = covers.get(id(r))
            body = r.body
            if var is None:
                used = {v.name for lit in r.body for v in _vars(lit)}
                var = next(n for n in ("P", "M", "Q", "P_member") if n not in used)
                member = ast.Literal(False, ast.Call("member", ast.Var(var, r.head.pos), r.head.pos),
                                     pos=r.head.pos, cite=1 if len(r.citations) > 1 else None)
                body = (member,) + r.body
            head = ast.Head(base + MEMBER_SUFFIX, ast.Var(var, r.head.pos), None, None, r.head.pos)
            derived = ast.Rule(f"{r.name}{MEMBER_SUFFIX}", r.citations, head, body, r.pos, r.deferred_note,
                               f"{base}{MEMBER_SUFFIX}({var}) :- " + ", ".join(ast.render_literal(lit) for lit in body)
                               + f".   # derived from rule {r.name}")
            derived_from[id(derived)] = f"{j.id}.{r.name}"
            out.append(derived)
    return out
