"""Readable explanations (zh/en) of an answer, from templates over its structured form, in the
glossary's words (kb.explain.words): labels with units, people by position, no internal names."""
from __future__ import annotations

from kb.explain import graph
from kb.explain.glossary import encoder_note
from kb.explain.questions import question_text
from kb.explain.types import Answer, CategoryResult, Clause, Condition, MemberResult, Trace, given
from kb.explain.words import Words

MARK = {"eligible": "✓", "ineligible": "✗", "undetermined": "?"}


def _cond(c: Condition, words: Words, trace: Trace) -> str:
    text = words.condition(c)
    own = _own_clause(words.answer, c, trace)
    if own:
        text += f"  {words.clause(own)}"
    return text


def _own_clause(answer: Answer, c: Condition, trace: Trace) -> Clause | None:
    """The sentence a condition rests on, when it is another than its rule's first."""
    refs = graph.clause_refs(answer, trace)
    own = c.clause
    return graph.clause(answer, own) if own and refs and own != refs[0] else None


def household_number(iri: str) -> str:
    """A household's own number, the last segment of its IRI ("hh-0001"); a blank node has none."""
    if iri.startswith("_:"):
        return "—"
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _head(answer: Answer, words: Words) -> list[str]:
    w = words.w
    lines = [f"{w('household')}: {household_number(answer.household)}   {w('jurisdiction')}: {words.jurisdiction_name()}   "
             f"{w('date')}: {answer.assessment_date}"]
    illustrative = answer.rulebase.illustrative_parameters or []
    if illustrative:
        params = answer.rulebase.parameters or {}
        shown = [f"{words.parameter(n.split('.', 1)[1])} {words.number(None, params[n].value, given(params[n].unit))}"
                 if n in params else words.parameter(n.split('.', 1)[1]) for n in illustrative]
        lines.append(f"  ! {w('illustrative')}: {w('list_sep').join(shown)}")
    return lines


def render_text(answer: Answer, lang: str = "zh", only: str | None = None) -> str:
    """Categories with ✓/✗/?, reasons indented, clause quotes; benefits and resolutions after."""
    words = Words(answer, lang)
    w = words.w
    lines = _head(answer, words)
    for cat in answer.categories:
        if only and cat.id != only:
            continue
        extra = f" [{w('list_sep').join(words.subtype(s) for s in cat.subtypes)}]" if cat.subtypes else ""
        lines.append(f"{MARK[cat.status]} {words.category(cat.id)}{extra}: {words.status(cat.status)}")
        if cat.basis == "deferred":
            lines.append(f"    ! {w('deferred')}: {encoder_note(cat.note or '', words.lang)}")
        for b in graph.traces(answer, cat.because):
            lines.append(f"    {w('because')} {_rule_clause(b, words)}")
            lines.extend(f"      ✓ {_cond(c, words, b)}" for c in graph.conditions(answer, b) if c.fact)
        # an undetermined category is decided by its unknown rules: the failed ones are in the JSON
        for b in graph.traces(answer, cat.because_not) if cat.status == "ineligible" else []:
            lines.append(f"    {w('because_not')} {_rule_clause(b, words)}")
            lines.extend(f"      ✗ {_cond(c, words, b)}" for c in graph.failed(answer, b))
        for b in graph.traces(answer, cat.unknown):
            lines.append(f"    ? {_rule_clause(b, words)}")
            lines.extend(f"      ? {_cond(c, words, b)}" for c in graph.unknown(answer, b))
        if cat.missing:
            lines.append(f"    {w('missing')}: "
                         f"{w('list_sep').join(words.missing(m) for m in graph.terms(answer, cat.missing))}")
        lines.extend(_subtype_and_reading_lines(cat, words))
        for alt in (cat.would_change or [])[:2]:
            lines.append(f"    {w('would_change')}: " + w("sep").join(words.change(ch) for ch in graph.changes(answer, alt)))
    if not only and answer.benefits:
        lines.append(f"{w('benefits')}:")
        for b in answer.benefits:
            value = f" = {words.benefit_value(b.kind, b.value)}" if b.value else ""
            lines.append(f"  {MARK[b.status]} {words.benefit(b.id)}{value}: {words.status(b.status)}")
            res = graph.resolution(answer, given(b.resolved_by))
            if res:
                alts = w("list_sep").join(words.benefit_value(b.kind, a.value) for a in res.alternatives)
                lines.append(f"      {w('chosen')} 「{res.principle}」 {words.clause(graph.clause(answer, res.clause))}: {alts} -> "
                             f"{words.benefit_value(b.kind, res.chosen)}")
        for o in answer.category_overlaps or []:
            note = o.note_zh if lang == "zh" else o.note
            cats = " + ".join(words.category(c) for c in o.categories)
            lines.append(f"  ! {w('overlap')}: {cats} {note or ''}".rstrip())
        for c in answer.conflicts:
            if not c.resolution and c.chosen is None:
                options = w("list_sep").join(words.benefit_value("ratio", o.value) for o in c.options)
                lines.append(f"  ! {w('conflict')}: {words.benefit(c.benefit)} {options}")
    if not only and answer.questions:
        lines.append(f"{w('questions')}:")
        lines.extend(f"  - {question_text(q, words)}" for q in answer.questions)
    if not only:
        lines += render_persons(answer, words)
    return "\n".join(lines)


def _subtype_and_reading_lines(cat: CategoryResult, words: Words) -> list[str]:
    """The subtypes still open (and what would decide each), and the readings the outcome rests on."""
    w = words.w
    lines = []
    for st in cat.subtypes_undetermined or []:
        refs = (cat.subtype_missing or {}).get(st, [])
        missing = w("list_sep").join(words.missing(m) for m in graph.terms(words.answer, refs))
        if missing:
            missing = f"（{w('missing')}：{missing}）" if words.lang == "zh" else f" ({w('missing')}: {missing})"
        lines.append(f"    ? {w('subtype_open')}: {words.subtype(st)}{missing}")
    for note in cat.reading_notes or []:
        if not getattr(note, words.lang):      # an answer asked in another language (or none)
            continue
        text = words.note(getattr(note, words.lang))
        if words.lang == "en" and note.alternative:
            text += f" {w('alternative')}: {words.note(note.alternative)}"
        lines.append(f"    ! {text}")
    return lines


def _rule_clause(trace: Trace, words: Words) -> str:
    """The sentence a rule rests on (its section and quote), and whose it is when per member."""
    binding = trace.binding or {}
    who = f"{words.member(next(iter(binding.values())))} " if binding else ""
    return f"{who}{words.clause(graph.trace_clause(words.answer, trace))}"


SENTENCE = {
    "zh": {"eligible": "符合{label}：依据{section}「{quote}」，{conds}。",
           "ineligible": "不符合{label}：{section}的条件未满足：{conds}。",
           "undetermined": "暂无法认定{label}：{why}。",
           "missing": "需补充{missing}", "none": "无可适用的规则", "rests_on": "（“{quote}”）"},
    "en": {"eligible": "Eligible for {label} under {section} \u201c{quote}\u201d: {conds}.",
           "ineligible": "Not eligible for {label}: {section} fails on {conds}.",
           "undetermined": "Cannot decide {label} yet: {why}.",
           "missing": "needs {missing}", "none": "no applicable rule", "rests_on": " (\u201c{quote}\u201d)"},
}


def _conds_text(conds: list[Condition], words: Words, trace: Trace) -> str:
    """The conditions in words; one resting on another sentence than the rule's first quotes it."""
    t = SENTENCE[words.lang]
    parts = []
    for c in conds:
        text = words.condition(c)
        own = _own_clause(words.answer, c, trace)
        if own:
            text += t["rests_on"].format(quote=own.quote)
        parts.append(text)
    return words.w("sep").join(parts)


def _section(clause: Clause | None, words: Words) -> str:
    return words.w("section", section=clause.section) if clause and clause.section else "—"


def explain_category(entry: CategoryResult, words: Words, joined: dict | None = None) -> str:
    """One sentence per category from templates: the deciding clause and its conditions, in words.
    `joined`: a memo of the traces' conditions in full (graph.conditions) by trace id, for the
    sentences of one answer in several languages."""
    t = SENTENCE[words.lang]
    status = entry.status
    label = words.category(entry.id)
    if status == "eligible" and entry.because:
        b = graph.trace(words.answer, entry.because[0])
        clause = graph.trace_clause(words.answer, b)
        conds = _joined(words.answer, entry.because[0], joined)
        conds = [c for c in conds if c.fact] or conds
        return t["eligible"].format(label=label, section=_section(clause, words), quote=clause.quote if clause else "",
                                    conds=_conds_text(conds, words, b))
    if status == "ineligible" and entry.because_not:
        b = graph.trace(words.answer, entry.because_not[0])
        clause = graph.trace_clause(words.answer, b)
        failed = [c for c in _joined(words.answer, entry.because_not[0], joined) if c.holds is False]   # graph.failed
        return t["ineligible"].format(label=label, section=_section(clause, words),
                                      conds=_conds_text(failed, words, b))
    if status == "undetermined":
        why = []
        if entry.reason:
            why.append(words.reason(entry.reason))
        if entry.missing:
            why.append(t["missing"].format(missing=words.w("list_sep").join(
                words.missing(m) for m in graph.terms(words.answer, entry.missing))))
        return t["undetermined"].format(label=label, why=words.w("sep").join(why) or t["none"])
    return t["ineligible"].format(label=label, section="—", conds=t["none"])


def _joined(answer: Answer, ref: str, memo: dict | None) -> list[Condition]:
    if memo is None:
        return graph.conditions(answer, graph.trace(answer, ref))
    found = memo.get(ref)
    if found is None:
        found = memo[ref] = graph.conditions(answer, graph.trace(answer, ref))
    return found


def _why(entry: MemberResult, words: Words) -> str:
    """The sentence deciding one member's cell (its section and quote)."""
    refs = (entry.because or []) if entry.status == "eligible" else []
    clauses = [graph.trace_clause(words.answer, t) for t in graph.traces(words.answer, refs[:1])]
    return words.w("list_sep").join(words.clause(c) for c in clauses if c)


def render_persons(answer: Answer, words: Words) -> list[str]:
    """Per counted member: the categories and per-person benefits that member holds or may hold,
    each with the deciding sentence, and a principle's resolution for that person."""
    w = words.w
    rows: dict[str, list[str]] = {}
    for pid, entries in graph.member_entries(answer).items():
        rows[pid] = []
        for entry, m in entries:
            if m.status == "ineligible":
                continue
            if isinstance(entry, CategoryResult):
                how = {"family": w("as_family"), "member": w("as_member")}.get(given(m.covered_as), "")
                why = _why(m, words)
                rows[pid].append(f"{MARK[m.status]} {words.category(entry.id)}" + (f" [{how}]" if how else "")
                                 + (f" — {why}" if why else ""))
                continue
            value = f" = {words.benefit_value(entry.kind, m.value)}" if m.value else ""
            line = f"{MARK[m.status]} {words.benefit(entry.id)}{value}"
            res = graph.resolution(answer, m.resolved_by)
            if res:
                alts = w("list_sep").join(words.benefit_value(entry.kind, a.value) for a in res.alternatives)
                line += f" — {w('chosen')} 「{res.principle}」 {words.clause(graph.clause(answer, res.clause))}: {alts}"
            elif _why(m, words):
                line += f" — {_why(m, words)}"
            rows[pid].append(line)
    if not rows:
        return []
    lines = [f"{w('persons')}:"]
    for pid, cells in rows.items():
        lines.append(f"  {words.member(pid)}:")
        lines.extend(f"    {c}" for c in cells) if cells else lines.append(f"    {w('nothing')}")
    return lines
