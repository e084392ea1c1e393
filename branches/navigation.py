"""Dashboard links of the branch services (registered from BranchesConfig.ready)."""

from tamin.accounts.dashboard import DashboardLink, dashboard_link_register

LINKS: tuple[DashboardLink, ...] = ()


def register() -> None:
    for link in LINKS:
        dashboard_link_register(link)
