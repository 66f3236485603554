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
    application: Application, *, now: dt.datetime, action: events.SlaBreachAction = "notify"
) -> list[events.Event]:
    """Report, once, an undecided application past its due time, and act as its service
    says (`act_on_breach`)."""
    if application.sla_breached or application.state in FINAL or now <= application.sla_due_at:
        return []
    application.sla_breached = True
    return act_on_breach(application, action=action, now=now)


def act_on_breach(
    application: Application, *, action: events.SlaBreachAction, now: dt.datetime
) -> list[events.Event]:
    """The facts of a breach already marked on `application` (the sweep marks them in one
    statement): its report, then the service's action."""
    facts: list[events.Event] = [sla_breach(application, now=now)]
    if action == "escalate":
        facts.append(escalation(application, now=now))
    elif action == "deem_approved" and application.state not in FINAL:
        facts.extend(decided(application, "approved", [DEEMED_APPROVAL], now=now, by="sla"))
    return facts


def sla_breach(application: Application, *, now: dt.datetime) -> events.ApplicationSlaBreached:
    """The report of an application found past its due time undecided."""
    return events.ApplicationSlaBreached(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        state=application.state.value,
        sla_due_at=application.sla_due_at,
        detected_at=now,
    )


def escalation(application: Application, *, now: dt.datetime) -> events.ApplicationEscalated:
    """The agency's supervisors are told of an application past its SLA."""
    return events.ApplicationEscalated(
        application_id=application.id,
        tracking_code=application.tracking_code,
        service_id=application.service_id,
        agency_id=application.agency_id,
        sla_due_at=application.sla_due_at,
        escalated_at=now,
    )
