"""The catalogue's API models: a service to publish, an agency, and the legal-basis office's
requests, decisions and their history."""

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from application_service.catalog.model import ServiceSpec
from panjereh.events.catalog import BasisStatus


class NewService(ServiceSpec):
    # An example a demo agency's client may publish as it stands (labour-ministry-backend).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "internship-placement",
                    "name_fa": "معرفی به دورهٔ کارورزی",
                    "name_en": "Internship placement",
                    "required_evidence": ["national-id-card", "education-degree"],
                    "rules": [
                        {
                            "id": "id-card-valid",
                            "expression": 'evidence["national-id-card"].valid == true',
                            "reason_fa": "کارت ملی متقاضی معتبر نیست.",
                            "reason_en": "The applicant's national ID card is not valid.",
                        },
                        {
                            "id": "graduate",
                            "expression": 'found["education-degree"]',
                            "on_fail": "refer",
                            "reason_fa": "مدرک تحصیلی متقاضی ثبت نشده است؛ کارشناس بررسی می‌کند.",
                            "reason_en": "No degree is recorded; an officer will check.",
                        },
                    ],
                    "sla_hours": 48,
                    "sla_breach_action": "notify",
                }
            ]
        }
    )

    id: str | None = Field(
        default=None,
        description="Lowercase letters, digits and dashes (3–100); made up if absent",
    )


class Agency(BaseModel):
    id: str
    name_fa: str
    name_en: str


LawReference = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)
]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "decision": "approved",
                    "law_reference": "قانون گذرنامه (۱۳۵۱)، ماده ۱۷",
                    "note": "Military status is a condition of a conscript's passport.",
                },
                {
                    "decision": "refused",
                    "law_reference": "No law lets this service read the education registry",
                },
            ]
        },
    )

    decision: Literal["approved", "refused"]
    law_reference: LawReference = Field(
        description="The law (and article) that allows, or the reason that forbids, the fetch",
        examples=["قانون گذرنامه (۱۳۵۱)، ماده ۱۷"],
    )
    note: Note | None = None

    # The audit record is read by people and by other systems: no control characters (a NUL
    # byte, an escape sequence), save the line breaks and tabs of a note.
    @field_validator("law_reference")
    @classmethod
    def _one_printable_line(cls, value: str) -> str:
        return _printable(value, allowed="")

    @field_validator("note")
    @classmethod
    def _printable_text(cls, value: str | None) -> str | None:
        return None if value is None else _printable(value, allowed="\n\t")


def _printable(value: str, *, allowed: str) -> str:
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in value):
        raise ValueError("control characters are not allowed")
    return value


class BasisRequest(BaseModel):
    """One evidence type of one service, waiting for or carrying the office's decision."""

    service_id: str
    agency_id: str
    service_name_fa: str
    service_name_en: str
    evidence_type: str
    status: BasisStatus
    law_reference: str | None
    note: str | None
    decided_by: str | None
    requested_at: dt.datetime
    decided_at: dt.datetime | None

    @classmethod
    def of(cls, row: dict[str, Any]) -> "BasisRequest":
        return cls.model_validate(row)


class DecisionRecord(BaseModel):
    """One decision of the office, as its append-only history keeps it."""

    decision: Literal["approved", "refused"]
    law_reference: str
    note: str | None
    decided_by: str
    decided_at: dt.datetime


class DecisionEntry(DecisionRecord):
    """One entry of the office's decision log."""

    id: int
    service_id: str
    evidence_type: str


class BasisDetail(BasisRequest):
    history: list[DecisionRecord]

    @classmethod
    def with_history(cls, row: dict[str, Any], decisions: list[dict[str, Any]]) -> "BasisDetail":
        history = [DecisionRecord.model_validate(d) for d in decisions]
        return cls.model_validate(row | {"history": history})
