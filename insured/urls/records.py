"""Insured pages of the records area (included by insured/urls/__init__.py)."""

urlpatterns: list = []
