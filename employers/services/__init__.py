"""employers.services: one module per area (workshops, lists, money)."""
