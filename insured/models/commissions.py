"""Models of the commissions area (issue #13; filled by its builder)."""
