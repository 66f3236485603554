"""The gateway takes a new signing key set without a restart.

The set lives in a file (SIGNING_KEYS_FILE, a mounted Secret: Kubernetes swaps the file when
the Secret changes). It is read again when the file changes (looked at every
SIGNING_KEYS_CHECK_SECONDS) or at once on SIGHUP; the published JWKS also drops retired keys
as they expire, with no change to the file. A document that does not parse changes nothing:
the gateway keeps signing and verifying with the keys it has, and says so in its log.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import os
import signal
import time
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from gateway import signing_keys
from gateway.settings import GatewaySettings
from panjereh import auth, keyring

log = logging.getLogger(__name__)


def initial(
    settings: GatewaySettings, key: ec.EllipticCurvePrivateKey | None
) -> signing_keys.KeySet:
    """The set the gateway starts with: the file's, else the one configured (or given) key,
    else (demo profiles only) a fresh key for this process."""
    if settings.signing_keys_file:
        return signing_keys.loads(Path(settings.signing_keys_file).read_text(encoding="utf-8"))
    if key is None and settings.signing_key_pem is not None:
        pem = settings.signing_key_pem.get_secret_value().encode()
        key = keyring.parse_private(pem, what="signing_key_pem")
    return signing_keys.single(key or auth.new_signing_key(), settings.signing_key_id)


class KeyWatch:
    """The key set in use: `issuer` signs, `jwks` is published, the verifier takes it too."""

    issuer: auth.TokenIssuer
    jwks: dict[str, Any]

    def __init__(
        self,
        settings: GatewaySettings,
        verifier: auth.TokenVerifier,
        keys: signing_keys.KeySet,
    ) -> None:
        self._settings = settings
        self._verifier = verifier
        self._keys = keys
        self._seen = self._signature()
        self._wake = asyncio.Event()
        self.publish()

    def publish(self) -> None:
        """Sign with the current key; publish (and verify with) what is in use now."""
        jwks = self._keys.jwks(now=time.time())
        ttl = dt.timedelta(seconds=self._settings.token_ttl_seconds)
        self.issuer = self._keys.issuer(ttl)
        if getattr(self, "jwks", None) != jwks:  # the first time, or the set changed
            self._verifier.replace(jwks)
            self.jwks = jwks

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._settings.signing_keys_check_seconds):
                    await self._wake.wait()
            forced, self._wake = self._wake.is_set(), asyncio.Event()
            self.reload(forced=forced)

    def reload(self, *, forced: bool = False) -> bool:
        """Read the file again if it changed (or `forced`); True if a new set was taken."""
        taken = False
        signature = self._signature()
        if forced or signature != self._seen:
            self._seen = signature
            taken = self._read()
        self.publish()
        return taken

    def _read(self) -> bool:
        path = self._settings.signing_keys_file
        try:
            keys = signing_keys.loads(Path(path or "").read_text(encoding="utf-8"))
        except (OSError, signing_keys.KeySetError) as error:
            log.error(
                "signing keys not reloaded from %s (%s); keeping the current ones", path, error
            )
            return False
        if keys.jwks(now=0) != self._keys.jwks(now=0):
            log.info("signing keys reloaded: current %s", keys.current.kid)
        self._keys = keys
        return True

    def _signature(self) -> tuple[int, int, int] | None:
        path = self._settings.signing_keys_file
        if not path:
            return None
        try:
            # A Secret volume swaps a symlink: the file's identity changes, not always its time.
            found = os.stat(path)
        except OSError:
            return None
        return (found.st_ino, found.st_mtime_ns, found.st_size)


@contextlib.asynccontextmanager
async def watching(watch: KeyWatch, settings: GatewaySettings) -> Any:
    """Run `watch` (and take SIGHUP) while the gateway serves, if it reads a key file."""
    if not settings.signing_keys_file:
        yield
        return
    task = asyncio.create_task(watch.run())
    loop = asyncio.get_running_loop()
    hooked = False
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGHUP, watch.wake)  # only the main thread may
        hooked = True
    try:
        yield
    finally:
        if hooked:
            loop.remove_signal_handler(signal.SIGHUP)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
