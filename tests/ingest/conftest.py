"""Fixtures for the ingest tests: a network tripwire, and pySHACL as the oracle of every validation."""
from __future__ import annotations

import socket
import urllib.request

import pytest

import ingest.checks
from shacl_oracle import differences


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a connection or fetch a URL."""
    calls = []

    def trip(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", trip)
    monkeypatch.setattr(socket, "create_connection", trip)
    monkeypatch.setattr(urllib.request, "urlopen", trip)
    return calls


@pytest.fixture(autouse=True)
def shacl_matches_pyshacl(monkeypatch):
    """Every graph an ingest test validates is also validated by pySHACL; the test fails if the
    two disagree. (Recorded, not raised inside: the reader turns unexpected errors into a 422.)"""
    validate = ingest.checks.validate
    found = []

    def checked(graph, jurisdictions=None):
        diff = differences(graph, jurisdictions)
        if diff is not None:
            found.append((graph.serialize(format="nt"), diff))
        return validate(graph, jurisdictions)

    monkeypatch.setattr(ingest.checks, "validate", checked)
    yield
    assert not found, "ingest.shacl.validate and pySHACL disagree:\n" + "\n".join(
        f"{nt}\n  pySHACL only: {a}\n  ingest only: {b}" for nt, (a, b) in found)
