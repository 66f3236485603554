"""A catalogue service as written by its agency; validated, with its derived smartness (pure)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from application_service.catalog.rules import Rule
from panjereh import events, evidence


class ServiceSpec(BaseModel):
    """What an agency publishes about one of its services."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name_fa: str = Field(min_length=2, max_length=300)
    name_en: str = Field(min_length=2, max_length=300)
    required_evidence: tuple[str, ...] = Field(default=(), max_length=20)
    paper_documents: tuple[str, ...] = Field(
        default=(), max_length=20, description="Legacy: documents still taken on paper (not smart)"
    )
    decision: Literal["automatic", "manual"] = "automatic"
    rules: tuple[Rule, ...] = Field(default=(), max_length=50)
    on_window: bool = True
    sla_hours: int = Field(default=72, gt=0, le=24 * 365)
    sla_breach_action: events.SlaBreachAction = Field(
        default="notify",
        description="What happens to an application still undecided past the SLA: notify "
        "(the applicant and the agency are told), escalate (also the agency's supervisors, "
        "by an application.escalated event) or deem_approved (approved by the law's 'silence "
        "is consent', decided by 'sla')",
    )

    @field_validator("required_evidence")
    @classmethod
    def _known_evidence(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(evidence.RECORDS))
        if unknown:
            raise ValueError(f"unknown evidence types: {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("an evidence type is listed twice")
        return value

    @computed_field  # type: ignore[prop-decorator]
    @property
    def smart_by_design(self) -> bool:
        """No paper, every required evidence fetched online, decided with no officer."""
        return not self.paper_documents and self.decision == "automatic"


class Service(ServiceSpec):
    id: str
    agency_id: str
    legal_basis: tuple[events.LegalBasis, ...] = Field(
        default=(),
        description="The legal-basis office's decision on each required evidence type; the "
        "service takes applications only once every entry is approved",
    )
