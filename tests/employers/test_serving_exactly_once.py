"""1,000 notices served in bulk by a real worker killed three times: exactly 1,000 SMS and
1,000 e-mails, none twice (issue #11, "Done when").

* 1,000 opted-in workshops, each with one representative who has a mobile and an e-mail;
  branch staff make one batch (a letter) for all of them;
* a real `celery worker` subprocess (solo pool) on a Redis database of its own serves the
  batch in chunks and delivers the outbox: SMS through the production HTTP gateway adapter
  to a stand-in gateway (tests/notifications/test_exactly_once.py's, which records every
  send by our client id), e-mail through Django's SMTP backend (the production adapter:
  EMAIL_BACKEND from the environment) to a stand-in SMTP server here that records every
  message it accepted and for whom;
* the worker is SIGKILLed and started again, as a supervisor would: twice while it serves
  (right after a chunk committed, at a random moment inside the next one), once while the
  gateway holds an SMS it has already recorded (the worker dies before the answer);
* this process plays beat: the serving sweeper re-queues the batch whose task died (its
  message waits for the broker's visibility timeout), the notification sweeper the
  messages whose attempt died.

Then: 1,000 notices, one per workshop; the gateway got 1,000 SMS, one per mobile, no
client id twice; the SMTP server accepted 1,000 e-mails, one per address. The kill points
come from a seed printed at the start (TAMIN_TEST_SEED replays one).

The worker runs on tamin.settings.dev (base settings, every value from the environment as
on a production host), because tamin.settings.test pins the in-memory e-mail backend.
"""

from __future__ import annotations

import os
import random
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection

from employers.models import (
    Notice,
    NoticeKind,
    Representative,
    RepresentativeRole,
    ServingBatch,
    ServingBatchStatus,
    Workshop,
)
from employers.services.serving import serving_batch_create
from employers.tasks import serving_batches_requeue_stuck_task
from notifications.models import FINAL_STATUSES, Notification, Status
from notifications.tasks import sweep_stuck_notifications_task
from tamin.accounts.models import User
from tamin.core.identifiers import national_code_with_check_digit
from tests.branches.factories import BranchFactory, StaffMembershipFactory
from tests.conftest import _database_url_for
from tests.notifications.stand_in_gateway import serving
from tests.notifications.test_exactly_once import (
    RecordingGateway,
    Supervisor,
    _broker_of_our_own,
    _handler_for,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.xdist_group("celery_worker")]

WORKSHOPS = 1_000
CHUNK = 50  # workshops per chunk in the worker: twenty chunks, so kills land inside one
# Scaled-down timing, the same here (the sweepers) and in the worker.
LEASE_SECONDS = 5
GATEWAY_TIMEOUT = 2.0
# Longer than a queued delivery waits here, so the sweeper only queues what a kill lost
# (published nowhere, or claimed by the killed worker) instead of the whole backlog again.
NOTIFICATION_STUCK_AFTER_SECONDS = 60
SERVING_STUCK_AFTER_SECONDS = 3  # a batch whose worker died is queued again after this
SWEEP_EVERY = 1.0
POLL = 0.01  # while a kill while serving is due: catch the chunk that just committed
IDLE_POLL = 0.2  # otherwise: leave the (shared) CPU to the worker
# Liveness only: fail when nothing moves (served, kills, settled messages) for this long,
# never for being slow on a loaded machine. Longer than the notifications' stuck interval,
# the longest legitimate pause (a killed worker's messages wait for the sweeper).
STALL_SECONDS = 3 * NOTIFICATION_STUCK_AFTER_SECONDS


# --- The stand-in SMTP server --------------------------------------------------------


@dataclass
class SmtpStandIn:
    """Accepts every message; remembers, for each one accepted, whom it was for."""

    host: str = "127.0.0.1"
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: list[tuple[str, ...]] = field(default_factory=list)

    def record(self, recipients: list[str]) -> None:
        with self.lock:
            self.accepted.append(tuple(recipients))

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(address for message in self.accepted for address in message)


def _smtp_handler_for(server: SmtpStandIn) -> type[socketserver.StreamRequestHandler]:
    """Just enough SMTP for Django's SMTP backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
    A message counts as sent when its DATA ends (then, and only then, it answers 250)."""

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def handle(self) -> None:
            self.reply("220 stand-in ESMTP")
            recipients: list[str] = []
            while line := self.rfile.readline(65536):
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    self.reply("250 stand-in")
                elif verb == b"MAIL":
                    recipients = []
                    self.reply("250 OK")
                elif verb == b"RCPT":
                    address = line.decode().split(":", 1)[1].strip().strip("<>")
                    recipients.append(address)
                    self.reply("250 OK")
                elif verb == b"DATA":
                    self.reply("354 end with <CRLF>.<CRLF>")
                    while (data := self.rfile.readline(65536)) not in (b".\r\n", b""):
                        pass
                    if data:
                        server.record(recipients)
                        self.reply("250 OK queued")
                elif verb in (b"RSET", b"NOOP"):
                    self.reply("250 OK")
                elif verb == b"QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("502 not implemented")

    return Handler


@pytest.fixture
def smtp() -> Iterator[SmtpStandIn]:
    stand_in = SmtpStandIn()
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _smtp_handler_for(stand_in))
    server.daemon_threads = True
    stand_in.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gateway() -> Iterator[RecordingGateway]:
    stand_in = RecordingGateway()
    with serving(_handler_for(stand_in)) as url:
        stand_in.url = url
        yield stand_in


# --- The workshops ---------------------------------------------------------------------


def _opted_in_workshops(*, branch, count: int) -> list[Workshop]:
    """`count` opted-in workshops, each with one owner who has a mobile and an e-mail."""
    unusable = make_password(None)
    owners = User.objects.bulk_create(
        User(
            national_code=national_code_with_check_digit(f"{600000000 + i:09d}"),
            mobile=f"0935{i:07d}",
            email=f"owner{i}@example.com",
            first_name="کارفرما",
            last_name=f"شماره {i}",
            password=unusable,
        )
        for i in range(count)
    )
    workshops = Workshop.objects.bulk_create(
        Workshop(
            code=f"{7000000000 + i}",
            name=f"کارگاه {i}",
            employer_name="کارفرما",
            branch=branch,
            e_notification_opt_in=True,
        )
        for i in range(count)
    )
    Representative.objects.bulk_create(
        Representative(user=owner, workshop=workshop, role=RepresentativeRole.OWNER)
        for owner, workshop in zip(owners, workshops, strict=True)
    )
    return workshops


# --- The test ------------------------------------------------------------------------


def test_a_batch_of_1000_sends_each_sms_and_each_email_once_with_a_worker_killed_three_times(
    transactional_db, postgres_required, redis_url, gateway, smtp, settings, tmp_path
):
    from tamin.celery import app

    seed = int(os.environ.get("TAMIN_TEST_SEED") or random.SystemRandom().randrange(2**32))
    print(f"test_serving_exactly_once seed={seed} (TAMIN_TEST_SEED={seed} replays it)")  # noqa: T201
    rng = random.Random(seed)
    # Two kills while serving (once this many workshops are served), one during an SMS send.
    serving_kills_at = [rng.randrange(150, 450)]
    serving_kills_at.append(rng.randrange(serving_kills_at[0] + 150, 900))
    held_kill_at = rng.randrange(600, 950)

    # Given 1,000 opted-in workshops of a branch and its staff member
    branch = BranchFactory()
    staff = StaffMembershipFactory(branch=branch).user
    workshops = _opted_in_workshops(branch=branch, count=WORKSHOPS)
    mobiles = {f"0935{i:07d}" for i in range(WORKSHOPS)}
    emails = {f"owner{i}@example.com" for i in range(WORKSHOPS)}

    # and a worker on the production adapters of both channels, with scaled-down timing
    adapters = {
        "SMS_BACKEND": "notifications.providers.HttpSMSGatewayProvider",
        "SMS_GATEWAY_URL": gateway.url,
        "SMS_GATEWAY_API_KEY": "test-api-key",
        "SMS_GATEWAY_SENDER": "10004346",
        "SMS_GATEWAY_TIMEOUT": str(GATEWAY_TIMEOUT),
        "SMS_SEND_LEASE_SECONDS": str(LEASE_SECONDS),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
    }
    env = {
        **os.environ,
        **adapters,
        "DJANGO_SETTINGS_MODULE": "tamin.settings.dev",
        "DJANGO_DEBUG": "false",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "SERVING_BATCH_CHUNK_SIZE": str(CHUNK),
        "SERVING_BATCH_RUN_SECONDS": "600",  # one task serves on to the end unless killed
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    settings.SMS_SEND_LEASE_SECONDS = LEASE_SECONDS
    settings.SMS_GATEWAY_TIMEOUT = GATEWAY_TIMEOUT
    settings.NOTIFICATION_STUCK_AFTER_SECONDS = NOTIFICATION_STUCK_AFTER_SECONDS
    settings.SERVING_BATCH_STUCK_AFTER_SECONDS = SERVING_STUCK_AFTER_SECONDS
    supervisor = Supervisor(env=env, log_dir=tmp_path)
    kills: list[str] = []

    def kill_while_the_gateway_holds_the_answer(count: int, client_id: str) -> None:
        if count == held_kill_at:
            supervisor.kill()  # recorded by the gateway, never acknowledged to the worker
            kills.append(client_id)

    gateway.on_send = kill_while_the_gateway_holds_the_answer
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    swept_at = 0.0
    try:
        with _broker_of_our_own(redis_url) as broker_url:
            supervisor.env["REDIS_URL"] = broker_url
            supervisor.start()
            # When staff serve one letter to all of them
            batch = serving_batch_create(
                staff_user=staff,
                kind=NoticeKind.LETTER,
                title="اطلاعیه شعبه",
                body="ساعت کار شعبه در روزهای پایانی سال تغییر می‌کند.",
                workshop_ids=[workshop.pk for workshop in workshops],
            )
            seen = 0
            settled = 0
            progress, progress_at = None, time.monotonic()
            while True:
                served = ServingBatch.objects.values_list("served", flat=True).get(pk=batch.pk)
                # (The SMS kill comes after both: by then at least 600 were served.)
                if len(kills) < 2 and served > seen and served >= serving_kills_at[len(kills)]:
                    # A chunk just committed and the task goes on with the next: kill it
                    # somewhere inside that one.
                    time.sleep(rng.uniform(0, 0.5))
                    supervisor.kill()
                    kills.append(f"serving after {served}")
                seen = served
                if supervisor.is_dead():
                    if len(kills) < supervisor.started:
                        pytest.fail(f"the worker died on its own:\n{supervisor.log_tail()}")
                    supervisor.start()  # the supervisor brings it back
                if time.monotonic() - swept_at >= SWEEP_EVERY:  # beat, scaled
                    swept_at = time.monotonic()
                    serving_batches_requeue_stuck_task.apply()
                    sweep_stuck_notifications_task.apply()
                    settled = Notification.objects.filter(status__in=FINAL_STATUSES).count()
                    done = ServingBatch.objects.filter(
                        pk=batch.pk, status=ServingBatchStatus.DONE
                    ).exists()
                    if done and len(kills) == 3 and settled >= 2 * WORKSHOPS:
                        break
                if (served, len(kills), settled) != progress:
                    progress, progress_at = (served, len(kills), settled), time.monotonic()
                if time.monotonic() - progress_at > STALL_SECONDS:
                    pytest.fail(
                        f"serving stalled (seed {seed}): kills={kills} served={served} "
                        f"sms={gateway.sends()} emails={smtp.count()} "
                        f"statuses={dict(Counter(Notification.objects.values_list('status', flat=True)))}"
                        f"\n{supervisor.log_tail()}"
                    )
                time.sleep(POLL if len(kills) < 2 else IDLE_POLL)
    finally:
        supervisor.stop()
        app.conf.task_always_eager = eager

    # Then each workshop has exactly one notice of the batch
    batch.refresh_from_db()
    assert (batch.status, batch.served, batch.total) == ("done", WORKSHOPS, WORKSHOPS)
    served_to = Counter(Notice.objects.filter(batch=batch).values_list("workshop_id", flat=True))
    assert set(served_to) == {workshop.pk for workshop in workshops}
    assert set(served_to.values()) == {1}
    assert Notice.objects.count() == WORKSHOPS

    # and the gateway got 1,000 SMS, no client id twice, one for each representative's mobile
    received = Counter(client_id for client_id, _when in gateway.received)
    twice = {client_id: n for client_id, n in received.items() if n > 1}
    assert twice == {}, f"SMS sent more than once (seed {seed}): {twice}"
    assert len(received) == WORKSHOPS
    to_mobile = dict(
        Notification.objects.filter(client_message_id__in=list(received)).values_list(
            "client_message_id", "to_address"
        )
    )
    assert Counter(to_mobile.values()) == Counter(dict.fromkeys(mobiles, 1))

    # and the SMTP server accepted 1,000 e-mails, one for each representative's address
    assert smtp.count() == WORKSHOPS, f"e-mails accepted (seed {seed}): {smtp.count()}"
    assert smtp.recipients() == Counter(dict.fromkeys(emails, 1))

    # and every outbox row ended delivered (one SMS and one e-mail per notice)
    by_channel = Counter(
        Notification.objects.filter(status=Status.DELIVERED).values_list("channel", flat=True)
    )
    assert by_channel == {"sms": WORKSHOPS, "email": WORKSHOPS}

    # And the kills happened where they were meant to: two while serving, one in doubt at
    # the gateway, whose next attempt asked instead of sending again
    assert len(kills) == 3
    assert [kill.split(" ")[0] for kill in kills[:2]] == ["serving", "serving"]
    in_doubt = Notification.objects.get(client_message_id=kills[2])
    assert in_doubt.attempts >= 2
    assert kills[2] in gateway.status_queries
    assert received[kills[2]] == 1
