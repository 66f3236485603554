"""API models of the citizen's views, of the disputes the legal-basis office answers, and of
the one-time login code."""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from panjereh import identity, jalali
from panjereh.db.engine import as_utc
from panjereh.labels import state_label
from panjereh.text import storable
from status_service.citizen import login_domain
from status_service.citizen.domain import Decision, Dispute, DisputeState, Flag
from status_service.schemas import AccessEntry, ServiceRef


def _jalali(moment: dt.datetime | None) -> str | None:
    return jalali.to_jalali(moment) if moment is not None else None


class MyApplication(BaseModel):
    """One application of mine, at whichever agency, as the status read model has it."""

    id: str  # the application's: /v1/citizen/applications/{id} (its preview, its dossier)
    tracking_code: str
    service: ServiceRef
    agency_id: str | None
    state: str
    state_label: dict[str, str]
    submitted_at: dt.datetime
    submitted_at_jalali: str
    updated_at: dt.datetime
    updated_at_jalali: str
    sla_due_at: dt.datetime
    sla_due_at_jalali: str
    status_url: str

    @classmethod
    def of(cls, row: Any) -> "MyApplication":
        submitted, updated, due = (
            as_utc(row.submitted_at),
            as_utc(row.updated_at),
            as_utc(row.sla_due_at),
        )
        return cls(
            id=row.application_id,
            tracking_code=row.tracking_code,
            service=ServiceRef(id=row.service_id, name_fa=row.name_fa, name_en=row.name_en),
            agency_id=row.agency,
            state=row.state,
            state_label=state_label(row.state),
            submitted_at=submitted,
            submitted_at_jalali=jalali.to_jalali(submitted),
            updated_at=updated,
            updated_at_jalali=jalali.to_jalali(updated),
            sla_due_at=due,
            sla_due_at_jalali=jalali.to_jalali(due),
            status_url=f"/v1/status/{row.tracking_code}",
        )


class MyApplications(BaseModel):
    items: list[MyApplication]
    next_cursor: str | None


class DisputeView(BaseModel):
    """A dispute as its person sees it: their reason, its state, the office's answer."""

    id: str
    entry_id: str
    state: DisputeState
    reason: str
    opened_at: dt.datetime
    opened_at_jalali: str
    decided_at: dt.datetime | None
    decided_at_jalali: str | None
    note: str | None  # the office's answer

    @classmethod
    def of(cls, dispute: Dispute) -> "DisputeView":
        return cls(
            id=dispute.id,
            entry_id=dispute.entry_id,
            state=dispute.state,
            reason=dispute.reason,
            opened_at=dispute.opened_at,
            opened_at_jalali=jalali.to_jalali(dispute.opened_at),
            decided_at=dispute.decided_at,
            decided_at_jalali=_jalali(dispute.decided_at),
            note=dispute.note,
        )


class MyAccessEntry(AccessEntry):
    """One inquiry about me, by either path, with what the facts say of it (`flags`)."""

    id: str
    application_id: str | None
    reason: str | None  # why it was refused, or why the registry was unavailable
    flags: list[Flag]
    dispute: DisputeView | None

    @classmethod
    def of_entry(cls, row: Any, *, flags: list[Flag], dispute: Dispute | None) -> "MyAccessEntry":
        return cls(
            **cls.fields_of(row),
            id=row.event_id,
            application_id=row.application_id,
            reason=row.reason,
            flags=flags,
            dispute=DisputeView.of(dispute) if dispute is not None else None,
        )


class MyAccessLog(BaseModel):
    items: list[MyAccessEntry]
    next_cursor: str | None


# The constraints first: after a validator, pydantic would no longer apply them.
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    AfterValidator(storable),
]
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=1000), AfterValidator(storable)
]


class DisputeRequest(BaseModel):
    model_config = {"extra": "forbid"}
    reason: Reason = Field(description="Why the fetch was wrong, in the person's words (1..1000)")


class DecisionRequest(BaseModel):
    model_config = {"extra": "forbid"}
    decision: Decision
    note: Note | None = Field(default=None, description="The office's answer to the person")


class DisputedEntry(BaseModel):
    """The entry a dispute is about, as the office needs it to judge the fetch."""

    id: str
    path: Literal["application", "direct"]
    agency_id: str
    client_id: str | None
    service: ServiceRef
    evidence_type: str
    outcome: str
    application_id: str | None
    law_reference: str | None
    at: dt.datetime
    at_jalali: str

    @classmethod
    def of(cls, row: Any) -> "DisputedEntry":
        at = as_utc(row.at)
        return cls(
            id=row.event_id,
            path=row.path,
            agency_id=row.agency_id,
            client_id=row.client_id,
            service=ServiceRef(id=row.service_id, name_fa=row.name_fa, name_en=row.name_en),
            evidence_type=row.evidence_type,
            outcome=row.outcome,
            application_id=row.application_id,
            law_reference=row.law_reference,
            at=at,
            at_jalali=jalali.to_jalali(at),
        )


class OversightDispute(DisputeView):
    """A dispute as the legal-basis office and the operators see it."""

    national_code_masked: str
    decided_by: str | None
    entry: DisputedEntry

    @classmethod
    def of_pair(cls, dispute: Dispute, entry: Any) -> "OversightDispute":
        return cls(
            **DisputeView.of(dispute).model_dump(),
            national_code_masked=dispute.national_code_masked,
            decided_by=dispute.decided_by,
            entry=DisputedEntry.of(entry),
        )


class OversightDisputes(BaseModel):
    items: list[OversightDispute]
    next_cursor: str | None


class OtpRequest(BaseModel):
    national_code: identity.NationalCode = Field(description="Persian digits accepted")
    mobile: identity.Mobile = Field(description="09… (Persian digits accepted)")


class OtpAccepted(BaseModel):
    """The same answer whatever happened: it says nothing of the person or the mobile."""

    status: str = "accepted"
    code_valid_seconds: int = int(login_domain.VALID_FOR.total_seconds())
    message: dict[str, str] = {
        "fa": "اگر این شماره همراه به نام این کد ملی باشد، کد ورود تا لحظاتی دیگر پیامک "
        "می‌شود؛ کد ۲ دقیقه اعتبار دارد.",
        "en": "If this mobile is registered to this national code, a login code is on its "
        "way by SMS; it is valid for 2 minutes.",
    }


class RedeemRequest(BaseModel):
    national_code: identity.NationalCode
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")]


class Redeemed(BaseModel):
    national_code: str
