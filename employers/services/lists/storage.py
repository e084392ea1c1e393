"""Where a list's uploaded files live: the only module that reads or writes them.

The bytes go under MEDIA_ROOT/monthly-lists/<random hex name> (served by no URL),
written whole and then renamed, so a reader never sees half a file. The list row
keeps the names in `stored_files`: {"DSKKAR00": name, "DSKWOR00": name} for a DBF
pair, {"list": name, "name": original file name} for a CSV/XLSX.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from employers.listfile.loader import ListFiles
from employers.listfile.types import KAR, WOR
from employers.models import ListFormat, MonthlyList

LIST_DIR_NAME = "monthly-lists"
DBF_NAMES = (KAR, WOR)


def list_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / LIST_DIR_NAME


def _store(data: bytes) -> str:
    """Write the bytes under a fresh random name (whole, then renamed); return the name."""
    directory = list_directory()
    directory.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    partial = directory / f".{name}.part"
    with open(partial, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(partial, 0o600)
    partial.replace(directory / name)
    return name


def _stored_path(name: str) -> Path:
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise ValueError("bad stored name")
    return list_directory() / name


def list_files_store(*, files: ListFiles) -> dict[str, str]:
    """Store recognised files; returns the `stored_files` value of the list row."""
    if files.source_format == ListFormat.DBF:
        return {KAR: _store(files.kar), WOR: _store(files.wor)}
    return {"list": _store(files.data), "name": files.name}


def monthly_list_files(*, monthly_list: MonthlyList) -> dict[str, bytes]:
    """The uploaded files as {file name: bytes}, the shape `listfile.load` reads."""
    stored = monthly_list.stored_files
    if monthly_list.file_format == ListFormat.DBF:
        return {f"{key}.DBF": _stored_path(stored[key]).read_bytes() for key in DBF_NAMES}
    return {stored["name"]: _stored_path(stored["list"]).read_bytes()}
