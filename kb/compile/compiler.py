"""Compile policy files into a cited rule base, refusing anything that would run wrongly.

Checks, each reported with file:line:col and a caret: syntax (by the parser), quotes not in the
document or ambiguous, unknown names (with "did you mean"), unsafe variables, negation through
recursion, rules without a citation. All errors of a run are collected, not just the first.
"""
from __future__ import annotations

import difflib
import hashlib
from dataclasses import replace
from pathlib import Path

from grammar import PolicyError, PolicyErrors, ast, parse_policy
from kb.compile import citations, folders, members
from kb.compile.statements import STATEMENTS_FILE, load_statements
from kb.compile.readings import load_readings
from kb.compile.reading import read_text
from kb.core.facts import ALL_FACTS, BOOLEAN, CODE, CODES, HOUSEHOLD, INCOME_TYPES, PERSON
from kb.core.model import (Benefit, Category, Clause, CompiledRule, DocumentVersion, Jurisdiction,
                           JurisdictionInfo, Principle, Procedure, RuleBase, by_effective_date)
from kb.core.parameters import load_parameters

KB_DIR = Path(__file__).resolve().parents[1]
POLICY_DIR = KB_DIR / "policies"

CATEGORY_IDS = ("tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan")
JIANCE_SUBTYPES = ("tuopin_buwending", "bianyuan_yizhipin", "tufa_kunnan")
BENEFIT_KINDS = ("ratio", "amount", "flag")
PRINCIPLE_PICKS = ("max", "min")
BUILTIN_MEMBER_PREDICATES = ("listed", "member")
CASE_BY_CASE = "case_by_case"


class _Context:
    """Collects errors with the source line for the caret."""

    def __init__(self):
        self.errors: list[PolicyError] = []
        self._lines: dict[str, list[str]] = {}

    def add(self, error: PolicyError) -> None:
        """An error about a whole file (unreadable, binary): no source line to show."""
        self._lines.setdefault(error.file, [])
        self.errors.append(error)

    def error(self, pos: ast.Pos, message: str) -> None:
        if pos.file not in self._lines:
            try:
                self._lines[pos.file] = Path(pos.file).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._lines[pos.file] = []
        lines = self._lines[pos.file]
        source = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
        self.errors.append(PolicyError(pos.file, pos.line, pos.column, message, source))


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


_display = folders.display


def compile_paths(paths: list[Path] | None = None, overlays: list[Path] | tuple = ()) -> RuleBase:
    """Compile the jurisdictions under `paths` (default: the shipped knowledge base), then a
    deployer's `overlays`: folders that add jurisdictions or override parameters."""
    ctx = _Context()
    digest = hashlib.sha256()
    sources, errors = folders.discover(list(paths or [POLICY_DIR]))
    extra, extra_errors = folders.discover(list(overlays), allow_parameters_only=True) if overlays else ([], [])
    ctx.errors += errors + extra_errors
    overrides = {s.id: s for s in extra if s.parameters_only}
    versions: dict[str, list[Jurisdiction]] = {}
    seen: set[Path] = set()
    for source in sources + [s for s in extra if not s.parameters_only]:
        if source.folder.resolve() in seen:
            continue      # the same folder named twice (e.g. --policies kb/policies): compiled once
        seen.add(source.folder.resolve())
        compiled = [j for v in source.versions
                    if (j := _compile_version(source, v, overrides, digest, ctx)) is not None]
        if not compiled:
            continue
        jid = compiled[0].id
        if jid in versions:
            ctx.error(ast.Pos(_display(source.folder), 1, 1), f"jurisdiction {jid!r} is declared in two folders "
                      f"(also {versions[jid][0].folder and _display(versions[jid][0].folder)})")
            continue
        versions[jid] = compiled
    for jid, source in sorted(overrides.items()):
        if jid not in versions:
            ctx.error(ast.Pos(_display(source.folder / folders.PARAMETERS_FILE), 1, 1),
                      f"these parameters override jurisdiction {jid!r}, which is not in the knowledge base"
                      f"{_did_you_mean(jid, versions)}; name the folder after the jurisdiction's id")
    _check_unique_documents(versions, ctx)
    if ctx.errors:
        raise PolicyErrors(ctx.errors)
    ordered = {jid: by_effective_date(vs) for jid, vs in sorted(versions.items())}
    return RuleBase({jid: vs[-1] for jid, vs in ordered.items()}, digest.hexdigest()[:16], ordered)


def lint_paths(paths: list[Path]) -> RuleBase:
    """`binggui lint PATH…`: the given folders or files compiled on their own; a deployer's folder
    that overrides parameters is checked against the shipped jurisdiction it overrides."""
    sources, _ = folders.discover(list(paths), allow_parameters_only=True)
    if any(s.parameters_only for s in sources):
        return compile_paths(None, overlays=list(paths))
    return compile_paths(list(paths))


def _check_unique_documents(versions: dict[str, list[Jurisdiction]], ctx: _Context) -> None:
    """Citations and /api/v1/documents/<file> name a document by its file name, so one name is one
    text in the whole rule base: two folders may hold the same file (a jurisdiction copied to
    start another) only byte for byte the same."""
    seen: dict[str, Jurisdiction] = {}
    for vs in versions.values():
        for j in vs:
            other = seen.setdefault(j.document, j)
            if other is not j and other.text != j.text:
                ctx.error(ast.Pos(_display(j.folder / j.document), 1, 1),
                          f"document file name {j.document!r} is also used by {other.id} {other.version_id} for "
                          "another text: citations name documents by file name, so give each document its own name")


def _compile_version(source, v, overrides, digest, ctx: _Context) -> Jurisdiction | None:
    parsed: list[ast.PolicyFile] = []
    for file in v.files:
        read = read_text(file, _display(file), ctx.add)
        if read is None:
            continue
        digest.update(read[0])
        try:
            parsed.append(parse_policy(read[1], _display(file)))
        except PolicyErrors as errs:
            ctx.errors.extend(errs.errors)
    params: dict = {}
    for params_file in v.parameter_files:
        read = read_text(params_file, _display(params_file), ctx.add)
        if read is None:
            continue
        digest.update(read[0])
        found, param_errors = load_parameters(params_file, _display(params_file), text=read[1])
        ctx.errors.extend(param_errors)
        params.update(found)
    if source.metadata_file:
        digest.update((source.folder / folders.METADATA_FILE).read_bytes())
    if not parsed:
        if not v.files:
            ctx.error(ast.Pos(_display(v.folder), 1, 1), "no policy files (*.md) in this folder")
        return None
    jid = next((f.jurisdiction for f in parsed if f.jurisdiction), None)
    override = overrides.get(jid)
    if override is not None:
        params = _override_parameters(params, override, digest, ctx)
    j = _compile_jurisdiction(parsed, params, v.folder, ctx)
    if j is None:
        return None
    head = next(f for f in parsed if f.jurisdiction)
    if source.id is not None and source.id != j.id:
        ctx.error(head.jurisdiction_pos, f"this folder's {folders.METADATA_FILE} says id {source.id!r}, "
                  f"but the policy files declare jurisdiction {j.id!r}")
    document = v.document or DocumentVersion("1", j.document)
    j.version = replace(document, file=j.document)
    j.info = source.info or JurisdictionInfo(j.label)
    if source.info is not None:
        j.label = source.info.name_zh
    j.folder = v.folder
    statements_file = v.folder / STATEMENTS_FILE
    if statements_file.is_file():
        digest.update(statements_file.read_bytes())
    j.statements = load_statements(statements_file, _display(statements_file), j, CATEGORY_IDS, ctx.error)
    readings_file = v.folder / "readings.yaml"
    if readings_file.is_file():
        digest.update(readings_file.read_bytes())
        j.readings, reading_errors = load_readings(readings_file, _display(readings_file), {r.name for r in j.rules})
        ctx.errors.extend(reading_errors)
    digest.update(j.document.encode() + j.text.encode())
    return j


def _override_parameters(params: dict, override, digest, ctx: _Context) -> dict:
    """A deployer's values for a jurisdiction's parameters (an official 低保 standard, say)."""
    path = override.versions[0].parameter_files[0]
    read = read_text(path, _display(path), ctx.add)
    if read is None:
        return params
    digest.update(read[0])
    found, errors = load_parameters(path, _display(path), text=read[1])
    ctx.errors.extend(errors)
    merged = dict(params)
    for name, param in found.items():
        if name not in merged:
            ctx.error(ast.Pos(_display(path), 1, 1),
                      f"parameter {name!r} is not a parameter of {override.id}{_did_you_mean(name, params)}")
            continue
        merged[name] = merged[name].overridden_by(param)
    return merged


def _compile_jurisdiction(files: list[ast.PolicyFile], params, folder: Path, ctx: _Context) -> Jurisdiction | None:
    declared = [f for f in files if f.jurisdiction]
    documents = [f for f in files if f.document]
    if not files:
        return None
    if not declared or not documents:
        first = files[0]
        ctx.error(ast.Pos(first.path, 1, 1), "no file of this directory declares `document \"…\";` and `jurisdiction <id>;`")
        return None
    for extra in declared[1:]:
        ctx.error(extra.jurisdiction_pos, "the jurisdiction is declared in another file of this directory already")
    for extra in documents[1:]:
        ctx.error(extra.document_pos, "the document is declared in another file of this directory already")
    head = declared[0]
    doc_path = folders.document_path(folder, documents[0].document)
    if isinstance(doc_path, str):
        ctx.error(documents[0].document_pos, f"document {documents[0].document!r}: {doc_path} ({_display(folder)})"
                  f"{_did_you_mean(documents[0].document, [p.name for p in folder.glob('*.txt') if p.name != documents[0].document])}")
        return None
    read = read_text(doc_path, _display(doc_path), ctx.add)
    if read is None:
        ctx.error(documents[0].document_pos, f"document {documents[0].document!r} cannot be read as UTF-8 text")
        return None
    text = read[1]
    j = Jurisdiction(head.jurisdiction, head.jurisdiction_label or head.jurisdiction, documents[0].document,
                     text, parameters=params)

    def clauses(cites: tuple[ast.Citation, ...]) -> tuple[Clause, ...]:
        out = []
        for cite in cites:
            found = citations.find_quote(j.text, cite.quote, cite.section)
            if isinstance(found, str):
                ctx.error(cite.pos, f"{found}: {cite.quote!r} in {j.document}")
                continue
            out.append(Clause(j.document, j.id, cite.section, cite.quote, found[0], found[1]))
        return tuple(out)

    for f in files:
        for c in f.categories:
            if c.name not in CATEGORY_IDS:
                ctx.error(c.pos, f"unknown category {c.name!r}{_did_you_mean(c.name, CATEGORY_IDS)}")
            for s in c.subtypes:
                if s not in JIANCE_SUBTYPES:
                    ctx.error(c.pos, f"unknown subtype {s!r}{_did_you_mean(s, JIANCE_SUBTYPES)}")
            if c.name in j.categories:
                ctx.error(c.pos, f"category {c.name!r} is declared twice")
            j.categories[c.name] = Category(c.name, c.label, c.per_member, c.subtypes)
        for b in f.benefits:
            if b.kind not in BENEFIT_KINDS:
                ctx.error(b.pos, f"unknown benefit kind {b.kind!r}; expected one of {', '.join(BENEFIT_KINDS)}")
            j.benefits[b.name] = Benefit(b.name, b.label, b.kind, b.per_member)
        for inc in f.incomes:
            for t in inc.excluded:
                if t not in INCOME_TYPES:
                    ctx.error(inc.pos, f"unknown income type {t!r}{_did_you_mean(t, INCOME_TYPES)}")
            if not inc.citations:
                ctx.error(inc.pos, "income accounting without a citation")
            cl = clauses(inc.citations)
            for t in inc.excluded:
                j.income_exclusions[t] = cl
        for proc in f.procedures:
            j.procedures.append(Procedure(proc.name, proc.label, proc.value, proc.unit, clauses(proc.citations)))
    for f in files:
        for p in f.principles:
            if p.picks not in PRINCIPLE_PICKS:
                ctx.error(p.pos, f"a principle picks max or min, not {p.picks!r}")
            for b in p.benefits:
                if b not in j.benefits:
                    ctx.error(p.pos, f"principle names unknown benefit {b!r}{_did_you_mean(b, j.benefits)}")
            j.principles.append(Principle(p.name, p.label, p.picks, p.benefits, clauses(p.citations)))

    rules = [r for f in files for r in f.rules]
    _compile_rules(j, rules, clauses, ctx)
    return j


def _compile_rules(j: Jurisdiction, rules: list[ast.Rule], clauses, ctx: _Context) -> None:
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
                      f"{_did_you_mean(name, j.benefits)}")
        if r.head.subtype is not None:
            cat = j.categories.get(name)
            if cat is None or r.head.subtype not in cat.subtypes:
                known = cat.subtypes if cat else ()
                ctx.error(r.head.pos, f"{name!r} has no subtype {r.head.subtype!r}{_did_you_mean(r.head.subtype, known)}")
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
        check = _Context() if derived else ctx
        reads = _Reads()
        for lit in r.body:
            _check_literal(j, lit, per_member, predicates, defined, reads, check)
        _check_condition_citations(r, check)
        _check_safety(r, j, check)
        for pred, negated, pos in reads.predicates:
            deps.setdefault(r.head.name, set()).add((pred, negated, pos))
        variables = sorted({v.name for v in _vars_of_rule(r)})
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
    _check_case_splits(rules, ctx)
    j.rules = compiled
    j.strata = _stratify(deps, predicates | defined, ctx)


def _check_case_splits(rules: list[ast.Rule], ctx) -> None:
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


class _Reads:
    def __init__(self):
        self.facts: set[str] = set()
        self.params: set[str] = set()
        self.predicates: list[tuple[str, bool, ast.Pos]] = []


def _check_literal(j, lit: ast.Literal, per_member, predicates, defined, reads: _Reads, ctx) -> None:
    if lit.is_comparison:
        kinds = [_check_expr(j, side, per_member, reads, ctx) for side in (lit.left, lit.right)]
        codes = [k for k in kinds if isinstance(k, tuple)]
        strings = [side for side in (lit.left, lit.right) if isinstance(side, ast.Str)]
        if codes and strings:
            allowed = codes[0][1]
            for s in strings:
                if s.value not in allowed:
                    ctx.error(s.pos, f"{s.value!r} is not a code of {codes[0][0]}; expected one of "
                              f"{', '.join(allowed)}{_did_you_mean(s.value, allowed)}")
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
        ctx.error(atom.pos, f"unknown predicate or fact {name!r}{_did_you_mean(name, known)}")
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
                              f"{', '.join(spec.codes)}{_did_you_mean(atom.arg.value, spec.codes)}")
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
        ctx.error(atom.pos, f"unknown predicate or fact {name!r}{_did_you_mean(name, known)}")
        return
    ctx.error(lit.pos, "expected a predicate, a yes/no fact, or a comparison")


def _check_expr(j, expr, per_member, reads: _Reads, ctx):
    """Check a value expression; returns ('fact', codes) for coded facts, 'num', 'str' or None."""
    if isinstance(expr, ast.Number):
        return "num"
    if isinstance(expr, ast.Str):
        return "str"
    if isinstance(expr, ast.BinOp):
        for side in (expr.left, expr.right):
            kind = _check_expr(j, side, per_member, reads, ctx)
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
        ctx.error(expr.pos, f"unknown fact or parameter {expr.name!r}{_did_you_mean(expr.name, known)}")
        return None
    if isinstance(expr, ast.Call):
        spec = ALL_FACTS.get(expr.name)
        if spec is None or spec.level != PERSON:
            known = [n for n, s in ALL_FACTS.items() if s.level == PERSON]
            ctx.error(expr.pos, f"unknown person fact {expr.name!r}{_did_you_mean(expr.name, known)}")
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


def _vars_of_rule(r: ast.Rule) -> list[ast.Var]:
    out = [r.head.var] if r.head.var else []
    for lit in r.body:
        out += literal_vars(lit)
    return out


def binds(lit: ast.Literal) -> set[str]:
    """Variables a positive atom binds (comparisons and negations bind nothing)."""
    if lit.negated or lit.is_comparison or not isinstance(lit.left, ast.Call):
        return set()
    return {v.name for v in _vars_in(lit.left)}


def _check_condition_citations(r: ast.Rule, ctx) -> None:
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


def _check_safety(r: ast.Rule, j, ctx) -> None:
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


def _stratify(deps, predicates, ctx) -> list[list[str]]:
    """Tarjan SCCs in dependency order; an SCC with a negative edge inside is unstratified."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    order: list[list[str]] = []
    counter = [0]
    nodes = sorted(set(predicates) | set(deps) | {d for ds in deps.values() for d, _, _ in ds})

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w, _, _ in sorted(deps.get(v, ()), key=lambda d: d[0]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            order.append(sorted(scc))

    import sys
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for node in nodes:
        if node not in index:
            visit(node)
    for scc in order:
        members = set(scc)
        for head in scc:
            for dep, negated, pos in sorted(deps.get(head, ()), key=lambda d: (d[0], d[2].line)):
                if negated and dep in members:
                    cycle = _cycle(deps, dep, head, members) + [dep]
                    ctx.error(pos, "negation through recursion (unstratified): " + " -> ".join(cycle)
                              + f"; {head} depends on `not {dep}`")
    return order


def _cycle(deps, start: str, goal: str, members: set[str]) -> list[str]:
    """A dependency path start -> … -> goal inside one SCC, for the error message."""
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        if path[-1] == goal:
            return path
        for nxt, _, _ in sorted(deps.get(path[-1], ()), key=lambda d: d[0]):
            if nxt in members and nxt not in seen:
                seen.add(nxt)
                paths.append(path + [nxt])
    return [start, goal]


_DEFAULT: RuleBase | None = None


def default_rulebase() -> RuleBase:
    """The shipped knowledge base, compiled once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = compile_paths()
    return _DEFAULT
