"""Each service's rows for a case, as that service's own code would have written them.

Column names are the services' models' (`TABLES` says which, in which order, for COPY).
Each row is a tuple in that order; JSON columns get their JSON text.
"""

import datetime as dt
import hashlib
import hmac
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from bench.seed.world import Case, Service
from compliance_service import domain as compliance
from inquiry_service import domain as inquiry
from panjereh import identity, jalali

STATUS_SUBJECT_KEY = b"demo-status-subject-key"  # StatusSettings' default
AUDIT_SUBJECT_KEY = b"demo-audit-subject-key"  # InquirySettings' default
FRESHNESS_BOUND_MS = 5000.0  # ComplianceSettings' default bound
FINAL = frozenset({"approved", "rejected", "cancelled", "failed"})
LAW = "Law on the national smart-services window, art. 3"

TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "application": {
        "applications": (
            "id", "tracking_code", "service_id", "agency_id", "national_code", "mobile",
            "birth_date", "form", "state", "evidence", "decision", "timeline", "submitted_at",
            "sla_due_at", "sla_breached", "version",
        ),
    },
    "status": {
        "status_views": (
            "tracking_code", "application_id", "subject", "service_id", "state", "timeline",
            "reasons", "submitted_at", "sla_due_at", "updated_at", "version",
        ),
        "access_history": (
            "event_id", "subject", "path", "inquiry_id", "application_id", "agency_id",
            "client_id", "service_id", "evidence_type", "registry", "outcome", "reason",
            "purpose", "law_reference", "at",
        ),
    },
    "inquiry": {
        "applications": (
            "application_id", "agency_id", "service_id", "subject", "final", "updated_at",
        ),
        "inquiries": (
            "id", "agency_id", "client_id", "evidence_type", "subject", "service_id",
            "application_id", "status", "data", "registry", "retrieved_at", "cached",
        ),
        "audit_log": (
            "seq", "at", "agency_id", "client_id", "evidence_type", "subject", "subject_masked",
            "service_id", "application_id", "inquiry_id", "outcome", "reason", "registry",
            "latency_ms", "request_id", "prev_hash", "hash",
        ),
    },
    "compliance": {
        "application_facts": ("application_id", "service_id", "day", "facts", "counted"),
    },
}  # fmt: skip


# One encoder for every row (json.dumps builds a new one per call when given options).
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _subject(secret: bytes, code: str) -> str:
    return hmac.new(secret, code.encode(), hashlib.sha256).hexdigest()


def _steps(case: Case) -> list[tuple[str, dt.datetime]]:
    """The states the application went through, with when."""
    at = case.submitted_at
    steps = [("submitted", at), ("collecting_evidence", at + dt.timedelta(milliseconds=50))]
    if case.state == "submitted":
        return steps[:1]
    if case.decided_at is None:
        return steps
    if case.state not in ("cancelled", "failed"):
        steps.append(("evaluating", case.inquiries[-1].at))
    return [*steps, (case.state, case.decided_at)]


def _reasons(case: Case) -> list[dict[str, str]]:
    if case.state not in ("approved", "rejected", "needs_review"):
        return []
    return [{"code": f"rule-{case.state}", "fa": "مطابق قواعد خدمت", "en": "By the service rules"}]


class Rows:
    """Turns cases into rows; carries the audit chain (seq and head) from chunk to chunk."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.seq = 0
        self.head = inquiry.GENESIS_HASH
        self.days: dict[tuple[str, dt.date], compliance.Tally] = defaultdict(compliance.Tally)

    def chunk(self, cases: Iterable[Case]) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
        out: dict[str, dict[str, list[tuple[Any, ...]]]] = {
            db: {name: [] for name in tables} for db, tables in TABLES.items()
        }
        for case in cases:
            steps = _steps(case)
            status_subject = _subject(STATUS_SUBJECT_KEY, case.national_code)
            audit_subject = _subject(AUDIT_SUBJECT_KEY, case.national_code)
            out["application"]["applications"].append(application(case, steps, self.now))
            out["status"]["status_views"].append(status_view(case, steps, status_subject))
            out["status"]["access_history"] += access_rows(case, status_subject)
            out["inquiry"]["applications"].append(
                (case.application_id, case.agency_id, case.service.service_id, audit_subject,
                 case.state in FINAL, steps[-1][1])
            )  # fmt: skip
            out["inquiry"]["inquiries"] += inquiry_rows(case, audit_subject)
            out["inquiry"]["audit_log"] += self._audit(case, audit_subject)
            out["compliance"]["application_facts"].append(self._facts(case, steps))
        return out

    def _audit(self, case: Case, subject: str) -> list[tuple[Any, ...]]:
        """Entries chained exactly as inquiry_service.audit.append chains them."""
        entries = []
        for found in case.inquiries:
            body = {
                "at": found.at.isoformat(timespec="microseconds"),
                "agency_id": case.agency_id,
                "client_id": None,
                "evidence_type": found.evidence_type,
                "subject": subject,
                "subject_masked": identity.mask(case.national_code),
                "service_id": case.service.service_id,
                "application_id": case.application_id,
                "inquiry_id": found.inquiry_id,
                "outcome": found.outcome,
                "reason": None,
                "registry": found.registry,
                "latency_ms": found.latency_ms,
                "request_id": None,
            }
            digest = inquiry.chain_hash(self.head, body)
            self.seq += 1
            entries.append((self.seq, *body.values(), self.head, digest))
            self.head = digest
        return entries

    def _facts(self, case: Case, steps: list[tuple[str, dt.datetime]]) -> tuple[Any, ...]:
        changes = tuple(f"{case.application_id}:{n}" for n in range(len(steps)))
        facts = compliance.Facts(
            submitted=True,
            required_evidence=case.service.evidence_types,
            evidence={
                q.evidence_type: "online" for q in case.inquiries if q.outcome != "unavailable"
            },
            state=case.state,
            decided_by="rules" if case.state in ("approved", "rejected", "needs_review") else None,
            outcome=case.state if case.state in ("approved", "rejected", "needs_review") else None,
            state_changes=changes,
            freshness_ms={change: 40.0 + n for n, change in enumerate(changes)},
        )
        tally = compliance.tally_of(compliance.judge(facts, freshness_bound_ms=FRESHNESS_BOUND_MS))
        day = case.submitted_at.astimezone(jalali.TEHRAN).date()
        self.days[(case.service.service_id, day)] += tally
        counted = {"applications": tally.applications, "met": tally.met, "missed": tally.missed}
        as_json = {**facts.__dict__, "required_evidence": list(facts.required_evidence)}
        as_json["state_changes"] = list(changes)
        return (case.application_id, case.service.service_id, day, _json(as_json), _json(counted))

    def service_days(self) -> list[tuple[Any, ...]]:
        """The compliance tallies per service and day, summed over every case so far."""
        return [
            (
                service_id,
                day,
                t.applications,
                *(x for pair in zip(t.met, t.missed, strict=True) for x in pair),
            )
            for (service_id, day), t in sorted(self.days.items())
        ]


def application(
    case: Case, steps: list[tuple[str, dt.datetime]], now: dt.datetime
) -> tuple[Any, ...]:
    evidence = {
        q.evidence_type: {
            "status": q.outcome,
            "data": None,
            "retrieved_at": q.at.isoformat(),
            "source": q.registry,
            "detail": None,
        }
        for q in case.inquiries
    }
    decision = None
    if case.state in ("approved", "rejected", "needs_review") and case.decided_at:
        decision = {
            "outcome": case.state,
            "by": "rules",
            "reasons": _reasons(case),
            "decided_at": case.decided_at.isoformat(),
            "officer": None,
        }
    timeline = [
        {"state": state, "at": at.isoformat(), "reason_en": None, "reason_fa": None}
        for state, at in steps
    ]
    # Open and due before a bench run is over: marked as the SLA sweep would mark it, so no
    # sweep of a started service rewrites seeded rows mid-run.
    breached = case.state not in FINAL and case.sla_due_at < now + dt.timedelta(days=1)
    return (
        case.application_id, case.tracking_code, case.service.service_id, case.agency_id,
        case.national_code, case.mobile, None, "{}", case.state, _json(evidence),
        _json(decision) if decision else None, _json(timeline), case.submitted_at,
        case.sla_due_at, breached, len(steps),
    )  # fmt: skip


def status_view(case: Case, steps: list[tuple[str, dt.datetime]], subject: str) -> tuple[Any, ...]:
    timeline = [
        {"event_id": f"{case.application_id}:{n}", "state": state, "at": at.isoformat(),
         "reason": None}
        for n, (state, at) in enumerate(steps)
    ]  # fmt: skip
    return (
        case.tracking_code, case.application_id, subject, case.service.service_id, case.state,
        _json(timeline), _json(_reasons(case)), case.submitted_at, case.sla_due_at,
        steps[-1][1], len(steps) + 1,
    )  # fmt: skip


def access_rows(case: Case, subject: str) -> list[tuple[Any, ...]]:
    return [
        (q.event_id, subject, "application", q.inquiry_id, case.application_id, case.agency_id,
         None, case.service.service_id, q.evidence_type, q.registry, q.outcome, None,
         case.service.name_en, LAW, q.at)
        for q in case.inquiries
    ]  # fmt: skip


def inquiry_rows(case: Case, subject: str) -> list[tuple[Any, ...]]:
    return [
        (q.inquiry_id, case.agency_id, None, q.evidence_type, subject, case.service.service_id,
         case.application_id, q.outcome, _json({"valid": True}) if q.outcome == "found" else None,
         q.registry, q.at, False)
        for q in case.inquiries
    ]  # fmt: skip


Small = dict[str, dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]]


def catalogue(
    services: list[Service], agencies: list[tuple[str, str, str]], now: dt.datetime
) -> Small:
    """The small tables of each service: agencies, services, names, legal bases."""
    evidence = {s.service_id: s.evidence_types for s in services}
    return {
        "application": {
            "agencies": (("id", "name_fa", "name_en"), agencies),
            "services": (
                ("id", "agency_id", "name_fa", "name_en", "required_evidence", "paper_documents",
                 "decision", "rules", "on_window", "sla_hours", "updated_at"),
                [(s.service_id, s.agency_id, s.name_fa, s.name_en, _json(list(s.evidence_types)),
                  "[]", "automatic", "[]", True, s.sla_hours, now) for s in services],
            ),
            "legal_bases": (
                ("service_id", "evidence_type", "status", "law_reference", "decided_by",
                 "requested_at", "decided_at"),
                [(sid, kind, "approved", LAW, "legal-basis-office", now, now)
                 for sid, kinds in evidence.items() for kind in kinds],
            ),
        },
        "status": {
            "service_names": (
                ("service_id", "agency_id", "name_fa", "name_en"),
                [(s.service_id, s.agency_id, s.name_fa, s.name_en) for s in services],
            ),
        },
        "inquiry": {
            "service_requirements": (
                ("service_id", "agency_id", "evidence_types", "updated_at"),
                [(s.service_id, s.agency_id, _json(list(s.evidence_types)), now)
                 for s in services],
            ),
            "legal_bases": (
                ("service_id", "evidence_type", "status", "law_reference", "decided_at"),
                [(sid, kind, "approved", LAW, now) for sid, kinds in evidence.items()
                 for kind in kinds],
            ),
        },
        "compliance": {
            "agencies": (
                ("agency_id", "name_fa", "name_en", "first_online_inquiry_at"),
                [(a, fa, en, now - dt.timedelta(days=365)) for a, fa, en in agencies],
            ),
            "catalogue_services": (
                ("service_id", "agency_id", "name_fa", "name_en", "on_window",
                 "smart_by_design", "decision", "paper_documents", "changed_at"),
                [(s.service_id, s.agency_id, s.name_fa, s.name_en, True, True, "automatic",
                  "[]", now) for s in services],
            ),
        },
    }  # fmt: skip
