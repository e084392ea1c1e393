"""Static files built and collected the way the production image builds them.

Shared by tests/test_deploy_pages.py (every page as every role) and
tests/e2e/test_deploy_map.py (the directory map in a browser): `build()` copies
static/ without vendor/, fills vendor/ with `scripts/vendor-assets.sh` (the
script the Dockerfile and `make assets` run), and runs `collectstatic` with the
staticfiles storage production settings name. `overrides` are the settings a
test applies to serve that STATIC_ROOT with whitenoise and DEBUG off.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.test_infra import SUBPROCESS_TIMEOUT, _production_env, _python

BASE_DIR = Path(__file__).resolve().parent.parent
VENDOR_SCRIPT = BASE_DIR / "scripts" / "vendor-assets.sh"

# Printed by a process that imports the production settings with an operator's
# environment (tests/test_infra.py), as the image's collectstatic step does.
_READ_PRODUCTION_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
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


def _production_settings() -> dict:
    result = _python(_READ_PRODUCTION_SETTINGS, _production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def build(work: Path) -> ProductionStatic:
    node_modules = BASE_DIR / "node_modules"
    if not (node_modules / "bootstrap").is_dir():
        pytest.fail("node_modules/ is missing: run `make assets` (make test does)")
    production = _production_settings()
    assert production["debug"] is False

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
    overrides = {
        "DEBUG": production["debug"],
        "DEV_OUTBOX_PAGE": production["dev_outbox_page"],
        "STATICFILES_DIRS": [sources],
        "STATIC_ROOT": root,
        "STORAGES": {**settings.STORAGES, "staticfiles": {"BACKEND": production["storage"]}},
    }
    with override_settings(**overrides):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((root / "staticfiles.json").read_text())
    urls = frozenset(settings.STATIC_URL + name for name in manifest["paths"].values())
    return ProductionStatic(root=root, overrides=overrides, manifest_urls=urls)
