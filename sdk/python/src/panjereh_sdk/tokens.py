"""OAuth 2.0 client credentials as an httpx Auth: a token fetched through the generated
`createToken`, kept until shortly before it expires, fetched again once after a 401."""

import asyncio
import time
from collections.abc import AsyncGenerator, Callable

import httpx

from panjereh_api import AuthenticatedClient
from panjereh_api.api.authentication import create_token
from panjereh_api.models import CreateTokenBody, TokenOut
from panjereh_sdk.errors import ApiError

# Renewed this long before it expires (or at 90% of a short lifetime): a request signed with
# a token that expires on the way is refused.
EARLY_RENEWAL = 30.0


class ClientCredentials(httpx.Auth):
    def __init__(
        self,
        token_client: AuthenticatedClient,
        *,
        client_id: str,
        client_secret: str,
        scope: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = token_client
        self._client_id = client_id
        self._client_secret = client_secret
        self._scope = scope
        self._clock = clock
        self._token: tuple[str, float] | None = None  # (access token, renew at)
        self._lock = asyncio.Lock()
        self.fetched = 0  # tokens fetched so far: caching is observable

    async def bearer(self) -> str:
        async with self._lock:  # one fetch for many concurrent requests
            if self._token is None or self._clock() >= self._token[1]:
                self._token = await self._fetch()
            return self._token[0]

    def forget(self, token: str) -> None:
        if self._token is not None and self._token[0] == token:
            self._token = None

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.bearer()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:  # revoked or its key rotated away: once more
            self.forget(token)
            request.headers["Authorization"] = f"Bearer {await self.bearer()}"
            yield request

    async def _fetch(self) -> tuple[str, float]:
        body = CreateTokenBody(
            grant_type="client_credentials",
            client_id=self._client_id,
            client_secret=self._client_secret,
        )
        if self._scope:
            body.scope = self._scope
        answer = await create_token.asyncio_detailed(client=self._client, body=body)
        if not isinstance(answer.parsed, TokenOut):  # raised by the hook before, normally
            raise ApiError(status=int(answer.status_code), title="no token")
        self.fetched += 1
        lifetime = float(answer.parsed.expires_in)
        renew_in = lifetime - min(EARLY_RENEWAL, lifetime * 0.1)
        return answer.parsed.access_token, self._clock() + renew_in
