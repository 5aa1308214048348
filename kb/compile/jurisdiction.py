"""Compile one version of a jurisdiction from its parsed policy files: the declarations (document,
categories, benefits, income accounting, procedures, principles), each citation found verbatim
in the document, then its rules (kb.compile.rules)."""
from __future__ import annotations

from pathlib import Path

from grammar import ast
from kb.compile import citations, folders
from kb.compile.context import Context, did_you_mean, display
from kb.compile.reading import read_text
from kb.compile.rules import compile_rules
from kb.compile.vocabulary import BENEFIT_KINDS, CATEGORY_IDS, JIANCE_SUBTYPES, PRINCIPLE_PICKS
from kb.core.facts import INCOME_TYPES
from kb.core.model import Benefit, Category, Clause, Jurisdiction, Principle, Procedure


def compile_jurisdiction(files: list[ast.PolicyFile], params, folder: Path, ctx: Context) -> Jurisdiction | None:
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
        ctx.error(documents[0].document_pos, f"document {documents[0].document!r}: {doc_path} ({display(folder)})"
                  f"{did_you_mean(documents[0].document, [p.name for p in folder.glob('*.txt') if p.name != documents[0].document])}")
        return None
    read = read_text(doc_path, display(doc_path), ctx.add)
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
                ctx.error(c.pos, f"unknown category {c.name!r}{did_you_mean(c.name, CATEGORY_IDS)}")
            for s in c.subtypes:
                if s not in JIANCE_SUBTYPES:
                    ctx.error(c.pos, f"unknown subtype {s!r}{did_you_mean(s, JIANCE_SUBTYPES)}")
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
                    ctx.error(inc.pos, f"unknown income type {t!r}{did_you_mean(t, INCOME_TYPES)}")
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
                    ctx.error(p.pos, f"principle names unknown benefit {b!r}{did_you_mean(b, j.benefits)}")
            j.principles.append(Principle(p.name, p.label, p.picks, p.benefits, clauses(p.citations)))

    rules = [r for f in files for r in f.rules]
    compile_rules(j, rules, clauses, ctx)
    return j
