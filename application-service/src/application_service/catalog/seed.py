"""The demo catalogue of the embedded and dev profiles (API.md, Sandbox): realistic services
of four agencies, among them one manual, one legacy service still taking paper and one whose
applicant previews the fetched evidence, and the platform's own basis for asking Shahkar
before it writes to an applicant."""

from application_service.catalog.model import Service
from application_service.catalog.rules import Rule
from panjereh import events

PLATFORM_AGENCY = events.PLATFORM_AGENCY
AGENCIES: tuple[tuple[str, str, str], ...] = (
    ("passport-police", "پلیس مهاجرت و گذرنامه فراجا", "FARAJA Immigration and Passport Police"),
    ("traffic-police", "پلیس راهور فراجا", "FARAJA Traffic Police"),
    (
        "labour-ministry",
        "وزارت تعاون، کار و رفاه اجتماعی",
        "Ministry of Cooperatives, Labour and Social Welfare",
    ),
    ("industry-ministry", "وزارت صنعت، معدن و تجارت", "Ministry of Industry, Mine and Trade"),
    # The platform itself, for what it fetches on its own account (the applicants' SMS).
    (PLATFORM_AGENCY, "پنجره ملی خدمات هوشمند", "Panjereh, the national smart-services window"),
)

ID_CARD_VALID = Rule(
    id="id-card-valid",
    expression='evidence["national-id-card"].valid == true',
    reason_fa="کارت ملی متقاضی معتبر نیست.",
    reason_en="The applicant's national ID card is not valid.",
)
ALIVE = Rule(
    id="applicant-alive",
    expression='evidence["birth-certificate"].alive == true',
    reason_fa="بر اساس ثبت احوال، متقاضی در قید حیات نیست.",
    reason_en="Civil registration records the applicant as deceased.",
)
MILITARY_CLEAR = Rule(
    id="military-status-clear",
    expression='evidence["military-service-card"].status '
    'in ["completed", "exempt", "not_applicable"]',
    reason_fa="وضعیت نظام وظیفه متقاضی مشخص نیست (کارت پایان خدمت یا معافیت ندارد).",
    reason_en="The applicant has neither completed military service nor an exemption.",
)
ADULT = Rule(
    id="adult",
    expression="applicant.age == null || applicant.age >= 18",
    reason_fa="متقاضی باید دست‌کم ۱۸ سال داشته باشد.",
    reason_en="The applicant must be at least 18 years old.",
)
MOBILE_OWNED = Rule(
    id="mobile-owned",
    expression='evidence["mobile-ownership"].matches == true',
    on_fail="refer",
    reason_fa="شماره همراه به نام متقاضی نیست (شاهکار)؛ کارشناس بررسی می‌کند.",
    reason_en="Shahkar does not register the mobile to the applicant; an officer will check.",
)
HAS_DEGREE = Rule(
    id="university-degree",
    expression='found["education-degree"] && '
    'evidence["education-degree"].level in ["bachelor", "master", "doctorate"]',
    reason_fa="مدرک دانشگاهی (کارشناسی یا بالاتر) برای متقاضی ثبت نشده است.",
    reason_en="No university degree (bachelor or higher) is recorded for the applicant.",
)

SERVICES: tuple[Service, ...] = (
    Service(
        id="passport-issuance",
        agency_id="passport-police",
        name_fa="صدور گذرنامه عادی",
        name_en="Ordinary passport issuance",
        required_evidence=("national-id-card", "birth-certificate", "military-service-card"),
        rules=(ID_CARD_VALID, ALIVE, MILITARY_CLEAR, ADULT),
        sla_hours=72,
    ),
    Service(
        id="exit-permit-review",
        agency_id="passport-police",
        name_fa="بررسی مجوز خروج از کشور مشمولان",
        name_en="Exit permit review for conscripts",
        required_evidence=("national-id-card", "military-service-card"),
        decision="manual",
        sla_hours=120,
        # A conscript's exit permit left unreviewed is a supervisor's matter, not consent.
        sla_breach_action="escalate",
    ),
    Service(
        id="driving-licence-renewal",
        agency_id="traffic-police",
        name_fa="تمدید گواهینامه رانندگی",
        name_en="Driving licence renewal",
        required_evidence=("national-id-card", "driving-license", "mobile-ownership"),
        rules=(ID_CARD_VALID, MOBILE_OWNED),
        sla_hours=48,
    ),
    Service(
        id="driving-licence-duplicate",
        agency_id="traffic-police",
        name_fa="صدور المثنی گواهینامه",
        name_en="Duplicate driving licence",
        required_evidence=("national-id-card", "driving-license"),
        rules=(ID_CARD_VALID,),
        on_window=False,
        sla_hours=72,
    ),
    Service(
        id="graduate-employment-verification",
        agency_id="labour-ministry",
        name_fa="احراز مدرک تحصیلی برای استخدام",
        name_en="Graduate verification for employment",
        required_evidence=("national-id-card", "education-degree"),
        rules=(ID_CARD_VALID, HAS_DEGREE),
        sla_hours=24,
    ),
    Service(
        id="business-permit",
        agency_id="industry-ministry",
        name_fa="صدور پروانه کسب (روال سنتی)",
        name_en="Business permit (legacy procedure)",
        paper_documents=(
            "اصل و تصویر شناسنامه",
            "تصویر کارت ملی",
            "گواهی عدم سوءپیشینه",
        ),
        decision="manual",
        on_window=False,
        sla_hours=240,
        # A business permit is where the law makes the licensing body's silence consent.
        sla_breach_action="deem_approved",
    ),
    # Preview before use (API.md, Citizens): the applicant sees what the registries say
    # about them, and confirms it or reports it wrong, before the rules use it.
    Service(
        id="job-seeker-registration",
        agency_id="labour-ministry",
        name_fa="ثبت‌نام جویندگان کار (با پیش‌نمایش اطلاعات)",
        name_en="Job-seeker registration (with a preview of the fetched information)",
        required_evidence=("national-id-card", "birth-certificate", "education-degree"),
        rules=(ID_CARD_VALID, ALIVE),
        sla_hours=48,
        preview=True,
        preview_window_minutes=24 * 60,
    ),
    # The notification service asks Shahkar whether an applicant's mobile is theirs before
    # it writes to it, under this basis: no application is ever made to it.
    Service(
        id="applicant-notifications",
        agency_id=PLATFORM_AGENCY,
        name_fa="پیامک وضعیت درخواست به متقاضی",
        name_en="SMS to applicants about their applications",
        required_evidence=("mobile-ownership",),
        sla_hours=1,
    ),
)

# Demo seeds only: the legal-basis office's approval that the demo services come with (API.md,
# Legal basis), so the quickstart runs at once. The references name real Iranian statutes as a
# plausible basis; they are not legal advice, and a real deployment's office decides its own.
SEEDED_BY = "demo-seed"
SEED_NOTE = "Demo seed: approved with the demo catalogue (embedded/dev profiles only)."
_DATA_ACT = (
    "قانون مدیریت داده‌ها و اطلاعات ملی (۱۴۰۱) / National Data and Information Management Act"
)
LAW_REFERENCES: dict[str, str] = {
    "passport-issuance": f"قانون گذرنامه (۱۳۵۱) / Passport Act; {_DATA_ACT}",
    "exit-permit-review": "قانون خدمت وظیفه عمومی (۱۳۹۰) / Public Military Service Act; "
    "قانون گذرنامه (۱۳۵۱) / Passport Act",
    "driving-licence-renewal": "قانون رسیدگی به تخلفات رانندگی (۱۳۸۹) / Traffic Offences Act; "
    + _DATA_ACT,
    "driving-licence-duplicate": "قانون رسیدگی به تخلفات رانندگی (۱۳۸۹) / Traffic Offences Act; "
    + _DATA_ACT,
    "graduate-employment-verification": "قانون مدیریت خدمات کشوری (۱۳۸۶) / Civil Service "
    f"Management Act; {_DATA_ACT}",
    "business-permit": "قانون نظام صنفی کشور (۱۳۸۲) / Guilds Act",
    "job-seeker-registration": "قانون کار (۱۳۶۹) / Labour Code; " + _DATA_ACT,
    "applicant-notifications": "مصوبه هیئت وزیران درباره پنجره ملی خدمات هوشمند دولت / The "
    f"government's ruling on the national smart-services window; {_DATA_ACT}",
}
