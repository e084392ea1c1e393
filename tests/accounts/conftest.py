import re

import pytest
from django.core.cache import cache

from notifications.models import Notification
from tamin.accounts.demo.accounts import DEMO_PASSWORD
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Send counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def citizen(db):
    return UserFactory(password=DEMO_PASSWORD)


def last_code_sent_to(mobile: str) -> str:
    """The code in the newest SMS outbox row for `mobile` (what the person reads on the phone)."""
    row = Notification.objects.filter(to_address=mobile, channel="sms").order_by("-id").first()
    assert row is not None, f"no SMS was written for {mobile}"
    return re.search(r"\b(\d{6})\b", row.body).group(1)
