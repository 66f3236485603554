"""The sandbox connector: deterministic synthetic registries in-process (embedded default)."""

import asyncio

from inquiry_service.evidence.catalog import EvidenceType
from inquiry_service.registries.base import RegistryAnswer
from inquiry_service.sandbox import records


class SandboxConnector:
    def __init__(self, *, slow_seconds: float = 1.3, hang_seconds: float = 3600.0) -> None:
        self._slow_seconds = slow_seconds
        self._hang_seconds = hang_seconds

    async def fetch(
        self, evidence: EvidenceType, national_code: str, *, mobile: str | None = None
    ) -> RegistryAnswer:
        behaviour = records.behaviour_for(national_code)
        if behaviour is records.RegistryBehaviour.TIMEOUT:
            await asyncio.sleep(self._hang_seconds)  # the caller's timeout fires first
        elif behaviour is records.RegistryBehaviour.SLOW:
            await asyncio.sleep(self._slow_seconds)
        answer = records.lookup(evidence.code, national_code, mobile=mobile)
        return RegistryAnswer(answer.status, answer.data, evidence.registry)

    async def aclose(self) -> None:
        return None
