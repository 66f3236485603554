"""The legal basis's pure rules: pending on publish and on an added type, kept on a type that
stays, dropped with a removed type; a service is approved only when every type is."""

import datetime as dt

from application_service.catalog import legal_basis
from panjereh import events

EARLIER = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)


def _approved(code: str) -> legal_basis.Basis:
    pending = legal_basis.Basis(evidence_type=code, status="pending", requested_at=EARLIER)
    return legal_basis.decide(
        pending,
        verdict="approved",
        law_reference="Act 1",
        note=None,
        decided_by="legal-basis-office",
        now=EARLIER,
    )


def test_publishing_makes_every_entry_pending_in_the_services_order() -> None:
    bases = legal_basis.reconcile({}, ("birth-certificate", "national-id-card"), now=NOW)
    assert [(b.evidence_type, b.status, b.requested_at) for b in bases] == [
        ("birth-certificate", "pending", NOW),
        ("national-id-card", "pending", NOW),
    ]
    assert all(b.law_reference is None and b.decided_at is None for b in bases)


def test_a_change_keeps_what_stays_makes_what_is_added_pending_and_drops_the_rest() -> None:
    current = {
        "national-id-card": _approved("national-id-card"),
        "birth-certificate": _approved("birth-certificate"),
    }
    bases = legal_basis.reconcile(current, ("national-id-card", "education-degree"), now=NOW)
    assert bases[0] == current["national-id-card"]
    assert (bases[1].evidence_type, bases[1].status, bases[1].requested_at) == (
        "education-degree",
        "pending",
        NOW,
    )
    assert len(bases) == 2


def test_a_refusal_replaces_an_approval() -> None:
    refused = legal_basis.decide(
        _approved("national-id-card"),
        verdict="refused",
        law_reference="No basis in the Passport Act",
        note="revisited",
        decided_by="legal-basis-office",
        now=NOW,
    )
    assert (refused.status, refused.decided_at, refused.note) == ("refused", NOW, "revisited")
    assert refused.requested_at == EARLIER


def test_only_a_wholly_approved_service_may_take_applications() -> None:
    approved = events.LegalBasis(evidence_type="a", status="approved", law_reference="x")
    pending = events.LegalBasis(evidence_type="b", status="pending")
    refused = events.LegalBasis(evidence_type="b", status="refused", law_reference="x")
    assert legal_basis.all_approved([approved], ("a",))
    assert legal_basis.all_approved([], ())  # nothing to fetch, nothing to approve
    assert not legal_basis.all_approved([approved, pending], ("a", "b"))
    assert not legal_basis.all_approved([approved, refused], ("a", "b"))
    assert not legal_basis.all_approved([approved], ("a", "b"))  # a missing entry denies
