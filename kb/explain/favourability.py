"""What the documents say about households in several categories, and how an answer records it.

The policy DSL has `principle … picks max of <benefits>` for choosing between benefit values, and
`income excludes` for the income accounting. Some things the documents state about *categories*
have no DSL construct: that the categories are distinct classes (焉耆 "5类对象", 淮上 "4类"),
that an overlap is to be marked (大冶 "与其他身份类别重复的，要予以标识"), which principle governs
a household in several categories (大冶 "有利于保障", 垫江 "就高不就低"), and that nobody is to
be left out (垫江 "不重不漏", 焉耆 "不落一户、不漏一人"). They are *statements*, data of each
jurisdiction (`kb/policies/<id>/statements.yaml`, read by `kb.compile.statements`): each one a
verbatim quote, located in its document when the knowledge base compiles, exactly as a rule's
quote is, so a statement whose quote is not in the document is a compile error.

Public:
- `statements(j, kind=None)` — the statements of one compiled jurisdiction, with their clauses.
- `category_overlaps(j, answer)` — the run-time records for a household or member in more than
  one category (`answer.category_overlaps`, kb.explain.types_records.CategoryOverlap).
- `department_accounting(j, answer)` — 就低: which department counts which income, added to
  `answer.accounting.income_principle` (no re-evaluation).
- `kb.engine.income_accounting(household, rulebase, jurisdiction)` — 就低 with the answer under each
  department's accounting (runs the engine once per accounting).
- `annotate(j, answer)` — both run-time additions in one call, for the engine.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from msgspec import UNSET

from kb.compile.members import MEMBER_SUFFIX
from kb.core.model import Jurisdiction, Statement
from kb.core.money import fmt
from kb.explain.glossary import entry_label
from kb.explain.memo import keyed, once
from kb.explain import graph
from kb.explain.graph import member_ids
from kb.explain.tables import Graph
from kb.explain.types import Answer, MemberResult, Option, given
from kb.explain.types_records import (CategoryOverlap, Exclusive, IncomePrinciple, Marking, OverlapAlternative,
                                      OverlapBenefit, OverlapOption, PersonInCategories, PrincipleStatement)

# kinds of statement
EXCLUSIVE = "exclusive"        # the named categories are distinct classes / exclude each other
FAVOURABLE = "favourable"      # a household in several categories gets the more favourable measure
MARK = "mark"                  # an overlap with the named category is to be marked (标识)
NO_GAP = "no_gap"              # nobody is to be left out (不重不漏 and the like)
NEED_BASED = "need_based"      # assistance follows the need (缺啥补啥): no value to pick
INCOME_LOWER = "income_lower"  # 就低: the lower income figure of the departments' accountings

CATEGORY_ORDER = ("tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan")


def statements(j: Jurisdiction, kind: str | None = None) -> list[tuple[Statement, dict]]:
    """The statements of this jurisdiction's document (optionally of one kind), each with its clause.
    They come from the jurisdiction's `statements.yaml`, located in its document at compile time."""
    return [(s, s.clause.as_dict()) for s in j.statements if kind is None or s.kind == kind]


def _statements(j: Jurisdiction, kind: str) -> list[tuple[Statement, dict]]:
    """`statements(j, kind)` made once per jurisdiction version, for the answer's builder
    (shared: read, never changed)."""
    return keyed(j, "statements", kind, lambda: statements(j, kind))


def exclusive_pair(j: Jurisdiction, a: str, b: str) -> list[tuple[Statement, dict]]:
    """The statements of j that make categories a and b distinct classes."""
    out = []
    for s, clause in _statements(j, EXCLUSIVE):
        if s.against:
            if (a in s.categories and b in s.against) or (b in s.categories and a in s.against):
                out.append((s, clause))
        elif a in s.categories and b in s.categories:
            out.append((s, clause))
    return out


def overlap_principle(j: Jurisdiction) -> dict | None:
    """The principle the document states for a household in several categories, if any.

    A compiled `principle` of the jurisdiction wins (it also resolves benefit values in the
    engine); otherwise a FAVOURABLE statement of the table (垫江's 就高不就低 has no benefit to
    pick between, so it is not a compiled principle)."""
    favourable = statements(j, FAVOURABLE)
    for p in j.principles:
        clause = p.clauses[0].as_dict() if p.clauses else None
        return {"id": p.id, "label": p.label, "picks": p.picks, "clause": clause, "benefits": list(p.benefits)}
    for s, clause in favourable:
        return {"id": None, "label": s.label, "picks": s.picks, "clause": clause, "benefits": []}
    return None


# -- which categories a rule's value comes from -------------------------------------------

def categories_behind(j: Jurisdiction, rule, _seen=None) -> set[str]:
    """The categories a rule positively depends on (through helper predicates), e.g.
    <id>.inpatient_yin_bing_zhi_pin -> {gangxing_zhichu} (a 大冶 rule)."""
    seen = _seen if _seen is not None else set()
    out: set[str] = set()
    for lit in rule.body:
        if lit.negated or lit.is_comparison:
            continue
        name = getattr(lit.left, "name", None)
        if name is None or name in seen:
            continue
        if name in j.categories:
            out.add(name)
        elif name.endswith(MEMBER_SUFFIX) and name[: -len(MEMBER_SUFFIX)] in j.categories:
            out.add(name[: -len(MEMBER_SUFFIX)])    # `dibao_member(P)`: a member covered by 低保
        elif name not in ("member", "listed"):
            seen.add(name)
            for r in j.rules_for(name):
                out |= categories_behind(j, r, seen)
    return out


def _behind(j: Jurisdiction, rule) -> frozenset[str]:
    """`categories_behind(j, rule)`, once per jurisdiction version and rule."""
    return keyed(j, "categories_behind", rule.id, lambda: frozenset(categories_behind(j, rule)))


def _helpers_behind(j: Jurisdiction) -> list[tuple[str, frozenset[str]]]:
    """(rule id, the categories behind it) for each rule of j whose head is neither a category
    nor a benefit (a helper), in the order of j.rules: the candidates for a marking record."""
    return once(j, "helpers_behind", lambda: [
        (r.id, _behind(j, r)) for r in j.rules if r.head.name not in j.categories and r.head.name not in j.benefits])


# -- run time: a household or member in several categories --------------------------------

def _ordered(cats) -> list[str]:
    return sorted(cats, key=lambda c: (CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99, c))


def category_overlaps(j: Jurisdiction, answer: Answer) -> list[CategoryOverlap]:
    """Records for an answer whose household (or a member) is in more than one category.

    One record per overlapping set, shaped like the engine's conflict records (`principle`,
    `clause`, `options`, `chosen`, `note`) plus `{"kind": "category_overlap", "categories",
    "members", "status", "benefits", "exclusive", "marking", "note_zh"}`. `options` are the
    categories with the rules that admit them; `chosen` is null (a category overlap is resolved
    benefit by benefit, in `benefits`):
    - `principle` (label; its clause in `clause`) where the document states one for such households (大冶
      有利于保障, 垫江 就高不就低); `benefits` then lists, for every benefit whose value differs
      between the categories, each alternative (category, value, rule, clause) and the chosen
      value (what the engine chose under the same principle);
    - `exclusive`: the statements that make two of the categories distinct classes; with no
      principle the record's `status` is `"unresolved"`: the document names no precedence and
      the answer does not pick one;
    - `marking`: 大冶's "与其他身份类别重复的，要予以标识" for a 监测对象 in another category.
    """
    eligible = [c for c in answer.categories if c.status == "eligible" and c.id in j.categories]
    if len(eligible) < 2:
        return []
    g = Graph.of(answer, clauses_only=True)   # the statements' clauses join the answer's clause table
    ids = _ordered(c.id for c in eligible)
    # who holds each category given to persons (特困 is a person's status), and who holds several
    members = {c.id: member_ids(c) for c in eligible if c.per_member and member_ids(c)}
    persons = _persons_in_several(answer)
    principle = once(j, "overlap_principle", lambda: overlap_principle(j))   # read only

    exclusive = []
    for a, b in combinations(ids, 2):
        for s, clause in exclusive_pair(j, a, b):
            exclusive.append(Exclusive(categories=[a, b], statement=s.label, clause=g.clause(clause),
                                       note=s.note_en, note_zh=s.note_zh))

    benefits = []
    for b in answer.benefits:
        # (resolution id, the member it concerns): the household's, else each member's
        candidates = [(b.resolved_by, UNSET)] if b.resolved_by else \
            [(m.resolved_by, m.member) for m in b.members or [] if m.resolved_by]
        unresolved = [c for c in answer.conflicts if c.benefit == b.id and not c.resolution and c.principle is None]
        for ref, member in candidates:
            benefits.append(_resolved_benefit(j, answer, b.id, ref, member))
        for c in unresolved:
            benefits.append(_benefit_alternatives(j, b.id, c.options))

    marking = []
    for s, clause in _statements(j, MARK):
        marked = [c for c in s.categories if c in ids]
        others = [c for c in ids if c not in s.categories]
        if marked and others:
            rules = [rule_id for rule_id, behind in _helpers_behind(j) if marked[0] in behind
                     and len(behind) > 1 and behind <= set(ids)]
            marking.append(Marking(category=marked[0], with_=others, statement=s.label, clause=g.clause(clause),
                                   rules=rules))

    if not (exclusive or benefits or marking or principle):
        return []
    if principle is not None:
        status = "resolved"
    elif exclusive or any(not b.resolution and b.chosen is None for b in benefits):
        status = "unresolved"
    elif marking:
        status = "marked"
    else:
        status = "resolved"
    options = []
    for c in eligible:
        because = graph.traces(answer, c.because)
        options.append(OverlapOption(category=c.id, label=c.label, rules=[t.rule for t in because],
                                     clause=(graph.clause_refs(answer, because[0]) or [None])[0] if because else None))
    options.sort(key=lambda o: ids.index(o.category))
    note = _overlap_note(j, answer, ids, principle, exclusive, benefits, marking)
    record = CategoryOverlap(kind="category_overlap", categories=ids, members=members, persons=persons,
                             principle=principle["label"] if principle else None,
                             principle_id=principle["id"] if principle else None,
                             clause=g.clause(principle["clause"]) if principle else None,
                             options=options, chosen=None, status=status, benefits=benefits,
                             exclusive=exclusive, marking=marking, note=note["en"], note_zh=note["zh"])
    return [record]


def _persons_in_several(answer: Answer) -> list[PersonInCategories]:
    """The members who themselves hold more than one category: a favourability principle is for
    a person "同时归属不同类别" (大冶 二.(二).1), so this is where it applies."""
    held: dict[str, list[str]] = {}
    for c in answer.categories:
        for m in c.members or []:
            if isinstance(m, MemberResult) and m.status == "eligible":
                held.setdefault(m.member, []).append(c.id)
    return [PersonInCategories(member=pid, categories=_ordered(cats)) for pid, cats in held.items() if len(cats) > 1]


def _resolved_benefit(j, answer: Answer, benefit_id: str, ref: str, member) -> OverlapBenefit:
    """A benefit the principle resolved: its resolution by id, and the categories behind each
    alternative (what the overlap adds to the resolution)."""
    res = graph.resolution(answer, ref)
    return OverlapBenefit(benefit=benefit_id, resolution=ref, member=member,
                          alternative_categories=[_categories_of(j, alt.rule) for alt in res.alternatives])


def _categories_of(j, rule_id: str) -> list[str]:
    rule = j.rule(rule_id)
    return _ordered(_behind(j, rule)) if rule else []


def _benefit_alternatives(j, benefit_id, alternatives: list[Option]) -> OverlapBenefit:
    """A benefit the document names no principle for: the alternatives, none chosen."""
    alts = [OverlapAlternative(value=alt.value, rule=alt.rule, clause=given(alt.clause),
                               categories=_categories_of(j, alt.rule)) for alt in alternatives]
    return OverlapBenefit(benefit=benefit_id, alternatives=alts, chosen=None, principle=None,
                          note="the document names no principle; not resolved", note_zh="文件未规定取舍原则，未作选择")


def _ratio(value) -> str:
    """A chosen ratio ("0.70") as the percentage people say (70%); other values as they are.
    The texts are kept by the value's text: the same few ratios recur in every answer."""
    text = str(value)
    found = _RATIO_TEXTS.get(text)
    if found is None:
        try:
            ratio = Fraction(text)
            found = f"{fmt(ratio * 100, 0)}%" if ratio <= 1 else text
        except (ValueError, ZeroDivisionError):
            found = text
        if len(_RATIO_TEXTS) < 1024:
            _RATIO_TEXTS[text] = found
    return found


_RATIO_TEXTS: dict[str, str] = {}


def _overlap_note(j, answer, ids, principle, exclusive, benefits, marking) -> dict:
    names = "、".join(j.categories[c].label for c in ids)
    names_en = ", ".join(entry_label("categories", c, "en") for c in ids)
    zh, en = [f"同时属于{names}"], [f"in {len(ids)} categories at once: {names_en}"]
    if principle:
        zh.append(f"按“{principle['label']}”原则（{principle['clause']['section'] if principle['clause'] else ''}）落实待遇")
        en.append(f"resolved by {principle['label']} ({principle['clause']['section'] if principle['clause'] else ''})")
        chosen = [(b.benefit, graph.resolution(answer, b.resolution).chosen) for b in benefits if b.resolution]
        if chosen:
            zh.append("取" + "，".join(f"{j.benefits[b].label} {_ratio(value)}" for b, value in chosen))
            en.append("chosen: " + ", ".join(f"{entry_label('benefits', b, 'en')} {_ratio(value)}"
                                             for b, value in chosen))
        elif not benefits:
            zh.append("未编码可比较的待遇数值")
            en.append("no benefit values are encoded to choose between")
    elif exclusive:
        zh.append("文件把它们列为不同类别且未规定以哪类为准：未解决")
        en.append("the document makes them distinct classes and names no precedence: unresolved")
    if marking:
        zh.append("按文件要求予以标识")
        en.append("marked, as the document requires")
    return {"zh": "；".join(zh), "en": "; ".join(en)}


# -- run time: 就低 income accounting -------------------------------------------------------

def income_statement(j: Jurisdiction):
    found = statements(j, INCOME_LOWER)
    return found[0] if found else (None, None)


def department_accounting(j: Jurisdiction, answer: Answer) -> IncomePrinciple | None:
    """Names the department behind each option of `accounting.income_principle` (in place, and
    returned), from the document's own sentence (淮上: 民政不计入, 农业农村计为收入)."""
    view = answer.accounting.income_principle if answer.accounting else None
    if not view:
        return None
    stmt, clause = income_statement(j)
    if stmt is None:
        return view
    for option in view.options:
        drops = {e.type for e in option.excluded or []}
        for dept, dept_drops in stmt.departments:
            if set(dept_drops) == drops:
                option.department = dept
    view.statement = PrincipleStatement(label=stmt.label, clause=Graph.of(answer, clauses_only=True).clause(clause))
    return view


# -- one call for the engine --------------------------------------------------------------

def annotate(j: Jurisdiction, answer: Answer) -> Answer:
    """Add the run-time favourability records to a finished answer, in place (returned):
    `answer.category_overlaps` (a list, empty when the household is in at most one category)
    and the departments of `accounting.income_principle`. Calling it twice changes nothing.
    The overlap records are kept out of `answer.conflicts`, whose entries stay the engine's
    benefit-value conflicts (the shape the API and the text rendering expect)."""
    answer.category_overlaps = category_overlaps(j, answer)
    department_accounting(j, answer)
    return answer
