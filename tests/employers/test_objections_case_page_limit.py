"""The documents' limit of an objection holds on the branch's generic case page too: staff
who ask for information from the review queue reopen the case to uploads there, and the
portal's own limit (30) is higher than the objection's (18, a parameter)."""

from __future__ import annotations

import pytest

from branches.models import Case, CaseStatus
from branches.services.cases import case_document_add, case_request_info, case_start_review
from tamin.core.exceptions import ApplicationError
from tamin.rules.models import DisputeParameters
from tests.branches.factories_cases import pdf_upload
from tests.employers.factories_objections import (
    branch_head,
    filed_objection,
    owner_of,
    served_ruling,
)

pytestmark = pytest.mark.django_db


def test_the_case_page_takes_an_objection_to_its_limit_and_no_further():
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, documents=17)
    case = Case.objects.get(pk=objection.case_id)
    head = branch_head(ruling.workshop)
    case_start_review(case=case, actor=head)
    case = case_request_info(case=case, actor=head, reason="لطفاً فهرست کارکنان را بفرستید.")
    assert case.status == CaseStatus.NEEDS_INFO
    # the 18th is taken
    case_document_add(case=case, uploaded_by=owner, document_type="other", upload=pdf_upload())
    # the 19th is refused, nothing stored
    with pytest.raises(ApplicationError) as refused:
        case_document_add(case=case, uploaded_by=owner, document_type="other", upload=pdf_upload())
    assert refused.value.code == "document_count"
    assert case.documents.count() == 18


def test_the_limit_is_read_from_the_parameters_when_a_file_arrives():
    ruling = served_ruling()
    owner = owner_of(ruling.workshop)
    objection = filed_objection(ruling, documents=2)
    DisputeParameters.objects.update(max_objection_documents=2)
    case = Case.objects.get(pk=objection.case_id)
    head = branch_head(ruling.workshop)
    case_start_review(case=case, actor=head)
    case = case_request_info(case=case, actor=head, reason="لطفاً فهرست کارکنان را بفرستید.")
    with pytest.raises(ApplicationError):
        case_document_add(case=case, uploaded_by=owner, document_type="other", upload=pdf_upload())
    assert case.documents.count() == 2
