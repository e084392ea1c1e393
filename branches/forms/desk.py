"""Forms of the 1420 contact desk pages (shape only; the rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import TicketStatus
from branches.selectors import desk as selectors
from branches.services import desk as services
from tamin.content.selectors import Audience
from tamin.core.forms import PlainTextField


def _category_choices() -> list[tuple[str, str]]:
    return [(c.key, c.title) for c in selectors.ticket_category_list()]


class TicketForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("موضوع کلی"), choices=())
    subject = PlainTextField(label=gettext_lazy("عنوان"), max_length=services.SUBJECT_MAX)
    body = PlainTextField(
        multiline=True,
        label=gettext_lazy("متن پرسش یا مشکل"),
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("گذرواژه یا کد یک‌بارمصرف خود را هرگز اینجا ننویسید."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("انتخاب کنید")), *_category_choices()]


class MessageForm(forms.Form):
    body = PlainTextField(
        multiline=True,
        label=gettext_lazy("متن پیام"),
        max_length=services.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FaqForm(forms.Form):
    """A ticket's question and answer as a common question of the public content."""

    category = forms.ChoiceField(
        label=gettext_lazy("موضوع"),
        choices=(),
        help_text=gettext_lazy("سرگروه پرسش در صفحهٔ مرکز تماس"),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("مخاطب"), choices=Audience.choices, initial=Audience.ALL
    )
    question = PlainTextField(label=gettext_lazy("پرسش"), max_length=services.QUESTION_MAX)
    answer = PlainTextField(
        multiline=True,
        label=gettext_lazy("پاسخ"),
        max_length=services.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("نام، کد ملی و هر نشانه‌ای از درخواست‌کننده را حذف کنید."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _category_choices()


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("وضعیت"),
        required=False,
        choices=[("", gettext_lazy("همه")), *TicketStatus.choices],
    )
    category = forms.ChoiceField(label=gettext_lazy("موضوع"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("همه")), *_category_choices()]
