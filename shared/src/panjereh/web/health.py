"""Liveness, readiness (database and bus) and Prometheus metrics routes for every service."""

import asyncio

import sqlalchemy as sa
from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from panjereh.problems import ProblemError
from panjereh.runtime import Runtime

router = APIRouter(tags=["operations"])


@router.get("/health/live", summary="The process is alive")
async def live() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/health/ready", summary="The service can serve: its database and bus answer")
async def ready(request: Request) -> dict[str, object]:
    runtime: Runtime = request.app.state.runtime
    checks = {"database": _check_database(runtime), "bus": runtime.bus.ping()}
    results = await asyncio.gather(
        *(asyncio.wait_for(c, 5) for c in checks.values()), return_exceptions=True
    )
    failed = {
        name: repr(r)
        for name, r in zip(checks, results, strict=True)
        if isinstance(r, BaseException)
    }
    if failed:
        raise ProblemError(
            503,
            "not-ready",
            f"Not ready: {', '.join(failed)} unavailable.",
            f"سرویس آماده نیست: {'، '.join(failed)} در دسترس نیست.",
        )
    return {
        "status": "ready",
        "service": runtime.settings.service_name,
        "checks": dict.fromkeys(checks, "ok"),
    }


METRICS_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"description": "Prometheus text exposition format", "content": {"text/plain": {}}}
}


@router.get(
    "/metrics", summary="Prometheus metrics", response_class=Response, responses=METRICS_RESPONSE
)
async def metrics() -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


async def _check_database(runtime: Runtime) -> None:
    async with runtime.reader.connection() as connection:
        await connection.execute(sa.text("SELECT 1"))
