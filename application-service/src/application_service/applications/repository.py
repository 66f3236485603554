"""SQL of applications: the aggregate in and out of its row, idempotency keys, queries.

One unit of work holds one `SqlApplications`: what it loads stays in memory for the rest of
the unit of work, and what changed is written at its flush, set-based.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from application_service.applications import domain
from application_service.applications.states import FINAL, State
from application_service.models import applications, idempotency_keys
from panjereh import events
from panjereh.db.engine import as_utc


class StaleApplication(Exception):
    """Someone else changed the application since it was read; read it again and retry."""


@dataclass(frozen=True)
class KeyRecord:
    """Which application an agency's Idempotency-Key made, and the body it was made with."""

    application_id: str
    request_hash: str


class ApplicationRepository(Protocol):
    """Applications as one unit of work sees them: loaded once, changed in memory, written
    at `flush` (set-based). The SQL one and the tests' in-memory one both implement it."""

    async def load(self, application_ids: Collection[str]) -> None:
        """Read (and lock, in id order) every one of these applications at once."""

    async def get(self, application_id: str, *, lock: bool = True) -> domain.Application | None:
        """One application, from what `load` read if it read it (locked as it); `lock=False`
        for a read that will not write it back."""

    def add(self, application: domain.Application) -> None:
        """A new application, written at flush."""

    def changed(self, application: domain.Application) -> None:
        """An application changed in memory, written back at flush."""

    async def flush(self) -> None: ...

    async def find(
        self,
        *,
        agency_id: str,
        state: str | None,
        service_id: str | None,
        after: tuple[str, str] | None,
        limit: int,
    ) -> list[domain.Application]: ...

    async def evaluating(self, *, limit: int) -> list[domain.Application]:
        """Applications whose evidence is in and whose rules have yet to be run, oldest first."""

    async def mark_overdue(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        """Mark up to `limit` undecided applications past their due time as breached (once
        each); the ones marked, held by this unit of work (locked, like `load`'s) so that a
        change to them is written at flush."""

    async def previews_due(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        """Up to `limit` applications still awaiting their applicant whose preview window
        ended by `now`, held by this unit of work (locked; those another transaction holds
        are left to a later round)."""

    async def key_record(self, *, agency_id: str, key: str) -> KeyRecord | None: ...

    async def claim_key(
        self, *, agency_id: str, key: str, request_hash: str, application_id: str
    ) -> None:
        """IntegrityError if a concurrent call claimed the key first."""


_MUTABLE = (
    "state",
    "evidence",
    "decision",
    "timeline",
    "sla_breached",
    "preview",
    "preview_due_at",
)


# Built once: every submission reads its idempotency key (SQLAlchemy memoizes the cache key
# on the statement object; building it per call showed in py-spy under the e2e load).
_KEY_RECORD = sa.select(idempotency_keys.c.application_id, idempotency_keys.c.request_hash).where(
    idempotency_keys.c.agency_id == sa.bindparam("agency"),
    idempotency_keys.c.key == sa.bindparam("key"),
)


class SqlApplications:
    """The applications table behind one unit of work's session."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._loaded: dict[str, domain.Application | None] = {}  # None: no such application
        self._read_version: dict[str, int] = {}
        self._added: list[domain.Application] = []
        self._changed: dict[str, domain.Application] = {}

    async def load(self, application_ids: Collection[str], *, lock: bool = True) -> None:
        wanted = sorted(set(application_ids) - self._loaded.keys())
        if not wanted:
            return
        # Sorted, so two transactions lock their rows in one order (no deadlock). SQLite
        # renders no FOR UPDATE: its units of work run one at a time.
        query = (
            sa.select(applications).where(applications.c.id.in_(wanted)).order_by(applications.c.id)
        )
        if lock:
            query = query.with_for_update()
        for row in (await self._session.execute(query)).all():
            self._keep(_aggregate(row))
        for application_id in wanted:
            self._loaded.setdefault(application_id, None)

    async def get(self, application_id: str, *, lock: bool = True) -> domain.Application | None:
        if application_id not in self._loaded:
            await self.load([application_id], lock=lock)
        return self._loaded.get(application_id)

    def add(self, application: domain.Application) -> None:
        self._added.append(application)

    def changed(self, application: domain.Application) -> None:
        if application.id in self._read_version:  # one added in this unit of work is inserted as is
            self._changed[application.id] = application

    async def flush(self) -> None:
        """Insert the new applications in one statement and update the changed ones in one
        executemany; each update checks the version it read (optimistic concurrency)."""
        if self._added:
            await self._session.execute(applications.insert(), [_row(a) for a in self._added])
            self._added = []
        changed, self._changed = list(self._changed.values()), {}
        if not changed:
            return
        rows = []
        for application in changed:
            read = self._read_version[application.id]
            application.version = self._read_version[application.id] = read + 1
            rows.append(
                {"b_id": application.id, "b_read": read, "version": read + 1}
                | _changes(application)
            )
        # The rows' other keys name the columns the statement sets.
        statement = applications.update().where(
            applications.c.id == sa.bindparam("b_id"),
            applications.c.version == sa.bindparam("b_read"),
        )
        result = await self._session.execute(statement, rows)
        if len(rows) == 1 and result.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleApplication(changed[0].id)
        # Of several, the rows are locked (load) or SQLite's one writer holds them: the
        # version cannot have moved, and executemany reports no count per row.

    async def find(
        self,
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
        return [_aggregate(row) for row in (await self._session.execute(query)).all()]

    async def evaluating(self, *, limit: int) -> list[domain.Application]:
        query = (
            sa.select(applications)
            .where(applications.c.state == State.EVALUATING.value)
            .order_by(applications.c.submitted_at)
            .limit(limit)
        )
        return [_aggregate(row) for row in (await self._session.execute(query)).all()]

    async def mark_overdue(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        # One statement: the rows another transaction holds are left to the next round.
        overdue = (
            sa.select(applications.c.id)
            .where(
                applications.c.sla_breached.is_(False),
                applications.c.sla_due_at < now,
                applications.c.state.not_in([s.value for s in FINAL]),
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            applications.update()
            .where(applications.c.id.in_(overdue.scalar_subquery()))
            .values(sla_breached=True, version=applications.c.version + 1)
            .returning(*applications.c)
        )
        marked = [_aggregate(row) for row in (await self._session.execute(statement)).all()]
        for application in marked:  # locked by the statement: a change to them is written at flush
            self._keep(application)
        return marked

    async def previews_due(self, *, now: dt.datetime, limit: int) -> list[domain.Application]:
        query = (
            sa.select(applications)
            .where(
                applications.c.state == State.AWAITING_APPLICANT.value,
                applications.c.preview_due_at <= now,
            )
            .order_by(applications.c.preview_due_at, applications.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        due = [_aggregate(row) for row in (await self._session.execute(query)).all()]
        for application in due:
            self._keep(application)
        return due

    async def key_record(self, *, agency_id: str, key: str) -> KeyRecord | None:
        row = (await self._session.execute(_KEY_RECORD, {"agency": agency_id, "key": key})).first()
        return KeyRecord(row.application_id, row.request_hash) if row else None

    async def claim_key(
        self, *, agency_id: str, key: str, request_hash: str, application_id: str
    ) -> None:
        await self._session.execute(
            idempotency_keys.insert(),
            {
                "agency_id": agency_id,
                "key": key,
                "request_hash": request_hash,
                "application_id": application_id,
                "created_at": dt.datetime.now(dt.UTC),
            },
        )

    def _keep(self, application: domain.Application) -> None:
        self._loaded[application.id] = application
        self._read_version[application.id] = application.version


def _changes(application: domain.Application) -> dict[str, Any]:
    row = _row(application)
    return {name: row[name] for name in _MUTABLE}


def _row(application: domain.Application) -> dict[str, Any]:
    return {
        "id": application.id,
        "tracking_code": application.tracking_code,
        "service_id": application.service_id,
        "agency_id": application.agency_id,
        "national_code": application.applicant.national_code,
        "mobile": application.applicant.mobile,
        "birth_date": application.applicant.birth_date,
        "form": application.form,
        "state": application.state.value,
        "evidence": {code: _jsonable(asdict(slot)) for code, slot in application.evidence.items()},
        "decision": _jsonable(asdict(application.decision)) if application.decision else None,
        "timeline": [_jsonable(asdict(step)) for step in application.timeline],
        "submitted_at": application.submitted_at,
        "sla_due_at": application.sla_due_at,
        "sla_breached": application.sla_breached,
        "version": application.version,
        "preview": _jsonable(asdict(application.preview)) if application.preview else None,
        "preview_due_at": application.preview.due_at if application.preview else None,
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
        preview=_preview(row.preview, row.preview_due_at) if row.preview else None,
    )


def _preview(data: dict[str, Any], due_at: dt.datetime | None) -> domain.Preview:
    # The due time is the indexed column's, which the sweep reads (the JSON's copy of it is
    # what was written with it): the two can never disagree about a window's end.
    objection = data.get("objection")
    answered = data.get("answered_at")
    return domain.Preview(
        due_at=as_utc(due_at) if due_at else dt.datetime.fromisoformat(data["due_at"]),
        answer=data.get("answer"),
        answered_at=dt.datetime.fromisoformat(answered) if answered else None,
        objection=domain.Objection(
            evidence_type=objection["evidence_type"],
            reason=objection["reason"],
            at=dt.datetime.fromisoformat(objection["at"]),
        )
        if objection
        else None,
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
