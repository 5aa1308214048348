"""Flask's JSON through msgspec (kb.core.jsonout): every API answer, error and page model.

The answers are typed (kb.explain.types, msgspec Structs), which msgspec encodes directly, with
the dicts and lists around them; Flask's default provider (the standard library) cannot. Key
order is kept (the answers' order is meaningful), non-ASCII is written as UTF-8, and whatever
msgspec does not encode natively goes through Flask's own conversion (`enc_hook`).
"""
from __future__ import annotations

import msgspec
from flask.json.provider import DefaultJSONProvider, _default

from kb.core.jsonout import loads

# msgspec as in kb.core.jsonout, plus Flask's own conversion for what msgspec does not encode
_encoder = msgspec.json.Encoder(enc_hook=_default)


class MsgspecProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        return _encoder.encode(obj).decode("utf-8")

    def loads(self, s, **kwargs):
        return loads(s)

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(_encoder.encode(obj) + b"\n", mimetype=self.mimetype)
