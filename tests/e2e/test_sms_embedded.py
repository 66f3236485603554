"""SMS to applicants in the embedded default, through the gateway: an application submitted
by an agency's backend, the Shahkar match asked of the real inquiry service under the
platform's approved basis (and so in its audit and access log), the messages in the sandbox.
"""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from panjereh import digits
from panjereh_embedded.app import create_app
from tests.support import LifespanManager, eventually

pytestmark = pytest.mark.asyncio
COMPLETE = ("0018392741", "09121000001")
MISMATCH = ("0063927187", "09121000006")


@pytest_asyncio.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(tmp_path / "data"), startup_timeout=60) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


async def _token(client: httpx.AsyncClient, client_id: str, secret: str) -> dict[str, str]:
    response = await client.post(
        "/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _submit(
    client: httpx.AsyncClient, headers: dict[str, str], person: tuple[str, str]
) -> dict[str, Any]:
    response = await client.post(
        "/v1/applications",
        json={
            "service_id": "passport-issuance",
            "applicant": {"national_code": person[0], "mobile": person[1]},
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 202, response.text
    return dict(response.json())


async def _sms(client: httpx.AsyncClient, mobile: str) -> list[dict[str, Any]]:
    response = await client.get("/v1/sandbox/sms", params={"mobile": mobile})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_the_complete_persona_is_told_of_submission_and_decision_in_persian(
    gateway: httpx.AsyncClient,
) -> None:
    police = await _token(gateway, "passport-police-backend", "demo-passport-police-secret")
    application = await _submit(gateway, police, COMPLETE)

    async def two() -> bool:
        return len(await _sms(gateway, COMPLETE[1])) == 2

    await eventually(two, within=60, what="the receipt and the decision by SMS")
    receipt, decision = await _sms(gateway, COMPLETE[1])
    code = digits.to_persian(application["tracking_code"])
    assert code in receipt["text"] and "ثبت شد" in receipt["text"]
    assert code in decision["text"] and "تأیید شد" in decision["text"]

    # The match was an inquiry like any other: the platform's own, audited, in the log.
    platform = await _token(gateway, "panjereh-notifications", "demo-notifications-secret")
    log = await gateway.get(
        "/v1/inquiries/access-log", params={"national_code": COMPLETE[0]}, headers=platform
    )
    assert log.status_code == 200, log.text
    (entry,) = log.json()["items"]
    assert (entry["agency_id"], entry["evidence_type"], entry["service_id"]) == (
        "panjereh-platform",
        "mobile-ownership",
        "applicant-notifications",
    )


async def test_the_mobile_mismatch_persona_gets_no_sms(gateway: httpx.AsyncClient) -> None:
    police = await _token(gateway, "passport-police-backend", "demo-passport-police-secret")
    complete = await _submit(gateway, police, COMPLETE)
    await _submit(gateway, police, MISMATCH)

    async def settled() -> bool:
        # The complete persona's messages came through: the mismatch one's were decided too.
        return len(await _sms(gateway, COMPLETE[1])) == 2

    await eventually(settled, within=60, what="the other applicant's messages")
    assert complete["tracking_code"]
    platform = await _token(gateway, "panjereh-notifications", "demo-notifications-secret")

    async def asked() -> bool:
        log = await gateway.get(
            "/v1/inquiries/access-log", params={"national_code": MISMATCH[0]}, headers=platform
        )
        return len(log.json()["items"]) == 1

    await eventually(asked, within=60, what="the mismatch persona's Shahkar inquiry")
    assert await _sms(gateway, MISMATCH[1]) == []
