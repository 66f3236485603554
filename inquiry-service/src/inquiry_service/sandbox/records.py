"""What the sandbox registries answer: one deterministic record per person and evidence type.

Choices, so people using the sandbox know what to expect:

- Synthetic people (any valid code that is not a persona) have every document, found and
  valid: the hard cases are the personas' job, so a random code never fails a demo by chance.
  Values still vary (degree level, licence class, military status) and dates are consistent.
- Dates are drawn relative to 1 January of `today`'s year (the anchor): a record stays the
  same all year, things were issued before it, and valid documents expire after that year.
- `no-military-card`: the registry knows the man, so the answer is *found* with status
  `absent` (غایب), no card number and no issue date. A not_found would blur "has no card"
  with "the registry has no answer", and rules need to tell them apart.
- `no-degree`: education-degree is not_found.
- `expired-driving-license`: expired before this year, valid=False.
- `deceased`: birth certificate alive=False with a death date; the national ID card and the
  driving licence are valid=False; nothing was issued after the death.
- `mobile-mismatch`: mobile-ownership matches=False whatever mobile is given.
- `registry-timeout` / `slow-registry`: the records are as usual; see `behaviour_for`.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel

from inquiry_service.evidence import catalog
from inquiry_service.sandbox import personas
from panjereh import evidence, identity

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class SandboxAnswer:
    """A sandbox registry's answer: the record as JSON, or None when it has none."""

    status: Literal["found", "not_found"]
    data: dict[str, Any] | None


class RegistryBehaviour(StrEnum):
    NORMAL = "normal"
    TIMEOUT = "timeout"
    SLOW = "slow"


def behaviour_for(national_code: str) -> RegistryBehaviour:
    """How the registries behave when asked about this person."""
    persona = personas.persona_for(national_code)
    traits = persona.traits if persona else ()
    if "registry-timeout" in traits:
        return RegistryBehaviour.TIMEOUT
    if "slow-registry" in traits:
        return RegistryBehaviour.SLOW
    return RegistryBehaviour.NORMAL


@dataclass(frozen=True)
class _Ask:
    person: personas.Person
    rng: random.Random
    today: dt.date
    anchor: dt.date
    mobile: str | None

    @property
    def last(self) -> dt.date:
        """The last day anything can have been issued to this person."""
        died = self.person.death_date
        return min(self.anchor - _DAY, died - _DAY) if died else self.anchor - _DAY

    @property
    def alive(self) -> bool:
        return self.person.death_date is None

    def has(self, trait: str) -> bool:
        return trait in self.person.traits


def lookup(
    evidence_type: str,
    national_code: str,
    *,
    mobile: str | None = None,
    today: dt.date | None = None,
) -> SandboxAnswer:
    """The sandbox registry's answer about one person; ValueError on bad input."""
    if not catalog.is_known(evidence_type) or evidence_type not in _BUILDERS:
        raise ValueError(f"unknown evidence type: {evidence_type!r}")
    code = identity.normalize_national_code(national_code)
    given = identity.normalize_mobile(mobile) if mobile is not None else None
    today = today or dt.date.today()
    anchor = dt.date(today.year, 1, 1)
    ask = _Ask(
        person=personas.person_for(code, anchor=anchor),
        rng=personas.rng_for(evidence_type, code),
        today=today,
        anchor=anchor,
        mobile=given,
    )
    record = _BUILDERS[evidence_type](ask)
    if record is None:
        return SandboxAnswer(status="not_found", data=None)
    return SandboxAnswer(status="found", data=record.model_dump(mode="json"))


def _digits(rng: random.Random, n: int) -> str:
    return f"{rng.randrange(10**n):0{n}d}"


def _national_id_card(ask: _Ask) -> BaseModel:
    person, rng = ask.person, ask.rng
    # Smart cards are given from 15 and last seven years; renewed ones are never expired.
    first = max(personas.add_years(person.birth_date, 15), dt.date(ask.anchor.year - 6, 1, 1))
    issued = personas.random_date(rng, first, ask.last)
    expires = personas.add_years(issued, 7)
    return evidence.NationalIdCard(
        national_code=person.national_code,
        first_name_fa=person.first_name_fa,
        last_name_fa=person.last_name_fa,
        father_name_fa=person.father_name_fa,
        birth_date=person.birth_date,
        card_serial=f"{rng.randrange(10)}{rng.choice('ABCDEFGHJK')}{_digits(rng, 8)}",
        issued_on=issued,
        expires_on=expires,
        valid=ask.alive and expires > ask.today,
    )


def _birth_certificate(ask: _Ask) -> BaseModel:
    person, rng = ask.person, ask.rng
    letter = rng.choice(("الف", "ب", "ج", "د", "ه", "و"))
    return evidence.BirthCertificate(
        national_code=person.national_code,
        first_name_fa=person.first_name_fa,
        last_name_fa=person.last_name_fa,
        first_name_en=person.first_name_en,
        last_name_en=person.last_name_en,
        gender=person.gender,
        birth_date=person.birth_date,
        birth_place_fa=person.birth_place_fa,
        father_name_fa=person.father_name_fa,
        mother_name_fa=person.mother_name_fa,
        certificate_serial=f"{letter}/{rng.randint(10, 99)} {_digits(rng, 6)}",
        alive=ask.alive,
        death_date=person.death_date,
    )


# The age at which each level is usually earned, and how often synthetic people hold it.
_LEVEL_AGE: dict[evidence.DegreeLevel, int] = {
    "diploma": 18,
    "associate": 20,
    "bachelor": 22,
    "master": 24,
    "doctorate": 28,
}
_LEVEL_WEIGHT: dict[evidence.DegreeLevel, int] = {
    "diploma": 3,
    "associate": 1,
    "bachelor": 4,
    "master": 2,
    "doctorate": 1,
}
# fmt: off
_SCHOOL_FIELDS = (
    ("ریاضی و فیزیک", "Mathematics and Physics"), ("علوم تجربی", "Experimental Sciences"),
    ("ادبیات و علوم انسانی", "Literature and Humanities"),
)
_FIELDS = (
    ("مهندسی کامپیوتر", "Computer Engineering"), ("حقوق", "Law"), ("پزشکی", "Medicine"),
    ("مدیریت بازرگانی", "Business Administration"), ("ریاضیات", "Mathematics"),
    ("زبان و ادبیات فارسی", "Persian Language and Literature"), ("حسابداری", "Accounting"),
    ("مهندسی عمران", "Civil Engineering"), ("روان‌شناسی", "Psychology"),
)
_UNIVERSITIES = (
    ("دانشگاه تهران", "University of Tehran"),
    ("دانشگاه صنعتی شریف", "Sharif University of Technology"),
    ("دانشگاه صنعتی امیرکبیر", "Amirkabir University of Technology"),
    ("دانشگاه شهید بهشتی", "Shahid Beheshti University"),
    ("دانشگاه فردوسی مشهد", "Ferdowsi University of Mashhad"),
    ("دانشگاه اصفهان", "University of Isfahan"), ("دانشگاه شیراز", "Shiraz University"),
    ("دانشگاه تبریز", "University of Tabriz"),
)
# fmt: on
_SCHOOL = ("وزارت آموزش و پرورش", "Ministry of Education")


def _level(ask: _Ask) -> evidence.DegreeLevel:
    if ask.person.is_persona:
        return "bachelor"
    born = ask.person.birth_date
    levels = [lv for lv, age in _LEVEL_AGE.items() if personas.add_years(born, age) <= ask.last]
    return ask.rng.choices(levels, weights=[_LEVEL_WEIGHT[lv] for lv in levels])[0]


def _education_degree(ask: _Ask) -> BaseModel | None:
    if ask.has("no-degree"):
        return None
    person, rng = ask.person, ask.rng
    level = _level(ask)
    earliest = personas.add_years(person.birth_date, _LEVEL_AGE[level])
    latest = min(personas.add_years(earliest, 6), ask.last)
    field = rng.choice(_SCHOOL_FIELDS if level == "diploma" else _FIELDS)
    school = _SCHOOL if level == "diploma" else rng.choice(_UNIVERSITIES)
    return evidence.EducationDegree(
        national_code=person.national_code,
        level=level,
        field_fa=field[0],
        field_en=field[1],
        university_fa=school[0],
        university_en=school[1],
        graduation_date=personas.random_date(rng, earliest, latest),
        gpa=round(rng.uniform(12.0, 19.8), 2),
        verified=True,
    )


_EXEMPTIONS = ("کفالت والدین", "معافیت پزشکی", "برادر شهید", "معافیت تحصیلی (نخبگان)")


def _military_status(ask: _Ask) -> evidence.MilitaryStatus:
    person = ask.person
    if person.gender == "female":
        return "not_applicable"
    if ask.has("no-military-card"):
        return "absent"
    if person.is_persona:
        return "completed"
    # Service lasts about two years from 18: younger men are still serving.
    if personas.add_years(person.birth_date, 20) > ask.last:
        return "in_service"
    return "completed" if ask.rng.random() < 0.75 else "exempt"


def _military_service_card(ask: _Ask) -> BaseModel:
    person, rng = ask.person, ask.rng
    status = _military_status(ask)
    issued = reason = number = None
    if status in ("completed", "exempt"):
        start = personas.add_years(person.birth_date, 20 if status == "completed" else 18)
        issued = personas.random_date(rng, start, min(personas.add_years(start, 8), ask.last))
        number = _digits(rng, 10)
    if status == "exempt":
        reason = rng.choice(_EXEMPTIONS)
    return evidence.MilitaryServiceCard(
        national_code=person.national_code,
        status=status,
        card_number=number,
        issued_on=issued,
        exemption_reason_fa=reason,
    )


_CLASSES: tuple[evidence.LicenseClass, ...] = ("grade3", "grade2", "grade1", "motorcycle")
_CLASS_WEIGHTS = (12, 3, 1, 4)
# Most drivers have a clean record; personas always do, so no rule trips on points by chance.
_POINTS = (0, 0, 0, 0, 2, 3, 5, 8, 12)


def _driving_license(ask: _Ask) -> BaseModel:
    person, rng = ask.person, ask.rng
    adult = personas.add_years(person.birth_date, 18)
    year = ask.anchor.year
    if ask.has("expired-driving-license"):
        # Ten years of validity ending before this year.
        first, last = dt.date(year - 14, 1, 1), dt.date(year - 11, 12, 31)
    else:
        # Issued or renewed in the last nine years: it outlives this year.
        first, last = dt.date(year - 9, 1, 1), ask.last
    issued = personas.random_date(rng, max(first, adult), last)
    expires = personas.add_years(issued, 10)
    kind = "grade3" if person.is_persona else rng.choices(_CLASSES, weights=_CLASS_WEIGHTS)[0]
    return evidence.DrivingLicense(
        national_code=person.national_code,
        license_number=_digits(rng, 10),
        license_class=kind,
        issued_on=issued,
        expires_on=expires,
        valid=ask.alive and expires > ask.today,
        negative_points=0 if person.is_persona else rng.choice(_POINTS),
    )


def _mobile_ownership(ask: _Ask) -> BaseModel:
    registered = ask.person.mobile
    given = ask.mobile or registered
    return evidence.MobileOwnership(
        national_code=ask.person.national_code,
        mobile=given,
        matches=given == registered and not ask.has("mobile-mismatch"),
    )


_BUILDERS: dict[str, Callable[[_Ask], BaseModel | None]] = {
    "national-id-card": _national_id_card,
    "birth-certificate": _birth_certificate,
    "education-degree": _education_degree,
    "military-service-card": _military_service_card,
    "driving-license": _driving_license,
    "mobile-ownership": _mobile_ownership,
}
