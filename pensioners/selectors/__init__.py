"""Reads of the pensioners app, one module per area (pensions, rulings, payslips,
certificates, dependents). Every page starts from `pensioner_for_user` /
`pension_get_for_user`: another person's pension, ruling, payslip or certificate is a 404."""
