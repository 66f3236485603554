"""API models of the inquiry service."""

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inquiry_service.evidence import catalog
from panjereh import identity


class Purpose(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_id: str = Field(
        min_length=1, max_length=100, description="The agency's service the evidence is for"
    )
    application_id: str | None = Field(
        default=None,
        max_length=100,
        description="One of the caller's own applications, for this person, not yet final",
    )


class InquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evidence_type: str = Field(examples=["national-id-card"])
    national_code: identity.NationalCode = Field(examples=["0499370899"])
    mobile: identity.Mobile | None = Field(default=None, description="Needed for mobile-ownership")
    purpose: Purpose

    @field_validator("evidence_type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if not catalog.is_known(value):
            raise ValueError(
                f"unknown evidence type; one of {', '.join(sorted(catalog.EVIDENCE_TYPES))}"
            )
        return value


class InquiryOut(BaseModel):
    id: str
    evidence_type: str
    status: Literal["found", "not_found", "unavailable"]
    data: dict[str, Any] | None = Field(
        description="Only the evidence type's shareable fields (data minimisation), never the "
        "whole registry record; null unless found"
    )
    retrieved_at: dt.datetime
    retrieved_at_jalali: str
    source: str
    cached: bool


class EvidenceTypeOut(BaseModel):
    code: str
    name_fa: str
    name_en: str
    registry: str
    online: bool


class AccessLogEntry(BaseModel):
    at: dt.datetime
    at_jalali: str
    agency_id: str
    evidence_type: str
    service_id: str | None
    application_id: str | None
    outcome: str
    registry: str


class PersonaOut(BaseModel):
    national_code: str
    mobile: str
    name_fa: str
    name_en: str
    traits: list[str]
