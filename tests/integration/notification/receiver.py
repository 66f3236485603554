"""A webhook receiver on 127.0.0.1 for the tests: a real aiohttp server that records every
request and answers as the test tells it (per path)."""

import asyncio
import datetime as dt
import ipaddress
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import standardwebhooks
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    body: str
    at: dt.datetime

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    def verified(self, secret: str) -> Any:
        """The body, once `standardwebhooks` has verified its signature (raises if not)."""
        return standardwebhooks.Webhook(secret).verify(self.body, self.headers)


Answer = Callable[[Request], Awaitable[web.StreamResponse]]


async def ok(request: Request) -> web.StreamResponse:
    return web.Response(status=204)


@dataclass
class Receiver:
    """Answers `answers[path]` (default: 204) and keeps every request, answered or not."""

    answers: dict[str, Answer] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    in_flight: int = 0
    peak: int = 0
    tls: ssl.SSLContext | None = None  # https when set
    _runner: web.AppRunner | None = None
    port: int = 0

    def url(self, path: str) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=self.tls)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, http: web.Request) -> web.StreamResponse:
        request = Request(
            http.path,
            {k.lower(): v for k, v in http.headers.items()},
            (await http.read()).decode(),
            dt.datetime.now(dt.UTC),
        )
        self.requests.append(request)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            return await self.answers.get(http.path, ok)(request)
        finally:
            self.in_flight -= 1


def failing(times: int, status: int = 500) -> Answer:
    """Answer `status` the first `times` requests for each webhook-id, then 204."""
    seen: dict[str, int] = {}

    async def answer(request: Request) -> web.StreamResponse:
        seen[request.webhook_id] = seen.get(request.webhook_id, 0) + 1
        return web.Response(status=status if seen[request.webhook_id] <= times else 204)

    return answer


def hanging(release: asyncio.Event) -> Answer:
    async def answer(request: Request) -> web.StreamResponse:
        await release.wait()
        return web.Response(status=200)

    return answer


def self_signed(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 and the certificate to trust it by."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "receiver.test")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "receiver.pem", folder / "receiver.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path
