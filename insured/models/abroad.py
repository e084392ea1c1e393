"""Models of the abroad area (issue #13; filled by its builder)."""
