"""Comparing ingest's SHACL validation with pySHACL's (imported as `shacl_oracle` by the ingest tests)."""
from __future__ import annotations

from rdflib import BNode

from ingest import shacl


def canonical(results) -> list[tuple]:
    """Results in a comparable form: every field, blank-node paths and shapes (nodes of the
    shapes graph, labelled differently by each engine) by their kind only."""
    def node(n):
        return "_:shapes-graph-node" if isinstance(n, BNode) else str(n)
    return sorted((str(r.focus), node(r.path) if r.path is not None else None, str(r.value),
                   node(r.shape), str(r.component), sorted(r.messages.items())) for r in results)


def differences(graph, jurisdictions=None) -> tuple[list, list] | None:
    """(oracle only, ingest only) if `shacl.validate` and pySHACL disagree on graph, else None."""
    key = None if jurisdictions is None else tuple(jurisdictions)
    expected = canonical(shacl.validate_with_pyshacl(graph, key))
    got = canonical(shacl.validate(graph, key))
    if expected == got:
        return None
    return [r for r in expected if r not in got], [r for r in got if r not in expected]
