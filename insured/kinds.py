"""The kinds the insured app registers at start-up (from InsuredConfig.ready).

Case kinds go to `branches.registry` (objections and inspection requests reviewed by a
branch); document kinds to the kernel's issued-document registry (the record PDFs).
Dashboard links are in `insured.navigation`.
"""

from branches.registry import case_kind_register
from insured.services.objections import CASE_KINDS
from insured.services.pdfs import register_document_kinds


def register() -> None:
    register_document_kinds()
    for kind in CASE_KINDS:
        case_kind_register(kind)
