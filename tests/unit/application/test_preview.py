"""Preview before use (API.md, Citizens), pure: a preview service's application waits for its
applicant once the evidence is in; confirming or the window's end sends it to the rules, an
objection to an officer; the applicant sees only the shareable fields."""

import dataclasses
import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from application_service.applications import domain, preview
from application_service.applications.states import IllegalTransition, State
from application_service.catalog import rules
from application_service.catalog.model import ServiceSpec
from panjereh import events

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
CODE = "0499370899"
REQUIRED = ("national-id-card", "education-degree")
ID_VALID = rules.Rule(
    id="id-valid",
    expression='evidence["national-id-card"].valid == true',
    reason_fa="کارت ملی معتبر نیست.",
    reason_en="The ID card is not valid.",
)
SERVICE = domain.ServiceView(
    id="jobs",
    agency_id="labour",
    decision="automatic",
    required_evidence=REQUIRED,
    paper_documents=(),
    rules=(ID_VALID,),
    sla_hours=48,
    preview=True,
    preview_window_minutes=60,
)
ID_CARD = {
    "national_code": CODE,
    "first_name_fa": "سارا",
    "last_name_fa": "محمدی",
    "birth_date": "1990-03-21",
    "expires_on": "2030-01-01",
    "valid": True,
}
DEGREE = {"national_code": CODE, "level": "master", "field_fa": "ریاضی", "verified": True}


def _slot(data: dict[str, Any] | None, status: domain.SlotStatus = "found") -> domain.EvidenceSlot:
    return domain.EvidenceSlot(status, data, NOW, "sandbox")


def waiting(service: domain.ServiceView = SERVICE) -> tuple[domain.Application, list[Any]]:
    """An application of `service` with all its evidence in."""
    app, _ = domain.submit(
        application_id="app-1",
        tracking_code="1234567890128",
        service=service,
        applicant=domain.Applicant(CODE),
        form={},
        now=NOW,
    )
    facts = domain.record_evidence(
        app, evidence_type="national-id-card", slot=_slot(ID_CARD), service=service, now=NOW
    )
    facts += domain.record_evidence(
        app, evidence_type="education-degree", slot=_slot(DEGREE), service=service, now=NOW
    )
    return app, facts


def test_a_preview_service_waits_for_its_applicant_once_all_evidence_is_in() -> None:
    app, facts = waiting()
    assert app.state is State.AWAITING_APPLICANT
    moved, opened = facts
    assert isinstance(moved, events.ApplicationStateChanged)
    assert (moved.from_state, moved.to_state) == ("collecting_evidence", "awaiting_applicant")
    assert moved.reason and moved.reason_fa
    assert isinstance(opened, events.ApplicationPreviewOpened)
    assert opened.due_at == NOW + dt.timedelta(minutes=60) == app.preview.due_at  # type: ignore[union-attr]
    assert opened.evidence_types == REQUIRED
    assert app.decision is None


def test_without_preview_the_same_service_goes_straight_to_the_rules() -> None:
    app, facts = waiting(dataclasses.replace(SERVICE, preview=False))
    assert app.state is State.EVALUATING and app.preview is None
    assert [type(f) for f in facts] == [events.ApplicationStateChanged]


def test_no_waiting_before_the_last_evidence_or_when_evidence_is_unavailable() -> None:
    app, _ = domain.submit(
        application_id="app-2", tracking_code="t", service=SERVICE,
        applicant=domain.Applicant(CODE), form={}, now=NOW,
    )  # fmt: skip
    first = domain.record_evidence(
        app, evidence_type="national-id-card", slot=_slot(ID_CARD), service=SERVICE, now=NOW
    )
    assert first == [] and app.state is State.COLLECTING_EVIDENCE
    domain.record_evidence(
        app,
        evidence_type="education-degree",
        slot=_slot(None, "unavailable"),
        service=SERVICE,
        now=NOW,
    )
    assert app.state is State.FAILED and app.preview is None


def test_confirming_sends_it_to_the_rules_and_says_the_applicant_did() -> None:
    app, _ = waiting()
    later = NOW + dt.timedelta(minutes=3)
    confirmed, moved = preview.confirm(app, SERVICE, now=later)
    assert isinstance(confirmed, events.ApplicationPreviewConfirmed)
    assert (confirmed.by, confirmed.at) == ("applicant", later)
    assert isinstance(moved, events.ApplicationStateChanged)
    assert (moved.from_state, moved.to_state) == ("awaiting_applicant", "evaluating")
    assert app.state is State.EVALUATING  # the rules run in the pool, then decide
    assert app.preview and (app.preview.answer, app.preview.answered_at) == ("confirmed", later)


def test_confirming_a_service_without_rules_decides_at_once_by_the_rules() -> None:
    app, _ = waiting(dataclasses.replace(SERVICE, rules=()))
    facts = preview.confirm(app, dataclasses.replace(SERVICE, rules=()), now=NOW)
    decided = [f for f in facts if isinstance(f, events.ApplicationDecided)]
    assert [(d.outcome, d.by) for d in decided] == [("approved", "rules")]


def test_confirming_twice_or_out_of_the_wait_is_an_illegal_transition() -> None:
    app, _ = waiting()
    preview.confirm(app, SERVICE, now=NOW)
    with pytest.raises(IllegalTransition):
        preview.confirm(app, SERVICE, now=NOW)
    with pytest.raises(IllegalTransition):
        preview.object_to(app, evidence_type="education-degree", reason="wrong", now=NOW)
    plain, _ = waiting(dataclasses.replace(SERVICE, preview=False))
    with pytest.raises(IllegalTransition):
        preview.confirm(plain, SERVICE, now=NOW)


def test_an_objection_sends_it_to_an_officer_with_the_objection_recorded() -> None:
    app, _ = waiting()
    objected, moved = preview.object_to(
        app, evidence_type="education-degree", reason="مدرک ارشد من ثبت نشده", now=NOW
    )
    assert isinstance(objected, events.ApplicationObjected)
    assert objected.evidence_type == "education-degree"
    assert "مدرک" not in objected.model_dump_json()  # the applicant's words stay here
    assert isinstance(moved, events.ApplicationStateChanged)
    assert moved.to_state == "needs_review" and "education-degree" in (moved.reason or "")
    assert app.state is State.NEEDS_REVIEW and app.decision is None
    assert app.preview and app.preview.answer == "objected"
    assert app.preview.objection == domain.Objection(
        "education-degree", "مدرک ارشد من ثبت نشده", NOW
    )
    # An officer decides it as any referral.
    domain.review(app, outcome="approved", reason="checked", officer="o-1", now=NOW)
    assert app.decision and app.decision.by == "officer"


def test_an_objection_must_name_one_of_the_applications_evidence_types() -> None:
    app, _ = waiting()
    with pytest.raises(preview.UnknownEvidence) as caught:
        preview.object_to(app, evidence_type="driving-license", reason="x", now=NOW)
    assert caught.value.known == REQUIRED
    assert app.state is State.AWAITING_APPLICANT and app.preview and app.preview.answer is None


def test_the_window_ending_sends_it_on_as_fetched_and_only_once_it_ended() -> None:
    app, _ = waiting()
    due = NOW + dt.timedelta(minutes=60)
    assert preview.lapse(app, SERVICE, now=due - dt.timedelta(seconds=1)) == []
    assert app.state is State.AWAITING_APPLICANT
    confirmed, moved = preview.lapse(app, SERVICE, now=due)
    assert isinstance(confirmed, events.ApplicationPreviewConfirmed) and confirmed.by == "window"
    assert isinstance(moved, events.ApplicationStateChanged) and moved.to_state == "evaluating"
    assert app.preview and app.preview.answer == "lapsed"
    assert preview.lapse(app, SERVICE, now=due) == []  # a second sweep changes nothing


def test_an_answered_preview_never_lapses() -> None:
    app, _ = waiting()
    preview.object_to(app, evidence_type="national-id-card", reason="wrong name", now=NOW)
    assert preview.lapse(app, SERVICE, now=NOW + dt.timedelta(days=3)) == []
    assert app.state is State.NEEDS_REVIEW


def test_the_applicant_sees_only_the_shareable_fields_with_their_labels() -> None:
    leaked = ID_CARD | {"father_name_fa": "علی", "card_serial": "X1"}
    shown = preview.minimised("national-id-card", _slot(leaked))
    assert [s.name for s in shown] == [
        "national_code", "first_name_fa", "last_name_fa", "birth_date", "expires_on", "valid",
    ]  # fmt: skip
    assert all(s.label and s.label["fa"] and s.label["en"] for s in shown)
    assert shown[1].value == "سارا"
    assert preview.minimised("national-id-card", _slot(None, "not_found")) == []
    assert preview.minimised("education-degree", _slot(DEGREE))[1].name == "level"


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"preview": True}, "preview"),  # nothing to preview
        (  # a window past the SLA
            {"preview": True, "required_evidence": ["national-id-card"], "sla_hours": 1},
            "preview_window_minutes",
        ),
        ({"preview_window_minutes": 4}, "preview_window_minutes"),
        ({"preview_window_minutes": 7 * 24 * 60 + 1}, "preview_window_minutes"),
        ({"preview": "maybe"}, "preview"),
    ],
)  # fmt: skip
def test_the_catalogue_refuses_a_preview_it_cannot_keep(spec: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ServiceSpec(name_fa="خدمت", name_en="Service", **spec)
    assert [e["loc"][-1] for e in caught.value.errors()] == [field]


def test_the_catalogue_takes_a_preview_with_its_window_or_the_default() -> None:
    spec = ServiceSpec(
        name_fa="خدمت", name_en="Service", required_evidence=("national-id-card",), preview=True
    )
    assert (spec.preview, spec.preview_window_minutes) == (True, 24 * 60)
    short = ServiceSpec(
        name_fa="خدمت", name_en="Service", required_evidence=("national-id-card",),
        preview=True, preview_window_minutes=5, sla_hours=1,
    )  # fmt: skip
    assert short.preview_window_minutes == 5
    assert ServiceSpec(name_fa="خدمت", name_en="Service").preview is False
