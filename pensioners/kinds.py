"""What the pensioners app registers at start-up (from PensionersConfig.ready): the PDF
kinds with the kernel's document pipeline (issuer for the worker, label on /verify/<code>)
and the case kinds with `branches.registry`. Dashboard links are in `pensioners.navigation`.
"""

from branches.registry import case_kind_register
from pensioners.services import bank_account, certificates, dependents, payslip_pdf, ruling_pdf


def register() -> None:
    ruling_pdf.register_document_kind()
    payslip_pdf.register_document_kinds()
    certificates.register_document_kinds()
    # The bank account change and the dependents' papers go to the pensioner's branch.
    case_kind_register(bank_account.CASE_KIND)
    for kind in dependents.CASE_KINDS:
        case_kind_register(kind)
