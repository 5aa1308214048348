"""The predicates of a jurisdiction in dependency order (strata), refusing negation through
recursion with the cycle it goes through."""
from __future__ import annotations


def stratify(deps, predicates, ctx) -> list[list[str]]:
    """Tarjan SCCs in dependency order; an SCC with a negative edge inside is unstratified."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    order: list[list[str]] = []
    counter = [0]
    nodes = sorted(set(predicates) | set(deps) | {d for ds in deps.values() for d, _, _ in ds})

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w, _, _ in sorted(deps.get(v, ()), key=lambda d: d[0]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.append(w)
                if w == v:
                    break
            order.append(sorted(scc))

    import sys
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for node in nodes:
        if node not in index:
            visit(node)
    for scc in order:
        members = set(scc)
        for head in scc:
            for dep, negated, pos in sorted(deps.get(head, ()), key=lambda d: (d[0], d[2].line)):
                if negated and dep in members:
                    cycle = _cycle(deps, dep, head, members) + [dep]
                    ctx.error(pos, "negation through recursion (unstratified): " + " -> ".join(cycle)
                              + f"; {head} depends on `not {dep}`")
    return order


def _cycle(deps, start: str, goal: str, members: set[str]) -> list[str]:
    """A dependency path start -> … -> goal inside one SCC, for the error message."""
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        if path[-1] == goal:
            return path
        for nxt, _, _ in sorted(deps.get(path[-1], ()), key=lambda d: d[0]):
            if nxt in members and nxt not in seen:
                seen.add(nxt)
                paths.append(path + [nxt])
    return [start, goal]
