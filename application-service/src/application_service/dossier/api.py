"""Dossier routes: the agency's and the citizen's copy, the QR code, the keys, `/verify`.

Representation: JSON (`DossierOut`: the compact JWS, its kid, the verification link and a
QR code of the link as a PNG data URL) by default; `Accept: application/jose` gives the bare
compact JWS (RFC 7515 §9.2.1's media type), for tools that want nothing else.
"""

import functools
import hmac
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import Response

from application_service.applications import services
from application_service.dossier import qr
from application_service.dossier.repository import Dossier
from application_service.dossier.schemas import REF_LENGTH, DossierOut, LookupIn, LookupOut
from application_service.settings import ApplicationSettings
from application_service.state import StateDep
from application_service.uow import units
from panjereh import auth, jalali
from panjereh.problems import ProblemError
from panjereh.web.deps import RuntimeDep
from panjereh.web.openapi import problem_response

router = APIRouter(tags=["decision dossier"])
Reader = Annotated[auth.Principal, Depends(auth.require("applications:read"))]
JOSE = "application/jose"
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The dossier (JSON), or with `Accept: application/jose` the bare JWS",
        "content": {JOSE: {"schema": {"type": "string", "description": "A compact JWS"}}},
    },
    404: problem_response("No such application (or not yours)"),
    409: problem_response("`not-decided`: the application has no final decision yet"),
}


def _not_decided() -> ProblemError:
    return ProblemError(
        409,
        "not-decided",
        "The application has no final decision yet: its dossier is signed when it is decided.",
        "درخواست هنوز تصمیم نهایی ندارد: پروندهٔ تصمیم هنگام تصمیم‌گیری امضا می‌شود.",
        title_en="Not decided yet",
        title_fa="هنوز تصمیم گرفته نشده است",
    )


def verification_url(settings: ApplicationSettings, jws: str) -> str:
    # In the fragment: a browser never sends it, so the dossier is in no server's log.
    return f"{settings.public_base_url.rstrip('/')}/verify#{jws}"


def short_url(settings: ApplicationSettings, dossier: Dossier) -> str:
    """The link a QR code holds: a dossier is too long for a code a phone reads off a
    screen, so the fragment carries a reference the page resolves (lookup), then verifies
    what it got exactly as it would the dossier itself."""
    return f"{settings.public_base_url.rstrip('/')}/verify#ref={reference(dossier)}"


def reference(dossier: Dossier) -> str:
    # The application and 132 bits of the dossier's own signature: unguessable, and
    # nothing new to store.
    return f"{dossier.application_id}.{dossier.jws.rsplit('.', 1)[1][:REF_LENGTH]}"


def _answer(dossier: Dossier, settings: ApplicationSettings, accept: str | None) -> Any:
    if accept and JOSE in accept:
        return Response(dossier.jws, media_type=JOSE)
    short = short_url(settings, dossier)
    return DossierOut(
        dossier=dossier.jws,
        kid=dossier.kid,
        verification_url=verification_url(settings, dossier.jws),
        short_verification_url=short,
        qr=qr.png_data_url(short),
        signed_at=dossier.signed_at,
        signed_at_jalali=jalali.to_jalali(dossier.signed_at),
        jwks_url="/.well-known/jwks.json",
    )


async def _dossier(
    runtime: Any,
    application_id: str,
    *,
    agency_id: str | None = None,
    national_code: str | None = None,
) -> Dossier:
    async with units(runtime)() as uow:
        if national_code is None:
            await services.own_application(
                uow, agency_id=agency_id, application_id=application_id, lock=False
            )
        else:
            await own_citizen_application(uow, national_code, application_id)
        found = await uow.dossiers.get(application_id)
    if found is None:
        raise _not_decided()
    return found


async def own_citizen_application(uow: Any, national_code: str, application_id: str) -> None:
    application = await uow.applications.get(application_id, lock=False)
    if application is None or application.applicant.national_code != national_code:
        raise ProblemError(404, "not-found", "No such application.", "چنین درخواستی یافت نشد.")


Accept = Annotated[str | None, Header(include_in_schema=False)]


@router.get(
    "/v1/applications/{application_id}/dossier",
    operation_id="getApplicationDossier",
    summary="The signed decision dossier of the agency's application",
    responses=_RESPONSES,
)
async def agency_dossier(
    application_id: str,
    principal: Reader,
    runtime: RuntimeDep,
    state: StateDep,
    accept: Accept = None,
) -> DossierOut:
    """Needs `applications:read`. The decision of the agency's application, signed as a compact
    JWS (ES256, its key in `/.well-known/jwks.json`), with its verification links and a QR
    code of the short one; `Accept: application/jose` answers the bare JWS. 409 `not-decided`
    before a final decision; another agency's application is the same 404 as an unknown id.
    Verify it offline with `panjereh-dossier verify` (docs/api.md §8)."""
    found = await _dossier(runtime, application_id, agency_id=principal.agency_id)
    answer: DossierOut = _answer(found, state.settings, accept)
    return answer


@router.get(
    "/v1/citizen/applications/{application_id}/dossier",
    operation_id="getMyApplicationDossier",
    summary="The signed decision dossier of the citizen's own application",
    responses=_RESPONSES,
)
async def citizen_dossier(
    application_id: str,
    citizen: auth.Citizen,
    runtime: RuntimeDep,
    state: StateDep,
    accept: Accept = None,
) -> DossierOut:
    """Needs a citizen token (scope `citizen`). The same signed dossier the agency gets, for an
    application of the signed-in person; `Accept: application/jose` answers the bare JWS.
    409 `not-decided` before a final decision; another person's application is a 404."""
    assert citizen.national_code is not None
    found = await _dossier(runtime, application_id, national_code=citizen.national_code)
    answer: DossierOut = _answer(found, state.settings, accept)
    return answer


@router.get(
    "/v1/citizen/applications/{application_id}/dossier/qr",
    operation_id="getMyApplicationDossierQrCode",
    summary="A QR code (PNG) of the citizen's dossier's verification link",
    response_class=Response,
    responses={
        # A binary schema, or generators (openapi-python-client) drop the answer.
        200: {
            "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
            "description": "The QR code",
        },
        404: problem_response("No such application (or not yours)"),
        409: problem_response("`not-decided`: the application has no final decision yet"),
    },
)
async def citizen_dossier_qr(
    application_id: str, citizen: auth.Citizen, runtime: RuntimeDep, state: StateDep
) -> Response:
    """Needs a citizen token (scope `citizen`). A PNG of the short verification link
    (`/verify#ref=…`), which `/verify` resolves and checks; sent `Cache-Control: no-store`.
    409 `not-decided` before a final decision; another person's application is a 404."""
    assert citizen.national_code is not None
    found = await _dossier(runtime, application_id, national_code=citizen.national_code)
    link = short_url(state.settings, found)
    return Response(qr.png(link), media_type="image/png", headers={"Cache-Control": "no-store"})


@router.post(
    "/v1/dossiers/lookup",
    operation_id="lookUpDossier",
    summary="The dossier a short verification link refers to (public: the link is the key)",
    responses={404: problem_response("No dossier has this reference")},
)
async def lookup(body: LookupIn, runtime: RuntimeDep) -> LookupOut:
    """Public: no token needed, since the reference is the key (`ref` from a short link's
    `/verify#ref=…`). In a POST body, not the path: a reference is as good as the dossier,
    and paths are logged. 404 for a reference that matches no dossier. The page verifies the
    JWS it gets; this answer is trusted for nothing else."""
    application_id, _ = body.ref.split(".")
    async with units(runtime)() as uow:
        found = await uow.dossiers.get(application_id)
    if found is None or not hmac.compare_digest(reference(found), body.ref):
        raise ProblemError(
            404, "not-found", "No dossier has this reference.", "پرونده‌ای با این نشانی نیست."
        )
    return LookupOut(dossier=found.jws, kid=found.kid)


@router.get(
    "/.well-known/dossier-jwks.json",
    include_in_schema=False,  # the gateway publishes these in /.well-known/jwks.json
)
async def dossier_keys(state: StateDep) -> dict[str, object]:
    return state.dossier_signer.jwks


# The verification page: static files from the package (no inline script: the gateway's CSP).
page = APIRouter(tags=["verification page"], include_in_schema=False)
_STATIC = resources.files("application_service.dossier") / "static"
_TYPES = {
    "verify.js": "text/javascript; charset=utf-8",
    "verify.css": "text/css; charset=utf-8",
}


@functools.cache
def _read(name: str) -> bytes:
    return (_STATIC / name).read_bytes()


@page.get("/verify")
async def verify_page() -> Response:
    return Response(
        _read("verify.html"),
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "Referrer-Policy": "no-referrer"},
    )


@page.get("/verify/{name}")
async def verify_asset(name: str) -> Response:
    media_type = _TYPES.get(name)  # only these: never a path into the package
    if media_type is None:
        raise ProblemError(404, "not-found", "No such file.", "چنین پرونده‌ای نیست.")
    return Response(
        _read(name), media_type=media_type, headers={"Cache-Control": "public, max-age=300"}
    )
