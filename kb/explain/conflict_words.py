"""A static conflict finding (kb.analysis.conflicts) told in the glossary's words, zh or en.

The analysis writes its summaries with identifiers ("<place>.dibao_bianyuan", "inpatient_medical_aid
differs"); here they become the words a caseworker reads. `binggui conflicts` prints these texts and
`GET /api/v1/conflicts?lang=` returns them beside each finding, so both say the same.
"""
from __future__ import annotations

from kb.explain.glossary import entry_label
from kb.explain.words import Words, place_names, plain_text


def place(jid: str, lang: str) -> str:
    return place_names().get(jid, {}).get(lang, jid)


def conflicts_header(version: str, date: str, counts: dict[str, int], lang: str) -> str:
    if lang == "zh":
        shown = "、".join(f"{entry_label('conflict_kinds', k, 'zh')} {n}" for k, n in counts.items())
        return f"规则库版本 {version}，示例家庭认定日期 {date}：{shown}"
    shown = ", ".join(f"{n} {entry_label('conflict_kinds', k, 'en')}" for k, n in counts.items())
    return f"rule base {version}, witnesses assessed on {date}: {shown}"


def conflict_text(finding: dict, lang: str) -> dict:
    """{title, summary, witness, witness_each: {jurisdiction: text}, answers: {jurisdiction: text}}:
    the finding's human-readable parts in `lang` (call words.remember_places(rulebase) first)."""
    words = Words({}, lang)
    kind = entry_label("conflict_kinds", finding["kind"], lang)
    places = words.w("list_sep").join(place(j, lang) for j in finding["jurisdictions"])
    if lang == "zh":
        title = f"[{kind}] {places}" + ("" if finding.get("confirmed") else "（未经引擎确认）")
    else:
        title = f"[{kind}] {places}" + ("" if finding.get("confirmed") else " (not confirmed by the engine)")
    w = finding["witness"]
    each = {jid: plain_text(d[lang], lang) for jid, d in (w.get("describe_each") or {}).items()}
    if w.get("households"):
        where = plain_text(str(w.get("position")), lang)
        witness = f"示例家庭（{where}，各按本地参数的同一倍数）" if lang == "zh" \
            else f"witness ({where}, each at the same multiple of its own parameter)"
    else:
        witness = ("示例家庭：" if lang == "zh" else "witness: ") + plain_text(w["describe"][lang], lang)
    answers = {jid: words.w("list_sep").join(f"{words.category_short(c)} {words.status(st)}" for c, st in statuses.items())
               for jid, statuses in w["answers"].items()}
    return {"title": title, "summary": plain_text(finding["summary"][lang], lang), "witness": witness,
            "witness_each": each, "answers": answers}


def conflict_lines(finding: dict, lang: str) -> list[str]:
    """The finding as the command line prints it: title, summary, witness, answers, clauses."""
    t = conflict_text(finding, lang)
    colon = "：" if lang == "zh" else ":"
    lines = [t["title"], f"  {t['summary']}", f"  {t['witness']}{colon if t['witness_each'] else ''}"]
    lines += [f"    {place(jid, lang)}: {d}" for jid, d in t["witness_each"].items()]
    lines += [f"    {place(jid, lang)}: {shown}" for jid, shown in t["answers"].items()]
    lines += [f"  {place(c['jurisdiction'], lang)} §{c['section']}: {c['quote'][:70]}" for c in finding["clauses"][:6]]
    return lines
