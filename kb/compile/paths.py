"""Where the shipped knowledge base lives (a module of its own, so the knowledge-base cache can
name it without importing the compiler)."""
from __future__ import annotations

from pathlib import Path

KB_DIR = Path(__file__).resolve().parents[1]
POLICY_DIR = KB_DIR / "policies"
