"""The compiled knowledge base cached on disk, keyed by the hash of everything it is compiled from.

`binggui check` used to recompile every policy file on each call. The key is a SHA-256 over every
file under the folders compiled (path and bytes: policy files, parameters, documents, metadata,
versions), the compiler's own code (grammar/, kb/compile/, kb/core/: a changed compiler never
reads an old model), the Python version and the working directory (rules name their files
relative to it); so any edit to any of them is a new key, and the
cache never needs invalidating by hand.

Where: `$BINGGUI_CACHE_DIR` if set, else `$XDG_CACHE_HOME/binggui`, else `~/.cache/binggui`;
`BINGGUI_CACHE_DIR=off` disables the cache. Safe under concurrent use: each writer pickles to a
temporary file in the cache directory and `os.replace`s it into place, so a reader sees a whole
file or none. A file that does not load (truncated, corrupt, from another version) is ignored and
rebuilt. A knowledge base with errors is never cached: the errors are raised every time. The
cache is a pickle, read only from the user's own cache directory (created 0700).
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

from kb.compile.paths import POLICY_DIR
from kb.core.model import RuleBase

_FORMAT = b"binggui-rulebase-cache-1"
_CODE_ROOT = Path(__file__).resolve().parents[2]
_CODE_DIRS = ("grammar", "kb/compile", "kb/core")
_LOG = logging.getLogger("kb.cache")


def cache_dir() -> Path | None:
    """The cache directory in force (None when disabled)."""
    configured = os.environ.get("BINGGUI_CACHE_DIR")
    if configured:
        return None if configured.lower() == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "binggui"


def cache_key(paths: list[Path] | None = None) -> str:
    digest = hashlib.sha256(_FORMAT)
    digest.update(sys.version.encode())
    digest.update(str(Path.cwd()).encode())     # rules name their files relative to it

    def add(path: Path) -> None:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")

    for root in sorted(Path(p).resolve() for p in (paths or [POLICY_DIR])):
        files = [root] if root.is_file() else sorted(f for f in root.rglob("*")
                                                     if f.is_file() and "__pycache__" not in f.parts)
        for file in files:
            add(file)
    for sub in _CODE_DIRS:
        for code in sorted((_CODE_ROOT / sub).glob("*")):
            if code.suffix in (".py", ".lark"):
                add(code)
    return digest.hexdigest()


def compile_paths(paths: list[Path] | None = None) -> RuleBase:
    """kb.compile.compiler.compile_paths, imported on a miss only: the compiler brings the parser
    (lark), which reading the cache does not need."""
    from kb.compile.compiler import compile_paths as compile_
    return compile_(paths)


def cached_rulebase(paths: list[Path] | None = None) -> RuleBase:
    """compile_paths(paths), from the cache when the same sources were compiled before."""
    directory = cache_dir()
    if directory is None:
        return compile_paths(paths)
    file = directory / f"rulebase-{cache_key(paths)}.pickle"
    rulebase = _load(file)
    if rulebase is None:
        rulebase = compile_paths(paths)     # PolicyErrors propagate, nothing is written
        _store(file, rulebase)
    return rulebase


def _load(file: Path) -> RuleBase | None:
    try:
        with open(file, "rb") as f:
            rulebase = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:          # truncated, corrupt, or from other code: rebuild
        _LOG.info("ignoring unreadable knowledge-base cache %s", file, exc_info=True)
        return None
    return rulebase if isinstance(rulebase, RuleBase) else None


def _store(file: Path, rulebase: RuleBase) -> None:
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=file.name + ".", suffix=".tmp", dir=file.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(rulebase, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:            # a read-only or full disk: work without the cache
        _LOG.info("cannot write the knowledge-base cache %s", file, exc_info=True)
