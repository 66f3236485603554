"""Webhook subscriptions and deliveries: pure rules, no I/O.

What an agency may subscribe to, which public types an event counts as, and the exact
CloudEvent (structured JSON mode) a receiver gets for it.

What the agency receives: the event's own fields (ids, tracking code, states, decision,
reasons, times) about its own application, never the applicant's national code or mobile
(the agency submitted them; a webhook body needs neither). The webhook
says *that* something happened; the person's data stays behind GET /v1/applications/{id},
where the agency's token is checked, so a misdirected or leaked delivery discloses no one.
"""

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from panjereh import digits, events
from panjereh.events.envelope import TYPE_PREFIX
from panjereh.problems import FieldError, ProblemError

WILDCARD = "*"
SUBMITTED = "application.submitted"
STATE_CHANGED = "application.state_changed"
DECIDED = "application.decided"
SLA_BREACHED = "application.sla_breached"
FAILED = "application.failed"
CANCELLED = "application.cancelled"
ESCALATED = "application.escalated"
TEST = "panjereh.webhook.test"
PUBLIC_TYPES: tuple[str, ...] = (
    SUBMITTED,
    STATE_CHANGED,
    DECIDED,
    SLA_BREACHED,
    FAILED,
    CANCELLED,
    ESCALATED,
)
# A state change into one of these is also sent as its own type, with a webhook-id of its
# own: a subscription to `*` gets both, one to application.failed only the latter.
STATE_TYPES = {"failed": FAILED, "cancelled": CANCELLED}
# Never in a webhook body (the module's docstring says why).
WITHHELD_FIELDS = frozenset({"national_code", "mobile"})
MAX_EVENTS = len(PUBLIC_TYPES) + 1
CONTENT_TYPE = "application/json"
DISABLED_BY_AGENCY = "disabled by the agency"
# Every event is sent once per subscription: a bound keeps one agency's fan-out (and the
# dispatcher's work for it) in proportion. Stripe allows 16 endpoints per account.
MAX_SUBSCRIPTIONS_PER_AGENCY = 20

SubscriptionStatus = Literal["active", "disabled"]
DeliveryStatus = Literal["pending", "succeeded", "failed", "dead"]
DELIVERY_STATUSES: tuple[DeliveryStatus, ...] = ("pending", "succeeded", "failed", "dead")


@dataclass(frozen=True)
class Subscription:
    id: str
    agency_id: str
    url: str
    events: tuple[str, ...]
    description: str | None
    secret_ciphertext: str
    status: SubscriptionStatus
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None
    disabled_reason: str | None = None
    failing_since: dt.datetime | None = None
    deleted_at: dt.datetime | None = None

    def wants(self, public_type: str) -> bool:
        return self.status == "active" and (WILDCARD in self.events or public_type in self.events)


@dataclass(frozen=True)
class Delivery:
    id: str
    subscription_id: str
    event_id: str
    event_type: str
    application_id: str | None
    payload: str
    status: DeliveryStatus
    created_at: dt.datetime
    attempts: int = 0
    last_response_status: int | None = None
    last_error: str | None = None
    next_attempt_at: dt.datetime | None = None
    first_attempt_at: dt.datetime | None = None
    delivered_at: dt.datetime | None = None
    seq: int | None = None  # assigned by the database on insert


@dataclass(frozen=True)
class Attempt:
    attempt: int
    at: dt.datetime
    response_status: int | None
    error: str | None
    duration_ms: int | None


@dataclass(frozen=True)
class Outgoing:
    """One CloudEvent to send: its id (the webhook-id), public type and body."""

    event_id: str
    event_type: str
    application_id: str | None
    payload: str


def chosen_event_types(requested: Sequence[str]) -> tuple[str, ...]:
    """The event types a subscription asks for, deduplicated in the order given; 422 for an
    empty list or a type no agency may subscribe to."""
    chosen = tuple(dict.fromkeys(kind.strip() for kind in requested))
    if not chosen:
        raise invalid(
            "events", "Choose at least one event type.", "دست‌کم یک نوع رویداد را برگزینید."
        )
    unknown = [kind for kind in chosen if kind not in PUBLIC_TYPES and kind != WILDCARD]
    if unknown:
        allowed = ", ".join((*PUBLIC_TYPES, WILDCARD))
        raise invalid(
            "events",
            f"Unknown event type(s) {', '.join(unknown)}; subscribe to: {allowed}.",
            f"نوع رویداد ناشناخته: {'، '.join(unknown)}؛ انواع مجاز: {allowed}.",
        )
    return (WILDCARD,) if WILDCARD in chosen else chosen


def public_types(event: events.Event) -> tuple[str, ...]:
    """The public types an event is sent as (a state change into failed/cancelled twice)."""
    if isinstance(event, events.ApplicationStateChanged):
        derived = STATE_TYPES.get(event.to_state)
        return (STATE_CHANGED, derived) if derived else (STATE_CHANGED,)
    return (public_type_of(event.type),)


def public_type_of(versioned: str) -> str:
    """ "ir.gov.panjereh.application.decided.v1" → "application.decided"."""
    name = versioned.removeprefix(TYPE_PREFIX)
    head, _, version = name.rpartition(".")
    return head if version.startswith("v") and version[1:].isdigit() else name


def outgoing(envelope: events.CloudEvent, event: events.Event) -> list[Outgoing]:
    """Every CloudEvent one platform event becomes, each with an id stable across replays."""
    data = {k: v for k, v in event.model_dump(mode="json").items() if k not in WITHHELD_FIELDS}
    sent = []
    for index, kind in enumerate(public_types(event)):
        event_id = _event_id(envelope.id, kind, primary=index == 0)
        body = structured(
            event_id=event_id,
            event_type=kind,
            source=envelope.source,
            time=envelope.time,
            subject=envelope.subject,
            data=data,
            platform_type=envelope.type,
        )
        sent.append(Outgoing(event_id, kind, envelope.subject, body))
    return sent


def test_event(*, subscription_id: str, agency_id: str, now: dt.datetime) -> Outgoing:
    """The ping an agency asks for to try its receiver; it runs through the same pipeline."""
    event_id = str(uuid.uuid4())
    data = {
        "subscription_id": subscription_id,
        "agency_id": agency_id,
        "message_en": "A test delivery from Panjereh: your endpoint is reachable.",
        "message_fa": "یک ارسال آزمایشی از پنجره: نشانی شما در دسترس است.",
    }
    return Outgoing(
        event_id=event_id,
        event_type=TEST,
        application_id=None,
        payload=structured(
            event_id=event_id,
            event_type=TEST,
            source="/panjereh/notification-service",
            time=now,
            subject=subscription_id,
            data=data,
            platform_type=None,
        ),
    )


def structured(
    *,
    event_id: str,
    event_type: str,
    source: str,
    time: dt.datetime | None,
    subject: str | None,
    data: dict[str, Any],
    platform_type: str | None,
) -> str:
    """The CloudEvent in structured JSON mode, exactly as it is POSTed (and signed)."""
    body: dict[str, Any] = {
        "specversion": "1.0",
        "id": event_id,
        "source": source,
        "type": event_type,
        "datacontenttype": CONTENT_TYPE,
    }
    if time is not None:
        body["time"] = time.isoformat()
    if subject is not None:
        body["subject"] = subject
    if platform_type is not None:
        # The versioned type of the platform's event (its schema in the AsyncAPI document).
        body["panjerehtype"] = platform_type
    body["data"] = data
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _event_id(platform_id: str, kind: str, *, primary: bool) -> str:
    """The platform event's own id for its main type; a derived type (a state change sent
    again as application.failed) gets an id of its own, the same on every replay."""
    if primary:
        return platform_id
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"panjereh:{platform_id}:{kind}"))


def changed(
    subscription: Subscription,
    *,
    url: str | None,
    events: tuple[str, ...] | None,
    description: str | None,
    status: SubscriptionStatus | None,
    now: dt.datetime,
) -> Subscription:
    """The subscription with the agency's changes; turned on again, it starts with a clean
    record (its failures were the old receiver's)."""
    updated = dataclasses.replace(
        subscription,
        url=url if url is not None else subscription.url,
        events=events if events is not None else subscription.events,
        description=description if description is not None else subscription.description,
    )
    if status == "active" and subscription.status != "active":
        return dataclasses.replace(
            updated, status="active", disabled_at=None, disabled_reason=None, failing_since=None
        )
    if status == "disabled" and subscription.status != "disabled":
        return dataclasses.replace(
            updated, status="disabled", disabled_at=now, disabled_reason=DISABLED_BY_AGENCY
        )
    return updated


def room_for_another(live: int) -> None:
    """409 once the agency has as many subscriptions as it may."""
    if live >= MAX_SUBSCRIPTIONS_PER_AGENCY:
        limit = MAX_SUBSCRIPTIONS_PER_AGENCY
        raise ProblemError(
            409,
            "too-many-webhooks",
            f"The agency has {limit} webhook subscriptions already; delete one first, or "
            "subscribe one endpoint to more event types.",
            f"این دستگاه هم‌اکنون {digits.to_persian(str(limit))} اشتراک وب‌هوک دارد؛ نخست یکی را "
            "حذف کنید یا یک نشانی را برای انواع بیشتری از رویدادها مشترک کنید.",
        )


def redeliverable(delivery: Delivery) -> None:
    """A pending delivery is on its way already: asking again is a conflict (409)."""
    if delivery.status == "pending":
        raise ProblemError(
            409,
            "delivery-pending",
            "The delivery is pending already; it will be attempted as scheduled.",
            "این ارسال هم‌اکنون در صف است و در زمان خود انجام می‌شود.",
        )


def agencies_of(items: Iterable[events.Event]) -> set[str]:
    """The agencies the events name themselves (a state change names none)."""
    return {agency for item in items if (agency := getattr(item, "agency_id", None))}


def invalid(field: str, en: str, fa: str) -> ProblemError:
    return ProblemError(
        422,
        "validation",
        en,
        fa,
        errors=[FieldError(field, en)],
    )


def not_found(what_en: str, what_fa: str) -> ProblemError:
    """The same 404 for what does not exist and what is another agency's (no oracle)."""
    return ProblemError(404, "not-found", f"No such {what_en}.", f"{what_fa} یافت نشد.")
