"""Compile a jurisdiction's rules: heads checked against the declarations (categories, benefits,
per member or per household), bodies checked (kb.compile.body), citations resolved to clauses,
case splits that would leave a decided category undetermined refused, and the strata computed."""
from __future__ import annotations

from grammar import ast
from kb.compile import members
from kb.compile.body import Reads, check_condition_citations, check_literal, check_safety, vars_of_rule
from kb.compile.context import Context, did_you_mean
from kb.compile.strata import stratify
from kb.compile.vocabulary import CASE_BY_CASE
from kb.core.facts import ALL_FACTS
from kb.core.model import Clause, CompiledRule, Jurisdiction


def compile_rules(j: Jurisdiction, rules: list[ast.Rule], clauses, ctx: Context) -> None:
    # Which names are predicates, and whether they are per member.
    per_member: dict[str, bool] = {"listed": True, "member": True}
    for cat in j.categories.values():
        per_member[cat.id] = cat.per_member
    for b in j.benefits.values():
        per_member[b.id] = b.per_member
    # who a rule's category belongs to: rules written for one member, and `<category>_member(P)`
    rules, covers, derived_from = members.person_rules(j, rules, ctx.error)
    for r in rules:
        name = r.head.name
        is_member = r.head.var is not None
        if name in j.benefits and j.benefits[name].per_member != is_member:
            want = (f"given per member: write `{name}(P) = … :- …`" if j.benefits[name].per_member else
                    f"a household benefit: write `{name} = … :- …`, or declare it `per member` to give it to persons")
            ctx.error(r.head.pos, f"benefit {name!r} is {want}")
            continue
        if name in ALL_FACTS or name in j.parameters or name in ("listed", CASE_BY_CASE):
            ctx.error(r.head.pos, f"{name!r} is a fact, parameter or built-in and cannot be a rule head")
            continue
        if name in j.benefits:
            if r.head.value is None and j.benefits[name].kind != "flag":
                ctx.error(r.head.pos, f"benefit {name!r} is a {j.benefits[name].kind}: write `{name} = <value> :- …`")
        elif r.head.value is not None:
            ctx.error(r.head.pos, f"only a declared benefit takes a value; {name!r} is not declared with `benefit`"
                      f"{did_you_mean(name, j.benefits)}")
        if r.head.subtype is not None:
            cat = j.categories.get(name)
            if cat is None or r.head.subtype not in cat.subtypes:
                known = cat.subtypes if cat else ()
                ctx.error(r.head.pos, f"{name!r} has no subtype {r.head.subtype!r}{did_you_mean(r.head.subtype, known)}")
        if name in j.categories and j.categories[name].per_member != is_member:
            want = "per member: write `" + name + "(P) :- …`" if j.categories[name].per_member else "a household category: write `" + name + " :- …`"
            ctx.error(r.head.pos, f"category {name!r} is {want}")
            continue
        if name in per_member and per_member[name] != is_member and name not in j.categories:
            ctx.error(r.head.pos, f"{name!r} is used both per member and per household")
            continue
        per_member[name] = is_member
    j.per_member_predicates = {n for n, m in per_member.items() if m}
    defined = {r.head.name for r in rules} | {"listed", "member"}
    predicates = set(per_member)
    compiled: list[CompiledRule] = []
    deps: dict[str, set[tuple[str, bool, ast.Pos]]] = {}
    seen_ids: dict[str, ast.Rule] = {}
    compiled_clauses: dict[str, tuple[Clause, ...]] = {}
    for r in rules:
        rule_id = f"{j.id}.{r.name}"
        if rule_id in seen_ids:
            ctx.error(r.pos, f"rule id {rule_id!r} is used twice (first at line {seen_ids[rule_id].pos.line})")
        seen_ids[rule_id] = r
        if not r.citations:
            ctx.error(r.pos, f"rule {r.name!r} has no citation: add `cites \"<section>\" \"<verbatim quote>\"`")
        # a derived `<category>_member` rule repeats its rule's body and citations: any error in
        # them is reported once, at the rule written in the file
        derived = id(r) in derived_from
        check = Context() if derived else ctx
        reads = Reads()
        for lit in r.body:
            check_literal(j, lit, per_member, predicates, defined, reads, check)
        check_condition_citations(r, check)
        check_safety(r, j, check)
        for pred, negated, pos in reads.predicates:
            deps.setdefault(r.head.name, set()).add((pred, negated, pos))
        variables = sorted({v.name for v in vars_of_rule(r)})
        rule_clauses = compiled_clauses[derived_from[id(r)]] if derived else clauses(r.citations)
        compiled_clauses[rule_id] = rule_clauses
        compiled.append(CompiledRule(rule_id, j.id, r.name, r.head, r.body, rule_clauses, r.pos.file,
                                     r.pos.line, r.source_text, r.deferred_note, tuple(variables),
                                     tuple(sorted(reads.facts)), tuple(sorted(reads.params)),
                                     tuple(sorted({p for p, _, _ in reads.predicates})),
                                     covers.get(id(r)), derived_from.get(id(r))))
    for cat in j.categories.values():
        if cat.id not in defined:
            ctx.error(ast.Pos(rules[0].pos.file if rules else j.document, 1, 1),
                      f"category {cat.id!r} is declared but no rule decides it")
    check_case_splits(rules, ctx)
    j.rules = compiled
    j.strata = stratify(deps, predicates | defined, ctx)


def check_case_splits(rules: list[ast.Rule], ctx) -> None:
    """Refuse two rules for one head that differ only in a literal and its negation, unless a rule
    for that head (the category itself, for two subtypes) needs no more than what they share.

    `h :- B, L` and `h :- B, not L` say `h :- B` by cases over L; read three-valued, an unknown L
    leaves both unknown, so h would come out undetermined although the document decides it
    (焉耆 二.(三).5: a 监测对象 whatever its 脱贫户 status, only the subtype depends on it). This is
    an error, not a warning: the missing rule `h :- B` is always at least as determinate and never
    changes a two-valued answer, so there is no encoding this pattern is the right one for."""
    def key(lit: ast.Literal) -> str:
        return ast.render_literal(lit)

    def positive(lit: ast.Literal) -> str:
        return ast.render_literal(ast.Literal(False, lit.left, lit.op, lit.right, lit.pos))

    groups: dict[tuple, list[ast.Rule]] = {}
    for r in rules:
        value = r.head.value.value if r.head.value is not None else None
        groups.setdefault((r.head.name, r.head.var is not None, value), []).append(r)
    for (name, _, value), group in groups.items():
        bodies = [(r, {key(lit): lit for lit in r.body}) for r in group]
        reported: set[str] = set()
        for i, (a, body_a) in enumerate(bodies):
            for b, body_b in bodies[i + 1:]:
                only_a = set(body_a) - set(body_b)
                only_b = set(body_b) - set(body_a)
                if len(only_a) != 1 or len(only_b) != 1:
                    continue
                la, lb = body_a[next(iter(only_a))], body_b[next(iter(only_b))]
                if la.negated == lb.negated or positive(la) != positive(lb):
                    continue
                shared = set(body_a) & set(body_b)
                covered = any(r.head.subtype is None and set(body) <= shared for r, body in bodies)
                if covered or b.name in reported:
                    continue
                reported.add(b.name)
                split = positive(la)
                common = ", ".join(key(lit) for lit in a.body if key(lit) in shared).replace(" == ", " = ") or "true"
                head = name + (f"({a.head.var.name})" if a.head.var is not None else "")
                ctx.error(b.head.pos, f"rules {a.name!r} and {b.name!r} for {name!r} differ only in `{split}` and "
                                      f"`not {split}`: when {split} is unknown neither holds, although by cases one "
                                      f"must; add a rule `{head} :- {common}.` so that {name} holds and only what "
                                      f"depends on {split} stays undetermined")
