"""operationIds from one rule (issue 18): readable names from a route's function and path,
unique across the merged document."""

from typing import Any

import pytest
from fastapi.routing import APIRoute

from gateway import openapi
from panjereh.web.operation_ids import operation_id


def _route(method: str, path: str, name: str) -> APIRoute:
    async def endpoint() -> None:
        return None

    endpoint.__name__ = name
    return APIRoute(path, endpoint, methods=[method])


@pytest.mark.parametrize(
    ("method", "path", "name", "expected"),
    [
        ("POST", "/v1/applications", "submit", "submitApplication"),
        ("GET", "/v1/applications", "find", "findApplications"),
        ("POST", "/v1/applications/{application_id}/review", "review", "reviewApplication"),
        ("POST", "/v1/catalog/services", "register", "registerService"),
        ("PATCH", "/v1/webhooks/{subscription_id}", "change", "changeWebhook"),
        ("DELETE", "/v1/webhooks/{subscription_id}", "unsubscribe", "unsubscribeWebhook"),
        ("POST", "/v1/inquiries", "inquire", "inquire"),  # not inquireInquiry
        ("GET", "/v1/catalog/agencies", "agencies", "getAgencies"),
        ("GET", "/v1/inquiries/access-log", "access_log", "getAccessLog"),
        ("GET", "/v1/oversight/disputes", "list_disputes", "listDisputes"),
        ("POST", "/v1/oversight/disputes/{dispute_id}/decision", "decide", "decideDispute"),
    ],
)
def test_ids_read_as_what_the_operation_does(
    method: str, path: str, name: str, expected: str
) -> None:
    assert operation_id(_route(method, path, name)) == expected


def test_the_merge_keeps_ids_unique_across_services() -> None:
    def document(path: str) -> dict[str, Any]:
        operation = {"operationId": "getAgencies", "responses": {"200": {"description": "ok"}}}
        return {"paths": {path: {"get": operation}}}

    merged = openapi.merge(
        {"paths": {}},
        {
            "application": document("/v1/catalog/agencies"),
            "compliance": document("/v1/compliance/agencies"),
        },
    )
    ids = [item["get"]["operationId"] for item in merged["paths"].values()]
    assert ids == ["getAgencies", "getComplianceAgencies"]
