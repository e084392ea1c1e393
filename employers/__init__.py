"""employers app: built by a later issue (see docs/architecture.md); the package exists so the import rules cover it."""
