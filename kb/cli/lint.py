"""`binggui lint`: compile policy files and print every error."""
from __future__ import annotations

import sys
from pathlib import Path

from grammar import PolicyErrors
from kb.cli.common import compile_rulebase


def add_command(sub) -> None:
    p = sub.add_parser("lint", help="compile policy files and print every error")
    p.add_argument("paths", nargs="*", help="policy files or folders, compiled on their own; a deployer's folder "
                                           "of parameter overrides is checked against the jurisdictions it "
                                           "overrides (default: the shipped knowledge base)")
    p.set_defaults(func=cmd_lint)


def cmd_lint(args) -> int:
    from kb.compile.compiler import lint_paths    # the compiler (and lark) only for this command
    try:
        rb = lint_paths([Path(p) for p in args.paths]) if args.paths else compile_rulebase()
    except PolicyErrors as errs:
        for e in errs.errors:
            print(e, file=sys.stdout)
            print()
        print(f"{len(errs.errors)} error(s)")
        return 1
    n = sum(len(j.rules) for j in rb.jurisdictions.values())
    versions = sum(len(v) for v in rb.versions.values())
    print(f"ok: {len(rb.jurisdictions)} jurisdiction(s) ({', '.join(rb.jurisdictions)}), {versions} document "
          f"version(s), {n} rules, version {rb.version}")
    return 0
