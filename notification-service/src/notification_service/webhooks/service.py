"""The webhook dispatcher's place in the service (W2 "delivery" replaces this placeholder)."""

from collections.abc import Sequence

from fastapi import APIRouter

from notification_service.parts import Parts, Wiring


def routers() -> Sequence[APIRouter]:
    return ()


def lifespan_parts(wiring: Wiring) -> Parts:
    """The dispatcher, woken by `wiring.signals.on_deliveries_due`."""
    return Parts()
