"""The documentation page's content, read from the OpenAPI schema when the page is rendered:
the endpoints, their parameters and example requests and responses are never copied by hand,
so the page cannot drift from the API."""

import copy
import json
from functools import cache

from api.problems import MEDIA_TYPE
from api.v1 import api

# Enumerations longer than this are summed up ("one of 98 codes") rather than listed.
LISTED_VALUES = 8
EXAMPLE_STRINGS = {"date": "2026-11-27", "date-time": "2026-11-27T10:00:00+01:00"}


@cache
def openapi_document() -> dict:
    """The schema without ``servers`` (the view adds the request's); built once per process."""
    document = json.loads(json.dumps(dict(api.get_openapi_schema())))
    document.pop("servers", None)
    for methods in document["paths"].values():
        for status, response in methods["get"]["responses"].items():
            if int(status) >= 400:  # problem details (api.problems), not plain JSON
                response["content"] = {MEDIA_TYPE: response["content"]["application/json"]}
    return document


def with_servers(origin: str) -> dict:
    document = copy.deepcopy(openapi_document())
    document["servers"] = [{"url": origin, "description": "Vækstcenter (production)"}]
    return document


def operations() -> list[dict]:
    """Each endpoint: path, summary, description, parameters, an example request and response."""
    document = openapi_document()
    components = document.get("components", {}).get("schemas", {})
    found = []
    for path, methods in document["paths"].items():
        operation = methods["get"]
        parameters = [_parameter(parameter, components) for parameter in operation["parameters"]]
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        found.append(
            {
                "anchor": operation["operationId"],
                "path": path,
                "tag": operation.get("tags", [""])[0],
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": parameters,
                "example_request": _example_request(path, parameters),
                "example_response": json.dumps(
                    example_value(ok, components), indent=2, ensure_ascii=False
                ),
            }
        )
    return found


def _parameter(parameter: dict, components: dict) -> dict:
    schema = _resolved(parameter.get("schema", {}), components)
    return {
        "name": parameter["name"],
        "location": parameter["in"],
        "required": parameter.get("required", False),
        "type": _type_of(schema),
        "description": parameter.get("description") or schema.get("description", ""),
        "default": "" if schema.get("default") in ("", None) else str(schema["default"]),
        "example": _example_parameter(schema),
    }


def _resolved(schema: dict, components: dict) -> dict:
    if "$ref" in schema:
        return _resolved(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        merged = {**_resolved(options[0], components), **_without(schema, "anyOf")}
        return merged
    return schema


def _without(schema: dict, key: str) -> dict:
    return {name: value for name, value in schema.items() if name != key}


def _type_of(schema: dict) -> str:
    if "enum" in schema:
        values = schema["enum"]
        if len(values) > LISTED_VALUES:
            return f"{schema.get('type', 'integer')} ({len(values)} codes)"
        return " | ".join(str(value) for value in values)
    kind = schema.get("type", "string")
    limits = []
    if "minimum" in schema:
        limits.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        limits.append(f"≤ {schema['maximum']}")
    if "maxLength" in schema:
        limits.append(f"≤ {schema['maxLength']} chars")
    return f"{kind} ({', '.join(limits)})" if limits else kind


def _example_parameter(schema: dict):
    if "enum" in schema:
        return schema["enum"][-1] if schema.get("type") == "integer" else schema["enum"][0]
    if "default" in schema and schema["default"] not in ("", None):
        return schema["default"]
    return None


def _example_request(path: str, parameters: list[dict]) -> str:
    """The path with an example query of the parameters that have an example value."""
    query = [
        f"{parameter['name']}={parameter['example']}"
        for parameter in parameters
        if parameter["location"] == "query"
        and parameter["example"] is not None
        and parameter["name"] not in ("page", "page_size", "language")
    ][:2]
    return path + ("?" + "&".join(query) if query else "")


def example_value(schema: dict, components: dict, depth: int = 0):
    """A value of the schema's shape: the first enumerated value, a date of the right format,
    one item of each array."""
    schema = _resolved(schema, components)
    if depth > 6:
        return None
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example_value(prop, components, depth + 1)
            for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example_value(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return EXAMPLE_STRINGS.get(schema.get("format"), "string")
