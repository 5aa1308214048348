"""Shared fixtures: the shipped rule base and the static findings (computed once per session)."""
from __future__ import annotations

import pytest

from kb.compile.compiler import default_rulebase
from kb.analysis.conflicts import find_conflicts


@pytest.fixture(scope="session")
def rulebase():
    return default_rulebase()


@pytest.fixture(scope="session")
def findings(rulebase):
    return find_conflicts(rulebase)
