"""Merge the services' OpenAPI documents into the one document agencies see; pure."""

import copy
from typing import Any

from gateway import routing


def merge(base: dict[str, Any], documents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Add each service's public paths (those the gateway routes to it) and components to `base`.

    A component name used by two services with different schemas is kept under a name
    prefixed by the service, and that service's references are rewritten to it.
    """
    merged = copy.deepcopy(base)
    paths = merged.setdefault("paths", {})
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    tags = {tag["name"]: tag for tag in merged.get("tags", [])}
    for service, document in sorted(documents.items()):
        renames = _clashing_schemas(schemas, document, service)
        document = _rename_refs(document, renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        for path, item in document.get("paths", {}).items():
            if routing.upstream_for(path) == service:
                paths[path] = _tagged(item, service)
                tags.setdefault(service, {"name": service, "description": f"{service} service"})
    merged["tags"] = list(tags.values())
    return merged


def _clashing_schemas(
    existing: dict[str, Any], document: dict[str, Any], service: str
) -> dict[str, str]:
    theirs = document.get("components", {}).get("schemas", {})
    prefix = service.title()
    return {
        name: prefix + name
        for name, schema in theirs.items()
        if name in existing and existing[name] != schema
    }


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if not renames:
        return node
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name in renames:
                return {**node, "$ref": "#/components/schemas/" + renames[name]}
        return {key: _rename_refs(value, renames) for key, value in node.items()}
    if isinstance(node, list):
        return [_rename_refs(value, renames) for value in node]
    return node


def _tagged(item: dict[str, Any], service: str) -> dict[str, Any]:
    return {
        method: {**operation, "tags": [service]} if isinstance(operation, dict) else operation
        for method, operation in item.items()
    }
