"""The signed-in person as every request needs them, from one cache read.

Every signed-in request needs the person (is the session still theirs?), their roles
(the header's switcher, the role checks) and the second factor the session was verified
with. From the database that is three queries per request, and most pages need nothing
else of the person. Here it is one cache entry per person:

- the user's fields **without the password hash**: the password is left deferred (read
  from the database only if code asks for it) and the session hash made from it is kept
  instead, with the `session_salt` it was made for (`User.get_session_auth_hash`);
- the roles held (`user_roles` reads them from the user object);
- the person's OTP devices as (model, id, name, confirmed) — no secret, no code:
  `PrincipalOTPMiddleware` builds the verified device with every other field deferred.

The entry is deleted when the user, a role or an OTP device of theirs is saved or
deleted (signals, and again once the transaction commits, so a request that read the
old row in between cannot keep it), and lives at most `PRINCIPAL_CACHE_SECONDS`
anyway: the bound on how long an update done behind the ORM's back (a raw UPDATE,
another system) can go unseen.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import BooleanField, CharField, Value

from tamin.accounts.models import Role, User, UserRole
from tamin.core.cache import cache_delete_matching

# Bump when the entry's shape changes: old entries are then never read.
PRINCIPAL_VERSION = 1
# Fields never put in the cache: the password hash (the session hash stands in).
_EXCLUDED = frozenset({"password"})


def _key(user_id: Any) -> str:
    return f"accounts:principal:v{PRINCIPAL_VERSION}:{user_id}"


def _device_models() -> list[type]:
    from django_otp.models import Device

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Device) and not model._meta.abstract
    ]


def _entry_build(user: User) -> dict[str, Any]:
    fields = [
        field.attname for field in User._meta.concrete_fields if field.attname not in _EXCLUDED
    ]
    # The person's roles and every OTP device model's rows in one query (a UNION ALL).
    models = {model._meta.label: model for model in _device_models()}
    roles_label = UserRole._meta.label
    selects = [
        UserRole.objects.filter(user_id=user.pk)
        .annotate(
            model_label=Value(roles_label, output_field=CharField()),
            held=Value(True, output_field=BooleanField()),
        )
        .values_list("model_label", "pk", "role", "held")
    ] + [
        model.objects.filter(user_id=user.pk)
        .annotate(model_label=Value(label, output_field=CharField()))
        .values_list("model_label", "pk", "name", "confirmed")
        for label, model in models.items()
    ]
    held: set[str] = set()
    devices: dict[str, tuple[str, int, str, bool]] = {}
    for label, pk, name, confirmed in selects[0].union(*selects[1:], all=True):
        if label == roles_label:
            held.add(name)
        else:
            # The key is django-otp's persistent id, as the session holds it.
            devices[f"{models[label].model_label()}/{pk}"] = (label, pk, name, confirmed)
    return {
        "fields": fields,
        "values": [getattr(user, name) for name in fields],
        "session_hash": (user.session_salt, user.get_session_auth_hash()),
        "roles": tuple(role for role in Role.values if role in held),
        "devices": devices,
    }


def _user_from_entry(entry: dict[str, Any]) -> User:
    user = User.from_db(DEFAULT_DB_ALIAS, entry["fields"], entry["values"])
    user._session_auth_hash = entry["session_hash"]
    user._role_cache = tuple(entry["roles"])
    user._principal_devices = entry["devices"]
    return user


def principal_cache_key(user_id: Any) -> str:
    return _key(user_id)


# The entry the session store fetched along with the session (tamin/accounts/
# session_store.py): (user id, entry or None). Set while the session loads, used at most
# once, for that user only, and cleared at the start and end of every request
# (PrincipalAuthenticationMiddleware), so it never outlives the request that read it.
_prefetched: ContextVar[tuple[str, Any] | None] = ContextVar("principal_prefetched", default=None)


def principal_prefetch(*, user_id: Any, entry: Any) -> None:
    _prefetched.set((str(user_id), entry))


def principal_prefetch_clear() -> None:
    _prefetched.set(None)


def principal_user(*, user_id: Any) -> User | None:
    """The user with their roles and devices, from the cache or (then cached) the database.

    The cache entry fetched along with this request's session is used when it is this
    user's (one round trip for both); a miss there goes straight to the database."""
    key = _key(user_id)
    prefetched = _prefetched.get()
    if prefetched is not None and prefetched[0] == str(user_id):
        _prefetched.set(None)
        entry = prefetched[1]
    else:
        entry = cache.get(key)
    if entry is None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is None:
            return None
        entry = _entry_build(user)
        cache.set(key, entry, settings.PRINCIPAL_CACHE_SECONDS)
    return _user_from_entry(entry)


def principal_device(*, user: User, persistent_id: str):
    """The session's OTP device of this user (other fields deferred), or None."""
    devices = getattr(user, "_principal_devices", {})
    entry = devices.get(persistent_id)
    if entry is None:
        return None
    label, pk, name, confirmed = entry
    model = apps.get_model(label)
    return model.from_db(
        DEFAULT_DB_ALIAS, ["id", "user_id", "name", "confirmed"], [pk, user.pk, name, confirmed]
    )


def principal_forget(*, user_id: Any) -> None:
    """Drop the person's entry now and once the current transaction commits."""
    key = _key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def principal_forget_all() -> int:
    """Drop every person's entry (after a bulk change made behind the ORM); how many."""
    return cache_delete_matching(_key("*"))


def _forget_user(sender, instance, **kwargs) -> None:
    principal_forget(user_id=instance.pk)


def _forget_owner(sender, instance, **kwargs) -> None:
    if instance.user_id is not None:
        principal_forget(user_id=instance.user_id)


def principal_signals_connect() -> None:
    """From AccountsConfig.ready(): every save or delete that changes an entry drops it."""
    from django.db.models.signals import post_delete, post_save

    for signal in (post_save, post_delete):
        signal.connect(_forget_user, sender=User, dispatch_uid=f"principal-user-{signal}")
        signal.connect(_forget_owner, sender=UserRole, dispatch_uid=f"principal-role-{signal}")
        for model in _device_models():
            signal.connect(
                _forget_owner,
                sender=model,
                dispatch_uid=f"principal-device-{model._meta.label}-{signal}",
            )


class PrincipalModelBackend(ModelBackend):
    """Django's ModelBackend whose `get_user` (every signed-in request) reads the cache."""

    def get_user(self, user_id):
        user = principal_user(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
