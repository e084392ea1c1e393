"""Each workload's tasks are published to its own Celery queue on the real Redis broker.

The services are called as the pages and jobs call them, with eager mode off, so their
tasks are really published to Redis; `after_task_publish` tells the queue (the routing
key of the direct exchange) each message went to. A worker may be consuming the same
Redis database under xdist, so the lists themselves are read only by the `queues`
command's test, on a queue no worker consumes. Routing lives in tamin/celery.py
(TASK_QUEUES) and notifications.services.QUEUE_FOR_PRIORITY; the queues are documented in
docs/operations.md, "Celery queues and workers".
"""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator

import pytest
from celery.signals import after_task_publish
from django.core.management import call_command

from employers.models import NoticeKind
from employers.services import lists as list_services
from employers.services.serving import serving_batch_create, serving_batch_run
from insured.documents import RECORDS_KIND
from notifications.models import Notification, Priority
from tamin.accounts.services.sign_in import login_challenge_start
from tamin.celery import QUEUES, TASK_QUEUES, app
from tamin.core.document_requests import document_request_start
from tamin.core.queues import PUBLISHED_AT_HEADER
from tests.accounts.factories import UserFactory
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.employers.factories import RepresentativeFactory, WorkshopFactory
from tests.employers.factories_lists import MONTH, YEAR, list_setup

pytestmark = pytest.mark.django_db

DELIVER = "notifications.tasks.deliver_notification_task"


@pytest.fixture
def published(redis_url, settings) -> Iterator[list[tuple[str, str]]]:
    """(task name, queue) of every message this test publishes to the Redis broker."""
    seen: list[tuple[str, str]] = []

    def record(sender=None, headers=None, routing_key=None, **_):
        seen.append(((headers or {}).get("task", sender), routing_key))

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    after_task_publish.connect(record, weak=False)
    try:
        yield seen
    finally:
        after_task_publish.disconnect(record)
        app.conf.task_always_eager = previous
        # Leave nothing behind for a worker that starts later on this Redis database.
        with app.connection_for_write() as connection:
            for queue in QUEUES:
                connection.default_channel.queue_purge(queue)


def _queues_of(published: list[tuple[str, str]], task: str) -> set[str]:
    return {queue for name, queue in published if name == task}


def test_a_sign_in_code_is_published_to_the_otp_queue(
    published, django_capture_on_commit_callbacks
):
    user = UserFactory(mobile="09121112233")

    with django_capture_on_commit_callbacks(execute=True):
        login_challenge_start(user=user, ip="127.0.0.1")

    code = Notification.objects.get(user=user, template_key="otp_login")
    assert code.priority == Priority.HIGH
    assert _queues_of(published, DELIVER) == {"otp"}


def test_a_batch_and_its_notices_go_to_the_bulk_queue(
    published, django_capture_on_commit_callbacks
):
    branch = BranchFactory()
    staff = StaffMembershipFactory(branch=branch).user
    workshops = [WorkshopFactory(branch=branch, e_notification_opt_in=True) for _ in range(2)]
    for workshop in workshops:
        owner = RepresentativeFactory(workshop=workshop).user
        owner.email = f"owner{workshop.pk}@example.com"
        owner.save(update_fields=["email"])

    # The branch queues a batch: its run is bulk work
    with django_capture_on_commit_callbacks(execute=True):
        batch = serving_batch_create(
            staff_user=staff,
            kind=NoticeKind.LETTER,
            title="اطلاعیه شعبه",
            body="ساعت کار شعبه تغییر می‌کند.",
            workshop_ids=[workshop.pk for workshop in workshops],
        )
    assert _queues_of(published, "employers.tasks.serving_batch_run_task") == {"bulk"}

    # and the worker's run writes an SMS and an e-mail per representative, all on `bulk`
    with django_capture_on_commit_callbacks(execute=True):
        serving_batch_run(batch_id=batch.pk)
    rows = Notification.objects.filter(template_key="employer_notice_served")
    assert rows.count() == 4
    assert set(rows.values_list("priority", flat=True)) == {Priority.BULK}
    deliveries = [queue for name, queue in published if name == DELIVER]
    assert deliveries == ["bulk"] * 4


def test_an_uploaded_list_is_parsed_from_the_lists_queue(
    published, django_capture_on_commit_callbacks
):
    setup = list_setup(workers=1)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = list_services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
        )
    try:
        assert _queues_of(published, "employers.tasks.monthly_list_parse_task") == {"lists"}
    finally:
        for key, name in monthly_list.stored_files.items():
            if key != "name":
                list_services.list_file_discard(name)


def test_a_document_render_is_published_to_the_documents_queue(
    published, django_capture_on_commit_callbacks
):
    owner = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        document_request_start(
            owner=owner,
            kind=RECORDS_KIND,
            content_key=f"routing-test-{uuid.uuid4()}",
            parameters={},
            filename="records.pdf",
        )

    assert _queues_of(published, "tamin.core.tasks.document_request_render_task") == {"documents"}


def test_a_render_ahead_is_published_to_its_own_queue(
    published, django_capture_on_commit_callbacks
):
    # A payslip run's renders go to documents_ahead, never in front of a render someone asked
    # for on documents.
    from tamin.core.document_prerender import documents_prerender_queue

    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        documents_prerender_queue(kind=RECORDS_KIND, jobs=[(owner.pk, {})])

    assert _queues_of(published, "tamin.core.tasks.document_prerender_task") == {"documents_ahead"}


def test_every_route_names_a_declared_queue():
    # A queue not declared would have no worker (`make worker` and compose consume QUEUES).
    assert set(TASK_QUEUES.values()) <= set(QUEUES)
    assert {queue.name for queue in app.conf.task_queues} == set(QUEUES)
    app.loader.import_default_modules()
    for name in TASK_QUEUES:
        assert name in app.tasks, f"a route names no task: {name}"
        assert app.amqp.router.route({}, name)["queue"].name == TASK_QUEUES[name]


def test_the_queues_command_prints_depth_and_the_oldest_messages_age(published):
    # A queue of its own: nothing consumes it, whatever else runs on this Redis database.
    queue = f"queues-test-{uuid.uuid4().hex[:8]}"
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        stamped = {"headers": {PUBLISHED_AT_HEADER: time.time() - 90}, "body": ""}
        newer = {"headers": {PUBLISHED_AT_HEADER: time.time() - 5}, "body": ""}
        # kombu pushes on the left and workers pop on the right: the right end is the oldest.
        client.lpush(queue, json.dumps(stamped), json.dumps(newer), json.dumps(newer))
        try:
            out = io.StringIO()
            call_command("queues", queue, stdout=out)
        finally:
            client.delete(queue)

    line = next(line for line in out.getvalue().splitlines() if line.startswith(queue))
    _name, depth, age = line.split()
    assert depth == "3"
    assert 90 <= float(age) < 300


def test_the_queues_command_lists_every_declared_queue(published):
    out = io.StringIO()
    call_command("queues", stdout=out)

    names = [line.split()[0] for line in out.getvalue().splitlines()[1:]]
    assert names == list(QUEUES)
