"""`binggui procedures` (kb.analysis.procedures) from the command line."""
from __future__ import annotations

from kb.cli.common import load_rulebase_or_exit, print_json, unknown_jurisdiction
from kb.analysis.procedures import procedures_of
from kb.explain.glossary import entry_label

PICKS = {"zh": {"max": "取较高者", "min": "取较低者"}, "en": {"max": "picks the higher of", "min": "picks the lower of"}}


def cmd_procedures(args) -> int:
    rb = load_rulebase_or_exit()
    chosen = [j for j in rb.jurisdictions.values() if not args.jurisdiction or j.id == args.jurisdiction]
    if unknown_jurisdiction(rb, args.jurisdiction):
        return 2
    if args.json:
        print_json({j.id: procedures_of(j) for j in chosen})
        return 0
    lang = getattr(args, "lang", "zh")
    colon, sep = ("：", "、") if lang == "zh" else (": ", ", ")
    for j in chosen:
        view = procedures_of(j, lang)
        name_en = (j.info.name_en if j.info else None) or j.label
        print(f"{j.label}（{j.document}）" if lang == "zh" else f"{name_en} {j.label} ({j.document})")
        for p in view["procedures"]:
            section = p["clauses"][0]["section"] if p["clauses"] else ""
            print(f"  {p['label']}{colon}{p['value_text'][lang]}   §{section}")
        for p in view["principles"]:
            benefits = sep.join(entry_label("benefits", b, lang, j.benefits[b].label if b in j.benefits else b)
                                for b in p["benefits"])
            word = "原则" if lang == "zh" else "principle"
            print(f"  {word} {p['label']}{colon}{PICKS[lang].get(p['picks'], p['picks'])} {benefits}   "
                  f"§{p['clauses'][0]['section']}")
    return 0


def add_command(sub) -> None:
    p = sub.add_parser("procedures", help="deadlines, steps, departments and principles of each document, cited")
    p.add_argument("--jurisdiction")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_procedures)
