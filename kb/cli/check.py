"""`binggui check` and `binggui explain`: one household file decided, as text or JSON."""
from __future__ import annotations

import sys
from pathlib import Path

from kb.cli.common import load_rulebase_or_exit, print_json, read_household_file
from kb.engine import EngineError, decide
from kb.explain.notice import render_notice
from kb.explain.printing import PrintError, html_to_pdf
from kb.explain.text import render_text
from kb.explain.types import Answer


def add_command(sub) -> None:
    p = sub.add_parser("check", help="decide every category for one household file (Turtle or JSON-LD)")
    p.add_argument("file")
    p.add_argument("--jurisdiction")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh", "en"],
                   help="the language of the text (default zh); with --json: the answer's prose in it (none without)")
    p.add_argument("--notice", metavar="FILE.html|pdf", help="also write the printable one-page notice")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("explain", help="explain one category for one household file")
    p.add_argument("file")
    p.add_argument("category")
    p.add_argument("--jurisdiction")
    p.add_argument("--lang", choices=["zh", "en"], help="the language of the text (default zh)")
    p.set_defaults(func=cmd_explain)


def cmd_check(args) -> int:
    rulebase = load_rulebase_or_exit()
    household = read_household_file(args.file, args.jurisdiction, rulebase.jurisdictions)
    lang = args.lang or "zh"
    # the text and the notice are told in `lang`; the JSON carries prose only in the language asked
    texts = (lang,) if args.lang or not args.json or getattr(args, "notice", None) else ()
    try:
        answer = decide(household, rulebase, args.jurisdiction, only=getattr(args, "category", None), texts=texts)
        if args.json and texts and not args.lang:     # --json --notice: the notice's zh, not the JSON's
            json_answer = decide(household, rulebase, args.jurisdiction)
        else:
            json_answer = answer
    except EngineError as err:
        print(f"{args.file}: {err}", file=sys.stderr)
        return 2
    only = getattr(args, "category", None)
    known = [c.id for c in answer.categories]
    if only is not None and only not in known:
        print(f"binggui explain: unknown category {only!r} for {answer.jurisdiction}; one of {', '.join(known)}",
              file=sys.stderr)
        return 2
    if getattr(args, "notice", None):
        code = write_notice(answer, args.notice, lang)
        if code:
            return code
    if args.json:
        print_json(json_answer)
    else:
        print(render_text(answer, lang, only=only))
    return 0


def write_notice(answer: Answer, path: str, lang: str) -> int:
    """The household's printable notice, as HTML or (by headless Chromium) PDF, by the file's suffix."""
    html = render_notice(answer, lang)
    try:
        if path.lower().endswith(".pdf"):
            html_to_pdf(html, Path(path))
        elif path.lower().endswith((".html", ".htm")):
            Path(path).write_text(html, encoding="utf-8")
        else:
            print(f"{path}: the notice is written as .html or .pdf", file=sys.stderr)
            return 2
    except PrintError as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"{path}: cannot write: {err.strerror}", file=sys.stderr)
        return 2
    return 0


def cmd_explain(args) -> int:
    args.json = False
    args.jurisdiction = getattr(args, "jurisdiction", None)
    return cmd_check(args)
