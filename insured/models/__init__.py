"""The insured app's schema, one module per area (re-exported here so Django registers every
model when the app loads): `core` (persons, versioned contribution records, bank accounts)
and the areas of issue #13, each filled by its builder."""

from insured.models import abroad, benefits, commissions, dependents, medical_claims  # noqa: F401
from insured.models.core import BankAccount, ContributionRecord, InsuredPerson, RecordSource, Sex

__all__ = ["BankAccount", "ContributionRecord", "InsuredPerson", "RecordSource", "Sex"]
