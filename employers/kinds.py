"""The case kinds the employers app registers with `branches.registry` at start-up
(from EmployersConfig.ready): workshop registration reviewed by a branch.

Dashboard links are in `employers.navigation`.
"""

from branches.registry import case_kind_register
from employers.services.workshops import CASE_KINDS


def register() -> None:
    for kind in CASE_KINDS:
        case_kind_register(kind)
