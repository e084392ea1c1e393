"""Static files built and collected the way the production image builds them.

Shared by tests/test_deploy_pages.py (every page as every role) and
tests/e2e/test_deploy_map.py (the directory map in a browser). `build()`:

1. copies static/ without vendor/ and fills vendor/ with
   `scripts/vendor-assets.sh`, the script the Dockerfile and `make assets` run;
2. runs `collectstatic` in a separate process with the settings module and the
   environment the Dockerfile's collectstatic step uses (read from the
   Dockerfile), so the storage is production's own; only STATIC_ROOT and
   STATICFILES_DIRS point at the temporary directory;
3. returns the settings a test applies to serve that STATIC_ROOT through
   whitenoise with DEBUG off, as the image's web process does.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
VENDOR_SCRIPT = BASE_DIR / "scripts" / "vendor-assets.sh"
SUBPROCESS_TIMEOUT = 300

# Run with the image's build environment; prints what the web process needs to know.
_COLLECT_AS_THE_IMAGE_DOES = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.STATIC_ROOT, settings.STATICFILES_DIRS = sys.argv[1], [sys.argv[2]]
call_command("collectstatic", "--noinput", verbosity=0)
print(json.dumps({
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "debug": settings.DEBUG,
    "dev_outbox_page": settings.DEV_OUTBOX_PAGE,
}))
"""


@dataclass(frozen=True)
class ProductionStatic:
    root: Path
    overrides: dict
    # Every hashed URL in the manifest, e.g. "/static/vendor/leaflet/leaflet.cc48e11dbfdc.js".
    manifest_urls: frozenset[str]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (BASE_DIR / "Dockerfile").read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


def image_collectstatic_env() -> dict[str, str]:
    """The ENV of the Dockerfile's last stage plus the assignments on its collectstatic RUN."""
    env: dict[str, str] = {}
    collect_run = None
    for keyword, arguments in dockerfile_instructions():
        if keyword == "FROM":
            env.clear()  # a new stage starts from its base image's environment
        elif keyword == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(arguments) if "=" in word)
        elif keyword == "RUN" and "collectstatic" in arguments:
            collect_run = arguments
    assert collect_run, "the Dockerfile runs no collectstatic"
    for word in shlex.split(collect_run):
        if not re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", word):
            break
        name, value = word.split("=", 1)
        env[name] = value
    return env


def build(work: Path) -> ProductionStatic:
    node_modules = BASE_DIR / "node_modules"
    if not (node_modules / "bootstrap").is_dir():
        pytest.fail("node_modules/ is missing: run `make assets` (make test does)")
    sources = work / "static"
    # Our own files as in the checkout; vendor/ exactly as the image builds it.
    shutil.copytree(BASE_DIR / "static", sources, ignore=shutil.ignore_patterns("vendor"))
    subprocess.run(
        ["sh", str(VENDOR_SCRIPT), str(node_modules), str(sources / "vendor")],
        cwd=BASE_DIR,
        check=True,
        timeout=SUBPROCESS_TIMEOUT,
    )

    root = work / "staticfiles"
    basics = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", _COLLECT_AS_THE_IMAGE_DOES, str(root), str(sources)],
        cwd=BASE_DIR,
        env={**basics, **image_collectstatic_env()},
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"collectstatic as the image runs it failed:\n{result.stderr}"
    production = json.loads(result.stdout.strip().splitlines()[-1])
    assert production["debug"] is False

    overrides = {
        "DEBUG": production["debug"],
        "DEV_OUTBOX_PAGE": production["dev_outbox_page"],
        "STATICFILES_DIRS": [sources],
        "STATIC_ROOT": root,
        "STORAGES": {**settings.STORAGES, "staticfiles": {"BACKEND": production["storage"]}},
    }
    manifest = json.loads((root / "staticfiles.json").read_text())
    urls = frozenset(settings.STATIC_URL + name for name in manifest["paths"].values())
    return ProductionStatic(root=root, overrides=overrides, manifest_urls=urls)
