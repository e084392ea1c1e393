"""employers.selectors: one module per area (workshops, lists, money).

`debt_overview_for_user` (every workshop's debt of a person) is also importable from
here: the app's API and the USSD menu read it as `employers.selectors.debt_overview_for_user`.
"""

from employers.selectors.money import WorkshopDebtOverview, debt_overview_for_user

__all__ = ["WorkshopDebtOverview", "debt_overview_for_user"]
