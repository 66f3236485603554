"""Signing secrets at rest: only the service's key opens them, and only on their own row."""

import base64
import datetime as dt

import pytest
import standardwebhooks

from notification_service.sealing import SecretBox, UnsealableSecret, new_signing_secret


def test_a_new_secret_is_in_the_standard_webhooks_format() -> None:
    secret = new_signing_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
    assert new_signing_secret() != secret
    # The library an agency verifies with takes it as it is.
    hook = standardwebhooks.Webhook(secret)
    now = dt.datetime.now(dt.UTC)
    signature = hook.sign("msg_1", now, '{"a":1}')
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
    }
    assert hook.verify('{"a":1}', headers) == {"a": 1}


def test_a_sealed_secret_opens_with_the_key_on_its_own_row_only() -> None:
    box = SecretBox("a-key-long-enough-for-tests")
    secret = new_signing_secret()
    sealed = box.seal(secret, subscription_id="sub-1")

    assert secret not in sealed
    assert secret.removeprefix("whsec_") not in sealed
    assert box.open(sealed, subscription_id="sub-1") == secret
    with pytest.raises(UnsealableSecret):
        box.open(sealed, subscription_id="sub-2")  # moved onto another subscription
    with pytest.raises(UnsealableSecret):
        SecretBox("another-key-long-enough").open(sealed, subscription_id="sub-1")


@pytest.mark.parametrize("broken", ["", "v1.", "v1.!!!", "v2.abc", "v1." + "A" * 40])
def test_a_tampered_or_foreign_ciphertext_does_not_open(broken: str) -> None:
    with pytest.raises(UnsealableSecret):
        SecretBox("a-key-long-enough-for-tests").open(broken, subscription_id="sub-1")


def test_two_seals_of_one_secret_differ() -> None:
    box = SecretBox("a-key-long-enough-for-tests")
    assert box.seal("whsec_x", subscription_id="s") != box.seal("whsec_x", subscription_id="s")
