"""JSON errors for every status the API returns: `{"code", "message", "description", "location"}`.

`message` is the short name of the problem, `description` says what to change, `location` names
the place in the request (`body`, `body:line 3`, `query:jurisdiction`, `header:Content-Type`,
`path:file`, or the SHACL focus node for a shape violation). A 422 adds `violations`, one entry
per broken shape constraint. A 500 never carries a traceback: it is logged, and the client gets a
generic message with a reference it can quote to an operator.
"""
from __future__ import annotations

import uuid

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "bad request",
    404: "not found",
    405: "method not allowed",
    413: "request body too large",
    415: "unsupported media type",
    422: "household does not satisfy the shapes",
    500: "internal error",
}


class ApiError(Exception):
    """An error the API answers with its status and a located JSON body."""

    def __init__(self, code: int, description: str, location: str = "", message: str | None = None,
                 **extra):
        super().__init__(description)
        self.code = code
        self.message = message or MESSAGES.get(code, "error")
        self.description = description
        self.location = location
        self.extra = extra

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "description": self.description,
                "location": self.location, **self.extra}


def error_response(code: int, message: str, description: str, location: str = "", headers=None, **extra):
    response = jsonify({"code": code, "message": message, "description": description,
                        "location": location, **extra})
    response.status_code = code
    for name, value in (headers or []):
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def register(app: Flask) -> None:
    @app.after_request
    def _options_without_html(response):
        # Flask answers OPTIONS itself with an empty text/html 200; say the same without a body.
        if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
            response.status_code = 204
            del response.headers["Content-Type"]
        return response

    @app.errorhandler(ApiError)
    def _api_error(err: ApiError):
        return error_response(err.code, err.message, err.description, err.location, **err.extra)

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        code = err.code or 500
        if code >= 500:
            return _internal(err)
        location = _LOCATIONS.get(code, "")
        description = err.description or MESSAGES.get(code, "")
        if code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            description = f"the request body is larger than the limit of {limit} bytes"
        elif code == 404:
            description = "no such resource; see /openapi.json for the API's paths"
        elif code == 405:
            allowed = ", ".join(sorted(err.valid_methods or [])) if hasattr(err, "valid_methods") else ""
            description = f"this path accepts {allowed}" if allowed else "this method is not allowed here"
        headers = err.get_headers() if hasattr(err, "get_headers") else []
        return error_response(code, MESSAGES.get(code, (err.name or "error").lower()), description, location,
                              headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        return _internal(err)

    def _internal(err: BaseException):
        ref = uuid.uuid4().hex[:12]
        app.logger.error("internal error %s: %r", ref, err, exc_info=err)
        return error_response(500, MESSAGES[500],
                              f"the server could not answer this request; reference {ref} identifies it in the log",
                              "", reference=ref)


_LOCATIONS = {404: "path", 405: "method", 413: "body", 415: "header:Content-Type"}
