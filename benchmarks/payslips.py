"""A one-page payslip PDF: a fresh render, and the cached re-download (issue #12, item 6).

The render: what the worker does for a payslip — its data read through
`payslip_get_for_user`, the template, WeasyPrint, the store — with no stored copy
reused (content_key None), in-process. The cached re-download: what the second click
does — the payslip read again, its data and content key built, `document_request_start`
answering the ready request of that content, and the stored file read back.

Both are reported against the fresh render of the 35-year contribution record PDF that
`bench_insured_pdf` measures in the same run (benchmarks/run.py), the portal's heaviest
document: the payslip should be a small fraction of it, the re-download a tiny one.
"""

from __future__ import annotations

import statistics
import time

RENDER_ROUNDS = 5
CACHED_ROUNDS = 50
MAX_SECONDS = 30.0


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


def measure() -> tuple[float, float]:
    """(fresh render ms, cached re-download ms) of one payslip, medians, in this run."""
    from pensioners.selectors.payslips import payslip_get_for_user
    from pensioners.services.payslip_pdf import (
        PAYSLIP_KIND,
        TEMPLATE,
        payslip_document_data,
        payslip_pdf_request,
    )
    from tamin.core import pdf
    from tamin.core.document_requests import document_request_render, document_request_usable

    user, payslip = _setup()

    def fresh_render() -> None:
        data = payslip_document_data(payslip=payslip_get_for_user(user=user, payslip_id=payslip.pk))
        pdf.render(
            template_name=TEMPLATE,
            data=data,
            kind=PAYSLIP_KIND,
            title="فیش حقوقی",
            owner=user,
            content_key=None,
        )

    fresh_render()  # warm-up: template, fonts
    render_seconds: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS
    for _ in range(RENDER_ROUNDS):
        if render_seconds and time.monotonic() > deadline:
            break
        started = time.perf_counter()
        fresh_render()
        render_seconds.append(time.perf_counter() - started)

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
    cached_seconds: list[float] = []
    deadline = time.monotonic() + MAX_SECONDS
    for _ in range(CACHED_ROUNDS):
        if cached_seconds and time.monotonic() > deadline:
            break
        started = time.perf_counter()
        redownload()
        cached_seconds.append(time.perf_counter() - started)
    print(
        f"  payslip PDF of {size} bytes: {len(render_seconds)} renders, {len(cached_seconds)} re-downloads"
    )
    return statistics.median(render_seconds) * 1000, statistics.median(cached_seconds) * 1000
