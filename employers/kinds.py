"""The case kinds the employers app registers with `branches.registry` at start-up
(from EmployersConfig.ready): workshop registration reviewed by a branch; and what a
notice of each kind does once served (`employers.services.notices`).

Dashboard links are in `employers.navigation`.
"""

from branches.registry import case_kind_register
from employers.models import NoticeKind
from employers.services import (
    clearance,
    correspondence,
    inspections,
    objections,
    ruling_pdf,
    rulings,
)
from employers.services.notices import notice_served_hook_register
from employers.services.workshops import CASE_KINDS


def register() -> None:
    for kind in CASE_KINDS:
        case_kind_register(kind)
    # An objection to an inspection report, and a letter of the workshop to its branch.
    for kind in (*inspections.CASE_KINDS, *correspondence.CASE_KINDS):
        case_kind_register(kind)
    # A clearance request the branch decides, and the certificate's PDF (issuer + /verify label).
    for kind in clearance.CASE_KINDS:
        case_kind_register(kind)
    clearance.register_document_kinds()
    # The claim ruling's PDF (issuer + /verify label).
    ruling_pdf.register_document_kind()
    # An objection to a ruling or an appeal of a vote: the case carries its documents.
    for kind in objections.CASE_KINDS:
        case_kind_register(kind)
    # What a notice of each kind does once served (in the serving transaction).
    notice_served_hook_register(kind=NoticeKind.RULING, hook=rulings.ruling_served)
    notice_served_hook_register(kind=NoticeKind.BOARD_VOTE, hook=objections.board_vote_served)
