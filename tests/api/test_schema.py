"""The whole API's OpenAPI schema: valid, without one drf-spectacular warning, and every
operation documents the one error shape for each error status it may answer."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tamin.core.api_schema import ERROR_RESPONSES

METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> dict:
    # --validate checks the result against the OpenAPI 3 specification; --fail-on-warn
    # raises on any drf-spectacular warning (an unnamed component, an enum naming
    # collision, a colliding operation id, a view it cannot read)
    out = tmp_path_factory.mktemp("schema") / "schema.json"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", out
    )
    return json.loads(out.read_text())


def test_the_schema_validates_without_a_warning(schema):
    assert schema["openapi"].startswith("3.")
    operations = [m for item in schema["paths"].values() for m in item if m in METHODS]
    assert len(operations) > 100  # every app's API, not one of them
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_the_error_shape_is_one_component(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["code", "message", "extra"]
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["message"]["type"] == "string"
    assert error["properties"]["extra"]["type"] == "object"


def test_every_operation_documents_its_error_statuses_in_that_shape(schema):
    responses = schema["components"]["responses"]
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status in ERROR_RESPONSES:
                declared = operation["responses"].get(status)
                if declared is None:
                    missing.append(f"{method.upper()} {path}: {status}")
                    continue
                if "$ref" in declared:
                    declared = responses[declared["$ref"].rsplit("/", 1)[1]]
                media = declared.get("content", {}).get("application/json", {})
                if media.get("schema") != {"$ref": "#/components/schemas/Error"}:
                    # a view's own declaration must still be the one error shape
                    missing.append(f"{method.upper()} {path}: {status} is not Error")
    assert missing == []
