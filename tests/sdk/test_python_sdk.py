"""Issue 18, Must show 2 (the Python half): the Python SDK (sdk/python) does an agency's day
against the embedded default over real HTTP — a token, a submission with Persian digits, the
status long-polled with its ETag to a referral (then a 304 on the unchanged ETag), the
officer's review — and honours a real 429 of the gateway's limiter by waiting Retry-After."""

import time
from pathlib import Path

import pytest

from panjereh_embedded.app import create_app
from panjereh_sdk import ApiError, Panjereh, RetryPolicy
from tests.support import serve

pytestmark = [pytest.mark.asyncio, pytest.mark.timeout(600)]
AGENCY = {"client_id": "passport-police-backend", "client_secret": "demo-passport-police-secret"}
REFERRED = "exit-permit-review"  # the demo catalogue refers its applications to an officer
PERSIAN_CODE, CODE, MOBILE = "۰۰۱۸۳۹۲۷۴۱", "0018392741", "۰۹۱۲۱۰۰۰۰۰۱"


async def test_the_sdk_runs_the_agency_day_with_a_304(tmp_path: Path) -> None:
    async with serve(create_app(tmp_path / "data")) as url, Panjereh(url, **AGENCY) as sdk:
        submitted = await sdk.submit(REFERRED, PERSIAN_CODE, MOBILE)
        # A 404 right after the 202 fails the test only past the SDK's grace (the promise of
        # none within the projection wait is tests/integration/status/test_lookup_wait.py's).
        again = await sdk.first_status(submitted.tracking_code, PERSIAN_CODE)
        assert again.status is not None and again.etag
        decided = await sdk.wait_for_decision(submitted.tracking_code, PERSIAN_CODE, wait=5)
        assert str(decided.state) == "needs_review"
        fresh = await sdk.status(submitted.tracking_code, CODE)
        unchanged = await sdk.status(submitted.tracking_code, CODE, etag=fresh.etag)
        assert unchanged.not_modified and unchanged.etag == fresh.etag
        reviewed = await sdk.review(submitted.id, "approved", "بررسی کارشناس: مدارک کامل است.")
        assert str(reviewed.state) == "approved" and reviewed.id == submitted.id
        assert sdk.credentials is not None and sdk.credentials.fetched == 1, "token cached"


async def test_a_problem_is_raised_typed_with_its_fields(tmp_path: Path) -> None:
    async with serve(create_app(tmp_path / "data")) as url, Panjereh(url, **AGENCY) as sdk:
        with pytest.raises(ApiError) as raised:
            await sdk.submit(REFERRED, "0018392742")  # a wrong check digit
        error = raised.value
        assert error.status == 422 and error.type.endswith("validation")
        assert error.title and error.errors and "national_code" in error.errors[0].field
        with pytest.raises(ApiError) as unknown:
            await sdk.status("1234567890123", CODE)
        assert unknown.value.status == 404 and unknown.value.detail


async def test_a_429_is_waited_out_per_retry_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANJEREH_GATEWAY_RATE_LIMIT_PER_CLIENT", "2/4seconds")
    async with serve(create_app(tmp_path / "data")) as url:
        async with Panjereh(url, **AGENCY, retry=RetryPolicy(attempts=8)) as sdk:
            started = time.monotonic()
            submitted = [await sdk.submit(REFERRED, CODE) for _ in range(4)]
            took = time.monotonic() - started
        assert len({s.id for s in submitted}) == 4, "every submission went through"
        assert sdk.stats.retried[429] >= 1, "the limiter refused at least one"
        assert sdk.stats.backoffs >= 1 and sdk.stats.waited_seconds >= 1
        assert took >= sdk.stats.waited_seconds * 0.9, "it really waited what it was told"
