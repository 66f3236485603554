"""Webhook subscription routes (scope webhooks:write, own agency; thin: see services.py).

Another agency's subscription answers 404 like one that does not exist, so ids are no
oracle of what other agencies subscribed.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from notification_service import domain, schemas, services
from notification_service.state import StateDep
from panjereh import auth
from panjereh.web.openapi import problem_response
from panjereh.web.pagination import (
    Cursor,
    KeysetPosition,
    Limit,
    Page,
    SeqPosition,
    decode_cursor,
    encode_cursor,
)

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
SubscriptionId = Annotated[str, Path(max_length=64)]
DeliveryId = Annotated[str, Path(max_length=64)]
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: problem_response("No such subscription or delivery of the caller's agency")
}


async def _agency(
    _: Annotated[auth.Principal, Depends(auth.require("webhooks:write"))],
    agency_id: auth.AgencyDep,
) -> str:
    """The caller's agency once its token grants `webhooks:write`: webhooks are an agency's."""
    return agency_id


# async: FastAPI runs a sync dependency in a thread pool, a thread hop on every request.
async def _units(parts: StateDep) -> services.UowFactory:
    return parts.units


Agency = Annotated[str, Depends(_agency)]
Units = Annotated[services.UowFactory, Depends(_units)]


@router.post(
    "",
    status_code=201,
    summary="Subscribe an endpoint to the agency's events",
    responses={409: problem_response("`too-many-webhooks`: the agency has 20 already")},
)
async def subscribe(
    body: schemas.WebhookIn, agency: Agency, units: Units, parts: StateDep
) -> schemas.WebhookCreated:
    """Needs `webhooks:write` and a client that acts for an agency (else 403
    `agency-required`). `events` are the application event types or `*`; the agency's
    applications' events are POSTed as signed CloudEvents (Standard Webhooks), at least once
    and in order per application. Outside the embedded/dev profile the URL must be https and
    may not resolve to a private, loopback or metadata address: every bad field is named in
    one 422. The 21st subscription is a 409 `too-many-webhooks`. The signing secret is in
    this answer only; store it, it is never shown again (docs/api.md §7)."""
    made = await services.subscribe(
        units,
        parts.secrets,
        agency_id=agency,
        url=body.url,
        event_types=body.events,
        description=body.description,
        check_url=parts.check_url,
    )
    out = schemas.WebhookOut.of(made.subscription).model_dump()
    return schemas.WebhookCreated(**out, secret=made.secret)


@router.get("", summary="The agency's subscriptions, newest first")
async def subscriptions(
    agency: Agency, units: Units, limit: Limit = 50, cursor: Cursor = None
) -> Page[schemas.WebhookOut]:
    """Needs `webhooks:write` (an agency's client). Only the caller's agency's subscriptions,
    newest first, never with their secret; `status` says whether each is active or disabled
    and why. Pages by `limit` and `cursor`."""
    position = decode_cursor(cursor, KeysetPosition)
    after = (position.at, position.id) if position else None
    found = await services.subscriptions_page(units, agency_id=agency, after=after, limit=limit)
    last = found[-1] if len(found) == limit else None
    next_cursor = (
        encode_cursor({"at": last.created_at.isoformat(), "id": last.id}) if last else None
    )
    return Page(items=[schemas.WebhookOut.of(s) for s in found], next_cursor=next_cursor)


@router.get("/{subscription_id}", summary="One subscription (no secret)", responses=_NOT_FOUND)
async def subscription(
    subscription_id: SubscriptionId, agency: Agency, units: Units
) -> schemas.WebhookOut:
    """Needs `webhooks:write`; another agency's subscription is the same 404 as an unknown id.
    Never the secret (it is shown once, at creation). `status` disabled with
    `disabled_reason` when the agency turned it off or its receiver kept failing (the agency
    is told); `failing_since` while deliveries keep failing."""
    found = await services.subscription_of(units, agency_id=agency, subscription_id=subscription_id)
    return schemas.WebhookOut.of(found)


@router.patch(
    "/{subscription_id}",
    summary="Change a subscription's URL, events or description, or turn it on or off",
    responses=_NOT_FOUND,
)
async def change(
    subscription_id: SubscriptionId,
    body: schemas.WebhookChange,
    agency: Agency,
    units: Units,
    parts: StateDep,
) -> schemas.WebhookOut:
    """Needs `webhooks:write`. Only the fields given change; a new URL passes the same guard
    as a new subscription (422). `status: disabled` pauses it, and what it still had to send
    becomes `dead` (redeliverable); `status: active` turns a disabled one back on. Another
    agency's subscription is the same 404 as an unknown id."""
    updated = await services.change(
        units,
        agency_id=agency,
        subscription_id=subscription_id,
        url=body.url,
        event_types=body.events,
        description=body.description,
        status=body.status,
        check_url=parts.check_url,
    )
    return schemas.WebhookOut.of(updated)


@router.delete(
    "/{subscription_id}",
    status_code=204,
    summary="Delete a subscription; what it still had to send is dead",
    responses=_NOT_FOUND,
)
async def unsubscribe(subscription_id: SubscriptionId, agency: Agency, units: Units) -> Response:
    """Needs `webhooks:write`. Answers 204; nothing more is sent to the endpoint, deliveries
    still pending become `dead`, and the delivery log stays. Another agency's subscription
    is the same 404 as an unknown id."""
    await services.unsubscribe(units, agency_id=agency, subscription_id=subscription_id)
    return Response(status_code=204)


@router.post(
    "/{subscription_id}/test",
    status_code=202,
    summary="Send a panjereh.webhook.test event to the endpoint now",
    responses=_NOT_FOUND,
)
async def test(subscription_id: SubscriptionId, agency: Agency, units: Units) -> schemas.TestQueued:
    """Needs `webhooks:write`. Queues a `panjereh.webhook.test` delivery (202 with its id):
    signed and retried like any delivery; a disabled subscription takes it too, so a fixed
    receiver can be tried before it is turned on again. Another agency's subscription is a
    404."""
    delivery_id = await services.send_test(units, agency_id=agency, subscription_id=subscription_id)
    return schemas.TestQueued(delivery_id=delivery_id)


@router.get(
    "/{subscription_id}/deliveries",
    summary="The subscription's deliveries, newest first",
    responses=_NOT_FOUND,
)
async def deliveries(
    subscription_id: SubscriptionId,
    agency: Agency,
    units: Units,
    status: Annotated[domain.DeliveryStatus | None, Query()] = None,
    application_id: Annotated[
        str | None, Query(max_length=64, description="Only this application's deliveries")
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[schemas.DeliveryOut]:
    """Needs `webhooks:write`. The subscription's deliveries, newest first, each with its
    status (`pending`, `succeeded`, `failed`, `dead`), attempts and next attempt; filter by
    `status` and `application_id`. Pages by `limit` and `cursor`. Another agency's
    subscription is a 404."""
    position = decode_cursor(cursor, SeqPosition)
    found = await services.deliveries_page(
        units,
        agency_id=agency,
        subscription_id=subscription_id,
        status=status,
        before_seq=position.seq if position else None,
        limit=limit,
        application_id=application_id,
    )
    last = found[-1] if len(found) == limit else None
    next_cursor = encode_cursor({"seq": last.seq}) if last else None
    return Page(items=[schemas.DeliveryOut.of(d) for d in found], next_cursor=next_cursor)


@router.get(
    "/{subscription_id}/deliveries/{delivery_id}",
    summary="One delivery, its body and every attempt",
    responses=_NOT_FOUND,
)
async def delivery(
    subscription_id: SubscriptionId, delivery_id: DeliveryId, agency: Agency, units: Units
) -> schemas.DeliveryDetail:
    """Needs `webhooks:write`. The delivery with the exact body it POSTs (a structured-mode
    CloudEvent) and every attempt: when, the receiver's status code, the error, how long it
    took. 404 for a delivery that is not the subscription's, or a subscription of another
    agency."""
    found, attempts = await services.delivery_with_attempts(
        units, agency_id=agency, subscription_id=subscription_id, delivery_id=delivery_id
    )
    return schemas.DeliveryDetail.with_attempts(found, list(attempts))


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    summary="Send a finished delivery again (same webhook-id), now",
    responses={
        **_NOT_FOUND,
        409: problem_response("`delivery-pending`: the delivery is on its way already"),
    },
)
async def redeliver(
    subscription_id: SubscriptionId, delivery_id: DeliveryId, agency: Agency, units: Units
) -> schemas.DeliveryOut:
    """Needs `webhooks:write`. A finished delivery (`succeeded`, `failed` or `dead`) goes out
    again now with the same `webhook-id`, so a receiver that deduplicates on it takes it
    once; 202 with the delivery, `pending` again. One still on its way is a 409
    `delivery-pending`; another agency's is a 404."""
    again = await services.redeliver(
        units, agency_id=agency, subscription_id=subscription_id, delivery_id=delivery_id
    )
    return schemas.DeliveryOut.of(again)
