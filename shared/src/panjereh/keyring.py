"""Signing key rings: one current ES256 key and the retired public keys that keep verifying.

Whatever Panjereh signs for someone outside it to check later (the audit chain's checkpoints,
the decision dossiers) is a compact JWS under a key of a ring: the current private key comes
from the secret store (the demo profiles make one in a folder beside their SQLite file, never
in the database), and the ring publishes the public half of the current key and of every
retired one, so what was signed before a rotation still verifies. A key's `kid` is its
RFC 7638 thumbprint (behind a prefix naming what the ring signs), so a JWKS names each key by
what it is. Each kind of document carries its own JOSE `typ`, checked on verification: one
kind can never be passed off as another (a dossier as an access token, or the reverse).
"""

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.api_jws import PyJWS

ALGORITHM = "ES256"
_JWS = PyJWS(algorithms=[ALGORITHM])
SIGNING_KEY = "signing-key.pem"
PUBLISHED = "published.jwks.json"  # every public key a demo folder's keys ever had


class KeyRingError(ValueError):
    """The configured signing key, or a retired key, cannot be used."""


class InvalidSignature(ValueError):
    """A JWS that does not verify: bad signature, wrong `typ`, unknown `kid`, or malformed."""


def thumbprint(public_key: ec.EllipticCurvePublicKey) -> str:
    """RFC 7638: base64url SHA-256 of the key's required members, in lexical order."""
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def public_jwk(public_key: ec.EllipticCurvePublicKey, *, prefix: str = "") -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(public_key))
    return {**jwk, "kid": prefix + thumbprint(public_key), "use": "sig", "alg": ALGORITHM}


def canonical_json(value: Any) -> bytes:
    """RFC 8785 (JSON Canonicalization Scheme): one byte string per JSON value, whoever
    serialises it, so a digest or a signature over it can be recomputed anywhere."""
    return rfc8785.dumps(value)


@dataclass(frozen=True)
class KeyRing:
    private: ec.EllipticCurvePrivateKey
    kid: str
    jwks: dict[str, Any]  # the current key's public half and every retired one's

    def sign_jws(self, payload: Mapping[str, Any], *, typ: str) -> str:
        """A compact JWS (ES256) over the payload's canonical JSON, its `kid` and `typ` in
        the protected header."""
        return _JWS.encode(
            canonical_json(dict(payload)),
            self.private,
            algorithm=ALGORITHM,
            headers={"kid": self.kid, "typ": typ},
        )


def ring(
    private: ec.EllipticCurvePrivateKey,
    *,
    published: Iterable[Mapping[str, Any]] = (),
    prefix: str = "",
) -> KeyRing:
    """The ring of `private` (current) and the `published` public keys it keeps verifying."""
    current = public_jwk(private.public_key(), prefix=prefix)
    keys = list({key["kid"]: dict(key) for key in [*published, current]}.values())
    return KeyRing(private, current["kid"], {"keys": keys})


def retired_jwks(jwks: Iterable[Mapping[str, Any]], *, prefix: str = "") -> list[dict[str, Any]]:
    """Retired public keys as given (JWKs, as once published), checked to be P-256 keys
    and named by their thumbprint whatever `kid` they were pasted with."""
    keys = []
    for given in jwks:
        try:
            public = jwt.algorithms.ECAlgorithm.from_jwk(json.dumps(dict(given)))
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as error:
            raise KeyRingError(f"a retired key is not a public JWK: {error}") from None
        if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
            raise KeyRingError("a retired key must be an EC P-256 public key")
        keys.append(public_jwk(public, prefix=prefix))
    return keys


def parse_private(pem: bytes, *, what: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as error:
        raise KeyRingError(f"{what} is not a PEM private key") from error
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise KeyRingError(f"{what} must be an EC P-256 private key")
    return key


def private_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def dev_key_dir(database_url: str, *, suffix: str, fallback: str) -> Path:
    """Beside the SQLite file, never in it (`<data>/<db>.<suffix>/`); else `.data/<fallback>`."""
    if not database_url.startswith("sqlite") or ":///" not in database_url:
        return Path(".data") / fallback
    if ":memory:" in database_url:
        return Path(".data") / fallback
    database = Path(database_url.split(":///", 1)[1])
    return database.parent / f"{database.stem}.{suffix}"


def dev_key(key_dir: Path) -> bytes:
    """The demo profiles' key in `key_dir`, made on first use (mode 0600)."""
    path = key_dir / SIGNING_KEY
    if not path.exists():
        key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = private_pem(ec.generate_private_key(ec.SECP256R1()))
        # O_EXCL: two processes starting at once keep one key, the first one written.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
    return path.read_bytes()


def read_jwks_file(path: str | Path | None) -> list[dict[str, Any]]:
    if not path or not Path(path).exists():
        return []
    keys = json.loads(Path(path).read_text(encoding="utf-8")).get("keys", [])
    return [dict(key) for key in keys]


def remember(key_dir: Path, keys: list[dict[str, Any]]) -> None:
    """Keep every public key the demo folder's keys had: a lost dev key's dossiers or
    checkpoints still verify after a new one is made."""
    (key_dir / PUBLISHED).write_text(json.dumps({"keys": keys}, indent=2), encoding="utf-8")


def demo_ring(key_dir: Path, *, prefix: str = "") -> KeyRing:
    """The demo profiles' ring: the folder's key, and every key it published before."""
    private = parse_private(dev_key(key_dir), what="the demo signing key")
    keyring = ring(private, published=read_jwks_file(key_dir / PUBLISHED), prefix=prefix)
    remember(key_dir, keyring.jwks["keys"])
    return keyring


def verifying_keys(jwks: Mapping[str, Any], *, prefix: str = "") -> dict[str, jwt.PyJWK]:
    """The usable keys of a JWKS whose `kid` starts with `prefix`, by `kid` (others ignored)."""
    keys = {}
    for jwk in jwks.get("keys", []):
        if not str(jwk.get("kid", "")).startswith(prefix):
            continue
        with contextlib.suppress(jwt.PyJWTError, KeyError, ValueError, TypeError):
            keys[jwk["kid"]] = jwt.PyJWK.from_dict(dict(jwk), algorithm=ALGORITHM)
    return keys


def verify_jws(
    token: str, keys: Mapping[str, jwt.PyJWK], *, typ: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(protected header, payload) of a compact JWS of `typ` under one of `keys`."""
    try:
        header = _JWS.get_unverified_header(token)
        if header.get("typ") != typ or header.get("alg") != ALGORITHM:
            raise InvalidSignature(f"not a {typ} (typ {header.get('typ')!r})")
        key = keys.get(str(header.get("kid")))
        if key is None:
            raise InvalidSignature(f"signed by a key not published: {header.get('kid')!r}")
        signed = _JWS.decode_complete(token, key.key, algorithms=[ALGORITHM])
        payload = json.loads(signed["payload"])
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        if isinstance(error, InvalidSignature):
            raise
        raise InvalidSignature(f"the signature does not verify: {error}") from None
    if not isinstance(payload, dict):
        raise InvalidSignature("the payload is not a JSON object")
    return header, payload
