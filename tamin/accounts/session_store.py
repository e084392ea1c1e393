"""Cached database sessions whose key names their person: one cache round trip per request.

Every signed-in request reads two cache entries: its session, then the person's principal
entry (tamin/accounts/principal.py), whose key needs the user id that the session holds, so
the second read waits for the first. A session signed in here has a key ending in its
person's id (`<24 random characters>-<user id>`, a new key as soon as the sign-in is
written), and `load` asks the cache for both entries at once. The id in the key only says
which principal entry to fetch along: the session itself still names its person, and the
fetched entry is used only for that person, in that request (`principal_prefetch`).

24 random characters of [a-z0-9] are 124 bits; the id makes the key at most 40 characters
(Django's column) for ids up to 15 digits. Sessions without an id in their key (made before
this store, or not signed in) read as before.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.crypto import get_random_string

RANDOM_CHARS = 24
MAX_ID_DIGITS = 15
_SEPARATOR = "-"


def session_user_id(session_key: str | None) -> str | None:
    """The user id a session key names, or None."""
    if not session_key or _SEPARATOR not in session_key:
        return None
    random_part, _, user_id = session_key.rpartition(_SEPARATOR)
    if len(random_part) != RANDOM_CHARS or not user_id.isdigit() or len(user_id) > MAX_ID_DIGITS:
        return None
    return user_id


class SessionStore(cached_db.SessionStore):
    def _get_new_session_key(self) -> str:
        user_id = str(getattr(self, "_session_cache", {}).get(SESSION_KEY) or "")
        if not (user_id.isdigit() and len(user_id) <= MAX_ID_DIGITS):
            return super()._get_new_session_key()
        while True:
            key = f"{get_random_string(RANDOM_CHARS, VALID_KEY_CHARS)}{_SEPARATOR}{user_id}"
            if not self.exists(key):
                return key

    def load(self) -> dict:
        user_id = session_user_id(self.session_key)
        if user_id is None or settings.SESSION_CACHE_ALIAS != "default":
            return super().load()
        from tamin.accounts.principal import principal_cache_key, principal_prefetch

        principal_key = principal_cache_key(user_id)
        try:
            found = self._cache.get_many([self.cache_key, principal_key])
        except Exception:  # as Django's: an unreadable cache is a missing entry
            found = {}
        principal_prefetch(user_id=user_id, entry=found.get(principal_key))
        data = found.get(self.cache_key)
        return data if data is not None else super().load()


def session_key_name_person(*, request, user) -> None:
    """After a sign-in is written into the session: a new key that names the person (from
    `user_logged_in`). Sessions of another engine are left alone."""
    session = getattr(request, "session", None)
    if isinstance(session, SessionStore) and session_user_id(session.session_key) != str(user.pk):
        session.cycle_key()
