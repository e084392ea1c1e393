import pytest

pytestmark = pytest.mark.django_db


def test_unknown_page_is_a_persian_rtl_404(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fa" dir="rtl">' in html
    assert "صفحه‌ای که خواستید پیدا نشد" in html


def test_home_presents_the_service_desk_by_audience(client):
    html = client.get("/").content.decode()
    for audience in ("بیمه‌شدگان", "کارفرمایان", "مستمری‌بگیران", "کارگزاری‌ها و شعب"):
        assert audience in html
