"""The public tracking page `/track` (Persian, RTL, English toggle) and the citizen's "my
data" view on it, served as static files from the package: no build step, nothing from a CDN.
The citizen view is a set of ES modules under `citizen/` (the gateway's CSP allows scripts
from this origin only, so nothing is inline)."""

import functools
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

from panjereh.problems import ProblemError

router = APIRouter(tags=["status page"], include_in_schema=False)
_STATIC = resources.files("status_service") / "static"
_HTML = "text/html; charset=utf-8"
_JS = "text/javascript; charset=utf-8"
_CSS = "text/css; charset=utf-8"
# The only files served: a name not listed here is 404, never a path into the package.
_TYPES = {
    "track.js": _JS,
    "track.css": _CSS,
    "citizen.css": _CSS,
    "citizen/main.js": _JS,
    "citizen/i18n.js": _JS,
    "citizen/api.js": _JS,
    "citizen/login.js": _JS,
    "citizen/mine.js": _JS,
    "citizen/dispute.js": _JS,
    "citizen/detail.js": _JS,
}
_CACHE = "public, max-age=300"


@functools.cache
def _read(name: str) -> bytes:
    return (_STATIC / name).read_bytes()


def _file(name: str, media_type: str) -> Response:
    return Response(_read(name), media_type=media_type, headers={"Cache-Control": _CACHE})


@router.get("/track")
async def page() -> Response:
    return _file("track.html", _HTML)


@router.get("/track/{name:path}")
async def asset(name: str) -> Response:
    media_type = _TYPES.get(name)
    if media_type is None:
        raise ProblemError(404, "not-found", "No such file.", "چنین پرونده‌ای نیست.")
    return _file(name, media_type)
