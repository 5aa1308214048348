"""The procedural side of each document, as cited records: deadlines and steps, responsible
departments, and the principles it names. Not conditions on households, but what caseworkers
and researchers ask next ("how long may the review take?", "who decides 低保?")."""
from __future__ import annotations

import json
import sys
from fractions import Fraction

from kb.core.model import Jurisdiction
from kb.core.money import fmt_plain


def procedures_of(j: Jurisdiction) -> dict:
    return {
        "label": j.label,
        "document": j.document,
        "procedures": [{"id": f"{j.id}.{p.id}", "label": p.label,
                        "value": fmt_plain(p.value) if isinstance(p.value, Fraction) else p.value,
                        "unit": p.unit, "clauses": [c.as_dict() for c in p.clauses]} for p in j.procedures],
        "principles": [{"id": f"{j.id}.{p.id}", "label": p.label, "picks": p.picks, "benefits": list(p.benefits),
                        "clauses": [c.as_dict() for c in p.clauses]} for p in j.principles],
        "income_exclusions": [{"income_type": t, "clauses": [c.as_dict() for c in cl]}
                              for t, cl in sorted(j.income_exclusions.items())],
    }


def cmd_procedures(args) -> int:
    from kb.cli import _load_or_exit
    rb = _load_or_exit()
    chosen = [j for j in rb.jurisdictions.values() if not args.jurisdiction or j.id == args.jurisdiction]
    if args.jurisdiction and not chosen:
        print(f"unknown jurisdiction {args.jurisdiction!r}; known: {', '.join(sorted(rb.jurisdictions))}",
              file=sys.stderr)
        return 2
    if args.json:
        json.dump({j.id: procedures_of(j) for j in chosen}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for j in chosen:
        view = procedures_of(j)
        print(f"{j.id} {j.label} ({j.document})")
        for p in view["procedures"]:
            unit = f" {p['unit']}" if p["unit"] else ""
            section = p["clauses"][0]["section"] if p["clauses"] else ""
            print(f"  {p['label']}: {p['value']}{unit}   §{section}")
        for p in view["principles"]:
            print(f"  原则 {p['label']}: picks {p['picks']} of {', '.join(p['benefits'])}   §{p['clauses'][0]['section']}")
    return 0


def add_command(sub) -> None:
    p = sub.add_parser("procedures", help="deadlines, steps, departments and principles of each document, cited")
    p.add_argument("--jurisdiction")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_procedures)
