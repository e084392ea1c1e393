"""Employers talk to insured through a typed contract: PersonRef, RecordLine, RecordSource.

Employers never import insured.models, and nothing employers imports from insured takes
or returns an insured model instance (the import-linter contract in pyproject.toml says
the first; these tests say both, reading the code itself).
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import typing
from pathlib import Path

import pytest
from django.db import models

import employers
from employers.models import ListStatus
from insured.models import ContributionRecord
from insured.selectors.lookup import (
    PersonRef,
    insured_person_by_national_code,
    insured_persons_by_insurance_numbers,
)
from insured.services.records import RecordLine
from tests.employers.factories_lists import list_setup
from tests.employers.test_lists_services import _upload

EMPLOYERS_DIR = Path(employers.__file__).resolve().parent


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _employers_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages([str(EMPLOYERS_DIR)], prefix="employers.")
        if ".migrations." not in info.name
    ]


def _insured_imports(module_name: str) -> list[tuple[str, str]]:
    """(insured module, name) of every `from insured... import name` in the module's source."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("insured"):
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.startswith("insured")]
    return found


def _is_insured_model(hint: object) -> bool:
    """True when the type hint names an insured model anywhere (dict[str, InsuredPerson]...)."""
    if inspect.isclass(hint) and issubclass(hint, models.Model):
        return hint.__module__.startswith("insured.")
    return any(_is_insured_model(arg) for arg in typing.get_args(hint))


def _is_value_class(value: type) -> bool:
    """A dataclass or a named tuple (RecordLine): a value whose fields are typed."""
    return dataclasses.is_dataclass(value) or (
        issubclass(value, tuple) and hasattr(value, "_fields")
    )


def _hints(value: object) -> dict[str, object]:
    """The resolved type hints of a function's arguments and result, or a value class's
    fields (a dataclass's, a named tuple's)."""
    if inspect.isclass(value):
        return typing.get_type_hints(value) if _is_value_class(value) else {}
    return typing.get_type_hints(value) if callable(value) else {}


def test_no_employers_module_imports_insured_models():
    # given every employers module (views, services, tasks, demo, commands...)
    modules = _employers_modules()
    assert "employers.services.lists.submit" in modules
    # when their imports of insured are read
    offending = [
        (name, source)
        for name in modules
        for source, _ in _insured_imports(name)
        if source == "insured.models" or source.startswith("insured.models.")
    ]
    # then none is insured.models
    assert offending == []


def test_what_employers_imports_from_insured_never_hands_it_a_model_instance():
    # given every name employers imports from insured
    imported = {
        (source, name)
        for module in _employers_modules()
        for source, name in _insured_imports(module)
    }
    assert ("insured.selectors.lookup", "insured_persons_by_insurance_numbers") in imported
    assert ("insured.services.records", "RecordLine") in imported
    assert "person_id" in _hints(RecordLine)  # a named tuple's fields are read too
    # when their signatures (arguments, results, dataclass fields) are resolved
    leaks = []
    for source, name in sorted(imported):
        value = getattr(importlib.import_module(source), name)
        leaks += [
            f"{source}.{name}: {key}"
            for key, hint in _hints(value).items()
            if _is_insured_model(hint)
        ]
    # then no insured model appears in any of them
    assert leaks == []


@pytest.mark.django_db
def test_lookups_answer_with_frozen_person_refs():
    # given two registered workers
    setup = list_setup(workers=2)
    numbers = [worker.insurance_number for worker in setup.workers]
    # when employers look them up by insurance number and by national code
    by_number = insured_persons_by_insurance_numbers([*numbers, "99999999"])
    one = insured_person_by_national_code(national_code=setup.workers[0].national_code)
    # then they get PersonRefs (frozen values), only for the numbers that exist
    assert set(by_number) == set(numbers)
    assert all(type(ref) is PersonRef for ref in by_number.values())
    assert one == by_number[numbers[0]]
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.national_code = "0000000000"  # type: ignore[misc]


@pytest.mark.django_db
def test_a_submitted_list_writes_its_records_through_record_lines(
    django_capture_on_commit_callbacks,
):
    # given a valid list of two workers
    setup = list_setup(workers=2)
    monthly_list = _upload(setup, django_capture_on_commit_callbacks)
    assert monthly_list.status == ListStatus.VALID
    from employers.services import lists as services

    # when it is submitted
    services.monthly_list_submit(user=setup.user, list_id=monthly_list.pk)
    # then each worker has the month's record, with the list as its source and the
    # workshop's branch, written from RecordSource + RecordLine
    records = ContributionRecord.objects.filter(source_ref=str(monthly_list.pk)).select_related(
        "person"
    )
    assert sorted(r.person.insurance_number for r in records) == sorted(
        w.insurance_number for w in setup.workers
    )
    row_by_number = {row.insurance_number: row for row in monthly_list.rows.all()}
    for record in records:
        row = row_by_number[record.person.insurance_number]
        assert (record.days, record.insurable_total, record.insured_share) == (
            row.days,
            row.insurable_total,
            row.insured_share,
        )
        assert record.branch_id == setup.workshop.branch_id
        assert record.source == "monthly_list"


def test_a_record_line_is_an_immutable_value_built_by_keyword():
    # given a line built by keyword, and a month without work
    line = RecordLine(
        person_id=7,
        days=30,
        daily_wage=1,
        monthly_wage=30,
        insurable_benefits=0,
        insurable_total=30,
        total_pay=30,
        insured_share=2,
        employer_share=6,
    )
    zero = RecordLine.no_days(person_id=7, job_code="1234")
    # then its fields read by name, the job defaults empty, and it cannot be changed
    assert (line.person_id, line.days, line.job_code, line.job_title) == (7, 30, "", "")
    assert zero == RecordLine(7, 0, 0, 0, 0, 0, 0, 0, 0, "1234", "")
    with pytest.raises(AttributeError):
        line.days = 31  # type: ignore[misc]
