"""employers.views: one module per area (workshops, lists, money)."""
