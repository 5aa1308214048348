"""Read the household of a request: media type, size, then `ingest.read_household`; and the
slots that bound how many household requests do their expensive work at once."""
from __future__ import annotations

import re
import threading

from flask import current_app, request

from .errors import ApiError

# What ingest reads: Turtle, JSON-LD, and plain JSON read as JSON-LD with the shipped @context.
MEDIA_TYPES = ("text/turtle", "application/x-turtle", "application/ld+json", "application/json")
LANGS = ("zh", "en")


# Requests that read a household (parse, shapes, engine: CPU-bound under one interpreter lock).
HOUSEHOLD_PATHS = ("/api/v1/eligibility", "/api/v1/compare", "/ui/household-form")


def register_slots(app) -> None:
    """At most HOUSEHOLD_SLOTS household requests work at once; the others wait (blocked, not
    holding the interpreter lock) before reading their body. CPU-bound threads beyond the cores
    add no throughput, and fewer of them leave the lock to /health and the read endpoints, so a
    burst of heavy households cannot stall the server."""
    slots = threading.BoundedSemaphore(int(app.config["HOUSEHOLD_SLOTS"]))
    taken = threading.local()

    @app.before_request
    def _take_slot():
        if request.method == "POST" and request.path in HOUSEHOLD_PATHS:
            slots.acquire()
            taken.held = True

    @app.teardown_request
    def _give_slot(_exc=None):
        if getattr(taken, "held", False):
            taken.held = False
            slots.release()


def media_type() -> str:
    mime = request.mimetype
    if mime not in MEDIA_TYPES:
        got = f"{request.content_type!r}" if request.content_type else "no Content-Type"
        raise ApiError(415, f"send the household as text/turtle or application/ld+json; got {got}",
                       "header:Content-Type", description_zh=f"请以 text/turtle 或 application/ld+json 提交家庭信息；收到 {got}")
    return request.content_type   # with its parameters: ingest checks the charset


def body_bytes() -> bytes:
    data = request.get_data(cache=True)   # raises 413 past MAX_CONTENT_LENGTH
    if not data.strip():
        raise ApiError(400, "the request body is empty; send one household", "body", message="empty body")
    return data


def read_household(jurisdiction: str | None = None):
    """The household of the request body (kb.core.facts.Household), or an ApiError with its status."""
    import ingest
    mime = media_type()
    data = body_bytes()
    try:
        return ingest.read_household(data, mime, jurisdiction=jurisdiction, max_bytes=_max_bytes(),
                                     max_members=current_app.config["MAX_MEMBERS"],
                                     max_income_items=current_app.config["MAX_INCOME_ITEMS"],
                                     jurisdictions=tuple(_served_jurisdictions()))
    except ingest.IngestError as err:
        raise _api_error(err) from None


def _served_jurisdictions():
    from . import rulebase
    return rulebase().jurisdictions


def _max_bytes() -> int:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return int(limit) if limit else 1024 * 1024


def _api_error(err) -> ApiError:
    """IngestError -> ApiError: same status, its violations, its location in the API's form."""
    status = int(getattr(err, "status", 400) or 400)
    if status not in (400, 413, 415, 422):
        status = 400
    violations = list(getattr(err, "violations", None) or [])
    location = api_location(getattr(err, "location", None) or "", status)
    if location in ("", "body") and violations:
        first = violations[0]
        location = api_location(first.get("location") or first.get("node") or "", status)
    summary = getattr(err, "message", None) or str(err) or "the household could not be read"
    first_en = (violations[0].get("message") or {}).get("en") if violations and isinstance(
        violations[0].get("message"), dict) else None
    description = summary if not first_en or first_en == summary else f"{summary}: {first_en}"
    extra = {"violations": violations} if status == 422 or violations else {}
    if getattr(err, "omitted", 0):
        extra["violations_omitted"] = err.omitted
    if getattr(err, "message_zh", None):
        extra["description_zh"] = err.message_zh
    message = {400: "malformed household"}.get(status)
    return ApiError(status, description, location, message=message, **extra)


def api_location(location: str, status: int) -> str:
    """ingest's `3:7` -> `body:3:7`, `Content-Type` -> `header:Content-Type`; other forms kept."""
    if not location:
        return {415: "header:Content-Type"}.get(status, "body")
    if location == "Content-Type":
        return "header:Content-Type"
    if re.fullmatch(r"\d+(:\d+)?", location):
        return f"body:{location}"
    return location


def query_lang() -> str | None:
    lang = request.args.get("lang")
    if lang is None:
        return None
    if lang not in LANGS:
        raise ApiError(400, f"lang must be one of {', '.join(LANGS)}; got {lang!r}", "query:lang",
                       message="bad query parameter")
    return lang


def query_jurisdiction(rulebase) -> str | None:
    """?jurisdiction=: None when absent; 400 when empty or not one of the served rule base's.
    An empty value is refused, as the OpenAPI document's enumeration says, not read as absent."""
    jid = request.args.get("jurisdiction")
    if jid is None:
        return None
    if jid not in rulebase.jurisdictions:
        raise ApiError(400, unknown_jurisdiction(jid, rulebase), "query:jurisdiction", message="bad query parameter")
    return jid


def unknown_jurisdiction(jid: str, rulebase) -> str:
    known = ", ".join(sorted(rulebase.jurisdictions))
    return f"jurisdiction {jid!r} is not in this rule base; known: {known}"
