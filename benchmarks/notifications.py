"""A sign-in code's SMS while 10,000 bulk notices drain on their own queue (issue #15).

As production runs it: real Celery worker processes on Redis with production settings,
one consuming `otp` and one consuming `bulk` (small concurrency: the machine has two
cores), PostgreSQL, and the production SMS adapter (notifications.providers.
HttpSMSGatewayProvider) pointed at a stub gateway this process serves on 127.0.0.1 —
the gateway is the only thing stood in for, and only behind the same adapter.

The "web" side runs in a child process with the same production settings (`python -m
benchmarks.notifications drive …`): it asks for sign-in codes by the real sign-in path
(tamin.accounts.services.sign_in.login_challenge_start: the code, its budget, the outbox
row, the task published after commit) one every CODE_INTERVAL seconds, and notes the
time of each request. The stub notes when each SMS reaches it. A code's latency is the
time from its request to the stub receiving it.

- baseline: CODES codes with the bulk queue idle; its p95;
- value: BULK_NOTICES bulk SMS notices written through notify(priority="bulk") in one
  transaction (published to `bulk` at commit), then at once CODES codes as above; their
  p95, and how many bulk notices reached the stub between the first code's request and
  the last code's arrival.

Bounded: every wait has a deadline (WAIT_SECONDS), the counts are fixed, and what is
still queued at the end is purged. Needs PostgreSQL (BENCH_DATABASE_URL) and Redis
(BENCH_QUEUES_REDIS_URL, default redis://127.0.0.1:6379/7, flushed at the start: give it
a database of its own). Target: p95 < 2 s while the bulk queue drains.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BULK_NOTICES = 10_000
CODES = int(os.environ.get("BENCH_SIGNIN_CODES", "40"))
CODE_INTERVAL = 0.4  # seconds between two sign-in requests
OTP_CONCURRENCY = 1
BULK_CONCURRENCY = 2
WAIT_SECONDS = 120.0  # the longest any one wait may take
WORKER_START_SECONDS = 60.0
CODE_MOBILE_PREFIX = "0912"  # sign-in users; bulk recipients are 0936…
BULK_MOBILE_PREFIX = "0936"
P95_TARGET_SECONDS = 2.0


class NotAvailable(Exception):
    """PostgreSQL or Redis is missing: the measurement cannot run as production runs."""


# --- the stub gateway (same contract as docs/deploy.md: Kavenegar-shaped) -----------------


@dataclass
class StubGateway:
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    # (receptor, localid, wall-clock time received)
    received: list[tuple[str, str, float]] = field(default_factory=list)

    def record(self, receptor: str, localid: str, at: float) -> int:
        with self.lock:
            self.received.append((receptor, localid, at))
            return len(self.received)

    def snapshot(self) -> list[tuple[str, str, float]]:
        with self.lock:
            return list(self.received)


def _handler_for(gateway: StubGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _reply(self, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            at = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            number = gateway.record(form.get("receptor", ""), form.get("localid", ""), at)
            # Status 10: handed to the phone at once (no receipt to wait for).
            entry = {"messageid": 700_000 + number, "status": 10}
            self._reply({"return": {"status": 200, "message": "ok"}, "entries": [entry]})

        def do_GET(self) -> None:  # a status query: this stub never lost a message
            self._reply({"return": {"status": 200, "message": "ok"}, "entries": []})

        def log_message(self, format: str, *args) -> None:
            pass

    return Handler


@contextmanager
def stub_gateway():
    gateway = StubGateway()
    server = ThreadingHTTPServer((HOST, 0), _handler_for(gateway))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://{HOST}:{server.server_address[1]}"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


# --- production-shaped processes ----------------------------------------------------------


def production_env(*, database_url: str, redis_url: str, gateway_url: str) -> dict[str, str]:
    """Production settings as a deployment sets them, with the gateway at the stub.

    Real values, not stand-ins: the system checks (tamin.core.checks) stay as they are.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "SMS_", "TAMIN_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tamin.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": "portal.tamin.gov.ir",
            "TAMIN_SITE_URL": "https://portal.tamin.gov.ir",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "SMS_BACKEND": "notifications.providers.HttpSMSGatewayProvider",
            "SMS_GATEWAY_URL": gateway_url,
            "SMS_GATEWAY_API_KEY": secrets.token_hex(16),
            "SMS_GATEWAY_SENDER": "10001420",
            "DELIVERY_RECEIPT_TOKEN": secrets.token_urlsafe(32),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


@dataclass
class Worker:
    queue: str
    process: subprocess.Popen
    nodename: str
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _worker_start(*, queue: str, concurrency: int, env: dict, log_dir: Path) -> Worker:
    nodename = f"bench-{queue}-{os.getpid()}@{HOST}"
    log_path = log_dir / f"worker-{queue}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("celery")),
                "-A",
                "tamin",
                "worker",
                "-Q",
                queue,
                f"--concurrency={concurrency}",  # prefork, as production runs it
                "--prefetch-multiplier=1",
                "-n",
                nodename,
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Worker(queue=queue, process=process, nodename=nodename, log_path=log_path)


def _wait_ready(worker: Worker) -> None:
    deadline = time.monotonic() + WORKER_START_SECONDS
    while f"{worker.nodename} ready." not in worker.log_tail(400):
        if worker.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the {worker.queue} worker did not start:\n{worker.log_tail()}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def _drive(*, env: dict, mode: str, offset: int, out: Path, log_dir: Path) -> dict:
    """Run the web side in a child process with production settings; its JSON report."""
    log_path = log_dir / f"drive-{mode}-{offset}.log"
    with log_path.open("wb") as log:
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.notifications",
                "drive",
                mode,
                str(offset),
                str(out),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=WAIT_SECONDS * 3,
            check=False,
        )
    if completed.returncode != 0:
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"the driver ({mode}) failed:\n{tail}")
    return json.loads(out.read_text())


# --- measuring ----------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _latencies(*, gateway: StubGateway, codes: list[list], workers: list[Worker]) -> list[float]:
    """Seconds from each code's request to the stub receiving it (waits for all, bounded)."""
    wanted = dict(codes)
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        arrived = {localid: at for _r, localid, at in gateway.snapshot() if localid in wanted}
        if len(arrived) == len(wanted):
            return [arrived[client_id] - wanted[client_id] for client_id in wanted]
        for worker in workers:
            if worker.process.poll() is not None:
                raise RuntimeError(f"the {worker.queue} worker died:\n{worker.log_tail()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{len(wanted) - len(arrived)} codes never reached the gateway")
        time.sleep(0.1)


@dataclass
class Measured:
    p95_ms: float
    baseline_p95_ms: float
    p50_ms: float
    max_ms: float
    codes: int
    bulk_queued: int
    bulk_drained_meanwhile: int
    window_seconds: float


def _flush(redis_url: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def measure(*, database_url: str) -> Measured:
    import redis

    if not database_url.startswith("postgres"):
        raise NotAvailable("needs PostgreSQL as production runs: set BENCH_DATABASE_URL")
    redis_url = os.environ.get("BENCH_QUEUES_REDIS_URL", "redis://127.0.0.1:6379/7")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        raise NotAvailable(f"needs Redis at {redis_url}: {exc}") from None
    _flush(redis_url)  # a run's leftovers (queued messages, send budgets) must not count

    from django.db import connections

    connections.close_all()  # the children write the same database
    log_dir = BASE_DIR / "var" / "bench" / "notifications"
    log_dir.mkdir(parents=True, exist_ok=True)
    with stub_gateway() as gateway:
        env = production_env(
            database_url=database_url, redis_url=redis_url, gateway_url=gateway.url
        )
        workers = [
            _worker_start(queue="otp", concurrency=OTP_CONCURRENCY, env=env, log_dir=log_dir),
            _worker_start(queue="bulk", concurrency=BULK_CONCURRENCY, env=env, log_dir=log_dir),
        ]
        try:
            for worker in workers:
                _wait_ready(worker)
            print(
                f"  workers: otp (concurrency {OTP_CONCURRENCY}), bulk (concurrency "
                f"{BULK_CONCURRENCY}); stub gateway {gateway.url}"
            )
            baseline_run = _drive(
                env=env, mode="codes", offset=0, out=log_dir / "baseline.json", log_dir=log_dir
            )
            baseline = _latencies(gateway=gateway, codes=baseline_run["codes"], workers=workers)

            loaded_run = _drive(
                env=env,
                mode="bulk-codes",
                offset=CODES,
                out=log_dir / "loaded.json",
                log_dir=log_dir,
            )
            loaded = _latencies(gateway=gateway, codes=loaded_run["codes"], workers=workers)
        finally:
            for worker in workers:
                _stop(worker.process)
            _flush(redis_url)  # what the bulk worker did not reach is dropped

    first_request = min(requested for _c, requested in loaded_run["codes"])
    last_arrival = first_request + max(
        requested - first_request + latency
        for (_c, requested), latency in zip(loaded_run["codes"], loaded, strict=True)
    )
    received = gateway.snapshot()
    drained = sum(
        1
        for receptor, _l, at in received
        if receptor.startswith(BULK_MOBILE_PREFIX) and first_request <= at <= last_arrival
    )
    bulk_total = sum(1 for receptor, _l, _a in received if receptor.startswith(BULK_MOBILE_PREFIX))
    print(
        f"  bulk: {loaded_run['bulk_queued']} queued in {loaded_run['bulk_seconds']:.1f} s; "
        f"{drained} reached the gateway while the codes were sent "
        f"({last_arrival - first_request:.1f} s), {bulk_total} before the workers stopped"
    )
    print(
        f"  codes: baseline p95 {_p95(baseline) * 1000:.0f} ms; under bulk p50 "
        f"{sorted(loaded)[len(loaded) // 2] * 1000:.0f} ms, p95 {_p95(loaded) * 1000:.0f} ms, "
        f"max {max(loaded) * 1000:.0f} ms (target p95 < {P95_TARGET_SECONDS:.0f} s)"
    )
    return Measured(
        p95_ms=_p95(loaded) * 1000,
        baseline_p95_ms=_p95(baseline) * 1000,
        p50_ms=sorted(loaded)[len(loaded) // 2] * 1000,
        max_ms=max(loaded) * 1000,
        codes=len(loaded),
        bulk_queued=loaded_run["bulk_queued"],
        bulk_drained_meanwhile=drained,
        window_seconds=last_arrival - first_request,
    )


# --- the web side (child process, production settings) ------------------------------------


def _sign_in_users(*, count: int, offset: int) -> list:
    from django.contrib.auth.hashers import make_password

    from tamin.accounts.models import User
    from tamin.core.identifiers import national_code_with_check_digit

    unusable = make_password(None)  # the code step follows a password step not measured here
    return User.objects.bulk_create(
        User(
            national_code=national_code_with_check_digit(f"{610000000 + offset + i:09d}"),
            mobile=f"{CODE_MOBILE_PREFIX}{5000000 + offset + i:07d}",
            first_name="کاربر",
            last_name="سنجه",
            password=unusable,
        )
        for i in range(count)
    )


def _bulk_notices_queue(count: int) -> float:
    """`count` bulk SMS notices through notify(), published to `bulk` when they commit."""
    from django.db import transaction

    from notifications.services import Recipient, notify

    started = time.monotonic()
    with transaction.atomic():
        for i in range(count):
            notify(
                recipient=Recipient(mobile=f"{BULK_MOBILE_PREFIX}{i:07d}"),
                template_key="employer_notice_served",
                context={
                    "workshop": f"کارگاه سنجه {i}",
                    "workshop_code": f"{8000000000 + i}",
                    "kind": "اعلام بدهی",
                    "number": f"{900000 + i}",
                    "title": "اعلام بدهی سنجه",
                    "served_on": "۱۴۰۵/۰۹/۱۳",
                    "respond_until": "",
                },
                channels=["sms"],
                idempotency_key=f"bench-bulk:{i}",
                priority="bulk",
            )
    return time.monotonic() - started


def _codes_send(users: list) -> list[list]:
    """One sign-in code per user, one every CODE_INTERVAL s: [client id, request time]."""
    from notifications.models import Notification
    from tamin.accounts.services.sign_in import login_challenge_start

    codes = []
    next_at = time.monotonic()
    for user in users:
        next_at += CODE_INTERVAL
        requested = time.time()
        challenge = login_challenge_start(user=user, ip="127.0.0.1")
        key = f"login:{challenge.device_id}:{challenge.attempt_id}"
        row = Notification.objects.filter(idempotency_key=key).values("client_message_id").get()
        codes.append([str(row["client_message_id"]), requested])
        time.sleep(max(0.0, next_at - time.monotonic()))
    return codes


def drive(mode: str, offset: int, out: Path) -> None:
    import django

    sys.path.insert(0, str(BASE_DIR))
    django.setup()
    report: dict = {"bulk_queued": 0, "bulk_seconds": 0.0}
    users = _sign_in_users(count=CODES, offset=offset)
    if mode == "bulk-codes":
        report["bulk_seconds"] = _bulk_notices_queue(BULK_NOTICES)
        report["bulk_queued"] = BULK_NOTICES
    report["codes"] = _codes_send(users)
    out.write_text(json.dumps(report))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "drive":
        drive(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        sys.exit("usage: python -m benchmarks.notifications drive codes|bulk-codes OFFSET OUT")
