"""SQL of applications: the aggregate in and out of its row, idempotency keys, queries."""

import datetime as dt
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from application_service.applications import domain
from application_service.applications.states import FINAL, State
from application_service.models import applications, idempotency_keys
from panjereh import events
from panjereh.db.engine import as_utc


class StaleApplication(Exception):
    """Someone else changed the application since it was read; read it again and retry."""


async def add(session: AsyncSession, app: domain.Application) -> None:
    await session.execute(applications.insert().values(**_row(app)))


async def save(session: AsyncSession, app: domain.Application) -> None:
    """Write the aggregate back if nobody changed it meanwhile (optimistic concurrency)."""
    expected = app.version
    app.version += 1
    result = await session.execute(
        applications.update()
        .where(applications.c.id == app.id, applications.c.version == expected)
        .values(**_row(app))
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleApplication(app.id)


async def get(session: AsyncSession, application_id: str) -> domain.Application | None:
    row = (
        await session.execute(sa.select(applications).where(applications.c.id == application_id))
    ).first()
    return _aggregate(row) if row else None


async def find(
    session: AsyncSession,
    *,
    agency_id: str,
    state: str | None,
    service_id: str | None,
    after: tuple[str, str] | None,
    limit: int,
) -> list[domain.Application]:
    """The agency's applications, newest first, keyset-paginated on (submitted_at, id)."""
    query = sa.select(applications).where(applications.c.agency_id == agency_id)
    if state is not None:
        query = query.where(applications.c.state == state)
    if service_id is not None:
        query = query.where(applications.c.service_id == service_id)
    if after is not None:
        moment, last_id = dt.datetime.fromisoformat(after[0]), after[1]
        query = query.where(
            sa.tuple_(applications.c.submitted_at, applications.c.id) < (moment, last_id)
        )
    query = query.order_by(applications.c.submitted_at.desc(), applications.c.id.desc()).limit(
        limit
    )
    return [_aggregate(row) for row in (await session.execute(query)).all()]


async def overdue(
    session: AsyncSession, *, now: dt.datetime, limit: int
) -> list[domain.Application]:
    query = (
        sa.select(applications)
        .where(
            applications.c.sla_breached.is_(False),
            applications.c.sla_due_at < now,
            applications.c.state.not_in([s.value for s in FINAL]),
        )
        .limit(limit)
    )
    return [_aggregate(row) for row in (await session.execute(query)).all()]


async def evaluating(session: AsyncSession, *, limit: int) -> list[str]:
    """Ids of applications whose evidence is in and whose rules have yet to be run."""
    query = (
        sa.select(applications.c.id)
        .where(applications.c.state == State.EVALUATING.value)
        .order_by(applications.c.submitted_at)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def claim_key(
    session: AsyncSession, *, agency_id: str, key: str, request_hash: str, application_id: str
) -> None:
    await session.execute(
        idempotency_keys.insert().values(
            agency_id=agency_id,
            key=key,
            request_hash=request_hash,
            application_id=application_id,
            created_at=dt.datetime.now(dt.UTC),
        )
    )


async def key_record(session: AsyncSession, *, agency_id: str, key: str) -> sa.Row[Any] | None:
    query = sa.select(idempotency_keys).where(
        idempotency_keys.c.agency_id == agency_id, idempotency_keys.c.key == key
    )
    return (await session.execute(query)).first()


def _row(app: domain.Application) -> dict[str, Any]:
    return {
        "id": app.id,
        "tracking_code": app.tracking_code,
        "service_id": app.service_id,
        "agency_id": app.agency_id,
        "national_code": app.applicant.national_code,
        "mobile": app.applicant.mobile,
        "birth_date": app.applicant.birth_date,
        "form": app.form,
        "state": app.state.value,
        "evidence": {code: _jsonable(asdict(slot)) for code, slot in app.evidence.items()},
        "decision": _jsonable(asdict(app.decision)) if app.decision else None,
        "timeline": [_jsonable(asdict(step)) for step in app.timeline],
        "submitted_at": app.submitted_at,
        "sla_due_at": app.sla_due_at,
        "sla_breached": app.sla_breached,
        "version": app.version,
    }


def _aggregate(row: sa.Row[Any]) -> domain.Application:
    decision = row.decision
    return domain.Application(
        id=row.id,
        tracking_code=row.tracking_code,
        service_id=row.service_id,
        agency_id=row.agency_id,
        applicant=domain.Applicant(row.national_code, row.mobile, row.birth_date),
        form=row.form,
        submitted_at=as_utc(row.submitted_at),
        sla_due_at=as_utc(row.sla_due_at),
        state=State(row.state),
        evidence={code: _slot(slot) for code, slot in row.evidence.items()},
        decision=_decision(decision) if decision else None,
        timeline=[_step(step) for step in row.timeline],
        sla_breached=row.sla_breached,
        version=row.version,
    )


def _slot(data: dict[str, Any]) -> domain.EvidenceSlot:
    moment = data.get("retrieved_at")
    return domain.EvidenceSlot(
        **(data | {"retrieved_at": dt.datetime.fromisoformat(moment) if moment else None})
    )


def _step(data: dict[str, Any]) -> domain.Step:
    return domain.Step(
        **(data | {"state": State(data["state"]), "at": dt.datetime.fromisoformat(data["at"])})
    )


def _decision(data: dict[str, Any]) -> domain.Decision:
    return domain.Decision(
        outcome=data["outcome"],
        by=data["by"],
        reasons=[events.Reason(**reason) for reason in data["reasons"]],
        decided_at=dt.datetime.fromisoformat(data["decided_at"]),
        officer=data.get("officer"),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, events.Reason):
        return value.model_dump()
    return value.value if isinstance(value, State) else value
