"""Insured pages of the inquiries area (included by insured/urls/__init__.py)."""

urlpatterns: list = []
