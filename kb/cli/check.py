"""`binggui check` and `binggui explain`: one household file decided, as text or JSON."""
from __future__ import annotations

import sys

from kb.cli.common import load_rulebase_or_exit, print_json, read_household_file
from kb.engine import EngineError, decide
from kb.explain.text import render_text


def add_command(sub) -> None:
    p = sub.add_parser("check", help="decide every category for one household file (Turtle or JSON-LD)")
    p.add_argument("file")
    p.add_argument("--jurisdiction")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("explain", help="explain one category for one household file")
    p.add_argument("file")
    p.add_argument("category")
    p.add_argument("--jurisdiction")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.set_defaults(func=cmd_explain)


def cmd_check(args) -> int:
    rulebase = load_rulebase_or_exit()
    household = read_household_file(args.file, args.jurisdiction, rulebase.jurisdictions)
    try:
        answer = decide(household, rulebase, args.jurisdiction, only=getattr(args, "category", None))
    except EngineError as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 2
    if args.json:
        print_json(answer)
    else:
        print(render_text(answer, args.lang, only=getattr(args, "category", None)))
    return 0


def cmd_explain(args) -> int:
    args.json = False
    args.jurisdiction = getattr(args, "jurisdiction", None)
    return cmd_check(args)
