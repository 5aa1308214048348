"""The `binggui` command line: lint, rules, check, explain, compare, coverage, conflicts, screen, diff, serve.

Exit codes: 0 success (whatever the household's statuses); 1 the policy files do not compile
(lint, or any command that needs the knowledge base); 2 bad usage or unreadable input (a
household that fails to parse or validate, an unknown jurisdiction).
"""
from __future__ import annotations

import argparse
import sys

from kb.cli import check, compare, conflicts, coverage, diff, lint, procedures, rules, screen, serve

# One module per command, in the order `binggui --help` lists them.
COMMANDS = (lint, rules, check, compare, coverage, procedures, conflicts, screen, diff, serve)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="binggui", description=__doc__.split("\n")[0],
                                     epilog=" ".join(__doc__.split("\n")[2:]).strip())
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_command(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:   # output piped into `head` and closed early: not an error
        sys.stderr.close()
        return 0
