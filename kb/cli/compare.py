"""`binggui compare FILE [--plot out.svg] [--json] [--lang zh|en]`: one household under every
jurisdiction, side by side; `--plot` draws its per-capita income on each jurisdiction's ladder of
thresholds (kb.explain.ladder)."""
from __future__ import annotations

import sys
from pathlib import Path

from kb.cli.common import load_rulebase_or_exit, print_json, read_household_file, unknown_jurisdiction
from kb.engine import compare
from kb.explain.ladder import ladder_svg
from kb.explain.words import Words


def cmd_compare(args) -> int:
    household = read_household_file(args.file, None)
    rb = load_rulebase_or_exit()
    if any(unknown_jurisdiction(rb, j) for j in args.jurisdictions or []):    # the first one named
        return 2
    lang = args.lang or "zh"
    # the table and the picture are told in `lang`; the JSON carries prose only in the language asked
    result = compare(household, rb, args.jurisdictions or None,
                     texts=(args.lang,) if args.lang else () if args.json else (lang,))
    if args.plot:
        try:
            Path(args.plot).write_text(ladder_svg(rb, result["jurisdictions"], lang), encoding="utf-8")
        except OSError as err:
            print(f"{args.plot}: cannot write: {err.strerror}", file=sys.stderr)
            return 2
    if args.json:
        print_json(result)
        return 0
    order = result["compared"]
    words = {jid: Words(result["jurisdictions"][jid], lang) for jid in order}
    first = words[order[0]]
    print("\t".join([""] + [w.jurisdiction_name() for w in words.values()]))
    for cid in dict.fromkeys(c.id for a in result["jurisdictions"].values() for c in a.categories):
        cells = []
        for jid in order:
            cat = next((c for c in result["jurisdictions"][jid].categories if c.id == cid), None)
            cells.append(words[jid].status(cat.status) if cat else "—")
        print("\t".join([first.category(cid)] + cells))
    if args.plot:
        print(("图已写入 " if lang == "zh" else "picture written to ") + args.plot, file=sys.stderr)
    return 0


def add_command(sub) -> None:
    p = sub.add_parser("compare", help="one household under every jurisdiction, side by side")
    p.add_argument("file")
    p.add_argument("--jurisdictions", type=lambda s: [j.strip() for j in s.split(",") if j.strip()],
                   help="comma-separated subset (default: all encoded)")
    p.add_argument("--plot", metavar="OUT.svg", help="draw the per-capita income on each jurisdiction's thresholds")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="the language of the table (default zh); with --json: the answers' prose in it (none without)")
    p.set_defaults(func=cmd_compare)
