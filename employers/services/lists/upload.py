"""Upload: check sizes, recognise the files (`listfile.recognise`, as the command does),
store them and queue the parse after commit; the request answers at once.

The employer picks the list's month on the form (a real portal asks the same), so the
row has its year/month before the file is read; the parse then checks that the file
is for that month.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.listfile.loader import ListFiles, recognise
from employers.listfile.types import ListFileError
from employers.models import ListStatus, MonthlyList, Workshop
from employers.selectors.lists import SENT_STATUSES
from employers.services.lists.storage import list_files_store
from tamin.core.exceptions import ApplicationError
from tamin.core.jalali import persian_digits
from tamin.core.services import audit_record

PARSE_PENDING = (ListStatus.UPLOADED, ListStatus.PARSING)


def _read_upload(upload: UploadedFile, *, limit: int) -> bytes:
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(
            _("پرونده «%(name)s» بزرگ‌تر از %(mb)s مگابایت است.")
            % {"name": upload.name, "mb": persian_digits(limit // (1024 * 1024))},
            code="file_too_large",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:  # the declared size may lie
        raise ApplicationError(
            _("پرونده «%(name)s» بزرگ‌تر از حد مجاز است.") % {"name": upload.name},
            code="file_too_large",
        )
    return data


def _recognise(contents: Mapping[str, bytes]) -> ListFiles:
    """The file layer's recogniser; what it refuses is refused here with the portal's words."""
    try:
        return recognise(contents)
    except ListFileError as exc:
        raise ApplicationError(
            _(
                "دو پرونده DSKKAR00.DBF و DSKWOR00.DBF را با هم بارگذاری کنید، "
                "یا یک پرونده CSV یا XLSX."
            ),
            code="bad_file_set",
        ) from exc


def list_next_version(*, workshop: Workshop, year: int, month: int) -> int:
    """1 for the first list of the month; after a sent list, the next corrective version."""
    top = MonthlyList.objects.filter(
        workshop=workshop, year=year, month=month, status__in=SENT_STATUSES
    ).aggregate(top=Max("version"))["top"]
    return (top or 0) + 1


@transaction.atomic
def monthly_list_upload(
    *,
    user: Any,
    workshop: Workshop,
    files: Mapping[str, UploadedFile],
    year: int,
    month: int,
) -> MonthlyList:
    """Store the uploaded file(s) and queue the parse; `files` is {original name: file}."""
    if not 1 <= int(month) <= 12 or not 1300 <= int(year) <= 1500:
        raise ApplicationError(_("سال یا ماه لیست معتبر نیست."), code="bad_period")
    limit = settings.MONTHLY_LIST_MAX_BYTES
    contents = {Path(name).name: _read_upload(f, limit=limit) for name, f in files.items()}
    recognised = _recognise(contents)
    monthly_list = MonthlyList(
        workshop=workshop,
        year=int(year),
        month=int(month),
        version=list_next_version(workshop=workshop, year=int(year), month=int(month)),
        status=ListStatus.UPLOADED,
        file_format=recognised.source_format,
        stored_files=list_files_store(files=recognised),
        uploaded_by=user,
    )
    monthly_list.full_clean()
    monthly_list.save()
    audit_record(
        action="employers.list_uploaded",
        actor=user,
        target=monthly_list,
        after={
            "format": recognised.source_format,
            "year": monthly_list.year,
            "month": monthly_list.month,
        },
    )
    _parse_queue_on_commit(list_id=monthly_list.pk)
    return monthly_list


def _parse_queue_on_commit(*, list_id: int) -> None:
    from employers.tasks import monthly_list_parse_task

    # robust: a broker hiccup must not fail the upload; the list stays "uploaded" and
    # `monthly_lists_requeue_stuck` queues it again.
    transaction.on_commit(lambda: monthly_list_parse_task.delay(list_id), robust=True)


def monthly_lists_requeue_stuck(*, older_than_minutes: int = 10) -> int:
    """Queue again the parse of lists left uploaded/parsing (lost task, killed worker)."""
    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    ids = list(
        MonthlyList.objects.filter(status__in=PARSE_PENDING, updated_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for list_id in ids:
        _parse_queue_on_commit(list_id=list_id)
    return len(ids)
