"""Deliveries are signed so that the reference `standardwebhooks` library verifies them (the
check here is the library's, never our own code)."""

import base64
import datetime as dt
import json

import pytest
import standardwebhooks

from notification_service.webhooks import signing

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
BODY = json.dumps({"specversion": "1.0", "id": "e-1", "data": {"متن": "سلام"}}, ensure_ascii=False)


def test_signed_headers_verify_with_standardwebhooks() -> None:
    at = dt.datetime.now(dt.UTC)
    headers = signing.headers(secret=SECRET, message_id="e-1", body=BODY, at=at)
    payload = standardwebhooks.Webhook(SECRET).verify(BODY.encode(), headers)
    assert payload["data"] == {"متن": "سلام"}
    assert headers["webhook-id"] == "e-1"
    assert headers["webhook-timestamp"] == str(int(at.timestamp()))
    assert headers["webhook-signature"].startswith("v1,")


def test_a_local_time_is_signed_as_the_same_instant() -> None:
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    at = dt.datetime.now(tehran)
    headers = signing.headers(secret=SECRET, message_id="e-1", body=BODY, at=at)
    standardwebhooks.Webhook(SECRET).verify(BODY, headers)  # raises if the instant moved


def test_a_changed_body_or_another_secret_fails_verification() -> None:
    headers = signing.headers(
        secret=SECRET, message_id="e-1", body=BODY, at=dt.datetime.now(dt.UTC)
    )
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(SECRET).verify(BODY.replace("سلام", "بدرود"), headers)
    other = "whsec_" + base64.b64encode(b"another secret of 32 bytes......").decode()
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(other).verify(BODY, headers)


def test_a_retry_keeps_its_id_and_signs_a_fresh_timestamp() -> None:
    first_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    first = signing.headers(secret=SECRET, message_id="e-1", body=BODY, at=first_at)
    retry = signing.headers(secret=SECRET, message_id="e-1", body=BODY, at=dt.datetime.now(dt.UTC))
    assert retry["webhook-id"] == first["webhook-id"]
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(SECRET).verify(BODY, first)  # too old to replay
    standardwebhooks.Webhook(SECRET).verify(BODY, retry)
