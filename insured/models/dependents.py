"""Models of the dependents area (issue #13; filled by its builder)."""
