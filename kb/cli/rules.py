"""`binggui rules`: the compiled rules with their clauses."""
from __future__ import annotations


from kb.cli.common import load_rulebase_or_exit, print_json, unknown_jurisdiction


def add_command(sub) -> None:
    p = sub.add_parser("rules", help="print the compiled rules with their citations")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--jurisdiction")
    p.set_defaults(func=cmd_rules)


def cmd_rules(args) -> int:
    rb = load_rulebase_or_exit(args.paths)
    if unknown_jurisdiction(rb, args.jurisdiction):
        return 2
    rules = [r.as_dict() for r in rb.all_rules() if not args.jurisdiction or r.jurisdiction == args.jurisdiction]
    if args.json:
        print_json({"version": rb.version, "rules": rules})
    else:
        for r in rules:
            clause = r["clauses"][0] if r["clauses"] else {}
            print(f"{r['id']:40} {clause.get('section', ''):16} {clause.get('quote', '')[:60]}")
    return 0
