"""HTTP routes of the inquiry service (thin: the work is in services.py; the audit chain's
routes are in anchoring/api.py)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from inquiry_service import domain
from inquiry_service.evidence import catalog
from inquiry_service.sandbox import personas
from inquiry_service.schemas import (
    AccessLogEntry,
    EvidenceTypeOut,
    InquiryIn,
    InquiryOut,
    PersonaOut,
)
from inquiry_service.services import EvidenceRequest, Inquirer, Result
from inquiry_service.state import StateDep
from inquiry_service.uow import InquiryUnitOfWork
from panjereh import auth, identity, jalali
from panjereh.problems import FieldError, ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.pagination import (
    Cursor,
    Limit,
    Page,
    SeqPosition,
    decode_cursor,
    encode_cursor,
)

router = APIRouter(tags=["inquiries"])


async def _inquirer(state: StateDep) -> Inquirer:
    return state.inquirer


InquirerDep = Annotated[Inquirer, Depends(_inquirer)]
InquiriesReader = Annotated[auth.Principal, Depends(auth.require("inquiries:read"))]
NationalCodeQuery = Annotated[str, Query(description="The person's national code (any digits)")]


def _not_found() -> ProblemError:
    # A new error each raise: one shared exception object would keep growing one traceback.
    return ProblemError(404, "not-found", "No such inquiry.", "چنین استعلامی یافت نشد.")


@router.get(
    "/v1/catalog/evidence-types", tags=["catalog"], summary="Evidence that can be fetched online"
)
async def evidence_types() -> Page[EvidenceTypeOut]:
    """Public: no token needed. Every evidence type by `code` (the names a service's
    `required_evidence`, an inquiry's `evidence_type` and a rule's `evidence["…"]` use), with
    its Persian and English name, the registry that holds it and whether it can be fetched
    online; one page (`next_cursor` is always null)."""
    items = [
        EvidenceTypeOut(**evidence.public_view()) for evidence in catalog.EVIDENCE_TYPES.values()
    ]
    return Page(items=items, next_cursor=None)


@router.post("/v1/inquiries", summary="Fetch one piece of evidence online from its registry")
async def inquire(body: InquiryIn, principal: InquiriesReader, inquirer: InquirerDep) -> InquiryOut:
    """Needs `inquiries:read`. 403 (and audited) unless one of the caller's services requires
    this evidence type with a basis the legal-basis office approved (`no-legal-basis/pending`
    while it waits), and a named application is the caller's own, about this person and
    still open. `data` holds only the type's shareable fields, never the registry's whole
    record. Every inquiry, refused ones too, joins the audit chain and the person's access
    history (docs/api.md §5)."""
    request = EvidenceRequest(
        agency_id=principal.agency_id,
        client_id=principal.client_id,
        evidence_type=body.evidence_type,
        national_code=body.national_code,
        mobile=body.mobile,
        service_id=body.purpose.service_id,
        application_id=body.purpose.application_id,
    )
    return _out(await inquirer.inquire(request))


@router.get("/v1/inquiries/access-log", summary="What this agency fetched about one person")
async def access_log(
    national_code: NationalCodeQuery,
    _: InquiriesReader,
    agency_id: auth.AgencyDep,
    runtime: RuntimeDep,
    inquirer: InquirerDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[AccessLogEntry]:
    """Needs `inquiries:read`. Every inquiry this agency made about the person, refused ones
    too (`outcome`), oldest first, from the audit chain; other agencies' fetches are not
    shown (the person sees them all at `/v1/citizen/access-log`). `national_code` takes any
    digits; one whose check digit fails is a 422. Pages by `limit` and `cursor`."""
    code = _national_code(national_code)
    position = decode_cursor(cursor, SeqPosition)
    after = position.seq if position else 0
    async with runtime.uow_of(InquiryUnitOfWork)() as uow:
        rows = await uow.audit.access_log(
            subject=identity.subject_key(inquirer.subject_secret, code),
            agency_id=agency_id,
            limit=limit,
            after_seq=after,
        )
    items = [_access_entry(row) for row in rows]
    next_cursor = encode_cursor({"seq": rows[-1].seq}) if len(rows) == limit else None
    return Page(items=items, next_cursor=next_cursor)


@router.get("/v1/inquiries/{inquiry_id}", summary="One of this agency's inquiries")
async def get_inquiry(
    inquiry_id: str, _: InquiriesReader, agency_id: auth.AgencyDep, runtime: RuntimeDep
) -> InquiryOut:
    """Needs `inquiries:read`. The inquiry as `POST /v1/inquiries` answered it: status, the
    shareable fields only in `data`, the registry and whether it came from the cache.
    Another agency's inquiry is the same 404 as an unknown id, so its existence does not
    leak."""
    async with runtime.uow_of(InquiryUnitOfWork)() as uow:
        row = await uow.inquiries.get(inquiry_id)
    if row is None or row.agency_id != agency_id:
        raise _not_found()  # another agency's inquiry: its existence must not leak
    return InquiryOut(
        id=row.id,
        evidence_type=row.evidence_type,
        status=row.status,
        # Rows stored before minimisation kept whole records: never show more than may leave.
        data=domain.minimise(row.evidence_type, row.data),
        retrieved_at=row.retrieved_at,
        retrieved_at_jalali=jalali.to_jalali(row.retrieved_at),
        source=row.registry,
        cached=row.cached,
    )


@router.get("/v1/sandbox/personas", tags=["sandbox"], summary="Test personas (embedded/dev only)")
async def sandbox_personas(runtime: RuntimeDep) -> Page[PersonaOut]:
    """Embedded/dev only, no token needed; a 404 in production. The sandbox registries'
    people: each national code (valid check digit), its mobile, name and the trait its
    records show (`complete`, `no-military-card`, `deceased`, `registry-timeout`, …), to
    drive every path of a service in tests. One page."""
    if not runtime.settings.is_demo:
        raise ProblemError(404, "not-found", "No such endpoint.", "چنین نشانی‌ای وجود ندارد.")
    items = [PersonaOut(**p.model_dump()) for p in personas.PERSONAS]
    return Page(items=items, next_cursor=None)


def _national_code(value: str) -> str:
    try:
        return identity.normalize_national_code(value)
    except identity.InvalidNationalCode as error:
        raise ProblemError(
            422,
            "validation",
            "The national code is not valid.",
            "کد ملی معتبر نیست.",
            errors=[FieldError("national_code", str(error))],
        ) from error


def _out(result: Result) -> InquiryOut:
    return InquiryOut(
        id=result.id,
        evidence_type=result.evidence_type,
        status=result.status,
        data=result.data,
        retrieved_at=result.retrieved_at,
        retrieved_at_jalali=jalali.to_jalali(result.retrieved_at),
        source=result.source,
        cached=result.cached,
    )


def _access_entry(row: domain.AccessEntry) -> AccessLogEntry:
    return AccessLogEntry(
        at=row.at,
        at_jalali=jalali.to_jalali(row.at),
        agency_id=row.agency_id,
        evidence_type=row.evidence_type,
        service_id=row.service_id,
        application_id=row.application_id,
        outcome=row.outcome,
        registry=row.registry,
    )
