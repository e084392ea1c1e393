"""The pensioners' schema, one module per area (re-exported here)."""

from pensioners.models.certificates import PensionCertificate
from pensioners.models.dependents import DependentObligationFiling, PensionDependent
from pensioners.models.payslips import Payslip, PayslipRow, PensionLoan
from pensioners.models.pensions import Pension, Pensioner, PensionRuling, Sex

__all__ = [
    "DependentObligationFiling",
    "Payslip",
    "PayslipRow",
    "Pension",
    "PensionCertificate",
    "PensionDependent",
    "PensionLoan",
    "PensionRuling",
    "Pensioner",
    "Sex",
]
