"""Webhook signing secrets: made once, shown once, kept only encrypted.

A secret is sealed with AES-GCM under a key derived from PANJEREH_NOTIFICATION_SECRET_KEY,
with the subscription's id as associated data: a copy of the table alone signs nothing, and
a ciphertext moved onto another subscription's row no longer opens. To rotate the key, set
the new one and list the old in PANJEREH_NOTIFICATION_SECRET_KEYS_RETIRED: what the old key
sealed still opens, and everything sealed from then on uses the new one.
"""

import base64
import os
import secrets
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SECRET_PREFIX = "whsec_"  # noqa: S105 (a format prefix, not a secret)
_SECRET_BYTES = 32  # Standard Webhooks: 24 to 64 bytes
_NONCE_BYTES = 12
_VERSION = "v1."
_INFO = b"panjereh webhook signing secrets v1"


class UnsealableSecret(Exception):
    """The ciphertext was not sealed under this key for this subscription."""


def new_signing_secret() -> str:
    """A fresh `whsec_…` secret in the Standard Webhooks format (base64 of random bytes)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(_SECRET_BYTES)).decode()


def _aead(key: str) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return AESGCM(derived.derive(key.encode()))


class SecretBox:
    def __init__(self, key: str, *, retired: Sequence[str] = ()) -> None:
        self._aead = _aead(key)
        self._openers = [self._aead, *(_aead(old) for old in retired)]

    def seal(self, secret: str, *, subscription_id: str) -> str:
        """The secret encrypted for storage beside `subscription_id`."""
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, secret.encode(), subscription_id.encode())
        return _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, ciphertext: str, *, subscription_id: str) -> str:
        """The secret `seal` stored; UnsealableSecret for a wrong key, row or tampering."""
        if not ciphertext.startswith(_VERSION):
            raise UnsealableSecret("unknown sealing version")
        try:
            raw = base64.urlsafe_b64decode(ciphertext.removeprefix(_VERSION).encode())
        except ValueError as error:
            raise UnsealableSecret("not a sealed secret") from error
        nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
        for aead in self._openers:
            try:
                return aead.decrypt(nonce, sealed, subscription_id.encode()).decode()
            except (InvalidTag, ValueError):
                continue
        raise UnsealableSecret("the secret does not open with this key")
