"""The kinds the insured app registers at start-up (from InsuredConfig.ready).

Case kinds go to `branches.registry` (objections and inspection requests reviewed by a
branch); document kinds to the kernel's issued-document registry (the record PDFs).
Dashboard links are in `insured.navigation`.
"""

from branches.registry import case_kind_register
from insured.services.abroad import CASE_KINDS as ABROAD_KINDS
from insured.services.benefits import CASE_KINDS as BENEFIT_KINDS
from insured.services.commissions import CASE_KINDS as COMMISSION_KINDS
from insured.services.dependents import CASE_KINDS as DEPENDENT_KINDS
from insured.services.medical_claims import CASE_KINDS as MEDICAL_CLAIM_KINDS
from insured.services.objections import CASE_KINDS
from insured.services.pdfs import register_document_kinds


def register() -> None:
    register_document_kinds()
    for kind in (
        *CASE_KINDS,
        *ABROAD_KINDS,
        *COMMISSION_KINDS,
        *BENEFIT_KINDS,
        *MEDICAL_CLAIM_KINDS,
        *DEPENDENT_KINDS,
    ):
        case_kind_register(kind)
