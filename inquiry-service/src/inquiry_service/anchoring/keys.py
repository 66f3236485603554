"""The checkpoint signing key: loaded from a secret, or made once beside the data folder.

Checkpoints are compact JWS (ES256, the JOSE library the kit already uses for tokens). A key's
`kid` is its RFC 7638 thumbprint, so a published JWKS names each key by what it is. The JWKS
keeps retired keys' public halves, so checkpoints signed before a rotation still verify.
"""

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.api_jws import PyJWS

from inquiry_service.anchoring import rules
from inquiry_service.settings import InquirySettings
from panjereh import keyring

ALGORITHM = keyring.ALGORITHM
CHECKPOINT_TYPE = "panjereh-audit-checkpoint+jws"
_JWS = PyJWS(algorithms=[ALGORITHM])
SigningKeyError = keyring.KeyRingError
SIGNING_KEY = keyring.SIGNING_KEY
PUBLISHED = keyring.PUBLISHED


def thumbprint(public_key: ec.EllipticCurvePublicKey) -> str:
    return keyring.thumbprint(public_key)


def public_jwk(public_key: ec.EllipticCurvePublicKey) -> dict[str, Any]:
    return keyring.public_jwk(public_key)


@dataclass(frozen=True)
class SigningKey(keyring.KeyRing):
    """The kit's key ring, signing checkpoints."""

    def sign(self, payload: dict[str, Any]) -> str:
        """A compact JWS over the payload's canonical JSON."""
        return self.sign_jws(payload, typ=CHECKPOINT_TYPE)


def load(settings: InquirySettings) -> SigningKey:
    """The signing key the settings name; in the demo profiles, made on first use if absent."""
    retired = settings.audit_retired_keys_file
    if retired and not Path(retired).is_file():
        raise SigningKeyError(f"audit_retired_keys_file: no file at {retired}")
    published = keyring.read_jwks_file(retired)
    if settings.audit_signing_key_pem is not None:
        pem = settings.audit_signing_key_pem.get_secret_value().encode()
    elif settings.audit_signing_key_file:
        pem = Path(settings.audit_signing_key_file).read_bytes()
    elif settings.is_demo:
        demo = keyring.demo_ring(dev_key_dir(settings))
        ring = keyring.ring(demo.private, published=[*published, *demo.jwks["keys"]])
        return SigningKey(ring.private, ring.kid, ring.jwks)
    else:
        raise SigningKeyError(
            "audit_signing_key_pem or audit_signing_key_file: the audit chain's signing key "
            "must come from the secret store"
        )
    private = keyring.parse_private(pem, what="the audit signing key")
    ring = keyring.ring(private, published=published)
    return SigningKey(ring.private, ring.kid, ring.jwks)


def dev_key_dir(settings: InquirySettings) -> Path:
    """Beside the SQLite file, never in it (`<data>/<db>.audit-keys/`); else under .data/."""
    return keyring.dev_key_dir(
        settings.database_url, suffix="audit-keys", fallback="inquiry-audit-keys"
    )


def verify_checkpoints(
    published: Iterable[Mapping[str, Any]], jwks: Mapping[str, Any]
) -> tuple[list[rules.Checkpoint], int]:
    """The published checkpoints whose JWS holds under a key of `jwks`, and how many did not.

    Only the signed payload counts: the fields published beside the JWS must agree with it,
    or the checkpoint is rejected.
    """
    keys = {}
    for jwk in jwks.get("keys", []):
        with contextlib.suppress(jwt.PyJWTError, KeyError, ValueError, TypeError):
            keys[jwk["kid"]] = jwt.PyJWK.from_dict(dict(jwk), algorithm=ALGORITHM)
    valid: dict[int, rules.Checkpoint] = {}
    rejected = 0
    for item in published:
        checkpoint = _verified(item, keys)
        if checkpoint is None or valid.get(checkpoint.seq, checkpoint) != checkpoint:
            rejected += 1  # forged, unknown key, or two different heads signed for one seq
            continue
        valid[checkpoint.seq] = checkpoint
    return list(valid.values()), rejected


def _verified(item: Mapping[str, Any], keys: Mapping[str, jwt.PyJWK]) -> rules.Checkpoint | None:
    try:
        token = str(item["jws"])
        header = _JWS.get_unverified_header(token)
        key = keys[header["kid"]]
        signed = json.loads(_JWS.decode_complete(token, key.key, algorithms=[ALGORITHM])["payload"])
        checkpoint = rules.Checkpoint(
            seq=int(signed["seq"]),
            head_hash=str(signed["head_hash"]),
            at=dt.datetime.fromisoformat(signed["at"]),
            kid=str(header["kid"]),
        )
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None
    for name in ("seq", "head_hash"):
        if name in item and item[name] != getattr(checkpoint, name):
            return None
    return checkpoint
