"""The developer portal the gateway serves itself: Swagger UI at /docs over the merged
document, its assets from a package (fastapi-offline ships the build), never from a CDN —
many government networks reach none, and the gateway's Content-Security-Policy allows scripts
from its own origin only. So the page holds no inline script: Swagger UI starts from
portal_static/docs.js. /redoc, where integrators look too, leads to /docs: Redoc's build
fetches its logo from a CDN whatever its options say."""

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from gateway import landing, portal_pages

ASSETS = "/docs/assets"
OWN = "/docs/static"
# Swagger UI sets style attributes from script (React): inline styles are allowed on this
# page, inline scripts nowhere.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'"
)

SWAGGER = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Panjereh API — پنجره ملی خدمات هوشمند</title>
<link rel="icon" href="{ASSETS}/favicon.png">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="stylesheet" href="{OWN}/docs.css">
</head><body>
<nav class="portal-links" aria-label="The developer portal">
<a href="/portal" lang="fa" hreflang="fa">راهنمای توسعه‌دهندگان</a> ·
<a href="/portal?lang=en">Developer guides</a> · <a href="/problems?lang=en">Problem types</a> ·
<a href="/portal/changelog?lang=en">Changelog</a></nav>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{OWN}/docs.js"></script>
</body></html>"""


router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def swagger_ui() -> HTMLResponse:
    return HTMLResponse(SWAGGER, headers={"content-security-policy": CSP})


@router.get("/redoc")
async def redoc() -> RedirectResponse:
    return RedirectResponse("/docs", status_code=308)


def mount(app: FastAPI) -> None:
    """The gateway's own pages and their assets on `app`: /docs, and the landing page at `/`."""
    landing.mount(app)
    portal_pages.mount(app)
    app.include_router(router)
    app.mount(ASSETS, StaticFiles(directory=_package_assets()), name="portal-assets")
    app.mount(OWN, StaticFiles(directory=Path(__file__).parent / "portal_static"), name="portal")


def _package_assets() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))
