"""A service's own access token from the gateway (OAuth 2.0 client credentials), kept until
shortly before it expires: for a service that calls another as a client of the platform."""

import datetime as dt
from collections.abc import Callable

import httpx
from pydantic import SecretStr

_EARLY_RENEWAL = dt.timedelta(seconds=30)


class ClientCredentials:
    """`bearer()` is a token for `scope`, fetched from `POST /v1/oauth/token` on `http`'s
    base URL when there is none or it is about to expire; `forget()` after a 401."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        client_id: str,
        client_secret: SecretStr,
        scope: str,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._http = http
        self._client_id = client_id
        self._client_secret = client_secret
        self._scope = scope
        self._clock = clock
        self._token: tuple[str, dt.datetime] | None = None

    async def bearer(self) -> str:
        now = self._clock()
        if self._token is not None and self._token[1] > now:
            return self._token[0]
        response = await self._http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._client_secret.get_secret_value(),
                "scope": self._scope,
            },
        )
        response.raise_for_status()
        token = response.json()
        lifetime = dt.timedelta(seconds=float(token.get("expires_in", 300)))
        self._token = (str(token["access_token"]), now + lifetime - _EARLY_RENEWAL)
        return self._token[0]

    def forget(self) -> None:
        """Drop the token (expired, or the keys rotated): the next call fetches a new one."""
        self._token = None
