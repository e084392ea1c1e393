"""Forms of the pages of this app, one module per area: shape only; the rules live in services."""
