"""The application aggregate and its saga steps, driven like a passport service."""

import dataclasses
import datetime as dt
from typing import Any

import pytest

from application_service.applications import domain, rule_inputs
from application_service.applications.states import IllegalTransition, State
from application_service.catalog import rules
from panjereh import events

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=5)
ID, TRACKING, NATIONAL_CODE = "app-1", "1234567890128", "0499370899"
REQUIRED = ("national-id-card", "birth-certificate", "military-service-card")
MILITARY_FA = "وضعیت نظام وظیفه متقاضی اجازه صدور گذرنامه نمی‌دهد."
MILITARY_EN = "The applicant's military service status does not allow a passport."


def _rule(rule_id: str, expression: str, fa: str, en: str = "Not allowed.") -> rules.Rule:
    return rules.Rule(id=rule_id, expression=expression, reason_fa=fa, reason_en=en)


PASSPORT = domain.ServiceView(
    id="passport",
    agency_id="police",
    decision="automatic",
    required_evidence=REQUIRED,
    paper_documents=(),
    rules=(
        _rule("id-valid", 'evidence["national-id-card"].valid == true', "کارت ملی معتبر نیست."),
        _rule("alive", 'evidence["birth-certificate"].alive', "متقاضی در قید حیات نیست."),
        _rule(
            "military",
            'evidence["military-service-card"].status in ["completed", "exempt", "not_applicable"]',
            MILITARY_FA,
            MILITARY_EN,
        ),
    ),
    sla_hours=72,
)
RECORDS: dict[str, dict[str, Any]] = {
    "national-id-card": {"national_code": NATIONAL_CODE, "valid": True},
    "birth-certificate": {"national_code": NATIONAL_CODE, "alive": True},
    "military-service-card": {"national_code": NATIONAL_CODE, "status": "completed"},
}


def submit(service: domain.ServiceView = PASSPORT) -> tuple[domain.Application, list[Any]]:
    app, facts = domain.submit(
        application_id=ID,
        tracking_code=TRACKING,
        service=service,
        applicant=domain.Applicant(NATIONAL_CODE, "09121234567", dt.date(1990, 3, 21)),
        form={"pages": 32},
        now=NOW,
    )
    return app, evaluated(app, service, facts, NOW)


def evaluated(
    app: domain.Application, service: domain.ServiceView, facts: list[Any], now: dt.datetime
) -> list[Any]:
    """What the decider does once evaluating is committed: run the rules (in the rule pool
    there, in-process here), then decide on their failures."""
    if app.state is not State.EVALUATING:
        return facts
    failures = rules.evaluate(service.rules, rule_inputs.variables(app, now))
    return facts + domain.decide(app, service, failures, now=now)


def found(data: dict[str, Any] | None) -> domain.EvidenceSlot:
    return domain.EvidenceSlot("found", data, LATER, "sandbox")


def record(
    app: domain.Application, code: str, slot: domain.EvidenceSlot, service: Any = PASSPORT
) -> list[Any]:
    facts = domain.record_evidence(app, evidence_type=code, slot=slot, service=service, now=LATER)
    return evaluated(app, service, facts, LATER)


def collect(
    app: domain.Application, service: domain.ServiceView = PASSPORT, **slots: domain.EvidenceSlot
) -> list[Any]:
    """Record every required piece of evidence (found by default), returning all events."""
    facts: list[Any] = []
    for code in REQUIRED:
        slot = slots.get(code.replace("-", "_"), found(RECORDS[code]))
        facts += record(app, code, slot, service)
    return facts


def changes(facts: list[Any]) -> list[tuple[str | None, str]]:
    kind = events.ApplicationStateChanged
    return [(f.from_state, f.to_state) for f in facts if isinstance(f, kind)]


def decided(facts: list[Any]) -> events.ApplicationDecided:
    [decision] = [f for f in facts if isinstance(f, events.ApplicationDecided)]
    return decision


def assert_consistent(app: domain.Application, facts: list[Any]) -> None:
    """Every event names the application; the timeline has one step per state change."""
    for fact in facts:
        assert fact.application_id == ID
        if hasattr(fact, "tracking_code"):
            assert fact.tracking_code == TRACKING
        if hasattr(fact, "service_id"):
            assert (fact.service_id, fact.agency_id) == ("passport", "police")
    assert [step.state.value for step in app.timeline] == [to for _, to in changes(facts)]


def test_the_passport_rules_pass_the_catalogue_check() -> None:
    rules.check(PASSPORT.rules, required_evidence=REQUIRED)


def test_submit_emits_its_facts_in_order() -> None:
    app, facts = submit()
    assert [type(f) for f in facts] == [
        events.ApplicationSubmitted,
        events.ApplicationStateChanged,
        events.ApplicationStateChanged,
        *[events.EvidenceRequested] * 3,
    ]
    assert changes(facts) == [(None, "submitted"), ("submitted", "collecting_evidence")]
    submitted = facts[0]
    assert submitted.sla_due_at == NOW + dt.timedelta(hours=72) == app.sla_due_at
    assert (submitted.submitted_at, submitted.national_code, submitted.required_evidence) == (
        NOW,
        NATIONAL_CODE,
        REQUIRED,
    )
    requested = facts[3:]
    assert [r.evidence_type for r in requested] == list(REQUIRED)
    assert {(r.national_code, r.mobile, r.requested_at) for r in requested} == {
        (NATIONAL_CODE, "09121234567", NOW)
    }
    assert app.state is State.COLLECTING_EVIDENCE
    assert [s.status for s in app.evidence.values()] == ["pending"] * 3 and not app.decision
    assert_consistent(app, facts)


def test_nothing_happens_until_all_evidence_is_in() -> None:
    app, _ = submit()
    for code in REQUIRED[:-1]:
        slot = found(RECORDS[code])
        assert record(app, code, slot) == []
        assert app.state is State.COLLECTING_EVIDENCE
        assert app.evidence[code] == slot
    assert len(app.timeline) == 2


def test_all_found_and_rules_hold_approves() -> None:
    app, facts = submit()
    later = collect(app)
    assert changes(later) == [("collecting_evidence", "evaluating"), ("evaluating", "approved")]
    decision = decided(later)
    assert (decision.outcome, decision.by, decision.officer) == ("approved", "rules", None)
    assert decision.reasons == () and decision.decided_at == LATER
    assert app.state is State.APPROVED and app.decision and app.decision.outcome == "approved"
    assert_consistent(app, facts + later)


def test_military_service_absent_rejects_with_the_rule_s_reason() -> None:
    app, facts = submit()
    absent = found({"national_code": NATIONAL_CODE, "status": "absent"})
    later = collect(app, military_service_card=absent)
    assert changes(later)[-1] == ("evaluating", "rejected")
    decision = decided(later)
    assert (decision.outcome, decision.by) == ("rejected", "rules")
    assert [(r.code, r.fa, r.en) for r in decision.reasons] == [
        ("military", MILITARY_FA, MILITARY_EN)
    ]
    assert (app.timeline[-1].reason_en, app.timeline[-1].reason_fa) == (MILITARY_EN, MILITARY_FA)
    assert app.state is State.REJECTED
    assert_consistent(app, facts + later)


def test_unavailable_evidence_fails_with_a_readable_reason() -> None:
    app, facts = submit()
    down = domain.EvidenceSlot("unavailable", detail="registry down")
    later = collect(app, birth_certificate=down)
    assert changes(later) == [("collecting_evidence", "failed")]
    assert not [f for f in later if isinstance(f, events.ApplicationDecided)]
    assert app.state is State.FAILED and app.decision is None
    assert "birth-certificate" in later[0].reason and "birth-certificate" in later[0].reason_fa
    assert "national-id-card" not in later[0].reason
    assert_consistent(app, facts + later)


def test_a_rule_that_cannot_be_evaluated_refers_to_an_officer() -> None:
    app, facts = submit()
    later = collect(app, national_id_card=domain.EvidenceSlot("not_found"))
    assert changes(later)[-1] == ("evaluating", "needs_review")
    decision = decided(later)
    assert (decision.outcome, decision.by) == ("needs_review", "rules")
    assert [r.code for r in decision.reasons] == ["id-valid:not-evaluable"]
    assert app.state is State.NEEDS_REVIEW
    assert_consistent(app, facts + later)


def test_a_manual_service_is_referred_to_an_officer() -> None:
    manual = dataclasses.replace(PASSPORT, decision="manual")
    app, facts = submit(manual)
    later = collect(app, manual)
    assert changes(later)[-1] == ("evaluating", "needs_review")
    assert [r.code for r in decided(later).reasons] == ["manual-service"]
    assert app.state is State.NEEDS_REVIEW
    assert_consistent(app, facts + later)


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
def test_an_officer_decides_an_application_waiting_for_review(outcome: Any) -> None:
    manual = dataclasses.replace(PASSPORT, decision="manual")
    app, facts = submit(manual)
    facts += collect(app, manual)
    later = domain.review(app, outcome=outcome, reason="بررسی شد", officer="officer-7", now=LATER)
    assert changes(later) == [("needs_review", outcome)]
    decision = decided(later)
    assert (decision.outcome, decision.by, decision.officer) == (outcome, "officer", "officer-7")
    assert [r.fa for r in decision.reasons] == ["بررسی شد"]
    assert app.decision is not None and app.decision.officer == "officer-7"
    assert app.state is State(outcome)
    assert_consistent(app, facts + later)


def _in_state(state: State) -> domain.Application:
    app, _ = submit()
    app.state = state
    return app


@pytest.mark.parametrize(
    "state",
    [s for s in State if s is not State.NEEDS_REVIEW],
    ids=str,
)
@pytest.mark.parametrize("outcome", ["approved", "rejected"])
def test_review_outside_needs_review_is_refused(state: State, outcome: Any) -> None:
    app = _in_state(state)
    with pytest.raises(IllegalTransition):
        domain.review(app, outcome=outcome, reason="x", officer="o", now=LATER)
    assert app.state is state and app.decision is None


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.COLLECTING_EVIDENCE, State.EVALUATING, State.NEEDS_REVIEW]
)
def test_cancel_works_before_a_decision(state: State) -> None:
    app = _in_state(state)
    later = domain.cancel(app, now=LATER)
    assert changes(later) == [(state.value, "cancelled")]
    assert later[0].reason and later[0].reason_fa
    assert app.state is State.CANCELLED and app.timeline[-1].state is State.CANCELLED


def test_cancel_after_approval_is_refused() -> None:
    app, _ = submit()
    collect(app)
    steps = len(app.timeline)
    with pytest.raises(IllegalTransition):
        domain.cancel(app, now=LATER)
    assert app.state is State.APPROVED and len(app.timeline) == steps


def test_evidence_after_cancellation_changes_nothing() -> None:
    app, _ = submit()
    domain.cancel(app, now=LATER)
    before = dataclasses.replace(app, evidence=dict(app.evidence), timeline=list(app.timeline))
    assert collect(app) == []
    assert app == before


def test_evidence_not_asked_for_changes_nothing() -> None:
    app, _ = submit()
    slot = found({"valid": True})
    assert record(app, "driving-license", slot) == []
    assert "driving-license" not in app.evidence


def test_a_service_without_evidence_is_decided_at_submit() -> None:
    service = dataclasses.replace(
        PASSPORT,
        required_evidence=(),
        rules=(PASSPORT.rules[0].model_copy(update={"expression": "applicant.age >= 18"}),),
    )
    app, facts = submit(service)
    assert [to for _, to in changes(facts)] == ["submitted", "evaluating", "approved"]
    assert not [f for f in facts if isinstance(f, events.EvidenceRequested)]
    assert decided(facts).outcome == "approved" and app.state is State.APPROVED
    assert_consistent(app, facts)


def test_an_unevaluable_rule_does_not_leak_personal_data_into_events() -> None:
    # rules.check() accepts this rule: `typo` sits behind a short-circuit in its sample.
    typo = PASSPORT.rules[0].model_copy(update={"expression": "applicant.age >= 40 || typo"})
    service = dataclasses.replace(PASSPORT, rules=(typo,))
    app, facts = submit(service)
    facts += collect(app, service)
    assert app.state is State.NEEDS_REVIEW
    published = str([(s.reason_en, s.reason_fa) for s in app.timeline] + [decided(facts)])
    assert "could not be evaluated" in published
    assert NATIONAL_CODE not in published and "1990-03-21" not in published


def test_rules_are_left_to_the_pool_the_domain_stops_at_evaluating() -> None:
    app, _ = domain.submit(
        application_id=ID,
        tracking_code=TRACKING,
        service=PASSPORT,
        applicant=domain.Applicant(NATIONAL_CODE),
        form={},
        now=NOW,
    )
    facts: list[Any] = []
    for code in REQUIRED:
        facts += domain.record_evidence(
            app, evidence_type=code, slot=found(RECORDS[code]), service=PASSPORT, now=LATER
        )
    assert app.state is State.EVALUATING and app.decision is None
    assert changes(facts)[-1] == ("collecting_evidence", "evaluating")


def test_a_rule_out_of_its_budget_refers_to_an_officer_with_the_reason() -> None:
    app, _ = submit()
    for code in REQUIRED:
        domain.record_evidence(
            app, evidence_type=code, slot=found(RECORDS[code]), service=PASSPORT, now=LATER
        )
    slow = rules.Failure(PASSPORT.rules[1], errored=True, timed_out=True, detail="1.5")
    facts = domain.decide(app, PASSPORT, [slow], now=LATER)
    assert app.state is State.NEEDS_REVIEW
    [reason] = decided(facts).reasons
    assert reason.code == "alive:over-budget"
    assert "took longer than its budget (1.5 s)" in reason.en
    assert "بودجهٔ زمانی" in reason.fa and "alive" in reason.fa
