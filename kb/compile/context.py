"""Where the compiler's errors are collected: every located error of a run (file:line:col and the
source line for the caret), not just the first, and the "did you mean" hint they share."""
from __future__ import annotations

import difflib
from pathlib import Path

from grammar import PolicyError, ast
from kb.compile.folders import display

__all__ = ["Context", "did_you_mean", "display"]


class Context:
    """Collects errors with the source line for the caret."""

    def __init__(self):
        self.errors: list[PolicyError] = []
        self._lines: dict[str, list[str]] = {}

    def add(self, error: PolicyError) -> None:
        """An error about a whole file (unreadable, binary): no source line to show."""
        self._lines.setdefault(error.file, [])
        self.errors.append(error)

    def error(self, pos: ast.Pos, message: str) -> None:
        if pos.file not in self._lines:
            try:
                self._lines[pos.file] = Path(pos.file).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._lines[pos.file] = []
        lines = self._lines[pos.file]
        source = lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""
        self.errors.append(PolicyError(pos.file, pos.line, pos.column, message, source))


def did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
