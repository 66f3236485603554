"""Application events as the application service emits them, for the SMS half's tests."""

import datetime as dt
import zlib
from typing import Literal

from panjereh import events
from panjereh.consumers import Received

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)  # 11:30 in Tehran: not quiet
NATIONAL_CODE = "0018392741"
MOBILE = "09121000001"


def tracking(app: str) -> str:
    return f"{zlib.crc32(app.encode()):013d}"


def received(event: events.Event) -> Received[events.Event]:
    return Received(event, events.wrap(event, source="/panjereh/application-service", time=T0))


def submitted(
    app: str, *, mobile: str | None = MOBILE, national_code: str = NATIONAL_CODE
) -> events.ApplicationSubmitted:
    return events.ApplicationSubmitted(
        application_id=app,
        tracking_code=tracking(app),
        service_id="passport-issuance",
        agency_id="passport-police",
        national_code=national_code,
        mobile=mobile,
        submitted_at=T0,
        sla_due_at=T0 + dt.timedelta(days=3),
        required_evidence=("national-id-card",),
    )


def decided(
    app: str,
    outcome: Literal["approved", "rejected", "needs_review"] = "approved",
    *,
    reasons: tuple[events.Reason, ...] = (),
) -> events.ApplicationDecided:
    return events.ApplicationDecided(
        application_id=app,
        tracking_code=tracking(app),
        service_id="passport-issuance",
        agency_id="passport-police",
        outcome=outcome,
        by="rules",
        reasons=reasons,
        decided_at=T0,
    )


def changed(app: str, to_state: events.ApplicationState) -> events.ApplicationStateChanged:
    return events.ApplicationStateChanged(
        application_id=app, tracking_code=tracking(app), from_state=None, to_state=to_state, at=T0
    )


def breached(app: str) -> events.ApplicationSlaBreached:
    return events.ApplicationSlaBreached(
        application_id=app,
        tracking_code=tracking(app),
        service_id="passport-issuance",
        agency_id="passport-police",
        state="collecting_evidence",
        sla_due_at=T0,
        detected_at=T0,
    )
