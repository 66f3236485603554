"""API models of webhook subscriptions and their deliveries."""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from notification_service import domain
from panjereh import jalali

Url = Annotated[str, Field(max_length=2048, examples=["https://agency.example/panjereh/hooks"])]
# Checked against the vocabulary in the domain, for a message that names the choices.
EventTypes = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Field(max_length=20, examples=[["application.decided", "application.failed"]]),
]
Description = Annotated[str | None, Field(max_length=500)]


class WebhookIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://agency.example/panjereh/hooks",
                    "events": ["application.decided", "application.failed"],
                    "description": "Passport desk: decisions and failures",
                }
            ]
        },
    )

    url: Url
    events: EventTypes
    description: Description = None


class WebhookChange(BaseModel):
    """Only the fields given change. `status: active` turns a disabled endpoint back on
    (the agency fixed its receiver); `disabled` pauses it. Redeliver what it missed."""

    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    events: EventTypes | None = None
    description: Description = None
    status: Literal["active", "disabled"] | None = None


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[str]
    description: str | None
    status: domain.SubscriptionStatus
    disabled_at: dt.datetime | None
    disabled_reason: str | None
    failing_since: dt.datetime | None = Field(
        description="When its deliveries began to fail without a success since"
    )
    created_at: dt.datetime
    created_at_jalali: str

    @classmethod
    def of(cls, subscription: domain.Subscription) -> "WebhookOut":
        return cls(
            id=subscription.id,
            url=subscription.url,
            events=list(subscription.events),
            description=subscription.description,
            status=subscription.status,
            disabled_at=subscription.disabled_at,
            disabled_reason=subscription.disabled_reason,
            failing_since=subscription.failing_since,
            created_at=subscription.created_at,
            created_at_jalali=jalali.to_jalali(subscription.created_at),
        )


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="The signing secret (Standard Webhooks, whsec_…); shown only in this answer",
        # Field-level: FastAPI drops the nulls of a whole-answer example (exclude_none), which
        # would leave it without the answer's required fields.
        examples=["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
    )


class DeliveryOut(BaseModel):
    id: str
    event_id: str = Field(description="The CloudEvent id, sent as webhook-id")
    event_type: str
    application_id: str | None
    status: domain.DeliveryStatus
    attempts: int
    last_response_status: int | None
    next_attempt_at: dt.datetime | None
    created_at: dt.datetime
    created_at_jalali: str
    delivered_at: dt.datetime | None

    @classmethod
    def of(cls, delivery: domain.Delivery) -> "DeliveryOut":
        return cls(
            id=delivery.id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            application_id=delivery.application_id,
            status=delivery.status,
            attempts=delivery.attempts,
            last_response_status=delivery.last_response_status,
            next_attempt_at=delivery.next_attempt_at,
            created_at=delivery.created_at,
            created_at_jalali=jalali.to_jalali(delivery.created_at),
            delivered_at=delivery.delivered_at,
        )


class AttemptOut(BaseModel):
    attempt: int
    at: dt.datetime
    response_status: int | None
    error: str | None
    duration_ms: int | None


class DeliveryDetail(DeliveryOut):
    last_error: str | None
    first_attempt_at: dt.datetime | None
    payload: str = Field(description="The body as it is POSTed (CloudEvent, structured mode)")
    attempt_log: list[AttemptOut]

    @classmethod
    def with_attempts(
        cls, delivery: domain.Delivery, attempts: list[domain.Attempt]
    ) -> "DeliveryDetail":
        return cls(
            **DeliveryOut.of(delivery).model_dump(),
            last_error=delivery.last_error,
            first_attempt_at=delivery.first_attempt_at,
            payload=delivery.payload,
            attempt_log=[AttemptOut(**vars(a)) for a in attempts],
        )


class TestQueued(BaseModel):
    # No docstring: it would become the schema's description, and the SDKs' code with it.
    delivery_id: str
    event_type: str = domain.TEST
    status: domain.DeliveryStatus = "pending"
