"""What a missed SLA does to an application (API.md, SLA breaches); pure, no I/O.

Every breach is reported once (`application.sla_breached`), and the service's
`sla_breach_action` says what else happens: `notify` nothing more (the notification service
tells the applicant and the agency from the report), `escalate` also tells the agency's
supervisors (`application.escalated`), and `deem_approved` approves the application, by the
law's "silence is consent".

A deemed approval covers every undecided state, `needs_review` included: an officer's
referral left unanswered past the SLA is exactly the administration's silence the law
speaks of. It never touches a decided, cancelled or failed application.
"""

import datetime as dt

from application_service.applications.domain import Application, decided
from application_service.applications.states import FINAL
from panjereh import events

DEEMED_APPROVAL = events.Reason(
    code="sla-deemed-approved",
    fa="در مهلت مقرر خدمت دربارهٔ درخواست تصمیمی گرفته نشد؛ به حکم قانون، سکوت دستگاه به "
    "منزلهٔ موافقت است و درخواست تأییدشده به شمار می‌آید.",
    en="No decision was made within the service's SLA; by law the agency's silence is "
    "consent, so the application is deemed approved.",
)


def breach_sla(
    app: Application, *, now: dt.datetime, action: events.SlaBreachAction = "notify"
) -> list[events.Event]:
    """Report, once, an undecided application past its due time, and act as its service
    says (`act_on_breach`)."""
    if app.sla_breached or app.state in FINAL or now <= app.sla_due_at:
        return []
    app.sla_breached = True
    return act_on_breach(app, action=action, now=now)


def act_on_breach(
    app: Application, *, action: events.SlaBreachAction, now: dt.datetime
) -> list[events.Event]:
    """The facts of a breach already marked on `app` (the sweep marks them in one
    statement): its report, then the service's action."""
    facts: list[events.Event] = [sla_breach(app, now=now)]
    if action == "escalate":
        facts.append(escalation(app, now=now))
    elif action == "deem_approved" and app.state not in FINAL:
        facts.extend(decided(app, "approved", [DEEMED_APPROVAL], now=now, by="sla"))
    return facts


def sla_breach(app: Application, *, now: dt.datetime) -> events.ApplicationSlaBreached:
    """The report of an application found past its due time undecided."""
    return events.ApplicationSlaBreached(
        application_id=app.id,
        tracking_code=app.tracking_code,
        service_id=app.service_id,
        agency_id=app.agency_id,
        state=app.state.value,
        sla_due_at=app.sla_due_at,
        detected_at=now,
    )


def escalation(app: Application, *, now: dt.datetime) -> events.ApplicationEscalated:
    """The agency's supervisors are told of an application past its SLA."""
    return events.ApplicationEscalated(
        application_id=app.id,
        tracking_code=app.tracking_code,
        service_id=app.service_id,
        agency_id=app.agency_id,
        sla_due_at=app.sla_due_at,
        escalated_at=now,
    )
