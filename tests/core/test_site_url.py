"""`make run` and `make worker` print the server's own address in PDFs (TAMIN_SITE_URL)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def make_dry_run(target: str, *arguments: str, site_url: str | None = None) -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {key: value for key, value in os.environ.items() if key != "TAMIN_SITE_URL"}
    if site_url is not None:
        env["TAMIN_SITE_URL"] = site_url
    result = subprocess.run(
        ["make", "-n", target, *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize("target", ["run", "worker"])
def test_make_run_and_worker_take_the_site_url_from_host_and_port(target):
    # given another port than the default / when the target is (dry-)run
    output = make_dry_run(target, "HOST=127.0.0.1", "PORT=8123")
    # then the server or worker starts with the verify address of that port
    started = [line for line in output.splitlines() if "runserver" in line or "worker" in line]
    assert started
    assert started[-1].startswith("TAMIN_SITE_URL=http://127.0.0.1:8123 ")


def test_a_site_url_in_the_environment_wins():
    output = make_dry_run("run", site_url="https://portal.tamin.test")
    assert "TAMIN_SITE_URL=https://portal.tamin.test " in output
