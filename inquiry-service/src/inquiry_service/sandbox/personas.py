"""Sandbox people: the documented personas, and a synthetic person for any other valid code.

Every persona has one main trait (vocabulary in `TRAITS`); apart from it, a persona's
documents are all found and valid: a bachelor's degree, a valid grade-3 licence, completed
military service for men. Anyone else gets a deterministic synthetic person derived from a
hash of the national code (never the global random), so the same code always shows the
same person.
"""

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, field_validator

from panjereh import evidence, identity

Gender = evidence.Gender

TRAITS = (
    "complete",
    "no-military-card",
    "no-degree",
    "expired-driving-license",
    "deceased",
    "mobile-mismatch",
    "registry-timeout",
    "slow-registry",
)


class Persona(BaseModel):
    """A documented sandbox person whose traits exercise one hard case."""

    model_config = ConfigDict(frozen=True)

    national_code: identity.NationalCode
    mobile: identity.Mobile
    name_fa: str
    name_en: str
    gender: Gender
    birth_date: dt.date
    traits: tuple[str, ...]

    @field_validator("traits")
    @classmethod
    def _known_traits(cls, traits: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(traits) - set(TRAITS)
        if unknown:
            raise ValueError(f"unknown traits: {sorted(unknown)}")
        return traits


def _persona(
    code: str, mobile: str, fa: str, en: str, gender: Gender, born: str, trait: str
) -> Persona:
    return Persona(
        national_code=code,
        mobile=mobile,
        name_fa=fa,
        name_en=en,
        gender=gender,
        birth_date=dt.date.fromisoformat(born),
        traits=(trait,),
    )


# National codes were made with panjereh.identity.national_code_check_digit.
# fmt: off
PERSONAS: tuple[Persona, ...] = tuple(
    _persona(*row)
    for row in (
        ("0018392741", "09121000001", "علی رضایی", "Ali Rezaei",
         "male", "1990-03-21", "complete"),
        ("0025619306", "09121000002", "محمد حسینی", "Mohammad Hosseini",
         "male", "1998-07-09", "no-military-card"),
        ("0039471527", "09121000003", "فاطمه کریمی", "Fatemeh Karimi",
         "female", "1995-11-02", "no-degree"),
        ("0047283912", "09121000004", "حسین محمدی", "Hossein Mohammadi",
         "male", "1976-01-15", "expired-driving-license"),
        ("0056138474", "09121000005", "رضا موسوی", "Reza Mousavi",
         "male", "1950-05-30", "deceased"),
        ("0063927187", "09121000006", "مریم جعفری", "Maryam Jafari",
         "female", "1988-09-23", "mobile-mismatch"),
        ("0071549366", "09121000007", "امیر کاظمی", "Amir Kazemi",
         "male", "1985-12-12", "registry-timeout"),
        ("0082736456", "09121000008", "سارا نوری", "Sara Nouri",
         "female", "1992-04-04", "slow-registry"),
    )
)
# fmt: on

_BY_CODE = {p.national_code: p for p in PERSONAS}


def persona_for(national_code: str) -> Persona | None:
    """Return the persona with this national code (any digits), or None."""
    try:
        return _BY_CODE.get(identity.normalize_national_code(national_code))
    except identity.InvalidNationalCode:
        return None


# (fa, en) pairs, so both renderings of a synthetic name agree.
# fmt: off
_MALE = (
    ("علی", "Ali"), ("محمد", "Mohammad"), ("حسین", "Hossein"), ("رضا", "Reza"),
    ("مهدی", "Mahdi"), ("امیر", "Amir"), ("حمید", "Hamid"), ("سعید", "Saeed"),
    ("مجید", "Majid"), ("کامران", "Kamran"), ("بهروز", "Behrouz"), ("داریوش", "Dariush"),
)
_FEMALE = (
    ("فاطمه", "Fatemeh"), ("زهرا", "Zahra"), ("مریم", "Maryam"), ("سارا", "Sara"),
    ("نرگس", "Narges"), ("لیلا", "Leila"), ("مهسا", "Mahsa"), ("شیرین", "Shirin"),
    ("پریسا", "Parisa"), ("نازنین", "Nazanin"), ("الهام", "Elham"), ("آزاده", "Azadeh"),
)
_SURNAMES = (
    ("رضایی", "Rezaei"), ("حسینی", "Hosseini"), ("محمدی", "Mohammadi"), ("کریمی", "Karimi"),
    ("موسوی", "Mousavi"), ("جعفری", "Jafari"), ("کاظمی", "Kazemi"), ("نوری", "Nouri"),
    ("احمدی", "Ahmadi"), ("صادقی", "Sadeghi"), ("رحیمی", "Rahimi"), ("قاسمی", "Ghasemi"),
    ("طاهری", "Taheri"), ("شریفی", "Sharifi"), ("یزدانی", "Yazdani"), ("اکبری", "Akbari"),
)
_CITIES = (
    "تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "اهواز", "قم",
    "کرمانشاه", "رشت", "یزد", "کرمان", "همدان", "زاهدان", "ارومیه", "سنندج",
)
_MOBILE_PREFIXES = ("0912", "0919", "0935", "0936", "0901", "0990", "0910", "0939")
# fmt: on


@dataclass(frozen=True)
class Person:
    """Everything the sandbox registries know of one person, persona or synthetic."""

    national_code: str
    first_name_fa: str
    last_name_fa: str
    first_name_en: str
    last_name_en: str
    gender: Gender
    birth_date: dt.date
    mobile: str
    father_name_fa: str
    mother_name_fa: str
    birth_place_fa: str
    death_date: dt.date | None
    traits: tuple[str, ...]
    is_persona: bool


def rng_for(*parts: str) -> random.Random:
    """A private random generator seeded from `parts`: same parts, same sequence."""
    seed = int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 — synthetic test data, not secrets


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A date drawn from `first`..`last`, both included."""
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def person_for(national_code: str, *, anchor: dt.date) -> Person:
    """The person behind a normalised national code; `anchor` is 1 January of the current year."""
    rng = rng_for("person", national_code)
    persona = _BY_CODE.get(national_code)
    if persona is not None:
        return _from_persona(persona, rng, anchor)
    gender: Gender = rng.choice(("male", "female"))
    first = rng.choice(_MALE if gender == "male" else _FEMALE)
    last = rng.choice(_SURNAMES)
    # Ages 18 to 70 on every day of the anchor's year.
    born = random_date(rng, add_years(anchor, -70), add_years(anchor, -18) - dt.timedelta(days=1))
    mobile = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
    return Person(
        national_code=national_code,
        first_name_fa=first[0],
        last_name_fa=last[0],
        first_name_en=first[1],
        last_name_en=last[1],
        gender=gender,
        birth_date=born,
        mobile=mobile,
        father_name_fa=rng.choice(_MALE)[0],
        mother_name_fa=rng.choice(_FEMALE)[0],
        birth_place_fa=rng.choice(_CITIES),
        death_date=None,
        traits=(),
        is_persona=False,
    )


def _from_persona(persona: Persona, rng: random.Random, anchor: dt.date) -> Person:
    first_fa, last_fa = persona.name_fa.split(" ", 1)
    first_en, last_en = persona.name_en.split(" ", 1)
    # Relative to the anchor, so the death is in the past whatever year the sandbox runs in.
    died = dt.date(anchor.year - 1, 6, 12) if "deceased" in persona.traits else None
    return Person(
        national_code=persona.national_code,
        first_name_fa=first_fa,
        last_name_fa=last_fa,
        first_name_en=first_en,
        last_name_en=last_en,
        gender=persona.gender,
        birth_date=persona.birth_date,
        mobile=persona.mobile,
        father_name_fa=rng.choice(_MALE)[0],
        mother_name_fa=rng.choice(_FEMALE)[0],
        birth_place_fa=rng.choice(_CITIES),
        death_date=died,
        traits=persona.traits,
        is_persona=True,
    )
