"""The records registries answer with: the data contract of evidence.retrieved events.

Defined once here because two services read them: the inquiry service, which fetches them,
and the application service, whose decision rules read their shareable fields. Which fields
may leave the inquiry service is data minimisation: decisions get what they need, not
parents' names, serials or exemption reasons.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from panjereh import identity

Gender = Literal["male", "female"]
DegreeLevel = Literal["diploma", "associate", "bachelor", "master", "doctorate"]
MilitaryStatus = Literal["completed", "exempt", "in_service", "absent", "not_applicable"]
LicenseClass = Literal["motorcycle", "grade3", "grade2", "grade1"]


class _Record(BaseModel):
    # Registry answers are facts as of the inquiry: nobody may change them in flight, and an
    # unexpected field means the registry's contract changed, which must not pass silently.
    model_config = ConfigDict(frozen=True, extra="forbid")


class NationalIdCard(_Record):
    """کارت ملی هوشمند — the smart national ID card."""

    national_code: identity.NationalCode
    first_name_fa: str
    last_name_fa: str
    father_name_fa: str
    birth_date: dt.date
    card_serial: str
    issued_on: dt.date
    expires_on: dt.date
    valid: bool


class BirthCertificate(_Record):
    """شناسنامه — the birth certificate."""

    national_code: identity.NationalCode
    first_name_fa: str
    last_name_fa: str
    first_name_en: str
    last_name_en: str
    gender: Gender
    birth_date: dt.date
    birth_place_fa: str
    father_name_fa: str
    mother_name_fa: str
    certificate_serial: str
    alive: bool
    death_date: dt.date | None


class EducationDegree(_Record):
    """مدرک تحصیلی — the highest education degree on record."""

    national_code: identity.NationalCode
    level: DegreeLevel
    field_fa: str
    field_en: str
    university_fa: str
    university_en: str
    graduation_date: dt.date
    gpa: float | None
    verified: bool


class MilitaryServiceCard(_Record):
    """کارت پایان خدمت / وضعیت نظام وظیفه — military service status (not_applicable: women)."""

    national_code: identity.NationalCode
    status: MilitaryStatus
    card_number: str | None
    issued_on: dt.date | None
    exemption_reason_fa: str | None


class DrivingLicense(_Record):
    """گواهینامه رانندگی — the driving licence."""

    national_code: identity.NationalCode
    license_number: str
    license_class: LicenseClass
    issued_on: dt.date
    expires_on: dt.date
    valid: bool
    negative_points: int = Field(ge=0)


class MobileOwnership(_Record):
    """تطبیق مالکیت سیم‌کارت — whether Shahkar registers the mobile to the national code."""

    national_code: identity.NationalCode
    mobile: identity.Mobile
    matches: bool


RECORDS: dict[str, type[BaseModel]] = {
    "national-id-card": NationalIdCard,
    "birth-certificate": BirthCertificate,
    "education-degree": EducationDegree,
    "military-service-card": MilitaryServiceCard,
    "driving-license": DrivingLicense,
    "mobile-ownership": MobileOwnership,
}

SHAREABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "national-id-card": (
        "national_code",
        "first_name_fa",
        "last_name_fa",
        "birth_date",
        "expires_on",
        "valid",
    ),
    "birth-certificate": (
        "national_code",
        "first_name_fa",
        "last_name_fa",
        "first_name_en",
        "last_name_en",
        "gender",
        "birth_date",
        "alive",
        "death_date",
    ),
    "education-degree": (
        "national_code",
        "level",
        "field_fa",
        "field_en",
        "university_fa",
        "university_en",
        "graduation_date",
        "verified",
    ),
    "military-service-card": ("national_code", "status", "issued_on"),
    "driving-license": (
        "national_code",
        "license_class",
        "expires_on",
        "valid",
        "negative_points",
    ),
    "mobile-ownership": ("national_code", "matches"),
}

# What each shareable field is called where a person reads it (the applicant's preview of
# the evidence fetched about them): Persian and English.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "national_code": ("کد ملی", "National code"),
    "first_name_fa": ("نام", "First name (Persian)"),
    "last_name_fa": ("نام خانوادگی", "Last name (Persian)"),
    "first_name_en": ("نام به لاتین", "First name (Latin)"),
    "last_name_en": ("نام خانوادگی به لاتین", "Last name (Latin)"),
    "birth_date": ("تاریخ تولد", "Date of birth"),
    "gender": ("جنسیت", "Gender"),
    "alive": ("در قید حیات", "Alive"),
    "death_date": ("تاریخ فوت", "Date of death"),
    "expires_on": ("تاریخ انقضا", "Expires on"),
    "issued_on": ("تاریخ صدور", "Issued on"),
    "valid": ("معتبر", "Valid"),
    "level": ("مقطع تحصیلی", "Degree level"),
    "field_fa": ("رشته تحصیلی", "Field of study (Persian)"),
    "field_en": ("رشته تحصیلی به لاتین", "Field of study (English)"),
    "university_fa": ("دانشگاه", "University (Persian)"),
    "university_en": ("دانشگاه به لاتین", "University (English)"),
    "graduation_date": ("تاریخ دانش‌آموختگی", "Graduation date"),
    "verified": ("تأییدشده", "Verified"),
    "status": ("وضعیت نظام وظیفه", "Military service status"),
    "license_class": ("پایه گواهینامه", "Licence class"),
    "negative_points": ("نمره منفی", "Negative points"),
    "matches": ("سیم‌کارت به نام شماست", "The mobile is registered to you"),
}


def field_label(name: str) -> dict[str, str] | None:
    """{"fa", "en"} for a record's field, or None if it has no label."""
    if name not in FIELD_LABELS:
        return None
    fa, en = FIELD_LABELS[name]
    return {"fa": fa, "en": en}
