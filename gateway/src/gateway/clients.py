"""OAuth clients: who may ask for tokens, for which agency and scopes. Secrets are kept as
argon2 hashes; the demo clients exist only in the embedded and dev profiles."""

import asyncio
import functools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from panjereh.auth import CITIZEN_SCOPE, SCOPES

AGENCY_SCOPES = (
    "applications:write",
    "applications:read",
    "applications:review",
    "inquiries:read",
    "catalog:write",
    "webhooks:write",
)

OFFICE_SCOPE = "catalog:approve"
# Scopes of the platform's own services, for their internal calls (never routed by the
# gateway, never in the public document): no agency client may hold one.
INTERNAL_SCOPES = {
    "otp:send": "Hand a citizen's one-time login code to the SMS sender (the status service)",
}

# Demo-only credentials (API.md, Sandbox): printed by /v1/sandbox/clients and the README.
# The gateway refuses to start with them outside the embedded/dev profiles.
DEMO_CLIENTS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("passport-police-backend", "demo-passport-police-secret", "passport-police", AGENCY_SCOPES),
    ("traffic-police-backend", "demo-traffic-police-secret", "traffic-police", AGENCY_SCOPES),
    ("labour-ministry-backend", "demo-labour-ministry-secret", "labour-ministry", AGENCY_SCOPES),
    (
        "industry-ministry-backend",
        "demo-industry-ministry-secret",
        "industry-ministry",
        AGENCY_SCOPES,
    ),
    ("ops-dashboard", "demo-ops-secret", None, ("compliance:read",)),
    # The legal-basis office (the data protection authority): no agency, and the only
    # holder of catalog:approve, which no agency client is ever given.
    ("legal-basis-office", "demo-legal-basis-office-secret", None, ("catalog:approve",)),
    # The status service hands one-time login codes to the notification service with it.
    ("panjereh-status", "demo-status-otp-client-secret", None, ("otp:send",)),
    # The notification service asks Shahkar about applicants' mobiles as the platform agency,
    # under the basis the office approved for its "applicant-notifications" service.
    (
        "panjereh-notifications",
        "demo-notifications-secret",
        "panjereh-platform",
        ("inquiries:read",),
    ),
)

_HASHER = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """What an unknown client's secret is checked against, so the answer's timing is alike;
    made on the first such check, not at import (a hash costs a quarter second of CPU)."""
    return _HASHER.hash("no-such-client")


@dataclass(frozen=True)
class Client:
    client_id: str
    secret_hash: str
    agency_id: str | None
    scopes: frozenset[str]


class ClientRegistry:
    def __init__(self, clients: list[Client]) -> None:
        unknown = {scope for client in clients for scope in client.scopes} - {
            *SCOPES,
            *INTERNAL_SCOPES,
        }
        if unknown:
            raise ValueError(f"unknown scopes in client registry: {sorted(unknown)}")
        citizens = [c.client_id for c in clients if CITIZEN_SCOPE in c.scopes]
        if citizens:
            # A citizen token is a person's own, made only from their one-time code.
            raise ValueError(f"no client may hold {CITIZEN_SCOPE}: {citizens}")
        internal = [
            c.client_id for c in clients if c.agency_id and c.scopes & INTERNAL_SCOPES.keys()
        ]
        if internal:
            raise ValueError(f"agency clients may not hold the platform's own scopes: {internal}")
        self_granting = [c.client_id for c in clients if c.agency_id and OFFICE_SCOPE in c.scopes]
        if self_granting:
            # An agency that could approve its own legal basis would grant itself the right
            # to fetch anyone's records: the one thing the platform promises never happens.
            raise ValueError(f"agency clients may not hold {OFFICE_SCOPE}: {self_granting}")
        self._clients = {client.client_id: client for client in clients}
        # argon2 takes a quarter of a second of CPU and 64 MiB per check, by design: on the
        # event loop 20 wrong secrets stalled every request for seconds. A small pool of
        # its own keeps the loop free and bounds the memory (argon2-cffi releases the GIL).
        self._checks = ThreadPoolExecutor(
            max_workers=min(os.cpu_count() or 2, 4), thread_name_prefix="argon2"
        )

    @classmethod
    def from_records(cls, records: list[dict[str, object]]) -> "ClientRegistry":
        return cls(
            [
                Client(
                    client_id=str(r["client_id"]),
                    secret_hash=str(r["secret_hash"]),
                    agency_id=str(r["agency_id"]) if r.get("agency_id") else None,
                    scopes=frozenset(str(scope) for scope in r["scopes"]),  # type: ignore[attr-defined]
                )
                for r in records
            ]
        )

    @classmethod
    def demo(cls) -> "ClientRegistry":
        return cls(
            [
                Client(client_id, _HASHER.hash(secret), agency, frozenset(scopes))
                for client_id, secret, agency, scopes in DEMO_CLIENTS
            ]
        )

    async def verify(self, client_id: str, secret: str) -> Client | None:
        """`authenticate`, in the registry's own threads: never blocks the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._checks, self.authenticate, client_id, secret)

    def authenticate(self, client_id: str, secret: str) -> Client | None:
        """The client if `secret` is its secret; None otherwise (timing alike either way)."""
        client = self._clients.get(client_id)
        try:
            _HASHER.verify(client.secret_hash if client else _dummy_hash(), secret)
        except (VerificationError, InvalidHashError):
            return None
        return client
