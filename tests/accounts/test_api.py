import pytest

from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_me_returns_the_signed_in_person_and_roles(client):
    person = UserFactory(roles=[Role.EMPLOYER, Role.INSURED])
    client.force_login(person)
    response = client.get("/api/v1/accounts/me/")
    assert response.status_code == 200
    assert response.json()["national_code"] == person.national_code
    assert response.json()["roles"] == ["insured", "employer"]


def test_me_needs_sign_in_and_answers_in_the_error_shape(client):
    response = client.get("/api/v1/accounts/me/")
    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "extra"}


def test_openapi_schema_documents_the_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/accounts/me/" in response.content
