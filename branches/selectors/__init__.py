"""branches.selectors: one module per area (directory, cases, documents, appointments, desk, survey)."""
