"""The kit's key ring and dossier verifier, pure: bad keys refused with a clear error, the
demo ring kept across starts, and the offline CLI's answers to what a person may hand it."""

import io
import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError

from application_service.dossier import signer
from application_service.settings import ApplicationSettings
from panjereh import auth, dossier, keyring
from panjereh.dossier import cli

RING = keyring.ring(auth.new_signing_key(), prefix=dossier.KID_PREFIX)
CLAIMS = {
    "kid": RING.kid, "application_id": "a", "tracking_code": "1405000000001",
    "service_id": "passport-issuance", "rules_digest": dossier.digest([]),
    "legal_basis": [{"evidence_type": "national-id-card", "law_reference": None,
                     "decided_at": None}],
    "evidence": [{"type": "national-id-card", "registry": "civil-registration",
                  "status": "found", "retrieved_at": "2026-12-01T09:00:00+00:00",
                  "digest": dossier.digest({"a": 1})}],
    "decision": {"outcome": "rejected", "by": "officer",
                 "reasons": [{"code": "officer", "fa": "ناقص", "en": "Incomplete"}]},
    "decided_at": "2026-12-01T09:30:00+00:00",
}  # fmt: skip
JWS = RING.sign_jws(CLAIMS, typ=dossier.TYPE)


def test_digests_are_of_the_canonical_json() -> None:
    # RFC 8785: key order and spacing do not change the digest; a value does.
    assert dossier.digest({"b": 1, "a": [1, 2]}) == dossier.digest({"a": [1, 2], "b": 1})
    assert dossier.digest({"a": 1}) != dossier.digest({"a": 2})
    assert dossier.digest(None).startswith("sha256:") and len(dossier.digest(None)) == 71


def test_bad_keys_are_refused_with_what_is_wrong() -> None:
    with pytest.raises(keyring.KeyRingError, match="not a PEM"):
        keyring.parse_private(b"-----BEGIN PRIVATE KEY-----\nxx\n", what="the key")
    p384 = keyring.private_pem(ec.generate_private_key(ec.SECP384R1()))
    with pytest.raises(keyring.KeyRingError, match="P-256"):
        keyring.parse_private(p384, what="the key")
    with pytest.raises(keyring.KeyRingError, match="not a public JWK"):
        keyring.retired_jwks([{"kty": "EC", "crv": "P-256", "x": "bad"}])
    p384_jwk = keyring.public_jwk(ec.generate_private_key(ec.SECP384R1()).public_key())
    with pytest.raises(keyring.KeyRingError, match="P-256"):
        keyring.retired_jwks([p384_jwk])


def test_a_retired_key_is_named_by_its_thumbprint_whatever_it_was_pasted_with() -> None:
    jwk = {**RING.jwks["keys"][0], "kid": "whatever"}
    (retired,) = keyring.retired_jwks([jwk], prefix=dossier.KID_PREFIX)
    assert retired["kid"] == RING.kid


def test_the_demo_ring_is_kept_beside_the_database_and_remembers_old_keys(tmp_path: Path) -> None:
    settings = ApplicationSettings(database_url=f"sqlite+aiosqlite:///{tmp_path}/application.db")
    first = signer.load(settings)
    key_file = tmp_path / "application.dossier-keys" / keyring.SIGNING_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert signer.load(settings).ring.kid == first.ring.kid, "the same key on the next start"
    key_file.unlink()  # a lost demo key: a new one, the old one's dossiers still verify
    second = signer.load(settings)
    assert {k["kid"] for k in second.jwks["keys"]} == {first.ring.kid, second.ring.kid}


def test_outside_the_demo_profiles_the_service_needs_its_dossier_key() -> None:
    with pytest.raises(ValidationError, match="dossier_signing_key_pem"):
        ApplicationSettings(
            profile="production", database_url="postgresql+asyncpg://u:p@db/application"
        )
    with pytest.raises(keyring.KeyRingError, match="not a public JWK"):
        signer.load(
            ApplicationSettings(
                dossier_signing_key_pem=keyring.private_pem(auth.new_signing_key()).decode(),
                dossier_retired_keys_json='[{"kty": "EC"}]',
            )
        )


def _cli(tmp_path: Path, jwks: object, held: str, *, stdin: str = "") -> tuple[int, str]:
    (tmp_path / "jwks.json").write_text(json.dumps(jwks) if not isinstance(jwks, str) else jwks)
    (tmp_path / "held.txt").write_text(held)
    out = io.StringIO()
    source = "-" if stdin else str(tmp_path / "held.txt")
    code = cli.verify(str(tmp_path / "jwks.json"), source, out=out, stdin=io.StringIO(stdin))
    return code, out.getvalue()


def test_the_cli_reads_a_dossier_its_link_or_the_endpoints_json_and_says_why_not(
    tmp_path: Path,
) -> None:
    for held in (JWS, f"https://x.example/verify#{JWS}\n", json.dumps({"dossier": JWS})):
        code, out = _cli(tmp_path, RING.jwks, held)
        assert code == 0, out
        assert "رد شد" in out and "rejected" in out and "Incomplete" in out
    code, out = _cli(tmp_path, RING.jwks, "", stdin=JWS)
    assert code == 0, "from standard input"
    for garbage in ("", "not a jws", "a.b.c", json.dumps({"other": 1}), JWS[:-5]):
        code, out = _cli(tmp_path, RING.jwks, garbage)
        assert code == 1 and "NOT a valid decision dossier" in out, garbage
    code, out = _cli(tmp_path, "{not json", JWS)
    assert code == 1 and "cannot read the JWKS" in out
    code, out = _cli(tmp_path, {"keys": []}, JWS)
    assert code == 1 and "not published" in out
    assert cli.main(["verify", "--jwks", str(tmp_path / "missing.json"), str(tmp_path / "x")]) == 1
