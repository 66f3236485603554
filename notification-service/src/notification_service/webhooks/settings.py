"""The webhook dispatcher's settings, mixed into `NotificationSettings` (so they read
PANJEREH_NOTIFICATION_WEBHOOK_*). docs/operations.md describes them."""

import datetime as dt
import ipaddress

from pydantic import Field
from pydantic_settings import BaseSettings

from notification_service.webhooks import schedule


class WebhookSettings(BaseSettings):
    """Fields of the webhook dispatcher (timeouts, retry schedule, concurrency per endpoint)."""

    # A receiver acknowledges with a 2xx within this (API.md: 10 s).
    webhook_timeout_seconds: float = Field(10.0, gt=0)
    # POSTs in flight to one subscription at a time: one slow receiver holds only its own.
    webhook_per_endpoint: int = Field(4, ge=1, le=64)
    # POSTs in flight over all receivers (the dispatcher's connection pool).
    webhook_in_flight: int = Field(100, ge=1)
    webhook_batch_size: int = Field(200, ge=1)
    webhook_poll_seconds: float = Field(1.0, gt=0)
    # How long a dispatcher holds a delivery it leased; one that dies lets it lapse and the
    # delivery is due again (same webhook-id). Longer than a POST's timeout.
    webhook_lease_seconds: float = Field(60.0, gt=0)
    # The retry schedule: steps (full jitter within each) and the window after which a
    # delivery is dead (API.md: at least 24 hours).
    webhook_retry_steps_seconds: list[float] = Field(
        default_factory=lambda: list(schedule.DEFAULT_STEPS_SECONDS), min_length=1
    )
    # (A duration: seconds or ISO 8601, e.g. P1DT2H.)
    webhook_give_up_after: dt.timedelta = schedule.DEFAULT_GIVE_UP_AFTER
    # A subscription whose deliveries have all failed for this long is disabled and its
    # agency told (Stripe and Svix do the same, after days of failures).
    webhook_disable_after: dt.timedelta = dt.timedelta(days=5)

    # Networks the operator trusts although they are not public (e.g. agencies reached
    # over a government intranet), as CIDRs; the metadata address is refused regardless.
    webhook_trusted_networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = Field(
        default_factory=list
    )
    # A CA bundle trusted besides the system's (receivers with certificates of a
    # government CA).
    webhook_ca_file: str | None = None

    def webhook_schedule(self) -> schedule.Schedule:
        return schedule.Schedule(
            tuple(self.webhook_retry_steps_seconds),
            self.webhook_give_up_after,
        )
