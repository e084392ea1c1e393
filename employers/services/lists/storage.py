"""Where a list's uploaded files live: the only module that reads or writes them.

The bytes go to the private store (tamin.core.storage) as monthly-lists/<random hex
name>, served by no URL; the row is written after the files, so no row names half a
file. The list row
keeps the names in `stored_files`: {"DSKKAR00": name, "DSKWOR00": name} for a DBF
pair, {"list": name, "name": original file name} for a CSV/XLSX.
"""

from __future__ import annotations

import secrets

from employers.listfile.loader import ListFiles
from employers.listfile.types import KAR, WOR
from employers.models import ListFormat, MonthlyList
from tamin.core.storage import private_delete, private_name, private_read, private_save

LIST_DIR_NAME = "monthly-lists"
DBF_NAMES = (KAR, WOR)


def _store_name(name: str) -> str:
    # Stored names are ours (hex); refuse anything else rather than trust a database value.
    if not name or not all(c in "0123456789abcdef" for c in name):
        raise ValueError("bad stored name")
    return private_name(LIST_DIR_NAME, name)


def _store(data: bytes) -> str:
    """Write the bytes under a fresh random name; return the name."""
    name = secrets.token_hex(16)
    private_save(_store_name(name), data)
    return name


def list_file_discard(name: str) -> None:
    """Remove one stored file (a row's `stored_files` value)."""
    private_delete(_store_name(name))


def list_files_store(*, files: ListFiles) -> dict[str, str]:
    """Store recognised files; returns the `stored_files` value of the list row."""
    if files.source_format == ListFormat.DBF:
        return {KAR: _store(files.kar), WOR: _store(files.wor)}
    return {"list": _store(files.data), "name": files.name}


def monthly_list_files(*, monthly_list: MonthlyList) -> dict[str, bytes]:
    """The uploaded files as {file name: bytes}, the shape `listfile.load` reads."""
    stored = monthly_list.stored_files
    if monthly_list.file_format == ListFormat.DBF:
        return {f"{key}.DBF": private_read(_store_name(stored[key])) for key in DBF_NAMES}
    return {stored["name"]: private_read(_store_name(stored["list"]))}
