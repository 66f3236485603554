"""openapi.merge, pure: what the one document agencies see keeps of each service's."""

from typing import Any

from gateway import openapi

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Panjereh", "version": "1"},
    "paths": {"/v1/oauth/token": {"post": {"operationId": "issueToken", "security": []}}},
}


def _operation(operation_id: str, ref: str | None = None, *, token: bool = True) -> Any:
    answer: dict[str, Any] = {"description": "ok"}
    if ref:
        answer["content"] = {"application/json": {"schema": {"$ref": ref}}}
    return {
        "operationId": operation_id,
        "responses": {"200": answer},
        "security": [{openapi.BEARER: []}] if token else [],
    }


def _document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.1.0", "paths": paths, "components": {"schemas": schemas or {}}}


def test_a_service_keeps_only_the_paths_the_gateway_routes_to_it() -> None:
    merged = openapi.merge(
        BASE,
        {
            "application": _document(
                {
                    "/v1/applications": {"get": _operation("listApplications")},
                    "/v1/inquiries/{inquiry_id}": {"get": _operation("stray")},  # inquiry's
                }
            )
        },
    )
    assert "/v1/applications" in merged["paths"] and "/v1/oauth/token" in merged["paths"]
    assert "/v1/inquiries/{inquiry_id}" not in merged["paths"]
    assert merged["paths"]["/v1/applications"]["get"]["tags"] == ["application"]
    assert {"name": "application", "description": "application service"} in merged["tags"]


def test_a_schema_name_two_services_use_differently_is_kept_apart_with_its_references() -> None:
    agency_a = {"type": "object", "properties": {"id": {"type": "string"}}}
    agency_b = {"type": "object", "properties": {"score": {"type": "number"}}}
    same = {"type": "string"}
    merged = openapi.merge(
        BASE,
        {
            "application": _document(
                {
                    "/v1/catalog/agencies": {
                        "get": _operation("getAgencies", "#/components/schemas/Agency")
                    }
                },
                {"Agency": agency_a, "Code": same},
            ),
            "compliance": _document(
                {
                    "/v1/compliance/agencies": {
                        "get": _operation("getAgencies", "#/components/schemas/Agency")
                    }
                },
                {"Agency": agency_b, "Code": same},
            ),
        },
    )
    schemas = merged["components"]["schemas"]
    assert schemas["Agency"] == agency_a and schemas["ComplianceAgency"] == agency_b
    assert schemas["Code"] == same and "ComplianceCode" not in schemas  # equal: kept once
    answer = merged["paths"]["/v1/compliance/agencies"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/ComplianceAgency")
    # The clashing operationId gets its service after the verb; the first keeps its own.
    assert merged["paths"]["/v1/catalog/agencies"]["get"]["operationId"] == "getAgencies"
    assert (
        merged["paths"]["/v1/compliance/agencies"]["get"]["operationId"] == "getComplianceAgencies"
    )


def test_security_is_declared_where_generators_look_for_it() -> None:
    merged = openapi.merge(
        BASE,
        {
            "status": _document(
                {
                    "/v1/status/{tracking_code}": {"get": _operation("getStatus", token=False)},
                    "/v1/oversight/disputes": {"get": _operation("listDisputes")},
                }
            )
        },
    )
    assert set(merged["components"]["securitySchemes"]) == set(openapi.SECURITY_SCHEMES)
    assert merged["servers"] == openapi.SERVERS
    paths = merged["paths"]
    assert paths["/v1/status/{tracking_code}"]["get"]["security"] == []
    assert paths["/v1/oversight/disputes"]["get"]["security"] == [
        {openapi.BEARER: []},
        {openapi.OAUTH2: []},
    ]


def test_merge_leaves_its_inputs_unchanged() -> None:
    document = _document({"/v1/applications": {"get": _operation("listApplications")}})
    before = repr(document), repr(BASE)
    openapi.merge(BASE, {"application": document})
    assert (repr(document), repr(BASE)) == before
