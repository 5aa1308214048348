"""`binggui procedures` (kb.analysis.procedures) from the command line."""
from __future__ import annotations

import sys

from kb.cli.common import load_rulebase_or_exit, print_json
from kb.analysis.procedures import procedures_of

def cmd_procedures(args) -> int:
    rb = load_rulebase_or_exit()
    chosen = [j for j in rb.jurisdictions.values() if not args.jurisdiction or j.id == args.jurisdiction]
    if args.jurisdiction and not chosen:
        print(f"unknown jurisdiction {args.jurisdiction!r}; known: {', '.join(sorted(rb.jurisdictions))}",
              file=sys.stderr)
        return 2
    if args.json:
        print_json({j.id: procedures_of(j) for j in chosen})
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
