"""`binggui conflicts` (kb.analysis.conflicts) from the command line."""
from __future__ import annotations

from datetime import date

from kb.cli.common import load_rulebase_or_exit, print_json
from kb.analysis.conflicts import KINDS, report
from kb.explain.glossary import entry_label
from kb.explain.words import Words, place_names, plain_text, remember_places

def cmd_conflicts(args) -> int:
    rb = load_rulebase_or_exit(getattr(args, "paths", None) or None)
    when = date.fromisoformat(args.date) if args.date else None
    rep = report(rb, when)
    findings = [f for f in rep["conflicts"] if (not args.kind or f["kind"] == args.kind)
                and (not args.jurisdiction or args.jurisdiction in f["jurisdictions"])]
    if args.json:
        print_json({**rep, "conflicts": findings})
        return 0
    lang = args.lang
    remember_places(rb)
    print(_header(rb.version, rep, lang))
    for f in findings:
        print()
        print(_title(f, lang))
        print(f"  {plain_text(f['summary'][lang], lang)}")
        w = f["witness"]
        label = "示例家庭" if lang == "zh" else "witness"
        if w.get("households"):
            where = plain_text(str(w.get("position")), lang)
            print(f"  {label}（{where}，各按本地参数的同一倍数）：" if lang == "zh"
                  else f"  {label} ({where}, each at the same multiple of its own parameter):")
            for jid, d in w["describe_each"].items():
                print(f"    {_place(jid, lang)}: {plain_text(d[lang], lang)}")
        else:
            print(f"  {label}{'：' if lang == 'zh' else ': '}{plain_text(w['describe'][lang], lang)}")
        for jid, statuses in w["answers"].items():
            words = Words({}, lang)
            shown = words.w("list_sep").join(f"{words.category_short(c)} {words.status(st)}" for c, st in statuses.items())
            print(f"    {_place(jid, lang)}: {shown}")
        for c in f["clauses"][:6]:
            print(f"  {_place(c['jurisdiction'], lang)} §{c['section']}: {c['quote'][:70]}")
    return 0


def _place(jid: str, lang: str) -> str:
    return place_names().get(jid, {}).get(lang, jid)


def _header(version: str, rep: dict, lang: str) -> str:
    counts = rep["counts"]
    if lang == "zh":
        shown = "、".join(f"{entry_label('conflict_kinds', k, 'zh')} {n}" for k, n in counts.items())
        return f"规则库版本 {version}，示例家庭认定日期 {rep['date']}：{shown}"
    return f"rule base {version}, date {rep['date']}: " + ", ".join(f"{n} {k}" for k, n in counts.items())


def _title(f: dict, lang: str) -> str:
    if lang == "zh":
        places = "、".join(_place(j, "zh") for j in f["jurisdictions"])
        unconfirmed = "" if f.get("confirmed") else "（未经引擎确认）"
        return f"[{entry_label('conflict_kinds', f['kind'], 'zh')}] {places}{unconfirmed}"
    return f"[{f['kind']}] {f['id']}" + ("" if f.get("confirmed") else "  (NOT CONFIRMED)")


def add_command(subparsers) -> None:
    p = subparsers.add_parser("conflicts", help="static analysis: overlaps, contradictions, boundary mismatches, "
                                                "gaps, each with an engine-confirmed witness household")
    p.add_argument("paths", nargs="*", help="policy files or directories (default: the shipped knowledge base)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--jurisdiction")
    p.add_argument("--date", help="assessment date of the witnesses (YYYY-MM-DD)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_conflicts)
