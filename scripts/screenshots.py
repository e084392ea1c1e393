"""Screenshots of every role's pages at 390 px and 1280 px, for a person to look at.

    .venv/bin/python scripts/screenshots.py [--out var/screenshots]

Runs the page-quality walk (tests/e2e/test_page_quality.py) against a fresh test
database seeded with the demo, with TAMIN_SCREENSHOTS set: the walk then saves,
for each role and each route it reaches, a full-page PNG of the first page of
that route at both widths, named ``<role>--<route>--<width>.png``. The walk's
own findings are printed as pytest prints them; the screenshots are written
whether or not it passes. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WALK = "tests/e2e/test_page_quality.py::test_every_page_of_every_role_reads_as_persian_and_fits"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screenshots")
    out = parser.parse_args().out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    # The walk keeps the first screenshot of a name; start from none so each is of this run.
    for old in out.glob("*--*--*.png"):
        old.unlink()
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed test path
        [sys.executable, "-m", "pytest", WALK, "-q", "-p", "no:randomly", "--create-db"],
        cwd=ROOT,
        env={**os.environ, "TAMIN_SCREENSHOTS": str(out)},
        check=False,
    )
    taken = sorted(out.glob("*.png"))
    print(f"{len(taken)} screenshots in {out}")  # noqa: T201 - what the reviewer opens
    return 0 if taken else result.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
