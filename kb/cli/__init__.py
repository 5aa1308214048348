"""The `binggui` command line: lint, rules, check, explain, compare, coverage, conflicts, screen, diff, serve.

Exit codes: 0 success (whatever the household's statuses); 1 the policy files do not compile
(lint, or any command that needs the knowledge base); 2 bad usage or unreadable input (a
household that fails to parse or validate, an unknown jurisdiction).
"""
from __future__ import annotations

import argparse
import importlib
import sys

# One module per command, in the order `binggui --help` lists them; each module adds its
# subcommands (check adds check and explain).
COMMANDS = ("lint", "rules", "check", "compare", "coverage", "procedures", "conflicts", "screen", "diff", "serve")
MODULE_OF = {**{name: name for name in COMMANDS}, "explain": "check"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="binggui", description=__doc__.split("\n")[0],
                                     epilog=" ".join(__doc__.split("\n")[2:]).strip())
    sub = parser.add_subparsers(dest="command", required=True)
    args_in = sys.argv[1:] if argv is None else list(argv)
    # only the named command's module is imported (`binggui screen` need not load rdflib, Flask
    # and pyDatalog); without a known command name (`binggui --help`, a typo) every command is
    # registered, so the overview and argparse's own errors list them all
    chosen = MODULE_OF.get(args_in[0]) if args_in else None
    for name in (chosen,) if chosen else COMMANDS:
        importlib.import_module(f"kb.cli.{name}").add_command(sub)
    args = parser.parse_args(args_in)
    try:
        return args.func(args)
    except BrokenPipeError:   # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
