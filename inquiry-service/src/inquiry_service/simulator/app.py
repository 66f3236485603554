"""A registry simulator: the national service exchange's registry endpoints, over real HTTP.

It answers from the sandbox registries so the real HTTP connector can be tested over the wire
and compose can run it. Sandbox only: its credential is a demo one, and `/_faults` and
`/_stats` let tests break registries and count the calls they received.
"""

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from inquiry_service.evidence import catalog
from inquiry_service.sandbox import records
from panjereh import identity, problems
from panjereh.web.request_id import RequestIdMiddleware


class SimulatorSettings(BaseSettings):
    """Settings of the registry simulator (environment prefix PANJEREH_SIMULATOR_)."""

    model_config = SettingsConfigDict(env_prefix="PANJEREH_SIMULATOR_", extra="ignore")

    latency_ms: float = Field(0, ge=0)
    slow_seconds: float = Field(1.3, ge=0)  # slow, but within the 2 s registry timeout
    timeout_seconds: float = Field(60.0, ge=0)
    api_key: SecretStr = SecretStr("sandbox-exchange-key")


class FaultMode(StrEnum):
    NONE = "none"
    ERROR = "error"
    TIMEOUT = "timeout"


class Fault(BaseModel):
    """A fault injected into one registry: every request to it errors or hangs."""

    mode: FaultMode
    status: int = Field(503, ge=400, le=599)


class ExchangeRequest(BaseModel):
    """An inquiry as the exchange receives it."""

    national_code: identity.NationalCode
    mobile: identity.Mobile | None = None


@dataclass
class Simulator:
    """The simulator's mutable state: injected faults and request counts."""

    settings: SimulatorSettings
    faults: dict[str, Fault] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)


async def _simulator(request: Request) -> Simulator:
    simulator: Simulator = request.app.state.simulator
    return simulator


SimulatorDep = Annotated[Simulator, Depends(_simulator)]


def _require_key(
    simulator: SimulatorDep,
    x_exchange_key: Annotated[str | None, Header()] = None,
) -> None:
    # Checked before the body is read, so a caller without the key learns nothing else.
    expected = simulator.settings.api_key.get_secret_value()
    if x_exchange_key != expected:
        raise problems.ProblemError(
            401,
            "exchange-key",
            "The X-Exchange-Key header is missing or wrong.",
            "سرآیند X-Exchange-Key ارسال نشده یا نادرست است.",
        )


def _registry(code: str) -> catalog.Registry:
    registry = catalog.REGISTRIES.get(code)
    if registry is None:
        raise problems.ProblemError(
            404,
            "unknown-registry",
            f"There is no registry {code!r} on the exchange.",
            f"سامانه‌ای با شناسه {code!r} در مرکز تبادل وجود ندارد.",
        )
    return registry


def _evidence_type(registry: str, code: str) -> catalog.EvidenceType:
    known = {e.code: e for e in catalog.of_registry(_registry(registry).code)}
    if code not in known:
        raise problems.ProblemError(
            404,
            "unknown-evidence-type",
            f"The registry {registry!r} holds no evidence type {code!r}.",
            f"سامانه {registry!r} نوع مدرک {code!r} را نگهداری نمی‌کند.",
        )
    return known[code]


def _timed_out(seconds: float) -> problems.ProblemError:
    return problems.ProblemError(
        504,
        "registry-timeout",
        f"The registry did not answer within {seconds:g} seconds.",
        f"سامانه مرجع در {seconds:g} ثانیه پاسخ نداد.",
    )


async def _apply_fault(fault: Fault | None, settings: SimulatorSettings) -> None:
    if fault is None or fault.mode is FaultMode.NONE:
        return
    if fault.mode is FaultMode.TIMEOUT:
        await asyncio.sleep(settings.timeout_seconds)
        raise _timed_out(settings.timeout_seconds)
    raise problems.ProblemError(
        fault.status,
        "registry-fault",
        "The registry failed (fault injected in the simulator).",
        "سامانه مرجع با خطا روبه‌رو شد (خطای تزریق‌شده در شبیه‌ساز).",
    )


async def _apply_behaviour(national_code: str, settings: SimulatorSettings) -> None:
    behaviour = records.behaviour_for(national_code)
    if behaviour is records.RegistryBehaviour.TIMEOUT:
        await asyncio.sleep(settings.timeout_seconds)
        raise _timed_out(settings.timeout_seconds)
    if behaviour is records.RegistryBehaviour.SLOW:
        await asyncio.sleep(settings.slow_seconds)


exchange = APIRouter(prefix="/exchange/v1", tags=["exchange"])
sandbox = APIRouter(tags=["sandbox controls"])


@exchange.post("/{registry}/{evidence_type}", dependencies=[Depends(_require_key)])
async def inquire(
    registry: str, evidence_type: str, body: ExchangeRequest, simulator: SimulatorDep
) -> JSONResponse:
    """Answer one inquiry as the registry would: found (200) or not_found (404)."""
    kind = _evidence_type(registry, evidence_type)
    simulator.requests[f"{registry}/{kind.code}"] += 1
    settings = simulator.settings
    await asyncio.sleep(settings.latency_ms / 1000)
    await _apply_fault(simulator.faults.get(registry), settings)
    await _apply_behaviour(body.national_code, settings)
    answer = records.lookup(kind.code, body.national_code, mobile=body.mobile)
    return JSONResponse(
        {
            "status": answer.status,
            "registry": registry,
            "evidence_type": kind.code,
            "data": answer.data,
            "answered_at": dt.datetime.now(dt.UTC).isoformat(),
        },
        status_code=200 if answer.status == "found" else 404,
    )


@sandbox.put("/_faults/{registry}")
async def put_fault(registry: str, fault: Fault, simulator: SimulatorDep) -> Fault:
    """Make every request to a registry fail or hang (mode none clears it)."""
    code = _registry(registry).code
    if fault.mode is FaultMode.NONE:
        simulator.faults.pop(code, None)
    else:
        simulator.faults[code] = fault
    return fault


@sandbox.get("/_faults")
async def list_faults(simulator: SimulatorDep) -> dict[str, dict[str, Fault]]:
    """The faults in force, per registry."""
    return {"faults": dict(simulator.faults)}


@sandbox.delete("/_faults", status_code=204)
async def clear_faults(simulator: SimulatorDep) -> Response:
    """Clear every fault."""
    simulator.faults.clear()
    return Response(status_code=204)


@sandbox.get("/_stats")
async def stats(simulator: SimulatorDep) -> dict[str, dict[str, int]]:
    """How many authenticated inquiries each registry/evidence type received."""
    return {"requests": dict(simulator.requests)}


@sandbox.delete("/_stats", status_code=204)
async def reset_stats(simulator: SimulatorDep) -> Response:
    """Reset the request counts."""
    simulator.requests.clear()
    return Response(status_code=204)


@sandbox.get("/health")
async def health() -> dict[str, Literal["ok"]]:
    """Liveness: the simulator answers."""
    return {"status": "ok"}


def create_app(settings: SimulatorSettings | None = None) -> FastAPI:
    """Build the registry simulator."""
    app = FastAPI(
        title="Panjereh registry simulator",
        description="Sandbox stand-in for the national service exchange's registries.",
    )
    app.state.simulator = Simulator(settings or SimulatorSettings())
    problems.install(app)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(exchange)
    app.include_router(sandbox)
    return app
