"""Performance survey writes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Survey
from tamin.core.exceptions import ApplicationError
from tamin.core.services import audit_record


@transaction.atomic
def survey_invite(
    *, respondent, branch=None, medical_centre=None, case=None, booking=None
) -> Survey:
    """Invite the person to rate a closed case or an attended appointment (once per subject).

    Call it inside the transaction that closes the case / checks the person in.
    The invitation itself is shown in the person's pages; callers decide whether
    a notification also goes out.
    """
    if case is None and booking is None:
        raise ApplicationError(
            _("نظرسنجی باید درباره یک پرونده یا نوبت باشد."), code="survey_subject"
        )
    lookup = {"case": case} if case is not None else {"booking": booking}
    survey, created = Survey.objects.get_or_create(
        **lookup,
        defaults={"respondent": respondent, "branch": branch, "medical_centre": medical_centre},
    )
    if created:
        audit_record(action="survey.invited", target=survey, detail={"respondent": respondent.pk})
    return survey


@transaction.atomic
def survey_answer(*, survey: Survey, rating: int, comment: str = "") -> Survey:
    if survey.answered_at is not None:
        raise ApplicationError(_("این نظرسنجی پیش‌تر پاسخ داده شده است."), code="survey_answered")
    if not 1 <= int(rating) <= 5:
        raise ApplicationError(_("امتیاز باید از ۱ تا ۵ باشد."), code="survey_rating")
    survey.rating = int(rating)
    survey.comment = comment.strip()[:2000]
    survey.answered_at = timezone.now()
    survey.full_clean()
    survey.save(update_fields=["rating", "comment", "answered_at", "updated_at"])
    audit_record(
        action="survey.answered",
        actor=survey.respondent,
        target=survey,
        after={"rating": survey.rating},
    )
    return survey
