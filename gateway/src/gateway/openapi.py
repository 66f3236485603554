"""Merge the services' OpenAPI documents into the one document agencies see; pure."""

import copy
import re
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
        # A copy: the headers and security added below went into the services' own cached
        # documents (in one process, their /openapi.json then named headers they lack).
        document = _rename_refs(copy.deepcopy(document), renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            schemas[renames.get(name, name)] = schema
        for path, item in document.get("paths", {}).items():
            if routing.upstream_for(path) == service:
                paths[path] = _tagged(item, service)
                tags.setdefault(service, {"name": service, "description": f"{service} service"})
    merged["tags"] = _declared(tags, paths)
    _unique_operation_ids(paths)
    _with_common_headers(merged, proxied=set(paths) - set(base.get("paths", {})))
    return _secured(merged)


# Headers the gateway sends on answers (API.md, Conventions), declared once and referenced.
COMMON_HEADERS: dict[str, Any] = {
    "X-Request-ID": {
        "description": "This request's id (yours if you sent a safe one): quote it to support",
        "schema": {"type": "string"},
    },
    "RateLimit-Policy": {
        "description": 'The quota this answer was counted against, e.g. `"client";q=1200;w=60` '
        "(draft-ietf-httpapi-ratelimit-headers: q requests per w seconds)",
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of it, e.g. `"client";r=1150;t=12` (r requests left, the '
        "window frees more in t seconds)",
        "schema": {"type": "string"},
    },
}


def _with_common_headers(document: dict[str, Any], *, proxied: set[str]) -> None:
    """X-Request-ID on every answer; RateLimit on every answer the gateway's limits count
    (the services' operations, which it admits per client or per address)."""
    components = document.setdefault("components", {}).setdefault("headers", {})
    components.update(COMMON_HEADERS)
    for path, item in document.get("paths", {}).items():
        names = list(COMMON_HEADERS) if path in proxied else ["X-Request-ID"]
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                headers = response.setdefault("headers", {})
                for name in names:
                    headers.setdefault(name, {"$ref": f"#/components/headers/{name}"})


def _unique_operation_ids(paths: dict[str, Any]) -> None:
    """Each operationId once in the merged document (generated clients name methods by it):
    a second service's id that clashes gets its service after the verb
    (`getAgencies` of compliance → `getComplianceAgencies`)."""
    seen: set[str] = set()
    for item in paths.values():
        for operation in item.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            given = operation["operationId"]
            if given in seen:
                service = (operation.get("tags") or ["other"])[0]
                verb, rest = re.match(r"^([a-z0-9]*)(.*)$", given).groups()  # type: ignore[union-attr]
                given = f"{verb}{service[:1].upper()}{service[1:]}{rest}"
                while given in seen:
                    given += "2"
                operation["operationId"] = given
            seen.add(given)


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
