"""Models of the benefits area (issue #13; filled by its builder)."""
