"""A notice to hand over: one printable page per household (HTML with a print stylesheet).

Each category and benefit with its decision and the reasons in plain words, the clause that
decides it (section and quote), what to ask next, the illustrative-values warning, the rule-base
version and date, and a place for the caseworker's name and date. Chinese by default, English
on request; the words are the glossary's (kb.explain.words), so the notice says what the
page, the API and the command line say.
"""
from __future__ import annotations

from datetime import date
from html import escape

from kb.explain import graph
from kb.explain.questions import question_text
from kb.explain.types import Answer, CategoryResult, Trace, given
from kb.explain.glossary import entry_label
from kb.explain.words import Words

TITLE = {"zh": "社会救助认定结果告知单", "en": "Social assistance: result of the assessment"}
TEXT = {
    "zh": {"jurisdiction": "申请地", "date": "认定日期", "members": "家庭成员", "persons": "{n} 人",
           "categories": "救助类别", "benefits": "救助帮扶待遇", "decision": "结论", "reasons": "理由",
           "clause": "文件依据", "category": "类别", "benefit": "待遇", "value": "标准",
           "questions": "请补充以下信息后重新认定", "illustrative": "注意：以下参数为示例数值，并非官方标准，结论仅供参考：",
           "rulebase": "规则库版本 {version}，生成于 {today}", "caseworker": "经办人（签名）", "signed": "日期",
           "deferred": "（按原部门标准，文件未重述）", "none": "—",
           "persons_table": "各成员的类别与待遇", "member": "成员", "per_person": "（各成员不同，见下表）",
           "footer": "本告知单由系统依据试点文件逐条生成；每项结论均注明所依据的文件条款。"},
    "en": {"jurisdiction": "Jurisdiction", "date": "Assessed on", "members": "Members", "persons": "{n} persons",
           "categories": "Categories", "benefits": "Benefits", "decision": "Decision", "reasons": "Reasons",
           "clause": "Clause", "category": "Category", "benefit": "Benefit", "value": "Level",
           "questions": "Please provide the following and assess again",
           "illustrative": "Note: these parameters are illustrative values, not official figures; the result is indicative only:",
           "rulebase": "Rule base version {version}, generated on {today}", "caseworker": "Caseworker (signature)",
           "signed": "Date", "deferred": " (departments' standard, not restated in the document)", "none": "—",
           "persons_table": "Per person: categories and benefits", "member": "Member",
           "per_person": " (differs by person, see below)",
           "footer": "Generated clause by clause from the pilot document; every decision names the clause it rests on."},
}

STYLE = """
@page { size: A4; margin: 8mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 8.5pt; line-height: 1.25; color: #111; margin: 0 auto; max-width: 190mm; padding: 8mm 0; }
h1 { font-size: 15pt; margin: 0 0 2mm; text-align: center; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; border-bottom: 1px solid #444; }
dl.meta { display: flex; flex-wrap: wrap; gap: 0 8mm; margin: 0 0 2mm; }
dl.meta div { display: flex; gap: 2mm; } dl.meta dt { font-weight: bold; } dl.meta dd { margin: 0; }
.warning { border: 1.5px solid #b45309; background: #fff7ed; padding: 1.5mm 2.5mm; margin: 2mm 0; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid #999; padding: .7mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
col.c-label { width: 22%; } col.c-decision { width: 11%; } col.c-reasons { width: 37%; } col.c-clause { width: 30%; }
col.c-member { width: 17%; } col.c-cats { width: 19%; } col.c-bens { width: 64%; }
table.persons { font-size: 8pt; } table.persons td { padding: .6mm 1.5mm; }
.eligible { font-weight: bold; } .ineligible { color: #555; } .undetermined { font-style: italic; }
.clause q { quotes: "「" "」"; } .small { font-size: 8pt; color: #333; }
ul.benefits { columns: 2; column-gap: 6mm; margin: 0; padding-left: 4mm; } ul.benefits li { break-inside: avoid; }
ol.questions { margin: 0; padding-left: 5mm; columns: 2; column-gap: 6mm; font-size: 8pt; } ol.questions li { break-inside: avoid; }
.sign { display: flex; gap: 10mm; margin-top: 3mm; } .sign div { flex: 1; border-bottom: 1px solid #111; padding-bottom: 4mm; }
footer { margin-top: 3mm; font-size: 7.5pt; color: #444; }
@media screen { body { padding: 10mm; background: #fafafa; } }
@media print { body { padding: 0; max-width: none; } .no-print { display: none; } }
"""


def _e(text) -> str:
    return escape(str(text), quote=True)


def _deciding(answer: Answer, entry) -> Trace | None:
    traces = graph.deciding(answer, entry)
    return traces[0] if traces else None


def _reasons(entry, words: Words) -> str:
    """A category's (or benefit's) reasons: what is missing, or the deciding rule's conditions."""
    trace = _deciding(words.answer, entry)
    if entry.status == "undetermined" and entry.missing:
        missing = words.w("list_sep").join(words.missing(m) for m in graph.terms(words.answer, entry.missing))
        return f"{words.w('missing')}：{missing}" if words.lang == "zh" else f"{words.w('missing')}: {missing}"
    if entry.status == "undetermined" and getattr(entry, "reason", None):
        return words.reason(entry.reason)
    if trace is None:
        return TEXT[words.lang]["none"]
    if entry.status == "eligible":
        every = graph.conditions(words.answer, trace)
        conds = [c for c in every if c.fact] or every
    else:
        conds = graph.failed(words.answer, trace) or graph.unknown(words.answer, trace)
    conds = [c for c in conds if given(c.predicate) not in ("member", "listed")]
    return words.w("sep").join(words.condition(c) for c in conds[:4]) or TEXT[words.lang]["none"]


def _clause_cell(entry, words: Words) -> str:
    trace = _deciding(words.answer, entry)
    clause = graph.trace_clause(words.answer, trace) if trace else None
    if not clause:
        return TEXT[words.lang]["none"]
    return f'<span class="clause">§{_e(clause.section)} <q>{_e(clause.quote)}</q></span>'


def _persons_rows(answer: Answer, words: Words) -> str:
    """One row per counted member: the categories that member is in and the per-person benefits
    with that member's value (大冶: 100% for the 特困 husband, 60% for his wife). The household-level
    lists cannot say who gets what. Only what the member is eligible for: what is undecided is
    in the categories' table, with what to ask for it, and the page holds no more."""
    cats: dict[str, list[str]] = {}
    bens: dict[str, list[str]] = {}
    for pid, entries in graph.member_entries(answer).items():
        cats[pid], bens[pid] = [], []
        for entry, m in entries:
            if m.status != "eligible":
                continue
            if isinstance(entry, CategoryResult):
                cats[pid].append(_e(words.category_short(entry.id)))
                continue
            value = f" {words.benefit_value(entry.kind, m.value)}" if m.value else ""
            # the glossary's short name: the full one is in the household list above
            bens[pid].append(_e(entry_label("benefits", entry.id, words.lang, words.benefit(entry.id)) + value))
    sep = _e(words.w("list_sep"))
    none = _e(TEXT[words.lang]["none"])
    # a member eligible for nothing has no row (the categories' table says why)
    return "".join(f'<tr data-member="{_e(pid)}"><td>{_e(words.member(pid))}</td>'
                   f'<td>{sep.join(cats[pid]) or none}</td><td>{sep.join(bens[pid]) or none}</td></tr>'
                   for pid in cats if cats[pid] or bens[pid])


def render_notice(answer: Answer, lang: str = "zh", today: date | None = None) -> str:
    """The notice of one answer as a complete HTML document."""
    words = Words(answer, lang)
    t = TEXT[words.lang]
    today = today or date.today()
    rows = []
    for cat in answer.categories:
        deferred = t["deferred"] if cat.basis == "deferred" else ""
        subtypes = words.w("list_sep").join(words.subtype(s) for s in cat.subtypes or [])
        rows.append(
            f'<tr data-category="{_e(cat.id)}"><td>{_e(words.category(cat.id))}'
            f'{f"<div class=small>{_e(subtypes)}</div>" if subtypes else ""}</td>'
            f'<td class="{_e(cat.status)}">{_e(words.status(cat.status))}</td>'
            f'<td>{_e(_reasons(cat, words))}<span class="small">{_e(deferred)}</span></td>'
            f'<td>{_clause_cell(cat, words)}</td></tr>')
    benefits = []
    for b in answer.benefits:
        value = f"（{words.benefit_value(b.kind, b.value)}）" if b.value and words.lang == "zh" else \
            f" ({words.benefit_value(b.kind, b.value)})" if b.value else ""
        if not value and b.status == "eligible" and b.per_member and any(m.value for m in b.members or []):
            value = t["per_person"]      # the members' values differ: the persons' table gives each
        benefits.append(f'<li data-benefit="{_e(b.id)}"><span class="{_e(b.status)}">{_e(words.status(b.status))}'
                        f'</span> {_e(words.benefit(b.id))}{_e(value)}</li>')
    questions = "".join(f"<li>{_e(question_text(q, words))}</li>" for q in answer.questions or [])
    persons = _persons_rows(answer, words)
    if persons:
        persons = (f'<h2>{_e(t["persons_table"])}</h2>\n<table class="persons"><colgroup><col class="c-member">'
                   f'<col class="c-cats"><col class="c-bens"></colgroup>\n<thead><tr><th>{_e(t["member"])}</th>'
                   f'<th>{_e(t["categories"])}</th><th>{_e(t["benefits"])}</th></tr></thead>\n'
                   f'<tbody>{persons}</tbody></table>')
    illustrative = answer.rulebase.illustrative_parameters or []
    params = answer.rulebase.parameters or {}
    warning = ""
    if illustrative:
        shown = words.w("list_sep").join(
            f"{words.parameter(n.split('.', 1)[1])} {words.number(None, params[n].value, given(params[n].unit))}"
            for n in illustrative if n in params)
        warning = f'<p class="warning" role="note"><strong>{_e(t["illustrative"])}</strong> {_e(shown)}</p>'
    members = len(answer.member_labels or {})
    colon, stop = ("：", "。") if words.lang == "zh" else (":", ". ")
    html_lang = "zh-CN" if words.lang == "zh" else "en"
    return f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<title>{_e(TITLE[words.lang])} · {_e(words.jurisdiction_name())}</title>
<style>{STYLE}</style></head>
<body>
<h1>{_e(TITLE[words.lang])}</h1>
<dl class="meta">
 <div><dt>{_e(t["jurisdiction"])}</dt><dd>{_e(words.jurisdiction_name())}</dd></div>
 <div><dt>{_e(t["date"])}</dt><dd>{_e(answer.assessment_date)}</dd></div>
 <div><dt>{_e(t["members"])}</dt><dd>{_e(t["persons"].format(n=members))}</dd></div>
</dl>
{warning}
<h2>{_e(t["categories"])}</h2>
<table class="categories"><colgroup><col class="c-label"><col class="c-decision"><col class="c-reasons"><col class="c-clause"></colgroup>
<thead><tr><th>{_e(t["category"])}</th><th>{_e(t["decision"])}</th><th>{_e(t["reasons"])}</th><th>{_e(t["clause"])}</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>{_e(t["benefits"])}</h2>
<ul class="benefits">{"".join(benefits) or _e(t["none"])}</ul>
{persons}
{f'<h2>{_e(t["questions"])}</h2><ol class="questions">{questions}</ol>' if questions else ""}
<div class="sign"><div>{_e(t["caseworker"])}{colon}</div><div>{_e(t["signed"])}{colon}</div></div>
<footer>{_e(t["rulebase"].format(version=answer.rulebase.version, today=today.isoformat()))}{stop}{_e(t["footer"])}</footer>
</body></html>
"""
