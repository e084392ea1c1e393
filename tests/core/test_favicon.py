"""/favicon.ico, which browsers ask for without a link, is served."""

from __future__ import annotations

from django.test import Client


def test_favicon_ico_is_served(settings):
    # Given static files served by whitenoise, as in production (from the finders here)
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # When a browser asks for /favicon.ico
    response = Client().get("/favicon.ico", follow=True)
    # Then it gets an icon file
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x00\x00\x01\x00")  # the ICO header
