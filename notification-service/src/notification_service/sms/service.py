"""The SMS half's place in the service (W3 "sms" replaces this placeholder)."""

from collections.abc import Sequence

from fastapi import APIRouter

from notification_service.parts import Parts, Wiring


def routers() -> Sequence[APIRouter]:
    """E.g. GET /v1/sandbox/sms."""
    return ()


def lifespan_parts(wiring: Wiring) -> Parts:
    """The SMS consumer (its own consumer name) and its sender."""
    return Parts()
