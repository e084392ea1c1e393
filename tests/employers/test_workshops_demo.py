"""Demo workshops: idempotent, two workshops for the demo employer, one with e-notification."""

import io

import pytest
from django.urls import reverse

from branches.demo import directory as demo_directory
from employers.demo import workshops as demo_workshops
from employers.models import Workshop
from employers.selectors.workshops import representative_role_for, workshops_for_user
from insured.demo import records as insured_demo
from tamin.accounts.demo import accounts as accounts_demo
from tamin.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_employer_owns_two_workshops_one_with_opt_in(client):
    # given the demo accounts, branches and insured, when the workshops demo seeds twice
    accounts_demo.seed(io.StringIO())
    demo_directory.seed(io.StringIO())
    insured_demo.seed(io.StringIO())
    demo_workshops.seed(io.StringIO())
    demo_workshops.seed(io.StringIO())
    # then the employer owns exactly the two workshops at branch 1001
    reza = User.objects.get(national_code="0071234561")
    rows = list(workshops_for_user(user=reza))
    assert sorted(row.workshop.code for row in rows) == ["3045678901", "3045678902"]
    assert {row.workshop.branch.code for row in rows} == {"1001"}
    pars = Workshop.objects.get(code="3045678901")
    alborz = Workshop.objects.get(code="3045678902")
    assert representative_role_for(user=reza, workshop=pars) == "owner"
    assert pars.e_notification_opt_in is True
    assert pars.e_notification_form_signed_on is not None
    assert pars.e_notification_recorded_by.national_code == "0084575948"
    assert alborz.e_notification_opt_in is False
    # and the employer sees them
    client.force_login(reza)
    page = client.get(reverse("employers:workshops")).content.decode()
    assert "شرکت نمونه پارس" in page
    assert "کارگاه تولیدی البرز" in page
