"""A flood of tokens under made-up kids cannot make a service hammer the gateway's JWKS: the
service asks once per AUTH_JWKS_MIN_REFRESH_SECONDS at most, over real HTTP, and refuses each
token (401); a valid token keeps working throughout (panjereh.token_keys)."""

import asyncio
import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI

from panjereh import auth, problems, token_keys

pytestmark = pytest.mark.asyncio
KEY = auth.new_signing_key()


@pytest.fixture
def jwks_server() -> Iterator[tuple[str, list[str]]]:
    fetched: list[str] = []
    body = json.dumps(auth.public_jwks(KEY, kid="panjereh-1")).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetched.append(self.path)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json", fetched
    finally:
        server.shutdown()
        server.server_close()


def _token(key: Any, kid: str) -> str:
    issuer = auth.TokenIssuer(key, kid=kid, ttl=dt.timedelta(minutes=5))
    return issuer.issue(client_id="c", agency_id="a", scopes=["inquiries:read"])


async def test_made_up_kids_make_one_fetch_per_interval(
    jwks_server: tuple[str, list[str]],
) -> None:
    url, fetched = jwks_server
    verifier, refreshing = await token_keys.load(
        jwks_url=url,
        jwks_file=None,
        jwks_json=None,
        refresh_seconds=300,
        min_interval_seconds=0,
    )
    assert refreshing is not None
    # The first interval has passed (0 s): one fetch may follow; then keep it for 10 minutes.
    refreshing._min_interval = 600
    app = FastAPI()
    problems.install(app)
    app.state.token_verifier, app.state.token_keys = verifier, refreshing

    @app.get("/inquiries")
    async def inquiries(
        who: Annotated[auth.Principal, Depends(auth.require("inquiries:read"))],
    ) -> dict[str, str]:
        return {"client_id": who.client_id}

    forger = auth.new_signing_key()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as s:
        flood = [
            s.get("/inquiries", headers={"Authorization": f"Bearer {_token(forger, f'k{n}')}"})
            for n in range(300)
        ]
        answers = await asyncio.gather(*flood)
        valid = await s.get(
            "/inquiries", headers={"Authorization": f"Bearer {_token(KEY, 'panjereh-1')}"}
        )
    await refreshing.close()
    assert {a.status_code for a in answers} == {401}
    assert len(fetched) == 2, fetched  # at start, and once for the whole flood
    assert valid.status_code == 200
