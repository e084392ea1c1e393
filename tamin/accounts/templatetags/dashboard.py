"""`{% dashboard_warnings role as warnings %}`: the dashboard's warnings for the role it shows."""

from django import template

from tamin.accounts.dashboard import dashboard_warnings_for_role

register = template.Library()


@register.simple_tag
def dashboard_warnings(role: str) -> list[str]:
    return dashboard_warnings_for_role(role)
