"""Error codes every edge shares (the portal's stored errors, the API, `monthly_list check
--json`): one vocabulary, so a payroll program reads the same code wherever it looks."""

from __future__ import annotations

# An unexpected failure while reading or checking (a bug, not the file's fault).
INTERNAL_ERROR = "internal_error"
# A stored or given file that could not be read from disk.
FILE_UNREADABLE = "file_unreadable"
# A file larger than the limit, refused before it is read.
FILE_TOO_LARGE = "file_too_large"
