"""The subscription API through the notification service's ASGI app, on SQLite and on a real
PostgreSQL: creating and listing, every bad input, own agency only, the secret shown once.
(Changing, pausing, deleting, test events, redelivery and the consumer's deliveries:
test_subscription_lifecycle.py.)"""

import dataclasses
import functools
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from notification_service import state
from notification_service.models import webhook_subscriptions
from notification_service.webhooks import ssrf
from panjereh.settings import Profile
from tests.integration.notification.subscriptions_harness import (
    NEW,
    OTHER,
    PASSPORT,
    URL,
    WRITER,
    Service,
)
from tests.support import ISSUER, bearer

pytestmark = pytest.mark.asyncio


async def test_the_secret_is_shown_once_and_never_stored_in_the_clear(service: Service) -> None:
    made = await service.subscribe()
    assert made["secret"].startswith("whsec_")
    assert made["events"] == ["application.decided"]
    assert made["status"] == "active"
    assert {"id", "url", "created_at"} <= set(made)
    assert made["created_at_jalali"].startswith("14")  # a Jalali date beside the moment

    one = await service.client.get(f"/v1/webhooks/{made['id']}", headers=WRITER)
    listed = await service.client.get("/v1/webhooks", headers=WRITER)
    assert one.status_code == 200 and listed.status_code == 200
    for shown in (one.text, listed.text):
        assert "secret" not in shown and made["secret"] not in shown
    async with service.engine.connect() as connection:
        [row] = (await connection.execute(sa.select(webhook_subscriptions))).mappings().all()
    assert made["secret"] not in json.dumps({k: str(v) for k, v in row.items()})
    assert made["secret"].removeprefix("whsec_") not in row["secret_ciphertext"]


async def test_the_listing_is_the_agencys_own_newest_first_in_pages(service: Service) -> None:
    ids = [(await service.subscribe(description=f"n{n}"))["id"] for n in range(3)]
    await service.subscribe(headers=OTHER)

    first = (await service.client.get("/v1/webhooks?limit=2", headers=WRITER)).json()
    cursor = first["next_cursor"]
    second = (
        await service.client.get(
            "/v1/webhooks", params={"limit": 2, "cursor": cursor}, headers=WRITER
        )
    ).json()

    assert [s["id"] for s in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None


async def test_an_event_list_is_deduplicated_and_a_wildcard_stands_alone(service: Service) -> None:
    twice = await service.subscribe(events=["application.failed", "application.failed"])
    wild = await service.subscribe(events=["application.submitted", "*"])
    assert twice["events"] == ["application.failed"]
    assert wild["events"] == ["*"]


# --- bad input ---


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://127.0.0.1/hook"}, "url"),
        ({"url": "http:///no-host"}, "url"),
        ({"url": "http://.../hook"}, "url"),
        ({"url": f"http://{'a' * 64}.example/hook"}, "url"),
        ({"url": "http://127.0.0.1/" + "a" * 2100}, "url"),
        ({"events": []}, "events"),
        ({"events": ["application.approved"]}, "events"),
        ({"events": ["ir.gov.panjereh.application.decided.v1"]}, "events"),
        ({"events": "application.decided"}, "events"),
        ({"description": "x" * 501}, "description"),
        ({"secret": "whsec_mine"}, "secret"),
    ],
)
async def test_each_bad_input_is_a_422_naming_its_field_in_both_languages(
    service: Service, body: dict[str, Any], field: str
) -> None:
    for language in ("en", "fa"):
        response = await service.client.post(
            "/v1/webhooks",
            json={**NEW, **body},
            headers={**WRITER, "Accept-Language": language},
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert field in [e["field"] for e in problem["errors"]]
        persian = any("\u0600" <= ch <= "\u06ff" for ch in problem["detail"])
        assert persian == (language == "fa")
    assert (await service.client.get("/v1/webhooks", headers=WRITER)).json()["items"] == []


async def test_a_missing_field_and_a_body_that_is_not_json_are_422(service: Service) -> None:
    missing = await service.client.post("/v1/webhooks", json={"url": URL}, headers=WRITER)
    broken = await service.client.post(
        "/v1/webhooks",
        content=b"{nope",
        headers={**WRITER, "Content-Type": "application/json"},
    )
    assert missing.status_code == 422 and "events" in missing.text
    assert broken.status_code == 422


@pytest.mark.parametrize(
    "url",
    [
        "http://receiver.example/hook",  # not https
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
    ],
)
async def test_the_production_profile_refuses_what_the_ssrf_guard_refuses(
    service: Service, url: str
) -> None:
    production = functools.partial(ssrf.check_url, profile=Profile.PRODUCTION)
    parts = state.SLOT.of(service.app)
    state.SLOT.put(service.app, dataclasses.replace(parts, check_url=production))
    response = await service.client.post("/v1/webhooks", json={**NEW, "url": url}, headers=WRITER)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["url"]


@pytest.mark.parametrize(
    "query",
    [{"limit": 0}, {"limit": 501}, {"cursor": "not-ours"}, {"cursor": "eyJzZXEiOiJ4In0"}],
)
async def test_a_bad_page_request_is_a_422(service: Service, query: dict[str, Any]) -> None:
    made = await service.subscribe()
    for path in ("/v1/webhooks", f"/v1/webhooks/{made['id']}/deliveries"):
        response = await service.client.get(path, params=query, headers=WRITER)
        assert response.status_code == 422, (path, response.text)


async def test_an_unknown_delivery_status_filter_is_a_422(service: Service) -> None:
    made = await service.subscribe()
    response = await service.client.get(
        f"/v1/webhooks/{made['id']}/deliveries?status=lost", headers=WRITER
    )
    assert response.status_code == 422


# --- who may ---


async def test_no_token_is_401_and_a_token_without_the_scope_or_an_agency_is_403(
    service: Service,
) -> None:
    reader = bearer(PASSPORT, "applications:read", "applications:write")
    token = ISSUER.issue(client_id="ops", agency_id=None, scopes=["webhooks:write"])
    no_agency = {"Authorization": f"Bearer {token}"}
    for method, path in (("GET", "/v1/webhooks"), ("POST", "/v1/webhooks")):
        body = NEW if method == "POST" else None
        none = await service.client.request(method, path, json=body)
        scoped = await service.client.request(method, path, json=body, headers=reader)
        agencyless = await service.client.request(method, path, json=body, headers=no_agency)
        assert (none.status_code, scoped.status_code, agencyless.status_code) == (401, 403, 403)


async def test_another_agencys_subscription_is_404_on_every_route(service: Service) -> None:
    made = await service.subscribe()
    sub = made["id"]
    delivery_id = (await service.client.post(f"/v1/webhooks/{sub}/test", headers=WRITER)).json()[
        "delivery_id"
    ]
    routes = [
        ("GET", f"/v1/webhooks/{sub}"),
        ("GET", f"/v1/webhooks/{sub}/deliveries"),
        ("GET", f"/v1/webhooks/{sub}/deliveries/{delivery_id}"),
        ("POST", f"/v1/webhooks/{sub}/test"),
        ("POST", f"/v1/webhooks/{sub}/deliveries/{delivery_id}/redeliver"),
        ("PATCH", f"/v1/webhooks/{sub}"),
        ("DELETE", f"/v1/webhooks/{sub}"),
    ]
    missing = str(uuid.uuid4())
    for method, path in routes:
        body = {"status": "disabled"} if method == "PATCH" else None
        theirs = await service.client.request(method, path, json=body, headers=OTHER)
        nowhere = await service.client.request(
            method, path.replace(sub, missing), json=body, headers=WRITER
        )
        assert theirs.status_code == 404, (method, path, theirs.text)
        assert nowhere.status_code == 404, (method, path)
        assert theirs.json()["detail"] == nowhere.json()["detail"]  # no oracle
    assert (await service.client.get(f"/v1/webhooks/{sub}", headers=WRITER)).status_code == 200
    assert len(await service.deliveries(sub)) == 1  # their test and redeliver made nothing


# --- changing, deleting, testing, redelivering ---
