"""The OpenAPI schema's error responses, declared once for every operation.

Every error of `/api/v1/` has the one shape of `tamin.core.api.exception_handler`
(`{"code", "message", "extra"}`). Rather than each view listing the errors it may
answer, this drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS
["POSTPROCESSING_HOOKS"]) adds the shape as the `Error` component and the error
statuses any operation can answer — 400, 401, 403, 404, 429 — to every operation that
does not declare them itself (a view's own declaration wins). A view that declares an
error with a serializer of its own of that shape (`code`, `message`, `extra`) is pointed
at `Error` too, and the copy dropped: the schema has one error component.

Checked by tests/api/test_schema.py, and against the answers by schemathesis
(tests/api/test_schemathesis.py).
"""

from __future__ import annotations

import copy
from typing import Any

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Every error of the API: `code` is stable for the app to branch on, `message` is "
        "Persian and safe to show, `extra` holds the details of that code."
    ),
    "properties": {
        "code": {"type": "string", "description": "Stable, e.g. `validation_error`, `not_found`."},
        "message": {"type": "string", "description": "Persian, safe to show."},
        "extra": {
            "type": "object",
            "additionalProperties": {},
            "description": (
                "The code's details: `fields` (each field's messages) for "
                "`validation_error`, `retry_after` (seconds) for `throttled`."
            ),
        },
    },
    "required": ["code", "message", "extra"],
}

ERROR_RESPONSES: dict[str, str] = {
    "400": (
        "The input is refused: `validation_error` with each field's messages in "
        "`extra.fields`, or a broken rule with its own code."
    ),
    "401": "Not signed in, or the token is unknown, expired or revoked.",
    "403": "Signed in but not allowed this operation.",
    "404": "Not found — also an object that is not the caller's, exactly like a missing one.",
    "429": "Too many requests: try again after `extra.retry_after` seconds (`Retry-After`).",
}


def _is_error_shape(schema: dict) -> bool:
    properties = schema.get("properties", {})
    return (
        schema.get("type") == "object"
        and set(properties) == {"code", "message", "extra"}
        and properties["code"].get("type") == "string"
        and properties["message"].get("type") == "string"
        and properties["extra"].get("type") == "object"
    )


def _replace_refs(node, old: set[str], new: str):
    if isinstance(node, dict):
        if node.get("$ref") in old:
            return {**node, "$ref": new}
        return {key: _replace_refs(value, old, new) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_refs(value, old, new) for value in node]
    return node


def error_responses(result: dict, generator, request, public) -> dict:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    copies = {
        name for name, schema in schemas.items() if name != "Error" and _is_error_shape(schema)
    }
    for name in copies:
        del schemas[name]
    schemas["Error"] = copy.deepcopy(ERROR_SCHEMA)
    if copies:
        old = {f"#/components/schemas/{name}" for name in copies}
        for part in ("paths", "components"):
            result[part] = _replace_refs(result.get(part, {}), old, "#/components/schemas/Error")
        components = result["components"]
    shared = components.setdefault("responses", {})
    for status, description in ERROR_RESPONSES.items():
        shared[f"Error{status}"] = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                declared = responses.setdefault(
                    status, {"$ref": f"#/components/responses/Error{status}"}
                )
                if "$ref" not in declared and not declared.get("description"):
                    declared["description"] = description
    return result
