"""The embedded window for the dossier tests: an agency's decided application, its dossier,
the published JWKS saved to a file, and the offline CLI run on them."""

import asyncio
import base64
import datetime as dt
import itertools
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.settings import GatewaySettings
from panjereh import auth
from panjereh_embedded import workload
from panjereh_embedded.app import create_app
from tests.support import LifespanManager, eventually

COMPLETE = "0018392741"  # the `complete` persona (API.md, Sandbox)
MOBILE = "09121000001"
CLI = Path(sys.executable).parent / "panjereh-dossier"  # the kit's entry point
_HELD = itertools.count()


@asynccontextmanager
async def window(data: Path, key: ec.EllipticCurvePrivateKey) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(data, key=key)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", timeout=30
        ) as client:
            yield client


def citizen(key: ec.EllipticCurvePrivateKey, national_code: str) -> dict[str, str]:
    issuer = auth.TokenIssuer(
        key, kid=GatewaySettings().signing_key_id, ttl=dt.timedelta(minutes=15)
    )
    token = issuer.issue_citizen(national_code=national_code, ttl=dt.timedelta(minutes=15))
    return {"Authorization": f"Bearer {token}"}


async def agency(client: httpx.AsyncClient, client_id: str) -> dict[str, str]:
    clients = (await client.get("/v1/sandbox/clients")).json()["items"]
    return await workload._token(client, next(c for c in clients if c["client_id"] == client_id))


async def decided(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    service_id: str = "passport-issuance",
    national_code: str = COMPLETE,
    mobile: str = MOBILE,
    final: tuple[str, ...] = ("approved", "rejected"),
) -> dict[str, Any]:
    """A new application, once it reached one of `final` states."""
    response = await client.post(
        "/v1/applications",
        headers={**headers, "Idempotency-Key": f"dossier-{dt.datetime.now().timestamp()}"},
        json={
            "service_id": service_id,
            "applicant": {"national_code": national_code, "mobile": mobile},
        },
    )
    assert response.status_code == 202, response.text
    application_id = response.json()["id"]
    found: dict[str, Any] = {}

    async def reached() -> bool:
        found.update(
            (await client.get(f"/v1/applications/{application_id}", headers=headers)).json()
        )
        return found.get("state") in final

    await eventually(reached, within=120, what=f"{application_id} reaches {final}")
    return found


async def saved_jwks(client: httpx.AsyncClient, path: Path) -> dict[str, Any]:
    jwks: dict[str, Any] = (await client.get("/.well-known/jwks.json")).json()
    _write(path, json.dumps(jwks))
    return jwks


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


async def cli(jwks: Path, dossier: str, tmp_path: Path) -> tuple[int, str]:
    """The installed `panjereh-dossier verify`, on a dossier saved to a file (offline)."""
    held = tmp_path / f"dossier-{next(_HELD)}.txt"
    _write(held, dossier)
    process = await asyncio.create_subprocess_exec(
        str(CLI),
        "verify",
        "--jwks",
        str(jwks),
        str(held),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(jws: str) -> dict[str, Any]:
    part = jws.split(".")[1]
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


def with_claims(jws: str, changed: dict[str, Any]) -> str:
    """The same header and signature over a different payload (what a forger would try)."""
    header, _, signature = jws.split(".")
    return ".".join([header, b64(json.dumps(changed).encode()), signature])
