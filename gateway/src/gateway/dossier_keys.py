"""The decision dossiers' public keys, published beside the token keys in the public JWKS.

The application service signs dossiers with its own key ring and serves the ring's public
halves (current and retired) at `/.well-known/dossier-jwks.json`; the gateway fetches them
through its upstream (in-process in the embedded mode) and keeps them, so a rotation there
needs no configuration here. Only keys whose kid carries the dossier prefix are taken: the
application service cannot slip a token key into the JWKS (and token verifiers ignore these).
"""

import asyncio
import json
import logging
import time
from typing import Any

from gateway import upstream as upstreams
from panjereh import dossier

log = logging.getLogger(__name__)
PATH = "/.well-known/dossier-jwks.json"
FRESH_SECONDS = 60.0  # how long fetched keys are served before asking again
RETRY_SECONDS = 5.0  # after a failed fetch (the last keys fetched are served meanwhile)
TIMEOUT_SECONDS = 3.0


class DossierKeys:
    def __init__(self) -> None:
        self._keys: list[dict[str, Any]] = []
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def published(self, client: upstreams.Upstream | None) -> list[dict[str, Any]]:
        if client is None or time.monotonic() < self._next:
            return self._keys
        async with self._lock:
            if time.monotonic() >= self._next:
                await self._refresh(client)
        return self._keys

    async def _refresh(self, client: upstreams.Upstream) -> None:
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                status, body = await client.get(PATH)
            if status != 200:
                raise ValueError(f"status {status}")
            keys = json.loads(body)["keys"]
        except Exception as error:  # an unreachable service must not fail the token keys
            log.warning("dossier keys not fetched (%s); serving the last ones", error)
            self._next = time.monotonic() + RETRY_SECONDS
            return
        self._keys = [
            dict(key)
            for key in keys
            if isinstance(key, dict) and str(key.get("kid", "")).startswith(dossier.KID_PREFIX)
        ]
        self._next = time.monotonic() + FRESH_SECONDS
