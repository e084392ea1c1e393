"""Letters between a branch and a workshop.

Two directions, each through the machinery that already carries it:

* the employer writes to the branch (`employer_letter_file`): a draft case of kind
  `employer_letter` routed to the workshop's branch; the employer attaches documents and
  sends it on the case page (`branches.services.cases`), and staff answer it in the
  review queue;
* branch staff write to the workshop (`branch_letter_send`): a notice of kind `letter`
  (`notice_serve`: electronic with the opt-in, else it waits for paper service), once per
  form token, so a double submit sends one letter.

Both appear in the workshop's correspondence timeline (`employers.selectors.correspondence`).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from branches.registry import CODE, HIDDEN, CaseKind, PayloadField
from branches.selectors.staff import staff_membership_get
from branches.services.cases import case_create_draft
from employers.models import Notice, NoticeKind, Workshop
from employers.selectors.correspondence import LETTER_KIND
from employers.selectors.workshops import representative_role_for
from employers.services.inspections import route_to_workshop_branch
from employers.services.notices import notice_serve
from tamin.core.exceptions import ApplicationError
from tamin.core.identifiers import has_control_characters

MAX_SUBJECT = 150
MAX_TEXT = 4000
MIN_TEXT = 10
_TOKEN = re.compile(r"[0-9a-f]{32}", flags=re.ASCII)


def _subject(value: str) -> str:
    subject = " ".join((value or "").split())
    if not subject:
        raise ApplicationError(_("موضوع نامه را بنویسید."), code="letter_subject_required")
    if len(subject) > MAX_SUBJECT or has_control_characters(subject):
        raise ApplicationError(_("موضوع نامه معتبر نیست."), code="letter_subject_invalid")
    return subject


def _text(value: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT or has_control_characters(text, allow_line_breaks=True):
        raise ApplicationError(_("متن نامه معتبر نیست."), code="letter_text_invalid")
    if len(text) < MIN_TEXT:
        raise ApplicationError(_("متن نامه را دست‌کم در یک جمله بنویسید."), code="letter_text_short")
    return text


@transaction.atomic
def employer_letter_file(*, user, workshop: Workshop, subject: str, text: str):
    """A draft letter of the workshop to its branch (a case); returns the case.

    Documents are added, and the letter sent, on the case page.
    """
    if representative_role_for(user=user, workshop=workshop) is None:
        raise ApplicationError(_("شما نماینده این کارگاه نیستید."), code="not_representative")
    subject = _subject(subject)
    payload = {
        "workshop_id": workshop.pk,
        "workshop_code": workshop.code,
        "workshop_name": workshop.name,
        "text": _text(text),
    }
    return case_create_draft(applicant=user, kind=LETTER_KIND, subject=subject, payload=payload)


@transaction.atomic
def branch_letter_send(
    *, staff_user, workshop: Workshop, subject: str, text: str, token: str
) -> Notice:
    """Staff of the workshop's branch write to it: a letter served as a notice.

    `token` (32 hex digits, one per form) makes it once-only: sending the same form twice
    returns the letter already sent. Staff of another branch get 404.
    """
    staff_membership_get(user=staff_user, branch_id=workshop.branch_id)
    if not _TOKEN.fullmatch(token or ""):
        raise ApplicationError(
            _("فرم نامه منقضی شده است؛ صفحه را دوباره باز کنید."), code="letter_token_invalid"
        )
    return notice_serve(
        workshop=workshop,
        kind=NoticeKind.LETTER,
        serve_key=f"letter:{workshop.pk}:{token}",
        title=_subject(subject),
        body=_text(text),
        content={"from_branch": workshop.branch.name},
        issued_by=staff_user,
    )


CASE_KINDS = (
    CaseKind(
        key=LETTER_KIND,
        label="نامه کارگاه به شعبه",
        route=route_to_workshop_branch,
        sla_working_days=10,
        payload_fields=(
            PayloadField("workshop_code", "کد کارگاه", shown_as=CODE),
            PayloadField("workshop_name", "نام کارگاه"),
            PayloadField("text", "متن نامه"),
            PayloadField("workshop_id", "شناسه کارگاه", shown_as=HIDDEN),
        ),
    ),
)
