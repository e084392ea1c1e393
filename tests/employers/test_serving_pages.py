"""Serving pages for branch staff: 404 for anyone else and for another branch's batch; the
form refuses unknown and other branches' codes in Persian and makes nothing; confirm makes
the batch once; the batch page shows its progress and polls only while it runs."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from employers.models import Notice, NoticeKind, ServingBatch, ServingBatchStatus
from employers.services.serving import serving_batch_run
from tamin.accounts.dashboard import dashboard_links_for_role
from tamin.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory
from tests.employers.test_serving import letter_batch, staff_of, workshop_with_representative

pytestmark = pytest.mark.django_db


def _batch_pages(batch) -> list[str]:
    return [
        reverse("employers:serving_batch_detail", args=[batch.pk]),
        reverse("employers:serving_batch_status", args=[batch.pk]),
    ]


def _form(**fields) -> dict:
    return {
        "kind": NoticeKind.LETTER,
        "title": "اطلاعیه شعبه",
        "body": "ساعت کار شعبه تغییر کرد.",
        "selection": "codes",
        "codes": "",
        "token": uuid.uuid4().hex,
        **fields,
    }


@pytest.fixture
def branch_batch():
    branch = BranchFactory()
    staff = staff_of(branch)
    batch = letter_batch(staff=staff, workshops=[workshop_with_representative(branch=branch)])
    return branch, staff, batch


def test_the_pages_are_404_for_anyone_not_staff(client, branch_batch):
    _branch, _staff, batch = branch_batch
    for person in (UserFactory(), RepresentativeFactory().user):
        client.force_login(person)
        for url in [
            reverse("employers:serving_batches"),
            reverse("employers:serving_batch_new"),
            *_batch_pages(batch),
        ]:
            assert client.get(url).status_code == 404, url
        retry = reverse("employers:serving_batch_retry", args=[batch.pk])
        assert client.post(retry).status_code == 404
        assert client.post(reverse("employers:serving_batch_new"), _form()).status_code == 404
    assert ServingBatch.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, branch_batch):
    response = client.get(reverse("employers:serving_batches"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_another_branchs_batch_is_404_and_not_listed(client, branch_batch):
    _branch, _staff, batch = branch_batch
    other_staff = staff_of(BranchFactory())
    client.force_login(other_staff)
    for url in _batch_pages(batch):
        assert client.get(url).status_code == 404, url
    ServingBatch.objects.filter(pk=batch.pk).update(status=ServingBatchStatus.FAILED)
    retry = reverse("employers:serving_batch_retry", args=[batch.pk])
    assert client.post(retry).status_code == 404
    assert ServingBatch.objects.get(pk=batch.pk).status == ServingBatchStatus.FAILED
    listed = client.get(reverse("employers:serving_batches"))
    assert listed.status_code == 200
    assert batch.title not in listed.content.decode()
    assert "هنوز ابلاغ گروهی‌ای از شعبه شما ثبت نشده است." in listed.content.decode()


def test_the_list_shows_my_branchs_batches_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    branch = BranchFactory()
    staff = staff_of(branch)
    workshop = workshop_with_representative(branch=branch)
    for number in "۱۲۳۴۵۶":
        letter_batch(staff=staff, workshops=[workshop], title=f"اطلاعیه {number}")
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employers:serving_batches"))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"اطلاعیه {number}" in page for number in "۱۲۳۴۵۶")
    assert "۰ از ۱" in page
    assert "در صف" in page  # the status label, never its key
    assert ">queued<" not in page


def test_unknown_and_other_branch_codes_are_named_in_persian_and_nothing_is_made(client):
    # Given staff, a workshop of their branch and one of another branch
    branch = BranchFactory()
    staff = staff_of(branch)
    mine = workshop_with_representative(branch=branch)
    theirs = workshop_with_representative(branch=BranchFactory())
    client.force_login(staff)

    # When they paste both codes, a code nobody has, and a line that is no code
    codes = f"{mine.code}\n{theirs.code}\n۱۲۳۴۵۶۷۸۹۰\n"
    response = client.post(reverse("employers:serving_batch_new"), _form(codes=codes))

    # Then the form says which codes are unknown and which are another branch's
    page = response.content.decode()
    assert response.status_code == 200
    assert "کارگاهی با این کدها ثبت نشده است: ۱۲۳۴۵۶۷۸۹۰" in page
    assert "این کارگاه‌ها از شعبه شما نیستند و به آن‌ها ابلاغ نمی‌شود:" in page
    assert theirs.code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page
    bad_line = client.post(
        reverse("employers:serving_batch_new"), _form(codes=f"{mine.code}\nabc\n")
    )
    assert "این سطرها کد کارگاه ۱۰ رقمی نیستند: سطر ۲" in bad_line.content.decode()
    no_body = client.post(reverse("employers:serving_batch_new"), _form(codes=mine.code, body=""))
    assert "متن نامه را بنویسید." in no_body.content.decode()
    # and nothing was made
    assert ServingBatch.objects.count() == 0
    assert Notice.objects.count() == 0


def test_staff_check_confirm_and_the_batch_is_made_once(client, django_capture_on_commit_callbacks):
    # Given staff of a branch with two workshops, one without the e-notification opt-in
    branch = BranchFactory()
    staff = staff_of(branch)
    first = workshop_with_representative(branch=branch)
    second = workshop_with_representative(branch=branch, opt_in=False)
    client.force_login(staff)
    form = client.get(reverse("employers:serving_batch_new"))
    assert form.status_code == 200
    token = form.context["form"].initial["token"]
    data = _form(codes=f"{first.code}\n{second.code}\n{first.code}", token=token)

    # When they send the form, they see what will happen before anything is made
    check = client.post(reverse("employers:serving_batch_new"), data)
    assert check.status_code == 200
    assert check.templates[0].name == "employers/serving/confirm.html"
    summary = check.content.decode()
    assert "ابلاغ به ۲ کارگاه" in summary
    assert (check.context["electronic"], check.context["paper"]) == (1, 1)
    assert ServingBatch.objects.count() == 0
    # and «edit» brings the form back as typed
    back = client.post(reverse("employers:serving_batch_new"), {**data, "edit": "1"})
    assert back.templates[0].name == "employers/serving/new.html"
    assert "اطلاعیه شعبه" in back.content.decode()

    # When they confirm (twice: a double click)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        made = client.post(reverse("employers:serving_batch_new"), {**data, "confirm": "1"})
        again = client.post(reverse("employers:serving_batch_new"), {**data, "confirm": "1"})

    # Then one batch is made and queued, and both land on its page
    batch = ServingBatch.objects.get()
    assert made.status_code == again.status_code == 302
    assert (
        made["Location"]
        == again["Location"]
        == reverse("employers:serving_batch_detail", args=[batch.pk])
    )
    assert batch.workshop_ids == [first.pk, second.pk]
    assert (batch.kind, batch.created_by, batch.branch) == (NoticeKind.LETTER, staff, branch)
    assert len(queued) == 1


def test_staff_of_two_branches_choose_the_branch_the_codes_belong_to(client):
    # Given staff working at two branches, and a workshop of the second
    first, second = BranchFactory(), BranchFactory()
    staff = staff_of(first)
    StaffMembershipFactory(user=staff, branch=second)
    workshop = workshop_with_representative(branch=second)
    client.force_login(staff)
    form = client.get(reverse("employers:serving_batch_new")).content.decode()
    assert 'name="branch"' in form
    assert first.name in form
    assert second.name in form

    # When they choose the first branch, the code is another branch's; a branch not theirs
    # is no choice at all
    wrong = client.post(
        reverse("employers:serving_batch_new"), _form(branch=first.pk, codes=workshop.code)
    )
    assert "این کارگاه‌ها از شعبه شما نیستند" in wrong.content.decode()
    stranger = client.post(
        reverse("employers:serving_batch_new"),
        _form(branch=BranchFactory().pk, codes=workshop.code),
    )
    assert stranger.templates[0].name == "employers/serving/new.html"
    assert stranger.context["form"].has_error("branch")

    # Then with the second branch it is served from there
    data = _form(branch=second.pk, codes=workshop.code)
    client.post(reverse("employers:serving_batch_new"), {**data, "confirm": "1"})
    batch = ServingBatch.objects.get()
    assert (batch.branch, batch.workshop_ids) == (second, [workshop.pk])


def test_the_debt_selection_needs_a_workshop_in_debt(client):
    branch = BranchFactory()
    staff = staff_of(branch)
    workshop_with_representative(branch=branch)
    client.force_login(staff)
    data = _form(kind=NoticeKind.DEBT, selection="debt", body="")
    response = client.post(reverse("employers:serving_batch_new"), data)
    assert "هیچ کارگاهی از این شعبه بدهی ندارد." in response.content.decode()
    debtor = workshop_with_representative(branch=branch, debt=400_000)
    check = client.post(reverse("employers:serving_batch_new"), data)
    assert check.context["total"] == 1
    client.post(reverse("employers:serving_batch_new"), {**data, "confirm": "1"})
    assert ServingBatch.objects.get().workshop_ids == [debtor.pk]


def test_the_batch_page_polls_while_it_runs_and_shows_the_outcome(client, branch_batch):
    _branch, staff, batch = branch_batch
    client.force_login(staff)
    status_url = reverse("employers:serving_batch_status", args=[batch.pk])

    # While queued: the status label and progress, polled by htmx
    page = client.get(reverse("employers:serving_batch_detail", args=[batch.pk])).content.decode()
    assert "در صف" in page
    assert f'hx-get="{status_url}"' in page
    assert "۰ از ۱ کارگاه بررسی شد." in page

    # Once served: the fragment stops polling and counts the notices
    serving_batch_run(batch_id=batch.pk)
    fragment = client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "انجام شد" in fragment
    assert "hx-get" not in fragment
    assert "۱ از ۱ کارگاه بررسی شد." in fragment
    assert 'data-testid="electronic">۱<' in fragment


def test_a_failed_batch_offers_to_go_on(client, branch_batch):
    _branch, staff, batch = branch_batch
    ServingBatch.objects.filter(pk=batch.pk).update(status=ServingBatchStatus.FAILED)
    client.force_login(staff)
    page = client.get(reverse("employers:serving_batch_detail", args=[batch.pk])).content.decode()
    assert "ناموفق" in page
    retry = reverse("employers:serving_batch_retry", args=[batch.pk])
    assert f'action="{retry}"' in page
    response = client.post(retry)
    assert response.status_code == 302
    assert ServingBatch.objects.get(pk=batch.pk).status == ServingBatchStatus.QUEUED
    # a second retry is refused with a message, nothing changes
    client.post(retry)
    assert ServingBatch.objects.get(pk=batch.pk).status == ServingBatchStatus.QUEUED


def test_the_staff_dashboard_links_to_serving(client):
    staff = staff_of(BranchFactory())
    client.force_login(staff)
    urls = [link.url_name for link in dashboard_links_for_role(Role.STAFF)]
    assert "employers:serving_batches" in urls
    assert client.get(reverse("employers:serving_batches")).status_code == 200
    page = client.get(reverse("employers:serving_batches")).content.decode()
    assert reverse("employers:serving_batch_new") in page
