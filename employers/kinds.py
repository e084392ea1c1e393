"""The case kinds the employers app registers with `branches.registry` at start-up
(from EmployersConfig.ready): workshop registration reviewed by a branch; and what a
notice of each kind does once served (`employers.services.notices`).

Dashboard links are in `employers.navigation`.
"""

from branches.registry import case_kind_register
from employers.models import NoticeKind
from employers.services import rulings
from employers.services.notices import notice_served_hook_register
from employers.services.workshops import CASE_KINDS


def register() -> None:
    for kind in CASE_KINDS:
        case_kind_register(kind)
    # What a notice of each kind does once served (in the serving transaction).
    notice_served_hook_register(kind=NoticeKind.RULING, hook=rulings.ruling_served)
