"""`binggui conflicts` (kb.analysis.conflicts) from the command line."""
from __future__ import annotations

import sys
from datetime import date

from kb.cli.common import load_rulebase_or_exit, print_json, unknown_jurisdiction
from kb.analysis.conflicts import KINDS, report
from kb.explain.conflict_words import conflict_lines, conflicts_header
from kb.explain.words import remember_places


def cmd_conflicts(args) -> int:
    rb = load_rulebase_or_exit(getattr(args, "paths", None) or None)
    if unknown_jurisdiction(rb, args.jurisdiction):
        return 2
    try:
        when = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"--date {args.date}: expected a date YYYY-MM-DD", file=sys.stderr)
        return 2
    rep = report(rb, when)
    findings = [f for f in rep["conflicts"] if (not args.kind or f["kind"] == args.kind)
                and (not args.jurisdiction or args.jurisdiction in f["jurisdictions"])]
    if args.json:
        print_json({**rep, "conflicts": findings})
        return 0
    lang = args.lang
    remember_places(rb)
    print(conflicts_header(rb.version, rep["date"], rep["counts"], lang))
    for f in findings:
        print()
        print("\n".join(conflict_lines(f, lang)))
    return 0


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
