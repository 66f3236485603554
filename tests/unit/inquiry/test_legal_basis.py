"""The legal-basis and purpose rules of the inquiry service (pure: no I/O)."""

import pytest

from inquiry_service import domain
from panjereh.evidence import SHAREABLE_FIELDS

NEEDS = frozenset({"national-id-card", "military-service-card"})


def _requirement(**bases: domain.Basis) -> domain.Requirement:
    return domain.Requirement(
        "svc", "agency-a", NEEDS, {k.replace("_", "-"): v for k, v in bases.items()}
    )


@pytest.mark.parametrize(
    ("bases", "code"),
    [
        ({}, "pending"),  # no decision reached the service yet: deny by default
        ({"national_id_card": domain.Basis("pending")}, "pending"),
        ({"national_id_card": domain.Basis("refused", "law 1")}, "refused"),
        ({"national_id_card": domain.Basis("approved", "law 1")}, None),
        ({"national_id_card": domain.Basis("approved", None)}, "pending"),  # names no law
        ({"national_id_card": domain.Basis("approved", "")}, "pending"),
        ({"military_service_card": domain.Basis("approved", "law 1")}, "pending"),
    ],
)
def test_only_an_approved_basis_allows_a_fetch(
    bases: dict[str, domain.Basis], code: str | None
) -> None:
    refusal = domain.legal_basis_refusal(
        agency_id="agency-a", evidence_type="national-id-card", requirement=_requirement(**bases)
    )
    assert (refusal.code if refusal else None) == code
    if refusal is not None:
        assert refusal.fa and refusal.en and refusal.fa != refusal.en


def test_the_law_reference_is_that_of_an_approved_basis_only() -> None:
    requirement = _requirement(
        national_id_card=domain.Basis("approved", "law 1"),
        military_service_card=domain.Basis("refused", "law 2"),
    )
    assert requirement.law_reference("national-id-card") == "law 1"
    assert requirement.law_reference("military-service-card") is None
    assert requirement.law_reference("education-degree") is None


def test_the_earlier_checks_come_before_the_basis() -> None:
    requirement = _requirement(national_id_card=domain.Basis("approved", "law 1"))
    refusal = domain.legal_basis_refusal(
        agency_id="agency-b", evidence_type="national-id-card", requirement=requirement
    )
    assert refusal is not None and refusal.code == "not-your-service"
    unknown = domain.legal_basis_refusal(
        agency_id="agency-a", evidence_type="national-id-card", requirement=None
    )
    assert unknown is not None and unknown.code in domain.MAY_ARRIVE


OPEN = domain.Application("app-1", "agency-a", "svc", "subject-1", final=False)


@pytest.mark.parametrize(
    ("agency", "service", "subject", "application", "allowed"),
    [
        ("agency-a", "svc", "subject-1", OPEN, True),
        ("agency-a", "svc", "subject-1", None, False),
        ("agency-b", "svc", "subject-1", OPEN, False),
        (None, "svc", "subject-1", OPEN, False),
        ("agency-a", "svc-2", "subject-1", OPEN, False),
        ("agency-a", "svc", "subject-2", OPEN, False),
        (
            "agency-a",
            "svc",
            "subject-1",
            domain.Application("app-1", "agency-a", "svc", "subject-1", final=True),
            False,
        ),
    ],
    ids=[
        "own-open",
        "unknown",
        "other-agency",
        "no-agency",
        "other-service",
        "other-person",
        "final",
    ],
)
def test_a_purpose_application_must_be_own_same_service_same_person_and_open(
    agency: str | None,
    service: str,
    subject: str,
    application: domain.Application | None,
    allowed: bool,
) -> None:
    refusal = domain.application_refusal(
        agency_id=agency, service_id=service, subject=subject, application=application
    )
    assert (refusal is None) == allowed
    if refusal is not None:
        assert refusal.code == "not-your-application"


def test_another_agencys_application_reads_like_one_that_does_not_exist() -> None:
    theirs = domain.application_refusal(
        agency_id="agency-b", service_id="svc", subject="subject-1", application=OPEN
    )
    missing = domain.application_refusal(
        agency_id="agency-b", service_id="svc", subject="subject-1", application=None
    )
    assert theirs == missing


def test_minimise_keeps_only_shareable_fields() -> None:
    record = {
        "national_code": "0018392741",
        "status": "exempt",
        "card_number": "123",
        "issued_on": None,
        "exemption_reason_fa": "پزشکی",
    }
    kept = domain.minimise("military-service-card", record)
    assert kept is not None and set(kept) <= set(SHAREABLE_FIELDS["military-service-card"])
    assert "exemption_reason_fa" not in kept and "card_number" not in kept
    assert domain.minimise("military-service-card", None) is None
