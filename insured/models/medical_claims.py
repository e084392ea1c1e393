"""Models of the medical_claims area (issue #13; filled by its builder)."""
