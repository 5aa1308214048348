"""The one error `ingest` raises, with an HTTP status and located, bilingual violations.

Every way a document can be refused (too large, wrong media type, bad syntax, breaks the
shapes) ends as an `IngestError`, so that callers (the API, the CLI) need one `except` and can
answer with the right status and point the caseworker at the place to fix.
"""
from __future__ import annotations

from typing import Any

MALFORMED = 400           # not well-formed Turtle / JSON / JSON-LD, remote @context, too deep
TOO_LARGE = 413           # document (or one value in it) over the size limits
UNSUPPORTED_MEDIA = 415   # media type or charset we do not read
INVALID = 422             # well-formed RDF that breaks the shapes (or has no / several households)


MAX_VIOLATIONS = 50       # violations kept in one error; the rest are counted, not listed
MAX_ECHO_CHARS = 200      # a node name, location or value repeated in an error


def shorten(value: Any) -> Any:
    """A string echoed from the document, cut to MAX_ECHO_CHARS (a 20,000-character IRI must
    not come back in every violation)."""
    if isinstance(value, str) and len(value) > MAX_ECHO_CHARS:
        return value[:MAX_ECHO_CHARS - 1] + "…"
    return value


def violation(message_zh: str, message_en: str, *, location: str | None = None,
              node: str | None = None, path: str | None = None, value: Any = None) -> dict:
    """One violation as the API shows it: where, on which node and property, what value, why."""
    return {"location": shorten(location), "node": shorten(node), "path": shorten(path),
            "value": shorten(value), "message": {"zh": message_zh, "en": message_en}}


class IngestError(Exception):
    """A household document that cannot be read.

    `status` is the HTTP status to answer with (400, 413, 415 or 422); `violations` is a list of
    dicts ``{"location", "node", "path", "value", "message": {"zh", "en"}}``; `location` is
    the first violation's location (for the API's one-line error); `message` is a summary in
    English and `message_zh` the same in Chinese. At most MAX_VIOLATIONS are kept; `omitted`
    counts the others.
    """

    def __init__(self, status: int, message_en: str, message_zh: str,
                 violations: list[dict] | None = None):
        super().__init__(message_en)
        self.status = status
        self.message = message_en
        self.message_zh = message_zh
        found = list(violations or [])
        self.violations = found[:MAX_VIOLATIONS]
        self.omitted = len(found) - len(self.violations)   # violations not listed

    @property
    def location(self) -> str | None:
        for v in self.violations:
            if v.get("location"):
                return v["location"]
        return None

    def to_dict(self) -> dict:
        """JSON-ready form: status, message in both languages, location, violations."""
        out = {"status": self.status, "message": {"zh": self.message_zh, "en": self.message},
               "location": self.location, "violations": self.violations}
        if self.omitted:
            out["violations_omitted"] = self.omitted
        return out

    def __str__(self) -> str:
        return f"{self.status} {self.summary()}"

    def summary(self) -> str:
        """The message, where, and the first violation's message when it says more: the one line
        a command prints (the HTTP status is the API's, not the command line's)."""
        first = self.violations[0]["message"]["en"] if self.violations else ""
        where = f" at {self.location}" if self.location else ""
        return f"{self.message}{where}" + (f": {first}" if first and first != self.message else "")

    @classmethod
    def single(cls, status: int, message_zh: str, message_en: str, **where) -> "IngestError":
        """An error with one violation that carries the same message."""
        return cls(status, message_en, message_zh, [violation(message_zh, message_en, **where)])
