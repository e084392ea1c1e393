"""Account writes, one module per concern; import them from here.

Flows (views keep only ids and attempt ids in the session):

- Registration (`registration`): `registration_start` (identity check, SMS
  code) → `registration_confirm_mobile` → `registration_complete` (the user is
  created only here, so nothing exists half-way).
- Sign-in (`sign_in`): `login_password_step` (the password behind django-axes;
  the pages and the app API both call it) → `login_challenge_verify` (SMS code
  for citizens, authenticator app for staff).
- Password reset (`password_reset`): `password_reset_start` →
  `password_reset_confirm_code` → `password_reset_complete` (signs the person
  out everywhere).
- App sign-ins (`api_tokens`): `api_sign_in_create` (after the second factor: an
  access and a refresh token) → `api_sign_in_refresh` (rotation; a spent refresh token
  presented again revokes the sign-in) → `api_sign_in_revoke` (the app's sign-out).
- Sessions, roles, e-mail: `sessions` (`user_sign_out_everywhere` ends the web sessions
  and the app sign-ins alike), `roles`, `email_address`.

Registration and reset starts answer alike whether or not an account exists:
where no code may be sent, the attempt is a decoy (`otp.decoy_issue`) that the
code page treats like any other, so neither page tells who has an account.
Each purpose spends its own send budget and starts are also counted per client
address (`code_budgets`). Every security event writes an audit row.
"""

from tamin.accounts.services.api_tokens import (
    REFRESH_INVALID_CODE,
    REFRESH_INVALID_MESSAGE,
    ApiTokenPair,
    api_sign_in_create,
    api_sign_in_refresh,
    api_sign_in_revoke,
    api_sign_in_touch,
    api_sign_ins_prune,
    api_token_digest,
)
from tamin.accounts.services.codes import CodeSent, mask_mobile
from tamin.accounts.services.email_address import user_email_update
from tamin.accounts.services.password_reset import (
    password_reset_complete,
    password_reset_confirm_code,
    password_reset_start,
)
from tamin.accounts.services.registration import (
    registration_complete,
    registration_confirm_mobile,
    registration_start,
)
from tamin.accounts.services.roles import user_role_grant
from tamin.accounts.services.sessions import user_sign_out_everywhere
from tamin.accounts.services.sign_in import (
    LOCKED_OUT_MESSAGE,
    METHOD_SMS,
    METHOD_TOTP,
    LoginChallenge,
    LoginLockedOut,
    LoginStarted,
    login_challenge_start,
    login_challenge_verify,
    login_password_step,
)

__all__ = [
    "LOCKED_OUT_MESSAGE",
    "METHOD_SMS",
    "METHOD_TOTP",
    "REFRESH_INVALID_CODE",
    "REFRESH_INVALID_MESSAGE",
    "ApiTokenPair",
    "CodeSent",
    "LoginChallenge",
    "LoginLockedOut",
    "LoginStarted",
    "api_sign_in_create",
    "api_sign_in_refresh",
    "api_sign_in_revoke",
    "api_sign_in_touch",
    "api_sign_ins_prune",
    "api_token_digest",
    "login_challenge_start",
    "login_challenge_verify",
    "login_password_step",
    "mask_mobile",
    "password_reset_complete",
    "password_reset_confirm_code",
    "password_reset_start",
    "registration_complete",
    "registration_confirm_mobile",
    "registration_start",
    "user_email_update",
    "user_role_grant",
    "user_sign_out_everywhere",
]
