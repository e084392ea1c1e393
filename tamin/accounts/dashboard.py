"""What each role's dashboard links to.

Apps add their services with `dashboard_link_register` in `AppConfig.ready()`,
so a dashboard only ever links to what is built (no dead links).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardLink:
    role: str
    title: str
    url_name: str
    description: str = ""
    order: int = 100


_LINKS: list[DashboardLink] = []


def dashboard_link_register(link: DashboardLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def dashboard_links_for_role(role: str) -> list[DashboardLink]:
    """Links of `role` plus those every role shares (role "*")."""
    return sorted(
        (link for link in _LINKS if link.role in (role, "*")),
        key=lambda link: (link.order, link.title),
    )
