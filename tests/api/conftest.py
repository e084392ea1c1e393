"""Node ids of the schemathesis tests: one per API operation.

pytest 9.2 builds a test item's node id from its `originalname` and its parametrization;
schemathesis 4 names each operation's item `test_x[GET /api/v1/…]` but passes the bare
`test_x` as `originalname` and no parametrization, so every operation of a test shares one
node id — and pytest-xdist (`make test` runs `-n 2`), which schedules by node id, would run
one operation per test. Each such id is rebuilt from the item's full name.
"""

from __future__ import annotations

from schemathesis.pytest.plugin import SchemathesisFunction


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if isinstance(item, SchemathesisFunction) and not item.nodeid.endswith("]"):
            item._id = item.parent.id.child(item.name)
