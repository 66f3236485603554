"""The token signing key set (gateway.signing_keys), its rotation command and the gateway's
watch of its file (gateway.key_watch): what each rotation publishes, signs and keeps."""

import argparse
import datetime as dt
import json
import time
from pathlib import Path

import pytest

from gateway import key_rotation, key_watch, signing_keys
from gateway.settings import GatewaySettings
from panjereh import auth, keyring
from panjereh.problems import ProblemError


def _kids(jwks: dict[str, list[dict[str, str]]]) -> list[str]:
    return [key["kid"] for key in jwks["keys"]]


def test_a_rotation_makes_next_current_retires_current_and_makes_a_new_next() -> None:
    first = signing_keys.fresh()
    assert first.next is not None
    rotated = signing_keys.rotate(first, now=1000, keep_seconds=600)
    assert rotated.current.public_jwk() == first.next.public_jwk()
    assert rotated.next is not None and rotated.next.kid not in _kids(first.jwks(now=1000))
    (retired,) = rotated.retired
    assert retired.jwk["kid"] == first.current.kid and "d" not in retired.jwk
    assert retired.verify_until == 1600
    assert _kids(rotated.jwks(now=1599)) == [first.next.kid, rotated.next.kid, first.current.kid]
    assert first.current.kid not in _kids(rotated.jwks(now=1600))  # expired: unpublished


def test_a_rotation_drops_retired_keys_that_expired() -> None:
    keys = signing_keys.rotate(signing_keys.fresh(), now=1000, keep_seconds=10)
    again = signing_keys.rotate(keys, now=2000, keep_seconds=10)
    assert [r.jwk["kid"] for r in again.retired] == [keys.current.kid]


def test_new_kids_are_thumbprints_and_the_set_survives_its_document() -> None:
    keys = signing_keys.rotate(signing_keys.fresh(), now=time.time(), keep_seconds=900)
    assert keys.current.kid == "panjereh-" + keyring.thumbprint(keys.current.private.public_key())
    again = signing_keys.loads(signing_keys.dumps(keys))
    assert again.jwks(now=time.time()) == keys.jwks(now=time.time())
    token = again.issuer(ttl=dt.timedelta(minutes=1)).issue(
        client_id="c", agency_id=None, scopes=["inquiries:read"]
    )
    assert auth.TokenVerifier(keys.jwks(now=time.time())).verify(token).client_id == "c"


def _document(**changes: object) -> str:
    document = json.loads(
        signing_keys.dumps(signing_keys.rotate(signing_keys.fresh(), now=0, keep_seconds=9))
    )
    document.update(changes)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("not json", "not a signing key set"),
        ("{}", "not a signing key set"),
        (_document(current={"kid": "k", "private_key_pem": "nope"}), "not a PEM private key"),
        (_document(current={"kid": "", "private_key_pem": "x"}), "no kid"),
        (_document(retired=[{"jwk": {"kty": "EC", "d": "x"}, "verify_until": 1}]), "public JWK"),
        (
            _document(retired=[{"jwk": {"kty": "oct", "k": "x"}, "verify_until": 1}]),
            "not a public JWK",
        ),
        (_document(retired="x"), "not a signing key set"),
    ],
)
def test_a_bad_key_set_document_is_refused_naming_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(signing_keys.KeySetError, match=says) as refused:
        signing_keys.loads(text)
    assert "PRIVATE KEY" not in str(refused.value)


def test_two_keys_with_one_kid_are_refused() -> None:
    document = json.loads(_document())
    document["next"]["kid"] = document["current"]["kid"]
    with pytest.raises(signing_keys.KeySetError, match="share a kid"):
        signing_keys.loads(json.dumps(document))


def _rotate(path: Path, **options: object) -> None:
    defaults = {
        "init": False,
        "from_pem": None,
        "kid": "panjereh-1",
        "keep_seconds": 60,
        "jwks_out": None,
    }
    key_rotation.run(argparse.Namespace(keys=path, **(defaults | options)))


def test_the_command_starts_from_the_configured_key_then_rotates(tmp_path: Path) -> None:
    pem = tmp_path / "old.pem"
    pem.write_bytes(keyring.private_pem(auth.new_signing_key()))
    path = tmp_path / "keys.json"
    _rotate(path, init=True, from_pem=pem)
    first = signing_keys.loads(path.read_text())
    assert first.current.kid == "panjereh-1" and first.next is not None
    assert path.stat().st_mode & 0o777 == 0o600
    _rotate(path, jwks_out=tmp_path / "jwks.json")
    second = signing_keys.loads(path.read_text())
    assert first.next is not None
    assert (
        second.current.public_jwk() == first.next.public_jwk()
        and second.retired[0].jwk["kid"] == "panjereh-1"
    )
    published = json.loads((tmp_path / "jwks.json").read_text())
    assert _kids(published)[2] == "panjereh-1" and all("d" not in key for key in published["keys"])
    with pytest.raises(SystemExit):
        _rotate(path, init=True)  # never overwrites a set by starting again


def test_keep_seconds_cover_the_longest_token_and_the_propagation() -> None:
    settings = GatewaySettings(token_ttl_seconds=600, citizen_token_ttl_seconds=900)
    assert signing_keys.keep_seconds(settings) >= 900 + auth.LEEWAY_SECONDS + 60


def _watch(
    tmp_path: Path, keys: signing_keys.KeySet
) -> tuple[key_watch.KeyWatch, auth.TokenVerifier]:
    path = tmp_path / "keys.json"
    path.write_text(signing_keys.dumps(keys))
    settings = GatewaySettings(signing_keys_file=str(path))
    verifier = auth.TokenVerifier({"keys": []})
    return key_watch.KeyWatch(settings, verifier, key_watch.initial(settings, None)), verifier


def test_the_gateway_takes_a_rotated_file_and_keeps_its_keys_on_a_bad_one(tmp_path: Path) -> None:
    first = signing_keys.fresh()
    watch, verifier = _watch(tmp_path, first)
    assert _kids(watch.jwks) == _kids(first.jwks(now=time.time()))
    old_token = watch.issuer.issue(client_id="c", agency_id=None, scopes=[])
    rotated = signing_keys.rotate(first, now=time.time(), keep_seconds=60)
    (tmp_path / "keys.json").write_text(signing_keys.dumps(rotated))
    assert watch.reload(forced=True)
    assert watch.issuer.issue(client_id="c", agency_id=None, scopes=[]) != old_token
    assert verifier.verify(old_token).client_id == "c"  # the retired key still verifies
    assert rotated.next is not None and verifier.knows(rotated.next.kid)

    (tmp_path / "keys.json").write_text("{broken")
    assert not watch.reload(forced=True)
    assert _kids(watch.jwks) == _kids(rotated.jwks(now=time.time()))
    issued = watch.issuer.issue(client_id="d", agency_id=None, scopes=[])
    assert verifier.verify(issued).client_id == "d"


def test_a_retired_key_is_unpublished_when_it_expires_with_no_change_to_the_file(
    tmp_path: Path,
) -> None:
    first = signing_keys.fresh()
    leaked = auth.TokenIssuer(
        first.current.private, kid=first.current.kid, ttl=dt.timedelta(hours=1)
    )
    # Retired 100 s ago, kept 103 s: 3 s left, room for a loaded machine to get through the
    # check that it still verifies (a 1 s margin failed there), then wait out what is left.
    retired_until = time.time() + 3
    rotated = signing_keys.rotate(first, now=retired_until - 103, keep_seconds=103)
    watch, verifier = _watch(tmp_path, rotated)
    token = leaked.issue(client_id="c", agency_id=None, scopes=[])
    assert verifier.verify(token).client_id == "c"
    time.sleep(max(0.0, retired_until - time.time()) + 0.1)
    watch.reload()
    assert first.current.kid not in _kids(watch.jwks)
    with pytest.raises(ProblemError) as refused:
        verifier.verify(token)  # its own exp is an hour away: the key's end refuses it
    assert refused.value.status == 401
