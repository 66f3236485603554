"""The token signing key set: the current key (signs), the next one (published, signs after the
next rotation) and the retired ones (published until the longest token they signed expired).

The set is one JSON document in the secret store (`SIGNING_KEYS_FILE`, a mounted Secret):

    {"current": {"kid": …, "private_key_pem": …}, "next": {"kid": …, "private_key_pem": …},
     "retired": [{"jwk": {public JWK}, "verify_until": <unix seconds>}]}

`rotate` makes the next one from a set: next becomes current, a new next is made, the old
current is retired (its public half only: the private key is dropped) until every token it
may have signed has expired. Because the next key was published a whole rotation earlier,
every verifier that refreshed since knows it before it signs its first token. New keys are
named by their RFC 7638 thumbprint behind `panjereh-` (panjereh.keyring, as the dossiers').
"""

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from gateway.settings import GatewaySettings
from panjereh import auth, keyring

KID_PREFIX = "panjereh-"
# After a rotation the gateway may sign with the old key until it sees the new set (a mounted
# Secret reaches the pods within about a minute; the file is looked at every few seconds).
PROPAGATION_SECONDS = 120


class KeySetError(ValueError):
    """The key set document cannot be used (the gateway keeps the keys it has)."""


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: ec.EllipticCurvePrivateKey

    def public_jwk(self) -> dict[str, Any]:
        jwk = keyring.public_jwk(self.private.public_key())
        return {**jwk, "kid": self.kid}


@dataclass(frozen=True)
class RetiredKey:
    jwk: dict[str, Any]
    verify_until: int  # unix seconds: no token it signed lives longer


@dataclass(frozen=True)
class KeySet:
    current: SigningKey
    next: SigningKey | None = None
    retired: tuple[RetiredKey, ...] = field(default=())

    def jwks(self, now: float) -> dict[str, Any]:
        """What verifiers need now: current, next, and the retired keys still in use."""
        keys = [self.current.public_jwk()]
        if self.next is not None:
            keys.append(self.next.public_jwk())
        keys += [key.jwk for key in self.retired if key.verify_until > now]
        return {"keys": keys}

    def issuer(self, ttl: dt.timedelta) -> auth.TokenIssuer:
        return auth.TokenIssuer(self.current.private, kid=self.current.kid, ttl=ttl)


def new_key() -> SigningKey:
    private = auth.new_signing_key()
    return SigningKey(KID_PREFIX + keyring.thumbprint(private.public_key()), private)


def fresh() -> KeySet:
    """A first set: a current and a next key, nothing retired."""
    return KeySet(current=new_key(), next=new_key())


def single(private: ec.EllipticCurvePrivateKey, kid: str) -> KeySet:
    """The set of one configured key (SIGNING_KEY_PEM): no next, so no rotation by file."""
    return KeySet(current=SigningKey(kid, private))


def keep_seconds(settings: GatewaySettings) -> int:
    """How long a retired key must keep verifying: the longest token it may have signed, the
    verifiers' leeway, and the time the gateway takes to see the new set."""
    longest = max(settings.token_ttl_seconds, settings.citizen_token_ttl_seconds)
    return int(
        longest + auth.LEEWAY_SECONDS + PROPAGATION_SECONDS + settings.signing_keys_check_seconds
    )


def rotate(keys: KeySet, *, now: float, keep_seconds: int) -> KeySet:
    """The set after one rotation (see the module's docstring); expired retired keys go."""
    retiring = RetiredKey(keys.current.public_jwk(), int(now) + keep_seconds)
    still = tuple(key for key in keys.retired if key.verify_until > now)
    return replace(
        keys,
        current=keys.next or new_key(),
        next=new_key(),
        retired=(retiring, *still),
    )


def dumps(keys: KeySet) -> str:
    def key(signing: SigningKey) -> dict[str, str]:
        pem = keyring.private_pem(signing.private).decode()
        return {"kid": signing.kid, "private_key_pem": pem}

    document = {
        "current": key(keys.current),
        "next": key(keys.next) if keys.next is not None else None,
        "retired": [{"jwk": r.jwk, "verify_until": r.verify_until} for r in keys.retired],
    }
    return json.dumps(document, indent=2) + "\n"


def loads(text: str) -> KeySet:
    """The set in a key set document; KeySetError naming what is wrong (never the key)."""
    try:
        document = json.loads(text)
        current = _signing(document["current"], "current")
        upcoming = document.get("next")
        retired = tuple(_retired(entry) for entry in document.get("retired") or [])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        if isinstance(error, KeySetError):
            raise
        raise KeySetError(f"not a signing key set: {type(error).__name__} {error}") from None
    keys = KeySet(current, _signing(upcoming, "next") if upcoming else None, retired)
    kids = [jwk["kid"] for jwk in keys.jwks(now=0)["keys"]]
    if len(set(kids)) != len(kids):
        raise KeySetError("two keys of the set share a kid")
    return keys


def _signing(entry: dict[str, Any], what: str) -> SigningKey:
    kid = entry["kid"]
    if not isinstance(kid, str) or not kid:
        raise KeySetError(f"the {what} key has no kid")
    pem = entry["private_key_pem"].encode()
    return SigningKey(kid, keyring.parse_private(pem, what=f"the {what} key"))


def _retired(entry: dict[str, Any]) -> RetiredKey:
    jwk = dict(entry["jwk"])
    if "d" in jwk:
        raise KeySetError("a retired key must be a public JWK (it holds a private part)")
    # keyring's check of a retired key (a P-256 public JWK); the kid stays as it was published.
    (checked,) = keyring.retired_jwks([jwk])
    if not isinstance(jwk.get("kid"), str):
        raise KeySetError("a retired key has no kid")
    return RetiredKey({**checked, "kid": jwk["kid"]}, int(entry["verify_until"]))
