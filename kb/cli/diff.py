"""`binggui diff ID VERSION_A VERSION_B`: what a new version of a jurisdiction's document changes.

Without `--household`: the rules added, removed and changed (conditions, values, clauses), each
with its clauses. With `--household FILE`: how that household's answer changes (statuses,
benefits, and the deciding rules and conditions under each version).
Exit codes: 0 done; 1 the knowledge base does not compile; 2 unknown jurisdiction or version, or
an unreadable household.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from kb.cli.common import read_household_file


def add_command(subparsers) -> None:
    p = subparsers.add_parser("diff", help="rules (or one household's answer) that change between two versions "
                                           "of a jurisdiction's document")
    p.add_argument("jurisdiction", metavar="ID")
    p.add_argument("version_a", metavar="VERSION_A")
    p.add_argument("version_b", metavar="VERSION_B")
    p.add_argument("--household", metavar="FILE", help="a household (Turtle or JSON-LD) to decide under both")
    p.add_argument("--policies", action="append", default=[], metavar="DIR",
                   help="a deployer's folder added to the shipped knowledge base (as for `binggui serve`)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_diff)


def cmd_diff(args) -> int:
    from grammar import PolicyErrors
    from kb.analysis.versions import answer_diff, render_rule_diff, rule_diff
    from kb.compile.compiler import compile_paths
    try:
        rb = compile_paths(None, [Path(p) for p in args.policies])
    except PolicyErrors as errs:
        print(errs, file=sys.stderr)
        return 1
    jid = args.jurisdiction
    if jid not in rb.versions:
        print(f"binggui diff: unknown jurisdiction {jid!r}; known: {', '.join(rb.jurisdictions)}", file=sys.stderr)
        return 2
    by_name = {j.version_id: j for j in rb.versions[jid]}
    for name in (args.version_a, args.version_b):
        if name not in by_name:
            print(f"binggui diff: {jid} has no version {name!r}; its versions: {', '.join(map(str, by_name))}",
                  file=sys.stderr)
            return 2
    if args.household:
        household = read_household_file(args.household, None, rb.jurisdictions)
        result = answer_diff(household, rb, jid, args.version_a, args.version_b)
        if args.json:
            _dump(result)
        else:
            print(render_answer_diff(result))
        return 0
    result = rule_diff(by_name[args.version_a], by_name[args.version_b])
    if args.json:
        _dump(result)
    else:
        print(render_rule_diff(result))
    return 0


def render_answer_diff(diff: dict) -> str:
    a, b = diff["from"], diff["to"]
    lines = [f"{diff['household']} ({diff['jurisdiction']}, assessed {diff['assessment_date']}): "
             f"{a['version']} ({a['status']}) -> {b['version']} ({b['status']})"]
    for kind in ("categories", "benefits"):
        for row in diff[kind]:
            value = (f" {row.get('from_value')} -> {row.get('to_value')}"
                     if kind == "benefits" and row.get("from_value") != row.get("to_value") else "")
            mark = "~" if row["changed"] else " "
            lines.append(f"{mark} {row['id']}: {row['from'] or '-'} -> {row['to'] or '-'}{value}")
            for side in ("from", "to") if row["changed"] else ():
                for d in row["deciding"][side]:
                    tests = ", ".join(_condition_text(c) for c in d["conditions"])
                    lines.append(f"    {side:>4}: {d['rule']} §{d['section']} 「{d['quote']}」 {tests}")
    lines.append("the answer changes" if diff["changed"] else "the answer is the same under both versions")
    return "\n".join(lines)


def _condition_text(c: dict) -> str:
    if "test" in c:
        value = f" = {c['value']}" if c.get("value") is not None else ""
        return f"{c.get('fact', '')}{value} {c['test']}".strip()
    return str(c.get("condition", ""))


def _dump(result: dict) -> None:
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    print()
