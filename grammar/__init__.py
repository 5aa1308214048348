"""The policy DSL: grammar (policy.lark), parser to AST, and located errors."""
from .errors import PolicyError, PolicyErrors
from .parser import parse_policy, parse_policy_file

__all__ = ["PolicyError", "PolicyErrors", "parse_policy", "parse_policy_file"]
