"""Dossiers sealed at the flush of the unit of work that decides, on a fake unit of work:
every final decision (the SLA's deemed approval, an officer's), none for a referral, once per
decision, with the catalogue as it was at that moment."""

import datetime as dt

import pytest

from application_service.applications import domain, services
from application_service.applications.states import State
from application_service.catalog.model import Service
from application_service.catalog.rules import Rule
from application_service.dossier import payload
from application_service.dossier.signer import Signer
from panjereh import auth, dossier, events, keyring
from tests.unit.application.fakes import FakeApplicationUnitOfWork

pytestmark = pytest.mark.asyncio
LONG_AGO = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
SIGNER = Signer(keyring.ring(auth.new_signing_key(), prefix=dossier.KID_PREFIX))
BASIS = events.LegalBasis(
    evidence_type="national-id-card",
    status="approved",
    law_reference="قانون ثبت احوال، ماده ۱",
    decided_at=LONG_AGO,
)
SERVICE = Service(
    id="permit", agency_id="police", name_fa="مجوز", name_en="Permit",
    required_evidence=("national-id-card",), sla_breach_action="deem_approved",
    legal_basis=(BASIS,),
)  # fmt: skip
RECORD = {"national_code": "0499370899", "first_name": "علی", "alive": True}


def _uow(*services: Service) -> FakeApplicationUnitOfWork:
    uow = FakeApplicationUnitOfWork(*services)
    uow.signer = SIGNER
    return uow


async def _collected(uow: FakeApplicationUnitOfWork, app_id: str, service: Service) -> None:
    """An application whose evidence is in (as a registry answered) and which waits."""
    app, _ = domain.submit(
        application_id=app_id, tracking_code=f"{app_id}-code", service=domain.view(service),
        applicant=domain.Applicant("0499370899"), form={}, now=LONG_AGO,
    )  # fmt: skip
    app.evidence["national-id-card"] = domain.EvidenceSlot(
        "found", RECORD, LONG_AGO, "civil-registration"
    )
    uow.applications.add(app)
    await uow.applications.flush()


def _verified(uow: FakeApplicationUnitOfWork, app_id: str) -> dict[str, object]:
    stored = uow.dossiers.rows[app_id]  # type: ignore[attr-defined]
    header, claims = dossier.verify(stored.jws, SIGNER.jwks)
    assert header["kid"] == stored.kid == SIGNER.ring.kid
    return claims


async def test_the_slas_deemed_approval_is_sealed_in_its_own_commit() -> None:
    uow = _uow(SERVICE)
    await _collected(uow, "a", SERVICE)
    assert await services.sweep_sla(lambda: uow) == 1
    claims = _verified(uow, "a")
    decision = claims["decision"]
    assert isinstance(decision, dict)
    assert (decision["outcome"], decision["by"]) == ("approved", "sla")
    assert [r["code"] for r in decision["reasons"]] == ["sla-deemed-approved"]
    assert claims["evidence"] == [
        {
            "type": "national-id-card",
            "registry": "civil-registration",
            "status": "found",
            "retrieved_at": LONG_AGO.isoformat(),
            "digest": dossier.digest(RECORD),
        }
    ]
    assert claims["legal_basis"] == [
        {
            "evidence_type": "national-id-card",
            "law_reference": BASIS.law_reference,
            "decided_at": LONG_AGO.isoformat(),
        }
    ]
    assert claims["rules_digest"] == payload.rules_digest(SERVICE)


async def test_a_referral_is_not_sealed_the_officers_decision_is() -> None:
    manual = SERVICE.model_copy(update={"id": "manual", "decision": "manual"})
    uow = _uow(manual)
    await _collected(uow, "m", manual)
    async with uow:
        app = await uow.applications.get("m")
        assert app is not None
        uow.emit(app.move(State.EVALUATING, at=LONG_AGO))
        for fact in domain.decide(app, domain.view(manual), [], now=LONG_AGO):
            uow.emit(fact)
        uow.applications.changed(app)
        await uow.commit()
    assert uow.dossiers.rows == {}  # type: ignore[attr-defined]
    await services.review(
        lambda: uow, agency_id="police", application_id="m", outcome="rejected",
        reason="مدرک کافی نیست", officer="officer-1",
    )  # fmt: skip
    claims = _verified(uow, "m")
    assert claims["decision"]["by"] == "officer"  # type: ignore[index]
    assert claims["decision"]["outcome"] == "rejected"  # type: ignore[index]


async def test_a_later_catalogue_change_changes_no_dossier() -> None:
    uow = _uow(SERVICE)
    await _collected(uow, "first", SERVICE)
    await services.sweep_sla(lambda: uow)
    before = uow.dossiers.rows["first"].jws  # type: ignore[attr-defined]
    stricter = SERVICE.model_copy(
        update={
            "rules": (Rule(id="adult", expression="true", reason_fa="بزرگسال", reason_en="Adult"),),
            "legal_basis": (BASIS.model_copy(update={"law_reference": "قانون دیگر"}),),
        }
    )
    uow.catalogue.services[SERVICE.id] = stricter  # type: ignore[attr-defined]
    await _collected(uow, "second", stricter)
    await services.sweep_sla(lambda: uow)
    assert uow.dossiers.rows["first"].jws == before  # type: ignore[attr-defined]
    first, second = _verified(uow, "first"), _verified(uow, "second")
    assert first["rules_digest"] != second["rules_digest"]
    assert first["legal_basis"] != second["legal_basis"]


async def test_a_decision_flushed_twice_in_its_unit_of_work_is_sealed_once() -> None:
    uow = _uow(SERVICE)
    await _collected(uow, "twice", SERVICE)
    async with uow:
        app = await uow.applications.get("twice")
        assert app is not None
        uow.emit(app.move(State.EVALUATING, at=LONG_AGO))
        for fact in domain.decide(app, domain.view(SERVICE), [], now=LONG_AGO):
            uow.emit(fact)
        uow.applications.changed(app)
        await uow.flush()
        await uow.commit()  # flushes again
    assert list(uow.dossiers.rows) == ["twice"]  # type: ignore[attr-defined]
    assert _verified(uow, "twice")["decision"] == {
        "outcome": "approved",
        "by": "rules",
        "reasons": [],
    }
