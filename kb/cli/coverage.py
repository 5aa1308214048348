"""`binggui coverage` (kb.analysis.coverage) from the command line."""
from __future__ import annotations

from kb.analysis.coverage import coverage, print_report
from kb.cli.common import load_rulebase_or_exit, print_json


def cmd_coverage(args) -> int:
    rb = load_rulebase_or_exit(args.paths)     # policy errors: every one printed, exit 1
    report = coverage(rb)
    if args.json:
        print_json(report)
    else:
        print_report(report, show_covered=args.all)
    return 0


def add_command(sub) -> None:
    p = sub.add_parser("coverage", help="decidable sentences of each document and the rules citing them")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="list covered sentences too")
    p.set_defaults(func=cmd_coverage)
