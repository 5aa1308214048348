"""Household RDF in, typed facts out: vocabulary, SHACL shapes, JSON-LD context, reader.

    from ingest import read_household, read_households, IngestError
    household = read_household(body, "text/turtle")            # -> kb.core.facts.Household
    households = read_households(body, "application/ld+json")  # -> list, document order

Every refusal is an `IngestError` with `.status` (400, 413, 415, 422) and located, bilingual
`.violations`. The vocabulary, shapes and context ship as vocabulary.ttl, shapes.ttl and
context.jsonld beside this file; the context's published address is `CONTEXT_URL` (served
from the local file, never fetched).
"""
from .errors import IngestError
from .reader import read_household, read_households
from .source import DEFAULT_MAX_BYTES
from .terms import CONTEXT_URL

__all__ = ["read_household", "read_households", "IngestError", "CONTEXT_URL", "DEFAULT_MAX_BYTES"]
