"""The one error of batch screening that reaches the user: bad input or arguments."""
from __future__ import annotations


class ScreenError(Exception):
    """Input that cannot be screened; the message names the file, row and column."""
