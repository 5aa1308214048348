"""The API's baseline: the same Flask app factory, ingest read (Turtle parse + SHACL), JSON
provider and collector settings (server/heap.py) as `binggui serve`, answering with the plain
evaluator (kb.testing.plain: no pyDatalog, no explanation). benchmarks/run.py compares `binggui serve`'s p50 with this server's.

    python benchmarks/plain_server.py PORT
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import jsonify  # noqa: E402
from waitress import serve  # noqa: E402

from kb.testing.plain import PlainEvaluator  # noqa: E402
from server import create_app, rulebase  # noqa: E402
from server.heap import settle_heap  # noqa: E402
from server.household import read_household  # noqa: E402


def _json_ready(value):
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_json_ready(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def main() -> None:
    app = create_app()
    with app.app_context():
        evaluators = {jid: PlainEvaluator(j) for jid, j in rulebase().jurisdictions.items()}
    settle_heap()     # as `binggui serve` does: the same collector settings on both sides

    @app.post("/plain")
    def plain():
        household = read_household(jurisdiction=None)
        return jsonify(_json_ready(evaluators[household.jurisdiction].decide(household)))

    print("plain server ready", flush=True)
    serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)


if __name__ == "__main__":
    main()
