"""`binggui lint`: compile policy files and print every error."""
from __future__ import annotations

import sys

from grammar import PolicyErrors
from kb.cli.common import compile_rulebase


def add_command(sub) -> None:
    p = sub.add_parser("lint", help="compile policy files and print every error")
    p.add_argument("paths", nargs="*", help="policy files or directories (default: the shipped knowledge base)")
    p.set_defaults(func=cmd_lint)


def cmd_lint(args) -> int:
    try:
        rb = compile_rulebase(args.paths)
    except PolicyErrors as errs:
        for e in errs.errors:
            print(e, file=sys.stdout)
            print()
        print(f"{len(errs.errors)} error(s)")
        return 1
    n = sum(len(j.rules) for j in rb.jurisdictions.values())
    print(f"ok: {len(rb.jurisdictions)} jurisdiction(s), {n} rules, version {rb.version}")
    return 0
