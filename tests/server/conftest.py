"""Fixtures for the API tests: an app over the shipped knowledge base, and its client.

BINGGUI_TEST_POLICIES=path[:path…] pins other policy paths (e.g. one directory while encoding it).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]
POLICY_DIR = REPO / "kb" / "policies"


@pytest.fixture(scope="session")
def policy_paths() -> list[Path]:
    pinned = os.environ.get("BINGGUI_TEST_POLICIES")
    if pinned:
        return [Path(p) for p in pinned.split(os.pathsep) if p]
    return [POLICY_DIR]


@pytest.fixture(scope="session")
def rulebase(policy_paths):
    from kb.compile.compiler import compile_paths
    return compile_paths(policy_paths)


@pytest.fixture(scope="session")
def app(rulebase):
    from server import create_app
    app = create_app({"RULEBASE": rulebase, "MAX_CONTENT_LENGTH": 64 * 1024})
    return app


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def ingest_ready():
    import ingest
    return ingest


@pytest.fixture(scope="session")
def jurisdiction(rulebase) -> str:
    """One jurisdiction of the test rule base (yanqi when present)."""
    return "yanqi" if "yanqi" in rulebase.jurisdictions else next(iter(rulebase.jurisdictions))


@pytest.fixture(scope="session")
def served(policy_paths, ingest_ready, tmp_path_factory):
    """A real `binggui serve` (tests/server/live_server.py), shared by the tests of the served
    stack; its log must end without a traceback."""
    from live_server import start_server
    server = start_server(policy_paths, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        yield server
    finally:
        log = server.stop()
        assert "Traceback" not in log, log[-3000:]
