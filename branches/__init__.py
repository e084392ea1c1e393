"""branches app: the directory, staff memberships, holidays, cases and their review queue,
appointments, the 1420 contact desk and surveys (docs/architecture.md)."""
