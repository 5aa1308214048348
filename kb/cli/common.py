"""What every command shares: loading the rule base (exit 1 with every policy error) and reading
one household file (exit 2 with the located error)."""
from __future__ import annotations

import sys
from pathlib import Path

from grammar import PolicyErrors
from kb.compile.cache import cached_rulebase


def compile_rulebase(paths=None):
    """The given policy files/directories compiled, or the shipped knowledge base; from the
    on-disk cache when the sources are unchanged (kb.compile.cache)."""
    return cached_rulebase([Path(p) for p in paths] if paths else None)


def load_rulebase_or_exit(paths=None):
    try:
        return compile_rulebase(paths)
    except PolicyErrors as errs:
        print(errs, file=sys.stderr)
        sys.exit(1)


def unknown_jurisdiction(rulebase, jurisdiction: str | None) -> bool:
    """True (and the line said, naming the known ones) when `--jurisdiction` names none of the
    rule base's."""
    if jurisdiction is None or jurisdiction in rulebase.jurisdictions:
        return False
    print(f"unknown jurisdiction {jurisdiction!r}; known: {', '.join(sorted(rulebase.jurisdictions))}",
          file=sys.stderr)
    return True


def print_json(obj) -> None:
    """obj as indented JSON on stdout (kb.core.jsonout: typed answers as they are; the same text as
    json.dump(indent=2) of their JSON form)."""
    from kb.core.jsonout import dumps
    data = dumps(obj, indent=True) + b"\n"
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:          # a text-only stream (tests, redirect_stdout)
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def read_household_file(path: str, jurisdiction: str | None, jurisdictions=None):
    """The household of a file; `jurisdictions`: the rule base's ids, which bg:jurisdiction may take."""
    from ingest import DEFAULT_MAX_BYTES, IngestError, read_household   # rdflib: only the commands reading RDF
    if path.lower().endswith((".csv", ".parquet")):
        print(f"{path}: a table of households; this command reads one household as Turtle (.ttl) or "
              f"JSON-LD (.jsonld); `binggui screen {path}` screens a CSV or Parquet file "
              f"(`--explain ID` for one household's full answer)", file=sys.stderr)
        sys.exit(2)
    media = "text/turtle" if path.endswith((".ttl", ".turtle")) else "application/ld+json"
    try:
        with open(path, "rb") as f:
            data = f.read(DEFAULT_MAX_BYTES + 1)   # never more: `check /dev/zero` must end; ingest refuses it (413)
    except OSError as err:
        print(f"{path}: cannot read: {err.strerror or err}", file=sys.stderr)
        sys.exit(2)
    try:
        return read_household(data, media, jurisdiction=jurisdiction,
                              jurisdictions=tuple(jurisdictions) if jurisdictions is not None else None)
    except IngestError as err:
        print(f"{path}: {err.summary()}", file=sys.stderr)
        for v in getattr(err, "violations", []) or []:
            msg = v.get("message", {})
            where = v.get('location') or v.get('node')
            text = msg.get('en') if isinstance(msg, dict) else msg
            if text != err.message or where != err.location:   # not what the summary line said
                print(f"  {where or 'document'}: {text}", file=sys.stderr)
        sys.exit(2)
