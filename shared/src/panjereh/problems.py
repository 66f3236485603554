"""RFC 9457 problem+json errors, in Persian and English.

Domain errors carry their HTTP status; one set of handlers renders every error the same way.
"""

import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from panjereh import context, field_errors
from panjereh import logging as panjereh_logging
from panjereh.db import errors as db_errors

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://panjereh.ir/problems/"
log = logging.getLogger(__name__)

_TITLES_FA = {
    400: "درخواست نادرست",
    401: "احراز هویت لازم است",
    403: "دسترسی مجاز نیست",
    404: "یافت نشد",
    405: "روش مجاز نیست",
    409: "تعارض با وضعیت فعلی",
    413: "درخواست بیش از حد بزرگ است",
    415: "نوع محتوا پشتیبانی نمی‌شود",
    422: "داده‌های ورودی نامعتبر است",
    429: "تعداد درخواست‌ها بیش از حد مجاز است",
    500: "خطای داخلی سامانه",
    502: "پاسخ نامعتبر از سرویس بالادستی",
    503: "سرویس در دسترس نیست",
    504: "مهلت پاسخ سرویس بالادستی به پایان رسید",
}


def persian_title(status: int) -> str:
    """The Persian title of an HTTP status (the compiled edge writes it into its refusals)."""
    return _TITLES_FA.get(status, HTTPStatus(status).phrase)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass
class ProblemError(Exception):
    """A domain error that knows its HTTP status and how to say itself in fa and en."""

    status: int
    code: str
    detail_en: str
    detail_fa: str
    title_en: str | None = None
    title_fa: str | None = None
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail_en}"


def wants_persian(request: Request) -> bool:
    """Tell whether the caller asked for Persian (Accept-Language starting with fa)."""
    return request.headers.get("accept-language", "").strip().lower().startswith("fa")


def render(request: Request, problem: ProblemError) -> JSONResponse:
    """Render a problem as application/problem+json in the caller's language."""
    fa = wants_persian(request)
    status = HTTPStatus(problem.status)
    title = (problem.title_fa or _TITLES_FA.get(problem.status)) if fa else problem.title_en
    body: dict[str, Any] = {
        "type": TYPE_BASE + problem.code,
        "title": title or status.phrase,
        "status": problem.status,
        "detail": problem.detail_fa if fa else problem.detail_en,
        "instance": request.url.path,
        "request_id": context.request_id.get(),
    }
    if problem.errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in problem.errors]
    return JSONResponse(body, status.value, headers=problem.headers, media_type=PROBLEM_JSON)


async def _on_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ProblemError)
    return render(request, error)


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _unsupported_media_type(request: Request, error: RequestValidationError) -> bool:
    """A body sent as a type the route does not read (JSON to a form, text to JSON): 415, not
    a 422 naming a field called `body`."""
    given = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body_field = getattr(request.scope.get("route"), "body_field", None)
    if not given or body_field is None:
        return False
    if not any(tuple(e.get("loc", ()))[:1] == ("body",) for e in error.errors()):
        return False
    if isinstance(body_field.field_info, params.Form):
        return given not in _FORMS
    return not (given == "application/json" or given.endswith("+json"))


def unsupported_media_type(request: Request) -> ProblemError:
    wanted = getattr(getattr(request.scope.get("route"), "body_field", None), "field_info", None)
    accepted = " or ".join(_FORMS) if isinstance(wanted, params.Form) else "application/json"
    return ProblemError(
        415,
        "unsupported-media-type",
        f"The body must be sent as {accepted}.",
        f"بدنه درخواست باید با نوع {accepted} فرستاده شود.",
        headers={"Accept-Post": accepted.replace(" or ", ", ")},
    )


async def _on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    if _unsupported_media_type(request, error):
        return render(request, unsupported_media_type(request))
    persian = wants_persian(request)
    errors = [FieldError(*field_errors.describe(e, persian=persian)) for e in error.errors()]
    return render(
        request,
        ProblemError(
            422,
            "validation",
            "The request has invalid fields; see errors.",
            "برخی از فیلدهای درخواست نامعتبر است؛ فهرست خطاها را ببینید.",
            errors=errors,
        ),
    )


async def _on_http(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    phrase = HTTPStatus(error.status_code).phrase
    detail = error.detail if isinstance(error.detail, str) else phrase
    problem = ProblemError(
        error.status_code,
        phrase.lower().replace(" ", "-"),
        detail,
        _TITLES_FA.get(error.status_code, detail),
        headers=dict(error.headers or {}),
    )
    return render(request, problem)


def database_unavailable() -> ProblemError:
    """A new problem each time: a shared exception object grows a traceback per raise."""
    return ProblemError(
        503,
        "database-unavailable",
        "The service's database is unreachable for a moment; retry shortly.",
        "پایگاه داده سرویس لحظه‌ای در دسترس نیست؛ کمی بعد دوباره تلاش کنید.",
        headers={"Retry-After": "2"},
    )


def unstorable_text() -> ProblemError:
    return ProblemError(
        422,
        "unstorable-text",
        "The request holds characters that cannot be stored (such as a NUL byte).",
        "درخواست نویسه‌هایی دارد که ذخیره‌شدنی نیستند (مانند بایت تهی).",
    )


def internal_error(request: Request, error: Exception) -> JSONResponse:
    """Log an unexpected error with its trace and answer a 500 that reveals nothing of it.

    A database that went away answers 503 with Retry-After instead, and text the database
    cannot store a 422: either way the request changed nothing (its transaction never
    committed), and it is not a fault of ours to hide.
    """
    if db_errors.unreachable(error):
        log.warning("database unreachable on %s %s: %r", request.method, request.url.path, error)
        return render(request, database_unavailable())
    if db_errors.unstorable_text(error):
        return render(request, unstorable_text())
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return render(
        request,
        ProblemError(
            500,
            "internal",
            "An internal error occurred; it has been logged with this request id.",
            "خطای داخلی رخ داد؛ با همین شناسه درخواست ثبت شده است.",
        ),
    )


def install(app: FastAPI) -> None:
    """Make every error of `app` answer as problem+json (500s: see RequestIdMiddleware).

    Errors are logged, so from here on (configured or not) no log line of the process holds
    a national code, not even in an exception's text or its traceback (panjereh.logging).
    """
    panjereh_logging.install_scrubber()
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
