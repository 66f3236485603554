"""The public tracking page `/track` (Persian, RTL, English toggle), served as static files."""

import functools
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import Response

router = APIRouter(tags=["status page"], include_in_schema=False)
_STATIC = resources.files("status_service") / "static"
_TYPES = {
    "track.html": "text/html; charset=utf-8",
    "track.js": "text/javascript; charset=utf-8",
    "track.css": "text/css; charset=utf-8",
}
_CACHE = "public, max-age=300"


@functools.cache
def _read(name: str) -> bytes:
    return (_STATIC / name).read_bytes()


def _file(name: str) -> Response:
    return Response(_read(name), media_type=_TYPES[name], headers={"Cache-Control": _CACHE})


@router.get("/track")
async def page() -> Response:
    return _file("track.html")


@router.get("/track/track.js")
async def script() -> Response:
    return _file("track.js")


@router.get("/track/track.css")
async def style() -> Response:
    return _file("track.css")
