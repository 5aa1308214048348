"""`binggui conflicts` (kb.analysis.conflicts) from the command line."""
from __future__ import annotations

from datetime import date

from kb.cli.common import load_rulebase_or_exit, print_json
from kb.analysis.conflicts import KINDS, report

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
    print(f"rule base {rb.version}, date {rep['date']}: " +
          ", ".join(f"{n} {k}" for k, n in rep["counts"].items()))
    for f in findings:
        print()
        print(f"[{f['kind']}] {f['id']}" + ("" if f.get("confirmed") else "  (NOT CONFIRMED)"))
        print(f"  {f['summary'][lang]}")
        w = f["witness"]
        if w.get("households"):
            print(f"  witness ({w.get('position')}, each at the same multiple of its own parameter):")
            for jid, d in w["describe_each"].items():
                print(f"    {jid}: {d[lang]}")
        else:
            print(f"  witness: {w['describe'][lang]}")
        for jid, statuses in w["answers"].items():
            shown = ", ".join(f"{c}={s}" for c, s in statuses.items())
            print(f"    {jid}: {shown}")
        for c in f["clauses"][:6]:
            print(f"  {c['jurisdiction']} {c['section']}: {c['quote'][:70]}")
    return 0


def add_command(subparsers) -> None:
    p = subparsers.add_parser("conflicts", help="static analysis: overlaps, contradictions, boundary mismatches, "
                                                "gaps, each with an engine-confirmed witness household")
    p.add_argument("paths", nargs="*", help="policy files or directories (default: the shipped knowledge base)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--jurisdiction")
    p.add_argument("--date", help="assessment date of the witnesses (YYYY-MM-DD)")
    p.add_argument("--lang", choices=["zh", "en"], default="en")
    p.set_defaults(func=cmd_conflicts)
