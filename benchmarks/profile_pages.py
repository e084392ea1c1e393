"""Where a page's time goes: cProfile over the whole WSGI stack on production settings.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tamin_profile \\
        .venv/bin/python benchmarks/profile_pages.py [page …] [--requests 100] [--top 30]

The database is dropped and created anew with the page benchmark's data
(benchmarks/pages.py), then each named page (all when none) is requested through
Django's WSGI handler — every middleware, the template, the response — first a few
times to warm caches, then `--requests` times under cProfile. Prints the functions by
cumulative and by own time, and the queries of one request. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        print("set BENCH_DATABASE_URL=postgres://… (the database is dropped and recreated)")
        return 2
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")

    from benchmarks import pages

    env = pages.server_env(
        database_url=database_url,
        redis_url=redis_url,
        outbox=BASE_DIR / "var/bench/outbox",
        secret_key=secrets.token_urlsafe(50),
    )
    os.environ.update(env)
    pages._collectstatic(env)  # production settings serve hashed names from the manifest
    from benchmarks.run import _recreate_postgres_database

    _recreate_postgres_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    pages._flush_redis(redis_url)
    chosen = [p for p in pages.pages_prepare() if not args.pages or p.key in args.pages]

    import time

    from django.db import connection
    from django.test import Client

    def recorder(log):
        # An execute wrapper, not CaptureQueriesContext: request_started resets the latter.
        def record(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                log.append((time.perf_counter() - started, sql))

        return record

    for page in chosen:
        headers = {k.lower().replace("-", "_"): v for k, v in page.headers.items()}
        client = Client(
            SERVER_NAME=pages.HOST, **{f"HTTP_{k.upper()}": v for k, v in headers.items()}
        )

        def fetch(page=page, client=client):
            response = client.get(page.path, secure=True, HTTP_HOST=pages.HOST)
            assert response.status_code == 200, (page.key, response.status_code)
            return response

        for _ in range(5):
            fetch()
        queries: list[tuple[float, str]] = []
        with connection.execute_wrapper(recorder(queries)):
            fetch()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            fetch()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        total = stats.total_tt  # type: ignore[attr-defined]
        print(f"\n=== {page.key} {page.path}: {total / args.requests * 1000:.2f} ms a request")
        print(f"--- {len(queries)} queries:")
        for seconds, sql in queries:
            print(f"   {seconds * 1000:6.2f} ms  {sql[:300]}")
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
