"""employers.selectors: one module per area (workshops, lists, money)."""
