"""Panjereh: the generated client (panjereh_api) behind one object that does what every
integrator would otherwise write by hand: the token, the Idempotency-Key, 429/503 retries
after Retry-After, ETag and long polling, and typed errors."""

import asyncio
import time
import uuid
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx

from panjereh_api import AuthenticatedClient
from panjereh_api.api.application import get_application, review_application, submit_application
from panjereh_api.api.status import get_status
from panjereh_api.models import (
    ApplicantIn,
    ApplicationOut,
    ReviewIn,
    ReviewInOutcome,
    Status,
    SubmitIn,
    SubmitInForm,
    Submitted,
)
from panjereh_api.types import Response
from panjereh_sdk.errors import ApiError
from panjereh_sdk.retries import RetryingTransport, RetryPolicy, RetryStats
from panjereh_sdk.tokens import ClientCredentials

# What a poll waits for: a decision, or a referral to an officer.
SETTLED = frozenset({"approved", "rejected", "cancelled", "failed", "needs_review"})
_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
T = TypeVar("T")


def ascii_digits(text: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits as ASCII: people type either, and an HTTP
    header (X-National-Code) carries ASCII only."""
    return text.translate(_TO_ASCII)


@dataclass(frozen=True)
class StatusPoll:
    """One status poll: `status` is None when the server said 304 (nothing changed)."""

    status: Status | None
    etag: str | None
    poll_interval: float

    @property
    def not_modified(self) -> bool:
        return self.status is None


class Panjereh:
    """`async with Panjereh(url, client_id=…, client_secret=…) as panjereh:`.

    `panjereh.api` is the generated AuthenticatedClient, for every operation this class does
    not wrap (the generated modules in `panjereh_api.api.*`); it shares the token and the
    retries, and an answer of 400 or more is raised as ApiError before the generated parser
    sees it (except a 401, which the token layer retries once and the wrapper raises)."""

    def __init__(
        self,
        base_url: str,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        language: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        stats: RetryStats | None = None,
    ) -> None:
        self.stats = stats or RetryStats()
        self._transport = RetryingTransport(transport, retry, self.stats)
        headers = {"Accept-Language": language} if language else {}
        self.public = self._generated(base_url, headers, timeout, auth=None)
        self.credentials: ClientCredentials | None = None
        if client_id is not None and client_secret is not None:
            self.credentials = ClientCredentials(
                self.public, client_id=client_id, client_secret=client_secret, scope=scope
            )
        self.api = self._generated(base_url, headers, timeout, auth=self.credentials)

    def _generated(
        self, base_url: str, headers: dict[str, str], timeout: float, auth: httpx.Auth | None
    ) -> AuthenticatedClient:
        # The generated client's own httpx client would send "Bearer <fixed token>": ours
        # carries the token layer, the retries and the error hook instead.
        generated = AuthenticatedClient(base_url=base_url, token="")
        generated.set_async_httpx_client(
            httpx.AsyncClient(
                base_url=base_url,
                headers=headers,
                timeout=timeout,
                transport=self._transport,
                auth=auth,
                event_hooks={"response": [_raise_problems]},
            )
        )
        return generated

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.api.get_async_httpx_client().aclose()
        await self.public.get_async_httpx_client().aclose()

    async def submit(
        self,
        service_id: str,
        national_code: str,
        mobile: str | None = None,
        *,
        form: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> Submitted:
        """Submit an application; a fresh Idempotency-Key unless one is given (give the same
        one to repeat a submission whose answer was lost: the same application comes back)."""
        applicant = ApplicantIn(national_code=ascii_digits(national_code))
        if mobile is not None:
            applicant.mobile = ascii_digits(mobile)
        body = SubmitIn(service_id=service_id, applicant=applicant)
        if form is not None:
            body.form = SubmitInForm.from_dict(form)
        answer = await submit_application.asyncio_detailed(
            client=self.api, body=body, idempotency_key=idempotency_key or str(uuid.uuid4())
        )
        return _result(answer, Submitted)

    async def application(self, application_id: str) -> ApplicationOut:
        answer = await get_application.asyncio_detailed(application_id, client=self.api)
        return _result(answer, ApplicationOut)

    async def review(self, application_id: str, outcome: str, reason: str) -> ApplicationOut:
        """An officer's decision on an application referred to review (needs_review)."""
        body = ReviewIn(outcome=ReviewInOutcome(outcome), reason=reason)
        answer = await review_application.asyncio_detailed(
            application_id, client=self.api, body=body
        )
        return _result(answer, ApplicationOut)

    async def status(
        self, tracking_code: str, national_code: str, *, etag: str | None = None, wait: int = 0
    ) -> StatusPoll:
        """The public status; with `etag`, None status on 304; `wait` long-polls (≤ 30 s)."""
        kwargs: dict[str, Any] = {"wait": wait, "x_national_code": ascii_digits(national_code)}
        if etag is not None:
            kwargs["if_none_match"] = etag
        answer = await get_status.asyncio_detailed(
            ascii_digits(tracking_code), client=self.public, **kwargs
        )
        interval = float(answer.headers.get("X-Poll-Interval", "1") or 1)
        if answer.status_code == 304:
            return StatusPoll(None, answer.headers.get("ETag", etag), interval)
        return StatusPoll(_result(answer, Status), answer.headers.get("ETag"), interval)

    async def first_status(
        self, tracking_code: str, national_code: str, *, grace: float = 30.0
    ) -> StatusPoll:
        """The status right after a submission. The window waits for its projection before
        it answers 404, but one just started (its relay still carrying the seeded catalogue)
        can be slower: a 404 within `grace` seconds is polled again, once a second."""
        give_up = time.monotonic() + grace
        while True:
            try:
                return await self.status(tracking_code, national_code)
            except ApiError as error:
                if error.status != 404 or time.monotonic() >= give_up:
                    raise
            await asyncio.sleep(1.0)

    async def wait_for_decision(
        self, tracking_code: str, national_code: str, *, within: float = 120.0, wait: int = 10
    ) -> Status:
        """Long-poll the status with its ETag until it is settled (SETTLED); 304s cost nothing."""
        async with asyncio.timeout(within):
            poll = await self.first_status(tracking_code, national_code)
            latest = poll.status
            while latest is None or str(latest.state) not in SETTLED:
                poll = await self.status(tracking_code, national_code, etag=poll.etag, wait=wait)
                latest = poll.status or latest
            return latest

    async def wait_until_settled(
        self, application_id: str, *, within: float = 120.0, every: float = 0.5
    ) -> ApplicationOut:
        """Poll the agency's view of an application until it is settled (SETTLED). A poll
        still refused with 429 after the transport's retries waits its Retry-After and polls
        on, within `within`: a busy window slows the poll, it does not end it."""
        async with asyncio.timeout(within):
            while True:
                try:
                    application = await self.application(application_id)
                except ApiError as error:
                    if error.status != 429:
                        raise
                    await asyncio.sleep(error.retry_after or every)
                    continue
                if str(application.state) in SETTLED:
                    return application
                await asyncio.sleep(every)


def _result(answer: Response[Any], kind: type[T]) -> T:
    if isinstance(answer.parsed, kind):
        return answer.parsed
    response = httpx.Response(
        int(answer.status_code), headers=answer.headers, content=answer.content
    )
    raise ApiError.from_response(response)


async def _raise_problems(response: httpx.Response) -> None:
    # A 401 goes back to the token layer (which asks once more); anything else of 400 or
    # more is raised here, so no generated parser ever reads an unexpected body.
    if response.status_code >= 400 and response.status_code != 401:
        await response.aread()
        raise ApiError.from_response(response)
