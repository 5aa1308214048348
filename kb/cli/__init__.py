"""The `binggui` command line: lint, rules, check, explain, coverage, conflicts, screen, serve.

Exit codes: 0 success (whatever the household's statuses); 1 the policy files do not compile
(lint, or any command that needs the knowledge base); 2 bad usage or unreadable input (a
household that fails to parse or validate, an unknown jurisdiction).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from grammar import PolicyErrors


def _rulebase(paths=None):
    from kb.compile.compiler import compile_paths
    return compile_paths([Path(p) for p in paths] if paths else None)


def cmd_lint(args) -> int:
    try:
        rb = _rulebase(args.paths)
    except PolicyErrors as errs:
        for e in errs.errors:
            print(e, file=sys.stdout)
            print()
        print(f"{len(errs.errors)} error(s)")
        return 1
    n = sum(len(j.rules) for j in rb.jurisdictions.values())
    print(f"ok: {len(rb.jurisdictions)} jurisdiction(s), {n} rules, version {rb.version}")
    return 0


def cmd_rules(args) -> int:
    rb = _load_or_exit(args.paths)
    rules = [r.as_dict() for r in rb.all_rules() if not args.jurisdiction or r.jurisdiction == args.jurisdiction]
    if args.json:
        json.dump({"version": rb.version, "rules": rules}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for r in rules:
            clause = r["clauses"][0] if r["clauses"] else {}
            print(f"{r['id']:40} {clause.get('section', ''):16} {clause.get('quote', '')[:60]}")
    return 0


def _load_or_exit(paths=None):
    try:
        return _rulebase(paths)
    except PolicyErrors as errs:
        print(errs, file=sys.stderr)
        sys.exit(1)


def _read_household_file(path: str, jurisdiction: str | None):
    from ingest import IngestError, read_household
    media = "text/turtle" if path.endswith((".ttl", ".turtle")) else "application/ld+json"
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        print(f"{path}: cannot read: {err.strerror}", file=sys.stderr)
        sys.exit(2)
    try:
        return read_household(data, media, jurisdiction=jurisdiction)
    except IngestError as err:
        print(f"{path}: {err}", file=sys.stderr)
        for v in getattr(err, "violations", []) or []:
            msg = v.get("message", {})
            print(f"  {v.get('location') or v.get('node')}: {msg.get('en') if isinstance(msg, dict) else msg}",
                  file=sys.stderr)
        sys.exit(2)


def cmd_check(args) -> int:
    from kb.engine import EngineError, decide
    from kb.explain.text import render_text
    household = _read_household_file(args.file, args.jurisdiction)
    try:
        answer = decide(household, _load_or_exit(), args.jurisdiction)
    except EngineError as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(answer, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_text(answer, args.lang, only=getattr(args, "category", None)))
    return 0


def cmd_explain(args) -> int:
    args.json = False
    args.jurisdiction = getattr(args, "jurisdiction", None)
    return cmd_check(args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="binggui", description=__doc__.split("\n")[0],
                                     epilog=" ".join(__doc__.split("\n")[2:]).strip())
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("lint", help="compile policy files and print every error")
    p.add_argument("paths", nargs="*", help="policy files or directories (default: the shipped knowledge base)")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("rules", help="print the compiled rules with their citations")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--jurisdiction")
    p.set_defaults(func=cmd_rules)

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

    _optional_commands(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:   # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0


def _optional_commands(sub) -> None:
    """Commands whose modules live elsewhere (coverage, conflicts, screen, serve)."""
    import importlib
    for module in ("kb.analysis.coverage", "kb.analysis.procedures", "kb.analysis.conflicts", "kb.batch.screen", "server.serve"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            continue
        mod.add_command(sub)


if __name__ == "__main__":
    sys.exit(main())
