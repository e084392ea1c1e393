"""Documents rendered ahead by the worker when their content changes (issue #15).

Payslips: every new payslip's PDF is rendered after its run, so the person's first download
is a stored copy. Contribution records: after a list changes someone's history, their record
is rendered again only if they have asked for it before. The tasks run in process (eager
Celery, after-commit callbacks executed); `html_to_pdf` is counted, never replaced.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from insured.documents import RECORDS_KIND
from insured.models import RecordSource as RecordSourceKind
from insured.services.pdfs import records_pdf_request
from insured.services.records import RecordLine, RecordSource, contribution_records_write_lines
from pensioners.models import Payslip, PensionRuling
from pensioners.selectors.rulings import ruling_get_for_user
from pensioners.services.payslip_pdf import PAYSLIP_KIND
from pensioners.services.payslips import payslips_issue_for_month
from pensioners.services.ruling_pdf import RULING_KIND, ruling_pdf_request
from pensioners.services.rulings import pension_yearly_increases_issue
from tamin.core import document_prerender, pdf
from tamin.core.document_requests import document_request_render
from tamin.core.models import DocumentRequest, IssuedDocument
from tests.accounts.factories import UserFactory
from tests.insured.factories import InsuredPersonFactory, history
from tests.pensioners.factories import pensioner_with_account
from tests.pensioners.factories_payslips import figures
from tests.pensioners.factories_rulings import granted_retiree

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_store(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return settings.PRIVATE_STORAGE_DIR


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Each real WeasyPrint render, counted (the render still happens)."""
    calls: list[int] = []
    real = pdf.html_to_pdf

    def counted(html: str) -> bytes:
        calls.append(len(html))
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return calls


@pytest.fixture
def sent(monkeypatch) -> list[tuple[str, list]]:
    """The pre-render messages sent, run in process like a worker would."""
    messages: list[tuple[str, list]] = []
    real = document_prerender._send

    def recorded(kind: str, jobs: list) -> None:
        messages.append((kind, jobs))
        real(kind, jobs)

    monkeypatch.setattr(document_prerender, "_send", recorded)
    return messages


# --- payslips ------------------------------------------------------------------------------


def test_after_a_payslip_run_the_first_download_is_the_stored_copy(
    client, private_store, renders, sent, django_capture_on_commit_callbacks
):
    # given two pensioners with accounts and the month's figures
    figures(1404)
    user, _pensioner, pension = pensioner_with_account()
    other_user, _other, other_pension = pensioner_with_account()
    # when the month's payslips are issued (the worker runs what is queued after commit)
    with django_capture_on_commit_callbacks(execute=True):
        run = payslips_issue_for_month(year=1404, month=5)
    assert run.issued == 2
    # then one message carried both payslips, and each was rendered once, for its owner
    assert [kind for kind, _jobs in sent] == [PAYSLIP_KIND]
    assert len(renders) == 2
    payslip = Payslip.objects.get(pension=pension)
    stored = IssuedDocument.objects.get(kind=PAYSLIP_KIND, owner=user)
    assert IssuedDocument.objects.filter(kind=PAYSLIP_KIND, owner=other_user).count() == 1
    # when the person downloads it for the first time
    client.force_login(user)
    renders.clear()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("pensioners:payslip_pdf", args=[payslip.pk]))
    # then the request is ready at once with the stored copy: no render, nothing queued
    document_request = DocumentRequest.objects.get(owner=user, kind=PAYSLIP_KIND)
    assert document_request.status == DocumentRequest.Status.READY
    assert document_request.document == stored
    assert response.status_code == 302
    assert renders == []
    assert queued == []
    download = client.get(reverse("document_request_download", args=[document_request.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert other_pension.pk != pension.pk


def test_a_redelivered_payslip_message_renders_nothing(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    figures(1404)
    pensioner_with_account()
    with django_capture_on_commit_callbacks(execute=True):
        payslips_issue_for_month(year=1404, month=5)
    assert len(renders) == 1
    # when the same message is delivered again (late acks after a lost worker)
    kind, jobs = sent[0]
    renders.clear()
    handled = document_prerender.documents_prerender(kind=kind, jobs=jobs)
    # then the stored copy is found: no second render, no second document
    assert handled == 1
    assert renders == []
    assert IssuedDocument.objects.filter(kind=PAYSLIP_KIND).count() == 1


def test_a_pensioner_without_an_account_gets_nothing_queued(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    figures(1404)
    user, _pensioner, _pension = pensioner_with_account()
    user.delete()  # the pensioner never registered on the portal
    with django_capture_on_commit_callbacks(execute=True):
        run = payslips_issue_for_month(year=1404, month=5)
    assert run.issued == 1
    assert sent == []
    assert renders == []


def test_payslips_are_sent_in_bounded_messages(
    monkeypatch, private_store, sent, django_capture_on_commit_callbacks
):
    # given more pensioners than one message carries (messages not run: only their shape)
    monkeypatch.setattr(document_prerender, "_send", lambda kind, jobs: sent.append((kind, jobs)))
    monkeypatch.setattr("pensioners.services.payslip_pdf.PRERENDER_CHUNK_SIZE", 2)
    figures(1404)
    owners = {pensioner_with_account()[0].pk for _ in range(5)}
    with django_capture_on_commit_callbacks(execute=True):
        payslips_issue_for_month(year=1404, month=5)
    # then three messages of at most two payslips, each payslip once, for its owner
    assert [len(jobs) for _kind, jobs in sent] == [2, 2, 1]
    jobs = [job for _kind, chunk in sent for job in chunk]
    assert {owner for owner, _parameters in jobs} == owners
    assert len({parameters["payslip_id"] for _owner, parameters in jobs}) == 5


def test_a_message_past_its_time_budget_sends_the_rest_on(private_store, renders, sent):
    # given a message of three payslips (issued without their pre-render)
    figures(1404)
    jobs = []
    from pensioners.services.payslips import payslip_issue_month

    for _ in range(3):
        user, _pensioner, pension = pensioner_with_account()
        payslip = payslip_issue_month(pension=pension, year=1404, month=5, prerender=False)
        jobs.append([user.pk, {"payslip_id": payslip.pk}])
    # when the worker has no time left after the first one
    handled = document_prerender.documents_prerender(kind=PAYSLIP_KIND, jobs=jobs, time_budget=0)
    # then it rendered one and sent the other two on as a new message, which rendered them
    assert handled == 1
    assert sent[0] == (PAYSLIP_KIND, jobs[1:])
    assert len(renders) == 3
    assert IssuedDocument.objects.filter(kind=PAYSLIP_KIND).count() == 3


def test_one_failing_job_does_not_stop_the_others(private_store, renders):
    figures(1404)
    from pensioners.services.payslips import payslip_issue_month

    user, _pensioner, pension = pensioner_with_account()
    payslip = payslip_issue_month(pension=pension, year=1404, month=5, prerender=False)
    stranger = UserFactory()
    jobs = [[stranger.pk, {"payslip_id": payslip.pk}], [user.pk, {"payslip_id": payslip.pk}]]
    # the stranger's job is refused by the kind's own ownership rule; the owner's renders
    assert document_prerender.documents_prerender(kind=PAYSLIP_KIND, jobs=jobs) == 2
    assert list(IssuedDocument.objects.values_list("owner", flat=True)) == [user.pk]


def test_a_yearly_increase_renders_the_new_rulings_pdf_ahead(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    # given a retiree with an account and a grant before 1404
    user, _pensioner, pension = granted_retiree()
    # when the 1404 increases are issued
    with django_capture_on_commit_callbacks(execute=True):
        assert pension_yearly_increases_issue(year=1404) == 1
    # then the new ruling's PDF was queued for the retiree and rendered once
    ruling = pension.rulings.get(kind=PensionRuling.Kind.YEARLY_INCREASE, year=1404)
    assert sent == [(RULING_KIND, [[user.pk, {"ruling_id": ruling.pk}]])]
    assert len(renders) == 1
    # so the retiree's first request of it is ready at once, without a render
    renders.clear()
    mine = ruling_get_for_user(user=user, ruling_id=ruling.pk)
    assert ruling_pdf_request(user=user, ruling=mine).status == DocumentRequest.Status.READY
    assert renders == []


# --- contribution records ------------------------------------------------------------------


def _list_month(*person_ids: int, month: int = 1, daily_wage: int = 1_000_000):
    """A monthly list of workshop 1000000009 for 1404/<month> naming these people."""
    source = RecordSource(
        kind=RecordSourceKind.MONTHLY_LIST,
        ref=f"list-{month}-{daily_wage}",
        workshop_code="1000000009",
        workshop_name="کارگاه نمونه",
        branch_id=None,
        year=1404,
        month=month,
    )
    lines = [
        RecordLine(
            person_id=person_id,
            days=30,
            daily_wage=daily_wage,
            monthly_wage=daily_wage * 30,
            insurable_benefits=0,
            insurable_total=daily_wage * 30,
            total_pay=daily_wage * 30,
            insured_share=daily_wage * 30 * 7 // 100,
            employer_share=daily_wage * 30 * 23 // 100,
        )
        for person_id in person_ids
    ]
    return source, lines


def _person_with_account(**kwargs):
    user = UserFactory()
    person = InsuredPersonFactory.for_user(user, **kwargs)
    person.save()
    history(person, years=1, start_year=1402)
    return user, person


def test_a_list_renders_the_new_record_of_someone_who_asked_before_and_nobody_else(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    # given one person who downloaded their record PDF and one who never asked
    asker, asker_person = _person_with_account()
    _never, never_person = _person_with_account()
    first = records_pdf_request(person=asker_person, user=asker)
    document_request_render(request_id=first.pk)
    old = IssuedDocument.objects.get(owner=asker, kind=RECORDS_KIND)
    renders.clear()
    # when a monthly list writes a new month for both
    source, lines = _list_month(asker_person.pk, never_person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        result = contribution_records_write_lines(source=source, lines=lines)
    assert result.created == 2
    # then only the asker's record was queued, and a stored document of the new content exists
    assert sent == [(RECORDS_KIND, [[asker.pk, {"person_id": asker_person.pk}]])]
    assert len(renders) == 1
    new = IssuedDocument.objects.filter(owner=asker, kind=RECORDS_KIND).exclude(pk=old.pk).get()
    assert new.content_key != old.content_key
    # so asking again is ready at once with it, without a render
    renders.clear()
    again = records_pdf_request(person=asker_person, user=asker)
    assert again.status == DocumentRequest.Status.READY
    assert again.document == new
    assert renders == []


def test_an_unchanged_list_queues_nothing(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    asker, person = _person_with_account()
    document_request_render(request_id=records_pdf_request(person=person, user=asker).pk)
    source, lines = _list_month(person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        contribution_records_write_lines(source=source, lines=lines)
    sent.clear()
    renders.clear()
    # when the very same list is sent again: nothing written, nothing queued
    with django_capture_on_commit_callbacks(execute=True):
        result = contribution_records_write_lines(source=source, lines=lines)
    assert result.unchanged == 1
    assert sent == []
    assert renders == []


def test_a_record_request_still_pending_counts_as_having_asked(
    private_store, renders, sent, django_capture_on_commit_callbacks
):
    # given a person whose only request of the record is still pending (never rendered)
    asker, person = _person_with_account()
    records_pdf_request(person=person, user=asker)
    # when a list changes their history
    source, lines = _list_month(person.pk, month=2)
    with django_capture_on_commit_callbacks(execute=True):
        contribution_records_write_lines(source=source, lines=lines)
    # then their record is rendered ahead
    assert sent == [(RECORDS_KIND, [[asker.pk, {"person_id": person.pk}]])]
    assert IssuedDocument.objects.filter(owner=asker, kind=RECORDS_KIND).count() == 1


def test_who_asked_is_found_in_one_query(django_assert_num_queries, monkeypatch):
    from insured.services.pdfs import records_prerender_for_persons

    monkeypatch.setattr(document_prerender, "_send", lambda kind, jobs: None)
    people = [_person_with_account()[1].pk for _ in range(5)]
    with django_assert_num_queries(1):
        assert records_prerender_for_persons(person_ids=people) == 0


def test_prerenders_go_to_their_own_queue_not_the_one_people_wait_on():
    from tamin.celery import app

    route = app.amqp.router.route({}, "tamin.core.tasks.document_prerender_task")
    assert route["queue"].name == "documents_ahead"
    asked = app.amqp.router.route({}, "tamin.core.tasks.document_request_render_task")
    assert asked["queue"].name == "documents"
