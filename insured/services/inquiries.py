"""Writes of the inquiries area: the person's registered bank accounts (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from insured.banks import bank_name_for_sheba
from insured.models import BankAccount, InsuredPerson
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import normalize_sheba, sheba_is_valid
from tamin.core.services import audit_record

MAX_ACTIVE_ACCOUNTS = 5


@transaction.atomic
def bank_account_add(*, person: InsuredPerson, actor, sheba: str) -> BankAccount:
    """Register a Sheba (checksum checked, bank named from its code); re-adding one reactivates it."""
    sheba = normalize_sheba(sheba)
    if not sheba_is_valid(sheba):
        raise ApplicationError(
            _("شماره شبا معتبر نیست؛ IR و ۲۴ رقم را بدون فاصله وارد کنید."), code="sheba_invalid"
        )
    # Lock the person so two tabs cannot pass the limit together.
    InsuredPerson.objects.select_for_update().filter(pk=person.pk).first()
    account = BankAccount.objects.filter(person=person, sheba=sheba).first()
    if account is not None and account.is_active:
        raise ApplicationError(_("این شماره شبا قبلاً ثبت شده است."), code="sheba_duplicate")
    if BankAccount.objects.filter(person=person, is_active=True).count() >= MAX_ACTIVE_ACCOUNTS:
        raise ApplicationError(
            _("حداکثر ۵ حساب فعال می‌توانید داشته باشید؛ ابتدا یکی را غیرفعال کنید."),
            code="bank_account_limit",
        )
    if account is not None:
        account.is_active = True
        account.full_clean()
        account.save(update_fields=["is_active", "updated_at"])
        action = "bank_account.reactivated"
    else:
        account = BankAccount(person=person, sheba=sheba, bank_name=bank_name_for_sheba(sheba))
        account.full_clean()
        account.save(force_insert=True)
        action = "bank_account.added"
    audit_record(
        action=action,
        actor=actor,
        target=account,
        after={"sheba": account.sheba, "is_active": True},
        detail={"person": person.pk},
    )
    return account


@transaction.atomic
def bank_account_deactivate(*, account: BankAccount, actor) -> BankAccount:
    """Stop using an account for payments; the row stays for the record."""
    account = BankAccount.objects.select_for_update().get(pk=account.pk)
    if not account.is_active:
        raise ApplicationError(_("این حساب قبلاً غیرفعال شده است."), code="bank_account_inactive")
    account.is_active = False
    account.full_clean()
    account.save(update_fields=["is_active", "updated_at"])
    audit_record(
        action="bank_account.deactivated",
        actor=actor,
        target=account,
        before={"is_active": True},
        after={"is_active": False},
        detail={"person": account.person_id},
    )
    return account
