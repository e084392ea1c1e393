"""pensioners app: no page is built yet; the empty package holds its layer in the import rules
(docs/architecture.md)."""
