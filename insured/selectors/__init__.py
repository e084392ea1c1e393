"""Insured reads. Every read of a person's data starts from `insured_person_get_for_user`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from insured.models import ContributionRecord, InsuredPerson
from tamin.accounts.models import Role
from tamin.accounts.selectors import user_roles


def insured_person_for_user(*, user) -> InsuredPerson | None:
    """The insured person behind an account, matched by the (identity-checked) national code.

    Only for an account acting as an insured person (the role): a pensioner whose own
    service history is on file does not see insurance records (DOMAIN.md §1).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if Role.INSURED not in user_roles(user=user):
        return None
    # One plain statement (no ORM compilation): every insured page starts here.
    persons = InsuredPerson._meta.db_table
    sql = f"SELECT * FROM {persons} WHERE national_code = %s ORDER BY id LIMIT 1"  # noqa: S608
    return next(iter(InsuredPerson.objects.raw(sql, [user.national_code])), None)


def insured_person_get_for_user(*, user) -> InsuredPerson:
    person = insured_person_for_user(user=user)
    if person is None:
        raise Http404
    return person


def contribution_records_current(*, person: InsuredPerson) -> QuerySet[ContributionRecord]:
    """The person's current record versions, oldest month first (one query when iterated)."""
    return ContributionRecord.objects.filter(person=person, is_current=True).order_by(
        "year", "month", "workshop_code"
    )
