"""`binggui check` and `binggui explain`: one household file decided, as text or JSON."""
from __future__ import annotations

import json
import sys

from kb.cli.common import load_rulebase_or_exit, read_household_file
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
    household = read_household_file(args.file, args.jurisdiction)
    try:
        answer = decide(household, load_rulebase_or_exit(), args.jurisdiction)
    except EngineError as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 2
    only = getattr(args, "category", None)
    known = [c["id"] for c in answer["categories"]]
    if only is not None and only not in known:
        print(f"binggui explain: unknown category {only!r} for {answer['jurisdiction']}; one of {', '.join(known)}",
              file=sys.stderr)
        return 2
    if args.json:
        json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_text(answer, args.lang, only=only))
    return 0


def cmd_explain(args) -> int:
    args.json = False
    args.jurisdiction = getattr(args, "jurisdiction", None)
    return cmd_check(args)
