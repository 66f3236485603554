"""What a dossier says (API.md, Decision dossier), built from the application and the
catalogue entry as they are at the moment of the decision; pure, no I/O.

The dossier keeps its own copy of everything it relies on: the legal basis's references and
dates, each evidence record's digest, the digest of the rules, the service's names. A later
change to the catalogue changes none of it.
"""

import datetime as dt
from typing import Any

from application_service.applications import domain
from application_service.applications.states import State
from application_service.catalog.model import Service
from panjereh import dossier

SEALED = (State.APPROVED, State.REJECTED)


def needs_dossier(application: domain.Application) -> bool:
    """Only a final decision is sealed: one that waits for an officer is not one yet."""
    return application.state in SEALED and application.decision is not None


def rules_digest(service: Service) -> str:
    """The digest of the rules as published when the decision was taken (their text, their
    failure actions and reasons), and of whether the service decides automatically at all."""
    return dossier.digest(
        {
            "decision": service.decision,
            "rules": [rule.model_dump(mode="json") for rule in service.rules],
        }
    )


def build(
    application: domain.Application, service: Service, *, kid: str, now: dt.datetime
) -> dict[str, Any]:
    decision = application.decision
    assert decision is not None  # needs_dossier said so
    bases = {basis.evidence_type: basis for basis in service.legal_basis}
    return {
        "iss": dossier.ISSUER,
        "iat": int(now.timestamp()),
        "kid": kid,
        "application_id": application.id,
        "tracking_code": application.tracking_code,
        "service_id": application.service_id,
        "service_name": {"fa": service.name_fa, "en": service.name_en},
        "agency_id": application.agency_id,
        "rules_digest": rules_digest(service),
        "legal_basis": [
            {
                "evidence_type": code,
                "law_reference": bases[code].law_reference if code in bases else None,
                "decided_at": _iso(bases[code].decided_at) if code in bases else None,
            }
            for code in sorted(application.evidence)
        ],
        "evidence": [
            {
                "type": code,
                "registry": slot.source,
                "status": slot.status,
                "retrieved_at": _iso(slot.retrieved_at),
                # The record exactly as the registry's answer carried it (EvidenceRetrieved.data).
                "digest": dossier.digest(slot.data),
            }
            for code, slot in sorted(application.evidence.items())
        ],
        "decision": {
            "outcome": decision.outcome,
            "by": decision.by,
            "reasons": [reason.model_dump(mode="json") for reason in decision.reasons],
        },
        "decided_at": _iso(decision.decided_at),
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment is not None else None
