"""What a registry connector promises, and how it fails."""

from dataclasses import dataclass
from typing import Any, Literal, Protocol

from inquiry_service.evidence.catalog import EvidenceType


@dataclass(frozen=True)
class RegistryAnswer:
    status: Literal["found", "not_found"]
    data: dict[str, Any] | None
    registry: str


class RegistryError(Exception):
    """The registry gave no usable answer."""


class RegistryTransientError(RegistryError):
    """A timeout or 5xx: worth trying again."""


class RegistryRejected(RegistryError):
    """A 4xx other than not-found: trying again will not help (misconfiguration, bad input)."""


class RegistryUnavailable(RegistryError):
    """Gave up: retries spent or the circuit is open."""

    def __init__(self, registry: str, reason: str, *, attempts: int) -> None:
        super().__init__(f"{registry}: {reason}")
        self.registry = registry
        self.reason = reason
        self.attempts = attempts


class Connector(Protocol):
    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> RegistryAnswer:
        """Ask the evidence's registry about one person."""
        ...

    async def aclose(self) -> None: ...
