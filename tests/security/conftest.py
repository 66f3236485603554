"""The security suite: black box, over real HTTP, through the gateway of the embedded default.

Each test reproduces one finding of the red team's review (issue #14) and is kept as a
regression test. A test talks to the platform the way an agency client, an applicant or the
legal-basis office would. The modules that need nothing but HTTP and the public demo clients
(`pytestmark = ON_BOTH_EDGES`) run on both edges of the session (tests.edges); the others set
the platform's environment, read its logs or its files, and keep a window of their own.
"""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from gateway.clients import DEMO_CLIENTS
from panjereh_embedded.app import create_app
from tests.edges import Deployment
from tests.security import _logs
from tests.support import serve

SECRETS = {client_id: secret for client_id, secret, _, _ in DEMO_CLIENTS}
PASSPORT = "passport-police-backend"
TRAFFIC = "traffic-police-backend"
OFFICE = "legal-basis-office"
OPS = "ops-dashboard"
COMPLETE_PERSON = "0018392741"  # the sandbox's `complete` persona
# On the session's platform on each edge, not a window of the test's own (see `window`).
ON_BOTH_EDGES = pytest.mark.usefixtures("edge")


@dataclass
class Window:
    """The running platform: its base URL and a client that speaks to it over the wire."""

    url: str
    http: httpx.AsyncClient

    async def token(self, client_id: str) -> str:
        response = await self.http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": SECRETS[client_id],
            },
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def auth(self, client_id: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {await self.token(client_id)}"}


@pytest_asyncio.fixture
async def window(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Window]:
    """The embedded default served by uvicorn on loopback (streams really stream), of this
    test alone; or, for a test marked `usefixtures("edge")`, the session's platform on each
    edge (tests.edges: embedded, and HAProxy in front of the distributed mode), spoken to
    from an address of the test's own."""
    if "edge" in request.fixturenames:
        deployment: Deployment = request.getfixturevalue("edge")
        async with deployment.client() as http:
            yield Window(url=deployment.url, http=http)
        return
    async with (
        serve(create_app(tmp_path / "data")) as url,
        httpx.AsyncClient(base_url=url, timeout=30) as http,
    ):
        yield Window(url=url, http=http)


@pytest.fixture
def captured() -> Iterator[_logs.Everything]:
    """Every log line written during the test, for the scans of what logs may hold."""
    with _logs.capturing() as handler:
        yield handler
