"""Fixtures for the ingest tests: a network tripwire."""
from __future__ import annotations

import socket
import urllib.request

import pytest


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
