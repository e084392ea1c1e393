"""A citizen's dashboard never shows two cards of one title."""

from collections import Counter

import pytest

from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.INSURED, Role.EMPLOYER, Role.PENSIONER])
def test_no_two_dashboard_cards_share_a_title(role):
    titles = Counter(str(link.title) for link in dashboard_links_for_role(role))
    assert [title for title, count in titles.items() if count > 1] == []


def test_the_insured_list_of_requests_leads_to_every_other_request(client):
    from django.urls import reverse

    from tests.insured.factories_inquiries import insured_user

    user, _person = insured_user()
    client.force_login(user)
    page = client.get(reverse("insured:my_requests")).content.decode()
    assert reverse("branches:my_cases") in page
