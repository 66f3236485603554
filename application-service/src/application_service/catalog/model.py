"""A catalogue service as written by its agency; validated, with its derived smartness (pure)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, computed_field, field_validator

from application_service.catalog.rules import Rule
from panjereh import events, evidence

# A day by default: time to read the SMS, sign in and look; a week at most, since the
# application waits meanwhile; five minutes at least, since the applicant must sign in first.
PREVIEW_WINDOW_DEFAULT = 24 * 60
PREVIEW_WINDOW_MIN = 5
PREVIEW_WINDOW_MAX = 7 * 24 * 60


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

    preview: bool = Field(
        default=False,
        description="Preview before use: once the evidence is fetched, the application waits "
        "in awaiting_applicant for the applicant to see the fetched fields and confirm or "
        "object (an objection sends it to an officer); with no answer within "
        "preview_window_minutes it proceeds to the rules",
    )
    preview_window_minutes: int = Field(
        default=PREVIEW_WINDOW_DEFAULT,
        ge=PREVIEW_WINDOW_MIN,
        le=PREVIEW_WINDOW_MAX,
        validate_default=True,
        description="How long a preview service's application waits for its applicant, from "
        "the moment its evidence is in; it must end within the SLA",
    )

    @field_validator("preview")
    @classmethod
    def _something_to_preview(cls, value: bool, info: ValidationInfo) -> bool:
        if value and not info.data.get("required_evidence", ()):
            raise ValueError(
                "a preview needs evidence to show: list required_evidence, or set preview "
                "false / پیش‌نمایش بدون مدرک معنا ندارد: مدارک لازم را فهرست کنید یا "
                "preview را false بگذارید"
            )
        return value

    @field_validator("preview_window_minutes")
    @classmethod
    def _within_the_sla(cls, value: int, info: ValidationInfo) -> int:
        sla_hours = info.data.get("sla_hours")
        if info.data.get("preview") and sla_hours is not None and value > sla_hours * 60:
            raise ValueError(
                f"the preview window must end within the SLA: at most {sla_hours * 60} "
                f"minutes (sla_hours × 60) / پنجرهٔ پیش‌نمایش باید پیش از پایان مهلت خدمت "
                f"تمام شود: حداکثر {sla_hours * 60} دقیقه"
            )
        return value

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
