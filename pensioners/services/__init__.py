"""Writes of the pensioners app, one module per area (rulings, payslips, certificates,
dependents, bank account). Keyword-only arguments, one transaction, an audit row per
state change, `ApplicationError` with a Persian message."""
