import pytest

from tests.branches.factories_cases import declared_test_kind


@pytest.fixture
def case_kind_declared(settings, tmp_path):
    """The test case kind declared, its documents stored under the test's own directory."""
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    with declared_test_kind():
        yield
