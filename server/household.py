"""Read the household of a request: media type, size, then `ingest.read_household`."""
from __future__ import annotations

from flask import current_app, request

from .errors import ApiError

MEDIA_TYPES = ("text/turtle", "application/ld+json")
LANGS = ("zh", "en")


def media_type() -> str:
    mime = request.mimetype
    if mime not in MEDIA_TYPES:
        got = f"{request.content_type!r}" if request.content_type else "no Content-Type"
        hint = " (JSON-LD is application/ld+json)" if mime == "application/json" else ""
        raise ApiError(415, f"send the household as text/turtle or application/ld+json; got {got}{hint}",
                       "header:Content-Type")
    return mime


def body_bytes() -> bytes:
    data = request.get_data(cache=True)   # raises 413 past MAX_CONTENT_LENGTH
    if not data.strip():
        raise ApiError(400, "the request body is empty; send one household", "body", message="empty body")
    return data


def read_household(jurisdiction: str | None = None):
    """The household of the request body (kb.facts.Household), or an ApiError with its status."""
    import ingest
    mime = media_type()
    data = body_bytes()
    try:
        return ingest.read_household(data, mime, jurisdiction=jurisdiction, max_bytes=_max_bytes())
    except ingest.IngestError as err:
        raise _api_error(err) from None


def _max_bytes() -> int:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return int(limit) if limit else 1024 * 1024


def _api_error(err) -> ApiError:
    status = int(getattr(err, "status", 400) or 400)
    if status not in (400, 413, 415, 422):
        status = 400
    violations = list(getattr(err, "violations", None) or [])
    location = getattr(err, "location", None) or ""
    if not location and violations:
        first = violations[0]
        location = first.get("location") or first.get("node") or ""
    if not location:
        location = {415: "header:Content-Type"}.get(status, "body")
    extra = {"violations": violations} if status == 422 or violations else {}
    description = str(err) or "the household could not be read"
    message = {400: "malformed household"}.get(status)
    return ApiError(status, description, location, message=message, **extra)


def query_lang() -> str | None:
    lang = request.args.get("lang")
    if lang is None or lang == "":
        return None
    if lang not in LANGS:
        raise ApiError(400, f"lang must be one of {', '.join(LANGS)}; got {lang!r}", "query:lang",
                       message="bad query parameter")
    return lang


def query_jurisdiction(rulebase) -> str | None:
    jid = request.args.get("jurisdiction")
    if jid is None or jid == "":
        return None
    if jid not in rulebase.jurisdictions:
        raise ApiError(400, unknown_jurisdiction(jid, rulebase), "query:jurisdiction", message="bad query parameter")
    return jid


def unknown_jurisdiction(jid: str, rulebase) -> str:
    from kb.compiler import JURISDICTIONS
    known = ", ".join(sorted(rulebase.jurisdictions))
    if jid in JURISDICTIONS:
        return f"jurisdiction {jid!r} is not encoded in this rule base; encoded: {known}"
    return f"unknown jurisdiction {jid!r}; known: {known}"
