"""employers app: workshops and representatives, monthly lists (listfile/: the pure file layer),
ledger, penalties and payments (docs/architecture.md)."""
