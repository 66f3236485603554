"""The checkpoint signing key: loaded from a secret, or made once beside the data folder.

Checkpoints are compact JWS (ES256, the JOSE library the kit already uses for tokens). A key's
`kid` is its RFC 7638 thumbprint, so a published JWKS names each key by what it is. The JWKS
keeps retired keys' public halves, so checkpoints signed before a rotation still verify.
"""

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.api_jws import PyJWS

from inquiry_service.anchoring import rules
from inquiry_service.settings import InquirySettings

ALGORITHM = "ES256"
CHECKPOINT_TYPE = "panjereh-audit-checkpoint+jws"
_JWS = PyJWS(algorithms=[ALGORITHM])


class SigningKeyError(ValueError):
    """The configured signing key cannot be used."""


def thumbprint(public_key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638: base64url SHA-256 of the key's required members, in lexical order."""
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def public_jwk(public_key: ec.EllipticCurvePublicKey) -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    return {**jwk, "kid": thumbprint(public_key), "use": "sig", "alg": ALGORITHM}


@dataclass(frozen=True)
class SigningKey:
    private: ec.EllipticCurvePrivateKey
    kid: str
    jwks: dict[str, Any]  # the current key's public half and every retired one's

    def sign(self, payload: dict[str, Any]) -> str:
        """A compact JWS over the payload's canonical JSON."""
        body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        return _JWS.encode(
            body,
            self.private,
            algorithm=ALGORITHM,
            headers={"kid": self.kid, "typ": CHECKPOINT_TYPE},
        )


def load(settings: InquirySettings) -> SigningKey:
    """The signing key the settings name; in the demo profiles, made on first use if absent."""
    retired = settings.audit_retired_keys_file
    if retired and not Path(retired).is_file():
        raise SigningKeyError(f"audit_retired_keys_file: no file at {retired}")
    published = _read_jwks(retired)
    key_dir: Path | None = None
    if settings.audit_signing_key_pem is not None:
        pem = settings.audit_signing_key_pem.get_secret_value().encode()
    elif settings.audit_signing_key_file:
        pem = Path(settings.audit_signing_key_file).read_bytes()
    elif settings.is_demo:
        key_dir = dev_key_dir(settings)
        pem = _dev_key(key_dir)
        published += _read_jwks(str(key_dir / PUBLISHED))
    else:
        raise SigningKeyError(
            "audit_signing_key_pem or audit_signing_key_file: the audit chain's signing key "
            "must come from the secret store"
        )
    private = _parse(pem)
    current = public_jwk(private.public_key())
    keys = list({key["kid"]: key for key in [*published, current]}.values())
    if key_dir is not None:
        _remember(key_dir, keys)
    return SigningKey(private, current["kid"], {"keys": keys})


SIGNING_KEY = "signing-key.pem"
PUBLISHED = "published.jwks.json"  # every public key this folder's keys ever had


def dev_key_dir(settings: InquirySettings) -> Path:
    """Beside the SQLite file, never in it (`<data>/<db>.audit-keys/`); else under .data/."""
    url = settings.database_url
    if not url.startswith("sqlite") or ":///" not in url or ":memory:" in url:
        return Path(".data") / "inquiry-audit-keys"
    database = Path(url.split(":///", 1)[1])
    return database.parent / f"{database.stem}.audit-keys"


def _dev_key(key_dir: Path) -> bytes:
    path = key_dir / SIGNING_KEY
    if not path.exists():
        key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # O_EXCL: two processes starting at once keep one key, the first one written.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    return path.read_bytes()


def _remember(key_dir: Path, keys: list[dict[str, Any]]) -> None:
    (key_dir / PUBLISHED).write_text(json.dumps({"keys": keys}, indent=2), encoding="utf-8")


def _read_jwks(path: str | None) -> list[dict[str, Any]]:
    if not path or not Path(path).exists():
        return []
    keys = json.loads(Path(path).read_text(encoding="utf-8")).get("keys", [])
    return [dict(key) for key in keys]


def _parse(pem: bytes) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as error:
        raise SigningKeyError("the audit signing key is not a PEM private key") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise SigningKeyError("the audit signing key must be an EC P-256 private key")
    return key


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
