"""Webhook signing secrets: made once, shown once, kept only encrypted.

A secret is sealed with AES-GCM under a key derived from PANJEREH_NOTIFICATION_SECRET_KEY,
with the subscription's id as associated data: a copy of the table alone signs nothing, and
a ciphertext moved onto another subscription's row no longer opens.
"""

import base64
import os
import secrets

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


class SecretBox:
    def __init__(self, key: str) -> None:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
        self._aead = AESGCM(derived.derive(key.encode()))

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
            nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
            return self._aead.decrypt(nonce, sealed, subscription_id.encode()).decode()
        except (InvalidTag, ValueError) as error:
            raise UnsealableSecret("the secret does not open with this key") from error
