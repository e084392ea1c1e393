"""One-page documents against the 35-year record (issues #12 and #15): a payslip PDF
freshly rendered and re-downloaded, and a salary certificate (گواهی حقوق) freshly rendered.

A render: what the worker does — the payslip read through `payslip_get_for_user` (the
certificate from its issued row), its data, the template, WeasyPrint, the store — with no
stored copy reused (content_key None), in-process. The re-download: what the second click
does — the payslip read again, its data and content key built, `document_request_start`
answering the ready request of that content, and the stored file read back.

Each is reported against a fresh render of the 35-year contribution record, the portal's
heaviest document, rendered between them in the same run (`measure`): a one-page document
should be at most 1/20 of it (issue #15), the re-download a tiny fraction.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

ROUNDS = 4  # each renders the record once: seconds
RENDERS_PER_ROUND = 5
CACHED_ROUNDS = 50
MAX_SECONDS = 60.0


def _setup():
    """A branch, a pensioner with an account, a pension with its grant, a loan, a payslip."""
    import datetime as dt

    from branches.models import Branch, City, Province
    from pensioners.models import Pension, Pensioner, PensionLoan, PensionRuling
    from pensioners.services.payslips import payslip_issue_month
    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit, sheba_with_check_digits

    province = Province.objects.create(name="استان سنجه فیش", slug="bench-payslips")
    city = City.objects.create(province=province, name="شهر سنجه فیش")
    branch = Branch.objects.create(
        code="B556", name="شعبه سنجه فیش", province=province, city=city, address="آزمون"
    )
    national_code = national_code_with_check_digit("005550556")
    user = User.objects.create_user(national_code, "bench-password-0123", mobile="09125550556")
    pensioner = Pensioner.objects.create(
        national_code=national_code,
        first_name="سنجه",
        last_name="فیش",
        sex="male",
        birth_date=dt.date(1960, 3, 21),
        branch=branch,
        sheba=sheba_with_check_digits("0130000000555000555000"),
        bank_name="بانک رفاه کارگران",
    )
    pension = Pension.objects.create(
        number="955500001",
        pensioner=pensioner,
        kind=Pension.Kind.RETIREMENT,
        insured_national_code=national_code,
        insured_name="سنجه فیش",
        start_date=dt.date(2023, 9, 23),  # 1 Mehr 1402
        spouse_allowance=True,
        children_allowance_count=2,
    )
    PensionRuling.objects.create(
        pension=pension,
        number="BENCH-PAYSLIP-1",
        kind=PensionRuling.Kind.GRANT,
        year=1402,
        effective_from=pension.start_date,
        original_days=10950,
        years_hundredths=3000,
        average_wage=120_000_000,
        amount_after=120_000_000,
    )
    PensionLoan.objects.create(
        pension=pension,
        lender="بانک رفاه کارگران",
        reference="4012-555",
        principal=300_000_000,
        installment_amount=9_500_000,
        installments_total=36,
        installments_deducted=10,
        overdue_installments=2,
        started_on=pension.start_date,
    )
    payslip = payslip_issue_month(pension=pension, year=1404, month=5)
    return user, payslip


def _seconds(action) -> float:
    # Each render starts from a collected heap: what the previous one left (a record leaves
    # hundreds of thousands of boxes) is not charged to the next, whichever it is.
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _salary_certificate(user, payslip):
    from pensioners.models import PensionCertificate
    from pensioners.services.certificates import certificate_issue

    return certificate_issue(
        user=user,
        pension=payslip.pension,
        kind=PensionCertificate.Kind.SALARY,
        addressee="بانک رفاه کارگران، شعبهٔ مرکزی",
    )


@dataclass(frozen=True)
class Measured:
    """Medians in ms, in this run: the record's renders taken between the others'."""

    record_render: float
    payslip_render: float
    payslip_cached: float
    certificate_render: float


def measure(*, record_render: Callable[[], object]) -> Measured:
    """The payslip's and the certificate's fresh renders and the payslip's re-download.

    `record_render` renders the 35-year record (benchmarks/run.py). Each round renders it
    once, then the payslip and the certificate RENDERS_PER_ROUND times each: the machine
    is shared and its speed moves within seconds, so the one-page renders and their
    baseline are taken in the same moments, not one after the other.
    """
    from pensioners.models import PensionCertificate
    from pensioners.selectors.payslips import payslip_get_for_user
    from pensioners.services.certificates import certificate_document_data, certificate_title
    from pensioners.services.payslip_pdf import (
        PAYSLIP_KIND,
        TEMPLATE,
        payslip_document_data,
        payslip_pdf_request,
    )
    from tamin.core import pdf
    from tamin.core.document_requests import document_request_render, document_request_usable

    user, payslip = _setup()
    certificate = _salary_certificate(user, payslip)

    def payslip_render() -> None:
        # What the worker does: the payslip read for its owner, its data, render, store.
        data = payslip_document_data(payslip=payslip_get_for_user(user=user, payslip_id=payslip.pk))
        pdf.render(
            template_name=TEMPLATE,
            data=data,
            kind=PAYSLIP_KIND,
            title="فیش حقوقی",
            owner=user,
            content_key=None,
        )

    def certificate_render() -> None:
        # What the worker does (certificate_pdf_issue) without reusing a stored copy.
        fresh = PensionCertificate.objects.select_related("pension", "pension__pensioner").get(
            pk=certificate.pk
        )
        pdf.render(
            template_name="pensioners/pdf/certificate_salary.html",
            data=certificate_document_data(certificate=fresh),
            kind="bench.pensioners.certificate",
            title=certificate_title(fresh.kind),
            owner=user,
            content_key=None,
        )

    payslip_render()  # warm-up: templates, stylesheets, fonts
    certificate_render()
    record_seconds: list[float] = []
    payslip_seconds: list[float] = []
    certificate_seconds: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS
    for _ in range(ROUNDS):
        if record_seconds and time.monotonic() > deadline:
            break
        record_seconds.append(_seconds(record_render))
        for _ in range(RENDERS_PER_ROUND):
            payslip_seconds.append(_seconds(payslip_render))
            certificate_seconds.append(_seconds(certificate_render))

    # The first click: a request rendered by the worker (here, in-process).
    first = payslip_pdf_request(payslip=payslip, user=user)
    document_request_render(request_id=first.pk)

    def redownload() -> int:
        mine = payslip_get_for_user(user=user, payslip_id=payslip.pk)
        document_request = payslip_pdf_request(payslip=mine, user=user)
        if document_request.pk != first.pk or not document_request_usable(document_request):
            raise RuntimeError("the re-download was not the stored copy")
        return len(pdf.document_open(document=document_request.document))

    size = redownload()
    cached_seconds = [_seconds(redownload) for _ in range(CACHED_ROUNDS)]
    print(
        f"  payslip PDF of {size} bytes: {len(payslip_seconds)} renders and "
        f"{len(certificate_seconds)} of the salary certificate between {len(record_seconds)} "
        f"of the record; {len(cached_seconds)} re-downloads"
    )
    return Measured(
        record_render=statistics.median(record_seconds) * 1000,
        payslip_render=statistics.median(payslip_seconds) * 1000,
        payslip_cached=statistics.median(cached_seconds) * 1000,
        certificate_render=statistics.median(certificate_seconds) * 1000,
    )
