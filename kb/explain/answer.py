"""The answer a caseworker, a researcher or the page reads, built from one evaluation.

For every category and benefit of the jurisdiction: the status, why (the rules that hold, each
condition with its value, test and clause), why not (the failed conditions), what is missing
(the RDF terms that would decide it) and what would change the outcome; the membership and
accounting behind the derived facts; the run-time favourability records.
"""
from __future__ import annotations

from fractions import Fraction

from msgspec import UNSET

from kb.core.model import Jurisdiction
from kb.core.money import fmt, fmt_plain
from kb.evaluate.accounting import Accounting
from kb.evaluate.conditions import RuleTrace, missing_of, t_or
from kb.evaluate.recheck import Evaluation
from kb.explain import favourability, graph, persons
from kb.explain.derivation import INCOME_FACTS, derivations, excluding_clauses, income_note, stated_once
from kb.explain.tables import Graph
from kb.explain.glossary import LANGS, code_label, entry_label
from kb.explain.questions import questions_of
from kb.explain.text import explain_category
from kb.explain.trace_table import viewer
from kb.explain.types import (Accounting as AccountingView, AnswerConflict, Answer, BenefitResult, CategoryResult,
                              DocumentVersion, Excluded, Membership, Option, Parameter, ReadingNote, Resolution,
                              RuleBaseInfo, STATUS, Text, Undecided)
from kb.explain.types_records import IncomeAmount, IncomeOption, IncomePrinciple
from kb.explain.words import Words, plain_text
from kb.explain.would_change import would_change


def answer_view(household, j, rulebase, ev: Evaluation, acc: Accounting, membership, param_values,
                texts: tuple[str, ...] = ()) -> Answer:
    """The answer; its prose (labels, explanations, question texts, names) only in the languages of
    `texts` (none by default: the answer is the proof graph, prose a view in the language asked for)."""
    texts = tuple(lang for lang in LANGS if lang in texts)
    illustrative = sorted(f"{j.id}.{n}" for n in ev.params_used if param_values[n].illustrative)
    # a new graph, and none of the views a previous answer of this evaluation kept (their
    # trace ids were that answer's)
    ev.views.clear()
    g = ev.views["graph"] = Graph(j.version.file if j.version else None, j.id)
    sources: dict[str, str] = {}     # a source text -> its id: many parameters share one
    source = lambda n: sources.setdefault(param_values[n].source, f"s{len(sources) + 1}")   # noqa: E731
    ev.derivations = derivations(j, acc, g)
    counted = [pid for pid, (t, _) in membership.items() if t is True]
    categories = [_category(j, ev, cat, acc, counted) for cat in j.categories.values()]
    benefits, conflicts = _benefits(j, ev, counted)
    answer = Answer(
        household=household.id,
        jurisdiction=j.id,
        jurisdiction_label=j.label,
        jurisdiction_names=_place_names(j, texts),
        assessment_date=household.assessment_date.isoformat(),
        rulebase=RuleBaseInfo(
            version=rulebase.version, illustrative_parameters=illustrative,
            parameters={f"{j.id}.{n}": _parameter_view(j, n, param_values[n], source(n), texts)
                        for n in sorted(ev.params_used)},
            sources={ref: text for text, ref in sources.items()}),
        member_labels=_member_labels(household, texts),
        membership=_membership_view(j, household, ev, membership),
        accounting=_accounting_view(j, g, acc, ev.derivations),
        categories=categories,
        benefits=benefits,
        conflicts=conflicts,
        # the version of the document used: its file is the one the answer's clauses are quoted from
        document=DocumentVersion(**j.version.as_dict(), in_force=rulebase.in_force(j, household.assessment_date))
        if j.version is not None else UNSET,
        **g.tables(),
    )
    words = {lang: Words(answer, lang) for lang in texts}
    joined: dict = {}   # the deciding traces' conditions in full, joined once for all languages asked
    for entry in categories:
        entry.reading_notes = _in_languages(entry.reading_notes, texts)
        if not texts:
            continue
        entry.labels = Text(**{lang: words[lang].category(entry.id) for lang in texts})
        explained = {lang: explain_category(entry, words[lang], joined) for lang in texts}
        if entry.derived_by:
            explained = {lang: f"{text} {plain_text(income_note(j, acc, lang), lang)}" for lang, text in explained.items()}
        entry.explanation = Text(**explained)
    for entry in benefits if texts else ():
        entry.labels = Text(**{lang: words[lang].benefit(entry.id) for lang in texts})
    answer.questions = questions_of(answer, words)
    # Overlapping categories and the departments behind 就低, as the documents' principles say
    return favourability.annotate(j, answer)


def _in_languages(notes, texts: tuple[str, ...]):
    """Reading notes with their texts in the asked languages only (the question, the alternative and
    the rules they concern are the readings file's record, kept in every answer)."""
    if not notes:
        return notes
    for note in notes:
        note.zh = note.zh if "zh" in texts else UNSET
        note.en = note.en if "en" in texts else UNSET
    return notes


def _place_names(j: Jurisdiction, texts: tuple[str, ...]) -> Text:
    """The jurisdiction's name zh/en (kb/policies/<id>/jurisdiction.yaml), for texts in either language."""
    if not texts:
        return UNSET
    info = j.info
    names = {"zh": (info.name_zh if info else None) or j.label, "en": (info.name_en if info else None) or j.label}
    return Text(**{lang: names[lang] for lang in texts})


def _parameter_view(j: Jurisdiction, name: str, value, source: str, texts: tuple[str, ...]) -> Parameter:
    """A parameter's value in force as the answer states it. Its parts are worked out once per
    value (the value and the declaration are kept, so their ids are not reused); the view is new
    for every answer, since `?lang=` writes into it (kb.explain.told)."""
    declared = j.parameters[name]
    key = (id(value), id(declared))
    seen = _PARAMETER_PARTS.get(key)
    if seen is None or seen[0] is not value or seen[1] is not declared:
        label = _parameter_label(j, name, LANGS)
        seen = (value, declared, fmt_plain(value.value), value.effective_from.isoformat(),
                {lang: getattr(label, lang) for lang in LANGS})
        if len(_PARAMETER_PARTS) < 4096:
            _PARAMETER_PARTS[key] = seen
    _, _, text, effective_from, labels = seen
    return Parameter(value=text, source=source, illustrative=value.illustrative, effective_from=effective_from,
                     unit=declared.unit, label=Text(**{lang: labels[lang] for lang in texts}) if texts else UNSET)


_PARAMETER_PARTS: dict[tuple[int, int], tuple] = {}


def _parameter_label(j: Jurisdiction, name: str, texts: tuple[str, ...]) -> Text:
    """The document's own name for a parameter (parameters.yaml `label`), else the glossary's."""
    if not texts:
        return UNSET
    own = j.parameters[name].label
    return Text(**{lang: own if lang == "zh" and own and own != name else entry_label("parameters", name, lang)
                   for lang in texts})


def _member_labels(household, texts: tuple[str, ...]) -> dict[str, Text]:
    """Each listed person by position and relation ("成员2（配偶）"): answers never show an IRI."""
    if not texts:
        return UNSET
    out = {}
    for n, person in enumerate(household.members, start=1):
        relation = person.facts.get("relation_to_applicant")
        out[person.id] = Text(**{lang: Words.member_word(lang, n, code_label("bg:relationToApplicant", relation, lang)
                                                         if relation is not None else None) for lang in texts})
    return out


def _category(j: Jurisdiction, ev: Evaluation, cat, acc: Accounting, counted: list[str]) -> CategoryResult:
    g: Graph = ev.views["graph"]
    truth = ev.truth.get(cat.id, {})
    status_truth = t_or(truth.values()) if cat.per_member else truth.get((), False)
    traces = ev.traces.get(cat.id, [])
    holding = [t for t in traces if t.holds is True]
    failing = [t for t in traces if t.holds is False]
    unknown = [t for t in traces if t.holds is None]
    # the parts are built in the order the answer states them: trace and term ids follow first use
    subtypes = subtypes_undetermined = subtype_missing = UNSET
    if cat.subtypes:
        subtypes = sorted({t.rule.head.subtype for t in holding if t.rule.head.subtype})
        # A subtype can stay open while the category holds (焉耆 二.(三).5: 监测 whatever the 脱贫户
        # status, which decides only the subtype): say which, and the facts that would decide it.
        by_subtype: dict[str, list[RuleTrace]] = {}
        for t in traces:
            if t.rule.head.subtype:
                by_subtype.setdefault(t.rule.head.subtype, []).append(t)
        subtypes_undetermined = sorted(st for st, ts in by_subtype.items() if t_or(t.holds for t in ts) is None)
        subtype_missing = {st: g.terms(missing_of(by_subtype[st])) for st in subtypes_undetermined}
    view = viewer(j, ev)
    members = persons.category_members(j, ev, cat, traces, counted, view, g)
    deciding = holding if status_truth is True else unknown if status_truth is None else failing
    entry = CategoryResult(
        id=cat.id, label=cat.label, status=STATUS[status_truth], per_member=cat.per_member,
        subtypes=subtypes, subtypes_undetermined=subtypes_undetermined, subtype_missing=subtype_missing,
        members=members,
        because=[view(t) for t in holding],
        because_not=[view(t) for t in failing] if status_truth is not True else [],
        unknown=[view(t) for t in unknown] if status_truth is None else [],
        missing=g.terms(missing_of(unknown)) if status_truth is None else [],
        would_change=would_change(failing + unknown, view) if status_truth is not True else [],
        basis="stated")
    deferred = [t.rule for t in deciding if t.rule.deferred_note]
    if deferred:
        entry.basis = "deferred"
        entry.note = deferred[0].deferred_note
    entry.reading_notes = _reading_notes(j, deciding) or UNSET
    notes = sorted({c.note for t in unknown for c in t.conditions if c.note and c.holds is None})
    if notes:
        entry.reason = "; ".join(notes)
    entry.sections = sorted({c.section for t in deciding for c in t.rule.clauses})
    if j.income_exclusions and any(c.fact in INCOME_FACTS for t in deciding for c in t.conditions):
        # the income figure the category turned on was shaped by the accounting clause: cite it too
        # (the explanation, written once the whole answer is known, says so too)
        entry.derived_by = g.clause_list(excluding_clauses(j))
    return entry


def _reading_notes(j: Jurisdiction, traces: list[RuleTrace]) -> list[ReadingNote]:
    """The readings chosen for the deciding rules' sentences, each once, with the rules they concern."""
    out: dict[str, ReadingNote] = {}
    for t in traces:
        for note in j.readings.get(t.rule.name, ()):
            item = out.get(note["question"])
            if item is None:
                item = out[note["question"]] = ReadingNote(**note, rules=[])
            if t.rule.id not in item.rules:
                item.rules.append(t.rule.id)
    return list(out.values())


def _benefits(j: Jurisdiction, ev: Evaluation, counted: list[str]) -> tuple[list[BenefitResult], list[AnswerConflict]]:
    g: Graph = ev.views["graph"]
    view = viewer(j, ev)
    out, conflicts = [], []
    for b in j.benefits.values():
        traces = ev.traces.get(b.id, [])
        truth = ev.truth.get(b.id, {})
        status = t_or(truth.values()) if truth else False
        entry = BenefitResult(id=b.id, label=b.label, kind=b.kind, per_member=b.per_member,
                              status=STATUS[status], value=None,
                              because=[view(t) for t in traces if t.holds is True])
        if status is not True:
            entry.because_not = [view(t) for t in traces if t.holds is False]
            entry.missing = g.terms(missing_of(traces))
        by_key: dict[tuple, list[RuleTrace]] = {}
        for t in traces:
            if t.holds is True:
                by_key.setdefault(t.key, []).append(t)
        resolved_values = []
        members = {}
        for key, holding in sorted(by_key.items()):
            alternatives = [Option(value=fmt(t.rule.head.value.value) if t.rule.head.value else None, rule=t.rule.id,
                                   clause=g.clause(t.rule.clause_dicts[0]) if t.rule.clauses else None)
                            for t in holding]
            distinct = sorted({t.rule.head.value.value for t in holding if t.rule.head.value is not None})
            resolution = None
            if len(distinct) > 1:
                principle = next((p for p in j.principles if b.id in p.benefits), None)
                if principle is None:
                    chosen = None
                    conflicts.append(AnswerConflict(
                        benefit=b.id, member=key[0] if key else None, principle=None, options=alternatives,
                        chosen=None, note="the document names no principle for this conflict; unresolved"))
                else:
                    chosen = max(distinct) if principle.picks == "max" else min(distinct)
                    # stated once in `resolutions`; the member, the benefit and the conflict refer to it
                    resolution = g.resolution(Resolution(
                        principle=principle.label, principle_id=principle.id, picks=principle.picks,
                        clause=g.clause(principle.clauses[0].as_dict()) if principle.clauses else None,
                        alternatives=alternatives, chosen=fmt(chosen)))
                    conflicts.append(AnswerConflict(benefit=b.id, member=key[0] if key else None, resolution=resolution))
            else:
                chosen = distinct[0] if distinct else None
            resolved_values.append(chosen)
            if key:
                members[key[0]] = (chosen, resolution)
            elif resolution:
                entry.resolved_by = resolution
        if b.per_member:
            # one entry per counted member; a principle resolved what each one holds, not across them
            entry.members = persons.benefit_members(j, ev, traces, counted, members, view, g)
            shared = persons.shared_resolution(entry.members)
            if shared is not None:
                entry.resolved_by = shared    # its members are those referring to it (graph.resolved_members)
            elif graph.referring(entry.members, entry.resolved_by or None):
                entry.resolved_members = []      # the household's own resolution, shared by none of them
        if resolved_values and all(v == resolved_values[0] for v in resolved_values) and resolved_values[0] is not None:
            entry.value = fmt(resolved_values[0])
        out.append(entry)
    return out, conflicts


def _membership_view(j, household, ev, membership) -> Membership:
    g: Graph = ev.views["graph"]
    counted = [pid for pid, (t, _) in membership.items() if t is True]
    excluded, undecided = [], []
    traces = ev.traces.get("member", [])
    view = viewer(j, ev)
    for pid, (truth, missing) in membership.items():
        if truth is False:
            why = [view(t) for t in traces if t.key == (pid,)]
            excluded.append(Excluded(member=pid, because_not=why))
        elif truth is None:
            undecided.append(Undecided(member=pid, missing=g.terms(missing)))
    rules = [r.id for r in j.rules_for("member")] if j.rules_for("member") else UNSET
    return Membership(counted=counted, excluded=excluded, undecided=undecided, rules=rules)


def _accounting_view(j, g: Graph, acc: Accounting, derived: dict) -> AccountingView:
    view = AccountingView(**{name: (fmt(v) if isinstance(v, Fraction) else v) for name, v in acc.values.items()},
                          missing={k: g.terms(v) for k, v in sorted(acc.missing.items())},
                          derivations=stated_once(derived))
    if acc.income_excluded_items and acc.income_all_items is not None:
        clause = next(iter(j.income_exclusions.values()))
        view.income_principle = IncomePrinciple(
            principle="申请人家庭收入就低",
            clause=g.clause(clause[0].as_dict()) if clause else None,
            options=[IncomeOption(accounting="all income items", annual_income=fmt(acc.income_all_items)),
                     IncomeOption(accounting="excluding " + ", ".join(sorted(j.income_exclusions)),
                                  annual_income=fmt(acc.values["annual_income"]),
                                  excluded=[IncomeAmount(type=i["type"], amount=fmt(i["amount"]))
                                            for i in acc.income_excluded_items])],
            chosen=fmt(min(acc.income_all_items, acc.values["annual_income"])))
    return view
