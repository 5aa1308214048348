"""The binggui HTTP API: a Flask app factory with one blueprint per resource.

    from server import create_app
    app = create_app({"POLICY_OVERLAYS": ["/srv/binggui/policies"]})

Configuration keys (besides Flask's own):

- ``MAX_CONTENT_LENGTH``: largest request body in bytes (default 1 MiB); larger bodies get a JSON 413.
- ``MAX_MEMBERS``, ``MAX_INCOME_ITEMS``: most members and income items one household may list
  (defaults 100 and 500, far above any real household); more get a JSON 413 before the shapes
  and the engine run.
- ``HOUSEHOLD_SLOTS``: household requests (eligibility, compare, the page's form) doing their
  work at once (default 2); the others wait their turn (server/household.py).
- ``POLICY_PATHS``: policy files/directories to compile (default: the shipped knowledge base).
- ``POLICY_OVERLAYS``: a deployer's folders compiled on top of those: jurisdiction folders to add,
  and folders holding only a ``parameters.yaml``, named by a jurisdiction id, whose values
  override that jurisdiction's (an official 低保 standard with its source, say). ``binggui serve
  --policies DIR`` sets it.
- ``RULEBASE``: an already compiled `kb.core.model.RuleBase` (takes precedence over POLICY_PATHS).

The rule base is compiled once, when the app is created; a policy error is raised then
(`grammar.PolicyErrors`), never at request time. Serve it with `binggui serve` (waitress).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .jsonprovider import MsgspecProvider

DEFAULT_MAX_BYTES = 1024 * 1024
# ingest.source's defaults, restated so that importing the app factory (and `binggui serve`'s
# options) does not load rdflib and pySHACL; tests/server/test_server_limits.py keeps them equal.
DEFAULT_MAX_MEMBERS = 100
DEFAULT_MAX_INCOME_ITEMS = 500
DEFAULT_HOUSEHOLD_SLOTS = 2
API_PREFIX = "/api/v1"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=DEFAULT_MAX_BYTES, MAX_MEMBERS=DEFAULT_MAX_MEMBERS,
                      MAX_INCOME_ITEMS=DEFAULT_MAX_INCOME_ITEMS, HOUSEHOLD_SLOTS=DEFAULT_HOUSEHOLD_SLOTS,
                      POLICY_PATHS=None, POLICY_OVERLAYS=None, RULEBASE=None)
    if config:
        app.config.update(config)
    app.json = MsgspecProvider(app)     # ensure_ascii False, key order kept

    app.extensions["binggui"] = {"rulebase": _load_rulebase(app.config)}

    from . import (conflicts, documents, eligibility, errors, health, household, jurisdictions, notice, openapi,
                   procedures, query_params, rules)
    errors.register(app)
    query_params.register(app)
    household.register_slots(app)
    for module in (eligibility, notice, documents, jurisdictions, rules, procedures, conflicts, health, openapi):
        app.register_blueprint(module.bp)
    _register_pages(app)
    return app


def _load_rulebase(config):
    if config.get("RULEBASE") is not None:
        return config["RULEBASE"]
    paths = config.get("POLICY_PATHS")
    overlays = config.get("POLICY_OVERLAYS")
    if paths or overlays:
        from kb.compile.compiler import compile_paths
        return compile_paths([Path(p) for p in paths] if paths else None, [Path(p) for p in overlays or ()])
    from kb.compile.compiler import default_rulebase
    return default_rulebase()


def _register_pages(app: Flask) -> None:
    """The caseworker page (server/pages.py) and its static files."""
    from . import pages
    pages.register(app)


def rulebase():
    """The rule base of the app handling the current request."""
    return current_app.extensions["binggui"]["rulebase"]
