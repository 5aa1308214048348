"""The architecture holds: the import-linter contracts of pyproject.toml are kept, no module of
ours imports another in a cycle, and no import of our own modules is guarded."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("grammar", "kb", "ingest", "server")


def test_import_linter_contracts_are_kept():
    proc = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout and "KEPT" in proc.stdout


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in graph.modules:
                    continue
                if child not in index:
                    index[child] = low[child] = counter[0]; counter[0] += 1
                    stack.append(child); on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    scc = []
                    while True:
                        m = stack.pop(); on_stack.discard(m); scc.append(m)
                        if m == node:
                            break
                    if len(scc) > 1:
                        out.append(sorted(scc))
    return out


def _package_parents(modules):
    """A package's __init__ importing its own submodules is how Python packages work, not a cycle."""
    return {m for m in modules if any(o.startswith(m + ".") for o in modules)}


def test_no_import_cycles_between_modules():
    graph = grimp.build_graph(*PACKAGES)
    packages = _package_parents(graph.modules)
    cycles = [c for c in _cycles(graph) if not any(m in packages for m in c)]
    assert not cycles, f"import cycles: {cycles}"


def _guarded_imports(text: str) -> list[int]:
    """Line numbers of `try:` blocks that import one of our packages and catch ImportError."""
    lines = text.split("\n")
    ours = re.compile(rf"^\s*(?:from (?:\.|(?:{'|'.join(PACKAGES)})\b)|import (?:{'|'.join(PACKAGES)})\b)")
    found = []
    for i, line in enumerate(lines):
        if line.strip() != "try:":
            continue
        indent = len(line) - len(line.lstrip())
        body, j = [], i + 1
        while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
            body.append(lines[j]); j += 1
        handler = lines[j].strip() if j < len(lines) else ""
        if handler.startswith("except") and ("ImportError" in handler or "ModuleNotFoundError" in handler):
            if any(ours.match(b) for b in body):
                found.append(i + 1)
    return found


def test_no_import_of_our_own_modules_is_guarded():
    guarded = [f"{path.relative_to(ROOT)}:{n}" for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
               for n in _guarded_imports(path.read_text(encoding="utf-8"))]
    assert not guarded, f"imports of our own modules guarded by except ImportError: {guarded}"


def test_the_guard_finder_finds_a_guard():
    sample = "try:\n    from kb.engine import decide\nexcept ImportError:\n    decide = None\n"
    assert _guarded_imports(sample) == [1]
    assert _guarded_imports("try:\n    import yaml\nexcept ImportError:\n    yaml = None\n") == []
