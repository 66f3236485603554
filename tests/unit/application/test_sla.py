"""What a missed SLA does (sla.py): reported once, then the service's action."""

import datetime as dt
from typing import Any

import pytest

from application_service.applications import sla
from application_service.applications.states import FINAL, State
from panjereh import events
from tests.unit.application.test_saga import (
    ID,
    TRACKING,
    assert_consistent,
    changes,
    collect,
    decided,
    submit,
)

UNDECIDED = sorted(set(State) - FINAL)


def _in_state(state: State) -> Any:
    app, _ = submit()
    app.state = state
    return app


def _late(app: Any) -> dt.datetime:
    return app.sla_due_at + dt.timedelta(seconds=1)


def test_breach_sla_reports_once_only_past_due() -> None:
    app, _ = submit()
    assert sla.breach_sla(app, now=app.sla_due_at) == []
    assert sla.breach_sla(app, now=app.sla_due_at - dt.timedelta(seconds=1)) == []
    late = _late(app)
    [breach] = sla.breach_sla(app, now=late)
    assert isinstance(breach, events.ApplicationSlaBreached)
    assert (breach.application_id, breach.tracking_code) == (ID, TRACKING)
    assert (breach.state, breach.sla_due_at, breach.detected_at) == (
        "collecting_evidence",
        app.sla_due_at,
        late,
    )
    assert app.sla_breached is True
    assert sla.breach_sla(app, now=late + dt.timedelta(hours=1)) == []


@pytest.mark.parametrize("action", ["notify", "escalate", "deem_approved"])
@pytest.mark.parametrize("state", sorted(FINAL), ids=str)
def test_breach_sla_ignores_final_applications(state: State, action: Any) -> None:
    app = _in_state(state)
    assert sla.breach_sla(app, now=app.sla_due_at + dt.timedelta(days=30), action=action) == []
    assert app.sla_breached is False and app.state is state


def test_notify_only_reports_the_breach() -> None:
    app, _ = submit()
    facts = sla.breach_sla(app, now=_late(app), action="notify")
    assert [type(f) for f in facts] == [events.ApplicationSlaBreached]
    assert app.state is State.COLLECTING_EVIDENCE and app.decision is None


def test_escalate_reports_and_tells_the_agencys_supervisors() -> None:
    app, _ = submit()
    late = _late(app)
    breach, escalated = sla.breach_sla(app, now=late, action="escalate")
    assert isinstance(breach, events.ApplicationSlaBreached)
    assert isinstance(escalated, events.ApplicationEscalated)
    assert (escalated.application_id, escalated.tracking_code) == (ID, TRACKING)
    assert (escalated.service_id, escalated.agency_id) == ("passport", "police")
    assert (escalated.sla_due_at, escalated.escalated_at, escalated.to) == (
        app.sla_due_at,
        late,
        "agency-supervisors",
    )
    assert app.state is State.COLLECTING_EVIDENCE and app.decision is None


@pytest.mark.parametrize("state", UNDECIDED, ids=str)
def test_deem_approved_approves_any_undecided_application_by_sla(state: State) -> None:
    app = _in_state(state)
    late = _late(app)
    facts = sla.breach_sla(app, now=late, action="deem_approved")
    breach, _, decision = facts
    assert isinstance(breach, events.ApplicationSlaBreached) and breach.state == state.value
    assert changes(facts) == [(state.value, "approved")]
    assert (decision.outcome, decision.by, decision.officer) == ("approved", "sla", None)
    assert decision.reasons == (sla.DEEMED_APPROVAL,) and decision.decided_at == late
    assert app.state is State.APPROVED and app.decision is not None
    assert (app.decision.by, app.decision.reasons) == ("sla", [sla.DEEMED_APPROVAL])
    assert app.timeline[-1].reason_en == sla.DEEMED_APPROVAL.en
    assert app.timeline[-1].reason_fa == sla.DEEMED_APPROVAL.fa


def test_the_deemed_approval_says_why_in_persian_and_english() -> None:
    assert "سکوت" in sla.DEEMED_APPROVAL.fa and "منزلهٔ موافقت" in sla.DEEMED_APPROVAL.fa
    assert "silence is consent" in sla.DEEMED_APPROVAL.en


def test_a_deemed_approval_is_the_applications_timeline_and_its_late_evidence_is_ignored() -> None:
    app, submitted = submit()
    facts = submitted + sla.breach_sla(app, now=_late(app), action="deem_approved")
    assert_consistent(app, facts)
    assert decided(facts).by == "sla"
    assert collect(app) == []  # evidence arriving after the approval changes nothing
    assert app.state is State.APPROVED


def test_act_on_breach_never_decides_an_application_decided_meanwhile() -> None:
    app = _in_state(State.REJECTED)
    facts = sla.act_on_breach(app, action="deem_approved", now=_late(app))
    assert [type(f) for f in facts] == [events.ApplicationSlaBreached]
    assert app.state is State.REJECTED
