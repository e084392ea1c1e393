"""The notification preferences form (shape only)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    sms = forms.BooleanField(label=_("پیام‌های اطلاع‌رسانی با پیامک"), required=False)
    email = forms.BooleanField(label=_("پیام‌های اطلاع‌رسانی با ایمیل"), required=False)
