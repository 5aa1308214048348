"""The policy DSL: grammar (policy.lark), parser to AST, and located errors.

The parser (and lark) is imported on first use: reading a compiled knowledge base from the cache
needs only the AST and the errors, not the parser."""
from .errors import PolicyError, PolicyErrors

__all__ = ["PolicyError", "PolicyErrors", "parse_policy", "parse_policy_file"]


def __getattr__(name: str):
    if name in ("parse_policy", "parse_policy_file"):
        from . import parser
        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
