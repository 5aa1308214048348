"""Waitress's own refusals as the API's JSON errors.

Waitress answers some requests before the app sees them: a body over its buffer limit, an
invalid Content-Length, a malformed request line. Its answer is plain text; `binggui serve`
swaps in a channel whose error task writes `{"code", "message", "description", "location"}`
instead, never echoing the request back.
"""
from __future__ import annotations


def json_error_channel(max_bytes: int):
    """A waitress channel class whose own errors (a body over waitress's limit, an invalid
    Content-Length, a malformed request line) are the API's JSON errors, not plain text."""
    import json

    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from .errors import MESSAGES

    class JsonErrorTask(ErrorTask):
        def execute(self):
            error = self.request.error
            code = int(getattr(error, "code", 500) or 500)
            if code == 413:
                description = f"the request body is larger than the limit of {max_bytes} bytes"
                location = "body"
            elif code >= 500:
                description, location = "the server could not answer this request", ""
            else:
                # waitress's own reason ("Content-Length is invalid"), without anything echoed back
                description, location = str(getattr(error, "body", "") or error.reason)[:200], "request"
            body = json.dumps({"code": code, "message": MESSAGES.get(code, str(error.reason).lower()),
                               "description": description, "location": location}).encode()
            self.status = f"{code} {error.reason}"
            self.response_headers.append(("Content-Type", "application/json"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class JsonErrorChannel(HTTPChannel):
        error_task_class = JsonErrorTask

    return JsonErrorChannel


def answer_waitress_errors_as_json(server, max_bytes: int) -> None:
    """Every listening socket of a waitress server (one, or several for a multi-address host)
    answers waitress's own errors with json_error_channel."""
    from waitress.server import BaseWSGIServer
    channel_class = json_error_channel(max_bytes)
    for dispatcher in [server, *getattr(server, "map", {}).values()]:
        if isinstance(dispatcher, BaseWSGIServer):
            dispatcher.channel_class = channel_class
