"""Django's password validators with the portal's own Persian messages.

Django's messages are English for the length rule and, where translated, use «رمز عبور»
and a colloquial phrase; the portal says «گذرواژه» everywhere, in formal Persian. The
rules themselves are Django's; only what a person reads changes. AUTH_PASSWORD_VALIDATORS
names these classes.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _

from tamin.core.jalali import persian_digits


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("این گذرواژه کوتاه است؛ گذرواژه باید دست‌کم %(count)s نویسه باشد.") % {
            "count": persian_digits(self.min_length)
        }

    def get_help_text(self) -> str:
        return _("گذرواژه باید دست‌کم %(count)s نویسه باشد.") % {
            "count": persian_digits(self.min_length)
        }


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        # %(verbose_name)s is filled by Django with the field's (Persian) verbose name.
        return _("این گذرواژه به %(verbose_name)s شما بسیار شبیه است.")

    def get_help_text(self) -> str:
        return _("گذرواژه نباید به اطلاعات شخصی شما شبیه باشد.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("این گذرواژه بسیار رایج است و به‌آسانی حدس زده می‌شود.")

    def get_help_text(self) -> str:
        return _("گذرواژه نباید از گذرواژه‌های رایج باشد.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("گذرواژه نباید فقط از رقم تشکیل شده باشد.")

    def get_help_text(self) -> str:
        return _("گذرواژه باید افزون بر رقم، حرف یا نشانه نیز داشته باشد.")
