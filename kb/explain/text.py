"""Readable explanations (zh/en) of an answer, from templates over its structured form."""
from __future__ import annotations

MARK = {"eligible": "✓", "ineligible": "✗", "undetermined": "?"}
WORDS = {
    "zh": {"eligible": "符合", "ineligible": "不符合", "undetermined": "暂无法认定",
           "because": "依据", "because_not": "未满足", "missing": "需补充", "would_change": "如要改变结论",
           "deferred": "按原部门标准（文件未重述）", "illustrative": "示例参数（非官方数值）",
           "benefits": "救助帮扶待遇", "chosen": "按原则择定", "now": "现为", "needs": "需", "unknown": "未知",
           "household": "家庭", "jurisdiction": "地区", "date": "认定日期", "members": "成员", "conflict": "冲突未解决",
           "overlap": "同时属于多个类别", "persons": "各成员的类别与待遇", "as_family": "全家", "as_member": "本人",
           "nothing": "无符合或待定的类别、待遇"},
    "en": {"eligible": "eligible", "ineligible": "not eligible", "undetermined": "cannot decide yet",
           "because": "because", "because_not": "failed", "missing": "missing", "would_change": "would change if",
           "deferred": "deferred to the departments' standards (not restated in the document)",
           "illustrative": "illustrative parameters (not official figures)", "benefits": "benefits",
           "chosen": "resolved by", "now": "now", "needs": "needs", "unknown": "unknown",
           "household": "household", "jurisdiction": "jurisdiction", "date": "assessed on",
           "members": "members", "conflict": "unresolved conflict",
           "overlap": "in several categories", "persons": "per person: categories and benefits",
           "as_family": "as a family member", "as_member": "on their own",
           "nothing": "no category or benefit eligible or undecided"},
}


def _cond(c: dict, w: dict, trace: dict | None = None) -> str:
    value = c.get("value")
    who = f" [{c['member']}]" if c.get("member") else ""
    if c.get("fact") and c.get("test"):
        shown = w["unknown"] if value is None else value
        text = f"{c['fact']}{who} = {shown}  {c['test']}"
    else:
        text = f"{c['condition']}{who}"
    own = _own_clause(c, (trace or {}).get("clause"))
    if own:
        text += f"  §{own['section']} 「{own['quote']}」"
    return text


def _own_clause(c: dict, rule_clause: dict | None) -> dict | None:
    """The sentence a condition rests on, when it is another than its rule's first."""
    own = c.get("clause")
    return own if own and rule_clause and own["start"] != rule_clause["start"] else None


def _clause(clause: dict | None) -> str:
    if not clause:
        return ""
    return f"§{clause['section']} 「{clause['quote']}」 ({clause['document']} [{clause['start']}, {clause['end']}))"


def render_text(answer: dict, lang: str = "zh", only: str | None = None) -> str:
    """Categories with ✓/✗/?, reasons indented, clause quotes; benefits and resolutions after."""
    w = WORDS.get(lang, WORDS["zh"])
    lines = [f"{w['household']}: {answer['household']}   {w['jurisdiction']}: {answer.get('jurisdiction_label', '')} "
             f"({answer['jurisdiction']})   {w['date']}: {answer['assessment_date']}"]
    illustrative = answer["rulebase"].get("illustrative_parameters") or []
    if illustrative:
        lines.append(f"  ! {w['illustrative']}: {', '.join(illustrative)}")
    for cat in answer["categories"]:
        if only and cat["id"] != only:
            continue
        extra = f" [{', '.join(cat['subtypes'])}]" if cat.get("subtypes") else ""
        lines.append(f"{MARK[cat['status']]} {cat['label']} ({cat['id']}){extra}: {w[cat['status']]}")
        if cat.get("basis") == "deferred":
            lines.append(f"    ! {w['deferred']}: {cat.get('note', '')}")
        for b in cat.get("because", []):
            lines.append(f"    {w['because']} {b['rule']} {_clause(b['clause'])}")
            lines.extend(f"      ✓ {_cond(c, w, b)}" for c in b["conditions"] if c.get("fact"))
        # an undetermined category is decided by its unknown rules: the failed ones are in the JSON
        for b in cat.get("because_not", []) if cat["status"] == "ineligible" else []:
            lines.append(f"    {w['because_not']} {b['rule']} {_clause(b['clause'])}")
            lines.extend(f"      ✗ {_cond(c, w, b)}" for c in b.get("failed", []))
        for b in cat.get("unknown", []):
            lines.append(f"    ? {b['rule']} {_clause(b['clause'])}")
            lines.extend(f"      ? {_cond(c, w, b)}" + (f" — {c['note']}" if c.get("note") else "") for c in b.get("unknown", []))
        if cat.get("missing"):
            lines.append(f"    {w['missing']}: {', '.join(cat['missing'])}")
        for alt in cat.get("would_change", [])[:2]:
            parts = []
            for ch in alt["changes"]:
                subject = ch.get("fact") or ch.get("predicate") or ch.get("condition")
                now = w["unknown"] if ch.get("now") is None else ch["now"]
                who = f" [{ch['member']}]" if ch.get("member") else ""
                parts.append(f"{subject}{who} {w['now']} {now}, {w['needs']} {ch['needs']}")
            lines.append(f"    {w['would_change']} ({alt['rule']}): " + "; ".join(parts))
    if not only and answer.get("benefits"):
        lines.append(f"{w['benefits']}:")
        for b in answer["benefits"]:
            value = f" = {b['value']}" if b.get("value") else ""
            lines.append(f"  {MARK[b['status']]} {b['label']} ({b['id']}){value}: {w[b['status']]}")
            res = b.get("resolved_by")
            if res:
                alts = ", ".join(f"{a['value']} ({a['rule']})" for a in res["alternatives"])
                lines.append(f"      {w['chosen']} 「{res['principle']}」 {_clause(res['clause'])}: {alts} -> {res['chosen']}")
        for o in answer.get("category_overlaps", []):
            note = o.get("note_zh") if lang == "zh" else o.get("note")
            lines.append(f"  ! {w['overlap']}: {' + '.join(o['categories'])} ({o['status']}) {note or ''}".rstrip())
        for c in answer.get("conflicts", []):
            if c.get("chosen") is None:
                lines.append(f"  ! {w['conflict']}: {c['benefit']} " + ", ".join(f"{o['value']} ({o['rule']})" for o in c["options"]))
    if not only:
        lines += render_persons(answer, lang)
    return "\n".join(lines)


def _why(entry: dict) -> str:
    """The rule and section deciding one member's cell."""
    traces = entry.get("because") if entry["status"] == "eligible" else []
    return ", ".join(f"{t['rule']} §{t['clause']['section']}" if t.get("clause") else t["rule"] for t in traces[:2])


def render_persons(answer: dict, lang: str = "zh") -> list[str]:
    """Per counted member: the categories and per-person benefits that member holds or may hold,
    each with the deciding rule and section, and a principle's resolution naming the person."""
    w = WORDS.get(lang, WORDS["zh"])
    rows: dict[str, list[str]] = {pid: [] for pid in answer.get("membership", {}).get("counted", [])}
    if not rows:
        return []
    for cat in answer.get("categories", []):
        for m in cat.get("members") or []:
            if m["status"] == "ineligible" or m["member"] not in rows:
                continue
            how = {"family": w["as_family"], "member": w["as_member"]}.get(m.get("covered_as"), "")
            why = _why(m)
            rows[m["member"]].append(f"{MARK[m['status']]} {cat['label']} ({cat['id']})" + (f" [{how}]" if how else "")
                                     + (f" — {why}" if why else "")
                                     + (f" — {w['missing']}: {', '.join(m['missing'])}" if m.get("missing") else ""))
    for b in answer.get("benefits", []):
        if not b.get("per_member"):
            continue
        for m in b.get("members") or []:
            if m["status"] == "ineligible" or m["member"] not in rows:
                continue
            value = f" = {m['value']}" if m.get("value") else ""
            line = f"{MARK[m['status']]} {b['label']} ({b['id']}){value}"
            res = m.get("resolved_by")
            if res:
                alts = ", ".join(f"{a['value']} ({a['rule']})" for a in res["alternatives"])
                line += f" — {w['chosen']} 「{res['principle']}」 §{res['clause']['section'] if res.get('clause') else ''}: {alts} -> {res['chosen']}"
            elif _why(m):
                line += f" — {_why(m)}"
            rows[m["member"]].append(line)
    lines = [f"{w['persons']}:"]
    for pid, cells in rows.items():
        lines.append(f"  {pid}:")
        if cells:
            lines.extend(f"    {c}" for c in cells)
        else:
            lines.append(f"    {w['nothing']}")
    return lines


SENTENCE = {
    "zh": {"eligible": "符合{label}：依据{rule}（§{section}「{quote}」），{conds}。",
           "ineligible": "不符合{label}：{rule}（§{section}）未满足 {conds}。",
           "undetermined": "暂无法认定{label}：{why}。",
           "missing": "需补充 {missing}", "reason": "{reason}", "none": "无可适用的规则",
           "sep": "；", "rests_on": "（“{quote}”）"},
    "en": {"eligible": "Eligible for {label} under {rule} (§{section} \u201c{quote}\u201d): {conds}.",
           "ineligible": "Not eligible for {label}: {rule} (§{section}) fails on {conds}.",
           "undetermined": "Cannot decide {label} yet: {why}.",
           "missing": "needs {missing}", "reason": "{reason}", "none": "no applicable rule",
           "sep": "; ", "rests_on": " (\u201c{quote}\u201d)"},
}


def _conds_text(conds: list[dict], t: dict, rule_clause: dict | None) -> str:
    """The conditions in words; one resting on another sentence than the rule's first quotes it."""
    parts = []
    for c in conds:
        if c.get("fact") and c.get("test"):
            who = f" [{c['member']}]" if c.get("member") else ""
            text = f"{c['fact']}{who} {c.get('value')} {c['test']}"
        else:
            text = c["condition"]
        own = _own_clause(c, rule_clause)
        if own:
            text += t["rests_on"].format(quote=own["quote"])
        parts.append(text)
    return t["sep"].join(parts)


CATEGORY_EN = {"tekun": "destitute persons (特困人员)", "dibao": "minimum living allowance (低保)",
               "dibao_bianyuan": "marginal families (低保边缘)", "gangxing_zhichu": "rigid-expenditure hardship (刚性支出困难)",
               "jiance": "poverty-relapse monitoring (防止返贫监测对象)", "qita_kunnan": "other persons in difficulty (其他困难人员)"}


def explain_category(entry: dict, lang: str) -> str:
    """One sentence per category from templates: the deciding rule, its clause, its conditions."""
    t = SENTENCE[lang]
    status = entry["status"]
    if lang == "en":
        entry = {**entry, "label": CATEGORY_EN.get(entry["id"], entry["label"])}
    if status == "eligible" and entry["because"]:
        b = entry["because"][0]
        clause = b.get("clause") or {}
        conds = [c for c in b["conditions"] if c.get("fact")] or b["conditions"]
        return t["eligible"].format(label=entry["label"], rule=b["rule"], section=clause.get("section", ""),
                                    quote=clause.get("quote", ""), conds=_conds_text(conds, t, b.get("clause")))
    if status == "ineligible" and entry["because_not"]:
        b = entry["because_not"][0]
        clause = b.get("clause") or {}
        return t["ineligible"].format(label=entry["label"], rule=b["rule"], section=clause.get("section", ""),
                                      conds=_conds_text(b.get("failed", []), t, b.get("clause")))
    if status == "undetermined":
        why = []
        if entry.get("reason"):
            why.append(t["reason"].format(reason=entry["reason"]))
        if entry.get("missing"):
            why.append(t["missing"].format(missing=", ".join(entry["missing"])))
        return t["undetermined"].format(label=entry["label"], why=t["sep"].join(why) or t["none"])
    return t["ineligible"].format(label=entry["label"], rule="—", section="—", conds=t["none"])
