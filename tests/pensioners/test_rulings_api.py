"""The rulings API (/api/v1/pensioners/): pensions with their amount, rulings, one ruling
with its history and amount in words, the computation — 404 for anyone else's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from pensioners.services.rulings import pension_yearly_increase_issue
from tests.accounts.factories import UserFactory
from tests.pensioners.factories import PensionFactory, PensionRulingFactory, pensioner_with_account
from tests.pensioners.factories_rulings import granted_retiree

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def retired(api):
    user, _pensioner, pension = granted_retiree()
    pension_yearly_increase_issue(pension=pension, year=1403)
    pension_yearly_increase_issue(pension=pension, year=1404)
    api.force_authenticate(user)
    return user, pension


def test_pensions_with_their_amount(api, retired):
    _user, pension = retired
    answer = api.get(reverse("api-pensioners-pensions"))
    assert answer.status_code == 200
    assert answer.json() == [
        {
            "id": pension.pk,
            "number": pension.number,
            "kind": "retirement",
            "kind_label": "بازنشستگی",
            "relation": "self",
            "share_permille": 1000,
            "insured_name": pension.insured_name,
            "start_date": "2023-09-23",
            "status": "active",
            "status_label": "برقرار",
            "amount": 106_313_362,
        }
    ]


def test_the_pensions_list_reads_amounts_in_one_query(api, retired, django_assert_max_num_queries):
    _user, pension = retired
    for _ in range(4):
        other = PensionFactory(pensioner=pension.pensioner)
        PensionRulingFactory(pension=other)
    # one query for the pensions with their amounts; the other four save the session
    with django_assert_max_num_queries(5):
        answer = api.get(reverse("api-pensioners-pensions"))
    assert len(answer.json()) == 5


def test_rulings_newest_first(api, retired):
    _user, _pension = retired
    answer = api.get(reverse("api-pensioners-rulings")).json()
    assert [(row["kind"], row["year"], row["amount_after"]) for row in answer] == [
        ("yearly_increase", 1404, 106_313_362),
        ("yearly_increase", 1403, 88_594_468),
        ("grant", 1402, 73_828_723),
    ]
    assert answer[0]["amount_before"] == 88_594_468
    assert answer[0]["increase_permille"] == 200


def test_one_ruling_with_its_history_and_words(api, retired):
    _user, pension = retired
    ruling = pension.rulings.get(year=1403)
    answer = api.get(reverse("api-pensioners-ruling", args=[ruling.pk])).json()
    assert answer["original_days"] == 11_101
    assert answer["years"] == "30.41"
    assert answer["average_wage"] == 72_833_334
    assert answer["amount_after"] == 88_594_468
    assert answer["amount_words"] == (
        "هشتاد و هشت میلیون و پانصد و نود و چهار هزار و چهارصد و شصت و هشت ریال"
    )
    assert [(row["amount_before"], row["amount_after"]) for row in answer["history"]] == [
        (None, 73_828_723),
        (73_828_723, 88_594_468),
    ]


def test_the_computation(api, retired):
    _user, pension = retired
    answer = api.get(reverse("api-pensioners-pension-computation", args=[pension.pk])).json()
    assert answer["available"] is True
    assert answer["matches_ruling"] is True
    figures = answer["figures"]
    assert figures["pension"] == 73_828_723
    assert figures["average_wage"] == 72_833_334
    assert figures["years"] == "30.41"
    assert figures["floor"] == 53_082_840
    assert answer["walked"][-1] == {
        "year": 1400,
        "month": 5,
        "days": 31,
        "wage": 62_000_000,
        "days_used": 11,
        "wage_used": 22_000_000,
        "partial": True,
    }
    assert set(answer["file"]) == {"sex", "birth_date", "on", "added_days", "records"}


def test_strangers_get_404_and_empty_lists(api, retired):
    _user, pension = retired
    ruling = pension.rulings.first()
    stranger, _pensioner, _own = pensioner_with_account()
    api.force_authenticate(stranger)
    assert api.get(reverse("api-pensioners-ruling", args=[ruling.pk])).status_code == 404
    assert (
        api.get(reverse("api-pensioners-pension-computation", args=[pension.pk])).status_code == 404
    )
    numbers = [row["number"] for row in api.get(reverse("api-pensioners-pensions")).json()]
    assert pension.number not in numbers
    assert ruling.number not in [
        row["number"] for row in api.get(reverse("api-pensioners-rulings")).json()
    ]
    # someone who is not a pensioner at all
    api.force_authenticate(UserFactory())
    assert api.get(reverse("api-pensioners-pensions")).json() == []
    assert api.get(reverse("api-pensioners-rulings")).json() == []


def test_anonymous_is_refused(api):
    assert api.get(reverse("api-pensioners-pensions")).status_code in (401, 403)


def test_the_schema_names_the_endpoints(api, retired):
    schema = api.get(reverse("api-schema") + "?format=json")
    if schema.status_code == 404:
        pytest.skip("no schema route")
    text = schema.content.decode()
    for path in ("/pensions/", "/rulings/{ruling_id}/", "/computation/"):
        assert path in text
