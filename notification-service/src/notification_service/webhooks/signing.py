"""Standard Webhooks signatures (https://www.standardwebhooks.com): the headers a delivery
carries so that any receiver's `standardwebhooks` library verifies it.

The signing itself is the reference implementation's (`standardwebhooks.Webhook.sign`), so
what we sign and what receivers check cannot drift apart.
"""

import datetime as dt
import math

import standardwebhooks


def headers(*, secret: str, message_id: str, body: str, at: dt.datetime) -> dict[str, str]:
    """The three headers of one attempt: `webhook-id` stays the same across retries (the
    receiver deduplicates on it); the timestamp and signature are those of this attempt, so
    a receiver's replay window (five minutes in the libraries) holds for a retry too."""
    utc = at.astimezone(dt.UTC)
    signature = standardwebhooks.Webhook(secret).sign(message_id, utc, body)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(math.floor(utc.timestamp())),
        "webhook-signature": signature,
    }
