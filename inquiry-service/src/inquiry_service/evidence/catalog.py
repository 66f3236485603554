"""The evidence-type catalogue: registries, evidence types and the records they answer.

Pure data, no I/O. Each evidence type names the record model its registry answers with and
the fields of that record that may leave inquiry-service in an event (data minimisation:
decisions get what they need, not parents' names, serials or exemption reasons).
"""

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from panjereh import evidence
from panjereh.evidence import (
    BirthCertificate,
    DrivingLicense,
    EducationDegree,
    MilitaryServiceCard,
    MobileOwnership,
    NationalIdCard,
)


class Registry(BaseModel):
    """A national registry that answers inquiries through the national service exchange."""

    model_config = ConfigDict(frozen=True)

    code: str
    name_fa: str
    name_en: str


REGISTRIES: dict[str, Registry] = {
    r.code: r
    for r in (
        Registry(
            code="civil-registration",
            name_fa="سازمان ثبت احوال کشور",
            name_en="National Organization for Civil Registration",
        ),
        Registry(
            code="education",
            name_fa="وزارت علوم، تحقیقات و فناوری",
            name_en="Ministry of Science, Research and Technology",
        ),
        Registry(
            code="military",
            name_fa="سازمان وظیفه عمومی ناجا",
            name_en="NAJA Conscription Organization",
        ),
        Registry(code="traffic-police", name_fa="پلیس راهور", name_en="Traffic Police"),
        Registry(
            code="shahkar",
            name_fa="سامانه شاهکار (سازمان تنظیم مقررات و ارتباطات رادیویی)",
            name_en="Shahkar, Communications Regulatory Authority",
        ),
    )
}


class EvidenceType(BaseModel):
    """A kind of evidence, the registry that holds it and what of it may be shared."""

    model_config = ConfigDict(frozen=True)

    code: str
    name_fa: str
    name_en: str
    registry: str
    online: bool
    record_model: type[BaseModel] = Field(exclude=True)
    shareable_fields: tuple[str, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # A typo here would either leak a field or silently drop one a decision needs.
        if self.registry not in REGISTRIES:
            raise ValueError(f"{self.code}: unknown registry {self.registry!r}")
        unknown = set(self.shareable_fields) - set(self.record_model.model_fields)
        if unknown:
            raise ValueError(f"{self.code}: shareable fields not in record: {sorted(unknown)}")
        return self

    def public_view(self) -> dict[str, Any]:
        """The catalogue item as the public API shows it."""
        return {
            "code": self.code,
            "name_fa": self.name_fa,
            "name_en": self.name_en,
            "registry": self.registry,
            "online": self.online,
        }


EVIDENCE_TYPES: dict[str, EvidenceType] = {
    e.code: e
    for e in (
        EvidenceType(
            code="national-id-card",
            name_fa="کارت ملی هوشمند",
            name_en="Smart national ID card",
            registry="civil-registration",
            online=True,
            record_model=NationalIdCard,
            shareable_fields=evidence.SHAREABLE_FIELDS["national-id-card"],
        ),
        EvidenceType(
            code="birth-certificate",
            name_fa="شناسنامه",
            name_en="Birth certificate",
            registry="civil-registration",
            online=True,
            record_model=BirthCertificate,
            shareable_fields=evidence.SHAREABLE_FIELDS["birth-certificate"],
        ),
        EvidenceType(
            code="education-degree",
            name_fa="مدرک تحصیلی",
            name_en="Education degree",
            registry="education",
            online=True,
            record_model=EducationDegree,
            shareable_fields=evidence.SHAREABLE_FIELDS["education-degree"],
        ),
        EvidenceType(
            code="military-service-card",
            name_fa="کارت پایان خدمت / وضعیت نظام وظیفه",
            name_en="Military service card / conscription status",
            registry="military",
            online=True,
            record_model=MilitaryServiceCard,
            # Exemption reasons can be medical: the status is enough for every decision.
            shareable_fields=evidence.SHAREABLE_FIELDS["military-service-card"],
        ),
        EvidenceType(
            code="driving-license",
            name_fa="گواهینامه رانندگی",
            name_en="Driving licence",
            registry="traffic-police",
            online=True,
            record_model=DrivingLicense,
            shareable_fields=evidence.SHAREABLE_FIELDS["driving-license"],
        ),
        EvidenceType(
            code="mobile-ownership",
            name_fa="تطبیق مالکیت سیم‌کارت (شاهکار)",
            name_en="Mobile number ownership (Shahkar)",
            registry="shahkar",
            online=True,
            record_model=MobileOwnership,
            # The applicant gave the number; only whether it is theirs needs to travel.
            shareable_fields=evidence.SHAREABLE_FIELDS["mobile-ownership"],
        ),
    )
}


def get(code: str) -> EvidenceType:
    """Return the evidence type with this code; KeyError if there is none."""
    return EVIDENCE_TYPES[code]


def is_known(code: str) -> bool:
    """Tell whether `code` names an evidence type."""
    return code in EVIDENCE_TYPES


def of_registry(registry: str) -> tuple[EvidenceType, ...]:
    """The evidence types a registry holds."""
    return tuple(e for e in EVIDENCE_TYPES.values() if e.registry == registry)
