"""GET /api/v1/conflicts: static cross-rule conflicts, from kb.analysis.conflicts.find_conflicts when it exists.

Nothing is invented here: without kb.analysis.conflicts the list is empty and `available` is false.
The analysis depends only on the rule base and the code that analyses it, and takes from ten
seconds to a minute, so it runs once per rule-base version: its result is kept on disk
(`CONFLICTS_CACHE_DIR`, default `$XDG_CACHE_HOME/binggui` or `~/.cache/binggui`) under a key
of the rule-base version and a hash of the kb package's code, and `binggui serve` starts it
in the background at start-up (`warm`). Concurrent first requests wait for the same run.
Filters: `?kind=` (overlap, contradiction, boundary_mismatch, gap) and `?jurisdiction=`.
With `?lang=zh|en` each finding carries `text` (title, summary, witness, answers) and the list a
`text` header, in the glossary's words (kb.explain.conflict_words, the same texts
`binggui conflicts` prints).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request

from kb.analysis.conflicts import find_conflicts
from kb.analysis.conflicts.labels import reference_date
from kb.explain.conflict_words import conflict_text, conflicts_header
from kb.explain.words import remember_places

from . import API_PREFIX, rulebase
from .errors import ApiError
from .household import query_jurisdiction, query_lang

bp = Blueprint("conflicts", __name__, url_prefix=API_PREFIX)
_LOCK = threading.Lock()
log = logging.getLogger(__name__)
KINDS = ("overlap", "contradiction", "boundary_mismatch", "gap")


@bp.get("/conflicts")
def list_conflicts():
    rb = rulebase()
    kind = request.args.get("kind")
    lang = query_lang()
    if kind is not None and kind not in KINDS:
        raise ApiError(400, f"kind must be one of {', '.join(KINDS)}; got {kind!r}", "query:kind",
                       message="bad query parameter")
    jid = query_jurisdiction(rb)
    result = conflicts_of(current_app)
    if result["available"] and (kind or jid):
        found = [c for c in result["conflicts"]
                 if (kind is None or c.get("kind") == kind) and (jid is None or jid in c.get("jurisdictions", []))]
        result = {**result, "conflicts": found}
    if result["available"]:
        result = {**result, "count": len(result["conflicts"]),
                  "counts": {k: sum(1 for c in result["conflicts"] if c.get("kind") == k) for k in KINDS}}
    if result["available"] and lang:
        remember_places(rb)
        result = {**result, "text": conflicts_header(rb.version, reference_date(rb).isoformat(), result["counts"], lang),
                  "conflicts": [{**c, "text": conflict_text(c, lang)} for c in result["conflicts"]]}
    return jsonify({"rulebase": {"version": rb.version}, **result})


def conflicts_of(app) -> dict:
    """The app's conflict findings: computed once, read from the disk cache when it has them."""
    state = app.extensions["binggui"]
    with _LOCK:
        if "conflicts" not in state:
            rb = state["rulebase"]
            cache = _cache_file(app, rb)
            state["conflicts"] = _read_cache(cache)
            if state["conflicts"] is None:
                state["conflicts"] = _find(rb)
                if state["conflicts"]["available"]:
                    _write_cache(cache, state["conflicts"])
    return state["conflicts"]


def warm(app) -> threading.Thread:
    """Compute (or load) the findings in a background thread, so the first request does not wait."""
    def run():
        try:
            conflicts_of(app)
        except Exception:   # the request will retry and answer with the error; never kill the server
            log.exception("conflicts: warming up failed")
    thread = threading.Thread(target=run, name="binggui-conflicts-warm-up", daemon=True)
    thread.start()
    return thread


def _code_hash() -> str:
    """A hash of the kb package's Python files: findings are confirmed by the engine, so a change
    of code as well as of rules makes new ones."""
    import kb
    digest = hashlib.sha256()
    root = Path(kb.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_file(app, rb) -> Path:
    folder = app.config.get("CONFLICTS_CACHE_DIR") or (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "binggui")
    jurisdictions = hashlib.sha256(",".join(sorted(rb.jurisdictions)).encode()).hexdigest()[:8]
    return Path(folder) / f"conflicts-{rb.version}-{jurisdictions}-{_code_hash()}.json"


def _read_cache(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("available") is True else None


def _write_cache(path: Path, result: dict) -> None:
    """Written to a temporary file and renamed: a concurrent reader sees all of it or nothing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".conflicts-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError as err:   # a read-only home: the findings stay in memory only
        log.warning("conflicts: cannot keep the findings in %s: %s", path.parent, err)


def _find(rb) -> dict:
    return {"available": True, "conflicts": list(find_conflicts(rb))}
