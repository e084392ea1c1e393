"""Input limits shared by every reader (documented in docs/monthly-list.md)."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # per uploaded file
DEFAULT_MAX_ROWS = 100_000  # workers in one list; above this the list is refused
