"""Loaded only into a worker a test starts (`celery worker -I tests.support.crash_hooks`).

A list file that carries CRASH_MARKER kills the worker process reading it with SIGKILL,
as the kernel's OOM killer did to the worker that met the A-and-XFD workbook. Every such
death is first written as one line to the file named by CRASH_LOG (the test counts them).
"""

from __future__ import annotations

import os
import signal

from employers import listfile
from employers.listfile import loader

CRASH_MARKER = b"KILL-THE-WORKER"
_load_csv = listfile.load_csv


def _load_csv_or_die(data: bytes, **kwargs):
    if CRASH_MARKER in data:
        with open(os.environ["CRASH_LOG"], "a") as log:
            log.write(f"{os.getpid()}\n")
        os.kill(os.getpid(), signal.SIGKILL)
    return _load_csv(data, **kwargs)


# The portal reads through the one recogniser (listfile.loader.read), so patch it there.
listfile.load_csv = loader.load_csv = _load_csv_or_die
