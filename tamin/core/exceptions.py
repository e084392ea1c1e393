"""The one error type services raise for a broken business rule."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule was broken; `message` is Persian and safe to show to the person.

    `code` is a stable machine-readable name for API clients; `extra` carries
    structured details (for example the field that failed).
    """

    def __init__(self, message: str, *, code: str = "invalid", extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}
