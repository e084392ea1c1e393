"""The private file store: uploaded list files, case documents and issued PDFs.

One Django `STORAGES` entry, "private" (settings: PRIVATE_STORAGE_*). Every stored
file is read and written through `private_storage()` by name — a path relative to
the store such as "documents/1404/05/<random>.pdf" — never with `open()` on a path,
so the same code runs on a local directory (the default, `make run`, one host with a
shared volume) and on an S3-compatible bucket (django-storages) in production.

Nothing in the store has a URL: `PrivateFileSystemStorage.url()` refuses, and the S3
bucket is private. Files reach a person only through a view that first checked who
asks (a `*_get_for_user` selector) and then streams `private_open(name)`.

Each area keeps its own top-level folder (`DOCUMENTS_AREA`, …); the rows keep the
name inside the area, so names written before the store existed stay valid once
`manage.py private_store_import` has copied the old folders in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

PRIVATE_STORE = "private"


class PrivateFileSystemStorage(FileSystemStorage):
    """A directory outside the web root (PRIVATE_STORAGE_DIR) with no URL, owner-only files."""

    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, base_url=None, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_STORAGE_DIR)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        # Tests point the store at their own directory with the settings fixture.
        if setting == "PRIVATE_STORAGE_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("files of the private store have no URL; serve them through a view")


def private_storage() -> Storage:
    return storages[PRIVATE_STORE]


def private_name(area: str, name: str) -> str:
    """The name in the store of `name` (a row's value) inside `area`; refuses climbing out."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"invalid stored file name {name!r}")
    return f"{area}/{name}"


def private_save(name: str, content: bytes) -> str:
    """Write `content` under `name` (never over another file); the name actually used."""
    return private_storage().save(name, ContentFile(content))


def private_read(name: str) -> bytes:
    """The whole file; FileNotFoundError (an OSError) when it is not there."""
    with private_storage().open(name, "rb") as handle:
        return handle.read()


def private_open(name: str):
    """An open binary file for streaming (FileResponse closes it)."""
    return private_storage().open(name, "rb")


def private_exists(name: str) -> bool:
    return private_storage().exists(name)


def private_delete(name: str) -> None:
    private_storage().delete(name)
