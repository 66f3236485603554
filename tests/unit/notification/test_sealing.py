"""Signing secrets at rest: only the service's key opens them, and only on their own row."""

import base64
import datetime as dt

import pytest
import standardwebhooks
from pydantic import SecretStr, ValidationError

from notification_service.sealing import SecretBox, UnsealableSecret, new_signing_secret
from notification_service.settings import NotificationSettings
from panjereh.settings import Profile


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


def test_after_a_rotation_the_retired_key_still_opens_and_the_new_one_seals() -> None:
    old = SecretBox("the-old-key-long-enough")
    sealed_before = old.seal("whsec_before", subscription_id="sub-1")
    rotated = SecretBox("the-new-key-long-enough", retired=["the-old-key-long-enough"])
    sealed_after = rotated.seal("whsec_after", subscription_id="sub-1")

    assert rotated.open(sealed_before, subscription_id="sub-1") == "whsec_before"
    assert SecretBox("the-new-key-long-enough").open(sealed_after, subscription_id="sub-1")
    with pytest.raises(UnsealableSecret):
        old.open(sealed_after, subscription_id="sub-1")


def _production(**overrides: object) -> NotificationSettings:
    """Production settings with a real value for every secret but those overridden."""
    fields = NotificationSettings.model_fields
    values: dict[str, object] = {
        name: SecretStr(f"real-{name}-9f8e7d6c5b4a")
        for name, info in fields.items()
        if info.annotation is SecretStr
    }
    if "sms_provider" in fields:  # the SMS half needs its real provider in production
        values |= {"sms_provider": "http", "sms_http_base_url": "https://sms.example"}
    values |= {"database_url": "postgresql+asyncpg://u:p@db/notification", **overrides}
    return NotificationSettings(profile=Profile.PRODUCTION, **values)  # type: ignore[arg-type]


def test_production_refuses_the_demo_key_and_takes_a_real_one() -> None:
    with pytest.raises(ValidationError, match="secret_key"):
        _production(secret_key=NotificationSettings().secret_key)
    settings = _production()
    sealed = settings.secret_box().seal("whsec_x", subscription_id="s")
    assert settings.secret_box().open(sealed, subscription_id="s") == "whsec_x"
