"""A plain stderr progress bar for `binggui screen` (households done / total): redrawn in place on
a terminal, one line per tenth otherwise (so logs stay short)."""
from __future__ import annotations

import sys
import time


class Progress:
    """A plain stderr progress bar (households done / total)."""

    def __init__(self, total: int, label: str = "screening", stream=None, enabled: bool = True):
        self.total = max(total, 1)
        self.done = 0
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.start = time.perf_counter()
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._last_decile = -1

    def update(self, n: int) -> None:
        self.set(self.done + n)

    def set(self, done: int) -> None:
        self.done = min(self.total, max(self.done, done))
        self._draw()

    def _draw(self, final: bool = False) -> None:
        if not self.enabled:
            return
        frac = self.done / self.total
        elapsed = time.perf_counter() - self.start
        bar = "#" * int(frac * 30)
        text = f"{self.label} [{bar:<30}] {frac:4.0%} {self.done:,}/{self.total:,} households {elapsed:6.1f}s"
        if self.tty:
            self.stream.write("\r" + text + ("\n" if final else ""))
            self.stream.flush()
        else:
            decile = int(frac * 10)
            if decile != self._last_decile or final:
                self._last_decile = decile
                self.stream.write(text + "\n")

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()
