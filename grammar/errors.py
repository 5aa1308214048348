"""Errors a policy author can act on: where (file:line:col), a caret under the spot, what was expected."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PolicyError(Exception):
    file: str
    line: int
    column: int
    message: str
    source_line: str = ""

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if not self.source_line:
            return head
        caret = " " * (max(self.column, 1) - 1) + "^"
        return f"{head}\n    {self.source_line}\n    {caret}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column,
                "message": self.message, "location": f"{self.file}:{self.line}:{self.column}"}


class PolicyErrors(Exception):
    """Every error found in one compile, sorted by place."""

    def __init__(self, errors: list[PolicyError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line, e.column, e.message))
        super().__init__("\n".join(str(e) for e in self.errors))
