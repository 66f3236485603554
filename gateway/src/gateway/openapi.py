"""Merge the services' OpenAPI documents into the one document agencies see; pure."""

import copy
from typing import Any

from gateway import routing

BEARER = "HTTPBearer"  # the name FastAPI gives the services' HTTPBearer scheme
OAUTH2 = "oauth2"
CLIENT_BASIC = "clientBasic"
SECURITY_SCHEMES: dict[str, Any] = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from POST /v1/oauth/token (ES256, 15 minutes).",
    },
    OAUTH2: {
        "type": "oauth2",
        "description": "OAuth 2.0 client credentials: the agency backend's client id and "
        "secret for a bearer token.",
        "flows": {"clientCredentials": {"tokenUrl": "/v1/oauth/token", "scopes": {}}},
    },
    CLIENT_BASIC: {
        "type": "http",
        "scheme": "basic",
        "description": "The token endpoint's client_secret_basic: client_id:client_secret, "
        "each form-urlencoded (RFC 6749 §2.3.1).",
    },
}
SERVERS = [{"url": "/", "description": "This window (the gateway that served the document)"}]


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
    merged["tags"] = _declared(tags, paths)
    return _secured(merged)


def _declared(tags: dict[str, Any], paths: dict[str, Any]) -> list[dict[str, Any]]:
    """Every tag an operation uses, declared once (generators and linters look them up), and
    no operation naming one tag twice (a router's tag and its route's)."""
    for item in paths.values():
        for operation in item.values():
            if isinstance(operation, dict) and "tags" in operation:
                operation["tags"] = list(dict.fromkeys(operation["tags"]))
                for name in operation["tags"]:
                    tags.setdefault(name, {"name": name})
    return list(tags.values())


def _secured(document: dict[str, Any]) -> dict[str, Any]:
    """Security declared where generators look for it: the schemes, the servers, and on every
    operation — a token (bearer, or fetched by OAuth 2.0 client credentials) where one is
    needed, `[]` (none) on public ones, so a generated client sends the token it holds."""
    document.setdefault("components", {}).setdefault("securitySchemes", {}).update(SECURITY_SCHEMES)
    document["servers"] = SERVERS
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            security = operation.get("security", [])
            if any(CLIENT_BASIC in r for r in security):
                continue  # the token endpoint: the client's own credentials, not a token
            needs_token = any(BEARER in r for r in security)
            operation["security"] = [{BEARER: []}, {OAUTH2: []}] if needs_token else []
    return document


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
