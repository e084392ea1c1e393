"""branches.views: one module per area (directory, cases, documents, appointments, desk, survey)."""
