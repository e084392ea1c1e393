"""The form of serving in bulk: what to serve, and to which workshops of the staff's branch."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from employers.models import NoticeKind
from employers.selectors.serving import workshop_codes_resolve, workshops_with_debt_ids
from employers.services.serving import SELECTION_WITH_DEBT
from tamin.core.forms import PlainTextField
from tamin.core.identifiers import normalize_digits
from tamin.core.jalali import format_code, format_number

SELECTION_CODES = "codes"
CODES_SHOWN = 20  # codes named in one message; the rest are counted
BODY_MAX_LENGTH = 4000
_TOKEN = re.compile(r"[0-9a-f]{32}", flags=re.ASCII)
_PASTED_NOISE = re.compile(r"[\s\-‌]")  # spaces, dashes and ZWNJ people paste


def _codes_named(codes: list[str]) -> str:
    """«۱۲۳…، ۴۵۶…» and, past CODES_SHOWN, «و ۱۲ کد دیگر»."""
    named = "، ".join(format_code(code) for code in codes[:CODES_SHOWN])
    rest = len(codes) - CODES_SHOWN
    if rest > 0:
        named += " " + _("و %(count)s کد دیگر") % {"count": format_number(rest)}
    return named


class ServingBatchForm(forms.Form):
    """`branches`: the branches the staff member works at; with several, one is chosen.

    Cleaned: `branch_id`, `kind`, `title`, `body`, `selection`, and `workshop_ids` (the
    workshops the batch would serve now: the branch's workshops in debt, or the typed
    codes, each of which must be a workshop of the branch).
    """

    branch = forms.TypedChoiceField(label=_lazy("شعبه"), coerce=int)
    kind = forms.ChoiceField(
        label=_lazy("نوع ابلاغیه"),
        choices=[
            (NoticeKind.DEBT, _lazy("اعلام بدهی (بدهی هر کارگاه به متن افزوده می‌شود)")),
            (NoticeKind.LETTER, _lazy("نامه (یک متن برای همه)")),
        ],
        widget=forms.RadioSelect,
        initial=NoticeKind.DEBT,
    )
    title = PlainTextField(label=_lazy("عنوان ابلاغیه"), max_length=200)
    body = PlainTextField(
        label=_lazy("متن"),
        multiline=True,
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_lazy("برای نامه الزامی است؛ در اعلام بدهی پیش از ارقام بدهی می‌آید."),
    )
    selection = forms.ChoiceField(
        label=_lazy("کارگاه‌ها"),
        choices=[
            (SELECTION_WITH_DEBT, _lazy("همه کارگاه‌های شعبه که بدهی دارند")),
            (SELECTION_CODES, _lazy("کارگاه‌هایی که کدشان را در زیر می‌نویسم")),
        ],
        widget=forms.RadioSelect,
        initial=SELECTION_WITH_DEBT,
    )
    codes = PlainTextField(
        label=_lazy("کد کارگاه‌ها"),
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "ltr", "inputmode": "numeric"}),
        help_text=_lazy("هر کد ۱۰ رقمی در یک سطر."),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args, branches: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.branches = branches
        # Room for every code a batch may hold, one a line, with what people paste around it.
        codes = self.fields["codes"]
        codes.max_length = settings.SERVING_BATCH_MAX_WORKSHOPS * 16
        codes.validators.append(MaxLengthValidator(codes.max_length))
        if len(branches) > 1:
            self.fields["branch"].choices = [(branch.pk, branch.name) for branch in branches]
        else:
            del self.fields["branch"]

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        if not _TOKEN.fullmatch(token):
            raise ValidationError(_("این فرم معتبر نیست؛ صفحه را دوباره باز کنید."), code="token")
        return token

    def _codes_parse(self, text: str) -> list[str] | None:
        """The typed codes, once each in the order typed; None after adding an error."""
        codes, bad = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            code = _PASTED_NOISE.sub("", normalize_digits(line))
            if not code:
                continue
            if re.fullmatch(r"[0-9]{10}", code, flags=re.ASCII):
                codes.append(code)
            else:
                bad.append(number)
        if bad:
            self.add_error(
                "codes",
                _("این سطرها کد کارگاه ۱۰ رقمی نیستند: سطر %(lines)s")
                % {"lines": "، ".join(format_number(n) for n in bad[:CODES_SHOWN])},
            )
            return None
        codes = list(dict.fromkeys(codes))
        if not codes:
            self.add_error("codes", _("کد کارگاه‌ها را بنویسید، هر کد در یک سطر."))
            return None
        limit = settings.SERVING_BATCH_MAX_WORKSHOPS
        if len(codes) > limit:
            self.add_error(
                "codes",
                _("یک ابلاغ گروهی حداکثر %(limit)s کارگاه دارد و این فهرست %(count)s کد.")
                % {"limit": format_number(limit), "count": format_number(len(codes))},
            )
            return None
        return codes

    def clean(self):
        data = super().clean()
        if self.branches and "branch" not in self.fields:
            data["branch_id"] = self.branches[0].pk
        else:
            data["branch_id"] = data.get("branch")
        if data.get("kind") == NoticeKind.LETTER and not (data.get("body") or "").strip():
            self.add_error("body", _("متن نامه را بنویسید."))
        branch_id = data["branch_id"]
        if branch_id is None or self.errors:
            return data
        if data.get("selection") == SELECTION_WITH_DEBT:
            data["workshop_ids"] = workshops_with_debt_ids(branch_id=branch_id)
            if not data["workshop_ids"]:
                self.add_error("selection", _("هیچ کارگاهی از این شعبه بدهی ندارد."))
            elif len(data["workshop_ids"]) > settings.SERVING_BATCH_MAX_WORKSHOPS:
                self.add_error(
                    "selection",
                    _(
                        "%(count)s کارگاه بدهی دارند و یک ابلاغ گروهی حداکثر %(limit)s کارگاه "
                        "دارد؛ کد کارگاه‌ها را در چند ابلاغ بنویسید."
                    )
                    % {
                        "count": format_number(len(data["workshop_ids"])),
                        "limit": format_number(settings.SERVING_BATCH_MAX_WORKSHOPS),
                    },
                )
            return data
        codes = self._codes_parse(data.get("codes") or "")
        if codes is None:
            return data
        resolved = workshop_codes_resolve(branch_id=branch_id, codes=codes)
        if resolved.unknown:
            self.add_error(
                "codes",
                _("کارگاهی با این کدها ثبت نشده است: %(codes)s")
                % {"codes": _codes_named(resolved.unknown)},
            )
        if resolved.other_branch:
            self.add_error(
                "codes",
                _("این کارگاه‌ها از شعبه شما نیستند و به آن‌ها ابلاغ نمی‌شود: %(codes)s")
                % {"codes": _codes_named(resolved.other_branch)},
            )
        data["workshop_ids"] = resolved.workshop_ids
        return data
