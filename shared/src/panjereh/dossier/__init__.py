"""The decision dossier (API.md, Decision dossier): what it is, and how anyone verifies it.

A dossier is a compact JWS (ES256) the application service signs when it decides an
application, under its own key ring (never the gateway's token key). Its protected header's
`typ` is `panjereh-dossier+jwt` and its `kid` starts with `dossier-`: a token verifier refuses
both, and this verifier refuses anything else, so a dossier never passes as an access token
and a token never as a dossier. Verifying needs only the published JWKS (offline, a file).
"""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from panjereh import keyring

TYPE = "panjereh-dossier+jwt"
KID_PREFIX = "dossier-"
ISSUER = "panjereh"
REQUIRED = (
    "application_id",
    "tracking_code",
    "service_id",
    "rules_digest",
    "legal_basis",
    "evidence",
    "decision",
    "decided_at",
)


class InvalidDossier(ValueError):
    """Not a dossier that verifies under the published keys."""


def digest(value: Any) -> str:
    """`sha256:<hex>` of a JSON value's RFC 8785 canonical form (the evidence records as they
    were fetched, the rules a decision used): anyone holding the value recomputes it."""
    return "sha256:" + hashlib.sha256(keyring.canonical_json(value)).hexdigest()


def verify(jws: str, jwks: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(protected header, payload) of a dossier whose signature holds under a dossier key
    of `jwks` (current or retired); InvalidDossier otherwise."""
    keys = keyring.verifying_keys(jwks, prefix=KID_PREFIX)
    try:
        header, payload = keyring.verify_jws(jws.strip(), keys, typ=TYPE)
    except keyring.InvalidSignature as error:
        raise InvalidDossier(str(error)) from None
    missing = [name for name in REQUIRED if name not in payload]
    if missing or payload.get("kid") != header.get("kid"):
        raise InvalidDossier(f"not a dossier: missing {', '.join(missing) or 'kid'}")
    return header, payload


def extract(text: str) -> str:
    """The compact JWS in what a person holds: the JWS itself, a verification link
    (`…/verify#<jws>`), or the JSON the dossier endpoints answer ({"dossier": …})."""
    text = text.strip()
    if text.startswith("{"):
        try:
            return str(json.loads(text)["dossier"]).strip()
        except (ValueError, KeyError, TypeError):
            raise InvalidDossier("JSON without a dossier member") from None
    if "#" in text:
        return text.rsplit("#", 1)[1].strip()
    return text
