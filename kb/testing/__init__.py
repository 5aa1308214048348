"""Test support, never imported by production code (an import-linter contract says so): the plain
evaluator (the independent oracle), the seeded household generator, the compact scenario form."""
