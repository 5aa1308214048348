"""The live examples of the OpenAPI document: a real answer and a real comparison for the example
household (server.examples) in the served rule base's first jurisdiction, computed when the
document is first asked for; an example that cannot be computed is left out, never invented."""
from __future__ import annotations

import copy
import logging

import msgspec

from . import examples

log = logging.getLogger(__name__)


def example_jurisdiction(rb) -> str:
    return next(iter(rb.jurisdictions), "")


def example_answers(rb, app) -> tuple[dict | None, dict | None]:
    """A real answer and comparison for the example household (None if it cannot be computed)."""
    try:
        import ingest

        from kb.engine import decide

        from kb.engine import compare
        jid = example_jurisdiction(rb)
        household = ingest.read_household(examples.turtle(jid).encode(), "text/turtle", jurisdictions=tuple(rb.jurisdictions))
        # the document holds the examples as JSON: the typed answers as the API writes them
        answer = msgspec.to_builtins(decide(household, rb, jid))
        from .eligibility import annotate
        comparison = msgspec.to_builtins(annotate(compare(household, rb)))
        return answer, _trim_comparison(comparison)
    except Exception as err:   # an example must never take the document down
        log.warning("openapi: no live example answer (%s: %s)", type(err).__name__, err)
        return None, None


def _trim_comparison(comparison: dict) -> dict:
    """Keep the example short: one full answer, the others' categories reduced to id/status."""
    out = copy.deepcopy(comparison)
    for i, (jid, answer) in enumerate(out["jurisdictions"].items()):
        if i:
            # an absent list is empty (docs/answer.md): the others' entries keep only id, label, status
            answer["categories"] = [{k: c[k] for k in ("id", "label", "status", "missing", "basis") if k in c}
                                    for c in answer["categories"]]
            answer.pop("benefits", None)
    return out

