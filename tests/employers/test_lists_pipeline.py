"""One list pipeline: the portal and `monthly_list check` recognise files with the same
recogniser, report with the same error codes, and the row fields are mapped by one table
(parse → store → download gives back the reference writer's bytes)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.urls import reverse

from employers import listfile
from employers.demo.lists import as_uploads
from employers.listfile import loader
from employers.listfile.codes import INTERNAL_ERROR
from employers.management.commands.monthly_list import run_check
from employers.models import ListStatus, MonthlyList
from employers.selectors.list_errors import RULE_LABELS
from employers.services import lists as services
from tests.employers.factories_lists import MONTH, YEAR, list_setup, stored_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _renamed(files: dict[str, bytes], *, wor_first: bool) -> dict[str, bytes]:
    """The pair under the names a payroll program might give it: kar.dbf and wor.dbf."""
    kar, wor = files["DSKKAR00.DBF"], files["DSKWOR00.DBF"]
    return {"wor.dbf": wor, "kar.dbf": kar} if wor_first else {"kar.dbf": kar, "wor.dbf": wor}


@pytest.mark.parametrize(("workers", "wor_first"), [(3, False), (1, True)])
def test_a_kar_wor_pair_is_accepted_by_the_portal_and_by_the_command(
    client, django_capture_on_commit_callbacks, tmp_path, workers, wor_first
):
    # given a valid list saved as kar.dbf / wor.dbf (with one worker both files hold one
    # record, so only their fields tell the header from the rows)
    setup = list_setup(workers=workers)
    files = _renamed(setup.files(), wor_first=wor_first)

    # when an owner uploads it on the upload page
    client.force_login(setup.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employers:list_upload", args=[setup.workshop.pk]),
            {"year": YEAR, "month": MONTH, "files": list(as_uploads(files).values())},
        )
    # then the portal takes it as a DBF pair and finds it valid
    assert response.status_code == 302
    monthly_list = MonthlyList.objects.get()
    assert stored_errors(monthly_list) == []
    assert monthly_list.status == ListStatus.VALID
    assert monthly_list.worker_count == workers

    # when the same two files are checked by the command
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    result = run_check(paths)
    # then the command accepts them too, with the same rows and shares
    assert result["errors"] == []
    assert result["ok"] is True
    assert result["rows"] == workers
    assert result["totals"]["insured_share"] == monthly_list.insured_share


def test_an_unreadable_file_set_is_refused_by_both(client, tmp_path):
    # given a DBF and a CSV: no recogniser can make a list of them
    setup = list_setup(workers=1)
    files = {"kar.dbf": setup.files()["DSKKAR00.DBF"], "list.csv": b"DSK_ID\n"}
    # when the owner uploads them, and the command checks them
    client.force_login(setup.user)
    page = client.post(
        reverse("employers:list_upload", args=[setup.workshop.pk]),
        {"year": YEAR, "month": MONTH, "files": list(as_uploads(files).values())},
    )
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    result = run_check([str(tmp_path / name) for name in files])
    # then the page refuses the upload and the command names the recogniser's reason
    assert page.status_code == 400
    assert "DSKKAR00.DBF" in page.content.decode()
    assert not MonthlyList.objects.exists()
    assert [error["code"] for error in result["errors"]] == ["files_unknown"]


def test_an_unexpected_failure_has_one_code_in_the_command_json_and_the_portal(
    django_capture_on_commit_callbacks, monkeypatch, tmp_path
):
    # given a reader with a bug (an exception no reader is allowed to raise), met by both
    # the portal's parse and the command, which read through the same recogniser
    def broken_read(*args, **kwargs):
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(loader, "read", broken_read)
    setup = list_setup(workers=1)

    # when the portal parses an upload
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = services.monthly_list_upload(
            user=setup.user, workshop=setup.workshop, files=setup.uploads(), year=YEAR, month=MONTH
        )
    portal_codes = [error["code"] for error in stored_errors(monthly_list)]
    # and the command checks the same files, with --json
    paths = []
    for name, data in setup.files().items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("monthly_list", "check", *paths, "--json", stdout=out)
    command_codes = [error["code"] for error in json.loads(out.getvalue())["errors"]]

    # then both report the one code of the vocabulary, and people see its label
    assert portal_codes == command_codes == [INTERNAL_ERROR] == ["internal_error"]
    assert INTERNAL_ERROR in RULE_LABELS


def test_parse_then_download_gives_the_reference_writer_bytes(
    client, django_capture_on_commit_callbacks
):
    # given a list written by the reference writer (listfile.write_dbf_pair)
    setup = list_setup(workers=3)
    reference = setup.files()
    # when the portal parses it, stores its rows (field table → columns) and the owner
    # downloads it again (columns → field table → writer)
    with django_capture_on_commit_callbacks(execute=True):
        monthly_list = services.monthly_list_upload(
            user=setup.user,
            workshop=setup.workshop,
            files=as_uploads(reference),
            year=YEAR,
            month=MONTH,
        )
    monthly_list.refresh_from_db()
    assert monthly_list.status == ListStatus.VALID
    client.force_login(setup.user)
    response = client.get(reverse("employers:list_dbf_download", args=[monthly_list.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    # then the rows are byte for byte the reference writer's
    assert archive.read("DSKWOR00.DBF") == reference["DSKWOR00.DBF"]
    # and so is the header, but for the address the portal takes from the workshop
    expected = listfile.load_dbf_pair(reference["DSKKAR00.DBF"], reference["DSKWOR00.DBF"])
    expected = replace(expected.header, address=setup.workshop.address)
    kar, wor = archive.read("DSKKAR00.DBF"), archive.read("DSKWOR00.DBF")
    assert listfile.load_dbf_pair(kar, wor).header == expected
    assert listfile.write_dbf_pair(listfile.load_dbf_pair(kar, wor))[0] == kar


@pytest.mark.django_db(transaction=True)
def test_migration_renames_stored_internal_errors_to_the_one_code():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    # given a list parsed before the vocabulary was one: its error stored as `internal`
    setup = list_setup(workers=1)
    before = [("employers", "0007_ledger_penalty_key")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    error = {"file": "", "row": 0, "field": "", "code": "internal", "message": "x"}
    old_list = old_apps.get_model("employers", "MonthlyList").objects.create(
        workshop_id=setup.workshop.pk,
        year=YEAR,
        month=MONTH,
        status="invalid",
        file_format="dbf",
        uploaded_by_id=setup.user.pk,
        error_count=1,
        error_summary=[{"code": "internal", "count": 1, "first": [{"position": 1, **error}]}],
    )
    old_apps.get_model("employers", "MonthlyListError").objects.create(
        monthly_list_id=old_list.pk, position=1, **error
    )
    # when the migrations run
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("employers"))
    # then the stored error and the list's summary use `internal_error`
    monthly_list = MonthlyList.objects.get(pk=old_list.pk)
    assert [e["code"] for e in stored_errors(monthly_list)] == [INTERNAL_ERROR]
    assert monthly_list.error_summary[0]["code"] == INTERNAL_ERROR
    assert monthly_list.error_summary[0]["first"][0]["code"] == INTERNAL_ERROR
